"""The site's search: a Pagefind index built with the site, which a reader's browser loads only when searching.

Pagefind (the pinned npm package, run from node_modules/ after the build) splits the index into chunks by term and
the pages' text into one fragment per page, so a search downloads the few chunks its words fall in and the fragments
of the results it shows: what a search costs grows with the size of its answer, not with the number of pages, and a
page that is only read costs nothing (docs/assets/javascripts/search.js loads the search when the reader opens it).

Ranking comes from weights this hook writes into each page before Pagefind reads it (Pagefind weighs a word by the
square of its element's weight): the title and description in the page's head are searched as metadata, headings
weigh what Pagefind gives them (h1 7 down to h6 2), the TL;DR weighs more than the body, and code, program output,
diagrams and the hidden answers of practice questions weigh less. Math is indexed by its TeX identifiers (`d_k`,
`QK`), not by KaTeX's three renderings of it. Terms such as top-p, d_k, A/B and precision@k are indexed whole as well
as by their parts.

For the offline copy (mkdocs.offline.yml), which a reader opens from file://, where browsers refuse modules, workers
and fetch, every index file is wrapped in a small script instead (pagefind/offline/), which search.js loads on demand,
and Pagefind's module is rewritten as a plain script.
"""

from __future__ import annotations

import base64
import html
import re
import shutil
import subprocess
from pathlib import Path

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parents[1]
PAGEFIND = ROOT / "node_modules" / ".bin" / "pagefind"
BUNDLE = "pagefind"
# Weights (Pagefind's scale: 1 is body text, the effect is the square: 2 counts four times, 0.5 a quarter).
WEIGHTS = {"tldr": 2.5, "question": 1.0, "answer": 0.6, "code": 0.4, "diagram": 0.5, "math": 0.5}
# Characters kept inside a term, so that top-p, d_k, A/B and precision@k are searchable whole (Pagefind indexes their
# parts too, so "top" still finds top-p).
INCLUDE_CHARACTERS = "-_/@"
# Not indexed: permalink signs, the edit and view buttons, the note under pages with code, the page's dates.
EXCLUDE_SELECTORS = ".headerlink, .md-content__button, .handbook-executed, .md-source-file"
# Files of Pagefind's output that the search uses; the rest (its own UIs) are removed from the site.
USED = ("pagefind.js", "pagefind-worker.js", "pagefind-entry.json", "wasm.en.pagefind", "index", "fragment")

ARTICLE = re.compile(r'<article class="md-content__inner md-typeset"')
DESCRIPTION = re.compile(r'<meta name="description"')
TLDR = re.compile(r'<div class="admonition abstract">(?=\s*<p class="admonition-title">TL;DR</p>)')
QUESTION = re.compile(r'<details class="question"(?P<rest>[^>]*)>\s*<summary>')
CODE = re.compile(r'<div class="(?P<classes>language-[\w-]+ highlight|highlight)">')
NOTEBOOK_CODE = re.compile(r'<div class="(?P<classes>jp-(?:InputArea|OutputArea) [^"]*)">')
DIAGRAM = re.compile(r'<div class="handbook-diagram"')
MATH = re.compile(
    r'<(?P<tag>span|div) class="arithmatex"(?P<rest>[^>]*)>'
    r"<math-typeset data-search-exclude>(?P<body>.*?)</math-typeset>",
    re.DOTALL,
)
TEX = re.compile(r'<annotation encoding="application/x-tex">(?P<tex>.*?)</annotation>', re.DOTALL)
# In TeX, the words a reader could type: identifiers with their subscript (d_k, x_t, QK, softmax) and numbers; not
# commands (\frac, \top).
TEX_WORD = re.compile(r"(?<![\\A-Za-z])[A-Za-z][A-Za-z0-9]*(?:_\{?[A-Za-z0-9]+\}?)?|(?<![\w.])\d+(?:\.\d+)?")


