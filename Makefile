# Entry points: `make test` (everything the README promises), `make lint`, `make bench`.
PYTHON ?= python
CARGO ?= cargo

.PHONY: test test-rs test-py build dev lint bench compare guard fuzz

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

# The criterion benches (matching, attribution, corpus reading; see the doc comment at the top of
# each file in benches/ for its groups and environment variables). Saved baselines compare
# branches: `make bench SAVE=main` on main, then `make bench BASELINE=main` on a branch prints
# the change against it (criterion's --save-baseline and --baseline). BENCHES picks benches:
# `make bench BENCHES=matching`; extra criterion arguments (a filter) go in BENCH_ARGS.
BENCHES ?= matching attribution corpus
BENCH_ARGS ?=
bench:
	$(CARGO) bench --features corpus $(foreach b,$(BENCHES),--bench $(b)) -- \
		$(if $(SAVE),--save-baseline $(SAVE)) $(if $(BASELINE),--baseline $(BASELINE)) $(BENCH_ARGS)

# The comparison with the Python peers (benches/python/compare.py; outside `make test`): writes
# benches/results/compare.{md,json,png}. COMPARE_ARGS=--quick for a short run.
COMPARE_ARGS ?=
compare:
	$(PYTHON) benches/python/compare.py $(COMPARE_ARGS)

# The throughput guard: Callgrind counts of fixed workloads, asper against raw aho-corasick on the
# same bytes, checked against benches/guard/guard.toml. Needs valgrind, libclang and
# gungraun-runner (.ci/run installs them) and the shared data (skipped without it).
GUARD_JSON ?= target/guard.jsonl
guard:
	@if [ -z "$$ASPER_SHARED_DATA" ] && [ ! -d ../shared/data ]; then \
		echo "guard: skipped (no ../shared/data; set ASPER_SHARED_DATA)"; exit 0; fi; \
	$(CARGO) clippy -p asper-guard --all-targets -q -- -D warnings && \
	$(CARGO) bench -p asper-guard --profile quick --bench guard -- --output-format=json \
		> $(GUARD_JSON) && $(PYTHON) benches/guard/check.py $(GUARD_JSON)

# The fuzz targets (fuzz/, cargo-fuzz on the nightly toolchain; see fuzz/README.md), each run for
# FUZZ_SECONDS. FUZZ_TARGETS picks targets; corpora grow in fuzz/corpus/<target> (not committed),
# starting from fuzz/seeds/<target>; a crash is saved in fuzz/artifacts/<target> and stops `make`.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= matcher offsets attribution corpus load
FUZZ_SANITIZER ?= none
fuzz:
	@command -v cargo-fuzz >/dev/null || $(CARGO) install cargo-fuzz --locked
	@for t in $(FUZZ_TARGETS); do \
		mkdir -p fuzz/corpus/$$t fuzz/seeds/$$t; \
		echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
		$(CARGO) +nightly fuzz run -s $(FUZZ_SANITIZER) -O $$t fuzz/corpus/$$t fuzz/seeds/$$t -- \
			-max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=4096 \
			$$(case $$t in corpus|load) echo -max_len=65536;; *) echo -max_len=4096;; esac) \
			|| exit 1; \
	done
