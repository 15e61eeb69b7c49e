# media-pipeline: `make dev` runs the whole stack locally, `make test` runs every test.
# Both set themselves up from a fresh clone, and do nothing twice.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
PORT ?= 8000
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
RUN := $(UV) run --frozen
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: help setup dev test lint fmt schema unit integration contract package bench clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

$(VENV)/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --locked --all-groups --quiet
	@touch $@

setup: $(VENV)/.synced ## install everything from the lock files (idempotent)

dev: setup ## run the whole pipeline locally on http://127.0.0.1:$(PORT)
	$(RUN) mediapipe dev --port $(PORT)

test: setup lint ## lint, then every test suite
	$(RUN) pytest

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

schema: setup ## re-export schema.graphql from the code
	$(RUN) python -m app.graphql.export > schema.graphql

clean: ## remove installed environments and caches
	rm -rf $(VENV) $(TOOLS) .mypy_cache .ruff_cache .pytest_cache
