//! A naive reference matcher: DESIGN.md implemented literally, on vectors of characters.
//!
//! It shares nothing with the crate but the `MatchKind` enum: it reads the Unicode data itself
//! from the files vendored in `tests/data` (case folds from `CaseFolding.txt`, Alphabetic from
//! `DerivedCoreProperties.txt`, general categories from `UnicodeData.txt`), and lists the
//! White_Space code points explicitly, as DESIGN.md does (a test checks the list against
//! `PropList.txt`). It is slow on purpose: every candidate at every position is found by direct
//! comparison.
//!
//! If DESIGN.md changes, change this file with it (and `tests/python/reference.py`).

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use asper::MatchKind;

/// Longest folded pattern accepted, in bytes (DESIGN.md: "longer than 4096 bytes").
pub const MAX_LEN: usize = 4096;

/// The options of DESIGN.md.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    pub ignore_case: bool,
    pub whole_words: bool,
    pub normalize: bool,
    pub kind: MatchKind,
}

impl Options {
    /// Every combination of the four options (2 x 2 x 2 x 3 = 24).
    pub fn all() -> Vec<Options> {
        let mut out = Vec::new();
        for ignore_case in [false, true] {
            for whole_words in [false, true] {
                for normalize in [false, true] {
                    for kind in [MatchKind::Longest, MatchKind::First, MatchKind::All] {
                        out.push(Options { ignore_case, whole_words, normalize, kind });
                    }
                }
            }
        }
        out
    }

    /// A crate builder with the same options.
    pub fn builder(self) -> asper::MatcherBuilder {
        let mut b = asper::MatcherBuilder::new();
        b.ignore_case(self.ignore_case)
            .whole_words(self.whole_words)
            .normalize(self.normalize)
            .match_kind(self.kind);
        b
    }
}

/// Why a pattern set is rejected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RefError {
    /// Pattern `index` is empty after trimming (under `normalize`) and folding.
    Empty(usize),
    /// Pattern `index` folds to `len` bytes, more than [`MAX_LEN`].
    TooLong(usize, usize),
}

impl RefError {
    /// The same error, from the crate's error.
    pub fn from_crate(e: &asper::BuildError) -> Option<RefError> {
        match *e.kind() {
            asper::BuildErrorKind::Empty { index, .. } => Some(RefError::Empty(index)),
            asper::BuildErrorKind::TooLong { index, len, .. } => {
                Some(RefError::TooLong(index, len))
            }
            _ => None,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Character properties, from the data files and DESIGN.md.

fn case_folds() -> &'static HashMap<char, char> {
    static FOLDS: OnceLock<HashMap<char, char>> = OnceLock::new();
    FOLDS.get_or_init(|| {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/CaseFolding.txt");
        let data = std::fs::read_to_string(path).expect("tests/data/CaseFolding.txt");
        let mut map = HashMap::new();
        for line in data.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let fields: Vec<&str> = line.split(';').map(str::trim).collect();
            let (code, status, mapping) = (fields[0], fields[1], fields[2]);
            if status != "C" && status != "S" {
                continue;
            }
            let from = char::from_u32(u32::from_str_radix(code, 16).unwrap()).unwrap();
            let to = char::from_u32(u32::from_str_radix(mapping, 16).unwrap()).unwrap();
            assert!(map.insert(from, to).is_none(), "two simple folds for {code}");
        }
        assert!(map.len() > 1400, "CaseFolding.txt looks truncated");
        // DESIGN.md: "in addition İ (U+0130) → i".
        map.insert('\u{130}', 'i');
        map
    })
}

/// A vendored UCD file.
fn ucd(name: &str) -> String {
    let path = format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The code points with property `prop` in a PropList-style UCD file.
pub fn ucd_property(file: &str, prop: &str) -> HashSet<u32> {
    let mut set = HashSet::new();
    for line in ucd(file).lines() {
        let line = line.split('#').next().unwrap_or("").trim();
        let fields: Vec<&str> = line.split(';').map(str::trim).collect();
        if fields.len() < 2 || fields[1] != prop {
            continue;
        }
        let (lo, hi) = fields[0].split_once("..").unwrap_or((fields[0], fields[0]));
        set.extend(u32::from_str_radix(lo, 16).unwrap()..=u32::from_str_radix(hi, 16).unwrap());
    }
    assert!(!set.is_empty(), "no {prop} in {file}");
    set
}

/// Word characters (DESIGN.md): Alphabetic, or of general category Nd, Nl, No, Mn, Mc, Me or
/// Pc.
fn word_chars() -> &'static HashSet<u32> {
    static SET: OnceLock<HashSet<u32>> = OnceLock::new();
    SET.get_or_init(|| {
        let mut set = ucd_property("DerivedCoreProperties.txt", "Alphabetic");
        let mut first = None;
        for line in ucd("UnicodeData.txt").lines() {
            let fields: Vec<&str> = line.split(';').collect();
            let cp = u32::from_str_radix(fields[0], 16).unwrap();
            let (name, cat) = (fields[1], fields[2]);
            let wanted = matches!(cat, "Nd" | "Nl" | "No" | "Mn" | "Mc" | "Me" | "Pc");
            if name.ends_with(", First>") {
                first = Some(cp);
            } else if name.ends_with(", Last>") {
                let lo = first.take().unwrap();
                if wanted {
                    set.extend(lo..=cp);
                }
            } else if wanted {
                set.insert(cp);
            }
        }
        assert!(set.len() > 100_000, "the vendored UCD looks truncated");
        set
    })
}

/// DESIGN.md's list of White_Space code points.
pub fn is_ws(c: char) -> bool {
    matches!(
        c as u32,
        0x09..=0x0D
            | 0x20
            | 0x85
            | 0xA0
            | 0x1680
            | 0x2000..=0x200A
            | 0x2028
            | 0x2029
            | 0x202F
            | 0x205F
            | 0x3000
    )
}

/// Word characters: Alphabetic, a number (Nd, Nl, No), a mark (Mn, Mc, Me) or connector
/// punctuation (Pc).
pub fn is_word(c: char) -> bool {
    word_chars().contains(&(c as u32))
}

/// Simple case folding (C and S) plus İ → i.
pub fn case_fold(c: char) -> char {
    case_folds().get(&c).copied().unwrap_or(c)
}

/// Quote and dash folding under `normalize`.
pub fn punct(c: char) -> char {
    match c as u32 {
        0x2018 | 0x2019 | 0x201B | 0x2032 => '\'',
        0x201C | 0x201D | 0x201E | 0x2033 => '"',
        0x2010..=0x2015 | 0x2212 => '-',
        _ => c,
    }
}

/// The fold of one character that is not (normalized) whitespace: punctuation first, then case.
fn fold_char(c: char, o: Options) -> char {
    let c = if o.normalize { punct(c) } else { c };
    if o.ignore_case { case_fold(c) } else { c }
}

// ---------------------------------------------------------------------------------------------
// Folding.

/// One character of the folded text and the original byte span it comes from.
#[derive(Clone, Copy, Debug)]
pub struct Item {
    pub c: char,
    pub start: usize,
    pub end: usize,
}

/// The folded view of `text`: one item per character, or per whitespace run under `normalize`.
pub fn fold_text(text: &str, o: Options) -> Vec<Item> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let end_of = |i: usize| chars.get(i + 1).map_or(text.len(), |&(b, _)| b);
    let mut items = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        if o.normalize && is_ws(c) {
            let mut j = i;
            while j + 1 < chars.len() && is_ws(chars[j + 1].1) {
                j += 1;
            }
            items.push(Item { c: ' ', start, end: end_of(j) });
            i = j + 1;
        } else {
            items.push(Item { c: fold_char(c, o), start, end: end_of(i) });
            i += 1;
        }
    }
    items
}

