//! `asper.Matcher` and `asper.Match`.

use numpy::PyArray1;
use pyo3::basic::CompareOp;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::{PyDict, PyList, PyMapping, PyString, PyTuple};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use super::convert::{offsets_arg, text_arg, threads_arg, threads_or, type_name};
use super::errors::pattern_error;
use super::results::{PyResults, Rows};
use super::run::{ProgressBar, run};
use super::table::{PyTable, clip, escape};
use super::texts::texts_arg;
use crate::corpus::{Docs, OffsetUnit, map_rows, pattern_totals, to_table};
use crate::error::BuildError;
use crate::matcher::{Match, MatchKind, Matcher, MatcherBuilder};
use crate::offsets::to_char_offsets;

/// One match: code-point offsets into the text, the pattern id, the pattern as given and its
/// label. Immutable, hashable, ordered by (start, end, pattern_id).
#[pyclass(frozen, name = "Match", module = "asper")]
pub struct PyMatch {
    #[pyo3(get)]
    start: usize,
    #[pyo3(get)]
    end: usize,
    #[pyo3(get)]
    pattern_id: usize,
    #[pyo3(get)]
    pattern: Py<PyString>,
    #[pyo3(get)]
    label: Option<Py<PyString>>,
}

impl PyMatch {
    fn key<'py>(&self, py: Python<'py>, with_label: bool) -> PyResult<Bound<'py, PyTuple>> {
        let label = self.label.as_ref().map(|l| l.clone_ref(py));
        if with_label {
            (self.start, self.end, self.pattern_id, self.pattern.clone_ref(py), label)
                .into_pyobject(py)
        } else {
            (self.start, self.end, self.pattern_id, self.pattern.clone_ref(py)).into_pyobject(py)
        }
    }
}

#[pymethods]
impl PyMatch {
    #[new]
    #[pyo3(signature = (start, end, pattern_id, pattern, label = None))]
    fn new(
        start: usize,
        end: usize,
        pattern_id: usize,
        pattern: Py<PyString>,
        label: Option<Py<PyString>>,
    ) -> PyMatch {
        PyMatch { start, end, pattern_id, pattern, label }
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let pattern = self.pattern.bind(py).repr()?;
        let label = match &self.label {
            Some(l) => l.bind(py).repr()?.to_string(),
            None => "None".to_owned(),
        };
        Ok(format!(
            "Match(start={}, end={}, pattern_id={}, pattern={pattern}, label={label})",
            self.start, self.end, self.pattern_id
        ))
    }

    fn __richcmp__(
        &self,
        other: &Bound<'_, PyAny>,
        op: CompareOp,
        py: Python<'_>,
    ) -> PyResult<Py<PyAny>> {
        let Ok(other) = other.cast::<PyMatch>() else {
            return Ok(py.NotImplemented());
        };
        let other = other.get();
        let eq = matches!(op, CompareOp::Eq | CompareOp::Ne);
        let result = self.key(py, eq)?.rich_compare(other.key(py, eq)?, op)?;
        Ok(result.unbind())
    }

    fn __hash__(&self, py: Python<'_>) -> PyResult<isize> {
        self.key(py, true)?.hash()
    }

    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
        py: Python<'py>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let this = slf.get();
        Ok((slf.get_type().into_any(), this.key(py, true)?))
    }

    fn __len__(&self) -> usize {
        self.end - self.start
    }
}

/// A compiled set of patterns with optional labels.
#[pyclass(frozen, name = "Matcher", module = "asper")]
pub struct PyMatcher {
    pub(crate) inner: Arc<Matcher>,
    /// The `threads` given at construction, for calls that give none.
    pub(crate) threads: Option<usize>,
}

