//! `asper.Attributor` and `asper.Attribution`.

use std::path::PathBuf;

use pyo3::basic::CompareOp;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};

use super::convert::{offsets_arg, text_arg, threads_arg, threads_or, type_name};
use super::errors::pattern_error;
use super::results::{PyResults, Rows};
use super::run::{ProgressBar, run};
use super::table::PyTable;
use super::texts::texts_arg;
use crate::attribution::{
    Attribution, AttributionKind, Attributor, AttributorBuilder, CueDirection, CueEntry,
    SourceEntry,
};
use crate::corpus::{Docs, OffsetUnit, map_rows, to_table};
use crate::error::{BuildError, Error};
use crate::offsets::to_char_offsets;

/// One attribution record: who is cited (source), by which cue, where (code-point offsets).
#[pyclass(frozen, name = "Attribution", module = "asper")]
#[derive(Clone)]
pub struct PyAttribution {
    #[pyo3(get)]
    kind: &'static str,
    #[pyo3(get)]
    cue: String,
    #[pyo3(get)]
    cue_start: usize,
    #[pyo3(get)]
    cue_end: usize,
    #[pyo3(get)]
    source: String,
    #[pyo3(get)]
    source_start: usize,
    #[pyo3(get)]
    source_end: usize,
    #[pyo3(get)]
    canonical: Option<String>,
    #[pyo3(get)]
    sentence_start: usize,
    #[pyo3(get)]
    sentence_end: usize,
    #[pyo3(get)]
    via: Option<usize>,
}

type Key = (
    usize,
    usize,
    usize,
    usize,
    &'static str,
    String,
    String,
    Option<String>,
    usize,
    usize,
    Option<usize>,
);

impl PyAttribution {
    fn key(&self) -> Key {
        (
            self.cue_start,
            self.cue_end,
            self.source_start,
            self.source_end,
            self.kind,
            self.cue.clone(),
            self.source.clone(),
            self.canonical.clone(),
            self.sentence_start,
            self.sentence_end,
            self.via,
        )
    }
}

/// Converts the records of one text (byte offsets) to Python-side records (code-point
/// offsets), in one walk of the text; runs with the GIL released.
fn convert(text: &str, mut recs: Vec<Attribution>) -> Vec<PyAttribution> {
    let strings: Vec<(String, String)> = recs
        .iter()
        .map(|a| {
            (text[a.cue_start..a.cue_end].to_owned(), text[a.source_start..a.source_end].to_owned())
        })
        .collect();
    to_char_offsets(text, &mut recs);
    recs.into_iter()
        .zip(strings)
        .map(|(a, (cue, source))| PyAttribution {
            kind: a.kind.as_str(),
            cue,
            cue_start: a.cue_start,
            cue_end: a.cue_end,
            source,
            source_start: a.source_start,
            source_end: a.source_end,
            canonical: a.canonical.as_deref().map(str::to_owned),
            sentence_start: a.sentence_start,
            sentence_end: a.sentence_end,
            via: a.via,
        })
        .collect()
}

#[pymethods]
impl PyAttribution {
    #[new]
    #[pyo3(signature = (kind, cue, cue_start, cue_end, source, source_start, source_end,
        canonical, sentence_start, sentence_end, via=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        kind: &str,
        cue: String,
        cue_start: usize,
        cue_end: usize,
        source: String,
        source_start: usize,
        source_end: usize,
        canonical: Option<String>,
        sentence_start: usize,
        sentence_end: usize,
        via: Option<usize>,
    ) -> PyResult<PyAttribution> {
        let kind: AttributionKind = kind.parse()?;
        Ok(PyAttribution {
            kind: kind.as_str(),
            cue,
            cue_start,
            cue_end,
            source,
            source_start,
            source_end,
            canonical,
            sentence_start,
            sentence_end,
            via,
        })
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let r = |s: &str| -> PyResult<String> { Ok(PyString::new(py, s).repr()?.to_string()) };
        let canonical = match &self.canonical {
            Some(c) => r(c)?,
            None => "None".to_owned(),
        };
        Ok(format!(
            "Attribution(kind={}, cue={}, cue_start={}, cue_end={}, source={}, \
             source_start={}, source_end={}, canonical={canonical}, sentence_start={}, \
             sentence_end={}, via={})",
            r(self.kind)?,
            r(&self.cue)?,
            self.cue_start,
            self.cue_end,
            r(&self.source)?,
            self.source_start,
            self.source_end,
            self.sentence_start,
            self.sentence_end,
            self.via.map_or_else(|| "None".to_owned(), |v| v.to_string())
        ))
    }

    fn __richcmp__(&self, other: &Bound<'_, PyAny>, op: CompareOp, py: Python<'_>) -> Py<PyAny> {
        let Ok(other) = other.cast::<PyAttribution>() else {
            return py.NotImplemented();
        };
        let (a, b) = (self.key(), other.get().key());
        let r = match op {
            CompareOp::Eq => a == b,
            CompareOp::Ne => a != b,
            CompareOp::Lt => a < b,
            CompareOp::Le => a <= b,
            CompareOp::Gt => a > b,
            CompareOp::Ge => a >= b,
        };
        r.into_pyobject(py).map(|b| b.to_owned().into_any().unbind()).unwrap_or_else(|_| py.None())
    }

    fn __hash__(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.key().hash(&mut h);
        h.finish()
    }

    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
        py: Python<'py>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let k = slf.get().key();
        let args = (k.4, k.5, k.0, k.1, k.6, k.2, k.3, k.7, k.8, k.9, k.10).into_pyobject(py)?;
        Ok((slf.get_type().into_any(), args))
    }
}

