//! Matching throughput and build time: asper against the raw `aho-corasick` automata and
//! `daachorse`, on a replicated news corpus, for people tuning the engine.
//!
//! Pattern sets (`ASPER_BENCH_SETS`, comma-separated; default all):
//! * `cues`: ~280 attribution cues and agency names (`benches/data/cues.txt`);
//! * `entities_10k`: 10,000 gazetteer names (seeded sample, see `common::entities`);
//! * `places_140k`: every distinct name of `geonames_cities15000.tsv` (~140k);
//! * `million_1m` (the `build` group only): 1,000,000 names, `common::million_names`.
//!
//! Groups (`ASPER_BENCH_GROUPS`, comma-separated; default all), throughput in bytes (of text for
//! `find` and `batch`, of distinct patterns for `build`):
//! * `build/{set}`: building asper (defaults, `ignore_case`, `whole_words_off`), the raw
//!   `aho-corasick` leftmost-longest DFA (not for `million_1m`: it would not fit) and contiguous
//!   NFA, and `daachorse` bytewise and charwise leftmost-longest. Under whole words asper builds
//!   its automaton (the fallback of the word engine) only when a search first needs it, so
//!   `defaults` and `ignore_case` time the eager part; `whole_words_off` builds the automaton.
//!   The memory of each built structure is printed on stderr;
//! * `find/{set}/{kind}`, for each match kind (`ASPER_BENCH_KINDS`: `longest`, `first`, `all`):
//!   asper under each option set (`defaults`: whole words, normalize, case-sensitive;
//!   `ignore_case`; `normalize_off`; `whole_words_off`), and with the same match kind the raw
//!   `aho-corasick` DFA and contiguous NFA and `daachorse` bytewise and charwise over the patterns
//!   as given (leftmost-longest, leftmost-first, standard overlapping); in `longest` also the raw
//!   DFA with ASCII case-insensitivity (`dfa_ascii_ci`), the raw DFA over the whole buffer at once
//!   (`dfa_buffer`), and asper with a forced DFA (`defaults_dfa`) where asper picks a contiguous
//!   NFA. Counting matches document by document;
//! * `batch/{set}`: `Matcher::find_batch` (defaults) on 1 and 2 threads, against `find_iter`
//!   document by document and the raw DFA on a rayon pool of 1 and 2 threads.
//!
//! The raw automata know no word boundaries, normalization or Unicode case folding: their match
//! counts (printed on stderr with the build times and memory) differ from asper's. Automata are
//! built outside the measurement of `find` and `batch`, one match kind at a time. Run:
//! `cargo bench --bench matching`; quicker: `ASPER_BENCH_MB=5 ASPER_BENCH_SETS=cues,entities_10k
//! ASPER_BENCH_KINDS=longest cargo bench --bench matching`; criterion's filter picks functions
//! (`cargo bench --bench matching -- find/entities_10k/longest`). See `common` for the data
//! locations and `ASPER_BENCH_MB` (default 25 here).

// Build times, memory and match counts are notes for the person running the bench; criterion
// prints its own results on stdout.
#![allow(clippy::print_stderr)]

#[allow(dead_code)]
mod common;

use std::hint::black_box;
use std::time::{Duration, Instant};

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind as AcMatchKind};
use asper::{MatchKind, Matcher, MatcherBuilder};
use criterion::{
    BenchmarkGroup, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
    measurement::WallTime,
};
use daachorse::{
    CharwiseDoubleArrayAhoCorasick, CharwiseDoubleArrayAhoCorasickBuilder, DoubleArrayAhoCorasick,
    DoubleArrayAhoCorasickBuilder, MatchKind as DaacMatchKind,
};
use rayon::prelude::*;

use common::{Corpus, note};

/// Default corpus size of this bench, in MB (`ASPER_BENCH_MB` overrides it).
const DEFAULT_MB: f64 = 25.0;

/// Above this many bytes of distinct patterns asper picks a contiguous NFA (as in the crate).
const ASPER_DFA_MAX_PATTERN_BYTES: usize = 400_000;

/// Names of the million-pattern set.
const MILLION: usize = 1_000_000;

const KINDS: [(&str, MatchKind); 3] =
    [("longest", MatchKind::Longest), ("first", MatchKind::First), ("all", MatchKind::All)];

/// The option sets of the `find` groups.
fn option_sets(kind: MatchKind) -> Vec<(&'static str, MatcherBuilder)> {
    let with = |f: fn(&mut MatcherBuilder) -> &mut MatcherBuilder| {
        let mut b = MatcherBuilder::new();
        f(b.match_kind(kind));
        b
    };
    vec![
        ("asper/defaults", with(|b| b)),
        ("asper/ignore_case", with(|b| b.ignore_case(true))),
        ("asper/normalize_off", with(|b| b.normalize(false))),
        ("asper/whole_words_off", with(|b| b.whole_words(false))),
    ]
}

