# The two commands that matter: `make demo` and `make test`. Both set up everything they need.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
VENV_ML := .venv-ml
PY_ML := $(VENV_ML)/bin/python
PIP_FLAGS := --quiet --disable-pip-version-check
SCALE ?= S
SEED ?= 7

RUNTIME_REQS := storage/requirements.txt pipeline/requirements.txt backend/requirements.txt

.PHONY: help venv venv-ml demo sample pipeline-run ml-train test test-fast test-fast-api test-fast-data test-fast-ml test-deps lint format docs bench bench-image bench-sample bench-pipeline bench-ml bench-api serve clean lock \
	frontend openapi bench-frontend load

help:
	@echo "make demo          set up, sample -> pipeline -> ml_env -> pipeline, serve the API on :8000"
	@echo "make test          set up, lint, run the whole test suite"
	@echo "make test-fast     the quick loop: every test not marked slow (about a minute)"
	@echo "make bench         every figure against its budget: benchmarks/results/report-S.md (SCALE=L)"
	@echo "make bench-sample  time the sample generator (SCALE=L for the large scale)"
	@echo "make docs          regenerate docs/data-contract.md and docs/gold-snapshot.md from the code"
	@echo "make format        format the Python code with ruff"

# One environment for pipeline + backend + test tools; ml_env has its own (see ml_env/).
# The project itself is installed editable (pyproject.toml): the packages import from any folder,
# and it brings no dependency of its own, so only the listed ones (no model library) come in.
$(VENV)/.installed: pyproject.toml requirements-dev.txt constraints.txt $(RUNTIME_REQS)
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install $(PIP_FLAGS) -e . -r requirements-dev.txt -c constraints.txt
	@touch $@

venv: $(VENV)/.installed

# ml_env's own environment: model libraries never enter .venv (the deployment's).
$(VENV_ML)/.installed: pyproject.toml ml_env/requirements.txt ml_env/requirements-dev.txt \
		ml_env/constraints.txt storage/requirements.txt
	@test -x $(PY_ML) || $(PYTHON) -m venv $(VENV_ML)
	$(PY_ML) -m pip install $(PIP_FLAGS) -e . -r ml_env/requirements-dev.txt -c ml_env/constraints.txt
	@touch $@

venv-ml: $(VENV_ML)/.installed

sample: venv
	$(PY) -m pipeline.sample --out landing --scale $(SCALE) --seed $(SEED) --clean

pipeline-run: venv
	$(PY) -m pipeline run

# Forecast from the newest training extract the pipeline wrote.
ml-train: venv-ml
	$(PY_ML) -m ml_env train --dataset exports/training --horizon 90 --out exports/ml_results --workers 2

demo: venv venv-ml frontend
	@echo "== 1/4 sample ERP exports -> landing/ =="
	$(PY) -m pipeline.sample --out landing --scale S --seed $(SEED) --clean
	@echo "== 2/4 pipeline: landing -> bronze -> silver -> gold, training extract =="
	$(PY) -m pipeline run
	@echo "== 3/4 ml_env: per-series model selection and forecasts =="
	$(MAKE) --no-print-directory ml-train
	@echo "== 4/4 pipeline again: forecasts -> reorder points =="
	$(PY) -m pipeline run
	$(PY) -m pipeline status
	@echo "== serving the dashboard on http://localhost:8000 (API docs: /docs; Ctrl-C to stop) =="
	$(PY) -m backend --host 127.0.0.1 --port 8000

# The API over the current snapshot of ./lake.
serve: venv
	$(PY) -m backend --host 127.0.0.1 --port 8000

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

docs: venv
	$(PY) -m pipeline.contract docs --out docs/data-contract.md
	$(PY) -m pipeline.gold docs --out docs/gold-snapshot.md

# System packages and services the tests use (chromium, Redis, npm): installed with apt-get
# when missing and running as root on Debian, Redis started when it is not running.
test-deps:
	@scripts/test-deps.sh

# pytest exits non-zero on any failure and with code 5 when no test ran. ml_env's tests (and
# the benchmark's extract builder, which uses it) run in its own environment, the rest in .venv.
# test-deps first: npm and chromium may be missing.
ML_TESTS := tests/ml_env tests/benchmarks/test_bootstrap_extract.py
test: test-deps
	@$(MAKE) --no-print-directory lint venv-ml frontend
	cd frontend && npm test
	$(PY) -m pytest --ignore=tests/ml_env --ignore=tests/benchmarks/test_bootstrap_extract.py
	$(PY_ML) -m pytest $(ML_TESTS)

