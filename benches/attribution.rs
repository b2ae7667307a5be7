//! Attribution extraction throughput: `Attributor::extract` document by document and
//! `extract_batch` on 1 and 2 threads, against the raw automata over the built-in cue lexicon on
//! the same documents (the cost of the rules around each cue).
//!
//! The documents are the news corpus of `common` (the BBC articles of `../shared/data`, else the
//! seeded synthetic corpus), replicated to `ASPER_BENCH_MB` MB (default 5: one copy of the BBC
//! articles). One group, `attribution`, with `Throughput::Bytes` of document text:
//! * `asper/extract`, `asper/extract_batch_t1`, `asper/extract_batch_t2`: the built-in cues and
//!   sources;
//! * `aho_corasick/dfa_ascii_ci`, `aho_corasick/cnfa_ascii_ci`: the raw leftmost-longest automata
//!   over the cue phrases with ASCII case-insensitivity (the cues are matched case-insensitively),
//!   counting matches;
//! * `daachorse/bytewise`, `daachorse/charwise`: leftmost-longest over the cue phrases as given,
//!   case-sensitive (daachorse has no case-insensitive mode), counting matches.
//!
//! Records per run and the documents per second are printed on stderr. Run:
//! `cargo bench --bench attribution`.

// Record counts and rates are notes for the person running the bench.
#![allow(clippy::print_stderr)]

#[allow(dead_code)]
mod common;

use std::hint::black_box;
use std::time::{Duration, Instant};

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind as AcMatchKind};
use asper::Attributor;
use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use daachorse::{
    CharwiseDoubleArrayAhoCorasick, CharwiseDoubleArrayAhoCorasickBuilder, DoubleArrayAhoCorasick,
    DoubleArrayAhoCorasickBuilder, MatchKind as DaacMatchKind,
};

use common::note;

/// Default corpus size of this bench, in MB (`ASPER_BENCH_MB` overrides it).
const DEFAULT_MB: f64 = 5.0;

/// The distinct cue phrases of the built-in lexicon.
fn cue_phrases() -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    asper::attribution::BUILTIN_CUES_TSV
        .lines()
        .map(|l| l.trim_start_matches('\u{feff}'))
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.split('\t').next())
        .filter(|c| seen.insert(c.to_string()))
        .map(str::to_owned)
        .collect()
}

fn bench(c: &mut Criterion) {
    let dir = common::data_dir();
    let corpus = common::corpus_sized(dir.as_deref(), common::target_bytes_or(DEFAULT_MB));
    let docs = corpus.doc_strs();
    note!(
        "corpus {}: {} documents, {:.1} MB of text",
        corpus.source,
        docs.len(),
        corpus.doc_bytes() as f64 / 1e6
    );
    let a = match Attributor::new() {
        Ok(a) => a,
        Err(e) => {
            note!("the attributor does not build ({e}): skipped");
            return;
        }
    };
    let t = Instant::now();
    let records: usize = docs.iter().map(|d| a.extract(d).len()).sum();
    note!(
        "asper: {records} records, {:.0} documents/s on one thread (one untimed pass)",
        docs.len() as f64 / t.elapsed().as_secs_f64()
    );

    let cues = cue_phrases();
    let mut raws: Vec<(&str, AhoCorasick)> = Vec::new();
    for (id, kind) in [
        ("aho_corasick/dfa_ascii_ci", AhoCorasickKind::DFA),
        ("aho_corasick/cnfa_ascii_ci", AhoCorasickKind::ContiguousNFA),
    ] {
        match AhoCorasick::builder()
            .match_kind(AcMatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            .kind(Some(kind))
            .build(&cues)
        {
            Ok(ac) => raws.push((id, ac)),
            Err(e) => note!("{id} does not build ({e}): skipped"),
        }
    }
    let bytewise: Option<DoubleArrayAhoCorasick<u32>> = DoubleArrayAhoCorasickBuilder::new()
        .match_kind(DaacMatchKind::LeftmostLongest)
        .build(&cues)
        .inspect_err(|e| note!("daachorse bytewise does not build ({e}): skipped"))
        .ok();
    let charwise: Option<CharwiseDoubleArrayAhoCorasick<u32>> =
        CharwiseDoubleArrayAhoCorasickBuilder::new()
            .match_kind(DaacMatchKind::LeftmostLongest)
            .build(&cues)
            .inspect_err(|e| note!("daachorse charwise does not build ({e}): skipped"))
            .ok();
    for (id, ac) in &raws {
        note!("{id}: {} cue matches", docs.iter().map(|d| ac.find_iter(d).count()).sum::<usize>());
    }

    let mut g = c.benchmark_group("attribution");
    g.sampling_mode(SamplingMode::Flat);
    g.throughput(Throughput::Bytes(corpus.doc_bytes()));
    g.bench_function("asper/extract", |b| {
        b.iter(|| black_box(&docs).iter().map(|d| a.extract(d).len()).sum::<usize>())
    });
    for threads in [1, 2] {
        g.bench_function(format!("asper/extract_batch_t{threads}"), |b| {
            b.iter(|| {
                a.extract_batch(black_box(&docs), Some(threads))
                    .map(|r| r.iter().map(Vec::len).sum::<usize>())
                    .unwrap_or(0)
            })
        });
    }
    for (id, ac) in &raws {
        g.bench_function(*id, |b| {
            b.iter(|| black_box(&docs).iter().map(|d| ac.find_iter(d).count()).sum::<usize>())
        });
    }
    if let Some(d) = &bytewise {
        g.bench_function("daachorse/bytewise", |b| {
            b.iter(|| {
                black_box(&docs).iter().map(|t| d.leftmost_find_iter(t).count()).sum::<usize>()
            })
        });
    }
    if let Some(d) = &charwise {
        g.bench_function("daachorse/charwise", |b| {
            b.iter(|| {
                black_box(&docs).iter().map(|t| d.leftmost_find_iter(t).count()).sum::<usize>()
            })
        });
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
    targets = bench
}
criterion_main!(benches);
