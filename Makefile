# ruralwatch — the two commands are `make run` and `make test`; both set themselves up.
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint bench contracts venv clean test-unit format

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON) (Python 3.11)"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

venv: $(STAMP)

run: $(STAMP)  ## start PostgreSQL (RW_DATABASE_URL or embedded), the broker and every service
	$(BIN)/ruralwatch run

test: $(STAMP)  ## unit, contract, integration and e2e tests on the real PostgreSQL and broker
	$(BIN)/pytest $(PYTEST_ARGS)

test-unit: $(STAMP)
	$(BIN)/pytest tests/unit tests/contract

lint: $(STAMP)  ## ruff, mypy strict on services/, import-linter (services stay apart)
	$(BIN)/ruff check services tests bench
	$(BIN)/ruff format --check services tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff format services tests bench
	$(BIN)/ruff check --fix services tests bench

bench: $(STAMP)  ## SPEC §7 figures; writes bench/results/latest.json
	$(BIN)/python -m bench.run $(BENCH_ARGS)

contracts: $(STAMP)  ## regenerate contracts/ (JSON Schemas + AsyncAPI) from the pydantic contracts
	$(BIN)/ruralwatch contracts --out contracts

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
