"""Browser journeys: Playwright driving Debian's Chromium against pytest-django's live_server.

The rule: EVERY PAGE A BROWSER TEST VISITS IS AXE-CHECKED (WCAG 2.0/2.1, levels A and AA).

- Open a page with `visit(page, "/path/")`, or load one by clicking/submitting with
  `follow(page, locator_or_callable)`; both wait for the page to load and run `check(page)`.
  After anything else that loads a page, call `check(page)` yourself. `check(page)` may also be
  called without a navigation, to check the DOM in a new state (e.g. an opened menu).
- The `page` fixture counts main-frame loads. A load that was not checked before the next one,
  or before the test ends, fails the test: a journey cannot skip the check by accident.
- A violation is a bug in the templates: fix the template, never narrow the rules here.

Other conventions:
- One Chromium per test session (per xdist worker); every test gets a fresh context and page
  (locale da-DK, 1280x900; `phone_page` is 390x844) whose base URL is the live server, so
  relative URLs work in `visit` and `page.goto`.
- Every test in tests/browser is marked `browser` and runs against `live_server`, which makes
  the database transactional: data from `world`/`users` is committed and visible to the server.
- `shot(page, name)` saves a full-page screenshot to test-artifacts/screenshots/<name>.png
  (git-ignored). A failing test leaves test-artifacts/screenshots/failures/<test>.png.
- Chromium is the system one at /usr/bin/chromium; nothing is downloaded. Missing Chromium is
  a failure, not a skip.
"""

import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Locator, Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parents[1]
SCREENSHOTS = REPO_ROOT / "test-artifacts" / "screenshots"

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
_axe = Axe()

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
TIMEOUT_MS = 10_000


# Collection ------------------------------------------------------------------


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if HERE in Path(item.path).resolve().parents:
        setattr(item, f"_browser_report_{report.when}", report)
    return report


def _test_failed(request):
    return any(
        getattr(getattr(request.node, f"_browser_report_{when}", None), "failed", False) for when in ("setup", "call")
    )


# Browser, context, page ------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: run `apt-get install -y chromium` or `make test`, which installs it",
            pytrace=False,
        )
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _browser_tests_use_live_server(live_server):
    """Every browser test runs against the live server (and so on a transactional DB)."""
    return live_server


class _Ledger:
    """Main-frame loads of one page that have not been axe-checked yet."""

    def __init__(self):
        self.unchecked = []


def _open_page(browser, live_server, request, **context_options):
    # Reduced motion: Bootstrap then skips its colour transitions, so axe never measures a button
    # half-way between two states.
    context = browser.new_context(locale="da-DK", base_url=live_server.url, reduced_motion="reduce", **context_options)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    ledger = page._axe_ledger = _Ledger()
    page.on("load", lambda p: ledger.unchecked.append(p.url))
    return context, page, ledger


def _close_page(context, page, ledger, request):
    try:
        failed = _test_failed(request)
        if failed and not page.is_closed():
            _save(page, f"failures/{_safe(request.node.nodeid)}")
        unchecked = list(ledger.unchecked)
    finally:
        context.close()
    if unchecked and not failed:
        pytest.fail(
            "Page(s) loaded but never axe-checked (call check(page) or use visit/follow): " + ", ".join(unchecked),
            pytrace=False,
        )


@pytest.fixture
def page(browser, live_server, request):
    context, page, ledger = _open_page(browser, live_server, request, viewport=DESKTOP)
    yield page
    _close_page(context, page, ledger, request)


@pytest.fixture
def phone_page(browser, live_server, request):
    """A phone-sized page (390x844, touch, mobile viewport meta honoured)."""
    context, page, ledger = _open_page(
        browser, live_server, request, viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    yield page
    _close_page(context, page, ledger, request)


# Helpers -------------------------------------------------------------------------


def check(page: Page):
    """Axe-check the current DOM of `page` (WCAG 2.0/2.1 A+AA); fail listing every violation."""
    page.wait_for_load_state("load")
    results = _axe.run(page, options=AXE_OPTIONS)
    ledger = getattr(page, "_axe_ledger", None)
    if ledger is not None:
        skipped, ledger.unchecked = ledger.unchecked[:-1], []
        if skipped:
            pytest.fail(
                "Page(s) loaded but never axe-checked before the next navigation: " + ", ".join(skipped),
                pytrace=False,
            )
    violations = results.response["violations"]
    if violations:
        pytest.fail(f"axe: {len(violations)} WCAG violation(s) on {page.url}\n" + _describe(violations), pytrace=False)


def _describe(violations, max_nodes=5):
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} [{v['impact']}] {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:max_nodes]:
            target = " ".join(str(t) for t in node["target"])
            lines.append(f"    {target}: {node['html'][:200]}")
        if len(v["nodes"]) > max_nodes:
            lines.append(f"    ... and {len(v['nodes']) - max_nodes} more")
    return "\n".join(lines)


def visit(page: Page, url: str):
    """Go to `url` (relative to the live server), wait for the load and axe-check it."""
    response = page.goto(url)
    check(page)
    return response


def follow(page: Page, action):
    """Click `action` (a Locator) or call it (a callable), wait for the new page, axe-check it."""
    with page.expect_navigation(wait_until="load"):
        if isinstance(action, Locator):
            action.click()
        else:
            action()
    check(page)


def login(page: Page, live_server, username: str, password: str):
    """Sign in through the login form, finding the fields by their visible labels."""
    visit(page, f"{live_server.url}/konto/login/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(password)
    follow(page, page.get_by_role("button", name="Log ind", exact=True))


def shot(page: Page, name: str):
    """Full-page screenshot to test-artifacts/screenshots/<name>.png; returns the path."""
    return _save(page, name)


def _save(page, name):
    path = SCREENSHOTS / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    return path


def _safe(nodeid):
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid).strip("_")
