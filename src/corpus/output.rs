//! Output rows: JSON Lines, CSV, Arrow batches (for Parquet files and in-memory tables), and
//! files written atomically.

use std::fs::File;
use std::io::{self, BufWriter};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::builder::{StringBuilder, UInt64Builder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};

use super::engine::{ColType, RowSink};

/// A format for rows written to a file or stdout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    /// One JSON object a line.
    Jsonl,
    /// Comma-separated values with a header line (RFC 4180 quoting).
    Csv,
    /// Apache Parquet (zstd-compressed).
    Parquet,
}

impl OutputFormat {
    /// The format of an output path from its extension.
    pub fn from_path(path: &Path) -> Option<OutputFormat> {
        let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
        if name.ends_with(".jsonl") || name.ends_with(".ndjson") {
            Some(OutputFormat::Jsonl)
        } else if name.ends_with(".csv") {
            Some(OutputFormat::Csv)
        } else if name.ends_with(".parquet") {
            Some(OutputFormat::Parquet)
        } else {
            None
        }
    }
}

/// Where the rows of a scan go.
#[derive(Clone, Debug)]
pub enum ScanOutput {
    /// JSON Lines on standard output.
    Stdout,
    /// A file, format from its extension, written atomically (a temporary file renamed at the
    /// end; an interrupted run leaves no file that looks complete).
    File(PathBuf),
    /// Arrow record batches returned to the caller.
    Memory,
    /// Per-key totals only (number of rows and of documents with at least one row). Keys are
    /// the engine's count keys (pattern ids), mapped through `groups` when given (e.g. pattern
    /// id → label index).
    Count {
        /// Optional map from the engine's key to a group.
        groups: Option<Vec<usize>>,
    },
}

/// The full column list: `doc_id`, `file`, then the engine's columns.
pub(crate) fn all_columns(
    engine_cols: &'static [(&'static str, ColType)],
) -> Vec<(&'static str, ColType)> {
    let mut cols = vec![("doc_id", ColType::Str), ("file", ColType::Str)];
    cols.extend_from_slice(engine_cols);
    cols
}

/// The Arrow schema of the columns.
pub(crate) fn arrow_schema(cols: &[(&'static str, ColType)]) -> SchemaRef {
    Arc::new(Schema::new(
        cols.iter()
            .map(|&(name, t)| match t {
                ColType::Str => Field::new(name, DataType::Utf8, false),
                ColType::OptStr => Field::new(name, DataType::Utf8, true),
                ColType::Int => Field::new(name, DataType::UInt64, false),
                ColType::OptInt => Field::new(name, DataType::UInt64, true),
            })
            .collect::<Vec<_>>(),
    ))
}

/// Writes rows as JSON Lines into a byte buffer.
pub(crate) struct JsonRows<'a> {
    pub buf: &'a mut Vec<u8>,
    pub names: &'a [(&'static str, ColType)],
    pub col: usize,
}

impl JsonRows<'_> {
    fn key(&mut self) {
        self.buf.push(if self.col == 0 { b'{' } else { b',' });
        self.buf.push(b'"');
        self.buf.extend_from_slice(self.names[self.col].0.as_bytes());
        self.buf.extend_from_slice(b"\":");
        self.col += 1;
    }
}

fn json_str(buf: &mut Vec<u8>, s: &str) {
    // Writing a str to a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *buf, s);
}

impl RowSink for JsonRows<'_> {
    fn str(&mut self, s: &str) {
        self.key();
        json_str(self.buf, s);
    }
    fn opt_str(&mut self, s: Option<&str>) {
        self.key();
        match s {
            Some(s) => json_str(self.buf, s),
            None => self.buf.extend_from_slice(b"null"),
        }
    }
    fn int(&mut self, v: u64) {
        self.key();
        self.buf.extend_from_slice(itoa(v).as_bytes());
    }
    fn opt_int(&mut self, v: Option<u64>) {
        match v {
            Some(v) => self.int(v),
            None => {
                self.key();
                self.buf.extend_from_slice(b"null");
            }
        }
    }
    fn end_row(&mut self) {
        self.buf.extend_from_slice(b"}\n");
        self.col = 0;
    }
}

fn itoa(v: u64) -> String {
    v.to_string()
}

/// Writes rows as CSV into a byte buffer.
pub(crate) struct CsvRows<'a> {
    pub buf: &'a mut Vec<u8>,
    pub col: usize,
}

impl CsvRows<'_> {
    fn sep(&mut self) {
        if self.col > 0 {
            self.buf.push(b',');
        }
        self.col += 1;
    }
}

