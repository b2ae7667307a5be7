//! `asper.Table`: the one result table of asper (`find_table`, `extract_table`, `asper.scan`):
//! Arrow record batches built in Rust, one per parallel block, exported to any Arrow consumer
//! through `__arrow_c_stream__`, and converted to pandas with numpy alone.

use std::collections::HashMap;
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::UInt64Type;
use arrow_array::{Array, ArrayRef, RecordBatch, StructArray};
use arrow_schema::{DataType, Field, SchemaRef};
use numpy::PyArray1;
use pyo3::exceptions::PyIndexError;
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyDict, PyList, PyString};
use pyo3_arrow::ffi::{ArrayIterator, to_stream_pycapsule};

/// Rows shown by `repr` and `_repr_html_`.
const SHOWN: usize = 5;

/// A result table: one row per match or attribution.
#[pyclass(frozen, name = "Table", module = "asper")]
pub struct PyTable {
    schema: SchemaRef,
    batches: Vec<RecordBatch>,
    rows: usize,
    stats: Option<Py<PyAny>>,
}

impl PyTable {
    pub(crate) fn new(schema: SchemaRef, batches: Vec<RecordBatch>) -> PyTable {
        let rows = batches.iter().map(RecordBatch::num_rows).sum();
        PyTable { schema, batches, rows, stats: None }
    }

    /// Every cell of column `i`, in order, as Python objects: ints, str (one object per
    /// distinct value), None.
    fn column_objects<'py>(&self, py: Python<'py>, i: usize) -> PyResult<Vec<Py<PyAny>>> {
        let mut out = Vec::with_capacity(self.rows);
        match self.schema.field(i).data_type() {
            DataType::UInt64 => {
                for b in &self.batches {
                    let a = b.column(i).as_primitive::<UInt64Type>();
                    for (r, v) in a.values().iter().enumerate() {
                        if a.is_null(r) {
                            out.push(py.None());
                        } else {
                            out.push(v.into_pyobject(py)?.into_any().unbind());
                        }
                    }
                }
            }
            _ => {
                let mut seen: HashMap<&str, Py<PyAny>> = HashMap::new();
                for b in &self.batches {
                    let a = b.column(i).as_string::<i32>();
                    for r in 0..a.len() {
                        if a.is_null(r) {
                            out.push(py.None());
                            continue;
                        }
                        let s = a.value(r);
                        let obj = seen
                            .entry(s)
                            .or_insert_with(|| PyString::new(py, s).into_any().unbind());
                        out.push(obj.clone_ref(py));
                    }
                }
            }
        }
        Ok(out)
    }

    /// The cell of column `i` at global row `row`, as a string for display.
    fn cell(&self, i: usize, mut row: usize) -> String {
        for b in &self.batches {
            if row < b.num_rows() {
                let col = b.column(i);
                if col.is_null(row) {
                    return "null".to_owned();
                }
                return match col.data_type() {
                    DataType::UInt64 => col.as_primitive::<UInt64Type>().value(row).to_string(),
                    _ => col.as_string::<i32>().value(row).replace('\n', "\\n"),
                };
            }
            row -= b.num_rows();
        }
        String::new()
    }

    fn shown_rows(&self) -> Vec<usize> {
        if self.rows <= 2 * SHOWN {
            (0..self.rows).collect()
        } else {
            (0..SHOWN).chain(self.rows - SHOWN..self.rows).collect()
        }
    }
}

#[pymethods]
impl PyTable {
    /// Number of rows.
    fn __len__(&self) -> usize {
        self.rows
    }

    /// Column names.
    #[getter]
    fn column_names(&self) -> Vec<String> {
        self.schema.fields().iter().map(|f| f.name().clone()).collect()
    }

    /// The counters of the scan that made the table (`asper.ScanStats`), None for a table made
    /// in memory (`find_table`, `extract_table`).
    #[getter]
    fn stats(&self, py: Python<'_>) -> Option<Py<PyAny>> {
        self.stats.as_ref().map(|s| s.clone_ref(py))
    }

