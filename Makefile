# The two commands that matter: `make demo` and `make test`. Both set up everything they need.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP_FLAGS := --quiet --disable-pip-version-check
SCALE ?= S
SEED ?= 7

export PYTHONPATH := $(CURDIR)

RUNTIME_REQS := storage/requirements.txt pipeline/requirements.txt backend/requirements.txt

.PHONY: help venv demo sample test lint format docs bench-sample clean lock

help:
	@echo "make demo          set up, generate the S sample ERP data into landing/ and check it"
	@echo "make test          set up, lint, run the whole test suite"
	@echo "make bench-sample  time the sample generator (SCALE=L for the large scale)"
	@echo "make docs          regenerate docs/data-contract.md from the contract code"
	@echo "make format        format the Python code with ruff"

# One environment for pipeline + backend + test tools; ml_env has its own (see ml_env/).
$(VENV)/.installed: requirements-dev.txt constraints.txt $(RUNTIME_REQS)
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install $(PIP_FLAGS) -r requirements-dev.txt -c constraints.txt
	@touch $@

venv: $(VENV)/.installed

sample: venv
	$(PY) -m pipeline.sample --out landing --scale $(SCALE) --seed $(SEED)

demo: sample
	@echo
	@echo "== Checking the landing files against the raw-data contract =="
	$(PY) -m pipeline.contract check landing --show 5

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

docs: venv
	$(PY) -m pipeline.contract docs --out docs/data-contract.md

# pytest exits non-zero on any failure and with code 5 when no test ran.
test: lint
	$(PY) -m pytest

bench-sample: venv
	$(PY) benchmarks/bench_sample.py --scale $(SCALE) --seed $(SEED)

clean:
	rm -rf landing lake .pytest_cache .ruff_cache

# Re-pin the whole closure after editing a requirements file.
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install $(PIP_FLAGS) -r requirements-dev.txt
	( echo "# Full pinned closure of .venv (pipeline + backend + storage + dev tools)."; \
	  echo "# Regenerate with \`make lock\` after changing a requirements file."; \
	  .venv-lock/bin/pip freeze --disable-pip-version-check | grep -v '^-e' | sort -f ) > constraints.txt
	rm -rf .venv-lock
