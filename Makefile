# Entry points. `make run` and `make test` set everything up on a machine with only Python 3.11
# and pip: they install uv if it is missing, then the locked environment in .venv.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
UV := $(PYTHON) -m uv
RUN := $(UV) run --frozen --no-sync

export DO_NOT_TRACK := 1
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export DAGSTER_HOME ?= $(CURDIR)/.dagster_home
export DBT_PROFILES_DIR := $(CURDIR)/dbt_project
export UV_LINK_MODE := copy
# Libraries compiled to bytecode once, at install: where the environment forbids writing .pyc
# files (PYTHONDONTWRITEBYTECODE), every process (each dbt step, each test) would otherwise
# compile dagster, dbt and GX from source again, about 1.5 s of each start.
export UV_COMPILE_BYTECODE := 1
export UV_PYTHON_DOWNLOADS := never
export PYTHONWARNINGS := ignore

.PHONY: help install run test lint format dev serve bench clean

help: ## list the entry points
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

.venv/.installed: pyproject.toml uv.lock
	@$(UV) --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet --disable-pip-version-check uv
	@$(UV) sync --frozen --quiet
	@touch $@

install: .venv/.installed ## create .venv from the lock file

run: install ## generate demo data if none, run the whole pipeline through Dagster, publish the site
	@$(RUN) python -m orchestration run

test: install lint ## the whole suite: lint, then pytest on two workers
	@$(RUN) pytest -n 2 --dist loadgroup

lint: install ## ruff (Python) and sqlfluff (dbt SQL)
	@$(RUN) ruff check .
	@$(RUN) ruff format --check .
	@UPT_WAREHOUSE_PATH=$$(mktemp -d)/lint.duckdb $(RUN) sqlfluff lint dbt_project/models --disable-progress-bar

format: install ## apply ruff and sqlfluff fixes
	@$(RUN) ruff check --fix .
	@$(RUN) ruff format .
	@UPT_WAREHOUSE_PATH=$$(mktemp -d)/lint.duckdb $(RUN) sqlfluff fix dbt_project/models --disable-progress-bar

dev: install ## the Dagster UI on http://127.0.0.1:3000, with the daemon running schedules and sensors
	@$(RUN) python -c "from orchestration.instance import ensure_dagster_home; ensure_dagster_home()"
	@UPT_AUTOMATION=$${UPT_AUTOMATION:-on} $(RUN) dagster dev -m orchestration.definitions -h 127.0.0.1 -p 3000

serve: install ## the published site on http://localhost:8000
	@$(RUN) python -m http.server 8000 --bind 127.0.0.1 --directory data/site/current

bench: install ## figures, not pass/fail: every stage at scales 1 and 10 (rows, seconds, peak memory, ratios) into BENCHMARKS.md
	@$(RUN) python -m orchestration.bench --scales 1 10

clean: ## remove generated data, the warehouse, the site and Dagster's run history
	rm -rf data .dagster_home target dbt_project/logs
