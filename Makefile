# ruralwatch — the two commands are `make run` and `make test`; both set themselves up.
PYTHON ?= python3.11
# make run, make test and make bench run the development system on its public dev secrets
# (production, the default of every service, refuses them: README, configuration)
export RW_ENV ?= dev
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: coverage run test lint bench bench-scaling bench-purge chaos fuzz contracts client venv clean test-unit format sysdeps check

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON) (Python 3.11)"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev,embedded]"
	@touch $(STAMP)

venv: $(STAMP)

# Debian's chromium (the dashboard test drives it headless), poppler-utils (the PDF test renders with
# pdftoppm) with poppler-data (its CMaps: without them pdftotext reads no Chinese (CID) text) and a
# CJK font (Chinese text in both): installed when missing, as root or through sudo.
SYSDEPS := chromium poppler-utils poppler-data fonts-noto-cjk
sysdeps:
	@if command -v chromium >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 && [ -d /usr/share/poppler/cMap ] && fc-list 2>/dev/null | grep -qi "noto.*cjk"; then :; \
	else \
	  SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  echo "installing $(SYSDEPS) with apt-get"; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $(SYSDEPS) >/dev/null \
	  || { echo "could not install $(SYSDEPS): install them (Debian/Ubuntu: apt-get install $(SYSDEPS))"; exit 1; }; \
	fi

run: $(STAMP)  ## start PostgreSQL (RW_DATABASE_URL or embedded), the broker and every service
	$(BIN)/ruralwatch run

# Test files run on parallel workers (pytest-xdist), each with its own databases and broker; a file stays
# on one worker, so a module's fixtures are built once, and the longest files start first
# (services/launcher/testing.py). The chaos scenarios run beside the rest: their faults land on a busy
# machine, as they would in production, and what they check (nothing lost, doubled or diverged) holds
# whatever the timing. TEST_WORKERS=0 runs everything in this process.
TEST_WORKERS ?= 4
test: $(STAMP) sysdeps  ## unit, contract, integration, e2e and chaos tests on the real PostgreSQL and broker
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

test-unit: $(STAMP)
	$(BIN)/pytest tests/unit tests/contract

check: $(STAMP)  ## the inner loop: lint, types, import contracts, unit and contract tests (no services)
	$(BIN)/ruff check services tests bench
	$(BIN)/ruff format --check services tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/pytest -q -p no:cacheprovider -n 2 tests/unit tests/contract

lint: $(STAMP)  ## ruff, mypy strict on services/, import-linter (services stay apart)
	$(BIN)/ruff check services tests bench
	$(BIN)/ruff format --check services tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff format services tests bench
	$(BIN)/ruff check --fix services tests bench

# The reliability suite at length (make test runs it with 4 s of load around each fault).
CHAOS_SECONDS ?= 20
coverage: $(STAMP) sysdeps  ## make test under coverage (services/, subprocesses included); fails under 90 %
	rm -f .coverage .coverage.*
	$(BIN)/coverage run -m pytest -n $(TEST_WORKERS) --dist loadfile -q -p no:cacheprovider $(PYTEST_ARGS)
	$(BIN)/coverage combine -q
	$(BIN)/coverage report

chaos: $(STAMP)  ## faults under load: SIGKILL, broker and PostgreSQL restarts, group kill, redelivery, poison
	RW_CHAOS_SECONDS=$(CHAOS_SECONDS) $(BIN)/pytest tests/reliability -p no:cacheprovider -q

# Schemathesis on every service as a town officer and as an admin, every phase, a new random seed each
# run (RW_FUZZ_SEED=N repeats one); make test runs a short pass seeded from the commit.
FUZZ_EXAMPLES ?= 100
fuzz: $(STAMP)  ## fuzz every service's OpenAPI: random seed, every phase, FUZZ_EXAMPLES per operation
	RW_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/pytest tests/hostile/test_schemathesis.py tests/hostile/test_schemathesis_admin.py -p no:cacheprovider -q -s

bench: $(STAMP)  ## SPEC §7 figures (with the province-scale run); writes bench/results/latest.json
	$(BIN)/python -m bench.run $(BENCH_ARGS)

bench-scaling: $(STAMP)  ## reports throughput against instances in one consumer group; bench/results/scaling.json
	$(BIN)/python -m bench.scaling $(BENCH_ARGS)

bench-purge: $(STAMP)  ## retention purge of 1,000,000 sent outbox rows with the relay publishing; bench/results/purge.json
	$(BIN)/python -m bench.purge $(BENCH_ARGS)

CLIENT_VENV := .venv-client
client: $(STAMP)  ## contracts/openapi/*.json from the code, and clients/ generated from them alone
	test -x $(CLIENT_VENV)/bin/openapi-python-client || \
	  ($(PYTHON) -m venv $(CLIENT_VENV) && $(CLIENT_VENV)/bin/pip install -q "openapi-python-client==0.29.1")
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m services.launcher.clientgen --generator $(CLIENT_VENV)/bin/openapi-python-client

contracts: $(STAMP)  ## regenerate contracts/ (JSON Schemas + AsyncAPI) from the pydantic contracts
	$(BIN)/ruralwatch contracts --out contracts

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