/// Reads the `patterns` argument: an iterable of str, of (pattern, label) pairs, or a mapping.
/// Returns the patterns (borrowed from their Python objects) and their labels.
fn read_patterns(patterns: &Bound<'_, PyAny>) -> PyResult<(Vec<PyBackedStr>, Vec<Option<String>>)> {
    let py = patterns.py();
    if patterns.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(
            "patterns must be an iterable of str or (pattern, label) pairs, or a mapping, \
             not a single str (wrap it in a list)",
        ));
    }
    let items = if patterns.is_instance_of::<PyDict>() || patterns.cast::<PyMapping>().is_ok() {
        patterns.call_method0("items")?
    } else {
        patterns.clone()
    };
    let iter = items.try_iter().map_err(|_| {
        PyTypeError::new_err(format!(
            "patterns must be an iterable of str or (pattern, label) pairs, or a mapping, not {}",
            type_name(patterns)
        ))
    })?;
    let (mut labels, mut texts) = (Vec::new(), Vec::new());
    for (i, item) in iter.enumerate() {
        let item = item?;
        let (pattern, label) = if item.is_instance_of::<PyString>() {
            (item, None)
        } else if let Some(pair) = as_pair(&item)? {
            let label = if pair.1.is_none() {
                None
            } else {
                Some(pair.1.cast_into::<PyString>().map_err(|e| {
                    PyTypeError::new_err(format!(
                        "the label of pattern {i} must be str or None, not {}",
                        type_name(&e.into_inner())
                    ))
                })?)
            };
            (pair.0, label)
        } else {
            return Err(PyTypeError::new_err(format!(
                "pattern {i} must be str or a (pattern, label) pair, not {}",
                type_name(&item)
            )));
        };
        let pattern = pattern.cast_into::<PyString>().map_err(|e| {
            PyTypeError::new_err(format!(
                "pattern {i} must be str, not {}",
                type_name(&e.into_inner())
            ))
        })?;
        let text = PyBackedStr::try_from(pattern.clone()).map_err(|_| {
            pattern_error(
                py,
                format!("pattern {i} is not valid Unicode (it contains a lone surrogate)"),
                Some(i),
                Some("pattern"),
                None,
                None,
            )
        })?;
        labels.push(label.map(|l| l.to_str().map(str::to_owned)).transpose()?);
        texts.push(text);
    }
    Ok((texts, labels))
}

/// Recently built matchers, so that unpickling the same matcher again and again (one task
/// after another on a Dask or Spark worker) or building the same pattern list twice does not
/// rebuild the automaton. Entries are checked for equality, not only by hash.
const CACHE_SIZE: usize = 2;

static CACHE: Mutex<Vec<(u64, Arc<Matcher>)>> = Mutex::new(Vec::new());

/// The cache key of a matcher's options, patterns and labels.
fn cache_key<'a>(
    builder: &MatcherBuilder,
    entries: impl Iterator<Item = (&'a str, Option<&'a str>)>,
) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    format!("{builder:?}").hash(&mut h);
    for e in entries {
        e.hash(&mut h);
    }
    h.finish()
}

/// Puts a matcher in the cache (the oldest entry goes).
pub(crate) fn cache_put(key: u64, m: &Arc<Matcher>) {
    let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
    if cache.iter().any(|(k, c)| *k == key && Arc::ptr_eq(c, m)) {
        return;
    }
    if cache.len() >= CACHE_SIZE {
        cache.remove(0);
    }
    cache.push((key, Arc::clone(m)));
}

/// The cache key of a built matcher.
pub(crate) fn key_of(m: &Matcher) -> u64 {
    cache_key(m.options(), m.patterns().zip(m.labels()))
}

fn cached_build(
    builder: &MatcherBuilder,
    texts: &[PyBackedStr],
    labels: Vec<Option<String>>,
) -> Result<Arc<Matcher>, BuildError> {
    let entries = || texts.iter().map(|t| &**t).zip(labels.iter().map(Option::as_deref));
    let key = cache_key(builder, entries());
    let same = |m: &Matcher| {
        format!("{:?}", m.options()) == format!("{builder:?}")
            && m.len() == texts.len()
            && m.patterns().zip(m.labels()).zip(entries()).all(|((p, l), (q, k))| p == q && l == k)
    };
    {
        let cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, m)) = cache.iter().find(|(k, m)| *k == key && same(m)) {
            return Ok(Arc::clone(m));
        }
    }
    let m = Arc::new(builder.build_with_labels(texts.iter().map(|t| &**t).zip(labels))?);
    cache_put(key, &m);
    Ok(m)
}

