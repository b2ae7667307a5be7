//! Attribution extraction: who is cited, by which cue, where.
//!
//! An [`Attributor`] combines two [`Matcher`]s, one over a cue lexicon ("according to", "said",
//! "(With", "Reporting by", ...) and one over a gazetteer of news sources (Reuters, PTI,
//! Yonhap, ...), with hand-written rules around each cue match: sentence bounds, the extent of
//! the source noun phrase before or after the cue, inversion after quotes, appositives, chains
//! ("X, citing Y"), credit lines and datelines, and guards against traps ("according to plan",
//! "is said to be", "the said property", "Citing weak demand"). The rules are described in
//! `DESIGN.md` (section "Attribution").
//!
//! ```
//! use asper::attribution::{Attributor, AttributionKind};
//!
//! let a = Attributor::new().unwrap();
//! let text = "MOSCOW (Reuters) - Prices fell, the Interfax news agency said, citing traders.";
//! let found: Vec<_> = a
//!     .extract(text)
//!     .into_iter()
//!     .map(|r| (r.kind, &text[r.cue_start..r.cue_end], &text[r.source_start..r.source_end]))
//!     .collect();
//! assert_eq!(
//!     found,
//!     [
//!         (AttributionKind::CreditLine, "MOSCOW", "Reuters"),
//!         (AttributionKind::Said, "said", "the Interfax news agency"),
//!         (AttributionKind::AccordingTo, "citing", "traders"),
//!     ]
//! );
//! ```

mod lexicon;
mod rules;
mod text;

use std::sync::Arc;

use crate::error::{BuildError, Error};
use crate::matcher::{Matcher, MatcherBuilder};
use crate::normalize::FoldOptions;
use crate::offsets::Spans;

pub use lexicon::{
    AttributionKind, BUILTIN_CUES_TSV, BUILTIN_INSTITUTIONS_TSV, BUILTIN_SOURCES_TSV, CueDirection,
    CueEntry, SourceEntry,
};

/// One attribution: a cue, its source and the sentence they are in. All offsets are byte
/// offsets into the original text, on character boundaries: `text[cue_start..cue_end]` is the
/// cue and `text[source_start..source_end]` the source as written.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Attribution {
    /// The kind of attribution.
    pub kind: AttributionKind,
    /// Start of the cue.
    pub cue_start: usize,
    /// End of the cue.
    pub cue_end: usize,
    /// Start of the source noun phrase.
    pub source_start: usize,
    /// End of the source noun phrase.
    pub source_end: usize,
    /// The gazetteer's canonical name when the source names a known entity (`None` for
    /// pronouns, anonymous sources and names not in the gazetteer).
    pub canonical: Option<Arc<str>>,
    /// Start of the sentence containing the cue.
    pub sentence_start: usize,
    /// End of the sentence containing the cue.
    pub sentence_end: usize,
    /// The index, in the same list of records, of the record this one is relayed by: the record
    /// of `Y` in "X, citing Y, reported" or "X quoted Y as saying" has the index of X's record
    /// (`reported`, `quoted`); a prepositional record inside a quotation ("“As per the data,
    /// ...,” the minister said") has the index of the speaker's. `None` for the others.
    pub via: Option<usize>,
}

/// Options for building an [`Attributor`]: the built-in cue lexicon and source gazetteer (both
/// on by default) plus user entries. User entries take precedence over built-in ones with the
/// same text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttributorBuilder {
    builtin_sources: bool,
    builtin_cues: bool,
    sources: Vec<SourceEntry>,
    cues: Vec<CueEntry>,
}

impl Default for AttributorBuilder {
    fn default() -> AttributorBuilder {
        AttributorBuilder {
            builtin_sources: true,
            builtin_cues: true,
            sources: Vec::new(),
            cues: Vec::new(),
        }
    }
}

impl AttributorBuilder {
    /// A builder with the built-in lexicon and gazetteer and no user entries.
    pub fn new() -> AttributorBuilder {
        AttributorBuilder::default()
    }

