//! Runs the built-in [`asper::Attributor`] over a JSONL file of records with `"id"` and `"text"`
//! (the gold format of `asper_dev.jsonl` or `polnear.jsonl`) and writes one JSON line per record:
//! `{"id": ..., "attributions": [{kind, cue, cue_start, cue_end, source, source_start,
//! source_end, canonical, sentence_start, sentence_end}]}` with code-point offsets, the input of
//! `python benches/attribution_eval.py --predictions FILE`.
//!
//! ```text
//! cargo run --release --example attribution_predict -- IN.jsonl OUT.jsonl [--split dev]
//! ```

use std::io::{BufRead, BufWriter, Write};

use asper::Attributor;
use asper::offsets::CharCursor;
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
        let mut found = Vec::new();
        for r in a.extract(text) {
            let mut c = CharCursor::new(text);
            // Offsets are not monotone across fields: convert each with a fresh walk.
            let mut conv = |b: usize| {
                let v = c.char_offset(b);
                c = CharCursor::new(text);
                v
            };
            found.push(json!({
                "kind": r.kind.as_str(),
                "cue": &text[r.cue_start..r.cue_end],
                "cue_start": conv(r.cue_start),
                "cue_end": conv(r.cue_end),
                "source": &text[r.source_start..r.source_end],
                "source_start": conv(r.source_start),
                "source_end": conv(r.source_end),
                "canonical": r.canonical.as_deref(),
                "sentence_start": conv(r.sentence_start),
                "sentence_end": conv(r.sentence_end),
            }));
        }
        writeln!(out, "{}", json!({"id": rec["id"], "attributions": found}))?;
    }
    out.flush()?;
    Ok(())
}
