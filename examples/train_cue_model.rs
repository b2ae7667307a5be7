//! Trains the scorer of verb-cue records (`src/attribution/data/cue_model.tsv`): an averaged
//! perceptron over the features of [`asper::Attributor::scored_candidates`], on the articles of
//! PolNeAR train. A candidate is positive when its cue overlaps a gold cue span of its article.
//! Deterministic: the articles in file order, the same order every epoch, a fixed number of
//! epochs; features seen fewer than `MIN_COUNT` times and weights that round to zero are left
//! out.
//!
//! ```text
//! cargo run --release --example train_cue_model -- ../shared/data/attribution/polnear.jsonl \
//!     src/attribution/data/cue_model.tsv
//! ```
//!
//! Then rebuild: the model is embedded with `include_str!`.

use std::collections::HashMap;
use std::io::{BufRead, BufWriter, Write};

use asper::Attributor;
use serde_json::Value;

const EPOCHS: usize = 10;
const MIN_COUNT: u32 = 3;

/// Byte offset of code point `c` in `text`.
fn byte_at(text: &str, c: usize) -> usize {
    text.char_indices().nth(c).map_or(text.len(), |(b, _)| b)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output] = args.as_slice() else {
        return Err("usage: train_cue_model POLNEAR.jsonl OUT.tsv".into());
    };
    let a = Attributor::new()?;
    let mut examples: Vec<(Vec<usize>, f32)> = Vec::new();
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut names: Vec<String> = Vec::new();
    let mut counts: Vec<u32> = Vec::new();
    let (mut articles, mut positives) = (0, 0);
    for line in std::io::BufReader::new(std::fs::File::open(input)?).lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let rec: Value = serde_json::from_str(&line)?;
        if rec["split"].as_str() != Some("train") {
            continue;
        }
        articles += 1;
        let text = rec["text"].as_str().unwrap_or("");
        // The cue spans of the gold attributions, in bytes.
        let mut gold: Vec<(usize, usize)> = Vec::new();
        for at in rec["attributions"].as_array().into_iter().flatten() {
            for span in at["cue"].as_array().into_iter().flatten() {
                let s = span["start"].as_u64().unwrap_or(0) as usize;
                let e = span["end"].as_u64().unwrap_or(0) as usize;
                gold.push((byte_at(text, s), byte_at(text, e)));
            }
        }
        for (r, features) in a.scored_candidates(text) {
            let hit = gold.iter().any(|&(s, e)| r.cue_start < e && s < r.cue_end);
            positives += usize::from(hit);
            let fs = features
                .into_iter()
                .map(|f| {
                    let n = names.len();
                    let id = *ids.entry(f.clone()).or_insert(n);
                    if id == n {
                        names.push(f);
                        counts.push(0);
                    }
                    counts[id] += 1;
                    id
                })
                .collect();
            examples.push((fs, if hit { 1.0 } else { -1.0 }));
        }
    }
    // Averaged perceptron: `w` the current weights, `u` their sums weighted by the step.
    let mut w = vec![0f64; names.len()];
    let mut u = vec![0f64; names.len()];
    let mut step = 1f64;
    for _ in 0..EPOCHS {
        for (fs, y) in &examples {
            let score: f64 = fs.iter().map(|&i| w[i]).sum();
            if f64::from(*y) * score <= 0.0 {
                for &i in fs {
                    w[i] += f64::from(*y);
                    u[i] += step * f64::from(*y);
                }
            }
            step += 1.0;
        }
    }
    let mut kept: Vec<(&str, f64)> = names
        .iter()
        .enumerate()
        .filter(|&(i, _)| counts[i] >= MIN_COUNT)
        .map(|(i, n)| (n.as_str(), w[i] - u[i] / step))
        .filter(|&(_, x)| (x * 1000.0).round() != 0.0)
        .collect();
    kept.sort_by(|a, b| a.0.cmp(b.0));
    let mut out = BufWriter::new(std::fs::File::create(output)?);
    writeln!(out, "# The scorer of asper's verb-cue records (src/attribution/rules/score.rs).")?;
    writeln!(
        out,
        "# Trained by examples/train_cue_model.rs: an averaged perceptron, {EPOCHS} epochs,"
    )?;
    writeln!(
        out,
        "# on {articles} PolNeAR train articles: {} candidates, {positives} positive; features",
        examples.len()
    )?;
    writeln!(out, "# seen at least {MIN_COUNT} times. feature<TAB>weight; do not edit by hand.")?;
    for (n, x) in &kept {
        writeln!(out, "{n}\t{x:.3}")?;
    }
    out.flush()?;
    let mut err = std::io::stderr();
    writeln!(
        err,
        "{articles} articles, {} candidates ({positives} positive), {} features kept",
        examples.len(),
        kept.len()
    )?;
    Ok(())
}