/// A peer automaton over the patterns as given, searched the way its match kind asks.
enum Peer {
    /// `true`: standard semantics, searched for overlapping matches.
    Ac(AhoCorasick, bool),
    Bytewise(DoubleArrayAhoCorasick<u32>, bool),
    Charwise(CharwiseDoubleArrayAhoCorasick<u32>, bool),
}

impl Peer {
    fn count(&self, doc: &str) -> usize {
        match self {
            Peer::Ac(ac, false) => ac.find_iter(doc).count(),
            Peer::Ac(ac, true) => ac.find_overlapping_iter(doc).count(),
            Peer::Bytewise(d, false) => d.leftmost_find_iter(doc).count(),
            Peer::Bytewise(d, true) => d.find_overlapping_iter(doc).count(),
            Peer::Charwise(d, false) => d.leftmost_find_iter(doc).count(),
            Peer::Charwise(d, true) => d.find_overlapping_iter(doc).count(),
        }
    }

    fn count_docs(&self, docs: &[&str]) -> usize {
        docs.iter().map(|d| self.count(d)).sum()
    }

    fn memory(&self) -> usize {
        match self {
            Peer::Ac(ac, _) => ac.memory_usage(),
            Peer::Bytewise(d, _) => d.heap_bytes(),
            Peer::Charwise(d, _) => d.heap_bytes(),
        }
    }
}

fn ac_kind(kind: MatchKind) -> AcMatchKind {
    match kind {
        MatchKind::Longest => AcMatchKind::LeftmostLongest,
        MatchKind::First => AcMatchKind::LeftmostFirst,
        MatchKind::All => AcMatchKind::Standard,
    }
}

fn daac_kind(kind: MatchKind) -> DaacMatchKind {
    match kind {
        MatchKind::Longest => DaacMatchKind::LeftmostLongest,
        MatchKind::First => DaacMatchKind::LeftmostFirst,
        MatchKind::All => DaacMatchKind::Standard,
    }
}

fn ac_builder(kind: MatchKind, imp: AhoCorasickKind, ci: bool) -> aho_corasick::AhoCorasickBuilder {
    let mut b = AhoCorasick::builder();
    b.match_kind(ac_kind(kind)).kind(Some(imp)).ascii_case_insensitive(ci);
    b
}

/// Builds a peer, with a note of its build time and memory; `None` (noted) if it fails.
fn build_peer(
    set: &str,
    id: &str,
    build: impl FnOnce() -> Result<Peer, String>,
) -> Option<(String, Peer)> {
    let t = Instant::now();
    let built = build();
    let secs = t.elapsed().as_secs_f64();
    match built {
        Ok(p) => {
            note!("{set}: {id} built in {secs:.3} s, {:.1} MB", mb(p.memory()));
            Some((id.to_owned(), p))
        }
        Err(e) => {
            note!("{set}: {id} failed to build after {secs:.3} s ({e}): skipped");
            None
        }
    }
}

/// The peers of one match kind.
fn peers(set: &str, patterns: &[String], kind: MatchKind) -> Vec<(String, Peer)> {
    let overlapping = kind == MatchKind::All;
    let mut out = Vec::new();
    let mut ac = vec![
        ("aho_corasick/dfa", AhoCorasickKind::DFA, false),
        ("aho_corasick/cnfa", AhoCorasickKind::ContiguousNFA, false),
    ];
    if kind == MatchKind::Longest {
        ac.push(("aho_corasick/dfa_ascii_ci", AhoCorasickKind::DFA, true));
    }
    for (id, imp, ci) in ac {
        let b = ac_builder(kind, imp, ci);
        out.extend(build_peer(set, id, || {
            b.build(patterns).map(|a| Peer::Ac(a, overlapping)).map_err(|e| e.to_string())
        }));
    }
    out.extend(build_peer(set, "daachorse/bytewise", || {
        DoubleArrayAhoCorasickBuilder::new()
            .match_kind(daac_kind(kind))
            .build(patterns)
            .map(|d| Peer::Bytewise(d, overlapping))
            .map_err(|e| e.to_string())
    }));
    out.extend(build_peer(set, "daachorse/charwise", || {
        CharwiseDoubleArrayAhoCorasickBuilder::new()
            .match_kind(daac_kind(kind))
            .build(patterns)
            .map(|d| Peer::Charwise(d, overlapping))
            .map_err(|e| e.to_string())
    }));
    out
}

fn count_asper(m: &Matcher, docs: &[&str]) -> usize {
    docs.iter().map(|d| m.find_iter(d).count()).sum()
}