/// A (pattern, label) pair given as a 2-tuple or a 2-list (as JSON gives it).
fn as_pair<'py>(
    item: &Bound<'py, PyAny>,
) -> PyResult<Option<(Bound<'py, PyAny>, Bound<'py, PyAny>)>> {
    if let Ok(t) = item.cast::<PyTuple>() {
        if t.len() == 2 {
            return Ok(Some((t.get_item(0)?, t.get_item(1)?)));
        }
    } else if let Ok(l) = item.cast::<PyList>()
        && l.len() == 2
    {
        return Ok(Some((l.get_item(0)?, l.get_item(1)?)));
    }
    Ok(None)
}

impl PyMatcher {
    fn to_py(&self, py: Python<'_>, m: &Match) -> PyResult<Py<PyMatch>> {
        Py::new(
            py,
            PyMatch {
                start: m.start,
                end: m.end,
                pattern_id: m.pattern,
                pattern: PyString::new(py, self.inner.pattern(m.pattern).unwrap_or_default())
                    .unbind(),
                label: self.inner.label(m.pattern).map(|l| PyString::new(py, l).unbind()),
            },
        )
    }

    pub(crate) fn to_list<'py>(
        &self,
        py: Python<'py>,
        ms: &[Match],
    ) -> PyResult<Bound<'py, PyList>> {
        let objs = ms.iter().map(|m| self.to_py(py, m)).collect::<PyResult<Vec<_>>>()?;
        PyList::new(py, objs)
    }

    /// Matches of one text with code-point offsets, computed with the GIL released.
    fn find_chars(&self, py: Python<'_>, text: &str) -> PyResult<Vec<Match>> {
        run(py, text.len(), None, |_| {
            let mut ms = self.inner.find_all(text);
            to_char_offsets(text, &mut ms);
            Ok(ms)
        })
    }
}

#[pymethods]
impl PyMatcher {
    #[new]
    #[pyo3(signature = (patterns, *, ignore_case = false, whole_words = true, normalize = true, match_kind = "longest", threads = None))]
    fn new(
        py: Python<'_>,
        patterns: &Bound<'_, PyAny>,
        ignore_case: bool,
        whole_words: bool,
        normalize: bool,
        match_kind: &str,
        threads: Option<i64>,
    ) -> PyResult<PyMatcher> {
        let kind: MatchKind = match_kind.parse()?;
        let threads = match threads {
            None => None,
            t => threads_arg(t)?,
        };
        let (texts, labels) = read_patterns(patterns)?;
        let mut builder = MatcherBuilder::new();
        builder
            .ignore_case(ignore_case)
            .whole_words(whole_words)
            .normalize(normalize)
            .match_kind(kind);
        let bytes = texts.iter().map(|t| t.len()).sum();
        let inner = run(py, bytes, None, |_| Ok(cached_build(&builder, &texts, labels)?))?;
        Ok(PyMatcher { inner, threads })
    }

    /// The `threads` given at construction (None: the call's, `ASPER_THREADS`, or one per core).
    #[getter]
    fn threads(&self) -> Option<usize> {
        self.threads
    }

    /// The identity of the built search structures (two matchers that share them have the same
    /// value): how the tests see that unpickling reuses the process's cache.
    #[getter]
    fn _engine_id(&self) -> usize {
        Arc::as_ptr(&self.inner) as usize
    }

    /// Saves the matcher to `path` (a temporary file next to it, then renamed). With
    /// `whole_words` (the default) the file holds the built search structures, so `load` builds
    /// nothing; without it the automaton is rebuilt from the saved patterns on load.
    fn save(&self, py: Python<'_>, path: PathBuf) -> PyResult<()> {
        Ok(py.detach(|| self.inner.save(&path))?)
    }

