# Entry points: `make test` (everything the README promises), `make lint`, `make bench`.
PYTHON ?= python
CARGO ?= cargo

.PHONY: test test-rs test-py build dev lint bench

test: test-rs test-py

# Unit, integration and doc tests; benchmarks are compiled by `make lint` (clippy --all-targets)
# and run by `make bench`.
test-rs:
	$(CARGO) test --features corpus

# Rebuild the extension so pytest never sees a stale module.
build:
	$(PYTHON) -m pip install -e . --no-deps -q

# The extension built without LTO, for quick edit-test cycles (pytest runs against it).
dev:
	$(PYTHON) -m maturin develop --profile quick -q

test-py: build
	$(PYTHON) -m pytest -q

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --all-targets -- -D warnings
	$(CARGO) clippy --all-targets --features python -- -D warnings
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --no-deps -q --features corpus
	$(PYTHON) -m ruff format --check python tests/python benches
	$(PYTHON) -m ruff check python tests/python benches
	$(PYTHON) -m mypy
	$(PYTHON) -m mypy.stubtest asper._native --mypy-config-file pyproject.toml

bench:
	$(CARGO) bench --bench matching
