//! The scan: reader thread → bounded channel → parallel parse and process → ordered writes.

use std::borrow::Cow;
use std::fs::File;
use std::io::{self, Write};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{RecvTimeoutError, sync_channel};
use std::time::{Duration, Instant};

use arrow_array::RecordBatch;
use rayon::prelude::*;

use super::OffsetUnit;
use super::engine::{ColType, Engine, RowSink};
use super::input::{Chunk, InputFile, RawItem, ReaderConfig, read_all};
use super::json::parse_record;
use super::output::{
    ArrowRows, AtomicFile, CsvRows, JsonRows, OutputFormat, ScanOutput, all_columns, buffered,
    csv_field,
};
use super::record::{Progress, RecordError, Stats};
use crate::error::{Error, ErrorKind};
use crate::offsets::{CharOffsets, Spans};

/// Options of a scan.
#[derive(Clone, Debug)]
pub struct ScanOptions {
    /// The JSON field (or Parquet column) holding the text (default `text`).
    pub text_field: String,
    /// The JSON field (or Parquet column) holding the document id (default `id`); documents
    /// without one get `file:line` (`file:row` for Parquet, the file name for text files).
    pub id_field: String,
    /// Worker threads (None: one per core).
    pub threads: Option<usize>,
    /// Offsets unit in the output.
    pub offsets: OffsetUnit,
    /// Stop at the first bad record.
    pub strict: bool,
    /// Stop once more than this many records were bad.
    pub max_errors: Option<u64>,
    /// Bytes of raw input in flight at most (read but not yet written); bounds memory.
    pub window_bytes: usize,
    /// When set (by another thread), the scan stops with [`ErrorKind::Cancelled`] within one
    /// record per worker thread.
    pub cancel: Option<Arc<AtomicBool>>,
}

impl Default for ScanOptions {
    fn default() -> ScanOptions {
        ScanOptions {
            text_field: "text".into(),
            id_field: "id".into(),
            threads: None,
            offsets: OffsetUnit::Chars,
            strict: false,
            max_errors: None,
            window_bytes: 64 << 20,
            cancel: None,
        }
    }
}

/// How often the scan reports progress while it waits for input.
const IDLE_UPDATE: Duration = Duration::from_millis(100);

/// What a scan returns besides its stats.
#[derive(Debug)]
pub enum ScanResult {
    /// Rows were written to the output.
    Written,
    /// The rows as Arrow batches (for [`ScanOutput::Memory`]), with their schema.
    Batches(arrow_schema::SchemaRef, Vec<RecordBatch>),
    /// Per key: (rows, documents with at least one row), for [`ScanOutput::Count`].
    Counts(Vec<(u64, u64)>),
}

enum Sink {
    Text { format: OutputFormat, out: Box<dyn Write>, file: Option<AtomicFile> },
    Parquet { writer: Box<parquet::arrow::ArrowWriter<File>>, rows: ArrowRows, file: AtomicFile },
    Memory { rows: ArrowRows, batches: Vec<RecordBatch> },
    Count { groups: Option<Vec<usize>>, counts: Vec<(u64, u64)> },
}

fn write_err(path: Option<&Path>, e: io::Error) -> Error {
    Error::io("cannot write output", path, e)
}

/// One processed record.
struct Done<'c, I> {
    id: Cow<'c, str>,
    text: Cow<'c, str>,
    items: Vec<I>,
    /// Formatted rows for text outputs.
    bytes: Vec<u8>,
    /// A warning: (line, message).
    warning: Option<(Option<u64>, String)>,
}

