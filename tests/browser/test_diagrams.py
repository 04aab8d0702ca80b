"""Every diagram on the site, as a reader sees it on a desktop and on a phone, in the light and the dark scheme.

Diagrams are drawn at build time (hooks/render_diagrams.py). Each page with a ```mermaid fence is opened at 1400 and
390 CSS px wide; each diagram's labels must render at 12 px or more on the desktop and 11 px or more on the phone.
The size a reader sees is the font size times the diagram's scale: its rendered width over its viewBox's width.
A diagram wider than the column scrolls sideways inside its own box, which a keyboard can focus; the page itself
never scrolls sideways.
"""

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from harness.site import html_page_for

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
MERMAID_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})[ \t]*\{?\.?mermaid\b", re.MULTILINE)
# name: (width in CSS px, the smallest label a reader there can read without zooming, in CSS px)
SCREENS = {"desktop": (1400, 12.0), "phone": (390, 11.0)}
SCHEMES = {"light": "default", "dark": "slate"}  # the scheme asked of the browser, and Material's name for it
pytestmark = [
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),  # see test_site_in_browser.py
    pytest.mark.timeout(120),
]

# Each diagram on the page: the smallest label it shows, in CSS px, and how it sits in the page. A label is any
# element of the drawing with text of its own (SVG text, or HTML in a foreignObject).
MEASURE = """() => [...document.querySelectorAll(".handbook-diagram")].map((box) => {
  const svg = box.querySelector("svg");
  if (!svg) return { drawn: false };
  const viewBox = svg.viewBox.baseVal;
  const scale = viewBox && viewBox.width ? svg.getBoundingClientRect().width / viewBox.width : 1;
  const labels = [...svg.querySelectorAll("*")].filter((element) => !element.closest("style, title, desc")
    && [...element.childNodes].some((node) => node.nodeType === Node.TEXT_NODE && node.textContent.trim()));
  const sizes = labels.map((element) => parseFloat(getComputedStyle(element).fontSize) * scale);
  const { left, right } = box.getBoundingClientRect();
  return {
    drawn: true,
    smallest: sizes.length ? Math.min(...sizes) : null,
    scrolls: box.scrollWidth > box.clientWidth + 1,
    scrollBox: ["auto", "scroll"].includes(getComputedStyle(box).overflowX) && box.tabIndex >= 0
      && Boolean(box.getAttribute("aria-label")),
    left,
    right,
  };
})"""
PAGE = """() => ({
  width: document.documentElement.scrollWidth,
  screen: document.documentElement.clientWidth,
  scheme: document.body.getAttribute("data-md-color-scheme"),
  undrawn: document.querySelectorAll("pre.mermaid, div.mermaid").length,
})"""


def pages_with_diagrams() -> list[str]:
    """The URL path of every page whose source has a ```mermaid fence: found, so new pages are measured too."""
    sources = sorted(DOCS.rglob("*.md"))
    found = [source for source in sources if MERMAID_FENCE.search(source.read_text(encoding="utf-8"))]
    folders = [html_page_for(source, DOCS, Path(".")).parent.as_posix() for source in found]
    return ["" if folder == "." else f"{folder}/" for folder in folders]


def test_every_drawn_diagram_is_measured(site):
    """No page of the built site shows a diagram that the test below does not open (one from a snippet, say)."""
    drawn = {
        html.parent.relative_to(site).as_posix() + "/"
        for html in site.rglob("index.html")
        if 'class="handbook-diagram"' in (text := html.read_text(encoding="utf-8")) or 'class="mermaid"' in text
    }
    assert "system-design/fraud-detection/" in drawn
    assert drawn <= set(pages_with_diagrams()), sorted(drawn - set(pages_with_diagrams()))


@pytest.mark.parametrize("path", pages_with_diagrams())
def test_diagram_labels_are_legible_on_desktop_and_phone(page, site_url, path):
    problems = []
    for scheme in SCHEMES:
        open_page(page, site_url, path, scheme)
        for screen, (width, floor) in SCREENS.items():  # the layout follows the width: no reload needed
            problems += problems_seen(page, path, width, floor, scheme, f"{screen}, {scheme}")
    assert not problems, "\n".join(problems)


