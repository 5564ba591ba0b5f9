# Every target bootstraps .venv from requirements.lock (generated from pyproject.toml).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SPECS := $(wildcard spec/*.yaml)

.PHONY: generate check lint test regen serve lock clean

$(STAMP): requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

generate: $(STAMP)
	$(PY) -m generator generate --strict $(addprefix --spec ,$(SPECS)) --out generated

check: $(STAMP)
	$(PY) -m generator check --strict $(addprefix --spec ,$(SPECS)) --out generated

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy

test: $(STAMP) check lint
	$(PY) -m pytest -q

regen: $(STAMP) generate
	$(PY) -m tests.regen_goldens

lock:
	uv pip compile pyproject.toml --extra dev --python-version 3.11 -o requirements.lock

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache

serve: $(STAMP)
	mkdir -p .data
	$(PY) -m reference --host 127.0.0.1 --port 8000 --db .data/reference.sqlite3
