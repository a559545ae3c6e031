# Two commands do all the set-up on a fresh machine (Debian, Python 3.10+, no conda):
#   make demo   the whole instructor cycle on a synthetic cohort, ending with the OPD report
#   make test   the test suite
# Each target bootstraps .venv from pyproject.toml when it is missing or out of date.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip --disable-pip-version-check
PYTEST_ARGS ?=

.PHONY: help demo test lab lint release bench bench-grading bench-analytics screenshots clean-run hub

help:
	@echo "make demo     release, simulate a cohort of 60, grade it, write reports/ and the competency dashboard (bootstraps .venv)"
	@echo "make test     run the test suite (bootstraps .venv with the test extras)"
	@echo "make lab      open the course in JupyterLab on 127.0.0.1"
	@echo "make hub      (as root) install the course on JupyterHub for a cohort and start it: PORT=8000 IP=127.0.0.1 ROSTER=file"
	@echo "make release  build source/ from quizbank/, then regenerate release/ with nbgrader"
	@echo "make lint     ruff"
	@echo "make screenshots  rerun the browser test and keep its screenshot in docs/img/ (needs Debian chromium)"
	@echo "make bench    both benchmarks below"
	@echo "make bench-grading    stock nbgrader autograde vs egov-course grade on 200 synthetic submissions"
	@echo "make bench-analytics  Gradebook ORM loop vs SQL per-cell load on ~49,000 submissions; dashboard for 5,000 learners"
	@echo "make clean-run  delete learner data, gradebook.db and reports of this folder (the demo's too)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PIP) install --quiet -e ".[test]"
	touch $@

demo: $(VENV)/.installed
	$(BIN)/egov-course demo

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# --allow-root only where make runs as root (containers); JupyterLab refuses root otherwise.
LAB_ARGS ?=
lab: $(VENV)/.installed
	$(BIN)/jupyter lab --ip=127.0.0.1 --ServerApp.root_dir="$(CURDIR)" \
		$(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_ARGS)

# The course for a whole cohort on this machine (JupyterHub, one Linux account per person, PostgreSQL
# gradebook). As root; idempotent. IP=0.0.0.0 serves a computer lab. See README "Run a Bimtek".
PORT ?= 8000
IP ?= 127.0.0.1
ROSTER ?=
hub: $(VENV)/.installed
	$(BIN)/egov-course hub install --port $(PORT) --ip $(IP) $(if $(ROSTER),--roster "$(ROSTER)") --start

release: $(VENV)/.installed
	$(BIN)/egov-course quiz build
	$(BIN)/egov-course release

bench: bench-grading bench-analytics

bench-grading: $(VENV)/.installed
	$(BIN)/python -m bench.grading $(BENCH_ARGS)

bench-analytics: $(VENV)/.installed
	$(BIN)/python -m bench.analytics --dashboard $(BENCH_ARGS)

screenshots: $(VENV)/.installed-test
	EGOV_SCREENSHOT_DIR=$(CURDIR)/docs/img $(BIN)/python -m pytest -m browser -q

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests bench

# Remove what a demo or grading run wrote (learner data, gradebook, reports). Keeps .venv.
clean-run:
	rm -rf submitted autograded/*/ feedback reports simulation gradebook.db .nbgrader.log
