//! Corpus and pattern loading for the benches, with a seeded synthetic fallback.
//!
//! Real data comes from the shared data folder: `$ASPER_SHARED_DATA` when set, otherwise
//! `../shared/data` next to the repository (the CI layout).
//! Without it (or when a file is unreadable) the benches use a small seeded synthetic corpus and
//! synthetic names instead, and say so on stderr; they never panic for missing data.
//!
//! Environment:
//! * `ASPER_BENCH_MB`: size in MB (10^6 bytes) the corpus is replicated to (default 100; a
//!   bench may have its own default, see [`target_bytes_or`]).
//! * `ASPER_BENCH_CORPUS`: a JSONL file (field `"text"`) to use instead of the BBC corpus.
//! * `ASPER_SHARED_DATA`: the shared data folder (set it to an empty folder for synthetic data).

use std::collections::HashSet;
use std::fs;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// Default replicated corpus size, in MB.
pub const DEFAULT_MB: f64 = 100.0;

/// The attribution cues and agency names (one per line).
pub const CUES: &str = include_str!("../data/cues.txt");

const NEWS_FILE: &str = "news/bbc_news_2225.jsonl";
const SEED: u64 = 0x5EED_A5BE_2025;

/// Prints a note for the person running the benches.
macro_rules! note {
    ($($arg:tt)*) => { eprintln!("asper bench: {}", format_args!($($arg)*)) };
}
pub(crate) use note;

/// A small deterministic PRNG (SplitMix64).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// A uniformly chosen item (`items` not empty).
    pub fn pick<'a, T: AsRef<str>>(&mut self, items: &'a [T]) -> &'a str {
        items[self.below(items.len())].as_ref()
    }

    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

/// The shared data folder, if one is found.
pub fn data_dir() -> Option<PathBuf> {
    // An explicit `ASPER_SHARED_DATA` is the only place looked at (so that pointing it at an
    // empty folder forces the synthetic fallback).
    let candidates = match std::env::var_os("ASPER_SHARED_DATA") {
        Some(p) => vec![PathBuf::from(p)],
        // `../shared/data` beside the repository (the CI layout); the benches may sit in a crate
        // below it (benches/guard), so go up to the folder that holds Cargo.lock first.
        None => {
            let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
            let root = manifest.ancestors().find(|a| a.join("Cargo.lock").exists());
            vec![root.unwrap_or(manifest).join("../shared/data")]
        }
    };
    let found = candidates.iter().find(|p| p.is_dir()).cloned();
    if found.is_none() {
        let tried: Vec<String> = candidates.iter().map(|p| p.display().to_string()).collect();
        note!("no shared data folder (tried {}): using synthetic data", tried.join(", "));
    }
    found
}

/// The replicated corpus: one buffer, and the byte range of every document in it.
pub struct Corpus {
    pub text: String,
    pub docs: Vec<Range<usize>>,
    /// Where the documents came from, for the report.
    pub source: String,
}

impl Corpus {
    pub fn doc_strs(&self) -> Vec<&str> {
        self.docs.iter().map(|r| &self.text[r.clone()]).collect()
    }

    /// Total bytes of the documents (without the separators between them).
    pub fn doc_bytes(&self) -> u64 {
        self.docs.iter().map(|r| r.len() as u64).sum()
    }
}

/// The target corpus size in bytes, from `ASPER_BENCH_MB` (default [`DEFAULT_MB`]).
pub fn target_bytes() -> usize {
    target_bytes_or(DEFAULT_MB)
}

/// The target corpus size in bytes, from `ASPER_BENCH_MB`, else `default_mb`.
pub fn target_bytes_or(default_mb: f64) -> usize {
    let mb = match std::env::var("ASPER_BENCH_MB") {
        Ok(s) => match s.trim().parse::<f64>() {
            Ok(v) if v > 0.0 && v.is_finite() => v,
            _ => {
                note!("ignoring ASPER_BENCH_MB={s:?} (not a positive number): using {default_mb}");
                default_mb
            }
        },
        Err(_) => default_mb,
    };
    (mb * 1e6) as usize
}

