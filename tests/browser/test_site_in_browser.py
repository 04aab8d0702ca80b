"""The built site in headless Chromium: self-contained, rendering, searchable, accessible, and within its budgets."""

import gzip
import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from harness.site import html_page_for

ROOT = Path(__file__).resolve().parents[2]
KIB = 1024
# Gzipped bytes per page. A notebook page carries mkdocs-jupyter's inline stylesheet (about 110 KiB) and its figures.
BUDGETS = {"plain": 150 * KIB, "math": 300 * KIB, "notebook": 300 * KIB, "diagram": int(1.2 * 1024 * KIB)}
# Material fetches the whole search index on the first page a reader opens, then serves it from the cache: it is
# counted once, against its own budget, not against every page.
SEARCH_INDEX = "search/search_index.json"
SEARCH_INDEX_BUDGET = 1024 * KIB
# (query, the page it must find among the first results): one per section at least.
SEARCHES = [
    ("lasso ridge", "fundamentals/regularization/"),
    ("bias variance", "fundamentals/regularization/"),
    ("scaled dot-product attention", "papers/attention-is-all-you-need/"),
    ("fraud latency budget", "system-design/fraud-detection/"),
    ("system design framework", "system-design/framework/"),
    ("roc auc ties", "coding/roc-auc-from-scratch/"),
    ("product manager precision recall", "behavioral/disagreeing-with-a-product-manager/"),
    ("how ml interviews work", "interviews/how-ml-interviews-work/"),
    ("cold start new titles", "system-design/recommendations-cold-start/"),
    ("drift psi jensen shannon", "system-design/monitoring-and-drift/"),
    ("reservoir sampling", "coding/reservoir-sampling/"),
    ("sessionization window functions", "coding/sql-sessionization/"),
    ("star method story bank", "behavioral/star-method/"),
    ("fastapi sqlite vertical project", "interviews/vertical-project/"),
]
AXE_PAGES = [
    "",
    "system-design/fraud-detection/",
    "papers/attention-is-all-you-need/",
    "fundamentals/pr-vs-roc-curves/",
    "coding/sql-sessionization/",
]
pytestmark = [
    # The test server's sockets may be collected unclosed when the browser drops a keep-alive connection.
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
    pytest.mark.timeout(120),  # a page, its scripts, and KaTeX or Mermaid, on a busy two-core machine
]
WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def site_pages() -> list[str]:
    """Every page of the site as a URL path, from the docs (the site itself is built by a fixture)."""
    docs = ROOT / "docs"
    sources = sorted(path for path in docs.rglob("*") if path.suffix in (".md", ".ipynb"))
    folders = [html_page_for(source, docs, Path(".")).parent.as_posix() for source in sources]
    return ["" if folder == "." else f"{folder}/" for folder in folders]


def page_kind(html: str) -> str:
    if "jp-Notebook" in html:
        return "notebook"
    if 'class="mermaid"' in html:
        return "diagram"
    if 'class="arithmatex"' in html:
        return "math"
    return "plain"


def open_page(page, url: str) -> dict:
    """Load a page and wait until it is idle; return what it requested and what it logged as errors."""
    seen = {"requests": [], "errors": []}
    page.on("request", lambda request: seen["requests"].append(request.url))
    page.on("console", lambda message: message.type == "error" and seen["errors"].append(message.text))
    page.on("pageerror", lambda error: seen["errors"].append(str(error)))
    page.goto(url, wait_until="networkidle")
    return seen


def gzipped_size(site: Path, url: str) -> int:
    path = unquote(urlparse(url).path).lstrip("/")
    file = site / path
    if file.is_dir() or not path:
        file = file / "index.html"
    return len(gzip.compress(file.read_bytes(), compresslevel=9)) if file.is_file() else 0


@pytest.mark.parametrize("path", site_pages())
def test_page_stays_on_the_site_without_errors_and_within_budget(page, site, site_url, path):
    seen = open_page(page, site_url + path)
    kind = page_kind((site / path / "index.html").read_text(encoding="utf-8"))
    try:
        check_rendering(page, path, kind)  # diagrams are drawn only now, so their errors are logged only now
    finally:
        assert_only_own_requests_and_no_errors(seen, path)  # the more telling failure, when there is one
    own = {url for url in seen["requests"] if url.startswith(site_url) and not url.endswith(SEARCH_INDEX)}
    weight = sum(gzipped_size(site, url) for url in own)
    assert weight <= BUDGETS[kind], f"/{path} ({kind}) transfers {weight / KIB:.0f} KiB gzipped"


def assert_only_own_requests_and_no_errors(seen: dict, path: str) -> None:
    foreign = sorted({url for url in seen["requests"] if urlparse(url).hostname not in ("127.0.0.1", None)})
    assert not foreign, f"/{path} requested other hosts: {foreign}"
    assert not seen["errors"], f"/{path} logged errors: {seen['errors']}"


