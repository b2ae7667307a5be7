//! `asper.Results`: what `find_many` and `extract_many` return, one list per document.
//!
//! The results are kept in Rust, compactly, and each document's list of `Match` (or
//! `Attribution`) objects is made when it is asked for. A list of lists made up front would be
//! millions of objects tracked by Python's cyclic garbage collector, which then rescans them
//! again and again while the program goes on: it cost more than the matching itself.

use pyo3::basic::CompareOp;
use pyo3::exceptions::{PyIndexError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyList, PySlice, PyTuple};
use std::sync::atomic::{AtomicUsize, Ordering};

use super::attribution::PyAttribution;
use super::matcher::PyMatcher;
use crate::matcher::Match;

pub(crate) enum Rows {
    /// Matches with code-point offsets, per document, and the matcher that made them (for the
    /// pattern and label objects).
    Matches { matcher: Py<PyMatcher>, docs: Vec<Vec<Match>> },
    /// Attribution records per document.
    Attributions { docs: Vec<Vec<PyAttribution>> },
}

/// One list of matches (or attribution records) per document, in input order: a read-only
/// sequence that compares equal to the equivalent list of lists.
#[pyclass(frozen, sequence, name = "Results", module = "asper")]
pub struct PyResults {
    rows: Rows,
}

impl PyResults {
    pub(crate) fn new(rows: Rows) -> PyResults {
        PyResults { rows }
    }

    fn len(&self) -> usize {
        match &self.rows {
            Rows::Matches { docs, .. } => docs.len(),
            Rows::Attributions { docs } => docs.len(),
        }
    }

    fn total(&self) -> usize {
        match &self.rows {
            Rows::Matches { docs, .. } => docs.iter().map(Vec::len).sum(),
            Rows::Attributions { docs } => docs.iter().map(Vec::len).sum(),
        }
    }

    /// The list of document `i` (in range).
    fn doc<'py>(&self, py: Python<'py>, i: usize) -> PyResult<Bound<'py, PyList>> {
        match &self.rows {
            Rows::Matches { matcher, docs } => matcher.get().to_list(py, &docs[i]),
            Rows::Attributions { docs } => {
                let objs =
                    docs[i].iter().map(|a| Py::new(py, a.clone())).collect::<PyResult<Vec<_>>>()?;
                PyList::new(py, objs)
            }
        }
    }

    fn as_list<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let lists = (0..self.len()).map(|i| self.doc(py, i)).collect::<PyResult<Vec<_>>>()?;
        PyList::new(py, lists)
    }
}

#[pymethods]
impl PyResults {
    fn __len__(&self) -> usize {
        self.len()
    }

    fn __getitem__<'py>(
        &self,
        py: Python<'py>,
        index: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let n = self.len();
        if let Ok(slice) = index.cast::<PySlice>() {
            let ind = slice.indices(n as isize)?;
            let mut out = Vec::with_capacity(ind.slicelength);
            let mut i = ind.start;
            for _ in 0..ind.slicelength {
                out.push(self.doc(py, i as usize)?);
                i += ind.step;
            }
            return PyList::new(py, out).map(Bound::into_any);
        }
        let i: isize = index.extract().map_err(|_| {
            PyTypeError::new_err(format!(
                "Results indices must be integers or slices, not {}",
                super::convert::type_name(index)
            ))
        })?;
        let j = if i < 0 { i + n as isize } else { i };
        if j < 0 || j >= n as isize {
            return Err(PyIndexError::new_err(format!(
                "document {i} of {n} (Results index out of range)"
            )));
        }
        self.doc(py, j as usize).map(Bound::into_any)
    }

    fn __iter__(slf: Bound<'_, Self>) -> ResultsIter {
        ResultsIter { results: slf.unbind(), next: AtomicUsize::new(0) }
    }

    /// The number of matches (or records) over all documents.
    #[getter]
    fn total_count(&self) -> usize {
        self.total()
    }

    /// The results as a plain list of lists.
    fn to_list<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        self.as_list(py)
    }

    fn __richcmp__<'py>(
        &self,
        py: Python<'py>,
        other: &Bound<'py, PyAny>,
        op: CompareOp,
    ) -> PyResult<Py<PyAny>> {
        let other_list = if let Ok(o) = other.cast::<PyResults>() {
            o.get().as_list(py)?.into_any()
        } else if other.is_instance_of::<PyList>() || other.is_instance_of::<PyTuple>() {
            PyList::new(py, other.try_iter()?.collect::<PyResult<Vec<_>>>()?)?.into_any()
        } else {
            return Ok(py.NotImplemented());
        };
        match op {
            CompareOp::Eq | CompareOp::Ne => {
                self.as_list(py)?.rich_compare(other_list, op).map(Bound::unbind)
            }
            _ => Ok(py.NotImplemented()),
        }
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let what = match &self.rows {
            Rows::Matches { .. } => "matches",
            Rows::Attributions { .. } => "attributions",
        };
        let mut out = format!("Results({} documents, {} {what}", self.len(), self.total());
        if self.len() > 0 {
            let first = self.doc(py, 0)?;
            let shown: Vec<String> = first
                .iter()
                .take(3)
                .map(|x| x.repr().map(|r| r.to_string()))
                .collect::<PyResult<_>>()?;
            let more = if first.len() > 3 { ", ..." } else { "" };
            out.push_str(&format!(": [[{}{more}]", shown.join(", ")));
            out.push_str(if self.len() > 1 { ", ...]" } else { "]" });
        }
        out.push(')');
        Ok(out)
    }

    fn __reduce__<'py>(
        &self,
        py: Python<'py>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        // Unpickles as the equivalent list of lists.
        let list = py.get_type::<PyList>().into_any();
        Ok((list, PyTuple::new(py, [self.as_list(py)?])?))
    }
}

/// The iterator of a `Results`: one list per document.
#[pyclass(frozen, name = "ResultsIterator", module = "asper")]
pub struct ResultsIter {
    results: Py<PyResults>,
    next: AtomicUsize,
}

#[pymethods]
impl ResultsIter {
    fn __iter__(slf: Bound<'_, Self>) -> Bound<'_, Self> {
        slf
    }

    fn __next__<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyList>>> {
        let r = self.results.get();
        let i = self.next.fetch_add(1, Ordering::Relaxed);
        if i >= r.len() {
            self.next.store(r.len(), Ordering::Relaxed);
            return Ok(None);
        }
        r.doc(py, i).map(Some)
    }

    fn __length_hint__(&self) -> usize {
        self.results.get().len().saturating_sub(self.next.load(Ordering::Relaxed))
    }
}
