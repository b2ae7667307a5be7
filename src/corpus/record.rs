//! Records and their accounting: bad records, counters and progress reports of a scan.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// A bad record (or an unreadable file or stream), or a warning about one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordError {
    /// The file.
    pub file: Arc<str>,
    /// The 1-based line (JSON Lines) or 0-based row (Parquet), when known.
    pub line: Option<u64>,
    /// What is wrong.
    pub message: String,
    /// A warning: the record was processed anyway (e.g. invalid UTF-8 decoded lossily).
    pub warning: bool,
}

impl RecordError {
    pub(crate) fn new(file: &Arc<str>, line: Option<u64>, message: String) -> RecordError {
        RecordError { file: Arc::clone(file), line, message, warning: false }
    }
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = if self.warning { "warning: " } else { "" };
        match self.line {
            Some(line) => write!(f, "{}:{line}: {level}{}", self.file, self.message),
            None => write!(f, "{}: {level}{}", self.file, self.message),
        }
    }
}

/// Counters of a scan. `records_read == processed + errors` always holds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Input files.
    pub files: u64,
    /// Records read (documents, bad records, unreadable files and truncated streams).
    pub records_read: u64,
    /// Records processed.
    pub processed: u64,
    /// Records reported as errors.
    pub errors: u64,
    /// Records processed with a warning.
    pub warnings: u64,
    /// Rows produced (matches or attributions).
    pub rows: u64,
    /// Input bytes read from disk so far (compressed size for compressed files).
    pub bytes_read: u64,
    /// Total input bytes on disk (0 when unknown, e.g. stdin).
    pub total_bytes: u64,
    /// Wall time so far.
    pub elapsed: Duration,
}

/// What the scan reports while it runs.
#[derive(Debug)]
pub enum Progress<'a> {
    /// After each chunk, and every 100 ms while waiting for input.
    Update(&'a Stats),
    /// A bad record or a warning.
    Record(&'a RecordError),
}