    /// Use the built-in news-source gazetteer (default on).
    pub fn builtin_sources(&mut self, yes: bool) -> &mut AttributorBuilder {
        self.builtin_sources = yes;
        self
    }

    /// Use the built-in cue lexicon (default on).
    pub fn builtin_cues(&mut self, yes: bool) -> &mut AttributorBuilder {
        self.builtin_cues = yes;
        self
    }

    /// Adds gazetteer entries.
    pub fn add_sources<I: IntoIterator<Item = SourceEntry>>(
        &mut self,
        entries: I,
    ) -> &mut AttributorBuilder {
        self.sources.extend(entries);
        self
    }

    /// Adds cue entries.
    pub fn add_cues<I: IntoIterator<Item = CueEntry>>(
        &mut self,
        entries: I,
    ) -> &mut AttributorBuilder {
        self.cues.extend(entries);
        self
    }

    /// Whether the built-in gazetteer is used.
    pub fn uses_builtin_sources(&self) -> bool {
        self.builtin_sources
    }

    /// Whether the built-in cue lexicon is used.
    pub fn uses_builtin_cues(&self) -> bool {
        self.builtin_cues
    }

    /// The user-added gazetteer entries.
    pub fn user_sources(&self) -> &[SourceEntry] {
        &self.sources
    }

    /// The user-added cue entries.
    pub fn user_cues(&self) -> &[CueEntry] {
        &self.cues
    }

    /// Compiles the attributor. Fails on an empty or too long source name or cue
    /// ([`BuildErrorKind::Empty`](crate::BuildErrorKind::Empty) etc., naming the
    /// [`Entry`](crate::Entry) and its index, counting user entries first, then built-in ones).
    pub fn build(&self) -> Result<Attributor, BuildError> {
        // User entries first: among equal patterns the matcher reports the lowest id, and the
        // rules try the entries of one cue text in order.
        let mut sources: Vec<SourceEntry> = self.sources.clone();
        if self.builtin_sources {
            sources.extend(lexicon::builtin_sources().iter().cloned());
        }
        let mut cues: Vec<CueEntry> = self.cues.clone();
        if self.builtin_cues {
            cues.extend(lexicon::builtin_cues().iter().cloned());
        }
        let engine = rules::Engine::new(&sources, &cues, self.cues.len(), self.builtin_cues)?;
        Ok(Attributor { inner: Arc::new(Inner { builder: self.clone(), sources, cues, engine }) })
    }
}

#[derive(Debug)]
struct Inner {
    builder: AttributorBuilder,
    sources: Vec<SourceEntry>,
    cues: Vec<CueEntry>,
    engine: rules::Engine,
}

/// A compiled attribution extractor. Immutable, cheap to clone, `Send` and `Sync`.
#[derive(Clone, Debug)]
pub struct Attributor {
    inner: Arc<Inner>,
}

impl Attributor {
    /// An attributor with the built-in cue lexicon and news-source gazetteer.
    pub fn new() -> Result<Attributor, BuildError> {
        AttributorBuilder::new().build()
    }

    /// A builder.
    pub fn builder() -> AttributorBuilder {
        AttributorBuilder::new()
    }

    /// The options this attributor was built from (built-in flags and user entries): enough to
    /// rebuild an equal attributor, e.g. when unpickling.
    pub fn options(&self) -> &AttributorBuilder {
        &self.inner.builder
    }

    /// The effective gazetteer: user entries, then built-in ones.
    pub fn sources(&self) -> &[SourceEntry] {
        &self.inner.sources
    }

    /// The effective cue lexicon: user entries, then built-in ones.
    pub fn cues(&self) -> &[CueEntry] {
        &self.inner.cues
    }

    /// The user-added gazetteer entries.
    pub fn user_sources(&self) -> &[SourceEntry] {
        &self.inner.builder.sources
    }

