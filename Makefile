# make run   set everything up, then convert samples/ into out/
# make test  set everything up, then run the whole test suite
# make bench run the benchmarks (slow; figures go in the README)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test bench system system-test lexicons samples clean

run: system $(VENV)/.installed-run
	$(BIN)/viplan-ocr batch samples out

test: system-test $(VENV)/.installed-test
	$(BIN)/python -m pytest

bench: system $(VENV)/.installed-bench
	$(BIN)/python benchmarks/restore.py
	$(BIN)/python benchmarks/ocr.py
	$(BIN)/python benchmarks/batch.py
	$(BIN)/python benchmarks/real.py
	$(BIN)/python benchmarks/real_pages.py
	$(BIN)/python benchmarks/kept_right.py

system:
	@scripts/ensure-system-packages.sh

system-test:
	@scripts/ensure-system-packages.sh test

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test,dask]'
	touch $@ $(VENV)/.installed-run

$(VENV)/.installed-bench: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test,dask,bench]'
	touch $@ $(VENV)/.installed-test $(VENV)/.installed-run

lexicons: $(VENV)/.installed-run
	$(BIN)/python scripts/build_lexicon.py

digits: $(VENV)/.installed-run
	$(BIN)/python -m pip install -q -e '.[build]'
	$(BIN)/python scripts/build_digits.py

samples: $(VENV)/.installed-test
	$(BIN)/python scripts/make_samples.py

clean:
	rm -rf out .pytest_cache
