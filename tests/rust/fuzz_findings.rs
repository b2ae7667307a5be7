//! Regression tests of the fuzz findings (`fuzz/README.md`), one per finding, named after the
//! target that found it and what it found. Their inputs are in `tests/data/fuzz/`.

use std::path::{Path, PathBuf};

use asper::MatcherBuilder;
use asper::corpus::{
    InputFile, InputFormat, Progress, ScanOptions, ScanOutput, ScanResult, Stats, scan,
};

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fuzz").join(name)
}

/// Scans the Parquet file `name` of `tests/data/fuzz`, then a good JSON Lines file with one
/// record and two matches: the stats, the bad-record messages and the rows returned.
fn scan_then_a_good_file(name: &str) -> (Stats, Vec<String>, usize) {
    let bad = data(name);
    let dir = std::env::temp_dir().join(format!("asper-fuzz-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join("good.jsonl");
    std::fs::write(&good, "{\"text\": \"a b a\"}\n").unwrap();
    let size = std::fs::metadata(&bad).unwrap().len();
    let files = [
        InputFile { size, path: bad, format: InputFormat::Parquet },
        InputFile { size: 18, path: good, format: InputFormat::Jsonl },
    ];
    let m = MatcherBuilder::new().build(["a"]).unwrap();
    let mut messages = Vec::new();
    let opts = ScanOptions::default();
    let (stats, result) = scan(&files, &m, &opts, &ScanOutput::Memory, &mut |p| {
        if let Progress::Record(e) = p {
            messages.push(e.message.clone());
        }
        true
    })
    .unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(stats.records_read, stats.processed + stats.errors);
    let ScanResult::Batches(_, batches) = result else { panic!("batches") };
    let rows = batches.iter().map(|b| b.num_rows()).sum::<usize>();
    assert_eq!(rows as u64, stats.rows);
    (stats, messages, rows)
}

/// `corpus` target: a Parquet file whose metadata gives a column chunk a negative offset made
/// the `parquet` crate panic in the reader thread ("column start and length should not be
/// negative"), and the whole scan failed ("the reader thread failed"), the files after it
/// unread. Now the file is one bad record and the run goes on.
#[test]
fn fuzz_corpus_parquet_negative_column_offset() {
    let (stats, messages, rows) =
        scan_then_a_good_file("corpus-parquet-negative-column-offset.parquet");
    assert_eq!((stats.errors, stats.processed, rows), (1, 1, 2), "{messages:?}");
    assert!(messages[0].contains("not a readable Parquet file"), "{messages:?}");
}

/// `corpus` target: a Parquet file whose embedded Arrow schema (the `ARROW:schema` metadata)
/// is corrupt made `arrow-ipc` panic ("Type NONE not supported") while the reader was opened,
/// failing the scan. The embedded schema is no longer read (the Parquet schema suffices): the
/// file's rows are read and the run goes on.
#[test]
fn fuzz_corpus_parquet_bad_arrow_schema() {
    let (stats, messages, rows) = scan_then_a_good_file("corpus-parquet-bad-arrow-schema.parquet");
    assert!(stats.processed >= 1, "{stats:?} {messages:?}");
    assert!(rows >= 2, "{stats:?}");
    assert!(messages.iter().all(|m| !m.contains("panicked")), "{messages:?}");
}

/// `corpus` target: a Parquet file with a corrupt dictionary-index page made the `parquet`
/// crate's RLE decoder panic ("assertion failed: num_bits <= T::BIT_CAPACITY") while rows were
/// decoded, failing the scan. Such a panic inside the decoder is now caught: the file is one
/// bad record after the rows already sent, and the run goes on.
#[test]
fn fuzz_corpus_parquet_rle_bit_width() {
    let (stats, messages, rows) = scan_then_a_good_file("corpus-parquet-rle-bit-width.parquet");
    assert_eq!(stats.errors, 1, "{stats:?} {messages:?}");
    assert!(messages[0].contains("the Parquet decoder failed"), "{messages:?}");
    assert!(messages[0].contains("num_bits"), "{messages:?}");
    // The good file after it is read: its two matches are the last rows.
    assert!(rows >= 2, "{stats:?}");
}
