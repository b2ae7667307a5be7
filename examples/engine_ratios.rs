//! Wall-clock ratios of asper's engines to the raw `aho-corasick` leftmost-longest DFA
//! (case-sensitive, patterns as given) on the same documents, in one run: the measure of
//! issue 10's targets. Rounds are interleaved (the baseline, then each mode) and medians are
//! taken, so that a shared, noisy machine moves both sides alike.
//!
//! ```text
//! cargo run --release --example engine_ratios -- [cues|entities|places] [MODES] [ROUNDS]
//! ```
//!
//! MODES is a comma-separated list of `ww` (the defaults: whole words, normalize), `ww_ic`
//! (and `ignore_case`), `sub` (`whole_words=False`), `sub_ic`; default all four, 5 rounds.
//! The corpus and the pattern sets come from `../shared/data` (or `$ASPER_SHARED_DATA`) as in
//! the criterion benches (`benches/common`), the corpus replicated to `ASPER_BENCH_MB` (25).

#[path = "../benches/common/mod.rs"]
#[allow(dead_code, unused_imports)]
mod common;

use std::time::Instant;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind as AcMatchKind};
use asper::MatcherBuilder;

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

#[allow(clippy::print_stdout)]
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let set = args.first().map_or("entities", String::as_str);
    let modes: Vec<&str> =
        args.get(1).map_or("ww,ww_ic,sub,sub_ic", String::as_str).split(',').collect();
    let rounds: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(5).max(1);
    let dir = common::data_dir();
    let dir = dir.as_deref();
    let patterns = match set {
        "cues" => common::cues(),
        "entities" => common::entities(dir, 10_000).0,
        "places" => common::cities(dir).0,
        other => return Err(format!("unknown set {other:?} (cues, entities, places)").into()),
    };
    let corpus = common::corpus_sized(dir, common::target_bytes_or(25.0));
    let docs = corpus.doc_strs();
    let bytes = corpus.doc_bytes() as f64;
    // The crate's DFA at every size (at 140k places it takes about 3 s and 470 MB to build).
    let kind = AhoCorasickKind::DFA;
    let raw = AhoCorasick::builder()
        .match_kind(AcMatchKind::LeftmostLongest)
        .kind(Some(kind))
        .build(&patterns)?;
    let mut matchers = Vec::new();
    for m in &modes {
        let mut b = MatcherBuilder::new();
        b.ignore_case(m.ends_with("_ic")).whole_words(m.starts_with("ww"));
        let t = Instant::now();
        let matcher = b.build(&patterns)?;
        println!(
            "{set} {m}: built in {:.3} s, {:.1} MB",
            t.elapsed().as_secs_f64(),
            matcher.heap_bytes() as f64 / 1e6
        );
        matchers.push(matcher);
    }
    let mut base = Vec::new();
    let mut times = vec![Vec::new(); modes.len()];
    let mut counts = vec![0; modes.len() + 1];
    for _ in 0..rounds {
        let t = Instant::now();
        counts[0] = docs.iter().map(|d| raw.find_iter(d).count()).sum();
        base.push(t.elapsed().as_secs_f64());
        for (i, m) in matchers.iter().enumerate() {
            let t = Instant::now();
            counts[i + 1] = docs.iter().map(|d| m.find_iter(d).count()).sum();
            times[i].push(t.elapsed().as_secs_f64());
        }
    }
    let b = median(&mut base);
    println!(
        "{set}, {:.1} MB in {} documents: raw {kind:?} {:.0} MB/s ({} matches)",
        bytes / 1e6,
        docs.len(),
        bytes / b / 1e6,
        counts[0]
    );
    for (i, m) in modes.iter().enumerate() {
        let t = median(&mut times[i]);
        println!(
            "  {m:<7} {:5.0} MB/s  ratio {:.2}  ({} matches)",
            bytes / t / 1e6,
            b / t,
            counts[i + 1]
        );
    }
    Ok(())
}
