# media-pipeline: `make dev` runs the whole stack locally, `make test` runs every test.
# Both set themselves up from a fresh clone, and do nothing twice.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

# One Python for development, tests and both Lambdas: the Lambda runtime's, named in .python-version
# (uv and pyenv read it too). PYTHON=/path/to/python3.12 overrides the search.
PYTHON_VERSION := $(shell cat .python-version)
PYTHON ?= $(shell command -v python$(PYTHON_VERSION) 2>/dev/null)
PORT ?= 8000
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
RUN := $(UV) run --frozen
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
# The interpreter itself, not a launcher such as pyenv's shim: uv compares this path with the
# venv's and would otherwise recreate .venv on every `uv run`.
export UV_PYTHON := $(shell $(PYTHON) -c 'import sys; print(sys.executable)' 2>/dev/null || echo $(PYTHON))
PYTHON_CHECK = version=$$($(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null) || true; \
	if [ "$$version" != "$(PYTHON_VERSION)" ]; then \
	  echo "media-pipeline needs Python $(PYTHON_VERSION), the Lambda runtime's version (found: $${version:-none})." >&2; \
	  echo "Install it (pyenv install $(PYTHON_VERSION), uv python install $(PYTHON_VERSION), or your system's" >&2; \
	  echo "python$(PYTHON_VERSION) package), or point at one: make $(MAKECMDGOALS) PYTHON=/path/to/python$(PYTHON_VERSION)" >&2; \
	  exit 1; fi

.PHONY: help setup dev test lint fmt schema unit integration contract package bench bench-av bench-observability coldstart load clean

help: ## list the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(UV):
	@$(PYTHON_CHECK)
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

$(VENV)/.synced: $(UV) pyproject.toml uv.lock .python-version
	@$(PYTHON_CHECK)
	$(UV) sync --locked --all-groups --quiet
	@touch $@

setup: $(VENV)/.synced ## install everything from the lock files (idempotent)

dev: setup ui ## run the whole pipeline locally on http://127.0.0.1:$(PORT); its data lasts (FRESH=1: start empty)
	$(RUN) mediapipe dev --port $(PORT) $(if $(FRESH),--fresh)

test: setup lint ui-lint ## lint, then every test suite
	$(RUN) pytest
	$(MAKE) --no-print-directory ui-test ui-e2e

unit: setup ## only the unit tests
	$(RUN) pytest tests/unit

integration: setup ## only the integration tests (real HTTP to the embedded stack)
	$(RUN) pytest tests/integration

contract: setup
	$(RUN) pytest tests/contract

lint: setup ## ruff, mypy and the import rules of docs/architecture.md
	$(RUN) ruff check .
	$(RUN) ruff format --check .
	$(RUN) mypy
	$(RUN) lint-imports

fmt: setup ## format and fix what ruff can
	$(RUN) ruff format .
	$(RUN) ruff check --fix .

ARCH ?= x86_64 arm64
package: setup ## build the Lambda zips into build/lambda/<arch>/ (ARCH="x86_64 arm64")
	PYTHONPATH=pulumi $(RUN) python -m infra.packaging $(foreach a,$(ARCH),--arch $(a)) \
		--uv $(UV) --pip "$(TOOLS)/bin/pip"

bench: setup ## image benchmark: ours against libvips (pyvips) making the same outputs
	$(RUN) python bench/run.py

bench-av: setup ## video and audio renditions: ours against the ffmpeg command line making the same ones
	$(RUN) python bench/renditions.py

bench-observability: setup ## what metrics and tracing cost the processor: observed/plain CPU time, same items
	$(RUN) python bench/observability.py

coldstart: setup ## each handler's cold start from the built x86_64 zips, as a ratio to a boto3 baseline
	$(RUN) python bench/coldstart.py

UPLOADS ?= 200
load: setup ## load test: a burst of $(UPLOADS) uploads + concurrent GraphQL clients on the local stack
	$(RUN) python bench/load.py --uploads $(UPLOADS)

schema: setup ## re-export schema.graphql from the code
	$(RUN) python -m app.graphql.export > schema.graphql

clean: ## remove installed environments and caches
	rm -rf $(VENV) $(TOOLS) .mypy_cache .ruff_cache .pytest_cache
	rm -rf ui/node_modules ui/dist ui/test-results

# --- The web UI (ui/, see docs/ui.md) ---------------------------------------------------------------
# npm packages come from ui/package-lock.json; Playwright drives Debian's /usr/bin/chromium and never
# downloads a browser of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
UI_DEPS := ui/node_modules/.installed
UI_DIST := ui/dist/index.html
UI_SOURCES := $(shell find ui/src ui/public -type f 2>/dev/null) ui/index.html ui/vite.config.ts \
	ui/tsconfig.json ui/tsconfig.app.json

.PHONY: ui ui-node ui-setup ui-lint ui-test ui-e2e

# Every UI target first checks the `node` on PATH (24+, see ui/package.json "engines"; ui/.nvmrc names
# the LTS to install) and, when it is older or missing, stops saying what to install.
ui-node:
	@ui/scripts/check-node.sh

$(UI_DEPS): ui/package.json ui/package-lock.json | ui-node
	cd ui && npm ci --no-audit --no-fund
	@touch $@

ui-setup: $(UI_DEPS) ## install the UI's npm packages (idempotent)

$(UI_DIST): $(UI_DEPS) $(UI_SOURCES)
	cd ui && npm run --silent build && npm run --silent size

ui: $(UI_DIST) ## build the UI into ui/dist (mediapipe dev serves it at /)

ui-lint: ui-setup ## the UI's codegen drift check, ESLint and TypeScript
	cd ui && npm run --silent codegen:check && npm run --silent lint && npm run --silent typecheck

ui-test: ui-setup ## the UI's unit tests (Vitest)
	cd ui && npm test

ui-e2e: setup ui ## the UI's end-to-end tests (Playwright on the real embedded stack)
	cd ui && npm run test:e2e