/// Extracts attribution records: built-in cue lexicon and news-source gazetteer, plus user
/// entries.
#[pyclass(frozen, name = "Attributor", module = "asper")]
pub struct PyAttributor {
    pub(crate) inner: Attributor,
    /// The `threads` given at construction, for calls that give none.
    pub(crate) threads: Option<usize>,
}

fn read_file(path: &PathBuf) -> PyResult<String> {
    std::fs::read_to_string(path).map_err(|e| Error::io("cannot read", Some(path), e).into())
}

/// The content and name of the TSV file `obj` names, when it is a str or a path (not a list or
/// tuple of entries).
fn tsv_file(obj: &Bound<'_, PyAny>) -> PyResult<Option<(String, String)>> {
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        return Ok(None);
    }
    match obj.extract::<PathBuf>() {
        Ok(path) => Ok(Some((read_file(&path)?, path.to_string_lossy().into_owned()))),
        Err(_) => Ok(None),
    }
}

/// `sources=`: a path to a TSV gazetteer, or an iterable of names or of
/// `(name, label, canonical)` tuples (label and canonical may be None or left out).
fn read_sources(obj: &Bound<'_, PyAny>) -> PyResult<Vec<SourceEntry>> {
    if let Some((content, origin)) = tsv_file(obj)? {
        return Ok(SourceEntry::parse_tsv(&content, &origin)?);
    }
    let iter = obj.try_iter().map_err(|_| {
        PyTypeError::new_err(format!(
            "sources must be a path to a TSV file or an iterable of names or (name, label, \
             canonical) tuples, not {}",
            type_name(obj)
        ))
    })?;
    let mut out = Vec::new();
    for (i, item) in iter.enumerate() {
        let item = item?;
        let entry = if let Ok(name) = item.cast::<PyString>() {
            SourceEntry::new(name.to_str()?, "SOURCE", None)
        } else if let Ok(t) = item.extract::<Vec<Option<String>>>() {
            if t.is_empty() || t.len() > 3 || t[0].is_none() {
                return Err(PyTypeError::new_err(format!(
                    "source {i} must be a name or a (name, label, canonical) tuple"
                )));
            }
            let name = t[0].clone().unwrap_or_default();
            let label = t.get(1).cloned().flatten().unwrap_or_else(|| "SOURCE".to_owned());
            SourceEntry::new(name, label, t.get(2).cloned().flatten())
        } else {
            return Err(PyTypeError::new_err(format!(
                "source {i} must be a name or a (name, label, canonical) tuple, not {}",
                type_name(&item)
            )));
        };
        if entry.name.trim().is_empty() {
            return Err(BuildError::empty(crate::Entry::Source, i, &entry.name, true).into());
        }
        out.push(entry);
    }
    Ok(out)
}

