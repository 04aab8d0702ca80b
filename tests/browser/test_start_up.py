"""What a page does as it starts, in headless Chromium.

The colour scheme is applied while the header is parsed, by overrides/partials/javascripts/palette.html, instead of
by Material's palette component; the page switches from "no-js" to "js" in the head (overrides/main.html); Material's
instant navigation is off (mkdocs.yml). Each saves a restyle of the whole page at start-up, which on a page with a
few thousand KaTeX elements was most of Lighthouse's total blocking time.
"""

import pytest

pytestmark = [
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
    pytest.mark.timeout(120),
]
TOGGLE = "form[data-handbook-palette] label:visible"
# Records every attribute change on <html>, <body> and <link> elements from the first byte of the page on.
RECORD_ATTRIBUTE_CHANGES = """
window.__changes = [];
new MutationObserver((records) => {
  for (const record of records) {
    if (record.target === document.documentElement || record.target === document.body ||
        record.target.tagName === "LINK") {
      window.__changes.push({ element: record.target.tagName, attribute: record.attributeName,
                              value: record.target.getAttribute(record.attributeName),
                              beforeBody: !document.body });
    }
  }
}).observe(document, { attributes: true, subtree: true });
"""


def scheme(page) -> str:
    return page.get_attribute("body", "data-md-color-scheme")


def test_toggle_switches_light_and_dark(page, site_url):
    page.emulate_media(color_scheme="light")
    page.goto(site_url, wait_until="networkidle")
    schemes = [scheme(page)]
    for _ in range(2):
        page.click(TOGGLE)
        schemes.append(scheme(page))
    assert schemes == ["default", "default", "slate"], schemes  # automatic (the system's light), light, dark
    assert page.locator(TOGGLE).count() == 1  # one label shows: the next option's


@pytest.mark.parametrize(("system", "expected"), [("light", "default"), ("dark", "slate")])
def test_first_visit_follows_the_system_scheme(page, site_url, system, expected):
    page.emulate_media(color_scheme=system)
    page.goto(site_url, wait_until="networkidle")
    assert scheme(page) == expected
    other = "dark" if system == "light" else "light"
    page.emulate_media(color_scheme=other)  # the automatic option follows a change of the system's setting
    page.wait_for_function(f"document.body.dataset.mdColorScheme !== '{expected}'", timeout=5000)


def test_the_choice_is_kept_across_pages(page, site_url):
    page.emulate_media(color_scheme="light")
    page.goto(site_url, wait_until="networkidle")
    page.click(TOGGLE)  # automatic -> light
    page.click(TOGGLE)  # light -> dark
    assert scheme(page) == "slate"
    page.add_init_script(RECORD_ATTRIBUTE_CHANGES)
    page.goto(site_url + "papers/attention-is-all-you-need/", wait_until="networkidle")
    assert scheme(page) == "slate"
    assert page.evaluate("window.matchMedia('(prefers-color-scheme: light)').matches")  # the system says light
    schemes = [c["value"] for c in page.evaluate("window.__changes") if c["attribute"] == "data-md-color-scheme"]
    assert schemes == ["slate"], schemes  # set once, while the header was parsed: the page was never drawn light


def test_start_up_does_not_restyle_the_whole_page(page, site_url):
    page.add_init_script(RECORD_ATTRIBUTE_CHANGES)
    page.goto(site_url + "papers/attention-is-all-you-need/", wait_until="networkidle")
    page.wait_for_timeout(300)  # past the animation frame in which Material's palette would unmark the body
    changes = page.evaluate("window.__changes")
    # Material's instant navigation makes every relative URL absolute as it starts: a stylesheet whose href changes is
    # loaded again, and the whole page is restyled.
    assert not [c for c in changes if c["element"] == "LINK"], changes
    # Material's palette component marks the body data-md-color-switching, which restyles every element, twice.
    assert not [c for c in changes if c["attribute"] == "data-md-color-switching"], changes
    # The no-js -> js switch happens in the head, before the body exists. Later, Material's own switch sets the same
    # classes, and its focus-visible polyfill adds a marker class that no stylesheet selects on.
    html_classes = [c for c in changes if c["element"] == "HTML" and c["attribute"] == "class"]
    assert html_classes and html_classes[0]["beforeBody"] and html_classes[0]["value"] == "js", html_classes
    added_later = {name for c in html_classes for name in c["value"].split()} - {"js"}
    assert added_later <= {"js-focus-visible"}, html_classes
    body_changes = [c for c in changes if c["element"] == "BODY"]
    assert {c["attribute"] for c in body_changes} <= {
        "data-md-color-media",
        "data-md-color-scheme",
        "data-md-color-primary",
        "data-md-color-accent",
    }, body_changes
