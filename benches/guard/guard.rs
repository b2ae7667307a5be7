//! The throughput guard: fixed workloads under Callgrind (gungraun), each run by asper and by a
//! baseline on the same bytes, so that their ratio does not depend on the machine or on what
//! else it is doing. `benches/guard/check.py` reads the estimated cycles (Callgrind's cache
//! simulation: instructions, L1 and last-level misses weighted) and fails when a ratio falls
//! more than the tolerance of `benches/guard/guard.toml` below the value recorded there.
//!
//! Workloads (the text: the first 200 BBC articles of `../shared/data`, about 450 kB):
//! * `cues_*`, `entities_*`, `places_*`: the ~280 attribution cues, 10,000 gazetteer names and
//!   the GeoNames city names, asper with the defaults (`default`) and with `ignore_case`
//!   (`ic`); the baseline is the raw `aho-corasick` leftmost-longest automaton over the patterns
//!   as given, case-sensitive (a DFA; a contiguous NFA for the city names, whose DFA would not
//!   fit);
//! * `attribution`: `Attributor::extract` on the sample corpus shipped in the package, against
//!   the raw automaton over the cue lexicon on the same texts (the rules' overhead);
//! * `jsonl`: a JSON Lines file of the same articles through the corpus pipeline (one worker
//!   thread, in-memory output), against reading the file, splitting lines, parsing each with
//!   serde_json and running the raw automaton.
//!
//! Only the work itself is measured: the automata are built and the data loaded before
//! Callgrind's instrumentation starts (`--instr-atstart=no`, then client requests around the
//! work), which also keeps the guard fast. Run with `make guard` (needs valgrind, libclang for
//! the client requests' bindings, and `gungraun-runner`; `.ci/run` installs them).

// The data loaders print notes for the person running the bench.
#![allow(clippy::print_stderr)]

#[allow(dead_code, unused_imports)]
#[path = "../common/mod.rs"]
mod common;

use std::hint::black_box;
use std::path::PathBuf;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind as AcMatchKind};
use asper::{Attributor, Matcher, MatcherBuilder};
use gungraun::client_requests::callgrind;
use gungraun::{
    Callgrind, EntryPoint, LibraryBenchmarkConfig, library_benchmark, library_benchmark_group, main,
};

/// Articles measured.
const DOCS: usize = 200;

/// The measured region: Callgrind instruments (and so counts) only while `f` runs, in every
/// thread (the corpus pipeline has a reader thread and a worker pool).
fn measured<T>(f: impl FnOnce() -> T) -> T {
    callgrind::start_instrumentation();
    let r = f();
    callgrind::stop_instrumentation();
    r
}

fn texts() -> Vec<String> {
    let dir = common::data_dir();
    let c = common::corpus(dir.as_deref());
    c.doc_strs().into_iter().take(DOCS).map(str::to_owned).collect()
}

fn patterns(set: &str) -> Vec<String> {
    let dir = common::data_dir();
    match set {
        "cues" => common::cues(),
        "entities" => common::entities(dir.as_deref(), 10_000).0,
        "places" => common::cities(dir.as_deref()).0,
        s => panic!("unknown pattern set {s}"),
    }
}

fn raw(patterns: &[String]) -> AhoCorasick {
    let kind =
        if patterns.len() > 50_000 { AhoCorasickKind::ContiguousNFA } else { AhoCorasickKind::DFA };
    AhoCorasick::builder()
        .match_kind(AcMatchKind::LeftmostLongest)
        .kind(Some(kind))
        .build(patterns)
        .expect("the raw automaton builds")
}

fn setup_asper(set: &str, ignore_case: bool) -> (Matcher, Vec<String>) {
    let m = MatcherBuilder::new().ignore_case(ignore_case).build(patterns(set)).expect("builds");
    (m, texts())
}

fn setup_raw(set: &str) -> (AhoCorasick, Vec<String>) {
    (raw(&patterns(set)), texts())
}

fn config() -> LibraryBenchmarkConfig {
    let mut c = LibraryBenchmarkConfig::default();
    c.tool(Callgrind::with_args(["--instr-atstart=no"]).entry_point(EntryPoint::None));
    c
}

#[library_benchmark(config = config())]
#[bench::cues_default(setup = setup_asper, args = ("cues", false))]
#[bench::cues_ic(setup = setup_asper, args = ("cues", true))]
#[bench::entities_default(setup = setup_asper, args = ("entities", false))]
#[bench::entities_ic(setup = setup_asper, args = ("entities", true))]
#[bench::places_default(setup = setup_asper, args = ("places", false))]
#[bench::places_ic(setup = setup_asper, args = ("places", true))]
fn asper_find(input: (Matcher, Vec<String>)) -> usize {
    let (m, docs) = input;
    measured(|| docs.iter().map(|d| m.find_iter(black_box(d)).count()).sum())
}