    /// The user-added cue entries.
    pub fn user_cues(&self) -> &[CueEntry] {
        &self.inner.builder.cues
    }

    /// Whether the built-in gazetteer is used.
    pub fn uses_builtin_sources(&self) -> bool {
        self.inner.builder.builtin_sources
    }

    /// Whether the built-in cue lexicon is used.
    pub fn uses_builtin_cues(&self) -> bool {
        self.inner.builder.builtin_cues
    }

    /// The attributions of `text`, sorted by `(cue_start, source_start)`.
    pub fn extract(&self, text: &str) -> Vec<Attribution> {
        self.inner.engine.extract(text)
    }

    /// The attributions of `text`, as [`Attributor::extract`] gives them, and the number of
    /// tokens the rules read from the text on the way: a count of the work, so that tests can
    /// bound it by the length of the text instead of timing it.
    ///
    /// Hidden from the documentation: a test hook, not part of the public API, and free to
    /// change.
    #[doc(hidden)]
    pub fn extract_counting(&self, text: &str) -> (Vec<Attribution>, u64) {
        self.inner.engine.extract_counting(text)
    }

    /// The records of the scored verb cues of `text`, found with the scorer off, each with the
    /// features the scorer reads (`name=part|part`): the training data of
    /// `examples/train_cue_model.rs`.
    ///
    /// Hidden from the documentation: a training hook, not part of the public API, and free to
    /// change.
    #[doc(hidden)]
    pub fn scored_candidates(&self, text: &str) -> Vec<(Attribution, Vec<String>)> {
        self.inner.engine.candidates(text)
    }

    /// The attributions of every document, in input order, computed in parallel on `threads`
    /// threads (`None`: one per core). Equal to calling [`Attributor::extract`] on each.
    pub fn extract_batch<S: AsRef<str> + Sync>(
        &self,
        docs: &[S],
        threads: Option<usize>,
    ) -> Result<Vec<Vec<Attribution>>, Error> {
        let never = std::sync::atomic::AtomicBool::new(false);
        crate::threads::map_docs(docs, threads, &never, |d| self.extract(d.as_ref()))
    }
}

impl Spans for Attribution {
    fn each_offset(&self, f: &mut dyn FnMut(usize)) {
        for o in [
            self.cue_start,
            self.cue_end,
            self.source_start,
            self.source_end,
            self.sentence_start,
            self.sentence_end,
        ] {
            f(o);
        }
    }

    fn map_offsets(&mut self, f: &mut dyn FnMut(usize) -> usize) {
        for o in [
            &mut self.cue_start,
            &mut self.cue_end,
            &mut self.source_start,
            &mut self.source_end,
            &mut self.sentence_start,
            &mut self.sentence_end,
        ] {
            *o = f(*o);
        }
    }
}

/// How cues are folded (and matched): case-insensitive, normalized.
pub(crate) const CUE_FOLD: FoldOptions = FoldOptions { ignore_case: true, normalize: true };

fn cue_matcher(cues: &[String]) -> Result<Matcher, BuildError> {
    let m = MatcherBuilder::new().ignore_case(true).normalize(true).whole_words(true).build(cues);
    m.map_err(|e| e.about(crate::Entry::Cue))
}

fn source_matcher(names: &[&str]) -> Result<Matcher, BuildError> {
    let m = MatcherBuilder::new().ignore_case(false).normalize(true).whole_words(true).build(names);
    m.map_err(|e| e.about(crate::Entry::Source))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtins_parse() {
        assert!(lexicon::builtin_cues().len() > 100);
        assert!(lexicon::builtin_sources().len() > 250);
        let canon: std::collections::HashSet<_> =
            lexicon::builtin_sources().iter().map(|s| s.canonical_name()).collect();
        assert!(canon.len() >= 100, "{}", canon.len());
    }

    #[test]
    fn send_sync() {
        fn f<T: Send + Sync + Clone>() {}
        f::<Attributor>();
        f::<AttributorBuilder>();
        f::<Attribution>();
    }
}
