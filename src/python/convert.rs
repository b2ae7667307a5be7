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
        None => Ok(None),
        Some(n) if n >= 1 => Ok(Some(n as usize)),
        Some(n) => {
            Err(PyValueError::new_err(format!("threads must be at least 1 or None, not {n}")))
        }
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
