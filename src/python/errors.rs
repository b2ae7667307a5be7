//! Core errors to Python exceptions: one mapping for the whole module.
//!
//! * [`BuildError`] → `asper.PatternError` (a `ValueError`) with attributes `index`, `entry`
//!   (`"pattern"`, `"cue"` or `"source"`), `value`, `origin` and `line` (None where they do not
//!   apply), or `ValueError` for an option out of its domain.
//! * [`Error`] → `FileNotFoundError` / `PermissionError` / `IsADirectoryError` / `OSError` with
//!   `errno` and `filename` for I/O, `BrokenPipeError`, `KeyboardInterrupt` for a cancelled run,
//!   `asper.LoadError` for a saved file that cannot be loaded, `asper.ScanError` for bad records past the allowed count, `RuntimeError` for a thread pool,
//!   `ValueError` for an option.

use pyo3::create_exception;
use pyo3::exceptions::{
    PyBrokenPipeError, PyFileNotFoundError, PyIsADirectoryError, PyKeyboardInterrupt, PyOSError,
    PyPermissionError, PyRuntimeError, PyValueError,
};
use pyo3::prelude::*;

use crate::error::{BuildError, BuildErrorKind, Error, ErrorKind};

create_exception!(
    asper,
    PatternError,
    PyValueError,
    "A pattern, cue or source entry (or a line of a file of them) is invalid.\n\n\
     Attributes: ``index`` (the entry's index, or None), ``entry`` (\"pattern\", \"cue\" or \
     \"source\", or None), ``value`` (the entry as given, or None), ``origin`` and ``line`` (the \
     file and 1-based line of a TSV line that does not parse, or None)."
);

create_exception!(
    asper,
    LoadError,
    PyValueError,
    "A saved matcher or attributor cannot be loaded: the file is empty, truncated, corrupted, \
     of another kind (a matcher loaded as an attributor) or saved by a newer asper.\n\n\
     Attributes: ``filename`` (the file) and ``reason`` (what is wrong with it)."
);

create_exception!(
    asper,
    ScanError,
    PyValueError,
    "A corpus scan stopped on bad records (strict mode, or more than max_errors)."
);

/// A `PatternError` with its attributes set.
pub(crate) fn pattern_error(
    py: Python<'_>,
    msg: String,
    index: Option<usize>,
    entry: Option<&str>,
    value: Option<&str>,
    origin: Option<(&str, usize)>,
) -> PyErr {
    let err = PatternError::new_err(msg);
    let v = err.value(py);
    // Setting attributes on a fresh exception instance does not fail.
    let _ = v.setattr("index", index);
    let _ = v.setattr("entry", entry);
    let _ = v.setattr("value", value);
    let _ = v.setattr("origin", origin.map(|o| o.0));
    let _ = v.setattr("line", origin.map(|o| o.1));
    err
}

impl From<BuildError> for PyErr {
    #[cold]
    fn from(err: BuildError) -> PyErr {
        let msg = err.to_string();
        Python::attach(|py| match err.kind() {
            BuildErrorKind::Empty { entry, index, value, .. }
            | BuildErrorKind::TooLong { entry, index, value, .. } => {
                pattern_error(py, msg, Some(*index), Some(entry.as_str()), Some(value), None)
            }
            BuildErrorKind::TooMany { entry, .. } => {
                pattern_error(py, msg, None, Some(entry.as_str()), None, None)
            }
            BuildErrorKind::Parse { origin, line, .. } => {
                pattern_error(py, msg, None, None, None, Some((origin, *line)))
            }
            BuildErrorKind::InvalidOption(_) => PyValueError::new_err(msg),
            _ => pattern_error(py, msg, None, None, None, None),
        })
    }
}

/// `io::Error`'s message without the " (os error N)" that Python shows as `[Errno N]`.
fn strerror(e: &std::io::Error) -> String {
    let s = e.to_string();
    match s.rfind(" (os error ") {
        Some(i) if s.ends_with(')') => s[..i].to_owned(),
        _ => s,
    }
}

impl From<Error> for PyErr {
    #[cold]
    fn from(err: Error) -> PyErr {
        let msg = err.to_string();
        match err.kind() {
            ErrorKind::Build(e) => e.clone().into(),
            ErrorKind::Io { path, action, source } => {
                let text = format!("{action}: {}", strerror(source));
                let filename = path.as_ref().map(|p| p.to_string_lossy().into_owned());
                macro_rules! os {
                    ($ty:ty) => {
                        match (source.raw_os_error(), filename) {
                            (Some(errno), Some(f)) => <$ty>::new_err((errno, text, f)),
                            (Some(errno), None) => <$ty>::new_err((errno, text)),
                            (None, _) => <$ty>::new_err(msg),
                        }
                    };
                }
                match source.kind() {
                    std::io::ErrorKind::NotFound => os!(PyFileNotFoundError),
                    std::io::ErrorKind::PermissionDenied => os!(PyPermissionError),
                    std::io::ErrorKind::IsADirectory => os!(PyIsADirectoryError),
                    _ => os!(PyOSError),
                }
            }
            ErrorKind::BrokenPipe => PyBrokenPipeError::new_err(msg),
            ErrorKind::Cancelled => PyKeyboardInterrupt::new_err(msg),
            ErrorKind::BadRecord(_) => ScanError::new_err(msg),
            ErrorKind::ThreadPool(_) => PyRuntimeError::new_err(msg),
            ErrorKind::BadFile { path, reason } => Python::attach(|py| {
                let err = LoadError::new_err(msg);
                let v = err.value(py);
                // Setting attributes on a fresh exception instance does not fail.
                let _ = v.setattr("filename", path.to_string_lossy().into_owned());
                let _ = v.setattr("reason", reason.as_str());
                err
            }),
            _ => PyValueError::new_err(msg),
        }
    }
}
