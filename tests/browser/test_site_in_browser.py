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
# A diagram page carries its diagrams as inline SVG drawn at build time (about 5 KiB each), and often math too.
BUDGETS = {"plain": 150 * KIB, "math": 300 * KIB, "notebook": 300 * KIB, "diagram": 300 * KIB}
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
    pytest.mark.timeout(120),  # a page, its scripts and stylesheets, on a busy two-core machine
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
    if 'class="handbook-diagram"' in html or 'class="mermaid"' in html:
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
        check_rendering(page, path, kind)
    finally:
        assert_only_own_requests_and_no_errors(seen, path)  # the more telling failure, when there is one
    own = {url for url in seen["requests"] if url.startswith(site_url)}  # the search loads nothing until opened
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


def test_missing_vendored_stylesheet_is_caught(page, site_url):
    """Without KaTeX's vendored stylesheet, a math page fails the rendering check."""
    path = "papers/attention-is-all-you-need/"
    page.route("**/vendor/katex/katex.min.css", lambda route: route.fulfill(status=404, body="gone"))
    page.set_default_timeout(5_000)
    page.goto(site_url + path, wait_until="networkidle")
    with pytest.raises(AssertionError, match="stylesheet did not apply"):
        check_rendering(page, path, "math")


def test_undrawn_diagram_is_caught(page, site, site_url):
    """A diagram page whose diagram was left as Mermaid source (the build did not draw it) fails the rendering check."""
    html = (site / "system-design" / "fraud-detection" / "index.html").read_text(encoding="utf-8")
    source = '<pre class="mermaid"><code>flowchart TD\n    a --&gt; b</code></pre>'
    undrawn, count = re.subn(r'<div class="handbook-diagram".*?</svg></div>', source, html, flags=re.DOTALL)
    assert count == 1
    page.route("https://unpkg.com/**", lambda route: route.abort())  # where Material would fetch Mermaid from
    page.route(site_url + "planted/", lambda route: route.fulfill(body=undrawn, content_type="text/html"))
    page.goto(site_url + "planted/", wait_until="networkidle")
    with pytest.raises(AssertionError, match="not drawn at build time"):
        check_rendering(page, "planted/", "diagram")


def check_rendering(page, path: str, kind: str) -> None:
    """Math is typeset and diagrams are drawn (both at build time), and KaTeX's stylesheet styles the math."""
    if page.locator(".arithmatex").count():
        assert page.locator(".arithmatex .katex").count() == page.locator(".arithmatex").count(), f"/{path}: raw TeX"
        assert page.locator(".katex-error").count() == 0, f"/{path}: KaTeX error"
        assert katex_styled(page), f"/{path}: KaTeX's stylesheet did not apply"
    if kind == "diagram":
        source = page.locator(".mermaid").count()  # Mermaid source left in the page (Material would fetch Mermaid)
        heights = page.eval_on_selector_all(".handbook-diagram > svg", "svgs => svgs.map(svg => svg.clientHeight)")
        drawn = not source and heights and min(heights) > 20
        assert drawn, f"/{path}: diagrams not drawn at build time (SVG heights {heights}, {source} left as source)"


def katex_styled(page) -> bool:
    """KaTeX's stylesheet hides the MathML copy that screen readers read; unstyled, the math shows twice.

    Waits for it: the stylesheet is linked from the page's content, and may still be loading when the page is.
    """
    hidden = "getComputedStyle(document.querySelector('.katex-mathml')).position === 'absolute'"
    try:
        page.wait_for_function(hidden, timeout=10_000)
    except PlaywrightTimeoutError:
        return False
    return True


def test_math_renders_after_following_a_link(page, site_url):
    page.goto(site_url + "contributing/", wait_until="networkidle")
    page.click("article a[href$='papers/attention-is-all-you-need/']")
    page.wait_for_url("**/papers/attention-is-all-you-need/")
    page.wait_for_selector("h1:has-text('Attention')")
    assert page.locator(".arithmatex").count() > 0
    check_rendering(page, "papers/attention-is-all-you-need/", "math")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", AXE_PAGES)
def test_no_accessibility_violations(page, site_url, path, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(site_url + path, wait_until="networkidle")
    results = Axe().run(page, options=WCAG_21_AA)
    assert results.violations_count == 0, results.generate_report()


def test_search_dialog_has_an_accessible_name(page, site_url):
    page.goto(site_url, wait_until="networkidle")
    assert page.get_attribute(".md-search[role='dialog']", "aria-label")
