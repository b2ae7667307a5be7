//! The documents of a batch call: a list (or any iterable) of `str`, or any Arrow string
//! column (`__arrow_c_array__` / `__arrow_c_stream__`: pyarrow, polars, pandas with Arrow
//! strings, DuckDB...), read in place without copying the text; tables take `column=`. Nulls
//! (None, NaN, pandas NA, Arrow nulls) are rows without a document: they keep their row index.

use pyo3::exceptions::{PyKeyError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::{PyFloat, PyString};
use pyo3_arrow::input::AnyArray;

use super::convert::{text_arg, type_name};
use crate::corpus::{ArrowDocs, Docs};

/// The documents of a batch call.
pub(crate) enum Texts {
    /// Python strings (borrowed UTF-8), None for null rows.
    Py(Vec<Option<PyBackedStr>>),
    /// An Arrow string column, read in place.
    Arrow(ArrowDocs),
}

impl Docs for Texts {
    fn rows(&self) -> usize {
        match self {
            Texts::Py(v) => v.len(),
            Texts::Arrow(a) => a.rows(),
        }
    }

    fn get(&self, row: usize) -> Option<&str> {
        match self {
            Texts::Py(v) => v[row].as_deref(),
            Texts::Arrow(a) => a.get(row),
        }
    }

    fn byte_len(&self, row: usize) -> usize {
        match self {
            Texts::Py(v) => v[row].as_ref().map_or(0, |s| s.len()),
            Texts::Arrow(a) => a.byte_len(row),
        }
    }

    fn segments(&self) -> Vec<std::ops::Range<usize>> {
        match self {
            Texts::Py(v) => std::iter::once(0..v.len()).collect(),
            Texts::Arrow(a) => a.segments(),
        }
    }
}

impl Texts {
    /// Total bytes of text.
    pub(crate) fn bytes(&self) -> usize {
        (0..self.rows()).map(|r| self.byte_len(r)).sum()
    }
}

/// The module and class name of `obj`'s type.
fn type_path(obj: &Bound<'_, PyAny>) -> (String, String) {
    let t = obj.get_type();
    let module = t.module().map(|m| m.to_string()).unwrap_or_default();
    (module, type_name(obj))
}

fn is_null(item: &Bound<'_, PyAny>) -> bool {
    if item.is_none() {
        return true;
    }
    if let Ok(f) = item.cast::<PyFloat>() {
        return f.value().is_nan();
    }
    // pandas.NA
    type_name(item) == "NAType"
}

/// Reads the `texts` argument of a batch call. `column` names the column of a table (default
/// `"text"`).
pub(crate) fn texts_arg(texts: &Bound<'_, PyAny>, column: Option<&str>) -> PyResult<Texts> {
    if texts.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(
            "texts must be an iterable of str or an Arrow string column, not a single str \
             (wrap it in a list)",
        ));
    }
    let (module, name) = type_path(texts);
    let mut obj = texts.clone();
    let mut column = column;
    if module.starts_with("pandas") && name == "DataFrame" {
        // Take the column first: a DataFrame's own Arrow export converts every column.
        let col = column.unwrap_or("text");
        obj = obj.get_item(col).map_err(|_| {
            let cols = texts.getattr("columns").and_then(|c| c.str()).map(|s| s.to_string());
            PyKeyError::new_err(format!(
                "no column {col:?} in the DataFrame (columns: {}); choose one with column=",
                cols.unwrap_or_default()
            ))
        })?;
        column = None;
    }
    let (module, name) = type_path(&obj);
    let pandas_object = module.starts_with("pandas")
        && name == "Series"
        && obj
            .getattr("dtype")
            .and_then(|d| d.str())
            .is_ok_and(|d| d.to_str().is_ok_and(|d| d == "object"));
    let arrow = !pandas_object
        && (obj.hasattr("__arrow_c_array__")? || obj.hasattr("__arrow_c_stream__")?);
    if arrow {
        return arrow_texts(&obj, column);
    }
    if let Some(col) = column {
        return Err(PyValueError::new_err(format!(
            "column={col:?} applies to tables (pyarrow, polars, pandas, DuckDB), not to {}",
            type_name(texts)
        )));
    }
    // Any other iterable: str items, None/NaN/NA for nulls.
    let iter = obj.try_iter().map_err(|_| {
        PyTypeError::new_err(format!(
            "texts must be an iterable of str or an Arrow string column, not {}",
            type_name(texts)
        ))
    })?;
    let mut docs = Vec::with_capacity(obj.len().unwrap_or(0));
    for (i, item) in iter.enumerate() {
        let item = item?;
        if is_null(&item) {
            docs.push(None);
        } else {
            docs.push(Some(text_arg(&item, &format!("document {i}"))?));
        }
    }
    Ok(Texts::Py(docs))
}

/// An Arrow array or stream: a string column, or a table (struct) and a column of it.
fn arrow_texts(obj: &Bound<'_, PyAny>, column: Option<&str>) -> PyResult<Texts> {
    let any: AnyArray = obj.extract()?;
    let reader = any.into_reader()?;
    let field = reader.field();
    let mut arrays = Vec::new();
    let pick = match field.data_type() {
        arrow_schema::DataType::Struct(fields) => {
            let col = column.unwrap_or("text");
            match fields.iter().position(|f| f.name() == col) {
                Some(i) => Some(i),
                None => {
                    let names: Vec<&str> = fields.iter().map(|f| f.name().as_str()).collect();
                    return Err(PyKeyError::new_err(format!(
                        "no column {col:?} in the table (columns: {}); choose one with column=",
                        names.join(", ")
                    )));
                }
            }
        }
        t => {
            if let Some(col) = column {
                return Err(PyValueError::new_err(format!(
                    "column={col:?} applies to tables, and this is a single column of {t}"
                )));
            }
            None
        }
    };
    for a in reader {
        let a = a.map_err(|e| PyValueError::new_err(format!("cannot read the Arrow data: {e}")))?;
        match pick {
            Some(i) => {
                let s = arrow_array::cast::AsArray::as_struct(&a);
                arrays.push(s.column(i).clone());
            }
            None => arrays.push(a),
        }
    }
    let docs = ArrowDocs::new(arrays).map_err(|e| PyTypeError::new_err(e.to_string()))?;
    Ok(Texts::Arrow(docs))
}
