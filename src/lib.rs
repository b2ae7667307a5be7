//! # asper
//!
//! Finds entity names and source-attribution phrases in news text, fast enough for corpora of
//! millions of articles, with offsets exact to the original text.
//!
//! * A [`Matcher`] is a compiled set of phrases with optional labels: Unicode case folding,
//!   Unicode word boundaries with a fallback to the next-longest valid match, whitespace and
//!   typographic-punctuation folding, byte offsets into the text as given.
//! * An [`Attributor`] finds who is cited, by which cue ("according to X", "X said",
//!   "(With PTI inputs)", datelines), with a built-in cue lexicon and news-source gazetteer.
//! * The `corpus` module (feature `corpus`) runs either over corpus files (JSON Lines, gzip, zstd,
//!   Parquet, plain text) in parallel with bounded memory, writing JSON Lines, CSV or Parquet.
//!
//! The exact semantics are the contract in `DESIGN.md`; the tests hold a reference
//! implementation of it that the matcher is compared with.
//!
//! # Example
//!
//! ```
//! use asper::{MatchKind, MatcherBuilder};
//!
//! let m = MatcherBuilder::new()
//!     .build_with_labels([("New York", Some("PLACE")), ("New York Times", Some("NEWS_ORG"))])
//!     .unwrap();
//! let text = "according to The New\u{a0}York Times, and New York Timesfoo";
//! let found: Vec<(&str, Option<&str>)> =
//!     m.find_iter(text).map(|x| (&text[x.start..x.end], m.label(x.pattern))).collect();
//! assert_eq!(found, [("New\u{a0}York Times", Some("NEWS_ORG")), ("New York", Some("PLACE"))]);
//! assert_eq!(m.match_kind(), MatchKind::Longest);
//! ```
//!
//! # Options
//!
//! [`MatcherBuilder`] has four options; the defaults suit news text:
//!
//! | option | default | meaning |
//! |---|---|---|
//! | [`ignore_case`](MatcherBuilder::ignore_case) | off | Unicode simple case folding: `istanbul` matches `İSTANBUL`, `straße` matches `STRAẞE` |
//! | [`whole_words`](MatcherBuilder::whole_words) | on | a match does not touch a word character on a side where the pattern has one |
//! | [`normalize`](MatcherBuilder::normalize) | on | a whitespace run (newline, NBSP, thin space) matches one space; curly quotes and dashes match ASCII ones |
//! | [`match_kind`](MatcherBuilder::match_kind) | [`MatchKind::Longest`] | which of overlapping matches are reported |
//!
//! ## Match kinds
//!
//! * [`MatchKind::Longest`]: leftmost-longest, non-overlapping. At the leftmost position where
//!   a valid match starts, the longest one.
//! * [`MatchKind::First`]: leftmost-first, non-overlapping. At the leftmost position, the valid
//!   match of the earliest-added pattern.
//! * [`MatchKind::All`]: every valid match, overlapping ones included, ordered by start, end
//!   and pattern id.
//!
//! ```
//! use asper::{MatchKind, MatcherBuilder};
//!
//! let pats = ["according to", "according to Reuters", "Reuters"];
//! let text = "according to Reuters";
//! let spans = |kind| -> Vec<(usize, usize, usize)> {
//!     let m = MatcherBuilder::new().match_kind(kind).build(pats).unwrap();
//!     m.find_iter(text).map(|x| (x.start, x.end, x.pattern)).collect()
//! };
//! assert_eq!(spans(MatchKind::Longest), [(0, 20, 1)]);
//! assert_eq!(spans(MatchKind::First), [(0, 12, 0), (13, 20, 2)]);
//! assert_eq!(spans(MatchKind::All), [(0, 12, 0), (0, 20, 1), (13, 20, 2)]);
//! ```
//!
//! ## Word boundaries and the fallback
//!
//! Word characters are the Alphabetic characters, numbers (Nd, Nl, No), marks (Mn, Mc, Me) and
//! connector punctuation (Pc), from the Unicode version [`UNICODE_VERSION`] (tables generated
//! from vendored UCD files, so boundaries do not change with the compiler). Under `whole_words`,
//! when the preferred candidate at a position fails the boundary test, the next-preferred valid
//! one at the same position is reported:
//!
//! ```
//! let m = asper::Matcher::new(["New York", "New York Times", "AP"]).unwrap();
//! let text = "New York Timesfoo, APPLE, ÉAPÉ, AP's";
//! let found: Vec<&str> = m.find_iter(text).map(|x| &text[x.start..x.end]).collect();
//! assert_eq!(found, ["New York", "AP"]);
//! ```
//!
//! # Offsets
//!
//! Every [`Match`] and [`Attribution`] holds byte offsets into the original text, on
//! character boundaries, whatever folding did: `&text[m.start..m.end]` is the matched text.
//! [`offsets`] converts them to code points (what Python's `str` slicing uses) in one walk.
//!
//! # Threads
//!
//! [`Matcher`] and [`Attributor`] are immutable, `Send` and `Sync`. [`Matcher::find_batch`] and
//! [`Attributor::extract_batch`] run documents in parallel on rayon (`threads: None` is one
//! thread per core) and return results in input order, equal to the sequential ones.
//!
//! ```
//! let m = asper::Matcher::new(["Reuters"]).unwrap();
//! let docs = ["Reuters said", "nothing here", "(Reuters) -"];
//! let all = m.find_batch(&docs, Some(2)).unwrap();
//! assert_eq!(all.iter().map(Vec::len).collect::<Vec<_>>(), [1, 0, 1]);
//! ```
//!
//! # Errors
//!
//! Building returns a [`BuildError`] that names the entry (index, kind, value) or the file line
//! at fault; running returns an [`Error`] (a thread pool, and for corpus scans I/O with the
//! [`std::io::Error`] as its source, bad records, a closed pipe, a cancellation). Nothing
//! panics on user input.
//!
//! # Crate features
//! * `corpus`: the corpus pipeline (module `corpus`: JSON Lines, gzip, zstd, Parquet, CSV, Arrow),
//!   off by default so that a Rust user of the matcher does not compile Arrow and Parquet.
//! * `python`: the PyO3 bindings of the `asper` Python package (implies `corpus`).

