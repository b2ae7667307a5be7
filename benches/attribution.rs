//! Attribution extraction throughput on the BBC news corpus
//! (`../shared/data/news/bbc_news_2225.jsonl`, 2,225 articles), one thread and all threads.
//! Falls back to the sample corpus `python/asper/data/sample.jsonl` when the BBC file is absent.
//!
//! `cargo bench --bench attribution`; the per-article rate is printed by criterion as
//! elements/s (one element = one article).

use std::hint::black_box;
use std::path::Path;

use asper::Attributor;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn load() -> (String, Vec<String>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bbc = root.join("../shared/data/news/bbc_news_2225.jsonl");
    let (name, path) = if bbc.exists() {
        ("bbc", bbc)
    } else {
        ("sample", root.join("python/asper/data/sample.jsonl"))
    };
    let content = std::fs::read_to_string(&path).unwrap_or_default();
    let docs = content
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v.get("text").and_then(|t| t.as_str()).map(str::to_owned))
        .collect();
    (name.to_owned(), docs)
}

fn bench(c: &mut Criterion) {
    let (name, docs) = load();
    if docs.is_empty() {
        return;
    }
    let a = Attributor::new().unwrap();
    let bytes: usize = docs.iter().map(String::len).sum();
    let mut g = c.benchmark_group(format!("attribution/{name}"));
    g.throughput(Throughput::Elements(docs.len() as u64));
    g.bench_function("extract_batch/1-thread", |b| {
        b.iter(|| black_box(a.extract_batch(&docs, Some(1)).unwrap()))
    });
    g.bench_function("extract_batch/all-threads", |b| {
        b.iter(|| black_box(a.extract_batch(&docs, None).unwrap()))
    });
    g.finish();
    let mut g = c.benchmark_group(format!("attribution-bytes/{name}"));
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("extract/sequential", |b| {
        b.iter(|| {
            for d in &docs {
                black_box(a.extract(d));
            }
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
