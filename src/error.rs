//! The error type of the core.

use std::fmt;

/// Longest pattern accepted, in bytes of its normalized form.
pub const MAX_PATTERN_LEN: usize = 4096;

/// Most patterns one [`Matcher`](crate::Matcher) accepts.
pub const MAX_PATTERNS: usize = 1 << 24;

/// An error building a matcher or an attributor.
///
/// The kind says what went wrong and, where it applies, which input caused it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
}

/// What went wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The pattern at `index` is empty (after normalization, when it is on).
    EmptyPattern {
        /// Index of the pattern, in the order given.
        index: usize,
    },
    /// The pattern at `index` is longer than [`MAX_PATTERN_LEN`] bytes.
    PatternTooLong {
        /// Index of the pattern, in the order given.
        index: usize,
        /// Its length in bytes after normalization.
        len: usize,
    },
    /// More than [`MAX_PATTERNS`] patterns were given.
    TooManyPatterns {
        /// How many patterns were given.
        count: usize,
    },
    /// The automaton could not be built (for example it would exceed its size limits).
    Build(String),
    /// A thread pool could not be created.
    ThreadPool(String),
    /// An option had a value outside its domain.
    InvalidOption(String),
    /// Reading or writing a file failed (a fatal error of a corpus scan).
    Io(String),
    /// The output pipe was closed by the reader (e.g. `asper find | head`).
    BrokenPipe,
    /// The caller's progress callback asked to stop (e.g. Ctrl-C).
    Cancelled,
    /// A scan stopped on bad records (`strict`, or more than `max_errors`).
    BadRecord(String),
    /// A line of a TSV file (a source gazetteer or a cue lexicon) could not be parsed.
    Parse {
        /// Where the content came from (a file name, or a description such as `"<builtin>"`).
        origin: String,
        /// The 1-based line number.
        line: usize,
        /// What is wrong with the line.
        message: String,
    },
}

impl Error {
    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    pub(crate) fn new(kind: ErrorKind) -> Error {
        Error { kind }
    }

    pub(crate) fn empty_pattern(index: usize) -> Error {
        Error::new(ErrorKind::EmptyPattern { index })
    }

    pub(crate) fn pattern_too_long(index: usize, len: usize) -> Error {
        Error::new(ErrorKind::PatternTooLong { index, len })
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ErrorKind::EmptyPattern { index } => {
                write!(f, "pattern {index} is empty (after whitespace normalization)")
            }
            ErrorKind::PatternTooLong { index, len } => write!(
                f,
                "pattern {index} is {len} bytes long, longer than the limit of \
                 {MAX_PATTERN_LEN} bytes"
            ),
            ErrorKind::TooManyPatterns { count } => {
                write!(f, "{count} patterns given, more than the limit of {MAX_PATTERNS}")
            }
            ErrorKind::Build(msg) => write!(f, "could not build the automaton: {msg}"),
            ErrorKind::ThreadPool(msg) => write!(f, "could not create a thread pool: {msg}"),
            ErrorKind::InvalidOption(msg) => write!(f, "invalid option: {msg}"),
            ErrorKind::Io(msg) => write!(f, "{msg}"),
            ErrorKind::BrokenPipe => write!(f, "broken pipe"),
            ErrorKind::Cancelled => write!(f, "cancelled"),
            ErrorKind::BadRecord(msg) => write!(f, "{msg}"),
            ErrorKind::Parse { origin, line, message } => {
                write!(f, "{origin}, line {line}: {message}")
            }
        }
    }
}

impl std::error::Error for Error {}

impl From<aho_corasick::BuildError> for Error {
    fn from(err: aho_corasick::BuildError) -> Error {
        Error::new(ErrorKind::Build(err.to_string()))
    }
}
