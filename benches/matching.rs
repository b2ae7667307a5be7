//! Matching throughput: asper against raw aho-corasick, on a replicated news corpus.
//!
//! One criterion group per pattern set, so that the ratios within a set come from one run:
//! * `cues`: ~280 attribution cues and agency names (`benches/data/cues.txt`);
//! * `entities_10k`: 10,000 gazetteer names (seeded sample, see `common::entities`);
//! * `cities_140k`: every distinct name of `geonames_cities15000.tsv`.
//!
//! In each group, counting matches document by document:
//! * `raw_dfa`, `raw_cnfa`: `aho_corasick` leftmost-longest, DFA and contiguous NFA, over the
//!   patterns as given; `raw_dfa_ci`: the same DFA with ASCII case-insensitivity (what asper
//!   builds under `ignore_case`); `raw_dfa_buffer`: the raw DFA over the whole buffer at once;
//! * `asper_a`: whole words, longest, case-sensitive, normalize off;
//! * `asper_b`: the defaults (as `a` with normalize on);
//! * `asper_c`: ignore_case, normalize, whole words;
//! * `asper_a_dfa` (only when asper would pick a contiguous NFA): `a` with a forced DFA;
//! * `batch_t1`, `batch_t2` (`entities_10k` only): `find_batch` on 1 and 2 threads
//!   with the defaults.
//!
//! Automata are built once, outside the measurement; build times, raw memory use and match
//! counts are printed on stderr. Run: `cargo bench --bench matching`; a quick run:
//! `ASPER_BENCH_MB=20 cargo bench --bench matching`; only some sets:
//! `ASPER_BENCH_SETS=cues,entities_10k`. See `common` for the data locations.

// Build times, memory and match counts are notes for the person running the bench; criterion
// prints its own results on stdout.
#![allow(clippy::print_stderr)]

mod common;

use std::hint::black_box;
use std::time::{Duration, Instant};

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind as AcMatchKind};
use asper::{Matcher, MatcherBuilder};
use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};

use common::{Corpus, note};

/// Above this many bytes of distinct patterns asper picks a contiguous NFA (as in the crate).
const ASPER_DFA_MAX_PATTERN_BYTES: usize = 400_000;

fn count_raw(ac: &AhoCorasick, docs: &[&str]) -> usize {
    docs.iter().map(|d| ac.find_iter(*d).count()).sum()
}

fn count_asper(m: &Matcher, docs: &[&str]) -> usize {
    docs.iter().map(|d| m.find_iter(d).count()).sum()
}

fn mb(bytes: usize) -> f64 {
    bytes as f64 / 1e6
}

fn build_raw(
    set: &str,
    patterns: &[String],
    kind: AhoCorasickKind,
    ci: bool,
) -> Option<AhoCorasick> {
    let t = Instant::now();
    let built = AhoCorasick::builder()
        .match_kind(AcMatchKind::LeftmostLongest)
        .kind(Some(kind))
        .ascii_case_insensitive(ci)
        .build(patterns);
    let secs = t.elapsed().as_secs_f64();
    match built {
        Ok(ac) => {
            note!(
                "{set}: raw {kind:?}{} built in {secs:.3} s, memory_usage {:.1} MB",
                if ci { " (ASCII case-insensitive)" } else { "" },
                mb(ac.memory_usage())
            );
            Some(ac)
        }
        Err(e) => {
            note!("{set}: raw {kind:?} failed to build after {secs:.3} s ({e}): skipped");
            None
        }
    }
}

fn build_asper(set: &str, id: &str, patterns: &[String], b: &MatcherBuilder) -> Option<Matcher> {
    let t = Instant::now();
    match b.build(patterns) {
        Ok(m) => {
            note!("{set}: {id} built in {:.3} s", t.elapsed().as_secs_f64());
            Some(m)
        }
        Err(e) => {
            note!("{set}: {id} failed to build ({e}): skipped");
            None
        }
    }
}

