"""Every text colour our stylesheet sets keeps WCAG AA contrast (4.5:1) against the background it sits on.

axe's color-contrast rule checks the pages the browser tests visit; this checks the colours themselves,
including states those journeys may not reach (an overdue count, a cancelled meeting, a phase badge).
"""

import re
from pathlib import Path

import pytest

CSS = (Path(__file__).resolve().parents[2] / "static" / "css" / "hotspot.css").read_text()
AA = 4.5


def _screen_only(text):
    """The stylesheet without its @media print blocks (paper is black on white)."""
    while (start := text.find("@media print")) != -1:
        depth, i = 0, text.index("{", start)
        while True:
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            if depth == 0:
                break
            i += 1
        text = text[:start] + text[i + 1 :]
    return text


def _rules():
    """[(selector, {property: value})] in file order, for the screen; other @media wrappers are looked through."""
    text = _screen_only(re.sub(r"/\*.*?\*/", "", CSS, flags=re.S))
    rules = []
    for selector, body in re.findall(r"([^{}@]+)\{([^{}]*)\}", text):
        declarations = {}
        for part in body.split(";"):
            if ":" in part:
                name, value = part.split(":", 1)
                declarations[name.strip()] = value.replace("!important", "").strip()
        for one in selector.split(","):
            rules.append((one.strip(), declarations))
    return rules


RULES = _rules()
VARIABLES = {k: v for s, d in RULES if s == ":root" for k, v in d.items() if k.startswith("--")}


def declared(selector, prop):
    """The last value `selector` gives `prop` (a CSS variable resolved), as #rrggbb."""
    values = [d[prop] for s, d in RULES if s == selector and prop in d]
    assert values, f"{selector} sets no {prop}"
    value = values[-1]
    if match := re.fullmatch(r"var\((--[\w-]+)\)", value):
        value = VARIABLES[match.group(1)]
    if prop == "background" and " " in value:
        value = value.split()[0]
    return _hex(value)


def _hex(value):
    named = {"#fff": "#ffffff", "#000": "#000000"}
    value = named.get(value, value)
    if re.fullmatch(r"#[0-9a-fA-F]{3}", value):
        value = "#" + "".join(c * 2 for c in value[1:])
    assert re.fullmatch(r"#[0-9a-fA-F]{6}", value), value
    return value.lower()


def _luminance(colour):
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b):
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


PAGE = declared("body", "background")
WHITE = "#ffffff"

# (what, text colour, background)
PAIRS = [
    ("the front page's overdue count", lambda: declared(".count-urgent", "color"), lambda: PAGE),
    ("text-danger (form and delivery errors)", lambda: declared(".text-danger", "color"), lambda: PAGE),
    ("form errors", lambda: declared(".invalid-feedback", "color"), lambda: PAGE),
    ("the illustrative badge", lambda: declared(".badge-illustrative", "color"),
     lambda: declared(".badge-illustrative", "background")),
    *[(f"the {p} phase badge", lambda p=p: declared(f".badge.phase-{p}", "color"),
       lambda p=p: declared(f".badge.phase-{p}", "background")) for p in ("planned", "running", "ending", "ended")],
    ("the cancelled badge", lambda: declared(".badge-cancelled", "color"),
     lambda: declared(".badge-cancelled", "background")),
    ("white on a primary badge", lambda: WHITE, lambda: declared(".text-bg-primary", "background-color")),
    ("white on a success badge", lambda: WHITE, lambda: declared(".text-bg-success", "background-color")),
    ("white on a danger badge", lambda: WHITE, lambda: declared(".text-bg-danger", "background-color")),
    ("white on a primary button", lambda: WHITE, lambda: declared(".btn-primary", "--bs-btn-bg")),
    ("pagination links", lambda: declared(".pagination", "--bs-pagination-color"), lambda: WHITE),
    ("links", lambda: declared("a", "color"), lambda: PAGE),
    ("the calendar's today label", lambda: WHITE, lambda: declared(".cal-today-label", "background")),
    ("a meeting's place in the week view", lambda: declared(".cal-meta", "color"),
     lambda: declared(".cal-day.cal-outside", "background")),
    ("the neighbouring months' days", lambda: declared(".cal-day.cal-outside", "color"),
     lambda: declared(".cal-day.cal-outside", "background")),
    ("a link in a breached cell", lambda: declared(".cell-bad a", "color"), lambda: declared(".cell-bad", "background-color")),
    ("an empty heat map cell", lambda: declared(".heatmap td.heat-0", "color"), lambda: WHITE),
    ("an organisation not engaged", lambda: declared(".coverage .not-engaged th", "color"),
     lambda: declared(".coverage .gap", "background")),
    ("the footer", lambda: declared(".site-footer", "color"), lambda: PAGE),
    ("a goal's level", lambda: declared(".tree .kind", "color"), lambda: WHITE),
]  # fmt: skip


@pytest.mark.parametrize(("what", "text", "background"), PAIRS, ids=[p[0] for p in PAIRS])
def test_text_colour_passes_wcag_aa(what, text, background):
    ratio = contrast(text(), background())

    assert ratio >= AA, f"{what}: {text()} on {background()} is {ratio:.2f}:1, AA needs {AA}:1"


def test_the_overdue_count_that_was_too_faint_now_passes():
    assert contrast("#dc3545", PAGE) < AA  # Bootstrap's text-danger: 4.37:1, what the count used to be
    assert contrast(declared(".count-urgent", "color"), PAGE) >= 7  # AAA, even