fn mb(bytes: usize) -> f64 {
    bytes as f64 / 1e6
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

/// The distinct patterns and their total size in bytes.
fn distinct(patterns: &[String]) -> (Vec<String>, usize) {
    let mut seen = std::collections::HashSet::new();
    let u: Vec<String> = patterns.iter().filter(|p| seen.insert(p.as_str())).cloned().collect();
    let bytes = u.iter().map(String::len).sum();
    (u, bytes)
}

fn group<'c>(c: &'c mut Criterion, name: &str, bytes: u64) -> BenchmarkGroup<'c, WallTime> {
    let mut g = c.benchmark_group(name);
    g.sampling_mode(SamplingMode::Flat);
    g.throughput(Throughput::Bytes(bytes));
    g
}

/// `build/{set}`: the time to build each engine, leftmost-longest.
fn bench_build(c: &mut Criterion, set: &str, patterns: &[String]) {
    let (patterns, bytes) = distinct(patterns);
    let patterns = &patterns;
    note!("build/{set}: {} distinct patterns, {bytes} bytes", patterns.len());
    let mut g = group(c, &format!("build/{set}"), bytes as u64);
    let ic = {
        let mut b = MatcherBuilder::new();
        b.ignore_case(true);
        b
    };
    let nww = {
        let mut b = MatcherBuilder::new();
        b.whole_words(false);
        b
    };
    for (id, b) in [
        ("asper/defaults", MatcherBuilder::new()),
        ("asper/ignore_case", ic),
        ("asper/whole_words_off", nww),
    ] {
        if let Some(m) = build_asper(&format!("build/{set}"), id, patterns, &b) {
            note!("build/{set}: {id}: {:.1} MB", mb(m.heap_bytes()));
            g.bench_function(id, |bch| bch.iter_with_large_drop(|| b.build(black_box(patterns))));
        }
    }
    for (id, imp) in [
        ("aho_corasick/dfa", AhoCorasickKind::DFA),
        ("aho_corasick/cnfa", AhoCorasickKind::ContiguousNFA),
    ] {
        if imp == AhoCorasickKind::DFA && patterns.len() > 200_000 {
            note!(
                "build/{set}: {id} skipped: a DFA of {} patterns would take several GB and \
                 minutes (the crate's DFA is 471 MB at 140k patterns)",
                patterns.len()
            );
            continue;
        }
        let b = ac_builder(MatchKind::Longest, imp, false);
        if build_peer(&format!("build/{set}"), id, || {
            b.build(patterns).map(|a| Peer::Ac(a, false)).map_err(|e| e.to_string())
        })
        .is_some()
        {
            g.bench_function(id, |bch| bch.iter_with_large_drop(|| b.build(black_box(patterns))));
        }
    }
    g.bench_function("daachorse/bytewise", |bch| {
        bch.iter_with_large_drop(|| {
            DoubleArrayAhoCorasickBuilder::new()
                .match_kind(DaacMatchKind::LeftmostLongest)
                .build::<_, _, u32>(black_box(patterns))
        })
    });
    g.bench_function("daachorse/charwise", |bch| {
        bch.iter_with_large_drop(|| {
            CharwiseDoubleArrayAhoCorasickBuilder::new()
                .match_kind(DaacMatchKind::LeftmostLongest)
                .build::<_, _, u32>(black_box(patterns))
        })
    });
    g.finish();
}

/// `find/{set}/{kind}` for every selected match kind.
fn bench_find(c: &mut Criterion, corpus: &Corpus, docs: &[&str], set: &str, patterns: &[String]) {
    let (distinct_patterns, distinct_bytes) = distinct(patterns);
    for (kind_id, kind) in KINDS {
        if !selected("ASPER_BENCH_KINDS", kind_id) {
            continue;
        }
        let name = format!("find/{set}/{kind_id}");
        let mut configs = option_sets(kind);
        if kind == MatchKind::Longest && distinct_bytes > ASPER_DFA_MAX_PATTERN_BYTES {
            let mut b = MatcherBuilder::new();
            b.dfa(Some(true));
            configs.push(("asper/defaults_dfa", b));
        }
        let matchers: Vec<(&str, Matcher)> = configs
            .iter()
            .filter_map(|(id, cfg)| build_asper(&name, id, patterns, cfg).map(|m| (*id, m)))
            .collect();
        // daachorse refuses duplicate patterns: the peers get the distinct ones (same matches).
        let peers = peers(&name, &distinct_patterns, kind);

        // One untimed pass each: match counts for the report (and a check that all run).
        for (id, m) in &matchers {
            note!("{name}: {id}: {} matches", count_asper(m, docs));
        }
        for (id, p) in &peers {
            note!("{name}: {id}: {} matches", p.count_docs(docs));
        }

        let mut g = group(c, &name, corpus.doc_bytes());
        for (id, m) in &matchers {
            g.bench_function(*id, |bch| bch.iter(|| count_asper(m, black_box(docs))));
        }
        for (id, p) in &peers {
            g.bench_function(id.as_str(), |bch| bch.iter(|| p.count_docs(black_box(docs))));
        }
        if kind == MatchKind::Longest {
            if let Some((_, Peer::Ac(ac, _))) =
                peers.iter().find(|(id, _)| id == "aho_corasick/dfa")
            {
                g.throughput(Throughput::Bytes(corpus.text.len() as u64));
                g.bench_function("aho_corasick/dfa_buffer", |bch| {
                    bch.iter(|| ac.find_iter(black_box(corpus.text.as_str())).count())
                });
            }
        }
        g.finish();
    }
}

