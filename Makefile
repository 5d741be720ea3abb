# Every target sets up what it needs: a fresh clone runs `make serve` or `make test` and nothing else.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
BENCH  := bench
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build deploy check explain linkcheck linkcheck-online schema test lint format bench lock browser clean

serve: $(VENV)/.site ## Serve the site with live reload on 127.0.0.1:8000
	$(BIN)/mkdocs serve --no-strict --dev-addr 127.0.0.1:8000

build: $(VENV)/.site ## Strict build into site/
	$(BIN)/mkdocs build --strict --clean --site-dir site

deploy: $(VENV)/.site ## Publish to the gh-pages branch of origin (GitHub Pages)
	$(BIN)/mkdocs gh-deploy --strict --force --message "Publish {sha} with MkDocs {version}"

check: $(VENV)/.site ## Validate every quiz file without building the site
	PYTHONPATH=hooks $(BIN)/python -m quizkit quiz --docs docs

explain: $(VENV)/.site ## Check, then print for every outcome one set of answers that leads to it
	PYTHONPATH=hooks $(BIN)/python -m quizkit quiz --docs docs --explain

linkcheck: $(VENV)/.test ## Build, then check every link offline with lychee (make test does this too)
	$(BIN)/mkdocs build --strict --clean --site-dir site
	$(BIN)/python scripts/linkcheck.py site

linkcheck-online: linkcheck ## Then fetch every external link once with lychee (needs internet)
	$(BIN)/python scripts/linkcheck_online.py site

schema: $(VENV)/.site ## Regenerate quiz/schema.json from the model
	PYTHONPATH=hooks $(BIN)/python -m quizkit quiz --write-schema

test: lint browser ## Lint, then the whole test suite (browser tests included)
	$(BIN)/pytest

lint: $(VENV)/.test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(BENCH)/.venv/.ok $(BENCH)/node_modules/.ok browser ## Benchmark build, page and browser against the budget; writes bench/RESULTS.md
	$(BENCH)/.venv/bin/python bench/run.py

browser: ## Find Debian's Chromium, or install it (needs root and apt); fail loudly otherwise
	@scripts/ensure-chromium

lock: ## Re-pin requirements/*.txt (with hashes) from requirements/*.in
	$(PYTHON) -m pip install -q uv==0.13.8 --target $(VENV)/uv
	cd requirements && PYTHONPATH=../$(VENV)/uv ../$(VENV)/uv/bin/uv pip compile --python-version 3.11.7 --generate-hashes --no-header -q site.in -o site.txt
	cd requirements && PYTHONPATH=../$(VENV)/uv ../$(VENV)/uv/bin/uv pip compile --python-version 3.11.7 --generate-hashes --no-header -q test.in -o test.txt
	cd requirements && PYTHONPATH=../$(VENV)/uv ../$(VENV)/uv/bin/uv pip compile --python-version 3.11.7 --generate-hashes --no-header -q bench.in -o bench.txt

$(VENV)/.site: requirements/site.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check --require-hashes -r requirements/site.txt
	touch $@

$(VENV)/.test: requirements/test.txt $(VENV)/.site
	$(BIN)/python -m pip install -q --disable-pip-version-check --require-hashes -r requirements/test.txt
	touch $@

# The benchmark's own environment: the site's pins plus the peer plugin and Playwright, and a
# pinned Lighthouse; both ignored by git, neither touches .venv.
$(BENCH)/.venv/.ok: requirements/site.txt requirements/bench.txt
	test -x $(BENCH)/.venv/bin/python || $(PYTHON) -m venv $(BENCH)/.venv
	$(BENCH)/.venv/bin/python -m pip install -q --disable-pip-version-check --require-hashes -r requirements/site.txt
	$(BENCH)/.venv/bin/python -m pip install -q --disable-pip-version-check --require-hashes -r requirements/bench.txt
	touch $@

$(BENCH)/node_modules/.ok: $(BENCH)/package.json $(BENCH)/package-lock.json
	cd $(BENCH) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

clean:
	rm -rf site test-results .pytest_cache .ruff_cache
