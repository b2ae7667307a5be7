//! The error types of the core: [`BuildError`] when compiling a matcher or an attributor,
//! [`Error`] when running one (batches, corpus scans).

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// Longest pattern accepted, in bytes of its folded form.
pub const MAX_PATTERN_LEN: usize = 4096;

/// Most patterns one [`Matcher`](crate::Matcher) accepts.
pub const MAX_PATTERNS: usize = 1 << 24;

/// What a build error is about: a matcher pattern, an attribution cue or a source name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Entry {
    /// A pattern of a [`Matcher`](crate::Matcher).
    Pattern,
    /// A cue of an [`Attributor`](crate::Attributor)'s lexicon.
    Cue,
    /// A source name of an [`Attributor`](crate::Attributor)'s gazetteer.
    Source,
}

impl Entry {
    /// `"pattern"`, `"cue"` or `"source"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Entry::Pattern => "pattern",
            Entry::Cue => "cue",
            Entry::Source => "source",
        }
    }
}

/// An error compiling a [`Matcher`](crate::Matcher) or an [`Attributor`](crate::Attributor):
/// an invalid entry (naming its index and the entry), a file line that does not parse, an
/// option out of its domain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildError {
    kind: BuildErrorKind,
}

/// What went wrong building.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum BuildErrorKind {
    /// The entry at `index` is empty (after whitespace normalization when `normalized`).
    Empty {
        /// A pattern, a cue or a source.
        entry: Entry,
        /// Its index in the order given.
        index: usize,
        /// The entry as given.
        value: String,
        /// Whether whitespace normalization was on (a whitespace-only entry is then empty).
        normalized: bool,
    },
    /// The entry at `index` is longer than [`MAX_PATTERN_LEN`] bytes once folded.
    TooLong {
        /// A pattern, a cue or a source.
        entry: Entry,
        /// Its index in the order given.
        index: usize,
        /// The entry as given.
        value: String,
        /// Its length in bytes once folded.
        len: usize,
    },
    /// More than [`MAX_PATTERNS`] entries were given.
    TooMany {
        /// Patterns, cues or sources.
        entry: Entry,
        /// How many were given (at least).
        count: usize,
    },
    /// The automaton could not be built (for example it would exceed its size limits).
    Automaton(String),
    /// A line of a TSV file (a pattern list, a source gazetteer, a cue lexicon) does not parse.
    Parse {
        /// Where the content came from (a file name, or a description such as `"<builtin>"`).
        origin: String,
        /// The 1-based line number.
        line: usize,
        /// What is wrong with the line.
        message: String,
    },
    /// An option had a value outside its domain.
    InvalidOption(String),
}

impl BuildError {
    /// What went wrong.
    pub fn kind(&self) -> &BuildErrorKind {
        &self.kind
    }

    pub(crate) fn new(kind: BuildErrorKind) -> BuildError {
        BuildError { kind }
    }

    pub(crate) fn empty(entry: Entry, index: usize, value: &str, normalized: bool) -> BuildError {
        BuildError::new(BuildErrorKind::Empty { entry, index, value: value.to_owned(), normalized })
    }

    pub(crate) fn too_long(entry: Entry, index: usize, value: &str, len: usize) -> BuildError {
        BuildError::new(BuildErrorKind::TooLong { entry, index, value: value.to_owned(), len })
    }

    pub(crate) fn invalid_option(msg: impl Into<String>) -> BuildError {
        BuildError::new(BuildErrorKind::InvalidOption(msg.into()))
    }

    pub(crate) fn parse(origin: &str, line: usize, message: &str) -> BuildError {
        BuildError::new(BuildErrorKind::Parse {
            origin: origin.to_owned(),
            line,
            message: message.to_owned(),
        })
    }

    /// The same error about a different kind of entry.
    pub(crate) fn about(mut self, what: Entry) -> BuildError {
        match &mut self.kind {
            BuildErrorKind::Empty { entry, .. }
            | BuildErrorKind::TooLong { entry, .. }
            | BuildErrorKind::TooMany { entry, .. } => *entry = what,
            _ => {}
        }
        self
    }

    /// The index and kind of the entry the error is about, if it is about one.
    pub fn entry(&self) -> Option<(Entry, usize)> {
        match self.kind {
            BuildErrorKind::Empty { entry, index, .. }
            | BuildErrorKind::TooLong { entry, index, .. } => Some((entry, index)),
            _ => None,
        }
    }
}

/// At most `max` characters of `s`, as a quoted string with an ellipsis when cut.
fn preview(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        None => format!("{s:?}"),
        Some((cut, _)) => format!("{:?}...", &s[..cut]),
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            BuildErrorKind::Empty { entry, index, value, normalized } => {
                let e = entry.as_str();
                if *normalized && !value.is_empty() {
                    write!(
                        f,
                        "{e} {index} ({}) is empty after whitespace normalization",
                        preview(value, 40)
                    )
                } else {
                    write!(f, "{e} {index} is empty")
                }
            }
            BuildErrorKind::TooLong { entry, index, value, len } => write!(
                f,
                "{} {index} ({}) is {len} bytes long, longer than the limit of \
                 {MAX_PATTERN_LEN} bytes",
                entry.as_str(),
                preview(value, 40)
            ),
            BuildErrorKind::TooMany { entry, count } => write!(
                f,
                "{count} {}s given, more than the limit of {MAX_PATTERNS}",
                entry.as_str()
            ),
            BuildErrorKind::Automaton(msg) => write!(f, "could not build the automaton: {msg}"),
            BuildErrorKind::Parse { origin, line, message } => {
                write!(f, "{origin}, line {line}: {message}")
            }
            BuildErrorKind::InvalidOption(msg) => write!(f, "{msg}"),
        }
    }
}