/// `batch/{set}`: `find_batch` on 1 and 2 threads, with the sequential and raw references.
fn bench_batch(c: &mut Criterion, corpus: &Corpus, docs: &[&str], set: &str, patterns: &[String]) {
    let name = format!("batch/{set}");
    let Some(m) = build_asper(&name, "asper/defaults", patterns, &MatcherBuilder::new()) else {
        return;
    };
    let raw = build_peer(&name, "aho_corasick/dfa", || {
        ac_builder(MatchKind::Longest, AhoCorasickKind::DFA, false)
            .build(patterns)
            .map(|a| Peer::Ac(a, false))
            .map_err(|e| e.to_string())
    });
    let mut g = group(c, &name, corpus.doc_bytes());
    g.bench_function("asper/find_iter", |bch| bch.iter(|| count_asper(&m, black_box(docs))));
    for threads in [1, 2] {
        if let Err(e) = m.find_batch(&docs[..1], Some(threads)) {
            note!("{name}: find_batch on {threads} threads unavailable ({e}): skipped");
            continue;
        }
        g.bench_function(format!("asper/find_batch_t{threads}"), |bch| {
            bch.iter(|| {
                m.find_batch(black_box(docs), Some(threads))
                    .map(|r| r.iter().map(Vec::len).sum::<usize>())
                    .unwrap_or(0)
            })
        });
    }
    if let Some((_, p)) = &raw {
        for threads in [1, 2] {
            let pool = match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
                Ok(pool) => pool,
                Err(e) => {
                    note!("{name}: no rayon pool of {threads} threads ({e}): skipped");
                    continue;
                }
            };
            g.bench_function(format!("aho_corasick/dfa_rayon_t{threads}"), |bch| {
                bch.iter(|| {
                    pool.install(|| black_box(docs).par_iter().map(|d| p.count(d)).sum::<usize>())
                })
            });
        }
    }
    g.finish();
}

/// Whether `item` is selected by the comma-separated list in `var` (all when unset or empty).
fn selected(var: &str, item: &str) -> bool {
    match std::env::var(var) {
        Ok(s) if !s.trim().is_empty() => s.split(',').any(|x| x.trim() == item),
        _ => true,
    }
}

fn matching(c: &mut Criterion) {
    let dir = common::data_dir();
    let dir = dir.as_deref();
    let groups = ["build", "find", "batch"].map(|g| selected("ASPER_BENCH_GROUPS", g));
    let [build, find, batch] = groups;
    let mut sets: Vec<(&str, Vec<String>)> = Vec::new();
    if selected("ASPER_BENCH_SETS", "cues") {
        sets.push(("cues", common::cues()));
    }
    if selected("ASPER_BENCH_SETS", "entities_10k") {
        let (names, source) = common::entities(dir, 10_000);
        note!("entities_10k from {source}");
        sets.push(("entities_10k", names));
    }
    if selected("ASPER_BENCH_SETS", "places_140k") {
        let (names, source) = common::cities(dir);
        note!("places_140k from {source}");
        sets.push(("places_140k", names));
    }
    if build {
        for (set, patterns) in &sets {
            bench_build(c, set, patterns);
        }
        if selected("ASPER_BENCH_SETS", "million_1m") {
            let t = Instant::now();
            let (names, source) = common::million_names(dir, MILLION);
            note!("million_1m from {source} (made in {:.1} s)", t.elapsed().as_secs_f64());
            bench_build(c, "million_1m", &names);
        }
    }
    if !find && !batch {
        return;
    }
    let t = Instant::now();
    let corpus = common::corpus_sized(dir, common::target_bytes_or(DEFAULT_MB));
    let docs = corpus.doc_strs();
    note!(
        "corpus {}: {} documents, {:.1} MB of documents, {:.1} MB buffer (loaded in {:.1} s)",
        corpus.source,
        docs.len(),
        mb(corpus.doc_bytes() as usize),
        mb(corpus.text.len()),
        t.elapsed().as_secs_f64()
    );
    for (set, patterns) in &sets {
        if find {
            bench_find(c, &corpus, &docs, set, patterns);
        }
        if batch {
            bench_batch(c, &corpus, &docs, set, patterns);
        }
    }
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
    targets = matching
}
criterion_main!(benches);
