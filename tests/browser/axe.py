"""axe-core on a Playwright page: WCAG 2.1 A and AA, violations only."""

from axe_playwright_python.sync_playwright import Axe

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def assert_no_axe_violations(page) -> None:
    results = Axe().run(
        page,
        options={
            "runOnly": {"type": "tag", "values": WCAG_21_AA},
            "resultTypes": ["violations"],
        },
    )
    assert results.violations_count == 0, results.generate_report()