/// The `"text"` fields of a JSONL file; `None` (with a note) if it cannot be read or has none.
fn read_jsonl_texts(path: &Path) -> Option<Vec<String>> {
    let raw = match fs::read_to_string(path) {
        Ok(s) => s,
        Err(e) => {
            note!("cannot read {}: {e}", path.display());
            return None;
        }
    };
    let mut texts = Vec::new();
    let mut bad = 0usize;
    for line in raw.lines().filter(|l| !l.trim().is_empty()) {
        match serde_json::from_str::<serde_json::Value>(line) {
            Ok(v) => match v.get("text").and_then(|t| t.as_str()) {
                Some(t) if !t.is_empty() => texts.push(t.to_owned()),
                _ => bad += 1,
            },
            Err(_) => bad += 1,
        }
    }
    if bad > 0 {
        note!("{}: skipped {bad} lines without a \"text\" string", path.display());
    }
    if texts.is_empty() {
        note!("{}: no documents", path.display());
        return None;
    }
    Some(texts)
}

/// The base documents: `$ASPER_BENCH_CORPUS`, else the BBC corpus, else synthetic ones.
fn base_docs(dir: Option<&Path>) -> (Vec<String>, String) {
    if let Some(p) = std::env::var_os("ASPER_BENCH_CORPUS") {
        let p = PathBuf::from(p);
        if let Some(d) = read_jsonl_texts(&p) {
            return (d, p.display().to_string());
        }
    }
    if let Some(dir) = dir {
        let p = dir.join(NEWS_FILE);
        if let Some(d) = read_jsonl_texts(&p) {
            return (d, p.display().to_string());
        }
    }
    note!("using a SYNTHETIC seeded corpus: figures are not comparable with real-data runs");
    (synthetic_docs(2000), "synthetic (seeded)".to_owned())
}

/// The documents joined with `"\n\n"`, replicated to at least `target_bytes()`.
pub fn corpus(dir: Option<&Path>) -> Corpus {
    corpus_sized(dir, target_bytes())
}

/// The documents joined with `"\n\n"`, replicated to at least `target` bytes (at least once).
pub fn corpus_sized(dir: Option<&Path>, target: usize) -> Corpus {
    let (base, source) = base_docs(dir);
    let base_len: usize = base.iter().map(|d| d.len() + 2).sum();
    let copies = target.div_ceil(base_len.max(1)).max(1);
    let mut text = String::with_capacity(copies * base_len);
    let mut docs = Vec::with_capacity(copies * base.len());
    for _ in 0..copies {
        for d in &base {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            let start = text.len();
            text.push_str(d);
            docs.push(start..text.len());
        }
    }
    let source = format!("{source}: {} docs x {copies} copies", base.len());
    Corpus { text, docs, source }
}

/// Column 1 of a gazetteer TSV, distinct, in file order; `None` (with a note) if unreadable.
pub fn tsv_names(dir: Option<&Path>, file: &str) -> Option<Vec<String>> {
    let path = dir?.join("gazetteers").join(file);
    let raw = match fs::read_to_string(&path) {
        Ok(s) => s,
        Err(e) => {
            note!("cannot read {}: {e}", path.display());
            return None;
        }
    };
    let mut seen = HashSet::new();
    let names: Vec<String> = raw
        .lines()
        .filter_map(|l| l.split('\t').next())
        .filter(|n| !n.trim().is_empty())
        .filter(|n| seen.insert(*n))
        .map(str::to_owned)
        .collect();
    if names.is_empty() { None } else { Some(names) }
}

/// Set 1: the attribution cues and agency names of `benches/data/cues.txt`.
pub fn cues() -> Vec<String> {
    let mut seen = HashSet::new();
    CUES.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && seen.insert(*l))
        .map(str::to_owned)
        .collect()
}