impl std::error::Error for BuildError {}

impl From<aho_corasick::BuildError> for BuildError {
    fn from(err: aho_corasick::BuildError) -> BuildError {
        BuildError::new(BuildErrorKind::Automaton(err.to_string()))
    }
}

/// An error running a matcher or an attributor: a thread pool that cannot be made, an option
/// out of its domain, and for corpus scans input and output errors, bad records past the
/// allowed count, a closed pipe or a cancellation.
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
}

/// What went wrong running.
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Building a matcher or attributor failed (for example one read from a file).
    Build(BuildError),
    /// Reading or writing failed. The [`io::Error`] is kept as the error's
    /// [`source`](std::error::Error::source).
    Io {
        /// The file concerned, when there is one.
        path: Option<PathBuf>,
        /// What was being done (`"cannot read input"`, `"cannot write output"`...).
        action: String,
        /// The underlying error.
        source: io::Error,
    },
    /// The output pipe was closed by the reader (e.g. `asper find | head`).
    BrokenPipe,
    /// The run was cancelled (Ctrl-C, or the caller's progress callback asked to stop).
    Cancelled,
    /// A scan stopped on bad records (`strict`, or more than `max_errors`).
    BadRecord(String),
    /// A thread pool could not be created.
    ThreadPool(String),
    /// An option had a value outside its domain.
    InvalidOption(String),
    /// A saved matcher or attributor cannot be loaded: empty, truncated, corrupted, of another
    /// kind, or saved by a newer format.
    BadFile {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
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

    /// An I/O error; a closed pipe becomes [`ErrorKind::BrokenPipe`].
    #[cfg_attr(not(feature = "corpus"), allow(dead_code))]
    pub(crate) fn io(action: impl Into<String>, path: Option<&Path>, source: io::Error) -> Error {
        if source.kind() == io::ErrorKind::BrokenPipe {
            return Error::new(ErrorKind::BrokenPipe);
        }
        Error::new(ErrorKind::Io {
            path: path.map(Path::to_path_buf),
            action: action.into(),
            source,
        })
    }

    /// An I/O error from another error type (a Parquet or Arrow writer).
    #[cfg_attr(not(feature = "corpus"), allow(dead_code))]
    pub(crate) fn io_other(action: impl Into<String>, path: Option<&Path>, msg: String) -> Error {
        Error::io(action, path, io::Error::other(msg))
    }

    pub(crate) fn cancelled() -> Error {
        Error::new(ErrorKind::Cancelled)
    }

    pub(crate) fn invalid_option(msg: impl Into<String>) -> Error {
        Error::new(ErrorKind::InvalidOption(msg.into()))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ErrorKind::Build(e) => e.fmt(f),
            ErrorKind::Io { path: Some(p), action, source } => {
                write!(f, "{action} {}: {source}", p.display())
            }
            ErrorKind::Io { path: None, action, source } => write!(f, "{action}: {source}"),
            ErrorKind::BrokenPipe => write!(f, "broken pipe"),
            ErrorKind::Cancelled => write!(f, "cancelled"),
            ErrorKind::BadRecord(msg) => write!(f, "{msg}"),
            ErrorKind::ThreadPool(msg) => write!(f, "could not create a thread pool: {msg}"),
            ErrorKind::InvalidOption(msg) => write!(f, "{msg}"),
            ErrorKind::BadFile { path, reason } => {
                write!(f, "cannot load {}: {reason}", path.display())
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            ErrorKind::Build(e) => Some(e),
            ErrorKind::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl From<BuildError> for Error {
    fn from(err: BuildError) -> Error {
        Error::new(ErrorKind::Build(err))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::error::Error as _;

    #[test]
    fn messages_fit_the_options() {
        let e = BuildError::empty(Entry::Pattern, 3, "  ", true);
        assert_eq!(e.to_string(), "pattern 3 (\"  \") is empty after whitespace normalization");
        let e = BuildError::empty(Entry::Pattern, 3, "", false);
        assert_eq!(e.to_string(), "pattern 3 is empty");
        let e = BuildError::empty(Entry::Cue, 0, "", true);
        assert_eq!(e.to_string(), "cue 0 is empty");
        let long = "x".repeat(5000);
        let e = BuildError::too_long(Entry::Source, 7, &long, 5000);
        assert!(e.to_string().starts_with("source 7 (\"xxxx"), "{e}");
        assert!(e.to_string().len() < 200);
    }

    #[test]
    fn io_errors_keep_their_source() {
        let e = Error::io(
            "cannot read input",
            Some(Path::new("a.jsonl")),
            io::Error::from(io::ErrorKind::NotFound),
        );
        assert!(e.to_string().starts_with("cannot read input a.jsonl: "), "{e}");
        let src = e.source().and_then(|s| s.downcast_ref::<io::Error>()).unwrap();
        assert_eq!(src.kind(), io::ErrorKind::NotFound);
        let pipe = Error::io("x", None, io::Error::from(io::ErrorKind::BrokenPipe));
        assert!(matches!(pipe.kind(), ErrorKind::BrokenPipe));
    }
}
