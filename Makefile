# The README's two commands: `make test` and `make demo`.
PY := .venv/bin/python
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: test demo bootstrap lint typecheck pytest bench clean

bootstrap:
	@scripts/bootstrap.sh

test: bootstrap
	$(PY) -m ruff check .
	$(PY) -m mypy
	$(PY) -m pytest -q -p no:cacheprovider

lint: bootstrap
	$(PY) -m ruff check .

typecheck: bootstrap
	$(PY) -m mypy

pytest: bootstrap
	$(PY) -m pytest -q

demo: bootstrap
	.venv/bin/softphone demo $(DEMO_ARGS)

bench: bootstrap
	$(PY) -m bench $(BENCH)

clean:
	rm -rf .venv build dist .mypy_cache .ruff_cache .pytest_cache

# Packaged builds (packaging/README.md): one-dir bundle + .deb + source archive in build/package;
# package-test builds them and installs the .deb in a clean Debian root (minutes: not in `make test`).
.PHONY: package package-test
package: bootstrap
	$(PY) packaging/build.py --deb --out build/package

package-test: bootstrap
	$(PY) -m pytest -q -p no:cacheprovider -m package tests/packaging $(PYTEST_ARGS)

# The fuzz run alone (tests/integration/hardening/test_fuzz.py; `make test` runs it for 20 s):
# `SOFTPHONE_FUZZ_S=150 make fuzz PYTEST_ARGS=--timeout=300` for a longer one.
.PHONY: fuzz
fuzz: bootstrap
	$(PY) -m pytest -q -p no:cacheprovider -m fuzz tests/integration/hardening $(PYTEST_ARGS)