    /// Loads a matcher saved by `save`. A file that is empty, truncated, corrupted, of another
    /// kind or from a newer asper raises `asper.LoadError` naming it. The loaded matcher joins
    /// the process's cache, so that unpickling it (on a worker that loaded it) rebuilds nothing.
    #[staticmethod]
    #[pyo3(signature = (path, *, threads = None))]
    fn load(py: Python<'_>, path: PathBuf, threads: Option<i64>) -> PyResult<PyMatcher> {
        let threads = match threads {
            None => None,
            t => threads_arg(t)?,
        };
        let inner = py.detach(|| -> Result<_, crate::Error> {
            let m = Arc::new(Matcher::load(&path)?);
            cache_put(key_of(&m), &m);
            Ok(m)
        })?;
        Ok(PyMatcher { inner, threads })
    }

    /// Matches in `text`, in order.
    fn find<'py>(&self, py: Python<'py>, text: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyList>> {
        let text = text_arg(text, "text")?;
        let ms = self.find_chars(py, &text)?;
        self.to_list(py, &ms)
    }

    /// Matches in each text, in parallel with the GIL released: a `Results` sequence with one
    /// list of matches per document (an empty one for a null row).
    #[pyo3(signature = (texts, *, column = None, threads = None, progress = false))]
    fn find_many(
        slf: &Bound<'_, Self>,
        py: Python<'_>,
        texts: &Bound<'_, PyAny>,
        column: Option<&str>,
        threads: Option<i64>,
        progress: bool,
    ) -> PyResult<PyResults> {
        let threads = threads_or(threads, slf.get().threads)?;
        let docs = texts_arg(texts, column)?;
        let this = slf.get();
        let bar = ProgressBar::new(py, progress, docs.rows(), "asper find_many");
        let inner = &this.inner;
        let found = run(py, docs.bytes(), bar, |ctl| {
            map_rows(&docs, &ctl.column_options(threads, OffsetUnit::Chars), |d| {
                let mut ms = inner.find_all(d);
                to_char_offsets(d, &mut ms);
                ms
            })
        })?;
        let docs = found.into_iter().map(Option::unwrap_or_default).collect();
        Ok(PyResults::new(Rows::Matches { matcher: slf.clone().unbind(), docs }))
    }

    /// The matches of every text as one `Table`: columns `doc` (the row of the document),
    /// `start`, `end`, `pattern_id`, `pattern`, `label`. Built in parallel, one Arrow batch per
    /// block of documents.
    #[pyo3(signature = (texts, *, column = None, threads = None, offsets = "chars", progress = false))]
    fn find_table(
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
        let bar = ProgressBar::new(py, progress, docs.rows(), "asper find_table");
        let inner = &*self.inner;
        let (schema, batches) = run(py, docs.bytes(), bar, |ctl| {
            to_table(inner, &docs, &ctl.column_options(threads, unit))
        })?;
        Ok(PyTable::new(schema, batches))
    }

