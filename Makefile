# Every target bootstraps .venv from requirements.lock (generated from pyproject.toml).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SPECS := $(wildcard spec/*.yaml)

.PHONY: generate check lint spec-lint diff docs contract corpus test regen serve lock clean

# The project is installed as a plain path entry (editable_mode=compat): the default editable
# finder costs every command about 10 ms of start-up. The whole checkout is then importable
# (tests, bench), which only a development venv sees. A setuptools without the compat mode
# fails the first install (its message hidden), and the plain editable install runs instead.
$(STAMP): requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps --config-settings editable_mode=compat -e . 2>/dev/null \
	  || $(PY) -m pip install --quiet --no-deps -e .  # a setuptools without the compat mode
	touch $(STAMP)

generate: $(STAMP)
	$(PY) -m generator generate --strict $(addprefix --spec ,$(SPECS)) --out generated

check: $(STAMP)
	$(PY) -m generator check --strict $(addprefix --spec ,$(SPECS)) --out generated

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy
	$(PY) -m generator lint $(addprefix --spec ,$(SPECS))

# Spec lint alone: validity and house rules, each problem at file:line:col with a rule id.
spec-lint: $(STAMP)
	$(PY) -m generator lint $(addprefix --spec ,$(SPECS))

# Changes since BASE, each marked breaking for clients, servers or neither (exit 1 if breaking).
BASE ?= origin/main
diff: $(STAMP)
	$(PY) -m generator diff git:$(BASE):spec/api-tokens.yaml spec/api-tokens.yaml --format markdown

# Contract-test a running server: make contract URL=http://127.0.0.1:8000/api TOKEN=...
contract: $(STAMP)
	@test -n "$(URL)" -a -n "$(TOKEN)" || { echo "usage: make contract URL=... TOKEN=..." >&2; exit 2; }
	$(PY) -m contracts --base-url $(URL) --token $(TOKEN) --junit-xml build/contract-junit.xml

docs: $(STAMP)
	$(PY) -m generator docs --spec spec/api-tokens.yaml --out build/docs

test: $(STAMP) check lint
	$(PY) -m pytest -q

regen: $(STAMP) generate
	$(PY) -m tests.regen_goldens

# Every real-world document under ../shared/corpus: generate, compile, import, type-check a sample.
corpus: $(STAMP)
	$(PY) -m pytest -q -m corpus tests/test_corpus.py

lock:
	uv pip compile pyproject.toml --extra dev --python-version 3.11 -o requirements.lock

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache

serve: $(STAMP)
	mkdir -p .data
	$(PY) -m reference --host 127.0.0.1 --port 8000 --db .data/reference.sqlite3
