//! Regression tests of the fuzz findings (`fuzz/README.md`), one per finding, named after the
//! target that found it and what it found. Their inputs are in `tests/data/fuzz/`.

use std::path::{Path, PathBuf};

use asper::MatcherBuilder;
use asper::corpus::{InputFile, InputFormat, Progress, ScanOptions, ScanOutput, ScanResult, scan};

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fuzz").join(name)
}

/// `corpus` target: a Parquet file whose metadata gives a column chunk a negative offset made
/// the `parquet` crate panic in the reader thread ("column start and length should not be
/// negative"), and the whole scan failed ("the reader thread failed"), the files after it
/// unread. Now the file is one bad record and the run goes on.
#[test]
fn fuzz_corpus_parquet_negative_column_offset() {
    let bad = data("corpus-parquet-negative-column-offset.parquet");
    let dir = std::env::temp_dir().join(format!("asper-fuzz-finding-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join("good.jsonl");
    std::fs::write(&good, "{\"text\": \"a b a\"}\n").unwrap();
    let files = [
        InputFile {
            size: std::fs::metadata(&bad).unwrap().len(),
            path: bad,
            format: InputFormat::Parquet,
        },
        InputFile { size: 18, path: good, format: InputFormat::Jsonl },
    ];
    let m = MatcherBuilder::new().build(["a"]).unwrap();
    let mut messages = Vec::new();
    let (stats, result) =
        scan(&files, &m, &ScanOptions::default(), &ScanOutput::Memory, &mut |p| {
            if let Progress::Record(e) = p {
                messages.push(e.message.clone());
            }
            true
        })
        .unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!((stats.errors, stats.processed, stats.rows), (1, 1, 2), "{messages:?}");
    assert!(messages[0].contains("not a readable Parquet file"), "{messages:?}");
    assert_eq!(stats.records_read, stats.processed + stats.errors);
    let ScanResult::Batches(_, batches) = result else { panic!("batches") };
    assert_eq!(batches.iter().map(|b| b.num_rows()).sum::<usize>(), 2);
}
