# The two commands of the README: `make install && .venv/bin/goldenthread demo`
# (the main job; `make demo` is the same) and `make test` (the whole suite, on
# SQLite and on a throwaway PostgreSQL, with the browser tests in Chromium).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: install demo test lint bench audit clean

$(STAMP): pyproject.toml
	rm -f $(VENV)/.installed-*
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/goldenthread demo

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

test: lint
	scripts/system-packages
	$(BIN)/pytest -n auto --dist loadfile
	scripts/with-postgres $(BIN)/pytest -n auto --dist loadfile -p no:cacheprovider tests/web tests/browser tests/finance

bench: $(STAMP)
	$(BIN)/python bench/bench_rate.py
	$(BIN)/python bench/bench_pack.py
	$(BIN)/python bench/bench_import.py
	$(BIN)/python bench/bench_register_import.py
	$(BIN)/python bench/bench_hostile.py
	$(BIN)/python bench/bench_apportion.py

# Known vulnerabilities in the pinned packages: needs the PyPI JSON API or OSV,
# which this project's CI cannot reach (docs/security.md, Dependencies).
audit: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check pip-audit==2.10.1
	$(BIN)/pip-audit --strict

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis out var