pub(crate) fn csv_field(buf: &mut Vec<u8>, s: &str) {
    if s.bytes().any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r')) || s.starts_with(' ') {
        buf.push(b'"');
        for b in s.bytes() {
            if b == b'"' {
                buf.push(b'"');
            }
            buf.push(b);
        }
        buf.push(b'"');
    } else {
        buf.extend_from_slice(s.as_bytes());
    }
}

impl RowSink for CsvRows<'_> {
    fn str(&mut self, s: &str) {
        self.sep();
        csv_field(self.buf, s);
    }
    fn opt_str(&mut self, s: Option<&str>) {
        self.sep();
        if let Some(s) = s {
            csv_field(self.buf, s);
        }
    }
    fn int(&mut self, v: u64) {
        self.sep();
        self.buf.extend_from_slice(itoa(v).as_bytes());
    }
    fn opt_int(&mut self, v: Option<u64>) {
        match v {
            Some(v) => self.int(v),
            None => self.sep(),
        }
    }
    fn end_row(&mut self) {
        self.buf.extend_from_slice(b"\r\n");
        self.col = 0;
    }
}

/// One column being built.
enum Builder {
    Str(StringBuilder),
    Int(UInt64Builder),
}

/// Builds Arrow columns row by row.
pub(crate) struct ArrowRows {
    schema: SchemaRef,
    cols: Vec<Builder>,
    col: usize,
    pub rows: usize,
}

impl ArrowRows {
    pub fn new(cols: &[(&'static str, ColType)]) -> ArrowRows {
        let builders = cols
            .iter()
            .map(|&(_, t)| match t {
                ColType::Int | ColType::OptInt => Builder::Int(UInt64Builder::new()),
                _ => Builder::Str(StringBuilder::new()),
            })
            .collect();
        ArrowRows { schema: arrow_schema(cols), cols: builders, col: 0, rows: 0 }
    }

    pub fn schema(&self) -> SchemaRef {
        Arc::clone(&self.schema)
    }

    /// The rows so far as a batch; the builders start again empty.
    pub fn finish(&mut self) -> Result<RecordBatch, arrow_schema::ArrowError> {
        let cols: Vec<ArrayRef> = self
            .cols
            .iter_mut()
            .map(|b| match b {
                Builder::Int(b) => Arc::new(b.finish()) as ArrayRef,
                Builder::Str(b) => Arc::new(b.finish()) as ArrayRef,
            })
            .collect();
        self.rows = 0;
        RecordBatch::try_new(self.schema(), cols)
    }

    #[inline]
    fn next(&mut self) -> &mut Builder {
        let c = self.col;
        self.col += 1;
        &mut self.cols[c]
    }
}

impl RowSink for ArrowRows {
    fn str(&mut self, s: &str) {
        if let Builder::Str(b) = self.next() {
            b.append_value(s);
        }
    }
    fn opt_str(&mut self, s: Option<&str>) {
        if let Builder::Str(b) = self.next() {
            b.append_option(s);
        }
    }
    fn int(&mut self, v: u64) {
        if let Builder::Int(b) = self.next() {
            b.append_value(v);
        }
    }
    fn opt_int(&mut self, v: Option<u64>) {
        if let Builder::Int(b) = self.next() {
            b.append_option(v);
        }
    }
    fn end_row(&mut self) {
        self.col = 0;
        self.rows += 1;
    }
}

/// A file written under a temporary name and renamed into place by [`AtomicFile::commit`];
/// dropped without commit, the temporary file is removed.
pub(crate) struct AtomicFile {
    tmp: PathBuf,
    dest: PathBuf,
    committed: bool,
}

impl AtomicFile {
    /// Creates the temporary file next to `dest`; returns the guard and the open file.
    pub fn create(dest: &Path) -> io::Result<(AtomicFile, File)> {
        let dir = dest.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let name = dest.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let tmp = dir.join(format!(".{name}.asper-partial-{}", std::process::id()));
        let file = File::create(&tmp)?;
        Ok((AtomicFile { tmp, dest: dest.to_path_buf(), committed: false }, file))
    }

    /// Renames the temporary file into place (after the caller flushed and closed it).
    pub fn commit(&mut self) -> io::Result<()> {
        std::fs::rename(&self.tmp, &self.dest)?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// A buffered writer over `file`.
pub(crate) fn buffered(file: File) -> BufWriter<File> {
    BufWriter::with_capacity(1 << 20, file)
}
