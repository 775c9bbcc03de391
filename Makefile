# The two commands: `make run` (the dashboard on the seed corpus) and `make test` (the whole suite).
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
PORT    ?= 8501
APT     := $(shell [ "$$(id -u)" = 0 ] && echo apt-get || echo sudo apt-get)

.PHONY: install run test lint chromium bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: install
	$(BIN)/python -m analysis seed
	$(BIN)/streamlit run streamlit_app.py --server.port $(PORT)

# Debian's Chromium for the browser tests; never a browser download.
chromium:
	@command -v chromium >/dev/null || { $(APT) update -qq && DEBIAN_FRONTEND=noninteractive $(APT) install -y -qq chromium; }

lint: install
	$(BIN)/ruff check analysis app_pages tests benchmarks streamlit_app.py
	$(BIN)/ruff format --check analysis app_pages tests benchmarks streamlit_app.py

test: install chromium lint
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache artifacts
