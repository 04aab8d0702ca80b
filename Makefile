# Two commands: `make serve` previews the site, `make test` runs every check.
# Both create .venv and install the pinned dependencies on first use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SITE := site
# Deterministic, offline runs: single-threaded BLAS, no plot windows, fixed hash order.
export OMP_NUM_THREADS := 1
export OPENBLAS_NUM_THREADS := 1
export MKL_NUM_THREADS := 1
export PYTHONHASHSEED := 0
export MPLBACKEND := Agg
export PYDEVD_DISABLE_FILE_VALIDATION := 1
export NO_MKDOCS_2_WARNING := 1

.PHONY: help serve build vendor browser test test-page test-changed lint offline lighthouse clean

help:
	@echo "While writing a page:"
	@echo "  make serve          preview the site with live reload on http://127.0.0.1:8000/handbook/"
	@echo "  make test-page PAGE=docs/fundamentals/regularization.md"
	@echo "                      every check on that page, in seconds: its examples, front matter, practice"
	@echo "                      questions, links and anchors, its kind's sections, the Markdown and spelling"
	@echo "                      linters, ruff on the snippets it includes (several pages: PAGE=\"a.md b.md\")"
	@echo "  make test-changed   make test-page on every page changed against main (BASE=main), committed or"
	@echo "                      not, and on the pages that include a changed snippet: run it before a pull request"
	@echo "Every check, as CI runs it:"
	@echo "  make test           the linters, the strict build, every example on every page, the site in Chromium"
	@echo "  make lint           the linters alone: ruff, codespell, pymarkdown, actionlint, zizmor"
	@echo "  make build          build the site into $(SITE)/ (strict: any warning fails)"
	@echo "  make offline        a copy of the site that works from file://, as ml-interview-handbook-offline.zip"
	@echo "  make lighthouse     Lighthouse (mobile) on the built site, one page per kind, median of RUNS=3 (not in"
	@echo "                      make test: a performance score moves with the machine's load)"
	@echo "Setup and housekeeping (the targets above run these when needed):"
	@echo "  make vendor         copy KaTeX's stylesheet and fonts from node_modules/ into $(VENDOR)/"
	@echo "  make browser        a Chromium for the browser tests (the system's, Debian's package or Playwright's)"
	@echo "  make clean          remove the built sites, the zip and the caches"
	@echo "  make help           this list (also plain make)"

$(BIN)/.installed: requirements.txt
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip==26.3
	$(BIN)/python -m pip install --quiet --requirement requirements.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

# Browser libraries the site serves itself, at the versions pinned in package-lock.json, with their licences.
# (Mermaid is not among them: hooks/render_diagrams.py draws diagrams at build time, from node_modules.)
VENDOR := docs/assets/vendor
$(VENDOR)/.installed: node_modules/.installed
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)/katex
	cp -r node_modules/katex/dist/katex.min.css node_modules/katex/dist/fonts node_modules/katex/LICENSE $(VENDOR)/katex/
	touch $@

vendor: $(VENDOR)/.installed

# The build draws diagrams in a headless Chromium (hooks/render_diagrams.py): `browser` makes sure there is one.
serve: $(BIN)/.installed $(VENDOR)/.installed browser
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

# Never add -q: `mkdocs build --strict -q` silently drops strictness.
build: $(BIN)/.installed $(VENDOR)/.installed browser
	$(BIN)/mkdocs build --strict --site-dir $(SITE)

