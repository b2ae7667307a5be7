//! Input files: discovery, formats, and the reader that turns them into chunks of raw records.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::SyncSender;

use super::record::RecordError;
use crate::error::Error;

/// How a file is read, from its extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputFormat {
    /// JSON Lines (`.jsonl`, `.ndjson`).
    Jsonl,
    /// Gzip-compressed JSON Lines (`.jsonl.gz`, `.ndjson.gz`).
    JsonlGzip,
    /// Zstandard-compressed JSON Lines (`.jsonl.zst`, `.ndjson.zst`).
    JsonlZstd,
    /// Parquet (`.parquet`).
    Parquet,
    /// A plain-text file holding one document (`.txt`).
    Text,
    /// JSON Lines on standard input (`-`).
    Stdin,
}

impl InputFormat {
    /// The format of `path` from its extension, if known.
    pub fn from_path(path: &Path) -> Option<InputFormat> {
        if path.as_os_str() == "-" {
            return Some(InputFormat::Stdin);
        }
        let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
        let jsonl = |s: &str| s.ends_with(".jsonl") || s.ends_with(".ndjson");
        if let Some(stem) = name.strip_suffix(".gz") {
            return jsonl(stem).then_some(InputFormat::JsonlGzip);
        }
        if let Some(stem) = name.strip_suffix(".zst") {
            return jsonl(stem).then_some(InputFormat::JsonlZstd);
        }
        if jsonl(&name) {
            Some(InputFormat::Jsonl)
        } else if name.ends_with(".parquet") {
            Some(InputFormat::Parquet)
        } else if name.ends_with(".txt") {
            Some(InputFormat::Text)
        } else {
            None
        }
    }
}

/// One input file.
#[derive(Clone, Debug)]
pub struct InputFile {
    /// Its path (`-` for standard input).
    pub path: PathBuf,
    /// How it is read.
    pub format: InputFormat,
    /// Its size in bytes on disk (0 for standard input or when unknown).
    pub size: u64,
}

/// Expands files and folders (recursively, in sorted order) into input files. Files inside
/// folders whose extension is not a known corpus format, and hidden files, are skipped.
///
/// Every path given must be readable: a missing or unreadable file or folder is an
/// [`ErrorKind::Io`](crate::ErrorKind::Io) error naming it (its `io::Error` kept as the
/// source), and a file given explicitly with an unknown extension an
/// [`ErrorKind::InvalidOption`](crate::ErrorKind::InvalidOption). A file found inside a folder
/// that cannot be read later is reported as a bad record and the run goes on.
pub fn expand_paths<P: AsRef<Path>>(paths: &[P]) -> Result<Vec<InputFile>, Error> {
    let mut out = Vec::new();
    for p in paths {
        let p = p.as_ref();
        if p.as_os_str() == "-" {
            out.push(InputFile { path: p.to_path_buf(), format: InputFormat::Stdin, size: 0 });
            continue;
        }
        let meta = std::fs::metadata(p).map_err(|e| Error::io("cannot read input", Some(p), e))?;
        if meta.is_dir() {
            walk(p, &mut out).map_err(|e| Error::io("cannot list folder", Some(p), e))?;
            continue;
        }
        let format = InputFormat::from_path(p).ok_or_else(|| {
            Error::invalid_option(format!(
                "{}: unknown input format (expected .jsonl, .ndjson, .jsonl.gz, .jsonl.zst, \
                 .parquet, .txt or - for stdin)",
                p.display()
            ))
        })?;
        // Readable now (permissions): the reader opens it again in its turn.
        File::open(p).map_err(|e| Error::io("cannot read input", Some(p), e))?;
        out.push(InputFile { path: p.to_path_buf(), format, size: meta.len() });
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<InputFile>) -> io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let path = e.path();
        if e.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let ft = e.file_type()?;
        if ft.is_dir() {
            walk(&path, out)?;
        } else if let Some(format) = InputFormat::from_path(&path) {
            let size = e.metadata().map(|m| m.len()).unwrap_or(0);
            out.push(InputFile { path, format, size });
        }
    }
    Ok(())
}

