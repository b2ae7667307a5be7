//! Cue lexicon and source gazetteer entries, their TSV formats and the built-in data.

use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use crate::error::BuildError;

/// What kind of attribution a record is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AttributionKind {
    /// Prepositional cues with the source after them: `according to X`, `as per X`, `per X`,
    /// `citing X`, `quoting X`, `in the words of X`, `in X's words`.
    AccordingTo,
    /// An outlet or document reports: `X reported`, `X said in a report`, `X quoted Y`.
    Reported,
    /// Speech verbs: `X said`, `said X`, `X told Reuters`, `X informed that`, `as saying`.
    Said,
    /// Credit lines and datelines: `(With PTI inputs)`, `MOSCOW (Reuters) -`, `Reporting by X`,
    /// `X contributed reporting`.
    CreditLine,
    /// An attribution noun with a possessive or `by` author: `X's report that`, `a statement by X
    /// that`.
    NounCue,
    /// A source that gave no information: `X declined to comment`, `X did not respond to a
    /// request for comment`. The record names who was asked; it attributes no content.
    NoComment,
}

impl AttributionKind {
    /// All kinds, in declaration order.
    pub const ALL: [AttributionKind; 6] = [
        AttributionKind::AccordingTo,
        AttributionKind::Reported,
        AttributionKind::Said,
        AttributionKind::CreditLine,
        AttributionKind::NounCue,
        AttributionKind::NoComment,
    ];

    /// The name used in TSV files and in Python: `"according_to"`, `"reported"`, `"said"`,
    /// `"credit_line"`, `"noun_cue"` or `"no_comment"`.
    pub fn as_str(self) -> &'static str {
        match self {
            AttributionKind::AccordingTo => "according_to",
            AttributionKind::Reported => "reported",
            AttributionKind::Said => "said",
            AttributionKind::CreditLine => "credit_line",
            AttributionKind::NounCue => "noun_cue",
            AttributionKind::NoComment => "no_comment",
        }
    }

    /// The direction a cue of this kind has when a TSV line gives none.
    pub fn default_direction(self) -> CueDirection {
        match self {
            AttributionKind::AccordingTo | AttributionKind::CreditLine => CueDirection::After,
            AttributionKind::Reported | AttributionKind::Said => CueDirection::Either,
            AttributionKind::NounCue => CueDirection::Possessive,
            AttributionKind::NoComment => CueDirection::Before,
        }
    }
}

impl fmt::Display for AttributionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for AttributionKind {
    type Err = BuildError;

    fn from_str(s: &str) -> Result<AttributionKind, BuildError> {
        AttributionKind::ALL.into_iter().find(|k| k.as_str() == s).ok_or_else(|| {
            BuildError::invalid_option(format!(
                "attribution kind must be one of according_to, reported, said, credit_line, \
                 noun_cue, no_comment, not {s:?}"
            ))
        })
    }
}

/// Where the source of a cue is, relative to the cue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CueDirection {
    /// The source follows the cue: `according to X`, `Reporting by X`.
    After,
    /// The source precedes the cue: `X told Reuters`, `X contributed reporting`.
    Before,
    /// The source precedes the cue, or follows it when the cue comes right after a quote or a
    /// comma (`"...," said X`).
    Either,
    /// The source is a possessive noun phrase right before the cue (`X's report that`; for the
    /// cue `words`: `in X's words`).
    Possessive,
    /// The source is the object of a preceding `quoted` (`X quoted Y as saying`).
    Object,
    /// A bracketed credit line: `(With X inputs)`, the source between the cue and `inputs)`.
    Bracket,
}

impl CueDirection {
    /// All directions, in declaration order.
    pub const ALL: [CueDirection; 6] = [
        CueDirection::After,
        CueDirection::Before,
        CueDirection::Either,
        CueDirection::Possessive,
        CueDirection::Object,
        CueDirection::Bracket,
    ];