/// Runs `engine` over `files`, sending rows to `output`. `report` gets progress and bad
/// records; when it returns false the scan stops with [`ErrorKind::Cancelled`] (and a file
/// output is not created).
pub fn scan<E: Engine>(
    files: &[InputFile],
    engine: &E,
    opts: &ScanOptions,
    output: &ScanOutput,
    report: &mut dyn FnMut(Progress<'_>) -> bool,
) -> Result<(Stats, ScanResult), Error> {
    let started = Instant::now();
    let cols = all_columns(engine.columns());
    let out_path = match output {
        ScanOutput::File(p) => Some(p.as_path()),
        _ => None,
    };
    let mut sink = match output {
        ScanOutput::Stdout => Sink::Text {
            format: OutputFormat::Jsonl,
            out: Box::new(io::BufWriter::with_capacity(1 << 20, io::stdout())),
            file: None,
        },
        ScanOutput::File(path) => {
            let format = OutputFormat::from_path(path).ok_or_else(|| {
                Error::invalid_option(format!(
                    "{}: unknown output format (expected .jsonl, .csv or .parquet)",
                    path.display()
                ))
            })?;
            let (guard, file) = AtomicFile::create(path)
                .map_err(|e| Error::io("cannot create output", Some(path), e))?;
            match format {
                OutputFormat::Parquet => {
                    let rows = ArrowRows::new(&cols);
                    let props = parquet::file::properties::WriterProperties::builder()
                        .set_compression(parquet::basic::Compression::ZSTD(Default::default()))
                        .build();
                    let writer =
                        parquet::arrow::ArrowWriter::try_new(file, rows.schema(), Some(props))
                            .map_err(|e| {
                                Error::io_other("cannot write output", Some(path), e.to_string())
                            })?;
                    Sink::Parquet { writer: Box::new(writer), rows, file: guard }
                }
                _ => Sink::Text { format, out: Box::new(buffered(file)), file: Some(guard) },
            }
        }
        ScanOutput::Memory => Sink::Memory { rows: ArrowRows::new(&cols), batches: Vec::new() },
        ScanOutput::Count { groups } => Sink::Count { groups: groups.clone(), counts: Vec::new() },
    };
    if let Sink::Text { format: OutputFormat::Csv, out, .. } = &mut sink {
        let mut header = Vec::new();
        for (i, (name, _)) in cols.iter().enumerate() {
            if i > 0 {
                header.push(b',');
            }
            csv_field(&mut header, name);
        }
        header.extend_from_slice(b"\r\n");
        out.write_all(&header).map_err(|e| write_err(out_path, e))?;
    }

    let mut stats = Stats {
        files: files.len() as u64,
        total_bytes: files.iter().map(|f| f.size).sum(),
        ..Stats::default()
    };
    let bytes_read = Arc::new(AtomicU64::new(0));
    let chunk_bytes = (opts.window_bytes / 4).clamp(64 << 10, 8 << 20);
    let depth = (opts.window_bytes / chunk_bytes).saturating_sub(2).max(1);
    let cfg = ReaderConfig {
        chunk_bytes,
        text_field: opts.text_field.clone(),
        id_field: opts.id_field.clone(),
        bytes_read: Arc::clone(&bytes_read),
    };
    let (tx, rx) = sync_channel::<Chunk>(depth);
    let files_owned = files.to_vec();
    let reader = std::thread::Builder::new()
        .name("asper-reader".into())
        .spawn(move || read_all(&files_owned, &cfg, &tx))
        .map_err(|e| Error::io("cannot start the reader thread", None, e))?;

    let text_output = matches!(sink, Sink::Text { .. });
    let csv = matches!(sink, Sink::Text { format: OutputFormat::Csv, .. });
    let cancelled = || opts.cancel.as_ref().is_some_and(|c| c.load(Ordering::Relaxed));
    loop {
        if cancelled() {
            return Err(Error::cancelled());
        }
        let chunk = match rx.recv_timeout(IDLE_UPDATE) {
            Ok(chunk) => chunk,
            Err(RecvTimeoutError::Disconnected) => break,
            Err(RecvTimeoutError::Timeout) => {
                // The input is slow (a pipe, stdin): report anyway, so that the caller can
                // cancel (Ctrl-C) without waiting for more input.
                stats.bytes_read = bytes_read.load(Ordering::Relaxed);
                stats.elapsed = started.elapsed();
                if !report(Progress::Update(&stats)) {
                    return Err(Error::cancelled());
                }
                continue;
            }
        };
        let done: Vec<Result<Done<'_, E::Item>, RecordError>> =
            crate::threads::with_threads(opts.threads, || {
                chunk
                    .items
                    .par_iter()
                    .map(|item| {
                        let mut d = parse(&chunk, item, opts)?;
                        if cancelled() {
                            // Cheap from here on; the loop stops before anything is written.
                            return Ok(d);
                        }
                        d.items = engine.items(&d.text);
                        if text_output {
                            format_rows(engine, &cols, &mut d, opts.offsets, csv, &chunk.file);
                        }
                        Ok(d)
                    })
                    .collect()
            })?;
        if cancelled() {
            return Err(Error::cancelled());
        }
        for d in done {
            match d {
                Ok(d) => {
                    stats.processed += 1;
                    stats.records_read += 1;
                    stats.rows += d.items.len() as u64;
                    if let Some((line, w)) = &d.warning {
                        stats.warnings += 1;
                        let mut e = RecordError::new(&chunk.file, *line, w.clone());
                        e.warning = true;
                        if !report(Progress::Record(&e)) {
                            return Err(Error::cancelled());
                        }
                    }
                    write_doc(&mut sink, engine, &chunk.file, &d, opts.offsets, out_path)?;
                }
                Err(e) => {
                    bad_record(&mut stats, &e, opts, report)?;
                }
            }
        }
        for e in &chunk.errors {
            bad_record(&mut stats, e, opts, report)?;
        }
        if let Sink::Parquet { writer, rows, .. } = &mut sink
            && rows.rows > 0
        {
            let fail = |e: String| Error::io_other("cannot write output", out_path, e);
            let batch = rows.finish().map_err(|e| fail(e.to_string()))?;
            writer.write(&batch).map_err(|e| fail(e.to_string()))?;
        }
        if let Sink::Memory { rows, batches } = &mut sink
            && rows.rows > 0
        {
            let batch = rows
                .finish()
                .map_err(|e| Error::io_other("cannot build a batch", None, e.to_string()))?;
            batches.push(batch);
        }
        stats.bytes_read = bytes_read.load(Ordering::Relaxed);
        stats.elapsed = started.elapsed();
        if !report(Progress::Update(&stats)) {
            return Err(Error::cancelled());
        }
    }
    if reader.join().is_err() {
        return Err(Error::io_other("cannot read input", None, "the reader thread failed".into()));
    }
    stats.bytes_read = bytes_read.load(Ordering::Relaxed);
    stats.elapsed = started.elapsed();
    let result = match sink {
        Sink::Text { mut out, file, .. } => {
            out.flush().map_err(|e| write_err(out_path, e))?;
            drop(out);
            if let Some(mut f) = file {
                f.commit()
                    .map_err(|e| Error::io("cannot rename output into place", out_path, e))?;
            }
            ScanResult::Written
        }
        Sink::Parquet { writer, mut file, .. } => {
            let f = writer
                .into_inner()
                .map_err(|e| Error::io_other("cannot write output", out_path, e.to_string()))?;
            f.sync_all().map_err(|e| write_err(out_path, e))?;
            drop(f);
            file.commit().map_err(|e| Error::io("cannot rename output into place", out_path, e))?;
            ScanResult::Written
        }
        Sink::Memory { rows, batches } => ScanResult::Batches(rows.schema(), batches),
        Sink::Count { counts, .. } => ScanResult::Counts(counts),
    };
    stats.elapsed = started.elapsed();
    let _ = report(Progress::Update(&stats));
    Ok((stats, result))
}

fn bad_record(
    stats: &mut Stats,
    e: &RecordError,
    opts: &ScanOptions,
    report: &mut dyn FnMut(Progress<'_>) -> bool,
) -> Result<(), Error> {
    stats.errors += 1;
    stats.records_read += 1;
    if !report(Progress::Record(e)) {
        return Err(Error::cancelled());
    }
    if opts.strict {
        return Err(Error::new(ErrorKind::BadRecord(format!(
            "stopped at the first bad record (--strict): {e}"
        ))));
    }
    if let Some(max) = opts.max_errors
        && stats.errors > max
    {
        return Err(Error::new(ErrorKind::BadRecord(format!(
            "stopped after {} bad records (more than --max-errors {max}); last: {e}",
            stats.errors
        ))));
    }
    Ok(())
}

/// Parses one raw record into its id and text.
fn parse<'c, I>(
    chunk: &'c Chunk,
    item: &'c RawItem,
    opts: &ScanOptions,
) -> Result<Done<'c, I>, RecordError> {
    let file = &chunk.file;
    let done = |id: Cow<'c, str>, text: Cow<'c, str>, warning: Option<(Option<u64>, String)>| {
        Done { id, text, items: Vec::new(), bytes: Vec::new(), warning }
    };
    match item {
        RawItem::Json { line, range } => {
            let raw = &chunk.buf[range.clone()];
            let err = |m: String| RecordError::new(file, Some(*line), m);
            let default_id = || Cow::Owned(format!("{file}:{line}"));
            match std::str::from_utf8(raw) {
                Ok(s) => {
                    let r = parse_record(s, &opts.text_field, &opts.id_field).map_err(err)?;
                    let id = r.id.map_or_else(default_id, Cow::Owned);
                    Ok(done(id, r.text, None))
                }
                Err(_) => {
                    let s = String::from_utf8_lossy(raw);
                    let r = parse_record(&s, &opts.text_field, &opts.id_field).map_err(err)?;
                    let id = r.id.map_or_else(default_id, Cow::Owned);
                    let w = "invalid UTF-8 replaced by U+FFFD".to_owned();
                    Ok(done(id, Cow::Owned(r.text.into_owned()), Some((Some(*line), w))))
                }
            }
        }
        RawItem::Text { range } => {
            // A UTF-8 byte order mark is not part of the document (offsets count from after it).
            let raw = &chunk.buf[range.clone()];
            let raw = raw.strip_prefix(b"\xef\xbb\xbf").unwrap_or(raw);
            match std::str::from_utf8(raw) {
                Ok(s) => Ok(done(Cow::Borrowed(&**file), Cow::Borrowed(s), None)),
                Err(_) => Ok(done(
                    Cow::Borrowed(&**file),
                    String::from_utf8_lossy(raw),
                    Some((None, "invalid UTF-8 replaced by U+FFFD".to_owned())),
                )),
            }
        }
        RawItem::Row { row, id, text } => match text {
            Ok(t) => {
                let id = id
                    .as_deref()
                    .map_or_else(|| Cow::Owned(format!("{file}:{row}")), Cow::Borrowed);
                Ok(done(id, Cow::Borrowed(t.as_str()), None))
            }
            Err(m) => Err(RecordError::new(file, Some(*row), m.clone())),
        },
    }
}