#![deny(missing_docs)]
#![deny(rustdoc::broken_intra_doc_links)]

mod ac;
pub mod attribution;
mod boundary;
#[cfg(feature = "corpus")]
pub mod corpus;
mod dfa;
mod error;
mod interleave;
mod matcher;
mod normalize;
pub mod offsets;
mod persist;
mod strings;
mod threads;
mod trie;
mod unicode;
mod word;

#[cfg(feature = "python")]
mod python;

pub use attribution::{
    Attribution, AttributionKind, Attributor, AttributorBuilder, CueEntry, SourceEntry,
};
pub use error::{
    BuildError, BuildErrorKind, Entry, Error, ErrorKind, MAX_PATTERN_LEN, MAX_PATTERNS,
};
pub use matcher::{FindIter, Match, MatchKind, Matcher, MatcherBuilder, Search};
pub use unicode::UNICODE_VERSION;

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

#[cfg(test)]
mod oibits {
    use super::*;
    use std::panic::{RefUnwindSafe, UnwindSafe};

    fn assert_all<T: Send + Sync + UnwindSafe + RefUnwindSafe>() {}

    #[test]
    fn oibits() {
        assert_all::<Matcher>();
        assert_all::<MatcherBuilder>();
        assert_all::<Match>();
        assert_all::<MatchKind>();
        assert_all::<BuildError>();
        // Not unwind-safe: it may hold an `io::Error` (a boxed `dyn Error`).
        fn send_sync<T: Send + Sync>() {}
        send_sync::<Error>();
        assert_all::<Attributor>();
        assert_all::<Attribution>();
        assert_all::<FindIter<'static, 'static>>();
    }
}
