//! Columns of documents in memory (Arrow string arrays in any of their three layouts, or plain
//! strings), matched or extracted in parallel into Arrow result tables, one record batch per
//! parallel block, or into per-document counts.

use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use arrow_array::cast::AsArray;
use arrow_array::{Array, ArrayRef, LargeStringArray, RecordBatch, StringArray, StringViewArray};
use arrow_schema::{DataType, SchemaRef};
use rayon::prelude::*;

use super::OffsetUnit;
use super::engine::{ColType, Engine};
use super::output::{ArrowRows, arrow_schema};
use crate::error::Error;
use crate::matcher::Matcher;
use crate::offsets::{CharOffsets, Spans};

/// Documents addressed by row number; a row may be null (no document).
pub trait Docs: Sync {
    /// Number of rows.
    fn rows(&self) -> usize;
    /// The text of `row`, or None for a null row.
    fn get(&self, row: usize) -> Option<&str>;
    /// The length in bytes of `row`'s text (0 for a null row), without touching the text.
    fn byte_len(&self, row: usize) -> usize {
        self.get(row).map_or(0, str::len)
    }
    /// Ranges of rows that may be processed as one block: never across a boundary the
    /// implementation needs (an Arrow chunk). All rows by default.
    fn segments(&self) -> Vec<Range<usize>> {
        std::iter::once(0..self.rows()).collect()
    }
}

impl<S: AsRef<str> + Sync> Docs for [Option<S>] {
    fn rows(&self) -> usize {
        self.len()
    }
    fn get(&self, row: usize) -> Option<&str> {
        self[row].as_ref().map(AsRef::as_ref)
    }
}

/// One chunk of an Arrow string column.
#[derive(Clone, Debug)]
enum StrChunk {
    Utf8(StringArray),
    Large(LargeStringArray),
    View(StringViewArray),
}

impl StrChunk {
    fn len(&self) -> usize {
        match self {
            StrChunk::Utf8(a) => a.len(),
            StrChunk::Large(a) => a.len(),
            StrChunk::View(a) => a.len(),
        }
    }

    #[inline]
    fn get(&self, i: usize) -> Option<&str> {
        match self {
            StrChunk::Utf8(a) => a.is_valid(i).then(|| a.value(i)),
            StrChunk::Large(a) => a.is_valid(i).then(|| a.value(i)),
            StrChunk::View(a) => a.is_valid(i).then(|| a.value(i)),
        }
    }

    #[inline]
    fn byte_len(&self, i: usize) -> usize {
        if self.is_null(i) {
            return 0;
        }
        match self {
            StrChunk::Utf8(a) => a.value_length(i) as usize,
            StrChunk::Large(a) => a.value_length(i) as usize,
            StrChunk::View(a) => a.views()[i] as u32 as usize,
        }
    }

    fn is_null(&self, i: usize) -> bool {
        match self {
            StrChunk::Utf8(a) => a.is_null(i),
            StrChunk::Large(a) => a.is_null(i),
            StrChunk::View(a) => a.is_null(i),
        }
    }
}

/// A string column made of Arrow arrays (chunks), read in place: `Utf8`, `LargeUtf8` and
/// `Utf8View` are used as they are; a dictionary of strings is decoded once.
#[derive(Clone, Debug)]
pub struct ArrowDocs {
    chunks: Vec<StrChunk>,
    /// The first row of each chunk, and the total number of rows at the end.
    starts: Vec<usize>,
}

