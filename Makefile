# Two commands set everything up from a fresh clone: `make site` and `make test`.
PYTHON ?= python3
# VENV may point elsewhere (tests run the CI steps in a copy, with the project's own environment).
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# mkdocs-material prints a long notice about its successor on every build; the build is the same.
export NO_MKDOCS_2_WARNING := 1

.PHONY: site serve preview test lint types pytest validate bench clean

site: $(STAMP)
	$(BIN)/mkdocs build --strict

serve: $(STAMP)
	$(BIN)/mkdocs serve --dirty

# A quick preview of some years of a large archive: make preview YEARS=2026 (or 2024-2026).
# (Each target has its own default YEARS: this year here, "1 5 20" for bench.)
preview: YEARS ?= $(shell date +%Y)
preview: $(STAMP)
	UNIONSITE_YEARS=$(YEARS) $(BIN)/mkdocs serve --dirty

# FORMAT=github annotates a pull request's lines; FORMAT=codeclimate REPORT=FILE writes GitLab's report.
validate: $(STAMP)
	$(BIN)/unionsite validate $(if $(FORMAT),--format $(FORMAT)) $(if $(REPORT),--output $(REPORT))

# How the generator scales: demo archives of YEARS years (default "1 5 20"), each timed for validation,
# full build, the plain-Markdown baseline, preview, search download and ingestion of INGEST_ROWS-row
# exports (rows over 10,000 only for the 20-year archive). Prints a table; writes benchmarks/results/.
# The 20-year archive takes a long while: `make bench YEARS=1 INGEST_ROWS=10000` is a quick run.
bench: YEARS ?= 1 5 20
INGEST_ROWS ?= 10000 100000
bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py --years "$(YEARS)" --ingest-rows "$(INGEST_ROWS)"

test: lint types pytest

lint: $(STAMP)
	$(BIN)/ruff check generator tests benchmarks

types: $(STAMP)
	$(BIN)/mypy generator

pytest: $(STAMP)
	$(BIN)/pytest -W error

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

clean:
	rm -rf site $(VENV)