/// Set 2: `n` entity names, a deterministic sample. All of `news_orgs_curated`, then a seeded
/// shuffle of each of `us_congress_legislators`, `sec_company_tickers` and
/// `geonames_countries_admin1`, drawn from in turn, without duplicates.
pub fn entities(dir: Option<&Path>, n: usize) -> (Vec<String>, String) {
    let mut rng = Rng::new(SEED ^ 0xE7);
    let fixed = tsv_names(dir, "news_orgs_curated.tsv").unwrap_or_default();
    let mut pools: Vec<Vec<String>> =
        ["us_congress_legislators.tsv", "sec_company_tickers.tsv", "geonames_countries_admin1.tsv"]
            .iter()
            .filter_map(|f| tsv_names(dir, f))
            .collect();
    if fixed.is_empty() && pools.is_empty() {
        note!("entity set: no gazetteers, using {n} synthetic names");
        return (synthetic_names(n, SEED ^ 0xE7), "synthetic".to_owned());
    }
    for p in &mut pools {
        rng.shuffle(p);
    }
    let mut seen = HashSet::new();
    let mut out: Vec<String> = Vec::with_capacity(n);
    for name in fixed {
        if out.len() < n && seen.insert(name.clone()) {
            out.push(name);
        }
    }
    let mut cursors = vec![0usize; pools.len()];
    while out.len() < n {
        let mut progressed = false;
        for (pool, cur) in pools.iter().zip(cursors.iter_mut()) {
            while *cur < pool.len() && out.len() < n {
                let name = &pool[*cur];
                *cur += 1;
                if seen.insert(name.clone()) {
                    out.push(name.clone());
                    progressed = true;
                    break;
                }
            }
        }
        if !progressed {
            note!("entity set: only {} distinct names available", out.len());
            break;
        }
    }
    (out, "gazetteers (seeded sample)".to_owned())
}

/// Set 3: every distinct name of `geonames_cities15000.tsv` (synthetic names without it).
pub fn cities(dir: Option<&Path>) -> (Vec<String>, String) {
    match tsv_names(dir, "geonames_cities15000.tsv") {
        Some(names) => (names, "geonames_cities15000.tsv".to_owned()),
        None => {
            note!("cities set: no gazetteer, using 140000 synthetic names");
            (synthetic_names(140_000, SEED ^ 0xC1), "synthetic".to_owned())
        }
    }
}

/// Set 4: `n` distinct names for builds at scale (1,000,000 in the benches). Every distinct name
/// of every `*.tsv` of the gazetteers (files in name order, names in file order), then seeded
/// two- and three-word recombinations of their whitespace-separated tokens until there are `n`;
/// the first `n` names when the gazetteers alone have more. Synthetic names without the
/// gazetteers. The second value says where the names came from.
pub fn million_names(dir: Option<&Path>, n: usize) -> (Vec<String>, String) {
    let mut files: Vec<PathBuf> = match dir.map(|d| fs::read_dir(d.join("gazetteers"))) {
        Some(Ok(rd)) => rd
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "tsv"))
            .collect(),
        _ => Vec::new(),
    };
    files.sort();
    let mut seen = HashSet::new();
    let mut out: Vec<String> = Vec::with_capacity(n);
    for f in &files {
        let name = f.file_name().and_then(|s| s.to_str()).unwrap_or_default();
        for x in tsv_names(dir, name).unwrap_or_default() {
            if seen.insert(x.clone()) {
                out.push(x);
            }
        }
    }
    if out.is_empty() {
        note!("million set: no gazetteers, using {n} synthetic names");
        return (synthetic_names(n, SEED ^ 0x1E6), "synthetic".to_owned());
    }
    let real = out.len().min(n);
    out.truncate(n);
    let mut token_seen = HashSet::new();
    let tokens: Vec<String> = out
        .iter()
        .flat_map(|x| x.split_whitespace())
        .filter(|t| token_seen.insert(*t))
        .map(str::to_owned)
        .collect();
    let mut rng = Rng::new(SEED ^ 0x1E6);
    // Bounded, in case the tokens are too few to make `n` distinct names.
    let mut tries = 0usize;
    while out.len() < n && tries < 20 * n {
        tries += 1;
        let words: Vec<&str> = (0..2 + rng.below(2)).map(|_| rng.pick(&tokens)).collect();
        let name = words.join(" ");
        if seen.insert(name.clone()) {
            out.push(name);
        }
    }
    if out.len() < n {
        note!("million set: {} recombinations only, topped up with synthetic names", out.len());
        let missing = n - out.len();
        let extra = synthetic_names(2 * missing, SEED ^ 0x1E7);
        out.extend(extra.into_iter().filter(|x| seen.insert(x.clone())).take(missing));
    }
    let source = format!(
        "{real} gazetteer names ({} files), {} recombinations of {} tokens (seeded)",
        files.len(),
        out.len() - real,
        tokens.len()
    );
    (out, source)
}

