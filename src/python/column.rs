//! `asper._native._Column`: one Arrow array handed back to Python through the PyCapsule
//! interface (for the polars namespace: `polars.Series(column)` reads it without a copy).

use std::sync::Arc;

use arrow_array::ArrayRef;
use arrow_schema::{ArrowError, Field, FieldRef};
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyTuple};
use pyo3_arrow::ffi::{ArrayIterator, to_array_pycapsules, to_stream_pycapsule};

/// An Arrow array (one column of results), exported through `__arrow_c_array__`.
#[pyclass(frozen, name = "_Column", module = "asper._native")]
pub struct PyColumn {
    array: ArrayRef,
    field: FieldRef,
}

impl PyColumn {
    pub(crate) fn new(name: &str, array: ArrayRef) -> PyColumn {
        let field = Arc::new(Field::new(name, array.data_type().clone(), true));
        PyColumn { array, field }
    }
}

#[pymethods]
impl PyColumn {
    fn __len__(&self) -> usize {
        self.array.len()
    }

    #[pyo3(signature = (requested_schema = None))]
    fn __arrow_c_array__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyCapsule>>,
    ) -> PyResult<Bound<'py, PyTuple>> {
        to_array_pycapsules(py, Arc::clone(&self.field), self.array.as_ref(), requested_schema)
            .map_err(PyErr::from)
    }

    #[pyo3(signature = (requested_schema = None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyCapsule>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        let arrays: Vec<Result<ArrayRef, ArrowError>> = vec![Ok(Arc::clone(&self.array))];
        let reader = Box::new(ArrayIterator::new(arrays.into_iter(), Arc::clone(&self.field)));
        to_stream_pycapsule(py, reader, requested_schema).map_err(PyErr::from)
    }
}
