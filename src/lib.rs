//! # asper
//!
//! Finds entity names and source-attribution phrases in news text, fast enough for corpora of
//! millions of articles, with offsets exact to the original text.
//!
//! A [`Matcher`] is a compiled set of phrases with optional labels. Matching is
//! Unicode-correct: simple case folding (not ASCII only), Unicode word boundaries with a
//! fallback to the next-longest valid match, and whitespace and typographic-punctuation
//! folding, all while reporting byte offsets into the text as given. The exact semantics are
//! written down in `DESIGN.md`.
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
//! Many documents are matched in parallel with [`Matcher::find_batch`], whose results are in
//! input order and equal to the sequential ones.
//!
//! # Crate features
//! * `python`: the PyO3 bindings of the `asper` Python package (off by default, so that
//!   `cargo test` and `cargo bench` need no Python).

#![deny(missing_docs)]
#![deny(rustdoc::broken_intra_doc_links)]

pub mod attribution;
mod batch;
mod boundary;
pub mod corpus;
mod error;
mod matcher;
mod normalize;
pub mod offsets;
mod unicode_tables;

#[cfg(feature = "python")]
mod python;

pub use attribution::{
    Attribution, AttributionKind, Attributor, AttributorBuilder, CueEntry, SourceEntry,
};
pub use batch::{after_fork_in_child, with_threads};
pub use boundary::is_word_char;
pub use error::{Error, ErrorKind, MAX_PATTERN_LEN, MAX_PATTERNS};
pub use matcher::{FindIter, Match, MatchKind, Matcher, MatcherBuilder};
pub use normalize::{is_white_space, punct_fold, simple_fold};
pub use unicode_tables::UNICODE_VERSION;

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
        assert_all::<Error>();
        assert_all::<FindIter<'static, 'static>>();
    }
}
