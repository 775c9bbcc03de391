# The two commands: `make run` (the dashboard on the seed corpus) and `make test` (the whole suite).
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
PORT    ?= 8501
APT     := $(shell [ "$$(id -u)" = 0 ] && echo apt-get || echo sudo apt-get)

.PHONY: install run test lint chromium postgresql bench audit pins clean

install: $(STAMP)

# The tests run the cluster path and the DuckDB one too (tests/test_cluster.py,
# tests/test_query.py), so Dask and DuckDB are installed with them.
$(STAMP): pyproject.toml Makefile
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,cluster,duckdb]'
	touch $(STAMP)

run: install
	$(BIN)/python -m analysis seed
	$(BIN)/streamlit run streamlit_app.py --server.port $(PORT)

# Debian's Chromium for the browser tests; never a browser download.
chromium:
	@command -v chromium >/dev/null || { $(APT) update -qq && DEBIAN_FRONTEND=noninteractive $(APT) install -y -qq chromium; }

# Debian's PostgreSQL server for the store tests (scripts/pg runs a throw-away one).
postgresql:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null || { $(APT) update -qq && DEBIAN_FRONTEND=noninteractive $(APT) install -y -qq postgresql; }

lint: install
	$(BIN)/ruff check analysis app_pages tests benchmarks streamlit_app.py scripts/audit scripts/pins
	$(BIN)/ruff format --check analysis app_pages tests benchmarks streamlit_app.py scripts/audit scripts/pins

# A PostgreSQL server on a free localhost port for the run, stopped and deleted afterwards,
# whatever pytest's outcome; the tests find it in $ACTORSCOPE_TEST_PG.
test: install chromium postgresql lint
	@pgdir=$$(mktemp -d /tmp/actorscope-pg.XXXXXX); \
	trap 'bash scripts/pg stop "$$pgdir"' EXIT; trap 'exit 130' INT TERM; \
	url=$$(bash scripts/pg start "$$pgdir") || exit 1; \
	echo "PostgreSQL for the tests: $$url"; \
	ACTORSCOPE_TEST_PG="$$url" $(BIN)/python -m pytest

bench: install
	$(BIN)/python -m benchmarks

# Known vulnerabilities of the installed packages: "could not audit" when pip-audit's service
# answered for none, never a silent pass (scripts/audit); exit 1 only for a real finding.
audit: install
	$(BIN)/python scripts/audit

# Each pin beside the newest release on the package index (scripts/pins).
pins: install
	$(BIN)/python scripts/pins

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache artifacts