/// The folded form of a pattern.
pub fn fold_pattern(p: &str, o: Options) -> Vec<char> {
    let chars: Vec<char> = p.chars().collect();
    let mut lo = 0;
    let mut hi = chars.len();
    if o.normalize {
        while lo < hi && is_ws(chars[lo]) {
            lo += 1;
        }
        while hi > lo && is_ws(chars[hi - 1]) {
            hi -= 1;
        }
    }
    // Under `normalize`, each maximal run of whitespace becomes one space.
    let mut out: Vec<char> = Vec::new();
    let mut in_run = false;
    for &c in &chars[lo..hi] {
        if o.normalize && is_ws(c) {
            if !in_run {
                out.push(' ');
            }
            in_run = true;
        } else {
            out.push(fold_char(c, o));
            in_run = false;
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Matching.

/// All matches of `patterns` in `text` as `(start, end, pattern_id)`, byte offsets into
/// `text`, in the order DESIGN.md specifies for the match kind.
pub fn find<P: AsRef<str>>(
    patterns: &[P],
    text: &str,
    o: Options,
) -> Result<Vec<(usize, usize, usize)>, RefError> {
    let mut folded: Vec<Vec<char>> = Vec::new();
    for (index, p) in patterns.iter().enumerate() {
        let f = fold_pattern(p.as_ref(), o);
        if f.is_empty() {
            return Err(RefError::Empty(index));
        }
        let len: usize = f.iter().map(|c| c.len_utf8()).sum();
        if len > MAX_LEN {
            return Err(RefError::TooLong(index, len));
        }
        folded.push(f);
    }
    let items = fold_text(text, o);
    let n = items.len();

    // C(s): the valid candidates at folded position s, as (length in items, pattern id).
    let candidates = |s: usize| -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for (id, p) in folded.iter().enumerate() {
            let len = p.len();
            if s + len > n || !items[s..s + len].iter().zip(p).all(|(it, &c)| it.c == c) {
                continue;
            }
            if o.whole_words {
                if is_word(p[0]) && s > 0 && is_word(items[s - 1].c) {
                    continue;
                }
                if is_word(p[len - 1]) && s + len < n && is_word(items[s + len].c) {
                    continue;
                }
            }
            out.push((len, id));
        }
        out
    };
    let span = |s: usize, len: usize, id: usize| (items[s].start, items[s + len - 1].end, id);

    let mut out = Vec::new();
    match o.kind {
        MatchKind::All => {
            for s in 0..n {
                for (len, id) in candidates(s) {
                    out.push(span(s, len, id));
                }
            }
            out.sort();
        }
        kind => {
            let mut s = 0;
            while s < n {
                let c = candidates(s);
                let best = match kind {
                    // Longest; among equal lengths (duplicates) the lowest id.
                    MatchKind::Longest => c.iter().min_by_key(|&&(len, id)| (usize::MAX - len, id)),
                    // Lowest id.
                    _ => c.iter().min_by_key(|&&(_, id)| id),
                };
                match best {
                    Some(&(len, id)) => {
                        out.push(span(s, len, id));
                        s += len;
                    }
                    None => s += 1,
                }
            }
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// Checks of the reference itself, and of the crate's character tables against it.

#[cfg(test)]
mod tests {
    use super::*;

    const DEFAULT: Options = Options {
        ignore_case: false,
        whole_words: true,
        normalize: true,
        kind: MatchKind::Longest,
    };

    #[test]
    fn reference_examples() {
        let ic = Options { ignore_case: true, ..DEFAULT };
        assert_eq!(find(&["istanbul"], "İSTANBUL", ic), Ok(vec![(0, 9, 0)]));
        assert_eq!(find(&["AP"], "APPLE AP3 (AP)", DEFAULT), Ok(vec![(11, 13, 0)]));
        assert_eq!(
            find(&["New York", "New York Times"], "New York Timesfoo", DEFAULT),
            Ok(vec![(0, 8, 0)])
        );
        let first = Options { kind: MatchKind::First, ..DEFAULT };
        assert_eq!(find(&["Sam", "Samsung"], "Samsung", first), Ok(vec![(0, 7, 1)]));
        assert_eq!(find(&["a b"], "a \r\n\u{a0}b", DEFAULT), Ok(vec![(0, 7, 0)]));
        assert_eq!(find(&["  "], "x", DEFAULT), Err(RefError::Empty(0)));
        assert_eq!(fold_pattern(" a \t\n b\u{2009}", DEFAULT), vec!['a', ' ', 'b']);
        let raw = Options { normalize: false, ..DEFAULT };
        assert_eq!(fold_pattern(" a  b ", raw), " a  b ".chars().collect::<Vec<_>>());
    }

    /// DESIGN.md lists the White_Space code points; they are the vendored PropList.txt's.
    #[test]
    fn white_space_list_is_the_ucd_one() {
        let ws = ucd_property("PropList.txt", "White_Space");
        for cp in 0..=0x10FFFFu32 {
            let Some(c) = char::from_u32(cp) else { continue };
            assert_eq!(is_ws(c), ws.contains(&cp), "White_Space of U+{cp:04X}");
        }
    }

    /// The crate's word characters are the reference's, on every code point, seen through
    /// matching: with `whole_words`, pattern `x` matches in `x` + c exactly when c is not a word
    /// character (whitespace and folding are off so that nothing else intervenes).
    #[test]
    fn crate_word_characters_agree_on_every_code_point() {
        let raw = Options {
            ignore_case: false,
            whole_words: true,
            normalize: false,
            kind: MatchKind::Longest,
        };
        let m = raw.builder().build(["x"]).unwrap();
        let chars: Vec<char> = (0..=0x10FFFFu32).filter_map(char::from_u32).collect();
        for block in chars.chunks(4096) {
            // "|x<c>" per character: "|" is not a word character, so only c decides.
            let mut text = String::new();
            let mut starts = Vec::new();
            for &c in block {
                text.push('|');
                starts.push(text.len());
                text.push('x');
                text.push(c);
            }
            let found: HashSet<usize> = m.find_iter(&text).map(|x| x.start).collect();
            for (&c, s) in block.iter().zip(starts) {
                let expect = !is_word(c) && c != 'x';
                assert_eq!(
                    found.contains(&s),
                    expect,
                    "U+{:04X} as the character after x",
                    c as u32
                );
            }
        }
    }

    /// DESIGN.md: "folding never turns a word character into a non-word character or back",
    /// which is what lets boundaries be tested on the folded view. Only the characters that
    /// some fold changes need checking.
    #[test]
    fn folding_preserves_word_characters() {
        for (&c, &f) in case_folds() {
            assert_eq!(is_word(c), is_word(f), "case fold of {c:?}");
        }
        for cp in (0x2010..=0x2033).chain([0x2212]) {
            let c = char::from_u32(cp).unwrap();
            assert_eq!(is_word(c), is_word(punct(c)), "punctuation fold of {c:?}");
            assert_eq!(is_word(c), is_word(case_fold(punct(c))), "full fold of {c:?}");
        }
        for cp in 0..=0x3000u32 {
            let c = char::from_u32(cp).unwrap();
            assert!(!is_ws(c) || !is_word(c), "{c:?} is both whitespace and word");
        }
    }
}
