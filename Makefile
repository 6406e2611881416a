# The front door. `make render` and `make test` set up .venv themselves on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
JOBS   ?= $(shell nproc 2>/dev/null || echo 2)
# the reference files the data were curated from (for `fidelity` and `curate` only)
REFERENCE_DIR ?= ../shared/reference-data

.PHONY: help install render test lint lab lock bench bench-scale refresh fidelity curate update clean
KERNEL := uschina

help:
	@echo "make render   set up .venv if needed and render the HTML site to build/site/index.html"
	@echo "make test     set up .venv if needed and run ruff, pytest (library) and nbval (notebooks)"
	@echo "make lab      open JupyterLab on notebooks/ with the project's kernel (ARGS=\"--port 8890 --no-browser\")"
	@echo "make lock     re-resolve requirements.lock from pyproject.toml (then commit it)"
	@echo "make bench    time a cold render against the naive papermill+nbconvert loop"
	@echo "make bench-scale  the renderer's overhead per job at 36, 120 and 360 jobs"
	@echo "make refresh  re-execute notebooks and keep only the nbval-checked outputs"
	@echo "make fidelity compare data/ with the reference files (REFERENCE_DIR=$(REFERENCE_DIR))"
	@echo "make curate   rebuild data/*.csv from the reference files"
	@echo "make update   fetch the latest official data (network; KEYS=\"usd_cny ...\" for some)"

# the pinned versions of requirements.lock, then uschina itself (editable, no other resolution)
$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "uschina needs Python 3.11 or newer; found " + sys.version.split()[0] + " (set PYTHON=python3.11)")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python ($(KERNEL))" >/dev/null
	touch $(STAMP)

# also: the project kernel (again, in case .venv predates it), JupyterLab's save hook and the
# git filter (.gitattributes): saving a run notebook leaves `git status` clean (lib/uschina/nbclean.py);
# a checkout without .venv (a second git worktree) passes notebooks through unchanged
install: $(STAMP)
	$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python ($(KERNEL))" >/dev/null
	mkdir -p $(VENV)/etc/jupyter
	cp etc/jupyter/jupyter_server_config.json $(VENV)/etc/jupyter/
	@if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then \
		git config filter.nbclean.clean \
			"sh -c '[ -x $(BIN)/python ] && exec $(BIN)/python -m uschina.nbclean; exec cat'" && \
		git config filter.nbclean.smudge cat && \
		echo "git filter nbclean configured for *.ipynb"; fi

# re-resolve the newest versions allowed by pyproject.toml into requirements.lock (pip-tools)
lock:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet "pip-tools>=7.4"
	$(BIN)/pip-compile --quiet --upgrade --extra test --strip-extras --no-emit-index-url \
		--no-emit-find-links --output-file requirements.lock pyproject.toml

render: $(STAMP)
	$(BIN)/uschina render --jobs $(JOBS) $(ARGS)

# one pytest run: the library tests and nbval over every notebook, in parallel by file
test: $(STAMP) lint
	$(BIN)/python -m pytest tests notebooks --nbval-lax --nbval-current-env \
		-n $(JOBS) --dist loadfile -p no:cacheprovider $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check lib tests tools benchmarks

lab: install
	cd notebooks && ../$(BIN)/jupyter lab $(ARGS)

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
