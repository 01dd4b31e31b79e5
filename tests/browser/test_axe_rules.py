"""The axe run every browser test makes includes WCAG AA colour contrast: faint text fails a page."""

from tests.browser.conftest import AXE_OPTIONS, _axe


def test_axe_as_the_journeys_run_it_reports_text_under_4_5_to_1(page):
    # Bootstrap's danger red on our page background, 4.37:1: the front page's overdue count once.
    page.set_content(
        '<!doctype html><html lang="da"><head><title>Kontrast</title></head><body style="background:#fbfbfa">'
        '<main><h1>Kontrast</h1><p style="color:#dc3545">3 overskredne</p></main></body></html>'
    )
    page._axe_ledger.unchecked = []  # inline content, not a page of ours: checked by hand below

    violations = _axe.run(page, options=AXE_OPTIONS).response["violations"]

    assert [v["id"] for v in violations] == ["color-contrast"]