    /// The number of matches in each text, as a numpy `int64` array (0 for a null row),
    /// without materialising the matches.
    #[pyo3(signature = (texts, *, column = None, threads = None, progress = false))]
    fn count_many<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        column: Option<&str>,
        threads: Option<i64>,
        progress: bool,
    ) -> PyResult<Bound<'py, PyArray1<i64>>> {
        // numpy is a dependency of the package; without it (installed with --no-deps) the
        // array could not be made, and the numpy crate would panic: say so before any work.
        if py.import("numpy").is_err() {
            return Err(pyo3::exceptions::PyImportError::new_err(
                "count_many returns a numpy array, and numpy is not installed (pip install numpy)",
            ));
        }
        let threads = threads_or(threads, self.threads)?;
        let docs = texts_arg(texts, column)?;
        let bar = ProgressBar::new(py, progress, docs.rows(), "asper count_many");
        let inner = &self.inner;
        let counts = run(py, docs.bytes(), bar, |ctl| {
            map_rows(&docs, &ctl.column_options(threads, OffsetUnit::Chars), |d| {
                inner.count(d) as i64
            })
        })?;
        let counts: Vec<i64> = counts.into_iter().map(|c| c.unwrap_or(0)).collect();
        Ok(PyArray1::from_vec(py, counts))
    }

    /// Total matches over all texts per pattern (`by="pattern"`) or per label (`by="label"`,
    /// None for patterns without one), as a dict from the most frequent down; equal patterns
    /// given twice count together. Matches are counted, never materialised.
    #[pyo3(signature = (texts, *, by = "pattern", column = None, threads = None, progress = false))]
    fn counts<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        by: &str,
        column: Option<&str>,
        threads: Option<i64>,
        progress: bool,
    ) -> PyResult<Bound<'py, PyDict>> {
        let by_label = match by {
            "pattern" => false,
            "label" => true,
            b => {
                return Err(PyValueError::new_err(format!(
                    "by must be \"pattern\" or \"label\", not {b:?}"
                )));
            }
        };
        let threads = threads_or(threads, self.threads)?;
        let docs = texts_arg(texts, column)?;
        let bar = ProgressBar::new(py, progress, docs.rows(), "asper counts");
        let inner = &*self.inner;
        let totals = run(py, docs.bytes(), bar, |ctl| {
            pattern_totals(inner, &docs, &ctl.column_options(threads, OffsetUnit::Chars))
        })?;
        let mut by_key: HashMap<Option<&str>, u64> = HashMap::new();
        for (id, &(n, _)) in totals.iter().enumerate() {
            if n == 0 {
                continue;
            }
            let key = if by_label { inner.label(id) } else { inner.pattern(id) };
            *by_key.entry(key).or_default() += n;
        }
        let mut rows: Vec<(Option<&str>, u64)> = by_key.into_iter().collect();
        rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let out = PyDict::new(py);
        for (k, n) in rows {
            out.set_item(k, n)?;
        }
        Ok(out)
    }

    /// Number of matches in `text`.
    fn count(&self, py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<usize> {
        let text = text_arg(text, "text")?;
        run(py, text.len(), None, |_| Ok(self.inner.count(&text)))
    }

    /// Whether `text` has a match.
    fn is_match(&self, py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<bool> {
        let text = text_arg(text, "text")?;
        run(py, text.len(), None, |_| Ok(self.inner.is_match(&text)))
    }

    /// `text` with every match replaced by `repl` (a str, or a callable taking a Match and
    /// returning a str). Under match_kind="all", a match overlapping an earlier replaced one is
    /// skipped.
    fn replace(
        &self,
        py: Python<'_>,
        text: &Bound<'_, PyAny>,
        repl: &Bound<'_, PyAny>,
    ) -> PyResult<String> {
        let text = text_arg(text, "text")?;
        let fixed = repl.cast::<PyString>().ok().map(|s| s.to_str().map(str::to_owned));
        let fixed = fixed.transpose()?;
        if fixed.is_none() && !repl.is_callable() {
            return Err(PyTypeError::new_err(format!(
                "repl must be str or a callable, not {}",
                type_name(repl)
            )));
        }
        let bytes_ms = run(py, text.len(), None, |_| Ok(self.inner.find_all(&text)))?;
        let mut char_ms = bytes_ms.clone();
        to_char_offsets(&text, &mut char_ms);
        let mut out = String::with_capacity(text.len());
        let mut last = 0;
        for (b, c) in bytes_ms.iter().zip(&char_ms) {
            if b.start < last {
                continue;
            }
            out.push_str(&text[last..b.start]);
            match &fixed {
                Some(s) => out.push_str(s),
                None => {
                    let m = self.to_py(py, c)?;
                    let r = repl.call1((m,))?;
                    let r = r.cast::<PyString>().map_err(|_| {
                        PyTypeError::new_err(format!("repl must return str, not {}", type_name(&r)))
                    })?;
                    out.push_str(r.to_str()?);
                }
            }
            last = b.end;
        }
        out.push_str(&text[last..]);
        Ok(out)
    }

    /// `text` with its matches marked, for a notebook: an object whose `_repr_html_` shows the
    /// matches highlighted and labelled, with `.to_displacy()` for spaCy's displaCy.
    fn highlight<'py>(
        slf: &Bound<'py, Self>,
        py: Python<'py>,
        text: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let found = slf.call_method1("find", (text,))?;
        py.import("asper._highlight")?.call_method1("from_matches", (text, found))
    }

    fn __len__(&self) -> usize {
        self.inner.len()
    }

    /// The patterns, as given.
    #[getter]
    fn patterns<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        PyList::new(py, self.inner.patterns().map(|p| PyString::new(py, p)))
    }

    /// The labels (None where a pattern has none).
    #[getter]
    fn labels<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        PyList::new(py, self.inner.labels().map(|l| l.map(|l| PyString::new(py, l))))
    }

    #[getter]
    fn ignore_case(&self) -> bool {
        self.inner.ignore_case()
    }

    #[getter]
    fn whole_words(&self) -> bool {
        self.inner.whole_words()
    }

    #[getter]
    fn normalize(&self) -> bool {
        self.inner.normalize()
    }

    #[getter]
    fn match_kind(&self) -> &'static str {
        self.inner.match_kind().as_str()
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        let m = &*self.inner;
        let r = |s: &str| {
            PyString::new(py, s).repr().map(|r| r.to_string()).unwrap_or_else(|_| format!("{s:?}"))
        };
        let shown: Vec<String> = m.patterns().take(3).map(|p| r(&clip(p, 30))).collect();
        let more = if m.len() > 3 { ", ..." } else { "" };
        let labels = label_counts(m);
        let labels = if labels.is_empty() {
            String::new()
        } else {
            let parts: Vec<String> =
                labels.iter().take(4).map(|(l, n)| format!("{}: {n}", r(l))).collect();
            let more = if labels.len() > 4 { ", ..." } else { "" };
            format!(", labels {{{}{more}}}", parts.join(", "))
        };
        format!(
            "Matcher({} patterns [{}{more}]{labels}, ignore_case={}, whole_words={}, \
             normalize={}, match_kind='{}')",
            m.len(),
            shown.join(", "),
            py_bool(m.ignore_case()),
            py_bool(m.whole_words()),
            py_bool(m.normalize()),
            m.match_kind().as_str()
        )
    }

    fn _repr_html_(&self) -> String {
        let m = &*self.inner;
        let mut rows = vec![
            ("patterns".to_owned(), m.len().to_string()),
            ("ignore_case".to_owned(), py_bool(m.ignore_case()).to_owned()),
            ("whole_words".to_owned(), py_bool(m.whole_words()).to_owned()),
            ("normalize".to_owned(), py_bool(m.normalize()).to_owned()),
            ("match_kind".to_owned(), m.match_kind().as_str().to_owned()),
        ];
        let first: Vec<&str> = m.patterns().take(5).collect();
        rows.push(("first patterns".to_owned(), first.join(" · ")));
        for (label, n) in label_counts(m).into_iter().take(10) {
            rows.push((format!("label {label}"), format!("{n} patterns")));
        }
        let mut html = String::from("<table><caption>asper.Matcher</caption>");
        for (k, v) in rows {
            html.push_str(&format!("<tr><th>{}</th><td>{}</td></tr>", escape(&k), escape(&v)));
        }
        html.push_str("</table>");
        html
    }

    fn __getnewargs_ex__<'py>(
        &self,
        py: Python<'py>,
    ) -> PyResult<(Bound<'py, PyTuple>, Bound<'py, PyDict>)> {
        let pairs = self.inner.patterns().zip(self.inner.labels()).collect::<Vec<_>>();
        let args = PyTuple::new(py, [PyList::new(py, pairs)?])?;
        let kwargs = PyDict::new(py);
        kwargs.set_item("ignore_case", self.inner.ignore_case())?;
        kwargs.set_item("whole_words", self.inner.whole_words())?;
        kwargs.set_item("normalize", self.inner.normalize())?;
        kwargs.set_item("match_kind", self.inner.match_kind().as_str())?;
        kwargs.set_item("threads", self.threads)?;
        Ok((args, kwargs))
    }
}

/// Patterns per label, most frequent first.
fn label_counts(m: &Matcher) -> Vec<(&str, usize)> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for l in m.labels().flatten() {
        *counts.entry(l).or_default() += 1;
    }
    let mut v: Vec<(&str, usize)> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    v
}

fn py_bool(b: bool) -> &'static str {
    if b { "True" } else { "False" }
}
