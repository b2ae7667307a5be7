//! The Rust integration tests of asper, in one binary.

/// A naive matcher implementing DESIGN.md literally, independent of the crate's internals.
mod reference;

/// Hand-written table tests (pattern set, haystack, expected matches) per option combination.
mod table;

/// Property tests: the crate against the reference, plus structural invariants.
mod props;

/// Named regression tests for the subtle cases (fallback chain, prefix chains).
mod regression;

/// The two search engines (word starts, automaton) agree: news, long seeded and generated
/// texts, the hand-over on adversarial input.
mod engines;

/// The corpus pipeline: injected faults, accounting, outputs, atomicity, windows and order.
#[cfg(feature = "corpus")]
mod corpus;

/// Attribution extraction: rule tables, traps, TSV parsing, batch equality, no-panic fuzzing.
mod attribution;

/// Regression tests of the fuzz findings (fuzz/README.md), named after them.
#[cfg(feature = "corpus")]
mod fuzz_findings;
