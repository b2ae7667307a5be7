//! The learned scorer of verb-cue records: an averaged perceptron over local features of a
//! candidate record (the cue word, the tokens around it, the shape and place of its source),
//! trained on PolNeAR train by `examples/train_cue_model.rs` and embedded as
//! `data/cue_model.tsv`. A record of a scored cue is kept when its score is positive.
//!
//! A feature is a template name and its parts, written `name=part|part` with the parts in ASCII
//! lower case; the model file lists features in that form with their weights, and a lookup
//! hashes the same bytes (FNV-1a, 64 bits) without building the string.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::words::{FastHash, List, is};
use crate::attribution::text::{Doc, Tok, words};

/// The model (`src/attribution/data/cue_model.tsv`).
const MODEL_TSV: &str = include_str!("../data/cue_model.tsv");

/// Receives the features of a record: `parts[0]` is the template name, the rest its values.
pub(crate) trait Sink {
    /// One feature.
    fn add(&mut self, parts: &[&str]);
}

/// FNV-1a over the bytes of `name=part|part`, parts in ASCII lower case.
fn hash(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut put = |b: u8| h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    for (i, p) in parts.iter().enumerate() {
        match i {
            0 => {}
            1 => put(b'='),
            _ => put(b'|'),
        }
        for &b in p.as_bytes() {
            put(if i == 0 { b } else { b.to_ascii_lowercase() });
        }
    }
    h
}

/// The features as strings, in their canonical form (the training example's view).
#[derive(Debug, Default)]
pub(crate) struct Strings(pub(crate) Vec<String>);

impl Sink for Strings {
    fn add(&mut self, parts: &[&str]) {
        let mut s = String::from(parts[0]);
        for (i, p) in parts[1..].iter().enumerate() {
            s.push(if i == 0 { '=' } else { '|' });
            s.extend(p.chars().map(|c| c.to_ascii_lowercase()));
        }
        self.0.push(s);
    }
}

/// The weights of the model, by feature hash.
#[derive(Debug, Default)]
pub(crate) struct Model {
    weights: HashMap<u64, f32, FastHash>,
}

impl Model {
    /// Parses `feature<TAB>weight` lines; `#` starts a comment line. Errors name the 1-based
    /// line.
    pub(crate) fn parse(src: &str) -> Result<Model, String> {
        let mut weights = HashMap::default();
        for (i, line) in src.lines().enumerate() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (f, w) = line.split_once('\t').ok_or(format!("line {}: no tab", i + 1))?;
            let w: f32 = w.trim().parse().map_err(|_| format!("line {}: bad weight", i + 1))?;
            weights.insert(hash_canonical(f), w);
        }
        Ok(Model { weights })
    }

    /// The built-in model.
    pub(crate) fn builtin() -> &'static Model {
        static M: OnceLock<Model> = OnceLock::new();
        // The file is part of the crate and a unit test parses it: an error cannot happen here.
        M.get_or_init(|| Model::parse(MODEL_TSV).unwrap_or_default())
    }

    /// The number of features with a weight.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.weights.len()
    }
}

/// The hash of a feature written in its canonical form (`name=part|part`).
fn hash_canonical(f: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in f.as_bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Sums the weights of the features it receives.
pub(crate) struct Score<'m> {
    model: &'m Model,
    /// The sum so far.
    pub(crate) total: f32,
}

impl<'m> Score<'m> {
    pub(crate) fn new(model: &'m Model) -> Score<'m> {
        Score { model, total: 0.0 }
    }
}

impl Sink for Score<'_> {
    fn add(&mut self, parts: &[&str]) {
        self.total += self.model.weights.get(&hash(parts)).copied().unwrap_or(0.0);
    }
}

/// The text of a token for a feature: a word as written, punctuation as its character, or
/// `edge` when there is none.
fn tok_text<'t>(text: &'t str, t: Option<Tok>, edge: &'t str) -> &'t str {
    match t {
        Some(Tok::Word(s, e)) | Some(Tok::Punct(s, e, _)) => &text[s..e],
        None => edge,
    }
}

