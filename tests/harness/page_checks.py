"""Checks on a page as a whole, collected as tests of the page after its examples (`pytest docs/x.md` runs them).

- `front matter`: title, description and tags, which search results, link previews and the tags page need.
- `practice questions`: each `??? question` starts with [E], [M] or [H] and has an answer indented under it.
- `links`: every relative link and image resolves to a file of docs/, and every `#anchor` to a heading (or an
  explicit `{ #id }`) of the page it points at, slugged as Python-Markdown's toc extension slugs it, without a site
  build. Absolute links and links to folders fail as the strict build fails on them.
- `diagrams` (pages with ```mermaid fences): each diagram draws, as the build draws it (hooks/render_diagrams.py).
- `structure`: the sections and the number of answered practice questions that the page's kind requires
  (../shared/HANDBOOK-GUIDE.md, templates/). Headings are matched by key words, so a page may word them its own way.

Each failure names the file and line. A page is read once per process (keyed by its modification time), so the
links of a whole section resolve against headings parsed once.
"""

from __future__ import annotations

import concurrent.futures
import posixpath
import re
from dataclasses import dataclass, field
from difflib import get_close_matches
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import markdown
import pytest
import yaml

from harness import pages

QUESTION = re.compile(r'^(\s*)\?\?\?\+?\s+question\s+"(?P<title>[^"]*)"')
DIFFICULTY = re.compile(r"^\[(E|M|H)\] ")
TLDR = re.compile(r'^(?:!!!|\?\?\?\+?)\s+\w+\s+"TL;DR"')
FENCE = re.compile(r"^(?P<indent>\s*)(?P<mark>`{3,}|~{3,})(?P<info>.*)$")
HEADING = re.compile(r"^(?P<indent>\s*)(?P<hashes>#{1,6})(?:\s+(?P<text>.*?))?\s*$")
CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)")
INLINE_MATH = re.compile(r"(?<![\\$])\$(?![\s$])[^$\n]*?(?<![\s\\])\$(?!\d)|\\\(.*?\\\)")
INLINE_LINK = re.compile(r"\]\(\s*(?:<(?P<angled>[^>\n]*)>|(?P<bare>[^\s)]+))(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
REFERENCE_DEFINITION = re.compile(r"^\s*\[(?!\^)[^\]]+\]:\s*<?(?P<target>[^\s>]+)>?")
HTML_LINK = re.compile(r"""\b(?:href|src)\s*=\s*["'](?P<target>[^"']+)["']""")
HTML_ID = re.compile(r"""\b(?:id|name)\s*=\s*["'](?P<id>[^"']+)["']""")
ATTR_ID = re.compile(r"\{:?[^}\n]*?#(?P<id>[A-Za-z][\w:.-]*)[^}\n]*\}")
FOOTNOTE = re.compile(r"\[\^(?P<label>[^\]\s]+)\](?P<definition>:)?")

CHECKS = ("front matter", "practice questions", "links", "structure", "diagrams")


# ---------------------------------------------------------------------------------------------------------------
# Reading a page


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    line: int  # 1-based
    anchor: str


@dataclass
class Page:
    path: Path
    lines: list[str]
    meta: dict
    meta_problem: str | None
    body_start: int  # index of the first line after the front matter
    in_code: list[bool]  # per line: inside a fenced block (fences included) or display math
    headings: list[Heading] = field(default_factory=list)
    anchors: set[str] = field(default_factory=set)

    @property
    def name(self) -> str:
        return pages.relative(self.path)

    def at(self, line: int) -> str:
        return f"{self.name}:{line}"

    def body(self):
        """(line number, line) for each line a reader sees as Markdown, not code."""
        for index in range(self.body_start, len(self.lines)):
            if not self.in_code[index]:
                yield index + 1, self.lines[index]

    def questions(self) -> list[tuple[int, str, bool]]:
        """Each `??? question`: its line, its title, and whether an answer is indented under it."""
        found = []
        for number, line in self.body():
            match = QUESTION.match(line)
            if not match:
                continue
            following = [later for later in self.lines[number : number + 3] if later.strip()]
            answered = bool(following) and indent_of(following[0]) > len(match.group(1))
            found.append((number, match.group("title"), answered))
        return found


def indent_of(line: str) -> int:
    return len(line) - len(line.lstrip())


def read(path: Path) -> Page:
    """The page, parsed once per process for as long as the file is unchanged."""
    stat = path.stat()
    return _read(path.resolve(), stat.st_mtime_ns, stat.st_size)


@cache
def _read(path: Path, mtime_ns: int, size: int) -> Page:
    lines = path.read_text(encoding="utf-8").splitlines()
    meta, problem, body_start = front_matter(lines)
    page = Page(path, lines, meta, problem, body_start, code_lines(lines))
    page.headings = headings(page)
    page.anchors = {heading.anchor for heading in page.headings} | other_anchors(page)
    return page


def front_matter(lines: list[str]) -> tuple[dict, str | None, int]:
    if not lines or lines[0].rstrip() != "---":
        return {}, None, 0
    end = next((index for index in range(1, len(lines)) if lines[index].rstrip() in ("---", "...")), None)
    if end is None:
        return {}, "the front matter has no closing ---", 0
    try:
        meta = yaml.safe_load("\n".join(lines[1:end])) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        return {}, f"line {line}: the front matter is not valid YAML: {error}", end + 1
    if not isinstance(meta, dict):
        return {}, "the front matter is not a mapping of keys to values", end + 1
    return meta, None, end + 1


def code_lines(lines: list[str]) -> list[bool]:
    """Which lines belong to a fenced code block (```` ``` ```` or `~~~`, at any indentation), fences included, or
    to display math (`$$` on its own line to the next)."""
    flags = [False] * len(lines)
    opening = None
    for index, line in enumerate(lines):
        if opening is None:
            match = FENCE.match(line)
            if match and not (match["mark"][0] == "`" and "`" in match["info"]):
                opening = match["mark"]
                flags[index] = True
            elif line.strip().startswith("$$") and not (len(line.strip()) > 2 and line.strip().endswith("$$")):
                opening = "$$"
                flags[index] = True
            continue
        flags[index] = True
        stripped = line.strip()
        closes_math = opening == "$$" and stripped.endswith("$$")
        if closes_math or (stripped.startswith(opening) and set(stripped) == {opening[0]}):
            opening = None
    return flags


@cache
def heading_renderer() -> markdown.Markdown:
    """Python-Markdown with the extensions mkdocs.yml configures: headings get the ids the site gives them."""
    from mkdocs.utils import yaml_load

    with open(pages.ROOT / "mkdocs.yml", encoding="utf-8") as config:
        configured = yaml_load(config).get("markdown_extensions", [])
    extensions, options = ["toc"], {}
    for entry in configured:
        name, settings = next(iter(entry.items())) if isinstance(entry, dict) else (entry, {})
        if name == "pymdownx.snippets":  # headings include nothing; and the snippet base path is relative
            continue
        if name != "toc":
            extensions.append(name)
        options[name] = settings or {}
    return markdown.Markdown(extensions=extensions, extension_configs=options)


def headings(page: Page) -> list[Heading]:
    """ATX headings outside code, with the ids the toc extension gives them (duplicates get _1, _2, ...)."""
    found = []
    for number, line in page.body():
        match = HEADING.match(line)
        if match and match["text"] and indent_of(line) % 4 == 0:
            found.append((match, number))
    if not found:
        return []
    renderer = heading_renderer()
    renderer.reset()
    document = "\n\n".join(f"{match['hashes']} {match['text']}" for match, _ in found)
    renderer.convert(document)
    tokens = list(flatten(renderer.toc_tokens))
    if len(tokens) != len(found):  # a line that looked like a heading but is not one: read them one by one
        tokens = []
        for match, _ in found:
            renderer.reset()
            renderer.convert(f"{match['hashes']} {match['text']}")
            tokens += list(flatten(renderer.toc_tokens))[:1] or [{"name": match["text"], "id": ""}]
    return [
        Heading(len(match["hashes"]), token["name"], number, token["id"])
        for (match, number), token in zip(found, tokens, strict=True)
    ]


def flatten(tokens):
    for token in tokens:
        yield token
        yield from flatten(token["children"])


def other_anchors(page: Page) -> set[str]:
    """Ids that are not headings': `{ #id }` on any block, raw HTML ids and names, footnotes."""
    anchors = set()
    for _, line in page.body():
        visible = visible_text(line)
        anchors.update(match["id"] for match in ATTR_ID.finditer(visible))
        anchors.update(match["id"] for match in HTML_ID.finditer(visible))
        for match in FOOTNOTE.finditer(visible):
            prefix = "fn" if match["definition"] else "fnref"
            anchors.add(f"{prefix}:{match['label']}")
    return anchors


def included_files(path: Path, root: Path) -> set[Path]:
    """The files of snippets/ that a page includes with `--8<--` lines (a section or line range counts as the file)."""
    included = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        match = pages.SNIPPET_LINE.match(line)
        if match and match.group("inline_marker") and not match.group("escape"):
            target = match.group("snippet")[1:-1].strip()
            included.add((root / "snippets" / re.sub(r"(:[^/:]*)+$", "", target)).resolve())
    return included


# ---------------------------------------------------------------------------------------------------------------
# The checks: each returns the problems, as "file:line: what is wrong, and what to do"


def check_front_matter(page: Page) -> list[str]:
    if page.meta_problem:
        return [f"{page.at(1)}: {page.meta_problem}"]
    required = ["title", "description"] + ([] if page.path.name == "tags.md" else ["tags"])
    missing = [key for key in required if not page.meta.get(key)]
    problems = []
    if missing:
        problems.append(
            f"{page.at(1)}: the front matter lacks {', '.join(missing)}: search results, link previews and the "
            f"tags page use them (see the template in templates/)"
        )
    tags = page.meta.get("tags")
    if tags and not (isinstance(tags, list) and all(isinstance(tag, str) for tag in tags)):
        problems.append(f"{page.at(1)}: tags is a list, one tag per line: `tags:` then `  - Fundamentals`")
    return problems


def check_practice_questions(page: Page) -> list[str]:
    problems = []
    for number, title, answered in page.questions():
        if not DIFFICULTY.match(title):
            problems.append(f"{page.at(number)}: start the question with its difficulty, [E], [M] or [H]: {title!r}")
        if not answered:
            problems.append(f"{page.at(number)}: the question has no answer indented under it (by four spaces)")
    return problems


def check_links(page: Page) -> list[str]:
    docs = pages.ROOT / "docs"
    try:
        where = page.path.relative_to(docs.resolve()).parent
    except ValueError:
        return []  # templates/ and the like: not part of the site
    problems = []
    for number, line in page.body():
        for target in link_targets(line):
            problem = link_problem(page, target, where, docs)
            if problem:
                problems.append(f"{page.at(number)}: {problem}")
    return problems


def visible_text(line: str) -> str:
    """The line without its code spans and inline math, where brackets and parentheses are not links."""
    return INLINE_MATH.sub("", CODE_SPAN.sub("", line))


def link_targets(line: str) -> list[str]:
    visible = visible_text(line)
    targets = [match["angled"] or match["bare"] for match in INLINE_LINK.finditer(visible)]
    targets += [match["target"] for match in REFERENCE_DEFINITION.finditer(visible)]
    targets += [match["target"] for match in HTML_LINK.finditer(visible)]
    return targets


def link_problem(page: Page, url: str, where: Path, docs: Path) -> str | None:
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None  # another site: the weekly link check (.github/workflows/links.yml) follows those
    if url.startswith(("/", "\\")):
        return f"the link {url!r} is absolute: link to the page's file, relative to this page (../section/page.md)"
    if not parts.path:
        if parts.fragment and parts.fragment not in page.anchors:
            return missing_anchor(url, page, "this page")
        return None
    target = posixpath.normpath(posixpath.join(where.as_posix(), unquote(parts.path)))
    if target == ".." or target.startswith("../"):
        return f"the link {url!r} points outside docs/: the site has no such page"
    file = docs / target
    if not file.is_file():
        if not posixpath.splitext(parts.path)[1]:
            return f"the link {url!r} is not a file: link to the page's .md file (section/page.md, section/index.md)"
        return f"the link {url!r} points at docs/{target}, which does not exist"
    if parts.fragment and file.suffix == ".md":
        linked = read(file)
        if parts.fragment not in linked.anchors:
            return missing_anchor(url, linked, linked.name)
    return None


def missing_anchor(url: str, linked: Page, described: str) -> str:
    fragment = urlsplit(url).fragment
    near = get_close_matches(fragment, sorted(linked.anchors), n=1, cutoff=0.6)
    hint = f"; did you mean #{near[0]}?" if near else ""
    return f"the link {url!r}: {described} has no heading or id #{fragment}{hint}"


# ---------------------------------------------------------------------------------------------------------------
# Page kinds: required sections and the number of answered questions


@dataclass(frozen=True)
class Section:
    title: str  # as the template words it
    words: str  # a regular expression matched against the lower-cased headings of the page


@dataclass(frozen=True)
class Kind:
    name: str
    template: str
    sections: tuple[Section, ...]
    questions: int  # answered practice questions, at least
    tldr: bool = True  # a TL;DR admonition before the first section
    links_to_pages: bool = False


PRACTICE = Section("Practice questions", r"practice|questions to practi[sc]e")
KINDS = {
    "fundamentals": Kind(
        "fundamentals",
        "templates/fundamentals.md",
        (
            Section("The idea in plain words", r"\bidea\b|plain words|intuition"),
            Section("The math", r"\bmath|equation|formula"),
            Section("Demonstration", r"demonstration"),
            Section("How interviewers probe it", r"interviewer"),
            Section("Pitfalls", r"pitfall|mistake"),
            PRACTICE,
            Section("Further reading", r"further reading|references|sources"),
        ),
        questions=7,  # every fundamentals page has 7 to 10; the round's new pages are asked for 7 (issue 13)
    ),
    "walkthrough": Kind(
        "system design walkthrough",
        "templates/system-design.md",
        (
            Section("The prompt", r"\bprompt\b"),
            Section("Clarifying questions", r"clarif"),
            Section("Scale estimate", r"scale|estimate|envelope"),
            Section("Frame it as an ML task", r"\bfram(e|ing)\b|ml task"),
            Section("Data and labels", r"\bdata\b|label"),
            Section("Features", r"feature"),
            Section("Model", r"\bmodel"),
            Section("Offline metrics", r"offline"),
            Section("Online evaluation", r"online|a/b"),
            Section("Serving and the latency budget", r"serving|latency"),
            Section("Monitoring, drift and retraining", r"monitor|drift"),
            Section("Failure modes and follow-up questions", r"failure|follow-up"),
            Section("A runnable toy of the crux", r"\btoy\b|runnable|simulat"),
            PRACTICE,
        ),
        questions=6,  # walkthroughs have 7 or 8; the generative walkthroughs are asked for at least 6 (issue 12)
    ),
    "paper": Kind(
        "paper explainer",
        "templates/paper.md",
        (
            Section("The problem before the paper", r"problem|before"),
            Section("The one idea", r"\bidea"),
            Section("The key equation", r"equation|formula|objective"),
            Section("Why it worked", r"why .*work|worked"),
            Section("What it changed, and what replaced it", r"changed|replaced|since|legacy"),
            Section("The mechanism, in NumPy", r"mechanism|numpy|demonstration"),
            Section("What interviewers ask", r"interviewer|questions"),
        ),
        questions=5,  # explainers have 5 to 9, most 6
    ),
    "coding": Kind(
        "coding problem",
        "templates/coding.md",
        (
            Section("The prompt", r"\bprompt\b|the problem"),
            Section("Clarifying questions", r"clarif"),
            Section("Approach and complexity", r"approach|complexity"),
            Section("The solution", r"solution|implementation"),
            Section("Tests against a reference", r"\btests?\b|reference"),
            Section("Follow-ups", r"follow-up"),
            PRACTICE,
        ),
        questions=3,  # coding problems have 3 or 4 (7 on the exemplary ROC AUC page)
    ),
    "behavioral": Kind(
        "behavioral",
        "templates/behavioral.md",
        (
            Section("The question", r"question"),
            Section("What it really tests", r"tests|assess|looking for"),
            Section("A STAR answer from an ML situation", r"\bstar\b"),
            Section("Weak and strong answers", r"weak|strong"),
            Section("Variations", r"variation"),
        ),
        questions=5,  # the variations, answered: 5 to 7 on every behavioral page
    ),
    # One screen of tables, sectioned by topic as each sheet needs, linking to the pages that explain each line.
    "cheat sheet": Kind("cheat sheet", "templates/cheat-sheet.md", (), questions=0, tldr=False, links_to_pages=True),
}

SECTION_KINDS = {
    "fundamentals": "fundamentals",
    "papers": "paper",
    "coding": "coding",
    "behavioral": "behavioral",
    "cheat-sheets": "cheat sheet",
}
TEMPLATE_KINDS = {
    "fundamentals.md": "fundamentals",
    "system-design.md": "walkthrough",
    "paper.md": "paper",
    "coding.md": "coding",
    "behavioral.md": "behavioral",
    "cheat-sheet.md": "cheat sheet",
}
WALKTHROUGH_TITLE = re.compile(r"^(system )?design\b", re.IGNORECASE)

# Pages of a kind's folder that are not of that kind, each with its reason. (Pages outside the kinds' folders, and
# index pages, are exempt by rule: see page_kind.)
EXCEPTIONS: dict[str, str] = {}


def page_kind(page: Page) -> tuple[Kind | None, str]:
    """The page's kind, or None and the reason it has none."""
    name = page.name
    if name in EXCEPTIONS:
        return None, EXCEPTIONS[name]
    parts = Path(name).parts
    if parts[0] == "templates":
        kind = TEMPLATE_KINDS.get(page.path.name)
        return (KINDS[kind], "") if kind else (None, "a template of no page kind")
    if parts[0] != "docs" or len(parts) < 3:
        return None, "a page outside the kinds' folders (the home page, the tags page): it has no template"
    section = parts[1]
    if section not in SECTION_KINDS and section != "system-design":
        return None, f"docs/{section}/ holds pages of no template's kind (guides, the interview loop, contributing)"
    if page.path.name == "index.md":
        return None, "a section's index lists its pages: it has no template"
    if section == "system-design":
        if WALKTHROUGH_TITLE.match(str(page.meta.get("title", ""))):
            return KINDS["walkthrough"], ""
        return None, (
            "a cross-cutting system design page (the framework, the numbers, experiments, monitoring), not a "
            "walkthrough: walkthroughs are titled 'System design: ...'"
        )
    return KINDS[SECTION_KINDS[section]], ""


def check_structure(page: Page) -> list[str]:
    kind, reason = page_kind(page)
    if kind is None:
        pytest.skip(f"{page.name}: no page kind, so no required sections: {reason}")
    template = page.path.parent.name == "templates"
    title = page.headings[0].line if page.headings and page.headings[0].level == 1 else 1
    problems = []
    sections = [heading for heading in page.headings if heading.level in (2, 3)]
    first_section = sections[0].line if sections else len(page.lines) + 1
    if kind.tldr and not any(TLDR.match(line) for number, line in page.body() if number < first_section):
        problems.append(
            f'{page.at(title)}: a {kind.name} page opens with a TL;DR before its first section: !!! abstract "TL;DR" '
            f"(see {kind.template})"
        )
    previous = title
    for section in kind.sections:
        found = next((heading for heading in sections if re.search(section.words, heading.text.lower())), None)
        if found is None:
            problems.append(
                f"{page.at(previous)}: no '{section.title}' section after this line: a {kind.name} page has one "
                f"(a heading matching /{section.words}/, as in {kind.template})"
            )
        else:
            previous = found.line
    if kind.links_to_pages and not any(
        target.split("#")[0].endswith(".md") and not urlsplit(target).scheme
        for _, line in page.body()
        for target in link_targets(line)
    ):
        problems.append(f"{page.at(title)}: a {kind.name} links each line to the page that explains it")
    answered = sum(1 for _, _, has_answer in page.questions() if has_answer)
    if answered < kind.questions and not template:
        practice = next((h.line for h in sections if re.search(PRACTICE.words, h.text.lower())), len(page.lines))
        problems.append(
            f"{page.at(practice)}: a {kind.name} page has at least {kind.questions} answered practice questions "
            f'(??? question "[M] ..." with its answer indented under it); this page has {answered}'
        )
    return problems


@cache
def diagram_drawer():
    """hooks/render_diagrams.py, the build's own Mermaid drawing (its cache is shared with the build)."""
    import importlib.util

    path = pages.ROOT / "hooks" / "render_diagrams.py"
    spec = importlib.util.spec_from_file_location("render_diagrams", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def has_diagrams(page: Page) -> bool:
    return any(line.strip().startswith(("```mermaid", "~~~mermaid")) for line in page.lines)


def check_diagrams(page: Page) -> list[str]:
    """Every ```mermaid fence draws, as the build draws it (a diagram drawn before comes from the build's cache)."""
    from mkdocs.exceptions import PluginError

    drawer = diagram_drawer()
    fences = drawer.mermaid_fences("\n".join(page.lines))
    places = [(page.name, line, index) for index, (line, _) in enumerate(fences, start=1)]

    def draw() -> None:
        try:
            drawer.draw([source for _, source in fences], places)
        finally:
            drawer.close()

    # In a thread of its own: Playwright's sync API refuses a thread whose asyncio loop runs (the browser tests'
    # loop, when they share this pytest worker).
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        try:
            pool.submit(draw).result()
        except PluginError as error:
            return [str(error)]
    return []


CHECK_FUNCTIONS = {
    "front matter": check_front_matter,
    "practice questions": check_practice_questions,
    "links": check_links,
    "structure": check_structure,
    "diagrams": check_diagrams,
}


# ---------------------------------------------------------------------------------------------------------------
# As pytest items


class PageCheckFailed(Exception):
    """A page-level rule that the page breaks: the message names the file and line of each problem."""


class PageCheck(pytest.Item):
    def __init__(self, *, check: str, **kwargs):
        super().__init__(**kwargs)
        self.check = check

    def runtest(self):
        problems = CHECK_FUNCTIONS[self.check](read(self.path))
        if problems:
            raise PageCheckFailed("\n".join(problems))

    def repr_failure(self, excinfo):
        if isinstance(excinfo.value, PageCheckFailed):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self):
        return self.path, 0, self.check  # a line, which pytest needs to report a skip at the page


def addini(parser) -> None:
    parser.addini("page_checks", "collect the page-level checks of each page (tests/harness/page_checks.py)", "bool")


def collect(parent: pytest.File):
    """The page checks of a Markdown page, as items of its file (after its examples), when page_checks is set."""
    if not parent.config.getini("page_checks"):
        return
    for check in CHECKS:
        if check == "diagrams" and not has_diagrams(read(parent.path)):
            continue
        item = PageCheck.from_parent(parent, name=check, check=check)
        if check == "structure":
            kind, reason = page_kind(read(parent.path))
            if kind is None:
                item.add_marker(pytest.mark.skip(reason=f"no page kind, so no required sections: {reason}"))
        yield item