/// `cues=`: a path to a cue TSV (`cue<TAB>kind<TAB>direction`), or an iterable of
/// `(cue, kind)` or `(cue, kind, direction)` tuples.
fn read_cues(obj: &Bound<'_, PyAny>) -> PyResult<Vec<CueEntry>> {
    if let Some((content, origin)) = tsv_file(obj)? {
        return Ok(CueEntry::parse_tsv(&content, &origin)?);
    }
    let iter = obj.try_iter().map_err(|_| {
        PyTypeError::new_err(format!(
            "cues must be a path to a TSV file or an iterable of (cue, kind[, direction]) \
             tuples, not {}",
            type_name(obj)
        ))
    })?;
    let mut out = Vec::new();
    for (i, item) in iter.enumerate() {
        let item = item?;
        let t: Vec<String> = item
            .extract()
            .ok()
            .filter(|t: &Vec<String>| {
                (2..=3).contains(&t.len()) && !item.is_instance_of::<PyString>()
            })
            .ok_or_else(|| {
                PyTypeError::new_err(format!(
                    "cue {i} must be a (cue, kind) or (cue, kind, direction) tuple, not {}",
                    type_name(&item)
                ))
            })?;
        let bad = |e: BuildError| {
            pattern_error(
                obj.py(),
                format!("cue {i}: {e}"),
                Some(i),
                Some("cue"),
                Some(&t[0]),
                None,
            )
        };
        let kind: AttributionKind = t[1].parse().map_err(bad)?;
        let direction: CueDirection = match t.get(2) {
            Some(d) => d.parse().map_err(bad)?,
            None => kind.default_direction(),
        };
        if t[0].trim().is_empty() {
            return Err(BuildError::empty(crate::Entry::Cue, i, &t[0], true).into());
        }
        out.push(CueEntry::new(t[0].clone(), kind, direction));
    }
    Ok(out)
}

#[pymethods]
impl PyAttributor {
    #[new]
    #[pyo3(signature = (*, sources = None, cues = None, builtin_sources = true, builtin_cues = true, threads = None))]
    fn new(
        py: Python<'_>,
        sources: Option<&Bound<'_, PyAny>>,
        cues: Option<&Bound<'_, PyAny>>,
        builtin_sources: bool,
        builtin_cues: bool,
        threads: Option<i64>,
    ) -> PyResult<PyAttributor> {
        let threads = match threads {
            None => None,
            t => threads_arg(t)?,
        };
        let sources = sources.filter(|s| !s.is_none()).map(read_sources).transpose()?;
        let cues = cues.filter(|c| !c.is_none()).map(read_cues).transpose()?;
        let mut b = AttributorBuilder::new();
        b.builtin_sources(builtin_sources).builtin_cues(builtin_cues);
        b.add_sources(sources.unwrap_or_default());
        b.add_cues(cues.unwrap_or_default());
        let inner = py.detach(|| b.build())?;
        Ok(PyAttributor { inner, threads })
    }

    /// Saves the attributor to `path`: its options and the user's cues and sources (the
    /// built-ins come from the asper that loads it). Written to a temporary file next to
    /// `path`, then renamed.
    fn save(&self, py: Python<'_>, path: PathBuf) -> PyResult<()> {
        Ok(py.detach(|| self.inner.save(&path))?)
    }

    /// Loads an attributor saved by `save`. A file that is empty, truncated, corrupted, of
    /// another kind or from a newer asper raises `asper.LoadError` naming it.
    #[staticmethod]
    #[pyo3(signature = (path, *, threads = None))]
    fn load(py: Python<'_>, path: PathBuf, threads: Option<i64>) -> PyResult<PyAttributor> {
        let threads = match threads {
            None => None,
            t => threads_arg(t)?,
        };
        let inner = py.detach(|| Attributor::load(&path))?;
        Ok(PyAttributor { inner, threads })
    }

    /// The `threads` given at construction (None: the call's, `ASPER_THREADS`, or one per core).
    #[getter]
    fn threads(&self) -> Option<usize> {
        self.threads
    }

    /// The attribution records of `text`.
    fn extract<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyList>> {
        let text = text_arg(text, "text")?;
        let recs = run(py, text.len(), None, |_| Ok(convert(&text, self.inner.extract(&text))))?;
        let objs = recs.into_iter().map(|r| Py::new(py, r)).collect::<PyResult<Vec<_>>>()?;
        PyList::new(py, objs)
    }