#[library_benchmark(config = config())]
#[bench::cues(setup = setup_raw, args = ("cues",))]
#[bench::entities(setup = setup_raw, args = ("entities",))]
#[bench::places(setup = setup_raw, args = ("places",))]
fn raw_find(input: (AhoCorasick, Vec<String>)) -> usize {
    let (ac, docs) = input;
    measured(|| docs.iter().map(|d| ac.find_iter(black_box(d.as_str())).count()).sum())
}

fn sample_texts() -> Vec<String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../python/asper/data/sample.jsonl");
    let raw = std::fs::read_to_string(path).expect("the sample corpus");
    raw.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("sample JSON");
            v["text"].as_str().expect("text").to_owned()
        })
        .collect()
}

fn setup_attribution() -> (Attributor, Vec<String>) {
    (Attributor::new().expect("builds"), sample_texts())
}

fn setup_attribution_raw() -> (AhoCorasick, Vec<String>) {
    let cues: Vec<String> = asper::attribution::BUILTIN_CUES_TSV
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.split('\t').next())
        .map(str::to_owned)
        .collect();
    let ac = AhoCorasick::builder()
        .match_kind(AcMatchKind::LeftmostLongest)
        .ascii_case_insensitive(true)
        .kind(Some(AhoCorasickKind::DFA))
        .build(&cues)
        .expect("builds");
    (ac, sample_texts())
}

#[library_benchmark(config = config())]
#[bench::attribution(setup = setup_attribution)]
fn asper_attribution(input: (Attributor, Vec<String>)) -> usize {
    let (a, docs) = input;
    measured(|| docs.iter().map(|d| a.extract(black_box(d)).len()).sum())
}

#[library_benchmark(config = config())]
#[bench::attribution(setup = setup_attribution_raw)]
fn raw_attribution(input: (AhoCorasick, Vec<String>)) -> usize {
    let (ac, docs) = input;
    measured(|| docs.iter().map(|d| ac.find_iter(black_box(d.as_str())).count()).sum())
}

/// A JSON Lines file of the measured articles, written once into the target folder.
fn jsonl_file() -> PathBuf {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("guard-corpus.jsonl");
    let mut out = String::new();
    for (i, t) in texts().iter().enumerate() {
        out.push_str(&serde_json::json!({"id": i, "text": t}).to_string());
        out.push('\n');
    }
    std::fs::write(&path, out).expect("writes the guard corpus");
    path
}

fn setup_jsonl() -> (Matcher, PathBuf) {
    (Matcher::new(patterns("entities")).expect("builds"), jsonl_file())
}

fn setup_jsonl_raw() -> (AhoCorasick, PathBuf) {
    (raw(&patterns("entities")), jsonl_file())
}

#[library_benchmark(config = config())]
#[bench::jsonl(setup = setup_jsonl)]
fn asper_jsonl(input: (Matcher, PathBuf)) -> u64 {
    use asper::corpus::{ScanOptions, ScanOutput, expand_paths, scan};
    let (m, path) = input;
    let files = expand_paths(&[path]).expect("the guard corpus");
    let opts = ScanOptions { threads: Some(1), ..ScanOptions::default() };
    measured(|| {
        let (stats, _) =
            scan(&files, &m, &opts, &ScanOutput::Memory, &mut |_| true).expect("scans");
        stats.rows
    })
}

#[library_benchmark(config = config())]
#[bench::jsonl(setup = setup_jsonl_raw)]
fn raw_jsonl(input: (AhoCorasick, PathBuf)) -> u64 {
    #[derive(serde::Deserialize)]
    struct Rec<'a> {
        #[serde(borrow)]
        text: std::borrow::Cow<'a, str>,
    }
    let (ac, path) = input;
    measured(|| {
        let raw = std::fs::read(&path).expect("reads");
        let mut n = 0u64;
        for line in raw.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
            let rec: Rec<'_> = serde_json::from_slice(line).expect("JSON");
            n += ac.find_iter(black_box(rec.text.as_ref())).count() as u64;
        }
        n
    })
}

library_benchmark_group!(
    name = guard;
    benchmarks = asper_find, raw_find, asper_attribution, raw_attribution, asper_jsonl, raw_jsonl
);

main!(library_benchmark_groups = guard);