    /// The name used in TSV files: `"after"`, `"before"`, `"either"`, `"possessive"`,
    /// `"object"` or `"bracket"`.
    pub fn as_str(self) -> &'static str {
        match self {
            CueDirection::After => "after",
            CueDirection::Before => "before",
            CueDirection::Either => "either",
            CueDirection::Possessive => "possessive",
            CueDirection::Object => "object",
            CueDirection::Bracket => "bracket",
        }
    }
}

impl fmt::Display for CueDirection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for CueDirection {
    type Err = BuildError;

    fn from_str(s: &str) -> Result<CueDirection, BuildError> {
        CueDirection::ALL.into_iter().find(|k| k.as_str() == s).ok_or_else(|| {
            BuildError::invalid_option(format!(
                "cue direction must be one of after, before, either, possessive, object, \
                 bracket, not {s:?}"
            ))
        })
    }
}

/// A known source: a name as written in text, a label and the canonical name it stands for.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SourceEntry {
    /// The surface form, matched case-sensitively with whitespace and punctuation folding.
    pub name: String,
    /// A free label, e.g. `WIRE`, `OUTLET`, `NEWS_ORG`.
    pub label: String,
    /// The canonical name reported for matches of `name` (`None`: `name` itself).
    pub canonical: Option<String>,
}

impl SourceEntry {
    /// An entry.
    pub fn new(
        name: impl Into<String>,
        label: impl Into<String>,
        canonical: Option<String>,
    ) -> SourceEntry {
        SourceEntry { name: name.into(), label: label.into(), canonical }
    }

    /// The canonical name: `canonical`, or `name` when there is none.
    pub fn canonical_name(&self) -> &str {
        self.canonical.as_deref().unwrap_or(&self.name)
    }

    /// Parses a gazetteer in the TSV format of `shared/data/gazetteers`:
    /// `name<TAB>label<TAB>canonical`, one entry a line, no header. `label` and `canonical` are
    /// optional (an empty or missing label is `SOURCE`, an empty or missing canonical is the
    /// name itself); further columns are ignored. Blank lines and lines starting with `#` are
    /// skipped; a leading UTF-8 byte order mark is ignored and lines may end in CRLF. An empty
    /// name is an error naming `origin` and the 1-based line number.
    pub fn parse_tsv(content: &str, origin: &str) -> Result<Vec<SourceEntry>, BuildError> {
        let mut out = Vec::new();
        for (i, line) in strip_bom(content).lines().enumerate() {
            let line = line.strip_suffix('\r').unwrap_or(line);
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let mut cols = line.split('\t');
            let name = cols.next().unwrap_or("").trim();
            if name.is_empty() {
                return Err(parse_error(origin, i + 1, "empty name in column 1"));
            }
            let label = cols.next().map(str::trim).filter(|s| !s.is_empty()).unwrap_or("SOURCE");
            let canonical = cols.next().map(str::trim).filter(|s| !s.is_empty());
            out.push(SourceEntry::new(name, label, canonical.map(str::to_owned)));
        }
        Ok(out)
    }
}

/// A cue phrase of the lexicon: its text, the kind of attribution it signals and where its
/// source is.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CueEntry {
    /// The phrase, matched case-insensitively with whitespace and punctuation folding, on word
    /// boundaries. A leading `(` (as in `(with`) is required in the text but not part of the
    /// reported cue span.
    pub text: String,
    /// The kind of the records it produces.
    pub kind: AttributionKind,
    /// Where the source is relative to the cue.
    pub direction: CueDirection,
}

impl CueEntry {
    /// An entry.
    pub fn new(
        text: impl Into<String>,
        kind: AttributionKind,
        direction: CueDirection,
    ) -> CueEntry {
        CueEntry { text: text.into(), kind, direction }
    }