impl ArrowDocs {
    /// The column made of `arrays`, in order. Fails on an array that does not hold strings,
    /// naming its type.
    pub fn new(arrays: impl IntoIterator<Item = ArrayRef>) -> Result<ArrowDocs, Error> {
        let mut chunks = Vec::new();
        let mut starts = vec![0];
        for a in arrays {
            let chunk = match a.data_type() {
                DataType::Utf8 => StrChunk::Utf8(a.as_string::<i32>().clone()),
                DataType::LargeUtf8 => StrChunk::Large(a.as_string::<i64>().clone()),
                DataType::Utf8View => StrChunk::View(a.as_string_view().clone()),
                DataType::Dictionary(_, v)
                    if matches!(**v, DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View) =>
                {
                    let cast = arrow_cast::cast(&a, &DataType::LargeUtf8).map_err(|e| {
                        Error::invalid_option(format!("cannot decode the dictionary column: {e}"))
                    })?;
                    StrChunk::Large(cast.as_string::<i64>().clone())
                }
                DataType::Null => {
                    // A column of nulls only (e.g. an empty object column).
                    let nulls = arrow_array::new_null_array(&DataType::Utf8, a.len());
                    StrChunk::Utf8(nulls.as_string::<i32>().clone())
                }
                t => {
                    return Err(Error::invalid_option(format!(
                        "expected a column of strings (utf8, large_utf8 or utf8_view), not {t}"
                    )));
                }
            };
            let n = chunk.len();
            if n > 0 {
                chunks.push(chunk);
                starts.push(starts.last().copied().unwrap_or(0) + n);
            }
        }
        Ok(ArrowDocs { chunks, starts })
    }

    /// The chunk holding `row`, and the row's index in it.
    #[inline]
    fn locate(&self, row: usize) -> (&StrChunk, usize) {
        let c = self.starts.partition_point(|&s| s <= row) - 1;
        (&self.chunks[c], row - self.starts[c])
    }
}

impl Docs for ArrowDocs {
    fn rows(&self) -> usize {
        self.starts.last().copied().unwrap_or(0)
    }

    fn get(&self, row: usize) -> Option<&str> {
        let (c, i) = self.locate(row);
        c.get(i)
    }

    fn byte_len(&self, row: usize) -> usize {
        let (c, i) = self.locate(row);
        c.byte_len(i)
    }

    fn segments(&self) -> Vec<Range<usize>> {
        self.starts.windows(2).map(|w| w[0]..w[1]).collect()
    }
}

/// Splits the rows of `docs` into blocks of about `target` bytes of text (at least one row,
/// at most 64k rows), never across a segment.
pub(crate) fn blocks<D: Docs + ?Sized>(docs: &D, target: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for seg in docs.segments() {
        let mut start = seg.start;
        let mut bytes = 0;
        for row in seg.clone() {
            bytes += docs.byte_len(row) + 16;
            if bytes >= target || row + 1 - start >= 1 << 16 {
                out.push(start..row + 1);
                start = row + 1;
                bytes = 0;
            }
        }
        if start < seg.end {
            out.push(start..seg.end);
        }
    }
    out
}

/// How a column is processed.
#[derive(Clone, Debug)]
pub struct ColumnOptions {
    /// Worker threads (None: one per core).
    pub threads: Option<usize>,
    /// Unit of the offsets in result tables.
    pub offsets: OffsetUnit,
    /// Bytes of text per parallel block (one result batch per block).
    pub block_bytes: usize,
    /// When set, the work stops with [`ErrorKind::Cancelled`](crate::ErrorKind::Cancelled)
    /// (checked before each document).
    pub cancel: Option<Arc<AtomicBool>>,
    /// Incremented by the number of rows of each block once it is done (for progress bars).
    pub done: Option<Arc<AtomicUsize>>,
}

impl Default for ColumnOptions {
    fn default() -> ColumnOptions {
        ColumnOptions {
            threads: None,
            offsets: OffsetUnit::Chars,
            block_bytes: 1 << 20,
            cancel: None,
            done: None,
        }
    }
}

impl ColumnOptions {
    fn cancelled(&self) -> bool {
        self.cancel.as_ref().is_some_and(|c| c.load(Ordering::Relaxed))
    }

    fn finished(&self, rows: usize) {
        if let Some(d) = &self.done {
            d.fetch_add(rows, Ordering::Relaxed);
        }
    }
}

/// The columns of a result table: `doc` (the row number of the document), then the engine's.
pub fn table_columns<E: Engine>(engine: &E) -> Vec<(&'static str, ColType)> {
    let mut cols = vec![("doc", ColType::Int)];
    cols.extend_from_slice(engine.columns());
    cols
}