    /// The records of each text, in parallel with the GIL released: a `Results` sequence with
    /// one list of records per document (an empty one for a null row).
    #[pyo3(signature = (texts, *, column = None, threads = None, progress = false))]
    fn extract_many(
        &self,
        py: Python<'_>,
        texts: &Bound<'_, PyAny>,
        column: Option<&str>,
        threads: Option<i64>,
        progress: bool,
    ) -> PyResult<PyResults> {
        let threads = threads_or(threads, self.threads)?;
        let docs = texts_arg(texts, column)?;
        let bar = ProgressBar::new(py, progress, docs.rows(), "asper extract_many");
        let inner = &self.inner;
        let found = run(py, docs.bytes(), bar, |ctl| {
            map_rows(&docs, &ctl.column_options(threads, OffsetUnit::Chars), |d| {
                convert(d, inner.extract(d))
            })
        })?;
        let docs = found.into_iter().map(Option::unwrap_or_default).collect();
        Ok(PyResults::new(Rows::Attributions { docs }))
    }

    /// The records of every text as one `Table`: columns `doc` (the row of the document),
    /// `kind`, `cue`, `cue_start`, `cue_end`, `source`, `source_start`, `source_end`,
    /// `canonical`, `sentence_start`, `sentence_end`. Built in parallel, one Arrow batch per
    /// block of documents.
    #[pyo3(signature = (texts, *, column = None, threads = None, offsets = "chars", progress = false))]
    fn extract_table(
        &self,
        py: Python<'_>,
        texts: &Bound<'_, PyAny>,
        column: Option<&str>,
        threads: Option<i64>,
        offsets: &str,
        progress: bool,
    ) -> PyResult<PyTable> {
        let threads = threads_or(threads, self.threads)?;
        let unit = offsets_arg(offsets)?;
        let docs = texts_arg(texts, column)?;
        let bar = ProgressBar::new(py, progress, docs.rows(), "asper extract_table");
        let inner = &self.inner;
        let (schema, batches) = run(py, docs.bytes(), bar, |ctl| {
            to_table(inner, &docs, &ctl.column_options(threads, unit))
        })?;
        Ok(PyTable::new(schema, batches))
    }

    /// `text` with its attributions marked, for a notebook: an object whose `_repr_html_`
    /// shows each cue and its source highlighted and linked, with `.to_displacy()`.
    fn highlight<'py>(
        slf: &Bound<'py, Self>,
        py: Python<'py>,
        text: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let found = slf.call_method1("extract", (text,))?;
        py.import("asper._highlight")?.call_method1("from_attributions", (text, found))
    }

    /// The effective sources: `(name, label, canonical)` tuples, built-in and user ones.
    #[getter]
    fn sources(&self) -> Vec<(String, String, String)> {
        self.inner
            .sources()
            .iter()
            .map(|s| (s.name.clone(), s.label.clone(), s.canonical_name().to_owned()))
            .collect()
    }

    /// The effective cues: `(cue, kind, direction)` tuples, built-in and user ones.
    #[getter]
    fn cues(&self) -> Vec<(String, &'static str, &'static str)> {
        self.inner
            .cues()
            .iter()
            .map(|c| (c.text.clone(), c.kind.as_str(), c.direction.as_str()))
            .collect()
    }

    fn __repr__(&self) -> String {
        let a = &self.inner;
        format!(
            "Attributor({} sources ({} yours), {} cues ({} yours), builtin_sources={}, \
             builtin_cues={})",
            a.sources().len(),
            a.user_sources().len(),
            a.cues().len(),
            a.user_cues().len(),
            if a.uses_builtin_sources() { "True" } else { "False" },
            if a.uses_builtin_cues() { "True" } else { "False" },
        )
    }

    fn __getnewargs_ex__<'py>(
        &self,
        py: Python<'py>,
    ) -> PyResult<(Bound<'py, PyTuple>, Bound<'py, PyDict>)> {
        let kwargs = PyDict::new(py);
        let sources: Vec<(String, String, Option<String>)> = self
            .inner
            .user_sources()
            .iter()
            .map(|s| (s.name.clone(), s.label.clone(), s.canonical.clone()))
            .collect();
        let cues: Vec<(String, &str, &str)> = self
            .inner
            .user_cues()
            .iter()
            .map(|c| (c.text.clone(), c.kind.as_str(), c.direction.as_str()))
            .collect();
        kwargs.set_item("sources", sources)?;
        kwargs.set_item("cues", cues)?;
        kwargs.set_item("builtin_sources", self.inner.uses_builtin_sources())?;
        kwargs.set_item("builtin_cues", self.inner.uses_builtin_cues())?;
        kwargs.set_item("threads", self.threads)?;
        Ok((PyTuple::empty(py), kwargs))
    }
}
