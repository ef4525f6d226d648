# The two commands of the README: `make report` builds, `make test` tests.
# The first Python >= 3.11.5 on PATH (some pinned packages require it).
PYTHON ?= $(shell for p in python3 python3.11 python3.12 python3.13; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11, 5))' 2>/dev/null \
	&& { echo $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell sha256sum requirements.lock pyproject.toml | sha256sum | cut -c1-16)

.PHONY: report test check lab lock clean bench release preview

$(STAMP): requirements.lock pyproject.toml
	@test -n "$(PYTHON)" || { echo "make: no Python >= 3.11.5 on PATH (set PYTHON=/path/to/python3)" >&2; exit 1; }
	rm -f $(VENV)/.installed-*
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip==26.3"
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

report: $(STAMP)
	$(BIN)/hpreport build

check: $(STAMP)
	$(BIN)/hpreport check

test: $(STAMP)
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest

# Archive an edition into editions/<id>/ (editions/README.md); EDITION=2025 for a reconstruction.
release: $(STAMP)
	$(BIN)/hpreport release $(if $(EDITION),--edition $(EDITION))

preview: $(STAMP)
	$(BIN)/hpreport preview

lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=.

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_build.py
	test -f _output/report.html || $(BIN)/hpreport build
	$(BIN)/python benchmarks/bench_page.py

# Re-resolve the pins from the direct dependencies in pyproject.toml.
lock:
	rm -rf /tmp/hpreport-lock && $(PYTHON) -m venv /tmp/hpreport-lock
	/tmp/hpreport-lock/bin/pip install --quiet "pip==26.3" setuptools==80.9.0 wheel==0.45.1 .
	{ echo "# Exact pins for every Python package of the project (Python 3.11)."; \
	  echo "# Regenerate: make lock (after changing dependencies in pyproject.toml)."; \
	  /tmp/hpreport-lock/bin/pip freeze --all | grep -v -e '^pip==' -e '^hpreport' | sort -f; } > requirements.lock
	$(BIN)/python -m helpers.publish.envfile > environment.yml

clean:
	rm -rf _output .cache