/// Runs `engine` over every non-null row of `docs` in parallel: one record batch per block of
/// rows (empty blocks give no batch), in row order, with the columns of [`table_columns`].
pub fn to_table<E: Engine, D: Docs + ?Sized>(
    engine: &E,
    docs: &D,
    opts: &ColumnOptions,
) -> Result<(SchemaRef, Vec<RecordBatch>), Error> {
    let cols = table_columns(engine);
    let schema = arrow_schema(&cols);
    let blocks = blocks(docs, opts.block_bytes);
    let batches: Vec<Result<Option<RecordBatch>, Error>> =
        crate::threads::with_threads(opts.threads, || {
            blocks
                .par_iter()
                .map(|rows| {
                    let mut out = ArrowRows::new(&cols);
                    for row in rows.clone() {
                        if opts.cancelled() {
                            return Err(Error::cancelled());
                        }
                        let Some(text) = docs.get(row) else { continue };
                        let items = engine.items(text);
                        if items.is_empty() {
                            continue;
                        }
                        let conv = (opts.offsets == OffsetUnit::Chars).then(|| {
                            let mut offs = Vec::with_capacity(items.len() * 2);
                            for it in &items {
                                it.each_offset(&mut |o| offs.push(o));
                            }
                            CharOffsets::new(text, offs)
                        });
                        let off = |b: usize| conv.as_ref().map_or(b, |c| c.get(b)) as u64;
                        for it in &items {
                            super::engine::RowSink::int(&mut out, row as u64);
                            engine.write(text, it, &off, &mut out);
                            super::engine::RowSink::end_row(&mut out);
                        }
                    }
                    opts.finished(rows.len());
                    if out.rows == 0 {
                        return Ok(None);
                    }
                    out.finish()
                        .map(Some)
                        .map_err(|e| Error::io_other("cannot build a batch", None, e.to_string()))
                })
                .collect()
        })?;
    if opts.cancelled() {
        return Err(Error::cancelled());
    }
    let mut out = Vec::with_capacity(batches.len());
    for b in batches {
        out.extend(b?);
    }
    Ok((schema, out))
}

/// Maps `f` over every row of `docs` in parallel (None for null rows), results in row order.
pub fn map_rows<D, T, F>(docs: &D, opts: &ColumnOptions, f: F) -> Result<Vec<Option<T>>, Error>
where
    D: Docs + ?Sized,
    T: Send,
    F: Fn(&str) -> T + Sync,
{
    let blocks = blocks(docs, opts.block_bytes);
    let parts: Vec<Result<Vec<Option<T>>, Error>> =
        crate::threads::with_threads(opts.threads, || {
            blocks
                .par_iter()
                .map(|rows| {
                    let mut out = Vec::with_capacity(rows.len());
                    for row in rows.clone() {
                        if opts.cancelled() {
                            return Err(Error::cancelled());
                        }
                        out.push(docs.get(row).map(&f));
                    }
                    opts.finished(rows.len());
                    Ok(out)
                })
                .collect()
        })?;
    if opts.cancelled() {
        return Err(Error::cancelled());
    }
    let mut out = Vec::with_capacity(docs.rows());
    for p in parts {
        out.extend(p?);
    }
    Ok(out)
}

