//! Core errors to Python exceptions: one mapping for the whole module.

use pyo3::PyErr;
use pyo3::create_exception;
use pyo3::exceptions::{PyRuntimeError, PyValueError};

use crate::error::{Error, ErrorKind};

create_exception!(
    asper,
    PatternError,
    PyValueError,
    "A pattern (or source or cue entry) is invalid; the message names its index or line."
);

create_exception!(
    asper,
    ScanError,
    PyValueError,
    "A corpus scan stopped on bad records (strict mode, or more than max_errors)."
);

impl From<Error> for PyErr {
    #[cold]
    fn from(err: Error) -> PyErr {
        let msg = err.to_string();
        match err.kind() {
            ErrorKind::EmptyPattern { .. }
            | ErrorKind::PatternTooLong { .. }
            | ErrorKind::TooManyPatterns { .. }
            | ErrorKind::Build(_)
            | ErrorKind::Parse { .. } => PatternError::new_err(msg),
            ErrorKind::ThreadPool(_) => PyRuntimeError::new_err(msg),
            _ => PyValueError::new_err(msg),
        }
    }
}