/// Gives `sink` the features of a record with the cue `[cs, ce)` and the source `[ss, se)` in
/// the sentence `[s0, s1)`, which has a quotation mark when `quote`.
pub(crate) fn features(
    text: &Doc<'_>,
    (cs, ce): (usize, usize),
    (ss, se): (usize, usize),
    (s0, s1): (usize, usize),
    quote: bool,
    sink: &mut dyn Sink,
) {
    let cue = &text[cs..ce];
    let mut wbuf = String::new();
    let w = if words(cue).nth(1).is_some() {
        for (i, x) in words(cue).enumerate() {
            if i > 0 {
                wbuf.push(' ');
            }
            wbuf.push_str(x);
        }
        wbuf.as_str()
    } else {
        cue
    };
    let p1t = text.prev_tok(cs, s0);
    let p1 = tok_text(text, p1t, "<s>");
    let p2 = tok_text(text, p1t.and_then(|t| text.prev_tok(t.start(), s0)), "<s>");
    let n1t = text.next_tok(ce, s1);
    let n1 = tok_text(text, n1t, "</s>");
    let n2t = n1t.and_then(|t| text.next_tok(t.end(), s1));
    let n2 = tok_text(text, n2t, "</s>");
    let n3 = tok_text(text, n2t.and_then(|t| text.next_tok(t.end(), s1)), "</s>");
    let src = &text[ss..se];
    let first = words(src).next().unwrap_or("");
    let last = words(src).last().unwrap_or("");
    let shape = if is(src, List::SubjectPronoun) || is(src, List::ObjectPronoun) {
        "pron"
    } else if crate::attribution::text::is_capitalized(first) {
        "cap"
    } else {
        "low"
    };
    let pos = if se <= cs { "before" } else { "after" };
    let n = words(src).count().min(5);
    let len = ["0", "1", "2", "3", "4", "5"][n];
    let quote = if quote { "y" } else { "n" };
    let that = [n1, n2, n3].iter().any(|x| x.eq_ignore_ascii_case("that"));
    let that = if that { "y" } else { "n" };
    let cap = |w: &str| if crate::attribution::text::is_capitalized(w) { "cap" } else { "low" };
    let wcap = cap(cue);
    let n1cap = cap(n1);
    // Words between the source and the cue: 0, 1, 2, 3-5, more.
    let gap = if se <= cs { words(&text[se..cs]).count() } else { words(&text[ce..ss]).count() };
    let gap = ["0", "1", "2", "3-5", "3-5", "3-5", "6+"][gap.min(6)];
    for f in [
        &["bias", "1"][..],
        &["w", w],
        &["p1", p1],
        &["p2|p1", p2, p1],
        &["n1", n1],
        &["n1|n2", n1, n2],
        &["w|p1", w, p1],
        &["w|p2|p1", w, p2, p1],
        &["w|n1", w, n1],
        &["w|n1|n2", w, n1, n2],
        &["shape", shape],
        &["w|shape", w, shape],
        &["pos", pos],
        &["w|pos", w, pos],
        &["len", len],
        &["last", last],
        &["quote", quote],
        &["that", that],
        &["w|that", w, that],
        &["w|last", w, last],
        &["first", first],
        &["n1|n2|n3", n1, n2, n3],
        &["wcap", wcap],
        &["w|n1cap", w, n1cap],
        &["gap", gap],
        &["w|gap", w, gap],
    ] {
        sink.add(f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_agree_with_the_canonical_form() {
        for parts in [&["w", "Said"][..], &["w|n1", "said", "THAT"], &["bias", "1"]] {
            let mut s = Strings::default();
            s.add(parts);
            assert_eq!(hash(parts), hash_canonical(&s.0[0]), "{parts:?}");
        }
        let mut s = Strings::default();
        s.add(&["w|n1|n2", "Called", "FOR", "an"]);
        assert_eq!(s.0, ["w|n1|n2=called|for|an"]);
    }

    #[test]
    fn the_builtin_model_parses() {
        let m = Model::parse(MODEL_TSV).unwrap();
        assert!(m.len() > 100, "{} features", m.len());
        assert!(Model::parse("w=said\tx\n").unwrap_err().starts_with("line 1"));
        assert!(Model::parse("# c\nw=said\n").unwrap_err().starts_with("line 2"));
    }

    #[test]
    fn features_of_a_record() {
        let text = "“No,” she said that day.";
        let d = Doc::new(text);
        let cs = text.find("said").unwrap();
        let ss = text.find("she").unwrap();
        let mut s = Strings::default();
        features(
            &d,
            (cs, cs + 4),
            (ss, ss + 3),
            (0, text.len()),
            d.has_quote(0, text.len()),
            &mut s,
        );
        for f in ["w=said", "p1=she", "p2|p1=”|she", "n1|n2=that|day", "shape=pron", "pos=before"]
        {
            assert!(s.0.iter().any(|x| x == f), "{f} in {:?}", s.0);
        }
        assert!(s.0.contains(&"quote=y".to_owned()) && s.0.contains(&"that=y".to_owned()));
        // Every feature a score adds is one of these.
        let mut score = Score::new(Model::builtin());
        features(
            &d,
            (cs, cs + 4),
            (ss, ss + 3),
            (0, text.len()),
            d.has_quote(0, text.len()),
            &mut score,
        );
        let sum: f32 =
            s.0.iter()
                .map(|f| Model::builtin().weights.get(&hash_canonical(f)).copied().unwrap_or(0.0))
                .sum();
        assert!((score.total - sum).abs() < 1e-4);
    }
}