/// The converter of one document's offsets to the output unit.
fn converter<E: Engine>(text: &str, items: &[E::Item], unit: OffsetUnit) -> Option<CharOffsets> {
    if unit == OffsetUnit::Bytes || items.is_empty() {
        return None;
    }
    let mut offs = Vec::with_capacity(items.len() * 2);
    for it in items {
        it.each_offset(&mut |o| offs.push(o));
    }
    Some(CharOffsets::new(text, offs))
}

fn format_rows<E: Engine>(
    engine: &E,
    cols: &[(&'static str, ColType)],
    d: &mut Done<'_, E::Item>,
    unit: OffsetUnit,
    csv: bool,
    file: &str,
) {
    let conv = converter::<E>(&d.text, &d.items, unit);
    let off = |b: usize| conv.as_ref().map_or(b, |c| c.get(b)) as u64;
    let mut buf = Vec::new();
    if csv {
        let mut w = CsvRows { buf: &mut buf, col: 0 };
        for it in &d.items {
            w.str(&d.id);
            w.str(file);
            engine.write(&d.text, it, &off, &mut w);
            w.end_row();
        }
    } else {
        let mut w = JsonRows { buf: &mut buf, names: cols, col: 0 };
        for it in &d.items {
            w.str(&d.id);
            w.str(file);
            engine.write(&d.text, it, &off, &mut w);
            w.end_row();
        }
    }
    d.bytes = buf;
}

fn write_doc<E: Engine>(
    sink: &mut Sink,
    engine: &E,
    file: &str,
    d: &Done<'_, E::Item>,
    unit: OffsetUnit,
    out_path: Option<&Path>,
) -> Result<(), Error> {
    match sink {
        Sink::Text { out, .. } => out.write_all(&d.bytes).map_err(|e| write_err(out_path, e)),
        Sink::Parquet { rows, .. } | Sink::Memory { rows, .. } => {
            let conv = converter::<E>(&d.text, &d.items, unit);
            let off = |b: usize| conv.as_ref().map_or(b, |c| c.get(b)) as u64;
            for it in &d.items {
                rows.str(&d.id);
                rows.str(file);
                engine.write(&d.text, it, &off, rows);
                rows.end_row();
            }
            Ok(())
        }
        Sink::Count { groups, counts } => {
            let mut keys: Vec<usize> = d
                .items
                .iter()
                .filter_map(|it| engine.count_key(it))
                .map(|k| groups.as_ref().and_then(|g| g.get(k).copied()).unwrap_or(k))
                .collect();
            for &k in &keys {
                if counts.len() <= k {
                    counts.resize(k + 1, (0, 0));
                }
                counts[k].0 += 1;
            }
            keys.sort_unstable();
            keys.dedup();
            for k in keys {
                counts[k].1 += 1;
            }
            Ok(())
        }
    }
}
