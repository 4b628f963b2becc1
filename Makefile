# The README's two commands: `make run` and `make test`. Both build or refresh
# a local .venv from pyproject.toml, so a fresh machine needs only Python 3.11+.
# `make run` installs only what the app needs (SQLite); `make test` adds the
# test, lint and type tools and the PostgreSQL driver (CI tests PostgreSQL too).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# --no-compile: Python compiles what it imports on first use; compiling every
# file of every dependency up front made the first `make run` slower.
PIP := $(BIN)/python -m pip --quiet
INSTALL := $(PIP) install --no-compile

.PHONY: run test check lint typecheck bench wheel clean

# A venv that fails half-way (Debian and Ubuntu without python3-venv: no
# ensurepip) leaves .venv/bin/python without pip; removed, so that the next
# `make run`, once the package is installed, builds it again instead of
# failing on "No module named pip".
$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); exit 1; }

# One stamp per set of extras: each is refreshed when pyproject.toml changes.
$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(INSTALL) -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(INSTALL) -e '.[dev,postgres]'
	touch $@

$(VENV)/.installed-bench: pyproject.toml $(VENV)/.installed-dev
	$(INSTALL) -e '.[dev,postgres,bench]'
	touch $@

run: $(VENV)/.installed-run
	$(BIN)/catpack db upgrade
	$(BIN)/catpack serve

# Byte-compile what the tests import (skipped where up to date): many tests
# start `catpack serve` in a subprocess, and where PYTHONDONTWRITEBYTECODE is
# set (as on some CI machines) each one would otherwise compile catpack and
# its dependencies from source again, 20-40 s per server start.
# -n 2 --dist loadfile: two pytest processes (pytest-xdist), each taking whole
# test files, so a file's module fixtures (the browser, a prepared database)
# are made once per process. Every server a test starts takes a free port and
# each process migrates its own PostgreSQL schema (tests/conftest.py), so the
# two never collide. --no-loadscope-reorder keeps the collection order, which
# puts the longest files first (tests/conftest.py, SLOW_FIRST). The flags are
# here, not in pyproject's addopts, so that the pytest child process of the
# schemathesis test (and a plain `pytest path` while developing) runs alone.
test: $(VENV)/.installed-dev
	$(BIN)/python -m compileall -q -j 0 src $(VENV)/lib >/dev/null
	$(BIN)/python -m pytest -n 2 --dist loadfile --no-loadscope-reorder

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy

check: lint typecheck test

bench: $(VENV)/.installed-bench
	$(BIN)/python bench/engine.py
	$(BIN)/python bench/outcomes.py
	$(BIN)/python bench/calls.py
	$(BIN)/python bench/api.py

# The wheel `pipx install .` / `uv tool install .` would build, in dist/.
wheel: $(VENV)/.installed-dev
	$(PIP) wheel --no-deps --no-build-isolation --wheel-dir dist .

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache dist