/// A raw record in a chunk.
#[derive(Debug)]
pub(crate) enum RawItem {
    /// A JSON line at `line` (1-based), bytes `range` of the chunk buffer.
    Json { line: u64, range: Range<usize> },
    /// A whole text file, bytes `range` of the chunk buffer; its id is the file name.
    Text { range: Range<usize> },
    /// A Parquet row (0-based), already decoded.
    Row { row: u64, id: Option<String>, text: Result<String, String> },
}

/// A batch of raw records from one file.
#[derive(Debug)]
pub(crate) struct Chunk {
    pub file: Arc<str>,
    pub buf: Vec<u8>,
    pub items: Vec<RawItem>,
    /// Errors met while reading (unreadable file, truncated stream), in order.
    pub errors: Vec<RecordError>,
}

impl Chunk {
    fn new(file: &Arc<str>, cap: usize) -> Chunk {
        Chunk {
            file: Arc::clone(file),
            buf: Vec::with_capacity(cap),
            items: Vec::new(),
            errors: Vec::new(),
        }
    }

    fn is_empty(&self) -> bool {
        self.items.is_empty() && self.errors.is_empty()
    }
}

/// Counts bytes read from the underlying file, for progress.
struct Counting<R> {
    inner: R,
    counter: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.counter.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Settings of the reader.
pub(crate) struct ReaderConfig {
    pub chunk_bytes: usize,
    pub text_field: String,
    pub id_field: String,
    pub bytes_read: Arc<AtomicU64>,
}

/// Reads every file in turn and sends chunks; returns when done or when the receiver is gone.
pub(crate) fn read_all(files: &[InputFile], cfg: &ReaderConfig, tx: &SyncSender<Chunk>) {
    for f in files {
        let name: Arc<str> = if f.format == InputFormat::Stdin {
            Arc::from("<stdin>")
        } else {
            Arc::from(f.path.to_string_lossy().as_ref())
        };
        let ok = match f.format {
            InputFormat::Parquet => read_parquet(f, &name, cfg, tx),
            InputFormat::Text => read_text(f, &name, cfg, tx),
            _ => read_jsonl(f, &name, cfg, tx),
        };
        if !ok {
            return;
        }
    }
}

fn open_error(name: &Arc<str>, e: &io::Error, tx: &SyncSender<Chunk>) -> bool {
    let mut c = Chunk::new(name, 0);
    c.errors.push(RecordError::new(name, None, format!("cannot read file: {e}")));
    tx.send(c).is_ok()
}

fn open_counted(f: &InputFile, cfg: &ReaderConfig) -> io::Result<Box<dyn Read + Send>> {
    let counter = Arc::clone(&cfg.bytes_read);
    if f.format == InputFormat::Stdin {
        return Ok(Box::new(Counting { inner: io::stdin(), counter }));
    }
    let file = File::open(&f.path)?;
    if file.metadata()?.is_dir() {
        return Err(io::Error::other("is a folder"));
    }
    Ok(Box::new(Counting { inner: file, counter }))
}

fn read_jsonl(f: &InputFile, name: &Arc<str>, cfg: &ReaderConfig, tx: &SyncSender<Chunk>) -> bool {
    let raw = match open_counted(f, cfg) {
        Ok(r) => r,
        Err(e) => return open_error(name, &e, tx),
    };
    let decoded: Box<dyn Read + Send> = match f.format {
        InputFormat::JsonlGzip => Box::new(flate2::read::MultiGzDecoder::new(raw)),
        InputFormat::JsonlZstd => match zstd::stream::read::Decoder::new(raw) {
            Ok(d) => Box::new(d),
            Err(e) => return open_error(name, &e, tx),
        },
        _ => raw,
    };
    let mut reader = BufReader::with_capacity(1 << 20, decoded);
    let mut chunk = Chunk::new(name, cfg.chunk_bytes + (cfg.chunk_bytes >> 3));
    let mut line: u64 = 0;
    loop {
        let start = chunk.buf.len();
        match reader.read_until(b'\n', &mut chunk.buf) {
            Ok(0) => break,
            Ok(_) => {
                line += 1;
                let mut end = chunk.buf.len();
                while end > start && matches!(chunk.buf[end - 1], b'\n' | b'\r') {
                    end -= 1;
                }
                // A UTF-8 byte order mark at the start of the stream is not part of the record.
                let bom = line == 1 && chunk.buf[start..end].starts_with(b"\xef\xbb\xbf");
                let first = if bom { start + 3 } else { start };
                if chunk.buf[first..end].iter().all(u8::is_ascii_whitespace) {
                    chunk.buf.truncate(start);
                } else {
                    chunk.items.push(RawItem::Json { line, range: first..end });
                }
                if chunk.buf.len() >= cfg.chunk_bytes {
                    let next = Chunk::new(name, cfg.chunk_bytes + (cfg.chunk_bytes >> 3));
                    if tx.send(std::mem::replace(&mut chunk, next)).is_err() {
                        return false;
                    }
                }
            }
            Err(e) => {
                chunk.buf.truncate(start);
                let what = match f.format {
                    InputFormat::JsonlGzip => "truncated or corrupt gzip stream",
                    InputFormat::JsonlZstd => "truncated or corrupt zstd stream",
                    _ => "read error",
                };
                chunk.errors.push(RecordError::new(
                    name,
                    Some(line + 1),
                    format!("{what} after {line} lines: {e}"),
                ));
                break;
            }
        }
    }
    chunk.is_empty() || tx.send(chunk).is_ok()
}

fn read_text(f: &InputFile, name: &Arc<str>, cfg: &ReaderConfig, tx: &SyncSender<Chunk>) -> bool {
    let mut r = match open_counted(f, cfg) {
        Ok(r) => r,
        Err(e) => return open_error(name, &e, tx),
    };
    let mut chunk = Chunk::new(name, f.size as usize);
    if let Err(e) = r.read_to_end(&mut chunk.buf) {
        return open_error(name, &e, tx);
    }
    let n = chunk.buf.len();
    chunk.items.push(RawItem::Text { range: 0..n });
    tx.send(chunk).is_ok()
}

/// Reads a Parquet file. The `parquet` crate trusts some of a file's metadata and can panic on
/// a corrupt file (found by fuzzing: a negative column chunk offset; an embedded Arrow schema
/// that does not decode); the metadata is checked first and the Arrow schema not read, and a
/// panic of the decoder that remains is caught: either way the file is one bad record after
/// the rows already sent, and the run goes on with the next file.
fn read_parquet(
    f: &InputFile,
    name: &Arc<str>,
    cfg: &ReaderConfig,
    tx: &SyncSender<Chunk>,
) -> bool {
    let sent = std::cell::Cell::new(0u64);
    let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        read_parquet_rows(f, name, cfg, tx, &sent)
    }));
    match run {
        Ok(ok) => ok,
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            let row = sent.get();
            let mut c = Chunk::new(name, 0);
            c.errors.push(RecordError::new(
                name,
                Some(row),
                format!(
                    "corrupt Parquet data after row {row}: the Parquet decoder failed ({what})"
                ),
            ));
            cfg.bytes_read.fetch_add(f.size, Ordering::Relaxed);
            tx.send(c).is_ok()
        }
    }
}