# The quick loop while working: no browser, load, fault-injection or big-build tests (marked
# `slow`), no frontend build or lint; three pytest processes side by side (the API's tests, the
# rest of .venv's, ml_env's). Redis must be running (make test-deps starts it).
FAST := -q -m "not slow" -p no:cacheprovider
API_TESTS := tests/backend tests/frontend tests/deploy tests/load tests/faults tests/corpus
test-fast: venv venv-ml
	@$(MAKE) --no-print-directory -j2 --output-sync=target test-fast-api test-fast-data test-fast-ml

test-fast-api:
	@$(PY) -m pytest $(FAST) $(API_TESTS)

test-fast-data:
	@$(PY) -m pytest $(FAST) --ignore=tests/ml_env --ignore=tests/benchmarks/test_bootstrap_extract.py \
		$(addprefix --ignore=,$(API_TESTS))

test-fast-ml:
	@$(PY_ML) -m pytest $(FAST) $(ML_TESTS)

# Every figure against its budget (docs/performance.md), in one report:
# benchmarks/results/report-$(SCALE).md (S by default: a few minutes; SCALE=L: about half an hour).
bench: venv venv-ml frontend
	$(PY) benchmarks/report.py --scale $(SCALE)

bench-image: venv
	$(PY) benchmarks/bench_image.py

bench-sample: venv
	$(PY) benchmarks/bench_sample.py --scale $(SCALE) --seed $(SEED)

bench-ml: venv venv-ml
	$(PY) -m pipeline.sample --out benchmarks/results/landing-ml --scale S --seed $(SEED) --clean --quiet
	$(PY_ML) benchmarks/bench_ml.py --landing benchmarks/results/landing-ml --series 10000

# The dashboard (frontend/): npm ci once per lock file, a build only when a source changed.
FRONTEND_SOURCES := $(shell find frontend/src -type f 2>/dev/null) frontend/index.html \
	frontend/vite.config.ts frontend/tsconfig.json frontend/openapi.json
frontend/node_modules/.installed: frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund
	@touch $@

frontend/.build-stamp: frontend/node_modules/.installed $(FRONTEND_SOURCES)
	cd frontend && npm run build
	@touch $@

frontend: frontend/.build-stamp

# After an API change: the OpenAPI schema the typed client is generated from.
openapi: venv frontend/node_modules/.installed
	$(PY) frontend/scripts/dump_openapi.py
	cd frontend && npm run generate

bench-frontend: venv frontend
	$(PY) benchmarks/bench_frontend.py

# The budget is one answer's latency (docs/performance.md): one connection; with more clients
# than the 2 cores serve at once, p99 measures the queue (BENCH_ARGS="--concurrency 4").
bench-api: venv
	$(PY) benchmarks/bench_api.py --scale $(SCALE) --concurrency 1 $(BENCH_ARGS)

# Long load: LOAD_RATE req/s for LOAD_SECONDS from another process on the LOAD_SCALE lake, a new
# snapshot swapped in halfway; prints p50/p99, req/s and errors against the budgets
# (docs/performance.md).
LOAD_SCALE ?= L
LOAD_SECONDS ?= 60
LOAD_RATE ?= 100
load: venv
	$(PY) benchmarks/load.py --scale $(LOAD_SCALE) --seconds $(LOAD_SECONDS) --rate $(LOAD_RATE) --swap

bench-pipeline: venv
	$(PY) benchmarks/bench_pipeline.py --scale $(SCALE) --seed $(SEED)

# Decision benchmarks (docs/benchmarks.md): the RAF data in ../shared/data/raf/ through the
# product against statsforecast (skipped when absent; BENCH_ARGS="--limit 300" for a quick run),
# and a 180-day closed-loop replay of the reorder points on the sample's true demand (+ RAF).
.PHONY: bench-real bench-replay
BENCH_ARGS ?=
bench-real: venv venv-ml
	$(PY_ML) benchmarks/bench_real.py $(BENCH_ARGS)

bench-replay: venv venv-ml
	$(PY) benchmarks/bench_replay.py --raf $(BENCH_ARGS)

clean:
	rm -rf landing lake .pipeline-work .api-cache .pytest_cache .ruff_cache

# Re-pin the whole closure after editing a requirements file.
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install $(PIP_FLAGS) -r requirements-dev.txt
	( echo "# Full pinned closure of .venv (pipeline + backend + storage + dev tools)."; \
	  echo "# Regenerate with \`make lock\` after changing a requirements file."; \
	  .venv-lock/bin/pip freeze --disable-pip-version-check | grep -v '^-e' | sort -f ) > constraints.txt
	rm -rf .venv-lock
