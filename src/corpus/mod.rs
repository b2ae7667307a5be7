//! Bulk corpus processing: reading corpus files (JSON Lines, optionally gzip or zstd
//! compressed, Parquet, plain text), matching or extracting in parallel, and writing the results
//! (JSON Lines, CSV, Parquet, or Arrow batches in memory), with bounded memory, progress reports
//! and every record accounted for.
//!
//! The pipeline: one reader thread decompresses and splits input into chunks of raw records and
//! sends them through a bounded channel (the in-flight window); the calling thread takes one
//! chunk at a time, parses and processes its records in parallel on rayon, then writes the rows
//! in input order.

mod columns;
mod engine;
mod input;
mod json;
mod output;
mod pipeline;
mod record;

pub use columns::{
    ArrowDocs, ColumnOptions, Docs, map_rows, pattern_totals, table_columns, to_table,
};
pub use engine::{ColType, Engine, RowSink};
pub use input::{InputFile, InputFormat, expand_paths};
pub use output::{OutputFormat, ScanOutput};
pub use pipeline::{ScanOptions, ScanResult, scan};
pub use record::{Progress, RecordError, Stats};

/// Unit of the offsets written to outputs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum OffsetUnit {
    /// Code points (what Python's `str` slicing uses).
    #[default]
    Chars,
    /// UTF-8 bytes.
    Bytes,
}
