//! `asper._native._scan`: the corpus pipeline (its in-memory result is an `asper.Table`).

use std::path::PathBuf;
use std::sync::Arc;

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use super::matcher::PyMatcher;
use super::run::run;
use super::table::PyTable;
use crate::corpus::{
    Engine, Progress, ScanOptions, ScanOutput, ScanResult, Stats, expand_paths, scan,
};

fn stats_dict<'py>(py: Python<'py>, s: &Stats) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("files", s.files)?;
    d.set_item("records_read", s.records_read)?;
    d.set_item("processed", s.processed)?;
    d.set_item("errors", s.errors)?;
    d.set_item("warnings", s.warnings)?;
    d.set_item("rows", s.rows)?;
    d.set_item("bytes_read", s.bytes_read)?;
    d.set_item("total_bytes", s.total_bytes)?;
    d.set_item("elapsed", s.elapsed.as_secs_f64())?;
    Ok(d)
}

/// Runs the pipeline with `engine`, calling back into Python for progress and bad records.
/// Ctrl-C stops it (through [`run`]'s watcher and the scan's cancel flag).
fn run_scan<E: Engine>(
    py: Python<'_>,
    engine: &E,
    paths: Vec<PathBuf>,
    mut opts: ScanOptions,
    output: ScanOutput,
    on_progress: Option<Py<PyAny>>,
    on_record: Option<Py<PyAny>>,
) -> PyResult<(ScanResult, Stats)> {
    let files = expand_paths(&paths)?;
    let mut pending: Option<PyErr> = None;
    let result = run(py, usize::MAX, None, |ctl| {
        opts.cancel = Some(Arc::clone(&ctl.cancel));
        let mut report = |p: Progress<'_>| -> bool {
            Python::attach(|py| {
                let r = match p {
                    Progress::Update(s) => match &on_progress {
                        Some(cb) => stats_dict(py, s).and_then(|d| cb.call1(py, (d,)).map(drop)),
                        None => Ok(()),
                    },
                    Progress::Record(e) => match &on_record {
                        Some(cb) => cb.call1(py, (e.to_string(), e.warning)).map(drop),
                        None => Ok(()),
                    },
                };
                match r {
                    Ok(()) => true,
                    Err(e) => {
                        pending = Some(e);
                        false
                    }
                }
            })
        };
        scan(&files, engine, &opts, &output, &mut report)
    });
    match result {
        Ok((stats, r)) => Ok((r, stats)),
        // A callback raised: that is the error to show, not the cancellation it caused.
        Err(e) => Err(pending.unwrap_or(e)),
    }
}

/// The corpus pipeline (see `asper.scan`). Returns `(result, stats)` where result is a Table
/// (output None), a list of (rows, documents) per key (count=True), or None (written to output).
#[pyfunction]
#[pyo3(signature = (paths, engine, *, text_field = "text", id_field = "id", output = None,
    threads = None, offsets = "chars", strict = false, max_errors = None, window_mb = 64,
    count = false, groups = None, on_progress = None, on_record = None))]
#[allow(clippy::too_many_arguments)]
pub fn _scan<'py>(
    py: Python<'py>,
    paths: Vec<PathBuf>,
    engine: &Bound<'py, PyAny>,
    text_field: &str,
    id_field: &str,
    output: Option<PathBuf>,
    threads: Option<i64>,
    offsets: &str,
    strict: bool,
    max_errors: Option<u64>,
    window_mb: u64,
    count: bool,
    groups: Option<Vec<usize>>,
    on_progress: Option<Py<PyAny>>,
    on_record: Option<Py<PyAny>>,
) -> PyResult<(Py<PyAny>, Bound<'py, PyDict>)> {
    let offsets = super::convert::offsets_arg(offsets)?;
    if window_mb == 0 {
        return Err(PyValueError::new_err("window_mb must be at least 1"));
    }
    let opts = ScanOptions {
        text_field: text_field.to_owned(),
        id_field: id_field.to_owned(),
        threads: super::convert::threads_arg(threads)?,
        offsets,
        strict,
        max_errors,
        window_bytes: (window_mb as usize).saturating_mul(1 << 20),
        cancel: None,
    };
    let out = if count {
        ScanOutput::Count { groups }
    } else {
        match output {
            None => ScanOutput::Memory,
            Some(p) if p.as_os_str() == "-" => ScanOutput::Stdout,
            Some(p) => ScanOutput::File(p),
        }
    };
    let (result, stats) = if let Ok(m) = engine.cast::<PyMatcher>() {
        run_scan(py, &*m.get().inner, paths, opts, out, on_progress, on_record)?
    } else if let Ok(a) = engine.cast::<super::attribution::PyAttributor>() {
        run_scan(py, &a.get().inner, paths, opts, out, on_progress, on_record)?
    } else {
        return Err(PyTypeError::new_err(format!(
            "engine must be an asper.Matcher or asper.Attributor, not {}",
            super::convert::type_name(engine)
        )));
    };
    let obj: Py<PyAny> = match result {
        ScanResult::Batches(schema, batches) => {
            Py::new(py, PyTable::new(schema, batches))?.into_any()
        }
        ScanResult::Counts(c) => c.into_pyobject(py)?.into_any().unbind(),
        ScanResult::Written => py.None(),
    };
    Ok((obj, stats_dict(py, &stats)?))
}