fn bench_set(
    c: &mut Criterion,
    corpus: &Corpus,
    docs: &[&str],
    set: &str,
    patterns: &[String],
    batch: bool,
) {
    let distinct_bytes: usize = {
        let mut u: Vec<&str> = patterns.iter().map(String::as_str).collect();
        u.sort_unstable();
        u.dedup();
        u.iter().map(|p| p.len()).sum()
    };
    note!("{set}: {} patterns, {distinct_bytes} bytes", patterns.len());

    let mut raws: Vec<(&str, AhoCorasick)> = Vec::new();
    for (id, kind, ci) in [
        ("raw_dfa", AhoCorasickKind::DFA, false),
        ("raw_cnfa", AhoCorasickKind::ContiguousNFA, false),
        ("raw_dfa_ci", AhoCorasickKind::DFA, true),
    ] {
        if let Some(ac) = build_raw(set, patterns, kind, ci) {
            raws.push((id, ac));
        }
    }

    let mut a = MatcherBuilder::new();
    a.whole_words(true).ignore_case(false).normalize(false);
    let b = MatcherBuilder::new();
    let mut cfg_c = MatcherBuilder::new();
    cfg_c.ignore_case(true).normalize(true).whole_words(true);
    let mut configs = vec![("asper_a", a.clone()), ("asper_b", b), ("asper_c", cfg_c)];
    if distinct_bytes > ASPER_DFA_MAX_PATTERN_BYTES {
        let mut a_dfa = a;
        a_dfa.dfa(Some(true));
        configs.push(("asper_a_dfa", a_dfa));
    }
    let matchers: Vec<(&str, Matcher)> = configs
        .iter()
        .filter_map(|(id, cfg)| build_asper(set, id, patterns, cfg).map(|m| (*id, m)))
        .collect();

    // One untimed pass each: match counts for the report (and a check that all run).
    for (id, ac) in &raws {
        note!("{set}: {id}: {} matches", count_raw(ac, docs));
    }
    for (id, m) in &matchers {
        note!("{set}: {id}: {} matches", count_asper(m, docs));
    }

    let mut g = c.benchmark_group(set);
    g.sampling_mode(SamplingMode::Flat);
    g.throughput(Throughput::Bytes(corpus.doc_bytes()));
    for (id, ac) in &raws {
        g.bench_function(*id, |bch| bch.iter(|| count_raw(ac, black_box(docs))));
    }
    for (id, m) in &matchers {
        g.bench_function(*id, |bch| bch.iter(|| count_asper(m, black_box(docs))));
    }
    if batch {
        if let Some((_, m)) = matchers.iter().find(|(id, _)| *id == "asper_b") {
            for threads in [1, 2] {
                if let Err(e) = m.find_batch(&docs[..1], Some(threads)) {
                    note!("{set}: batch on {threads} threads unavailable ({e}): skipped");
                    continue;
                }
                g.bench_function(format!("batch_t{threads}"), |bch| {
                    bch.iter(|| {
                        m.find_batch(black_box(docs), Some(threads))
                            .map(|r| r.iter().map(Vec::len).sum::<usize>())
                            .unwrap_or(0)
                    })
                });
            }
        }
    }
    if let Some((_, ac)) = raws.iter().find(|(id, _)| *id == "raw_dfa") {
        g.throughput(Throughput::Bytes(corpus.text.len() as u64));
        g.bench_function("raw_dfa_buffer", |bch| {
            bch.iter(|| ac.find_iter(black_box(corpus.text.as_str())).count())
        });
    }
    g.finish();
}

fn selected(set: &str) -> bool {
    match std::env::var("ASPER_BENCH_SETS") {
        Ok(s) if !s.trim().is_empty() => s.split(',').any(|x| x.trim() == set),
        _ => true,
    }
}

fn matching(c: &mut Criterion) {
    let dir = common::data_dir();
    let dir = dir.as_deref();
    let t = Instant::now();
    let corpus = common::corpus(dir);
    let docs = corpus.doc_strs();
    note!(
        "corpus {}: {} documents, {:.1} MB of documents, {:.1} MB buffer (loaded in {:.1} s)",
        corpus.source,
        docs.len(),
        corpus.doc_bytes() as f64 / 1e6,
        mb(corpus.text.len()),
        t.elapsed().as_secs_f64()
    );
    if selected("cues") {
        bench_set(c, &corpus, &docs, "cues", &common::cues(), false);
    }
    if selected("entities_10k") {
        let (names, source) = common::entities(dir, 10_000);
        note!("entities_10k from {source}");
        bench_set(c, &corpus, &docs, "entities_10k", &names, true);
    }
    if selected("cities_140k") {
        let (names, source) = common::cities(dir);
        note!("cities_140k from {source}");
        bench_set(c, &corpus, &docs, "cities_140k", &names, false);
    }
}

fn config() -> Criterion {
    // The machine has two shared cores: few samples, short times, one pass per sample.
    Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5))
}

criterion_group! {
    name = benches;
    config = config();
    targets = matching
}
criterion_main!(benches);
