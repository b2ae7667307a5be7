//! Extraction of Python inputs with errors that name the offending item.

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::PyString;

/// The type name of `obj`, for messages.
pub(crate) fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "object".to_owned())
}

/// A `str` argument as UTF-8 borrowed from the Python object. `what` names it in errors
/// ("text", "document 3").
pub(crate) fn text_arg(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<PyBackedStr> {
    let s = obj
        .cast::<PyString>()
        .map_err(|_| PyTypeError::new_err(format!("{what} must be str, not {}", type_name(obj))))?;
    PyBackedStr::try_from(s.clone()).map_err(|e| {
        PyValueError::new_err(format!(
            "{what} is not valid Unicode (it contains a lone surrogate): {}",
            e.value(obj.py())
        ))
    })
}

/// Validates a `threads=` argument.
pub(crate) fn threads_arg(threads: Option<i64>) -> PyResult<Option<usize>> {
    match threads {
        None => env_threads(),
        Some(n) if n >= 1 => Ok(Some(n as usize)),
        Some(n) => {
            Err(PyValueError::new_err(format!("threads must be at least 1 or None, not {n}")))
        }
    }
}

/// The `threads` of a call, else of the object's construction, else `ASPER_THREADS`, else
/// None (one thread per core).
pub(crate) fn threads_or(call: Option<i64>, built: Option<usize>) -> PyResult<Option<usize>> {
    match call {
        Some(_) => threads_arg(call),
        None => match built {
            Some(n) => Ok(Some(n)),
            None => env_threads(),
        },
    }
}

/// `ASPER_THREADS`: a positive count of threads for calls that give none (empty or unset: one
/// per core).
fn env_threads() -> PyResult<Option<usize>> {
    match std::env::var("ASPER_THREADS") {
        Err(_) => Ok(None),
        Ok(v) if v.trim().is_empty() => Ok(None),
        Ok(v) => match v.trim().parse::<usize>() {
            Ok(n) if n >= 1 => Ok(Some(n)),
            _ => Err(PyValueError::new_err(format!(
                "ASPER_THREADS must be a whole number of threads, at least 1, not {v:?}"
            ))),
        },
    }
}

/// Reads an `offsets=` argument: `"chars"` (code points) or `"bytes"` (UTF-8).
pub(crate) fn offsets_arg(offsets: &str) -> PyResult<crate::corpus::OffsetUnit> {
    match offsets {
        "chars" => Ok(crate::corpus::OffsetUnit::Chars),
        "bytes" => Ok(crate::corpus::OffsetUnit::Bytes),
        o => {
            Err(PyValueError::new_err(format!("offsets must be \"chars\" or \"bytes\", not {o:?}")))
        }
    }
}