def open_page(page, site_url: str, path: str, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    response = page.goto(site_url + path, wait_until="load")
    assert response.ok, f"/{path}: HTTP {response.status}"


def problems_seen(page, path: str, width: int, floor: float, scheme: str, label: str) -> list[str]:
    """What a reader of the open page at this width and scheme would trip over, one line each."""
    page.set_viewport_size({"width": width, "height": 900})
    where = f"/{path} at {width} px ({label})"
    shown = page.evaluate(PAGE)
    assert shown["scheme"] == SCHEMES[scheme], f"{where}: the page did not switch to {SCHEMES[scheme]}"
    problems = []
    if shown["undrawn"]:
        problems.append(f"{where}: {shown['undrawn']} diagram(s) left as Mermaid source, not drawn")
    if shown["width"] > shown["screen"]:
        problems.append(f"{where}: the page scrolls sideways ({shown['width']} px on {shown['screen']})")
    return problems + diagram_problems(page.evaluate(MEASURE), floor, shown["screen"], where)


def diagram_problems(diagrams: list[dict], floor: float, screen: int, where: str) -> list[str]:
    """Each diagram's problems, naming it by its place on the page (1 = first)."""
    problems = []
    for index, diagram in enumerate(diagrams, 1):
        name = f"{where}, diagram {index}"
        if not diagram["drawn"]:
            problems.append(f"{name}: no SVG")
            continue
        if diagram["smallest"] is None:
            problems.append(f"{name}: no labels")
        elif diagram["smallest"] < floor:
            problems.append(f"{name}: labels render at {diagram['smallest']:.1f} px, under the {floor:g} px floor")
        if diagram["scrolls"] and not diagram["scrollBox"]:
            problems.append(f"{name}: wider than its box, which is not a named, focusable scroll box")
        if diagram["left"] < -0.5 or diagram["right"] > screen + 0.5:
            problems.append(f"{name}: sticks out of the page ({diagram['left']:.0f} to {diagram['right']:.0f} px)")
    return problems


@pytest.mark.parametrize(
    ("planted", "problem"),
    [
        # Scaled down to the column, as Mermaid draws by default: the labels shrink below the phone's floor.
        (".handbook-diagram > svg { width: 100% !important }", r"diagram 1: labels render at \d+\.\d px, under"),
        # At its natural size, but outside any scroll box: it sticks out of the column.
        (".handbook-diagram { overflow: visible !important }", r"diagram 1: wider than its box, which is not a"),
    ],
)
def test_shrunk_or_overflowing_diagram_is_caught(page, site, site_url, planted, problem):
    html = (site / "system-design" / "fraud-detection" / "index.html").read_text(encoding="utf-8")
    html = html.replace("</head>", f"<style>.md-typeset {planted}</style></head>", 1)
    page.route(site_url + "planted/", lambda route: route.fulfill(body=html, content_type="text/html"))
    open_page(page, site_url, "planted/", "light")
    problems = problems_seen(page, "planted/", 390, 11.0, "light", "phone, light")
    assert any(re.search(problem, line) for line in problems), problems


def test_unparsable_diagram_fails_the_build_naming_page_and_line(tmp_path):
    """A diagram that Mermaid cannot parse stops the build, pointing at its line (a Markdown example is skipped)."""
    page = """\
        # A page

        ````markdown
        ```mermaid
        flowchart TD
            shown --> only
        ```
        ````

        ```mermaid
        flowchart TD
            a --> b
            graph --> end
        ```
        """
    config = f"""\
        site_name: Diagrams
        docs_dir: docs
        site_dir: site
        hooks: [{ROOT / "hooks" / "render_diagrams.py"}]
        markdown_extensions:
          - pymdownx.superfences:
              custom_fences:
                - name: mermaid
                  class: mermaid
                  format: !!python/name:pymdownx.superfences.fence_code_format
        """
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text(textwrap.dedent(page), encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(textwrap.dedent(config), encoding="utf-8")
    build = [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(tmp_path / "mkdocs.yml")]
    result = subprocess.run(build, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert result.returncode != 0
    assert "docs/index.md:13: Mermaid cannot draw this diagram" in result.stderr, result.stderr
