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

/// Every item of an iterable of `str` (documents), errors naming the document index.
pub(crate) fn documents(texts: &Bound<'_, PyAny>) -> PyResult<Vec<PyBackedStr>> {
    if texts.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(
            "texts must be an iterable of str, not a single str (wrap it in a list)",
        ));
    }
    let iter = texts.try_iter().map_err(|_| {
        PyTypeError::new_err(format!("texts must be an iterable of str, not {}", type_name(texts)))
    })?;
    let mut docs = Vec::with_capacity(texts.len().unwrap_or(0));
    for (i, item) in iter.enumerate() {
        docs.push(text_arg(&item?, &format!("document {i}"))?);
    }
    Ok(docs)
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

/// Total UTF-8 bytes of the documents (the size of a batch call, for [`super::run::run`]).
pub(crate) fn total_bytes(docs: &[PyBackedStr]) -> usize {
    docs.iter().map(|d| d.len()).sum()
}