def on_post_page(output: str, page, config) -> str:
    """Weigh the parts of the page for Pagefind (attributes only: what the reader sees does not change)."""
    search = page.meta.get("search")
    if isinstance(search, dict) and search.get("exclude"):  # front matter `search: {exclude: true}`, as in Material
        return output  # not a result: no data-pagefind-body
    output = ARTICLE.sub(r"\g<0> data-pagefind-body", output, count=1)
    output = DESCRIPTION.sub(r'\g<0> data-pagefind-meta="description[content]"', output, count=1)
    title = page.meta.get("title") or page.title  # the page's own title, not its shorter name in the nav
    if title:
        title = html.escape(title, quote=True)
        output = output.replace("</head>", f'<meta data-pagefind-meta="title[content]" content="{title}">\n</head>', 1)
    output = TLDR.sub(f'<div class="admonition abstract" data-pagefind-weight="{WEIGHTS["tldr"]}">', output)
    output = QUESTION.sub(
        lambda m: (
            f'<details class="question"{m["rest"]} data-pagefind-weight="{WEIGHTS["answer"]}">'
            f'<summary data-pagefind-weight="{WEIGHTS["question"]}">'
        ),
        output,
    )
    output = CODE.sub(lambda m: f'<div class="{m["classes"]}" data-pagefind-weight="{WEIGHTS["code"]}">', output)
    output = NOTEBOOK_CODE.sub(
        lambda m: f'<div class="{m["classes"]}" data-pagefind-weight="{WEIGHTS["code"]}">', output
    )
    output = DIAGRAM.sub(f'\\g<0> data-pagefind-weight="{WEIGHTS["diagram"]}"', output)
    return MATH.sub(index_tex, output)


def index_tex(match: re.Match) -> str:
    """Math: KaTeX's renderings out of the index, the TeX's identifiers (d_k, QK, softmax) in, as an attribute."""
    tex = TEX.search(match["body"])
    words = " ".join(
        dict.fromkeys(
            word.replace("{", "").replace("}", "")
            for word in TEX_WORD.findall(html.unescape(tex["tex"]) if tex else "")
        )
    )
    attributes = (
        f' data-pagefind-weight="{WEIGHTS["math"]}" data-pagefind-index-attrs="data-tex"'
        f' data-tex="{html.escape(words, quote=True)}"'
        if words
        else ""
    )
    return (
        f'<{match["tag"]} class="arithmatex"{match["rest"]}{attributes}>'
        f"<math-typeset data-search-exclude data-pagefind-ignore>{match['body']}</math-typeset>"
    )


def on_post_build(config) -> None:
    site = Path(config.site_dir)
    if not PAGEFIND.exists():
        raise PluginError(f"{PAGEFIND.relative_to(ROOT)} is missing: run `npm ci` (make does it) to build the search")
    command = [
        str(PAGEFIND),
        "--site",
        str(site),
        "--output-subdir",
        BUNDLE,
        "--force-language",
        "en",
        f"--include-characters={INCLUDE_CHARACTERS}",  # one argument: a value starting with "-" is not a flag
        f"--exclude-selectors={EXCLUDE_SELECTORS}",
        "--quiet",
        *(["--keep-index-url"] if offline(config) else []),  # from file://, a folder does not open its index.html
    ]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise PluginError(f"Pagefind could not index the site:\n{done.stdout}{done.stderr}")
    bundle = site / BUNDLE
    for path in bundle.iterdir():
        if path.name not in USED and not path.name.endswith(".pf_meta"):
            shutil.rmtree(path) if path.is_dir() else path.unlink()
    if offline(config):
        write_offline_bundle(bundle)


def offline(config) -> bool:
    return any(name.split("/")[-1] == "offline" for name in config.plugins)


def write_offline_bundle(bundle: Path) -> None:
    """From file://, browsers refuse to import modules and to fetch: wrap each index file in a script, and Pagefind's
    module into a plain script, which search.js loads instead (it answers Pagefind's fetches from those scripts)."""
    scripts = bundle / "offline"
    for path in sorted(bundle.rglob("*")):
        if path.is_file() and path.suffix not in (".js", ".css") and scripts not in path.parents:
            name = path.relative_to(bundle).as_posix()
            target = scripts / f"{name}.js"
            target.parent.mkdir(parents=True, exist_ok=True)
            data = base64.b64encode(path.read_bytes()).decode("ascii")
            target.write_text(f'__pagefindOffline("{name}","{data}");\n', encoding="ascii")
            path.unlink()  # unreadable from file://: only its script is of use
    module = (bundle / "pagefind.js").read_text(encoding="utf-8")
    exports = re.search(r"export\s*\{(?P<names>[^}]*)\};?\s*$", module)
    if not exports or "import.meta.url" not in module:
        raise PluginError("Pagefind's module changed shape: update write_offline_bundle in hooks/search.py")
    script = module[: exports.start()].replace("import.meta.url", "undefined")
    script = f"(function () {{\n{script}\nwindow.__pagefind = {{{exports['names']}}};\n}})();\n"
    (bundle / "pagefind.offline.js").write_text(script, encoding="utf-8")
    for name in ("pagefind.js", "pagefind-worker.js", "index", "fragment"):
        path = bundle / name
        shutil.rmtree(path) if path.is_dir() else path.unlink()
