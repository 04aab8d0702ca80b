"""Typeset math at build time with KaTeX, so that pages with math run no script to show it.

pymdownx.arithmatex (generic mode) leaves `<span class="arithmatex">\\(...\\)</span>` and
`<div class="arithmatex">\\[...\\]</div>` in the page; this hook replaces their TeX with KaTeX's HTML and MathML
(rendered by scripts/render-math.cjs with the pinned npm `katex`), and links KaTeX's stylesheet from the page
content, so that only pages with math load it. Wide display math can scroll sideways:
it gets a tab stop, so keyboard users can reach it. KaTeX's renderings are kept out of the search index
(hooks/search.py indexes the TeX's identifiers instead).
"""

from __future__ import annotations

import html
import json
import re
import subprocess
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

ROOT = Path(__file__).resolve().parents[1]
RENDERER = ROOT / "scripts" / "render-math.cjs"
STYLESHEET = "assets/vendor/katex/katex.min.css"
MATH = re.compile(r'<(?P<tag>span|div) class="arithmatex">(?P<tex>.*?)</(?P=tag)>', re.DOTALL)
DELIMITERS = {"span": ("\\(", "\\)"), "div": ("\\[", "\\]")}


def on_page_content(content: str, page, config, files) -> str:
    found = list(MATH.finditer(content))
    if not found:
        return content
    expressions = [{"tex": strip_delimiters(match), "display": match["tag"] == "div"} for match in found]
    rendered = iter(typeset(expressions, page.file.src_uri))
    content = MATH.sub(lambda match: wrap(match["tag"], next(rendered)), content)
    stylesheet = get_relative_url(STYLESHEET, page.url)
    return f'<link rel="stylesheet" href="{stylesheet}">\n{content}'


def strip_delimiters(match: re.Match) -> str:
    tex = html.unescape(match["tex"]).strip()
    opening, closing = DELIMITERS[match["tag"]]
    if not (tex.startswith(opening) and tex.endswith(closing)):
        raise PluginError(f"math without its delimiters: {tex[:80]!r}")
    return tex[len(opening) : -len(closing)]


def typeset(expressions: list[dict], page: str) -> list[str]:
    renderer = katex_process()
    renderer.stdin.write(json.dumps(expressions) + "\n")
    renderer.stdin.flush()
    answer = json.loads(renderer.stdout.readline() or '{"error": "the KaTeX process stopped"}')
    if "error" in answer:
        raise PluginError(f"docs/{page}: KaTeX could not typeset the math: {answer['error']}")
    return answer["html"]


_process: subprocess.Popen | None = None


def katex_process() -> subprocess.Popen:
    """One node process for the whole build (starting node per page would cost seconds)."""
    global _process
    if _process is None or _process.poll() is not None:
        command = ["node", str(RENDERER)]
        pipes = {"stdin": subprocess.PIPE, "stdout": subprocess.PIPE, "text": True, "encoding": "utf-8"}
        _process = subprocess.Popen(command, **pipes, cwd=ROOT)
    return _process


def on_shutdown() -> None:
    if _process is not None:
        _process.stdin.close()
        _process.wait()


def wrap(tag: str, rendered: str) -> str:
    focusable = ' tabindex="0"' if tag == "div" else ""
    # Out of the search index: KaTeX writes each formula three times (MathML, its TeX, the visual copy), which
    # bloats the index and matches nothing a reader types. hooks/search.py finds the math by this mark (and keeps
    # it out of Pagefind's index); Material's search, were it used, skips an element marked
    # data-search-exclude until the first closing tag of the same name, so the mark goes on an element whose name
    # KaTeX never uses (a custom element, inline and unstyled).
    return f'<{tag} class="arithmatex"{focusable}><math-typeset data-search-exclude>{rendered}</math-typeset></{tag}>'