    /// Parses a cue lexicon: `cue<TAB>kind<TAB>direction`, one entry a line. `kind` is one of
    /// `according_to`, `reported`, `said`, `credit_line`, `noun_cue`, `no_comment`; `direction`
    /// one of `after`, `before`, `either`, `possessive`, `object`, `bracket` and optional
    /// (default: `after` for according_to and credit_line, `either` for reported and said,
    /// `possessive` for noun_cue, `before` for no_comment). Blank lines and lines starting with `#` are skipped; a leading UTF-8 byte
    /// order mark is ignored and lines may end in CRLF. Errors name `origin` and the 1-based
    /// line number.
    pub fn parse_tsv(content: &str, origin: &str) -> Result<Vec<CueEntry>, BuildError> {
        let mut out = Vec::new();
        for (i, line) in strip_bom(content).lines().enumerate() {
            let line = line.strip_suffix('\r').unwrap_or(line);
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let mut cols = line.split('\t');
            let text = cols.next().unwrap_or("").trim();
            if text.is_empty() {
                return Err(parse_error(origin, i + 1, "empty cue in column 1"));
            }
            let kind = cols.next().map(str::trim).unwrap_or("");
            if kind.is_empty() {
                return Err(parse_error(origin, i + 1, "missing kind in column 2"));
            }
            let kind: AttributionKind =
                kind.parse().map_err(|e: BuildError| parse_error(origin, i + 1, &e.to_string()))?;
            let direction = match cols.next().map(str::trim).filter(|s| !s.is_empty()) {
                None => kind.default_direction(),
                Some(d) => {
                    d.parse().map_err(|e: BuildError| parse_error(origin, i + 1, &e.to_string()))?
                }
            };
            if let Some(extra) = cols.next().filter(|s| !s.trim().is_empty()) {
                return Err(parse_error(
                    origin,
                    i + 1,
                    &format!("unexpected fourth column {extra:?}"),
                ));
            }
            out.push(CueEntry::new(text, kind, direction));
        }
        Ok(out)
    }
}

fn parse_error(origin: &str, line: usize, message: &str) -> BuildError {
    BuildError::parse(origin, line, message)
}

/// `content` without a leading UTF-8 byte order mark (files saved by Windows editors).
pub(crate) fn strip_bom(content: &str) -> &str {
    content.strip_prefix('\u{feff}').unwrap_or(content)
}

/// The built-in cue lexicon (`src/attribution/data/cues.tsv`).
pub const BUILTIN_CUES_TSV: &str = include_str!("data/cues.tsv");
/// The built-in news-source gazetteer (`src/attribution/data/sources.tsv`).
pub const BUILTIN_SOURCES_TSV: &str = include_str!("data/sources.tsv");
/// The built-in government and institution sources (`src/attribution/data/institutions.tsv`,
/// each line with the Wikipedia article it comes from): part of the built-in gazetteer, after
/// the news sources. An entry labelled `METONYM` ("Washington", "the Kremlin") gives its
/// canonical only when it is the whole source.
pub const BUILTIN_INSTITUTIONS_TSV: &str = include_str!("data/institutions.tsv");

/// The built-in cue entries.
pub fn builtin_cues() -> &'static [CueEntry] {
    static CUES: OnceLock<Vec<CueEntry>> = OnceLock::new();
    CUES.get_or_init(|| {
        CueEntry::parse_tsv(BUILTIN_CUES_TSV, "<builtin cues.tsv>").unwrap_or_default()
    })
}

/// The built-in source entries.
pub fn builtin_sources() -> &'static [SourceEntry] {
    static SOURCES: OnceLock<Vec<SourceEntry>> = OnceLock::new();
    SOURCES.get_or_init(|| {
        let mut all = SourceEntry::parse_tsv(BUILTIN_SOURCES_TSV, "<builtin sources.tsv>")
            .unwrap_or_default();
        all.extend(
            SourceEntry::parse_tsv(BUILTIN_INSTITUTIONS_TSV, "<builtin institutions.tsv>")
                .unwrap_or_default(),
        );
        all
    })
}
