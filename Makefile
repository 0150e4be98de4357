# Two commands matter: `make demo` and `make test`. Both build .venv first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: install demo test lint bench screenshots clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,distributed]'
	touch $@

demo: install
	$(BIN)/sealtrail demo

test: install
	$(BIN)/ruff check crawler monitor feeds tests benchmarks
	$(BIN)/ruff format --check --quiet crawler monitor feeds tests benchmarks
	$(BIN)/python -m pytest

# The pages people read, opened in headless Chromium over the demo store (tests/test_browser.py):
# one PNG per page in screenshots/ (or $$SEALTRAIL_SCREENSHOTS), to look at.
screenshots: install
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/test_browser.py
	@echo "Screenshots: $${SEALTRAIL_SCREENSHOTS:-screenshots}/"

bench: install
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/rss_parse.py

clean:
	rm -rf $(VENV) build *.egg-info