    /// The same table with `stats` attached.
    fn _with_stats(&self, stats: Py<PyAny>) -> PyTable {
        PyTable {
            schema: Arc::clone(&self.schema),
            batches: self.batches.clone(),
            rows: self.rows,
            stats: Some(stats),
        }
    }

    /// The Arrow C stream of the table (the Arrow PyCapsule interface): `pyarrow.table(t)`,
    /// `polars.DataFrame(t)`, `duckdb.sql("from t")` read it without a copy.
    #[pyo3(signature = (requested_schema = None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyCapsule>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        let field = Arc::new(Field::new_struct("", self.schema.fields().clone(), false));
        let arrays: Vec<Result<ArrayRef, arrow_schema::ArrowError>> = self
            .batches
            .iter()
            .map(|b| Ok(Arc::new(StructArray::from(b.clone())) as ArrayRef))
            .collect();
        let reader = Box::new(ArrayIterator::new(arrays.into_iter(), field));
        to_stream_pycapsule(py, reader, requested_schema).map_err(PyErr::from)
    }

    /// A pyarrow Table (needs pyarrow only).
    fn to_pyarrow<'py>(slf: &Bound<'py, Self>, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py.import("pyarrow")?.call_method1("table", (slf,))
    }

    /// Alias of `to_pyarrow`.
    fn to_arrow<'py>(slf: &Bound<'py, Self>, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Self::to_pyarrow(slf, py)
    }

    /// A polars DataFrame (needs polars only: read through the Arrow C stream, no copy).
    fn to_polars<'py>(slf: &Bound<'py, Self>, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py.import("polars")?.call_method1("DataFrame", (slf,))
    }

    /// A pandas DataFrame (needs pandas and numpy only): integer columns are `uint64` numpy
    /// arrays (object arrays of ints and None when the column has nulls), string columns are
    /// built from one Python string per distinct value.
    fn to_pandas<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let pd = py.import("pandas")?;
        let cols = PyDict::new(py);
        for (i, f) in self.schema.fields().iter().enumerate() {
            let nulls = self.batches.iter().any(|b| b.column(i).null_count() > 0);
            match f.data_type() {
                DataType::UInt64 if !nulls => {
                    let mut v = Vec::with_capacity(self.rows);
                    for b in &self.batches {
                        v.extend_from_slice(b.column(i).as_primitive::<UInt64Type>().values());
                    }
                    cols.set_item(f.name(), PyArray1::from_vec(py, v))?;
                }
                _ => {
                    let objs = self.column_objects(py, i)?;
                    cols.set_item(f.name(), PyArray1::from_vec(py, objs))?;
                }
            }
        }
        let kwargs = PyDict::new(py);
        kwargs.set_item("columns", self.column_names())?;
        pd.getattr("DataFrame")?.call((cols,), Some(&kwargs))
    }

    /// The columns as a dict of Python lists (no third-party library needed).
    fn to_pydict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let out = PyDict::new(py);
        for (i, f) in self.schema.fields().iter().enumerate() {
            out.set_item(f.name(), PyList::new(py, self.column_objects(py, i)?)?)?;
        }
        Ok(out)
    }

    /// The rows as dicts (no third-party library needed).
    fn to_pylist<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let names: Vec<Bound<'py, PyString>> =
            self.schema.fields().iter().map(|f| PyString::new(py, f.name())).collect();
        let cols: Vec<Vec<Py<PyAny>>> =
            (0..names.len()).map(|i| self.column_objects(py, i)).collect::<PyResult<_>>()?;
        let rows = PyList::empty(py);
        for r in 0..self.rows {
            let d = PyDict::new(py);
            for (name, col) in names.iter().zip(&cols) {
                d.set_item(name, col[r].clone_ref(py))?;
            }
            rows.append(d)?;
        }
        Ok(rows)
    }

    /// One row as a dict (negative indices count from the end).
    fn row<'py>(&self, py: Python<'py>, index: isize) -> PyResult<Bound<'py, PyDict>> {
        let n = self.rows as isize;
        let i = if index < 0 { index + n } else { index };
        if i < 0 || i >= n {
            return Err(PyIndexError::new_err(format!("row {index} of a table of {n} rows")));
        }
        let (mut b, mut r) = (0, i as usize);
        while r >= self.batches[b].num_rows() {
            r -= self.batches[b].num_rows();
            b += 1;
        }
        let batch = &self.batches[b];
        let d = PyDict::new(py);
        for (c, f) in self.schema.fields().iter().enumerate() {
            let col = batch.column(c);
            if col.is_null(r) {
                d.set_item(f.name(), py.None())?;
            } else if f.data_type() == &DataType::UInt64 {
                d.set_item(f.name(), col.as_primitive::<UInt64Type>().value(r))?;
            } else {
                d.set_item(f.name(), col.as_string::<i32>().value(r))?;
            }
        }
        Ok(d)
    }

    fn __repr__(&self) -> String {
        let names = self.column_names();
        let shown = self.shown_rows();
        let mut cells: Vec<Vec<String>> = vec![names.clone()];
        let mut prev = None;
        for &r in &shown {
            if prev.is_some_and(|p: usize| r != p + 1) {
                cells.push(names.iter().map(|_| "…".to_owned()).collect());
            }
            cells.push((0..names.len()).map(|c| clip(&self.cell(c, r), 40)).collect());
            prev = Some(r);
        }
        let widths: Vec<usize> = (0..names.len())
            .map(|c| cells.iter().map(|row| row[c].chars().count()).max().unwrap_or(0))
            .collect();
        let mut out = format!("asper.Table: {} rows × {} columns", self.rows, names.len());
        if let Some(stats) = &self.stats {
            Python::attach(|py| {
                let s = stats.bind(py);
                let get = |k: &str| s.getattr(k).and_then(|v| v.extract::<u64>()).unwrap_or(0);
                out.push_str(&format!(
                    " (scan: {} documents, {} errors)",
                    get("processed"),
                    get("errors")
                ));
            });
        }
        for (k, row) in cells.iter().enumerate() {
            out.push_str("\n ");
            for (c, cell) in row.iter().enumerate() {
                let pad = widths[c] - cell.chars().count();
                out.push(' ');
                out.push_str(cell);
                out.push_str(&" ".repeat(pad));
            }
            if k == 0 {
                out.push_str("\n ");
                for w in &widths {
                    out.push(' ');
                    out.push_str(&"─".repeat(*w));
                }
            }
        }
        out
    }

    fn _repr_html_(&self) -> String {
        let names = self.column_names();
        let mut html = String::from("<div><table class=\"dataframe\"><thead><tr>");
        for n in &names {
            html.push_str(&format!("<th>{}</th>", escape(n)));
        }
        html.push_str("</tr></thead><tbody>");
        let mut prev = None;
        for r in self.shown_rows() {
            if prev.is_some_and(|p: usize| r != p + 1) {
                html.push_str("<tr>");
                html.push_str(&"<td>…</td>".repeat(names.len()));
                html.push_str("</tr>");
            }
            html.push_str("<tr>");
            for c in 0..names.len() {
                html.push_str(&format!("<td>{}</td>", escape(&clip(&self.cell(c, r), 80))));
            }
            html.push_str("</tr>");
            prev = Some(r);
        }
        html.push_str(&format!(
            "</tbody></table><small>asper.Table: {} rows × {} columns</small></div>",
            self.rows,
            names.len()
        ));
        html
    }
}

/// At most `max` characters of `s`, with an ellipsis when cut.
pub(crate) fn clip(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        None => s.to_owned(),
        Some((cut, _)) => format!("{}…", &s[..cut]),
    }
}

/// `s` escaped for HTML text and attribute values.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c => out.push(c),
        }
    }
    out
}
