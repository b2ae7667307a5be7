//! Corpus reading: `asper::corpus::scan` over JSON Lines (plain, gzip, zstd) and Parquet files of
//! the same documents, counting matches (`ScanOutput::Count`), on 1 and 2 worker threads.
//!
//! The documents are the news corpus of `common` (the BBC articles of `../shared/data`, else the
//! seeded synthetic corpus) replicated to `ASPER_BENCH_MB` MB of text (default 25), with an `id`
//! field; the four files are written once into the target folder (`CARGO_TARGET_TMPDIR`) and
//! reused while the documents are the same. The engine is a `Matcher` of the 10,000 entity names
//! with the defaults. Throughput is in bytes of document text, the same for every format (the
//! file sizes are printed on stderr).
//!
//! In the same group, one thread each: `asper/find_iter_in_memory` (the same matcher over the
//! documents already in memory: the ceiling of the pipeline), and a read-split-parse-match loop
//! over the JSON Lines file (`std::fs::read`, lines, `serde_json` borrowing the text) with the
//! raw `aho-corasick` leftmost-longest DFA and with `daachorse` bytewise leftmost-longest, over
//! the patterns as given (no word boundaries: their counts differ).
//!
//! `cargo bench --features corpus --bench corpus` (`make bench` does it).

// Notes (file sizes, match counts) go to stderr for the person running the bench.
#![allow(clippy::print_stderr)]

#[allow(dead_code)]
mod common;

use std::borrow::Cow;
use std::fs::{self, File};
use std::hint::black_box;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind as AcMatchKind};
use arrow_array::{ArrayRef, RecordBatch, StringArray};
use asper::Matcher;
use asper::corpus::{InputFile, ScanOptions, ScanOutput, expand_paths, scan};
use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use daachorse::{
    DoubleArrayAhoCorasick, DoubleArrayAhoCorasickBuilder, MatchKind as DaacMatchKind,
};
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::properties::WriterProperties;

use common::note;

/// Default corpus size of this bench, in MB of text (`ASPER_BENCH_MB` overrides it).
const DEFAULT_MB: f64 = 25.0;

/// Rows per Parquet row group.
const ROW_GROUP: usize = 4096;

const FORMATS: [(&str, &str); 4] = [
    ("jsonl", "corpus.jsonl"),
    ("gzip", "corpus.jsonl.gz"),
    ("zstd", "corpus.jsonl.zst"),
    ("parquet", "corpus.parquet"),
];

fn jsonl(docs: &[&str]) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, d) in docs.iter().enumerate() {
        let line = serde_json::json!({"id": format!("d{i}"), "text": d});
        out.extend_from_slice(line.to_string().as_bytes());
        out.push(b'\n');
    }
    out
}

fn write_parquet(path: &Path, docs: &[&str]) -> Result<(), Box<dyn std::error::Error>> {
    let ids: Vec<String> = (0..docs.len()).map(|i| format!("d{i}")).collect();
    let batch = RecordBatch::try_from_iter([
        ("id", Arc::new(StringArray::from(ids)) as ArrayRef),
        ("text", Arc::new(StringArray::from(docs.to_vec())) as ArrayRef),
    ])?;
    let props = WriterProperties::builder()
        .set_compression(Compression::ZSTD(ZstdLevel::default()))
        .set_max_row_group_row_count(Some(ROW_GROUP))
        .build();
    let mut w = ArrowWriter::try_new(File::create(path)?, batch.schema(), Some(props))?;
    w.write(&batch)?;
    w.close()?;
    Ok(())
}

/// Writes the four files into `dir` unless a stamp says they hold these documents already.
fn write_files(dir: &Path, docs: &[&str], stamp: &str) -> Result<(), Box<dyn std::error::Error>> {
    let stamp_path = dir.join("stamp.txt");
    let complete = FORMATS.iter().all(|(_, f)| dir.join(f).is_file());
    if complete && fs::read_to_string(&stamp_path).is_ok_and(|s| s == stamp) {
        note!("reusing the corpus files in {}", dir.display());
        return Ok(());
    }
    fs::create_dir_all(dir)?;
    let _ = fs::remove_file(&stamp_path);
    let raw = jsonl(docs);
    fs::write(dir.join("corpus.jsonl"), &raw)?;
    let mut gz = flate2::write::GzEncoder::new(
        BufWriter::new(File::create(dir.join("corpus.jsonl.gz"))?),
        flate2::Compression::default(),
    );
    gz.write_all(&raw)?;
    gz.finish()?.flush()?;
    let mut zst = zstd::stream::write::Encoder::new(
        BufWriter::new(File::create(dir.join("corpus.jsonl.zst"))?),
        3,
    )?;
    zst.write_all(&raw)?;
    zst.finish()?.flush()?;
    write_parquet(&dir.join("corpus.parquet"), docs)?;
    fs::write(&stamp_path, stamp)?;
    note!("wrote the corpus files into {}", dir.display());
    Ok(())
}

fn scan_count(files: &[InputFile], m: &Matcher, threads: usize) -> u64 {
    let opts = ScanOptions { threads: Some(threads), ..ScanOptions::default() };
    match scan(files, m, &opts, &ScanOutput::Count { groups: None }, &mut |_| true) {
        Ok((stats, _)) => stats.rows,
        Err(e) => {
            note!("scan failed: {e}");
            0
        }
    }
}