/// Every column chunk of the file's metadata lies inside the file (`len` bytes).
fn parquet_chunks_in_file(meta: &parquet::file::metadata::ParquetMetaData, len: u64) -> bool {
    meta.row_groups().iter().flat_map(|rg| rg.columns()).all(|c| {
        let start = c.dictionary_page_offset().unwrap_or(c.data_page_offset());
        let size = c.compressed_size();
        start >= 0 && size >= 0 && (start as u64).checked_add(size as u64).is_some_and(|e| e <= len)
    })
}

fn read_parquet_rows(
    f: &InputFile,
    name: &Arc<str>,
    cfg: &ReaderConfig,
    tx: &SyncSender<Chunk>,
    sent: &std::cell::Cell<u64>,
) -> bool {
    use arrow_array::Array;
    use arrow_array::cast::AsArray;
    use arrow_schema::DataType;
    use parquet::arrow::ProjectionMask;
    use parquet::arrow::arrow_reader::{ArrowReaderOptions, ParquetRecordBatchReaderBuilder};

    let file = match File::open(&f.path) {
        Ok(file) => file,
        Err(e) => return open_error(name, &e, tx),
    };
    let fail = |msg: String| {
        let mut c = Chunk::new(name, 0);
        c.errors.push(RecordError::new(name, None, msg));
        tx.send(c).is_ok()
    };
    let len = file.metadata().map_or(f.size, |m| m.len());
    // The Arrow schema a writer may embed in the metadata is not read: decoding it trusts the
    // file (a corrupt one made arrow-ipc panic, found by fuzzing), and the Parquet schema says
    // all that is needed (which columns hold strings).
    let options = ArrowReaderOptions::new().with_skip_arrow_metadata(true);
    let builder = match ParquetRecordBatchReaderBuilder::try_new_with_options(file, options) {
        Ok(b) => b,
        Err(e) => return fail(format!("not a readable Parquet file: {e}")),
    };
    if !parquet_chunks_in_file(builder.metadata(), len) {
        return fail("not a readable Parquet file: a column chunk lies outside the file".into());
    }
    let fields = builder.schema().fields().clone();
    let Some(text_idx) = fields.iter().position(|x| x.name() == &cfg.text_field) else {
        let names: Vec<_> = fields.iter().map(|x| x.name().as_str()).collect();
        return fail(format!(
            "no column {:?} (columns: {}); choose one with --text-field",
            cfg.text_field,
            names.join(", ")
        ));
    };
    let id_idx = fields.iter().position(|x| x.name() == &cfg.id_field);
    // Top-level columns only: map field indices to root columns of the projection.
    let mut roots = vec![text_idx];
    roots.extend(id_idx);
    let mask = ProjectionMask::roots(builder.parquet_schema(), roots.iter().copied());
    let reader = match builder.with_projection(mask).with_batch_size(4096).build() {
        Ok(r) => r,
        Err(e) => return fail(format!("cannot read Parquet file: {e}")),
    };
    let mut row: u64 = 0;
    let mut chunk = Chunk::new(name, 0);
    let mut chunk_bytes = 0usize;
    for batch in reader {
        let batch = match batch {
            Ok(b) => b,
            Err(e) => {
                chunk.errors.push(RecordError::new(
                    name,
                    Some(row),
                    format!("corrupt Parquet data after row {row}: {e}"),
                ));
                break;
            }
        };
        let schema = batch.schema();
        let t_col = schema.index_of(&cfg.text_field).ok().map(|i| batch.column(i).clone());
        let i_col = schema.index_of(&cfg.id_field).ok().map(|i| batch.column(i).clone());
        let text_type = t_col.as_ref().map(|c| c.data_type().clone());
        // Only string (or binary) columns hold texts: numbers are not cast to strings.
        let texts = t_col
            .filter(|c| string_like(c.data_type()))
            .and_then(|c| arrow_cast::cast(&c, &DataType::LargeUtf8).ok());
        let ids = i_col.and_then(|c| arrow_cast::cast(&c, &DataType::LargeUtf8).ok());
        let n = batch.num_rows();
        for r in 0..n {
            let text = match &texts {
                Some(t) if t.is_valid(r) => Ok(t.as_string::<i64>().value(r).to_owned()),
                Some(_) => Err(format!("field {:?} is null", cfg.text_field)),
                None => Err(format!(
                    "field {:?} is not a string column ({})",
                    cfg.text_field,
                    text_type.as_ref().map_or_else(|| "missing".to_owned(), ToString::to_string)
                )),
            };
            let id = ids
                .as_ref()
                .filter(|c| c.is_valid(r))
                .map(|c| c.as_string::<i64>().value(r).to_owned());
            chunk_bytes += text.as_ref().map_or(0, String::len);
            chunk.items.push(RawItem::Row { row, id, text });
            row += 1;
        }
        cfg.bytes_read.fetch_add(0, Ordering::Relaxed);
        if chunk_bytes >= cfg.chunk_bytes {
            chunk_bytes = 0;
            if tx.send(std::mem::replace(&mut chunk, Chunk::new(name, 0))).is_err() {
                return false;
            }
            sent.set(row);
        }
    }
    // Parquet is read through the decoder, not the counting reader: count the file at the end.
    cfg.bytes_read.fetch_add(f.size, Ordering::Relaxed);
    chunk.is_empty() || tx.send(chunk).is_ok()
}

/// Whether a Parquet column of type `t` holds texts (strings, or bytes read as UTF-8).
fn string_like(t: &arrow_schema::DataType) -> bool {
    use arrow_schema::DataType::*;
    match t {
        Utf8 | LargeUtf8 | Utf8View | Binary | LargeBinary | BinaryView => true,
        Dictionary(_, values) => string_like(values),
        _ => false,
    }
}
