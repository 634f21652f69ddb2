# Everything a fresh machine needs: `make run` (the main job; `make run PDF_DIR=...` for a folder
# of PDFs) and `make test` create the virtual environment and install the project (with its
# spaCy model) on first use.
PYTHON ?= python3
VENV ?= .venv
PDF_DIR ?=
CORPUS ?= ../shared/corpus/pdf
OUT ?= outputs
DATASET ?= ms-celeb-1m
GOLD ?= ../shared/corpus/gold.jsonl
REGISTRY ?= $(wildcard ../shared/registry)
REGISTRY_OPT := $(if $(REGISTRY),--registry "$(REGISTRY)")
STAMP := $(VENV)/.installed

.PHONY: install run test eval bench bench-run bench-storage clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e ".[test]"
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/citewatch run $(if $(PDF_DIR),--pdf-dir "$(PDF_DIR)") --out "$(OUT)" --dataset $(DATASET) $(REGISTRY_OPT)

test: $(STAMP)
	PREFECT_HOME="$$(mktemp -d)" DO_NOT_TRACK=1 $(VENV)/bin/pytest -q

eval: $(STAMP)
	$(VENV)/bin/citewatch eval --gold "$(GOLD)" --pdf-dir "$(CORPUS)" --dataset $(DATASET) $(REGISTRY_OPT)

bench: $(STAMP)
	$(VENV)/bin/python bench/bench_pipeline.py --pdf-dir "$(CORPUS)" $(REGISTRY_OPT)

bench-run: $(STAMP)
	$(VENV)/bin/python bench/bench_run.py --pdf-dir "$(CORPUS)" $(REGISTRY_OPT)

bench-storage: $(STAMP)
	$(VENV)/bin/python bench/bench_storage.py

clean:
	rm -rf $(VENV) .pytest_cache
