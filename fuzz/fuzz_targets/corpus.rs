//! Each corpus reader on arbitrary bytes: JSON Lines, gzip, zstd, Parquet and text files, as
//! given or as valid encodings of the fuzzer's bytes that are then truncated or corrupted. The
//! scan never panics or hangs, accounts for every record (`records_read == processed + errors`),
//! and returns as many rows as it counts.

#![no_main]

use std::io::Write;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use arbitrary::{Result, Unstructured};
use arrow_array::{ArrayRef, RecordBatch, StringArray};
use asper::corpus::{InputFile, InputFormat, ScanOptions, ScanOutput, ScanResult, scan};
use asper::{Matcher, MatcherBuilder};
use libfuzzer_sys::fuzz_target;

fn matcher() -> &'static Matcher {
    static M: OnceLock<Matcher> = OnceLock::new();
    M.get_or_init(|| {
        let mut b = MatcherBuilder::new();
        b.ignore_case(true);
        b.build(["a", "reuters", "é", "text", "1"]).expect("a matcher")
    })
}

fn dir() -> &'static PathBuf {
    static D: OnceLock<PathBuf> = OnceLock::new();
    D.get_or_init(|| {
        let base = if std::path::Path::new("/dev/shm").is_dir() {
            PathBuf::from("/dev/shm")
        } else {
            std::env::temp_dir()
        };
        let d = base.join(format!("asper-fuzz-corpus-{}", std::process::id()));
        std::fs::create_dir_all(&d).expect("a temporary folder");
        d
    })
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(data).expect("in memory");
    e.finish().expect("in memory")
}

fn parquet(data: &[u8], with_nulls: bool) -> Vec<u8> {
    let lines: Vec<Option<String>> = data
        .split(|&b| b == b'\n')
        .map(|l| {
            if with_nulls && l.first() == Some(&b'~') {
                None
            } else {
                Some(String::from_utf8_lossy(l).into_owned())
            }
        })
        .collect();
    let ids: Vec<Option<String>> = (0..lines.len()).map(|i| Some(i.to_string())).collect();
    let text: ArrayRef = Arc::new(StringArray::from(lines));
    let id: ArrayRef = Arc::new(StringArray::from(ids));
    let batch = RecordBatch::try_from_iter([("id", id), ("text", text)]).expect("a batch");
    let mut out = Vec::new();
    let mut w = parquet::arrow::ArrowWriter::try_new(&mut out, batch.schema(), None).expect("w");
    w.write(&batch).expect("write");
    w.close().expect("close");
    out
}

/// libFuzzer's panic hook aborts on every panic, even one that is caught. The `parquet` crate
/// panics on some corrupt files (assertions deep in its decoders, reported in fuzz/README.md);
/// asper catches those and reports the file as a bad record, which is what this target checks.
/// So a panic raised inside `parquet` (or the Arrow crates it calls) unwinds to that catch, and
/// any other panic still aborts.
fn let_decoder_panics_unwind() {
    static ONCE: OnceLock<()> = OnceLock::new();
    ONCE.get_or_init(|| {
        let abort = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let file = info.location().map_or("", |l| l.file());
            let in_decoder = ["/parquet-", "/arrow-"].iter().any(|c| file.contains(c));
            if !in_decoder {
                abort(info);
            }
        }));
    });
}

fn run(u: &mut Unstructured<'_>) -> Result<()> {
    let_decoder_panics_unwind();
    let mode = u.arbitrary::<u8>()?;
    let cut = u.arbitrary::<u16>()? as usize;
    let flip = u.arbitrary::<u16>()? as usize;
    let data = u.bytes(u.len())?;
    let (format, name, mut bytes) = match mode % 8 {
        0 => (InputFormat::Jsonl, "in.jsonl", data.to_vec()),
        1 => (InputFormat::JsonlGzip, "in.jsonl.gz", data.to_vec()),
        2 => (InputFormat::JsonlZstd, "in.jsonl.zst", data.to_vec()),
        3 => (InputFormat::Parquet, "in.parquet", data.to_vec()),
        4 => (InputFormat::JsonlGzip, "in.jsonl.gz", gzip(data)),
        5 => (InputFormat::JsonlZstd, "in.jsonl.zst", zstd::encode_all(data, 1).expect("zstd")),
        6 => (InputFormat::Parquet, "in.parquet", parquet(data, mode & 8 != 0)),
        _ => (InputFormat::Text, "in.txt", data.to_vec()),
    };
    // The encodings made here are damaged on request: cut short, or one byte changed.
    if (4..=6).contains(&(mode % 8)) && !bytes.is_empty() {
        if mode & 16 != 0 {
            bytes.truncate(cut % bytes.len());
        }
        if mode & 32 != 0 && !bytes.is_empty() {
            let i = flip % bytes.len();
            bytes[i] ^= (flip >> 8) as u8 | 1;
        }
    }
    let path = dir().join(name);
    std::fs::write(&path, &bytes).expect("written");
    let files = [InputFile { path, format, size: bytes.len() as u64 }];
    let opts = ScanOptions {
        threads: Some(1),
        window_bytes: if mode & 64 != 0 { 1 } else { 1 << 20 },
        ..ScanOptions::default()
    };
    let output =
        if mode & 128 != 0 { ScanOutput::Count { groups: None } } else { ScanOutput::Memory };
    let mut reported = 0u64;
    let (stats, result) = scan(&files, matcher(), &opts, &output, &mut |p| {
        if let asper::corpus::Progress::Record(e) = p {
            assert!(!e.message.is_empty());
            reported += 1;
        }
        true
    })
    .expect("a scan of a readable file does not fail");
    assert_eq!(stats.records_read, stats.processed + stats.errors, "{stats:?}");
    assert_eq!(reported, stats.errors + stats.warnings, "{stats:?}");
    match result {
        ScanResult::Batches(_, batches) => {
            let rows: usize = batches.iter().map(|b| b.num_rows()).sum();
            assert_eq!(rows as u64, stats.rows);
        }
        ScanResult::Counts(c) => {
            assert_eq!(c.iter().map(|x| x.0).sum::<u64>(), stats.rows);
        }
        ScanResult::Written => unreachable!("no file output"),
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(&mut Unstructured::new(data));
});