# A Chromium for the build's diagrams and for tests/browser: the system's if there is one (Chrome on GitHub's
# runners), else Debian's package, else Playwright's own build.
CHROMIUM := $(shell command -v chromium || command -v chromium-browser || command -v google-chrome)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
browser: $(BIN)/.installed
ifeq ($(CHROMIUM),)
	if [ -r /etc/debian_version ] && ! grep -qi ubuntu /etc/os-release; then \
		$(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q chromium; \
	else \
		$(BIN)/playwright install chromium; \
	fi
endif

# Every stage runs even when an earlier one fails, so one run names every broken example: a lint error or a failed
# build does not hide the examples' results. A notebook that raises does not stop the build either (its cell is
# named by the notebook's own test); the tests that read the built site fail, naming the build, if it failed.
test: $(BIN)/.installed node_modules/.installed browser
	@failed=""; \
	$(MAKE) --no-print-directory lint || failed="$$failed lint"; \
	HANDBOOK_NOTEBOOK_CACHE=false HANDBOOK_NOTEBOOK_ALLOW_ERRORS=true $(MAKE) --no-print-directory build offline \
		|| { failed="$$failed build"; rm -rf $(SITE) site-offline; }; \
	HANDBOOK_SITE_DIR=$(SITE) HANDBOOK_OFFLINE_SITE_DIR=site-offline $(BIN)/python -m pytest -n auto \
		|| failed="$$failed pytest"; \
	if [ -n "$$failed" ]; then echo "make test failed in:$$failed (each failure is named above)"; exit 1; fi

# Every check that concerns the given pages, in seconds, and every problem named with its file and line: the pages'
# tests (examples, front matter, practice questions, links and anchors, the kind's sections; tests/harness/), the
# Markdown and spelling linters on the pages, and codespell and ruff on the snippet files they include. Each step runs
# even when an earlier one fails. Four pages or more run on every core.
test-page: $(BIN)/.installed node_modules/.installed browser  # Mermaid and Chromium draw the page's diagrams
ifeq ($(strip $(PAGE)),)
	@echo "Which page? Every check on one page (or several), in seconds:"
	@echo "  make test-page PAGE=docs/fundamentals/regularization.md"
	@echo "  make test-page PAGE=\"docs/coding/k-means.md docs/papers/adam.md\""
	@echo "  make test-changed   every page changed against main"
	@exit 2
else
	@failed=""; \
	$(BIN)/python -m pytest -n $(if $(word 4,$(PAGE)),auto,0) $(PAGE) || failed="$$failed pytest"; \
	markdown="$(filter %.md,$(PAGE))"; \
	if [ -n "$$markdown" ]; then \
		echo "pymarkdown $$markdown"; \
		$(BIN)/pymarkdown --config .pymarkdown.json scan $$markdown || failed="$$failed pymarkdown"; \
	fi; \
	snippets="$$($(BIN)/python scripts/page_files.py snippets $(PAGE))" || failed="$$failed snippets"; \
	echo "codespell $(PAGE) $$snippets"; \
	$(BIN)/codespell $(PAGE) $$snippets || failed="$$failed codespell"; \
	if [ -n "$$snippets" ]; then \
		echo "ruff $$snippets"; \
		$(BIN)/ruff check --quiet --output-format=concise $$snippets || failed="$$failed ruff-check"; \
		$(BIN)/ruff format --quiet --check $$snippets || failed="$$failed ruff-format"; \
	fi; \
	if [ -n "$$failed" ]; then echo "make test-page failed in:$$failed (each problem is named above)"; exit 1; fi; \
	echo "make test-page: every check passed."
endif

# The pages a branch changed against BASE (committed or not, new files included), and the pages that include a
# snippet it changed: the routine before a pull request.
BASE ?= main
test-changed: $(BIN)/.installed
	@pages="$$($(BIN)/python scripts/page_files.py changed $(BASE))" || exit 1; \
	if [ -z "$$pages" ]; then echo "No page changed against $(BASE), and no snippet a page includes."; exit 0; fi; \
	echo "Pages changed against $(BASE): $$pages"; \
	$(MAKE) --no-print-directory test-page PAGE="$$pages"

lint: $(BIN)/.installed node_modules/.installed
	$(BIN)/ruff check snippets tests scripts hooks conftest.py
	$(BIN)/ruff format --check snippets tests scripts hooks conftest.py
	$(BIN)/codespell docs snippets tests templates hooks scripts README.md CONTRIBUTING.md
	$(BIN)/pymarkdown --config .pymarkdown.json scan --recurse docs templates
	node scripts/actionlint.mjs .github/workflows/*.yml
	$(BIN)/zizmor --offline --no-progress --persona=auditor .github

# A copy of the site that works from file://, zipped: Material's offline plugin for the links, and the search's index
# wrapped in scripts that a browser loads from file:// (hooks/search.py).
offline: $(BIN)/.installed $(VENDOR)/.installed browser
	$(BIN)/mkdocs build --strict --config-file mkdocs.offline.yml --site-dir site-offline
	rm -f ml-interview-handbook-offline.zip
	cd site-offline && $(CURDIR)/$(BIN)/python -m zipfile -c ../ml-interview-handbook-offline.zip .

# Lighthouse (mobile), pinned in scripts/lighthouse.py and fetched by npx, on the site as built: home, math, diagram,
# notebook and heaviest pages, each the median of RUNS runs.
RUNS ?= 3
lighthouse: build
	CHROME_PATH=$(CHROMIUM) $(BIN)/python scripts/lighthouse.py --site $(SITE) --runs $(RUNS)

clean:
	rm -rf $(SITE) site-offline ml-interview-handbook-offline.zip .cache .pytest_cache
