# The front door. `make render` and `make test` set up .venv themselves on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
JOBS   ?= $(shell nproc 2>/dev/null || echo 2)
# the reference files the data were curated from (for `fidelity` and `curate` only)
REFERENCE_DIR ?= ../shared/reference-data

.PHONY: help install render test lint lab bench bench-scale refresh fidelity curate update clean

help:
	@echo "make render   set up .venv if needed and render the HTML site to build/site/index.html"
	@echo "make test     set up .venv if needed and run ruff, pytest (library) and nbval (notebooks)"
	@echo "make lab      open JupyterLab on notebooks/ with the project's environment"
	@echo "make bench    time a cold render against the naive papermill+nbconvert loop"
	@echo "make bench-scale  the renderer's overhead per job at 36, 120 and 360 jobs"
	@echo "make refresh  re-execute notebooks and keep only the nbval-checked outputs"
	@echo "make fidelity compare data/ with the reference files (REFERENCE_DIR=$(REFERENCE_DIR))"
	@echo "make curate   rebuild data/*.csv from the reference files"
	@echo "make update   fetch the latest official data (network; KEYS=\"usd_cny ...\" for some)"

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "uschina needs Python 3.11 or newer; found " + sys.version.split()[0] + " (set PYTHON=python3.11)")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

render: $(STAMP)
	$(BIN)/uschina render --jobs $(JOBS) $(ARGS)

# one pytest run: the library tests and nbval over every notebook, in parallel by file
test: $(STAMP) lint
	$(BIN)/python -m pytest tests notebooks --nbval-lax --nbval-current-env \
		-n $(JOBS) --dist loadfile -p no:cacheprovider $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check lib tests tools benchmarks

lab: $(STAMP)
	cd notebooks && ../$(BIN)/jupyter lab

bench: $(STAMP)
	$(BIN)/python benchmarks/render_bench.py

# overhead per job at 36, 120 and 360 small jobs: must not grow with the plan
bench-scale: $(STAMP)
	$(BIN)/python benchmarks/scale_bench.py

refresh: $(STAMP)
	$(BIN)/python tools/refresh_notebooks.py

fidelity: $(STAMP)
	$(BIN)/uschina fidelity --reference-dir $(REFERENCE_DIR)

curate: $(STAMP)
	USCHINA_REFERENCE_DIR=$(REFERENCE_DIR) $(BIN)/python tools/curate.py $(ARGS)

# fetch each series from its official source; every fetch is kept in data/vintages/
update: $(STAMP)
	$(BIN)/uschina update $(KEYS) $(ARGS)

clean:
	rm -rf build
