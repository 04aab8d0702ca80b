"""Draw Mermaid diagrams at build time into inline SVG, so that pages show them without running any script.

pymdownx.superfences leaves each ```mermaid fence as `<pre class="mermaid"><code>source</code></pre>`. This hook
has Mermaid (the pinned npm package, from node_modules/) draw it in a headless Chromium driven by Playwright, the
browser the tests use (scripts/draw-diagrams.js runs in that page), and puts the SVG in the page in its place.

A diagram keeps its natural size, so its labels are as large on a phone as on a desktop; one wider than the column
scrolls sideways in a box of its own, which keyboard users can focus. Its colours are Material's palette variables
(scripts/diagram-theme.css), so one drawing serves both schemes; its labels are SVG text, which prints, and which
search engines and screen readers read.

Each drawing is cached under .cache/diagrams/, keyed by a hash of its source and of everything else that shapes it
(Mermaid's version, the settings and theme, the drawing script), so `make serve` starts Chromium only for a diagram
that changed. A diagram that Mermaid cannot parse fails the build, naming the page and the line.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import shutil
from pathlib import Path

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parents[1]
MERMAID = ROOT / "node_modules" / "mermaid"
THEME = ROOT / "scripts" / "diagram-theme.css"
DRAWER = ROOT / "scripts" / "draw-diagrams.js"
CACHE = ROOT / ".cache" / "diagrams"
DIAGRAM = re.compile(r'<pre class="mermaid"><code>(?P<source>.*?)</code></pre>', re.DOTALL)
HEADING = re.compile(r"<h[1-6][^>]*>(?P<title>.*?)</h[1-6]>", re.DOTALL)
FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`]*?)[ \t]*$")

# Labels are measured when the diagram is drawn, and shown in the same font: Arial's metrics, which every system has
# (Liberation Sans on Linux; Roboto, on Android, is close), so that a label fits its box on the reader's screen too.
FONT = "Arial, 'Liberation Sans', Helvetica, sans-serif"
SETTINGS = {
    "startOnLoad": False,
    "securityLevel": "strict",
    "deterministicIds": True,
    "suppressErrorRendering": True,
    "theme": "default",
    "fontFamily": FONT,
    "themeVariables": {"fontFamily": FONT, "fontSize": "14px"},
    "htmlLabels": False,  # SVG text, not HTML in a foreignObject: it prints, and no font can clip it
    "flowchart": {"htmlLabels": False, "useMaxWidth": False, "nodeSpacing": 24, "rankSpacing": 36, "padding": 8},
    "themeCSS": THEME.read_text(encoding="utf-8"),  # appended to Mermaid's own styles, scoped to the diagram
}
CHROMIUM_FLAGS = ["--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update"]


def on_page_content(content: str, page, config, files) -> str:
    found = list(DIAGRAM.finditer(content))
    if not found:
        return undrawn_checked(content, page)
    source = Path(page.file.abs_src_path or page.file.src_uri)
    name = source.relative_to(ROOT).as_posix() if source.is_relative_to(ROOT) else f"docs/{page.file.src_uri}"
    sources = [html.unescape(match["source"]) for match in found]
    lines = fence_lines(source, sources)
    drawings = draw(sources, [(name, line, index) for index, line in enumerate(lines, 1)])
    seen: dict[str, int] = {}
    parts, end = [], 0
    for match, drawing in zip(found, drawings, strict=True):
        ident = re.search(r'<svg id="([^"]+)"', drawing)[1]
        seen[ident] = seen.get(ident, 0) + 1
        if seen[ident] > 1:  # the same diagram twice on one page: ids must stay unique
            drawing = drawing.replace(ident, f"{ident}-{seen[ident]}")
        parts += [content[end : match.start()], wrap(drawing, heading_before(content, match.start()))]
        end = match.end()
    return undrawn_checked("".join([*parts, content[end:]]), page)


def undrawn_checked(content: str, page) -> str:
    if 'class="mermaid"' in content:  # a fence in a form this hook does not know would reach readers as source
        raise PluginError(f"docs/{page.file.src_uri}: a ```mermaid fence that could not be drawn")
    return content


def wrap(svg: str, heading: str) -> str:
    name = html.escape(f"Diagram: {heading}" if heading else "Diagram", quote=True)
    # A tab stop, like wide math, so that a keyboard user can scroll a diagram wider than the column.
    return f'<div class="handbook-diagram" role="figure" tabindex="0" aria-label="{name}">{svg}</div>'


def heading_before(content: str, position: int) -> str:
    headings = list(HEADING.finditer(content, 0, position))
    if not headings:
        return ""
    title = re.sub(r'<a class="headerlink".*?</a>', "", headings[-1]["title"], flags=re.DOTALL)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", title)).split())


def fence_lines(path: Path, sources: list[str]) -> list[int | None]:
    """The line of each diagram's opening fence in the page's source, or None (a diagram from an included file)."""
    fences = mermaid_fences(path.read_text(encoding="utf-8")) if path.suffix == ".md" and path.is_file() else []
    lines: list[int | None] = []
    for source in sources:
        line = next((line for line, body in fences if body == source.strip()), None)
        if line is not None:
            fences.remove((line, source.strip()))
        lines.append(line)
    return lines


def mermaid_fences(text: str) -> list[tuple[int, str]]:
    """(line, source) of each ```mermaid fence, skipping fences shown inside other fences (a Markdown example)."""
    found, opened = [], None
    for number, line in enumerate(text.splitlines(), 1):
        fence = FENCE.match(line)
        if opened is None:
            if fence:
                name = fence["info"].lstrip("{. ").split(" ")[0].rstrip("}")
                opened = {"fence": fence["fence"], "line": number, "indent": len(fence["indent"]), "name": name}
                body = []
        elif fence and fence["fence"][0] == opened["fence"][0] and len(fence["fence"]) >= len(opened["fence"]):
            if not fence["info"]:
                if opened["name"] == "mermaid":
                    found.append((opened["line"], "\n".join(row[opened["indent"] :] for row in body).strip()))
                opened = None
        else:
            body.append(line)
    return found


def draw(sources: list[str], places: list[tuple[str, int | None, int]]) -> list[str]:
    """The SVG of each diagram, from the cache or drawn now; a diagram Mermaid cannot parse fails the build."""
    keys = [cache_key(source) for source in sources]
    missing = {key: source for key, source in zip(keys, sources, strict=True) if not (CACHE / f"{key}.svg").exists()}
    if missing:
        diagrams = [{"id": f"diagram-{key[:10]}", "source": source} for key, source in missing.items()]
        drawn = renderer().evaluate("([settings, diagrams]) => drawDiagrams(settings, diagrams)", [SETTINGS, diagrams])
        CACHE.mkdir(parents=True, exist_ok=True)
        for key, result in zip(missing, drawn, strict=True):
            if "error" in result:
                page, line, index = places[keys.index(key)]
                problem = f"{where(page, line, index, result['error'])}: Mermaid cannot draw this diagram"
                raise PluginError(f"{problem}:\n{result['error']}")
            temporary = CACHE / f"{key}.svg.{os.getpid()}"
            temporary.write_text(result["svg"], encoding="utf-8")
            temporary.replace(CACHE / f"{key}.svg")
    return [(CACHE / f"{key}.svg").read_text(encoding="utf-8") for key in keys]


def where(page: str, line: int | None, index: int, error: str) -> str:
    if line is None:
        return f"{page}, diagram {index}"
    within = re.search(r"on line (\d+)", error)  # Mermaid counts from the line after the fence
    return f"{page}:{line + int(within[1]) if within else line}"


_fingerprint: str | None = None


def cache_key(source: str) -> str:
    global _fingerprint
    if _fingerprint is None:
        if not (MERMAID / "package.json").exists():
            raise PluginError("Drawing diagrams needs Mermaid from npm: run `make build` (or `npm ci`) first.")
        version = json.loads((MERMAID / "package.json").read_text(encoding="utf-8"))["version"]
        shaping = [version, json.dumps(SETTINGS, sort_keys=True), DRAWER.read_text(encoding="utf-8")]
        _fingerprint = hashlib.sha256("\0".join(shaping).encode()).hexdigest()
    return hashlib.sha256(f"{_fingerprint}\0{source.strip()}".encode()).hexdigest()


_browser: dict = {}


def renderer():
    """A headless page with Mermaid loaded, started on the first diagram that is not cached, kept for the build."""
    if "page" not in _browser:
        from playwright.sync_api import Error, sync_playwright

        executable = os.environ.get("CHROMIUM") or next(
            (shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome") if shutil.which(name)),
            None,  # else Playwright's own build (`playwright install chromium`)
        )
        flags = [*CHROMIUM_FLAGS, *(["--no-sandbox"] if os.geteuid() == 0 else [])]
        _browser["playwright"] = sync_playwright().start()
        try:
            browser = _browser["playwright"].chromium.launch(executable_path=executable, args=flags)
        except Error as error:
            close()
            raise PluginError(f"Drawing diagrams needs Chromium: run `make browser`.\n{error}") from None
        _browser["page"] = page = browser.new_page()
        page.set_content('<!doctype html><meta charset="utf-8"><body></body>')
        page.add_script_tag(path=str(MERMAID / "dist" / "mermaid.min.js"))
        page.add_script_tag(path=str(DRAWER))
        _browser["browser"] = browser
    return _browser["page"]


def close(*args, **kwargs) -> None:
    """Chromium lives for one build: `mkdocs serve` may run the next build on another thread."""
    if "browser" in _browser:
        _browser["browser"].close()
    if "playwright" in _browser:
        _browser["playwright"].stop()
    _browser.clear()


on_post_build = on_build_error = on_shutdown = close