def test_planted_foreign_script_is_caught(page, site, site_url):
    """A page that loads a script from another host fails the check above (the request never leaves the machine)."""
    html = (site / "index.html").read_text(encoding="utf-8")
    planted = html.replace("</head>", '<script src="https://cdn.example.com/tracker.js"></script></head>', 1)
    page.route("https://cdn.example.com/**", lambda route: route.abort())
    page.route(site_url + "planted/", lambda route: route.fulfill(body=planted, content_type="text/html"))
    seen = open_page(page, site_url + "planted/")
    with pytest.raises(AssertionError, match=r"requested other hosts: \['https://cdn\.example\.com/tracker\.js'\]"):
        assert_only_own_requests_and_no_errors(seen, "planted/")


@pytest.mark.parametrize(
    ("path", "kind", "asset", "failure"),
    [
        ("papers/attention-is-all-you-need/", "math", "**/vendor/katex/katex.min.css", "stylesheet did not apply"),
        ("system-design/fraud-detection/", "diagram", "**/vendor/mermaid/mermaid.min.js", "Timeout|did not render"),
    ],
)
def test_missing_vendored_asset_is_caught(page, site_url, path, kind, asset, failure):
    """Without its vendored stylesheet or renderer, a math or diagram page fails the rendering check."""
    page.route(asset, lambda route: route.fulfill(status=404, body="gone"))
    page.set_default_timeout(5_000)
    page.goto(site_url + path, wait_until="networkidle")
    with pytest.raises(Exception, match=failure):
        check_rendering(page, path, kind)


def test_search_index_within_budget(site):
    weight = len(gzip.compress((site / SEARCH_INDEX).read_bytes(), compresslevel=9))
    assert weight <= SEARCH_INDEX_BUDGET, f"the search index is {weight / KIB:.0f} KiB gzipped"


def check_rendering(page, path: str, kind: str) -> None:
    """Math is typeset (at build time) and styled by KaTeX's stylesheet, and every diagram is drawn."""
    if page.locator(".arithmatex").count():
        assert page.locator(".arithmatex .katex").count() == page.locator(".arithmatex").count(), f"/{path}: raw TeX"
        assert page.locator(".katex-error").count() == 0, f"/{path}: KaTeX error"
        assert katex_styled(page), f"/{path}: KaTeX's stylesheet did not apply"
    if kind == "diagram":
        draw_every_diagram(page)
        heights = page.eval_on_selector_all("div.mermaid", "elements => elements.map(e => e.offsetHeight)")
        assert heights and min(heights) > 20, f"/{path}: diagrams did not render ({heights})"


def draw_every_diagram(page) -> None:
    """Scroll to each diagram still waiting (they are drawn when they come near) until Mermaid has drawn them all."""
    scroll_to_next = "() => { document.querySelector('pre.mermaid')?.scrollIntoView(); return {}; }"
    waiting = page.locator("pre.mermaid")
    while (count := waiting.count()) > 0:
        page.evaluate(scroll_to_next)
        page.wait_for_function(f"document.querySelectorAll('pre.mermaid').length < {count}")  # one more is an SVG


def katex_styled(page) -> bool:
    """KaTeX's stylesheet hides the MathML copy that screen readers read; unstyled, the math shows twice.

    Waits for it: after an instant navigation the stylesheet linked from the new content is still loading.
    """
    hidden = "getComputedStyle(document.querySelector('.katex-mathml')).position === 'absolute'"
    try:
        page.wait_for_function(hidden, timeout=10_000)
    except PlaywrightTimeoutError:
        return False
    return True


def test_math_renders_after_instant_navigation(page, site_url):
    page.goto(site_url + "contributing/", wait_until="networkidle")
    page.click("article a[href$='papers/attention-is-all-you-need/']")
    page.wait_for_url("**/papers/attention-is-all-you-need/")
    page.wait_for_selector("h1:has-text('Attention')")
    assert page.locator(".arithmatex").count() > 0
    check_rendering(page, "papers/attention-is-all-you-need/", "math")


@pytest.mark.parametrize(("query", "expected"), SEARCHES)
def test_search_finds_the_page(page, site_url, query, expected):
    page.goto(site_url, wait_until="networkidle")
    page.keyboard.press("/")
    page.fill("input.md-search__input", query)
    page.wait_for_selector(".md-search-result__item")
    links = page.eval_on_selector_all(
        ".md-search-result__item > a", "links => links.slice(0, 5).map(link => link.href)"
    )
    assert any(re.search(re.escape(expected) + r"([?#]|$)", link) for link in links), links


def test_palette_toggle_switches_light_and_dark(page, site_url):
    page.emulate_media(color_scheme="light")
    page.goto(site_url, wait_until="networkidle")
    schemes = [page.get_attribute("body", "data-md-color-scheme")]
    for _ in range(2):
        page.click("form[data-md-component='palette'] label:visible")
        schemes.append(page.get_attribute("body", "data-md-color-scheme"))
    assert "default" in schemes and "slate" in schemes, schemes


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", AXE_PAGES)
def test_no_accessibility_violations(page, site_url, path, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(site_url + path, wait_until="networkidle")
    draw_every_diagram(page)
    results = Axe().run(page, options=WCAG_21_AA)
    assert results.violations_count == 0, results.generate_report()


def test_search_dialog_has_an_accessible_name(page, site_url):
    page.goto(site_url, wait_until="networkidle")
    assert page.get_attribute(".md-search[role='dialog']", "aria-label")
