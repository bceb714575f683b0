# steerco — the two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
EXAMPLE ?= examples/support-assistant.yaml
STAMP_RUN := $(VENV)/.installed-run
STAMP_DEV := $(VENV)/.installed-dev

.PHONY: run test lint typecheck pytest bench schema clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP_RUN): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(STAMP_DEV): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev,mpxj]"
	touch $@ $(STAMP_RUN)

## run: install, schedule the flagship example (its JSON goes to out/), forecast it and write
## its status report (out/<example>-status.html); then seed a local workspace
## (out/workspace.db: a site admin, whose password goes to out/workspace-admin.txt, and the
## bundled examples as projects; re-running adds nothing) and serve it on
## http://127.0.0.1:$(PORT)/ (the web app and the API) until Ctrl-C
WORKSPACE ?= out/workspace.db
PORT ?= 8000
run: $(STAMP_RUN)
	$(BIN)/steerco validate $(EXAMPLE)
	$(BIN)/steerco schedule $(EXAMPLE)
	$(BIN)/steerco schedule $(EXAMPLE) --format json --output out/$(notdir $(basename $(EXAMPLE))).json
	@echo "JSON written to out/$(notdir $(basename $(EXAMPLE))).json"
	$(BIN)/steerco forecast $(EXAMPLE) --iterations 5000
	$(BIN)/steerco report $(EXAMPLE) --out out/$(notdir $(basename $(EXAMPLE)))-status.html
	$(BIN)/steerco seed --db $(WORKSPACE) --password-file $(dir $(WORKSPACE))workspace-admin.txt examples/*.yaml
	@echo ""
	@echo "The workspace: open http://127.0.0.1:$(PORT)/ in a browser"
	@echo "First login: admin, password in $(dir $(WORKSPACE))workspace-admin.txt"
	@echo "(Ctrl-C stops the server; 'make run PORT=8080' serves on another port)"
	@echo ""
	$(BIN)/steerco serve --db $(WORKSPACE) --port $(PORT) --log-level warning

## test: install the dev extras, then ruff, mypy (strict on src/) and pytest
test: lint typecheck pytest

lint: $(STAMP_DEV)
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/ruff format --check src tests benchmarks tools
	$(BIN)/lint-imports

typecheck: $(STAMP_DEV)
	$(BIN)/mypy

pytest: $(STAMP_DEV)
	$(BIN)/pytest -n auto --dist worksteal

## bench: the benchmarks (slow, about two hours; not part of `make test`). Each solves
## afresh: the plan store is off (benchmarks/report.py times a stored plan on its own).
## The PSPLIB peer needs `$(BIN)/pip install pyjobshop` (benchmark only; skipped without it).
bench: export STEERCO_CACHE_DIR = off
bench: $(STAMP_DEV)
	$(BIN)/python benchmarks/cpm_scale.py
	$(BIN)/python benchmarks/montecarlo.py
	$(BIN)/python benchmarks/end_to_end.py
	$(BIN)/python benchmarks/backtest.py
	$(BIN)/python benchmarks/learning_curve.py
	$(BIN)/python benchmarks/forecast_levelled.py
	$(BIN)/python benchmarks/forecast_calendar_levelling.py
	$(BIN)/python benchmarks/report.py
	$(BIN)/python benchmarks/sgs_kernels.py
	$(BIN)/python benchmarks/calendar_sgs.py
	$(BIN)/python benchmarks/rcpsp_scale.py
	$(BIN)/python benchmarks/psplib.py --sets j30 j60 --limit 10
	$(BIN)/python benchmarks/fuzz.py
	$(BIN)/python benchmarks/api_load.py
	$(BIN)/python benchmarks/yaml_edit.py
	$(BIN)/python benchmarks/pages_load.py

## schema: regenerate docs/project.schema.json from the model
schema: $(STAMP_RUN)
	$(BIN)/steerco schema --output docs/project.schema.json

clean:
	rm -rf $(VENV) out build *.egg-info .mypy_cache .ruff_cache .pytest_cache