const SYLLABLES: &[&str] = &[
    "ka", "lo", "mar", "ten", "vi", "sa", "ber", "dor", "an", "el", "ri", "ton", "ville", "burg",
    "es", "ha", "mi", "no", "qu", "zé", "ø", "stra", "gen", "port", "ia", "ov", "sk", "ly", "us",
];

fn synthetic_word(rng: &mut Rng) -> String {
    let mut w = String::new();
    for _ in 0..2 + rng.below(2) {
        w.push_str(rng.pick(SYLLABLES));
    }
    let mut cs = w.chars();
    match cs.next() {
        Some(f) => f.to_uppercase().chain(cs).collect(),
        None => w,
    }
}

/// `n` distinct seeded capitalised names of one to three words.
pub fn synthetic_names(n: usize, seed: u64) -> Vec<String> {
    let mut rng = Rng::new(seed);
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let words: Vec<String> = (0..1 + rng.below(3)).map(|_| synthetic_word(&mut rng)).collect();
        let name = words.join(" ");
        if seen.insert(name.clone()) {
            out.push(name);
        }
    }
    out
}

const WORDS: &[&str] = &[
    "the",
    "of",
    "and",
    "to",
    "a",
    "in",
    "that",
    "is",
    "was",
    "for",
    "on",
    "it",
    "with",
    "as",
    "at",
    "by",
    "from",
    "government",
    "year",
    "market",
    "company",
    "people",
    "minister",
    "new",
    "first",
    "last",
    "shares",
    "profit",
    "election",
    "players",
    "club",
    "film",
    "music",
    "technology",
    "users",
    "rise",
    "fell",
    "growth",
    "economy",
    "plans",
    "week",
    "deal",
    "café",
    "naïve",
    "résumé",
    "über",
];
const SEPARATORS: &[&str] = &[" ", " ", " ", " ", " ", ", ", "  ", "\u{a0}", " \u{2014} ", "\n"];

/// `n` seeded news-like documents of about 2 kB: common words, attribution cues, synthetic
/// names (some of which are in the synthetic pattern sets), typographic quotes and dashes,
/// NBSP and a few accented words.
pub fn synthetic_docs(n: usize) -> Vec<String> {
    let mut rng = Rng::new(SEED);
    let cues = cues();
    let names = synthetic_names(2000, SEED ^ 0xE7);
    let cities = synthetic_names(2000, SEED ^ 0xC1);
    (0..n)
        .map(|_| {
            let mut doc = String::with_capacity(2300);
            while doc.len() < 2000 {
                // One sentence.
                let mut sentence = String::new();
                for i in 0..8 + rng.below(20) {
                    if i > 0 {
                        sentence.push_str(rng.pick(SEPARATORS));
                    }
                    match rng.below(20) {
                        0 => sentence.push_str(rng.pick(&cues)),
                        1 => sentence.push_str(rng.pick(&names)),
                        2 => sentence.push_str(rng.pick(&cities)),
                        3 => {
                            sentence.push('\u{201C}');
                            sentence.push_str(rng.pick(WORDS));
                            sentence.push('\u{201D}');
                        }
                        _ => sentence.push_str(rng.pick(WORDS)),
                    }
                }
                if let Some(f) = sentence.chars().next() {
                    let rest = &sentence[f.len_utf8()..];
                    doc.extend(f.to_uppercase());
                    doc.push_str(rest);
                }
                doc.push_str(if rng.below(6) == 0 { ".\n\n" } else { ". " });
            }
            doc.truncate(doc.trim_end().len());
            doc
        })
        .collect()
}
