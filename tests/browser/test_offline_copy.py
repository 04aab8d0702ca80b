"""The offline copy (`make offline`) opened from file://, as a reader on a plane would: pages and search work."""

from urllib.parse import urlparse

import pytest
from test_site_in_browser import katex_styled

pytestmark = pytest.mark.timeout(120)
SEARCHES = [
    ("lasso ridge", "fundamentals/regularization.html"),
    ("fraud latency", "system-design/fraud-detection.html"),
]


def test_offline_page_loads_only_local_files(page, offline_site):
    requests, errors = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto((offline_site / "papers" / "attention-is-all-you-need.html").as_uri(), wait_until="load")
    assert katex_styled(page)  # KaTeX's stylesheet, from the copy itself
    assert {urlparse(url).scheme for url in requests} == {"file"}, requests
    assert not errors, errors


@pytest.mark.parametrize(("query", "expected"), SEARCHES)
def test_offline_search_finds_the_page(page, offline_site, query, expected):
    page.goto((offline_site / "index.html").as_uri(), wait_until="load")
    page.keyboard.press("/")
    # Material answers a query typed before its worker is ready with nothing, and does not ask again: wait.
    page.wait_for_function("document.querySelector('.md-search-result__meta').textContent !== 'Initializing search'")
    page.locator("input.md-search__input").press_sequentially(query)  # keystrokes: this search listens for keyup
    page.wait_for_selector(".md-search-result__item")
    links = page.eval_on_selector_all(".md-search-result__item > a", "ls => ls.slice(0, 5).map(l => l.href)")
    assert any(urlparse(link).path.endswith("/" + expected) for link in links), links