/// The `text` field of a JSON record, borrowed when it has no escapes; other fields skipped.
struct Text<'a>(Option<Cow<'a, str>>);

impl<'de> serde::Deserialize<'de> for Text<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Text<'de>, A::Error> {
                let mut text = None;
                while let Some(key) = map.next_key::<Borrowed<'de>>()? {
                    if key.0 == "text" {
                        text = Some(map.next_value::<Borrowed<'de>>()?.0);
                    } else {
                        map.next_value::<serde::de::IgnoredAny>()?;
                    }
                }
                Ok(Text(text))
            }
        }
        d.deserialize_map(V)
    }
}

/// A string, borrowed from the input when it can be.
struct Borrowed<'a>(Cow<'a, str>);

impl<'de> serde::Deserialize<'de> for Borrowed<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Borrowed<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Borrowed<'de>, E> {
                Ok(Borrowed(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Borrowed<'de>, E> {
                Ok(Borrowed(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<Borrowed<'de>, E> {
                Ok(Borrowed(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

/// Reads the JSON Lines file, splits it, parses each line and counts with `count`.
fn read_parse(path: &Path, count: impl Fn(&str) -> usize) -> usize {
    let Ok(raw) = fs::read(path) else { return 0 };
    raw.split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .filter_map(|l| serde_json::from_slice::<Text<'_>>(l).ok()?.0)
        .map(|t| count(&t))
        .sum()
}

fn corpus_bench(c: &mut Criterion) {
    let dir = common::data_dir();
    let dir = dir.as_deref();
    let corpus = common::corpus_sized(dir, common::target_bytes_or(DEFAULT_MB));
    let docs = corpus.doc_strs();
    let text_bytes = corpus.doc_bytes();
    let (names, source) = common::entities(dir, 10_000);
    note!(
        "corpus {}: {} documents, {:.1} MB of text",
        corpus.source,
        docs.len(),
        text_bytes as f64 / 1e6
    );
    note!("patterns: 10,000 entities from {source}");

    let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("asper-corpus-bench");
    let stamp = format!("{}\n{} documents\n{text_bytes} bytes\n", corpus.source, docs.len());
    if let Err(e) = write_files(&tmp, &docs, &stamp) {
        note!("cannot write the corpus files into {} ({e}): skipped", tmp.display());
        return;
    }
    let m = match Matcher::new(&names) {
        Ok(m) => m,
        Err(e) => {
            note!("the matcher does not build ({e}): skipped");
            return;
        }
    };
    let raw = AhoCorasick::builder()
        .match_kind(AcMatchKind::LeftmostLongest)
        .kind(Some(AhoCorasickKind::DFA))
        .build(&names);
    let daac: Result<DoubleArrayAhoCorasick<u32>, _> = DoubleArrayAhoCorasickBuilder::new()
        .match_kind(DaacMatchKind::LeftmostLongest)
        .build(&names);

    let mut g = c.benchmark_group("corpus");
    g.sampling_mode(SamplingMode::Flat);
    g.throughput(Throughput::Bytes(text_bytes));
    for (format, file) in FORMATS {
        let path = tmp.join(file);
        let files = match expand_paths(&[&path]) {
            Ok(f) => f,
            Err(e) => {
                note!("{format}: {e}: skipped");
                continue;
            }
        };
        let size = fs::metadata(&path).map(|x| x.len()).unwrap_or(0);
        note!(
            "{format}: {:.1} MB on disk, {} matches",
            size as f64 / 1e6,
            scan_count(&files, &m, 2)
        );
        for threads in [1, 2] {
            g.bench_function(format!("asper_scan/{format}_t{threads}"), |b| {
                b.iter(|| scan_count(black_box(&files), &m, threads))
            });
        }
    }
    let in_memory = |docs: &[&str]| docs.iter().map(|d| m.find_iter(d).count()).sum::<usize>();
    note!("in memory: {} matches", in_memory(&docs));
    g.bench_function("asper/find_iter_in_memory", |b| b.iter(|| in_memory(black_box(&docs))));
    let jsonl = tmp.join("corpus.jsonl");
    match &raw {
        Ok(ac) => {
            let count = |t: &str| ac.find_iter(t).count();
            note!("aho_corasick dfa, read and parse: {} matches", read_parse(&jsonl, count));
            g.bench_function("aho_corasick/dfa_read_parse_jsonl", |b| {
                b.iter(|| read_parse(black_box(&jsonl), count))
            });
        }
        Err(e) => note!("the raw DFA does not build ({e}): skipped"),
    }
    match &daac {
        Ok(d) => {
            let count = |t: &str| d.leftmost_find_iter(t).count();
            note!("daachorse bytewise, read and parse: {} matches", read_parse(&jsonl, count));
            g.bench_function("daachorse/bytewise_read_parse_jsonl", |b| {
                b.iter(|| read_parse(black_box(&jsonl), count))
            });
        }
        Err(e) => note!("daachorse does not build ({e}): skipped"),
    }
    g.finish();
}

fn config() -> Criterion {
    // The machine has two shared cores: few samples, short times, one pass per sample.
    Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
}

criterion_group! {
    name = benches;
    config = config();
    targets = corpus_bench
}
criterion_main!(benches);
