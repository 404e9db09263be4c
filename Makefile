# Developer checks: formatting, lint, types, the import contract and the tests.
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: check format lint types contract test
check: lint types contract test

format:
	$(BIN)/ruff format .

lint:
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

types:
	$(BIN)/mypy

contract:
	$(BIN)/lint-imports

test:
	$(BIN)/python -m pytest
