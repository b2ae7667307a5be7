//! Runs the built-in [`asper::Attributor`] over a JSONL file of records with `"id"` and `"text"`
//! (the gold format of `asper_dev.jsonl` or `polnear.jsonl`) and writes one JSON line per record:
//! `{"id": ..., "attributions": [{kind, cue, cue_start, cue_end, source, source_start,
//! source_end, canonical, sentence_start, sentence_end, via}]}` with code-point offsets, the input of
//! `python benches/attribution_eval.py --predictions FILE`.
//!
//! ```text
//! cargo run --release --example attribution_predict -- IN.jsonl OUT.jsonl [--split dev]
//! cargo run --release --example attribution_predict -- --time ../shared/data/news/bbc_news_2225.jsonl
//! ```
//!
//! With `--time FILE`, it only measures `extract_batch` on one thread over the texts of FILE
//! (articles per second, best of 10 rounds) and prints it to stderr.

use std::io::{BufRead, BufWriter, Write};

use asper::Attributor;
use asper::offsets::to_char_offsets;
use serde_json::{Value, json};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut split: Option<String> = None;
    let mut paths = Vec::new();
    let mut i = 0;
    while i < args.len() {
        if args[i] == "--split" {
            split = args.get(i + 1).cloned();
            i += 2;
        } else {
            paths.push(args[i].clone());
            i += 1;
        }
    }
    if paths.first().map(String::as_str) == Some("--time") {
        return time(paths.get(1).ok_or("--time needs a file")?);
    }
    let [input, output] = paths.as_slice() else {
        return Err("usage: attribution_predict IN.jsonl OUT.jsonl [--split dev]".into());
    };
    let a = Attributor::new()?;
    let file = std::io::BufReader::new(std::fs::File::open(input)?);
    let mut out = BufWriter::new(std::fs::File::create(output)?);
    for line in file.lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let rec: Value = serde_json::from_str(&line)?;
        if let Some(want) = &split {
            if rec.get("split").and_then(Value::as_str) != Some(want.as_str()) {
                continue;
            }
        }
        let text = rec["text"].as_str().unwrap_or("");
        let recs = a.extract(text);
        let strings: Vec<_> = recs
            .iter()
            .map(|r| (&text[r.cue_start..r.cue_end], &text[r.source_start..r.source_end]))
            .collect();
        let mut chars = recs.clone();
        to_char_offsets(text, &mut chars);
        let mut found = Vec::new();
        for (r, (cue, source)) in chars.iter().zip(strings) {
            found.push(json!({
                "kind": r.kind.as_str(),
                "cue": cue,
                "cue_start": r.cue_start,
                "cue_end": r.cue_end,
                "source": source,
                "source_start": r.source_start,
                "source_end": r.source_end,
                "canonical": r.canonical.as_deref(),
                "sentence_start": r.sentence_start,
                "sentence_end": r.sentence_end,
                "via": r.via,
            }));
        }
        writeln!(out, "{}", json!({"id": rec["id"], "attributions": found}))?;
    }
    out.flush()?;
    Ok(())
}

fn time(path: &str) -> Result<(), Box<dyn std::error::Error>> {
    let content = std::fs::read_to_string(path)?;
    let docs: Vec<String> = content
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter_map(|v| v.get("text").and_then(Value::as_str).map(str::to_owned))
        .collect();
    let a = Attributor::new()?;
    let bytes: usize = docs.iter().map(String::len).sum();
    let mut best = f64::INFINITY;
    let mut n = 0;
    for _ in 0..10 {
        let t = std::time::Instant::now();
        let out = a.extract_batch(&docs, Some(1))?;
        best = best.min(t.elapsed().as_secs_f64());
        n = out.iter().map(Vec::len).sum();
    }
    let mut err = std::io::stderr();
    writeln!(
        err,
        "{} articles, {:.1} MB, {} attributions: {:.0} articles/s, {:.1} MB/s (1 thread, best of 10)",
        docs.len(),
        bytes as f64 / 1e6,
        n,
        docs.len() as f64 / best,
        bytes as f64 / 1e6 / best
    )?;
    Ok(())
}
