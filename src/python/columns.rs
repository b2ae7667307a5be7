//! The column functions behind `asper.polars` (an expression namespace calling them through
//! `map_batches`): one Arrow array in, one Arrow array of the same length out, nulls kept.

use std::sync::Arc;

use arrow_array::builder::{BooleanBuilder, ListBuilder, StringBuilder, UInt32Builder};
use arrow_array::{ArrayRef, ListArray, StringArray, StructArray, UInt64Array};
use arrow_buffer::{NullBuffer, OffsetBuffer};
use arrow_schema::{DataType, Field, Fields};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use super::attribution::PyAttributor;
use super::column::PyColumn;
use super::convert::threads_or;
use super::matcher::PyMatcher;
use super::run::run;
use super::texts::texts_arg;
use crate::corpus::{OffsetUnit, map_rows};
use crate::offsets::to_char_offsets;

/// Matches per row (UInt32; null rows stay null).
#[pyfunction]
#[pyo3(signature = (matcher, texts, *, threads = None))]
pub fn _polars_count(
    py: Python<'_>,
    matcher: &Bound<'_, PyMatcher>,
    texts: &Bound<'_, PyAny>,
    threads: Option<i64>,
) -> PyResult<PyColumn> {
    let threads = threads_or(threads, matcher.get().threads)?;
    let docs = texts_arg(texts, None)?;
    let m = &matcher.get().inner;
    let counts = run(py, docs.bytes(), None, |ctl| {
        map_rows(&docs, &ctl.column_options(threads, OffsetUnit::Chars), |d| m.count(d))
    })?;
    let mut b = UInt32Builder::with_capacity(counts.len());
    for c in counts {
        b.append_option(c.map(|c| c.min(u32::MAX as usize) as u32));
    }
    Ok(PyColumn::new("count", Arc::new(b.finish())))
}

/// Whether each row has a match (Boolean; null rows stay null).
#[pyfunction]
#[pyo3(signature = (matcher, texts, *, threads = None))]
pub fn _polars_contains(
    py: Python<'_>,
    matcher: &Bound<'_, PyMatcher>,
    texts: &Bound<'_, PyAny>,
    threads: Option<i64>,
) -> PyResult<PyColumn> {
    let threads = threads_or(threads, matcher.get().threads)?;
    let docs = texts_arg(texts, None)?;
    let m = &matcher.get().inner;
    let found = run(py, docs.bytes(), None, |ctl| {
        map_rows(&docs, &ctl.column_options(threads, OffsetUnit::Chars), |d| m.is_match(d))
    })?;
    let mut b = BooleanBuilder::with_capacity(found.len());
    for f in found {
        b.append_option(f);
    }
    Ok(PyColumn::new("contains", Arc::new(b.finish())))
}

/// The pattern (`what="pattern"`) or label (`what="label"`, null for a pattern without one) of
/// each match, per row (List of Utf8; null rows stay null).
#[pyfunction]
#[pyo3(signature = (matcher, texts, *, what = "pattern", threads = None))]
pub fn _polars_extract(
    py: Python<'_>,
    matcher: &Bound<'_, PyMatcher>,
    texts: &Bound<'_, PyAny>,
    what: &str,
    threads: Option<i64>,
) -> PyResult<PyColumn> {
    let label = match what {
        "pattern" => false,
        "label" => true,
        w => {
            return Err(PyValueError::new_err(format!(
                "what must be \"pattern\" or \"label\", not {w:?}"
            )));
        }
    };
    let threads = threads_or(threads, matcher.get().threads)?;
    let docs = texts_arg(texts, None)?;
    let m = &*matcher.get().inner;
    let ids = run(py, docs.bytes(), None, |ctl| {
        map_rows(&docs, &ctl.column_options(threads, OffsetUnit::Chars), |d| {
            m.find_iter(d).map(|x| x.pattern as u32).collect::<Vec<u32>>()
        })
    })?;
    let mut b = ListBuilder::new(StringBuilder::new());
    for row in ids {
        match row {
            None => b.append_null(),
            Some(ids) => {
                for id in ids {
                    let id = id as usize;
                    let v = if label { m.label(id) } else { m.pattern(id) };
                    b.values().append_option(v);
                }
                b.append(true);
            }
        }
    }
    Ok(PyColumn::new(what, Arc::new(b.finish())))
}