/// Total matches per pattern id over every row of `docs`, and the number of rows with at least
/// one match of each, without materialising the matches.
pub fn pattern_totals<D: Docs + ?Sized>(
    m: &Matcher,
    docs: &D,
    opts: &ColumnOptions,
) -> Result<Vec<(u64, u64)>, Error> {
    let n = m.len();
    let blocks = blocks(docs, opts.block_bytes);
    let init = || (vec![(0u64, 0u64); n], Vec::<u32>::new());
    let result: Result<Vec<(u64, u64)>, Error> =
        crate::threads::with_threads(opts.threads, || {
            blocks
                .par_iter()
                .try_fold(init, |(mut acc, mut seen), rows| {
                    for row in rows.clone() {
                        if opts.cancelled() {
                            return Err(Error::cancelled());
                        }
                        let Some(text) = docs.get(row) else { continue };
                        seen.clear();
                        for x in m.find_iter(text) {
                            acc[x.pattern].0 += 1;
                            seen.push(x.pattern as u32);
                        }
                        seen.sort_unstable();
                        seen.dedup();
                        for &p in &seen {
                            acc[p as usize].1 += 1;
                        }
                    }
                    opts.finished(rows.len());
                    Ok((acc, seen))
                })
                .map(|r| r.map(|(acc, _)| acc))
                .try_reduce(
                    || vec![(0, 0); n],
                    |mut a, b| {
                        for (x, y) in a.iter_mut().zip(b) {
                            x.0 += y.0;
                            x.1 += y.1;
                        }
                        Ok(a)
                    },
                )
        })?;
    if opts.cancelled() {
        return Err(Error::cancelled());
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::builder::{StringBuilder, StringViewBuilder};

    fn utf8(v: &[Option<&str>]) -> ArrayRef {
        let mut b = StringBuilder::new();
        for s in v {
            b.append_option(*s);
        }
        Arc::new(b.finish())
    }

    #[test]
    fn arrow_docs_read_every_layout_and_keep_rows() {
        let a = utf8(&[Some("Reuters"), None, Some("é")]);
        let mut vb = StringViewBuilder::new();
        vb.append_value("a string longer than twelve bytes");
        vb.append_null();
        let v: ArrayRef = Arc::new(vb.finish());
        let large: ArrayRef = Arc::new(LargeStringArray::from(vec![Some("x"), Some("")]));
        // A slice: offsets into the parent array.
        let sliced = utf8(&[Some("skip"), Some("kept"), Some("skip")]).slice(1, 1);
        let d = ArrowDocs::new([a, v, large, sliced]).unwrap();
        assert_eq!(d.rows(), 8);
        let got: Vec<Option<&str>> = (0..8).map(|r| d.get(r)).collect();
        assert_eq!(
            got,
            [
                Some("Reuters"),
                None,
                Some("é"),
                Some("a string longer than twelve bytes"),
                None,
                Some("x"),
                Some(""),
                Some("kept")
            ]
        );
        let lens: Vec<usize> = (0..8).map(|r| d.byte_len(r)).collect();
        assert_eq!(lens, [7, 0, 2, 33, 0, 1, 0, 4]);
        assert_eq!(d.segments(), [0..3, 3..5, 5..7, 7..8]);
        let ints: ArrayRef = Arc::new(arrow_array::Int64Array::from(vec![1]));
        let e = ArrowDocs::new([ints]).unwrap_err();
        assert!(e.to_string().contains("Int64"), "{e}");
    }

    #[test]
    fn blocks_cover_every_row_once_within_segments() {
        let d = ArrowDocs::new([utf8(&[Some("aaaa"); 10]), utf8(&[Some("bb"); 3])]).unwrap();
        for target in [1, 30, 1 << 20] {
            let bs = blocks(&d, target);
            let rows: Vec<usize> = bs.iter().flat_map(Clone::clone).collect();
            assert_eq!(rows, (0..13).collect::<Vec<_>>(), "target {target}");
            assert!(bs.iter().all(|b| b.end <= 10 || b.start >= 10), "{bs:?}");
        }
    }

    #[test]
    fn tables_and_totals() {
        let m = Matcher::new(["Reuters", "AP"]).unwrap();
        let docs = [Some("Reuters and AP"), None, Some("é AP"), Some("none")];
        let opts = ColumnOptions { block_bytes: 1, ..ColumnOptions::default() };
        let (schema, batches) = to_table(&m, &docs[..], &opts).unwrap();
        assert_eq!(schema.field(0).name(), "doc");
        let mut rows = Vec::new();
        for b in &batches {
            let doc = b.column(0).as_primitive::<arrow_array::types::UInt64Type>();
            let start = b.column(1).as_primitive::<arrow_array::types::UInt64Type>();
            for i in 0..b.num_rows() {
                rows.push((doc.value(i), start.value(i)));
            }
        }
        // Code points: "é AP" has AP at character 2 (byte 3).
        assert_eq!(rows, [(0, 0), (0, 12), (2, 2)]);
        assert_eq!(batches.len(), 2, "one batch per block with rows");
        let totals = pattern_totals(&m, &docs[..], &opts).unwrap();
        assert_eq!(totals, [(1, 1), (2, 2)]);
        let counts = map_rows(&docs[..], &opts, |t| m.count(t)).unwrap();
        assert_eq!(counts, [Some(2), None, Some(1), Some(0)]);
        let cancel = Arc::new(AtomicBool::new(true));
        let stopped = ColumnOptions { cancel: Some(cancel), ..ColumnOptions::default() };
        assert!(to_table(&m, &docs[..], &stopped).is_err());
    }
}
