# paizhu — `make demo` serves the demo city on SQLite; `make test` runs lint and the suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
ADDR ?= 127.0.0.1:8000

.PHONY: demo test lint format install install-dev migrate clean bench

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "需要 $(PYTHON)（Python 3.11）"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

demo: install
	PAIZHU_DEMO=1 $(BIN)/paizhu migrate --no-input
	PAIZHU_DEMO=1 $(BIN)/paizhu demo
	PAIZHU_DEMO=1 $(BIN)/paizhu serve $(ADDR)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache --no-logo
	PAIZHU_DEMO=1 $(BIN)/mypy

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: lint
	PAIZHU_DEMO=1 PAIZHU_VAR_DIR=$$(mktemp -d) $(BIN)/paizhu makemigrations --check --dry-run
	$(BIN)/pytest -n 2 --dist loadgroup

# Scale benchmarks (docs/benchmarks.md): PostgreSQL paizhu_bench, filled by `paizhu gen` when empty.
# make bench | make bench QUICK=1 | make bench SIZE=1000000 (reports and clues generated into an empty database)
bench: install
	$(if $(SIZE),BENCH_REPORTS=$(SIZE) BENCH_CLUES=$(SIZE)) PAIZHU_DEMO=1 $(BIN)/python bench/scale.py $(if $(QUICK),--quick)

clean:
	rm -rf $(VENV) var/static test-artifacts