/// The attribution records of each row (List of Struct with the fields of
/// `asper.Attribution`, code-point offsets; null rows stay null).
#[pyfunction]
#[pyo3(signature = (attributor, texts, *, threads = None))]
pub fn _polars_attributions(
    py: Python<'_>,
    attributor: &Bound<'_, PyAttributor>,
    texts: &Bound<'_, PyAny>,
    threads: Option<i64>,
) -> PyResult<PyColumn> {
    let threads = threads_or(threads, attributor.get().threads)?;
    let docs = texts_arg(texts, None)?;
    let a = &attributor.get().inner;
    let rows = run(py, docs.bytes(), None, |ctl| {
        map_rows(&docs, &ctl.column_options(threads, OffsetUnit::Chars), |d| {
            let recs = a.extract(d);
            let strings: Vec<(String, String)> = recs
                .iter()
                .map(|r| {
                    let cue = d[r.cue_start..r.cue_end].to_owned();
                    (cue, d[r.source_start..r.source_end].to_owned())
                })
                .collect();
            let mut chars = recs;
            to_char_offsets(d, &mut chars);
            chars.into_iter().zip(strings).collect::<Vec<_>>()
        })
    })?;
    let n_rows = rows.len();
    let total: usize = rows.iter().map(|r| r.as_ref().map_or(0, Vec::len)).sum();
    let mut kind = Vec::with_capacity(total);
    let (mut cue, mut source, mut canonical) = (Vec::new(), Vec::new(), Vec::new());
    let mut via: Vec<Option<u64>> = Vec::with_capacity(total);
    let mut ints: [Vec<u64>; 6] = Default::default();
    let mut offsets = Vec::with_capacity(n_rows + 1);
    let mut valid = Vec::with_capacity(n_rows);
    offsets.push(0i32);
    for row in &rows {
        valid.push(row.is_some());
        for (r, (c, s)) in row.iter().flatten() {
            kind.push(r.kind.as_str());
            cue.push(c.as_str());
            source.push(s.as_str());
            canonical.push(r.canonical.as_deref());
            via.push(r.via.map(|i| i as u64));
            let offs = [
                r.cue_start,
                r.cue_end,
                r.source_start,
                r.source_end,
                r.sentence_start,
                r.sentence_end,
            ];
            for (col, o) in ints.iter_mut().zip(offs) {
                col.push(o as u64);
            }
        }
        let len = kind.len() as i32;
        offsets.push(len);
    }
    let u = |v: &Vec<u64>| Arc::new(UInt64Array::from(v.clone())) as ArrayRef;
    let s = |v: &Vec<&str>| Arc::new(StringArray::from(v.clone())) as ArrayRef;
    let names = [
        ("kind", DataType::Utf8, false),
        ("cue", DataType::Utf8, false),
        ("cue_start", DataType::UInt64, false),
        ("cue_end", DataType::UInt64, false),
        ("source", DataType::Utf8, false),
        ("source_start", DataType::UInt64, false),
        ("source_end", DataType::UInt64, false),
        ("canonical", DataType::Utf8, true),
        ("sentence_start", DataType::UInt64, false),
        ("sentence_end", DataType::UInt64, false),
        ("via", DataType::UInt64, true),
    ];
    let fields: Fields =
        names.iter().map(|(n, t, null)| Field::new(*n, t.clone(), *null)).collect();
    let children: Vec<ArrayRef> = vec![
        s(&kind),
        s(&cue),
        u(&ints[0]),
        u(&ints[1]),
        s(&source),
        u(&ints[2]),
        u(&ints[3]),
        Arc::new(StringArray::from(canonical)),
        u(&ints[4]),
        u(&ints[5]),
        Arc::new(UInt64Array::from(via)),
    ];
    let structs = StructArray::try_new(fields.clone(), children, None)
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    let item = Arc::new(Field::new("item", DataType::Struct(fields), false));
    let list = ListArray::try_new(
        item,
        OffsetBuffer::new(offsets.into()),
        Arc::new(structs),
        Some(NullBuffer::from(valid)),
    )
    .map_err(|e| PyValueError::new_err(e.to_string()))?;
    Ok(PyColumn::new("attributions", Arc::new(list)))
}

/// The core's own work on `texts`, as the baseline of the benchmarks (`benches/`): with
/// `what="find"`, `Matcher::find_all` on every document (byte offsets, the matches dropped);
/// with `what="count"`, `Matcher::count`. Returns the number of matches.
#[pyfunction]
#[pyo3(signature = (matcher, texts, *, what = "find", threads = None))]
pub fn _core_baseline(
    py: Python<'_>,
    matcher: &Bound<'_, PyMatcher>,
    texts: &Bound<'_, PyAny>,
    what: &str,
    threads: Option<i64>,
) -> PyResult<usize> {
    let count = match what {
        "find" => false,
        "count" => true,
        w => return Err(PyValueError::new_err(format!("what must be find or count, not {w:?}"))),
    };
    let threads = threads_or(threads, matcher.get().threads)?;
    let docs = texts_arg(texts, None)?;
    let m = &*matcher.get().inner;
    let n = run(py, docs.bytes(), None, |ctl| {
        map_rows(&docs, &ctl.column_options(threads, OffsetUnit::Bytes), |d| {
            if count { m.count(d) } else { m.find_all(d).len() }
        })
    })?;
    Ok(n.into_iter().flatten().sum())
}
