"""The offline copy (`make offline`) opened from file://, as a reader on a plane would: pages and search work."""

from urllib.parse import urlparse

import pytest
from test_search import open_search, top_pages
from test_site_in_browser import katex_styled

pytestmark = pytest.mark.timeout(120)
# (query, the pages any of which must be among the first three results)
SEARCHES = [
    ("lasso ridge", ["fundamentals/regularization/"]),
    ("fraud latency", ["system-design/fraud-detection/"]),
    ("top-p sampling", ["fundamentals/decoding-strategies/", "coding/sampling-temperature-top-k-top-p/"]),
]


def test_offline_page_loads_only_local_files(page, offline_site):
    requests, errors = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto((offline_site / "papers" / "attention-is-all-you-need.html").as_uri(), wait_until="load")
    assert katex_styled(page)  # KaTeX's stylesheet, from the copy itself
    assert {urlparse(url).scheme for url in requests} == {"file"}, requests
    assert not errors, errors


def test_offline_diagram_shows_without_any_script(browser, offline_site):
    """Diagrams are SVG in the page itself (drawn at build time): they show from file://, even with scripts off."""
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto((offline_site / "system-design" / "fraud-detection.html").as_uri(), wait_until="load")
        heights = page.eval_on_selector_all(".handbook-diagram > svg", "svgs => svgs.map(svg => svg.clientHeight)")
    finally:
        context.close()
    assert heights and min(heights) > 20, heights


@pytest.mark.parametrize(("query", "expected"), SEARCHES)
def test_offline_search_finds_the_page(page, offline_site, query, expected):
    """The search works from file://, where browsers refuse modules, workers and fetch, and ranks as it does online."""
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    open_search(page, (offline_site / "index.html").as_uri())
    found = top_pages(page, query, offline_site.as_uri() + "/")
    assert set(expected) & set(found), found
    assert not errors, errors
