//! Text helpers of the attribution rules: tokens, sentences, quotation state. Every offset is a
//! byte offset on a character boundary of the original text.

use std::cell::Cell;
use std::ops::Deref;

use crate::unicode::{
    is_alphabetic, is_alphanumeric, is_numeric, is_uppercase, is_white_space, is_word_char,
};

/// The most bytes of one run of token characters the tokenizer reads: a longer run (a URL, or
/// cue words joined by `-` such as `said-said-...`) is cut into pieces of at most this length,
/// so that each call reads a bounded stretch of text and extraction stays linear.
pub(crate) const MAX_RUN: usize = 32;

/// A token: a word (letters, digits, marks and word-internal `-'’.&/`, or a lone `&`) or one
/// punctuation character.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tok {
    Word(usize, usize),
    Punct(usize, usize, char),
}

impl Tok {
    pub(crate) fn start(self) -> usize {
        match self {
            Tok::Word(s, _) | Tok::Punct(s, _, _) => s,
        }
    }

    pub(crate) fn end(self) -> usize {
        match self {
            Tok::Word(_, e) | Tok::Punct(_, e, _) => e,
        }
    }
}

#[inline]
fn is_tok_char(c: char) -> bool {
    is_word_char(c) || matches!(c, '-' | '\'' | '’' | '.' | '&' | '/')
}

#[inline]
fn is_inner_only(c: char) -> bool {
    matches!(c, '-' | '\'' | '’' | '.' | '&' | '/' | '‘')
}

/// Trims a raw run of token characters to a word: leading inner-only characters always, trailing
/// ones except the `.` of an abbreviation (`U.S.`) and the `'` of a plural possessive (`pilots'`).
/// A lone `&` is a word, as "and" is (`PTI & Reuters`).
fn trim_word(text: &str, mut s: usize, mut e: usize) -> Option<(usize, usize)> {
    if &text[s..e] == "&" {
        return Some((s, e));
    }
    while s < e {
        let c = text[s..e].chars().next()?;
        if is_inner_only(c) {
            s += c.len_utf8();
        } else {
            break;
        }
    }
    while s < e {
        let c = text[s..e].chars().next_back()?;
        if !is_inner_only(c) {
            break;
        }
        let body = &text[s..e - c.len_utf8()];
        let keep = match c {
            // "U.S.", and titles before a name: "Mr.", "Sen.", "Gov." ("according to Mr. Hedge").
            '.' => is_abbrev_body(body) || (is_title_abbrev(body) && s + body.len() + 1 == e),
            '\'' | '’' => body.ends_with('s') && body.len() > 2,
            _ => false,
        };
        if keep {
            break;
        }
        e -= c.len_utf8();
    }
    (s < e).then_some((s, e))
}

/// Whether `c`, at byte `i`, is a full stop that ends a sentence whose space was lost
/// ("...the rules.READ", "...media.The union"): between a lower-case letter and an upper-case
/// one followed by another letter ("Ph.D." and "U.S." are no such stop).
fn lost_break(text: &str, i: usize, c: char) -> bool {
    c == '.' && lost_break_at(text, i, i + 1)
}

/// Whether the full stop at byte `i`, with the next sentence at byte `next`, is a lost break: a
/// lower-case letter before it, an upper-case letter and another letter at `next`.
fn lost_break_at(text: &str, i: usize, next: usize) -> bool {
    let before = text[..i].chars().next_back();
    let mut after = text[next..].chars();
    before.is_some_and(|b| is_alphabetic(b) && !is_uppercase(b))
        && after.next().is_some_and(is_uppercase)
        && after.next().is_some_and(is_alphabetic)
}

/// Whether `c`, at byte `i`, is a `?` that stands for a lost apostrophe ("Kumar?s membership",
/// where the source text lost its curly quotes): between a letter and an `s` that ends the word.
fn lost_apostrophe(text: &str, i: usize, c: char) -> bool {
    if c != '?' {
        return false;
    }
    let mut after = text[i + 1..].chars();
    text[..i].chars().next_back().is_some_and(is_alphabetic)
        && after.next() == Some('s')
        && !after.next().is_some_and(is_word_char)
}

/// Whether `body` is a capitalised abbreviation of a title or an honorific ("Mr", "Sen", "Gov").
fn is_title_abbrev(body: &str) -> bool {
    const TITLES: &[&str] = &[
        "Mr", "Mrs", "Ms", "Dr", "Sen", "Rep", "Gov", "Gen", "Lt", "Col", "Capt", "Sgt", "Prof",
        "Rev", "Hon", "Supt", "Insp",
    ];
    TITLES.contains(&body)
}

/// `U.S` / `U.N` / `e.g`: segments of one or two letters separated by dots.
fn is_abbrev_body(body: &str) -> bool {
    body.contains('.') && body.split('.').all(|seg| (1..=2).contains(&seg.chars().count()))
}

/// The largest character boundary at or before `i` (clamped to the text).
pub(crate) fn floor_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The smallest character boundary at or after `i` (clamped to the text).
pub(crate) fn ceil_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// The text of one extraction, with a count of the work of the tokenizer on it: a step for every
/// [`Doc::next_tok`] and [`Doc::prev_tok`] plus one for every byte it read (a long run of token
/// characters is read whole). Tests bound the count by the length of the text (no clock). `Doc`
/// dereferences to the text.
pub(crate) struct Doc<'t> {
    text: &'t str,
    steps: Cell<u64>,
}

impl<'t> Doc<'t> {
    pub(crate) fn new(text: &'t str) -> Doc<'t> {
        Doc { text, steps: Cell::new(0) }
    }

    /// The steps so far.
    pub(crate) fn steps(&self) -> u64 {
        self.steps.get()
    }

    #[inline]
    fn count(&self, bytes: usize) {
        self.steps.set(self.steps.get() + 1 + bytes as u64);
    }

    /// Whether `[s, e)` has a quotation mark (`"`, `“` or `”`): a read of its bytes, counted.
    pub(crate) fn has_quote(&self, s: usize, e: usize) -> bool {
        self.count(e.saturating_sub(s));
        self.text.get(s..e).is_some_and(|t| t.contains(['"', '“', '”']))
    }

    /// The first token at or after `pos`, before `limit`; whitespace is skipped.
    #[inline]
    pub(crate) fn next_tok(&self, pos: usize, limit: usize) -> Option<Tok> {
        let mut reach = pos;
        let t = next_tok(self.text, pos, limit, &mut reach);
        self.count(reach.saturating_sub(pos));
        t
    }

    /// The last token ending at or before `pos`, starting at or after `limit`.
    #[inline]
    pub(crate) fn prev_tok(&self, pos: usize, limit: usize) -> Option<Tok> {
        let mut reach = pos;
        let t = prev_tok(self.text, pos, limit, &mut reach);
        self.count(pos.saturating_sub(reach));
        t
    }
}

impl Deref for Doc<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        self.text
    }
}

/// [`Doc::next_tok`]; `*reach` is set to where the reading stopped.
fn next_tok(text: &str, pos: usize, limit: usize, reach: &mut usize) -> Option<Tok> {
    let limit = floor_boundary(text, limit);
    let mut i = ceil_boundary(text, pos);
    while i < limit {
        *reach = i;
        let c = text[i..].chars().next()?;
        if is_white_space(c) {
            i += c.len_utf8();
            continue;
        }
        if is_tok_char(c) {
            let s = i;
            let mut e = i;
            for (j, d) in text[i..limit].char_indices() {
                let inner = is_tok_char(d) || lost_apostrophe(text, i + j, d);
                if !inner || j + d.len_utf8() > MAX_RUN || lost_break(text, i + j, d) {
                    break;
                }
                e = i + j + d.len_utf8();
            }
            *reach = e;
            match trim_word(text, s, e) {
                Some((ws, we)) if ws == s => return Some(Tok::Word(ws, we)),
                Some((ws, _)) => {
                    // Leading punctuation (a dash, an opening quote): report it first.
                    let c0 = text[s..ws].chars().next()?;
                    return Some(Tok::Punct(s, s + c0.len_utf8(), c0));
                }
                None => return Some(Tok::Punct(s, s + c.len_utf8(), c)),
            }
        }
        return Some(Tok::Punct(i, i + c.len_utf8(), c));
    }
    *reach = i;
    None
}

/// [`Doc::prev_tok`]; `*reach` is set to where the reading stopped.
fn prev_tok(text: &str, pos: usize, limit: usize, reach: &mut usize) -> Option<Tok> {
    let mut i = floor_boundary(text, pos);
    let limit = ceil_boundary(text, limit);
    while i > limit {
        *reach = i;
        let c = text[..i].chars().next_back()?;
        if is_white_space(c) {
            i -= c.len_utf8();
            continue;
        }
        if is_tok_char(c) {
            let e = i;
            let mut s = i;
            for (j, d) in text[limit..i].char_indices().rev() {
                let inner = is_tok_char(d) || lost_apostrophe(text, limit + j, d);
                if !inner || e - (limit + j) > MAX_RUN || lost_break(text, limit + j, d) {
                    break;
                }
                s = limit + j;
            }
            *reach = s;
            match trim_word(text, s, e) {
                Some((ws, we)) if we == e => return Some(Tok::Word(ws, we)),
                Some((_, we)) => {
                    // Trailing punctuation (a full stop, a closing quote): report it first.
                    let c1 = text[we..e].chars().next_back()?;
                    return Some(Tok::Punct(e - c1.len_utf8(), e, c1));
                }
                None => return Some(Tok::Punct(e - c.len_utf8(), e, c)),
            }
        }
        return Some(Tok::Punct(i - c.len_utf8(), i, c));
    }
    *reach = i;
    None
}

const ABBREVS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "gen", "sen", "rep", "gov", "lt", "col", "capt", "sgt", "prof",
    "jr", "sr", "inc", "corp", "co", "ltd", "no", "vs", "jan", "feb", "aug", "sept", "sep", "oct",
    "nov", "dec", "mt", "ft", "rev", "hon", "maj", "cmdr", "adm", "supt", "insp", "dept", "est",
];

/// Whether the `.`, `!` or `?` at byte `i` ends a sentence.
fn ends_sentence(text: &str, i: usize) -> bool {
    let b = text.as_bytes();
    let mut j = i + 1;
    // Closing quotes and brackets after the terminator.
    while j < b.len() {
        let c = match text[j..].chars().next() {
            Some(c) => c,
            None => break,
        };
        if matches!(c, '"' | '\'' | '’' | '”' | ')' | ']' | '»') {
            j += c.len_utf8();
        } else {
            break;
        }
    }
    // Whitespace, then an upper-case letter, a digit or an opening quote/bracket.
    let mut saw_space = false;
    let mut next = None;
    for c in text[j..].chars() {
        if is_white_space(c) {
            saw_space = true;
            continue;
        }
        next = Some(c);
        break;
    }
    let Some(next) = next else { return true };
    if !saw_space {
        // A lost space: "...the rules.READ", "...a right.?The government" (a closing quote that
        // became "?" in the source text).
        let q = text[j..].bytes().take_while(|&b| b == b'?').count();
        return b[i] == b'.' && lost_break_at(text, i, j + q);
    }
    if !(is_uppercase(next) || is_numeric(next) || matches!(next, '"' | '“' | '‘' | '(' | '\''))
    {
        return false;
    }
    if b[i] == b'.' {
        // The word before the full stop: an initial or a known abbreviation does not end a sentence.
        let mut s = i;
        for (k, c) in text[..i].char_indices().rev() {
            if is_alphanumeric(c) || c == '.' {
                s = k;
            } else {
                break;
            }
        }
        let word = &text[s..i];
        let last = word.rsplit('.').next().unwrap_or("");
        if last.chars().count() == 1 && last.chars().all(is_uppercase) {
            return false;
        }
        if ABBREVS.iter().any(|a| a.eq_ignore_ascii_case(last)) {
            return false;
        }
    }
    true
}

/// Whether `text[nl..]` starts a blank line sequence: the `\n` at `nl` is followed, after
/// spaces, by another line break.
fn blank_after(text: &str, nl: usize) -> bool {
    for c in text[nl + 1..].chars() {
        match c {
            '\n' => return true,
            ' ' | '\t' | '\r' | '\u{a0}' => continue,
            _ => return false,
        }
    }
    true
}

/// The sentence around byte `pos`: `[start, end)` trimmed of whitespace. Sentences end at `.!?`
/// followed by a capitalised word (abbreviations and initials excepted) and at blank lines;
/// single line breaks do not end sentences.
#[cfg(test)]
pub(crate) fn sentence_bounds(text: &str, pos: usize) -> (usize, usize) {
    sentence_bounds_from(text, pos, 0)
}

/// [`sentence_bounds`], knowing that the sentence starts at `floor` or later (the end of the
/// sentence before): the scan back stops there.
pub(crate) fn sentence_bounds_from(text: &str, pos: usize, floor: usize) -> (usize, usize) {
    let pos = floor_boundary(text, pos);
    let floor = floor.min(pos);
    let bytes = text.as_bytes();
    // The bytes that may end a sentence: `.!?`, a line break, the lead byte of U+2029.
    let breaks = |b: &u8| matches!(*b, b'.' | b'!' | b'?' | b'\n' | 0xE2);
    let mut start = floor;
    let mut hi = pos;
    while let Some(k) = bytes[floor..hi].iter().rposition(breaks) {
        let i = floor + k;
        hi = i;
        match bytes[i] {
            b'.' | b'!' | b'?' if ends_sentence(text, i) => {
                // After the closing quotes and brackets of the sentence before (and a "?" that
                // was a quote, as in "right.?The").
                start = i + 1;
                for d in text[start..pos].chars() {
                    if !matches!(d, '"' | '\'' | '’' | '”' | ')' | ']' | '»' | '?') {
                        break;
                    }
                    start += d.len_utf8();
                }
                break;
            }
            b'\n' if blank_after(text, i) => {
                start = i + 1;
                break;
            }
            0xE2 if text[i..].starts_with('\u{2029}') => {
                start = i + '\u{2029}'.len_utf8();
                break;
            }
            _ => {}
        }
    }
    let mut end = text.len();
    let mut lo = pos;
    while let Some(k) = bytes[lo..].iter().position(breaks) {
        let i = lo + k;
        lo = i + 1;
        match bytes[i] {
            b'.' | b'!' | b'?' if ends_sentence(text, i) => {
                // Include closing quotes and brackets.
                let mut e = i + 1;
                for d in text[e..].chars() {
                    if matches!(d, '"' | '\'' | '’' | '”' | ')' | ']' | '»') {
                        e += d.len_utf8();
                    } else {
                        break;
                    }
                }
                end = e;
                break;
            }
            b'\n' if blank_after(text, i) => {
                end = i;
                break;
            }
            0xE2 if text[i..].starts_with('\u{2029}') => {
                end = i;
                break;
            }
            _ => {}
        }
    }
    trim_span(text, start, end.max(start))
}

/// `[s, e)` without leading and trailing whitespace.
pub(crate) fn trim_span(text: &str, mut s: usize, mut e: usize) -> (usize, usize) {
    while s < e {
        match text[s..e].chars().next() {
            Some(c) if is_white_space(c) => s += c.len_utf8(),
            _ => break,
        }
    }
    while e > s {
        match text[s..e].chars().next_back() {
            Some(c) if is_white_space(c) => e -= c.len_utf8(),
            _ => break,
        }
    }
    (s, e)
}

/// Whether byte `pos` is inside a quotation opened earlier on the same line.
#[cfg(test)]
pub(crate) fn inside_quote(text: &str, pos: usize) -> bool {
    Quotes::default().inside(text, pos)
}

/// The quotation state of a line read so far, so that the positions of a text, asked in
/// increasing order, are read once in all (a position before the last one starts again).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Quotes {
    /// Bytes read up to here.
    pos: usize,
    /// Whether a quotation is open there.
    open: bool,
}

impl Quotes {
    /// Whether byte `pos` is inside a quotation opened earlier on its line.
    pub(crate) fn inside(&mut self, text: &str, pos: usize) -> bool {
        let bytes = text.as_bytes();
        let pos = pos.min(bytes.len());
        if pos < self.pos {
            *self = Quotes::default();
        }
        // From the last line break read, if there is one before `pos`.
        if let Some(nl) = memchr::memrchr(b'\n', &bytes[self.pos..pos]) {
            *self = Quotes { pos: self.pos + nl + 1, open: false };
        }
        self.open = quote_state(bytes, self.pos, pos, self.open);
        self.pos = pos;
        self.open
    }
}

/// The quotation state at `pos` of the bytes read from `from` with the state `open`.
fn quote_state(bytes: &[u8], from: usize, pos: usize, mut open: bool) -> bool {
    let mut i = from;
    while i < pos {
        // The next byte that may start a quotation mark: `"`, or the lead byte of “ ” « ».
        match memchr::memchr3(b'"', 0xE2, 0xC2, &bytes[i..pos]) {
            Some(k) => i += k,
            None => break,
        }
        match bytes[i] {
            b'"' => open = !open,
            0xE2 if i + 2 < bytes.len() && bytes[i + 1] == 0x80 => {
                match bytes[i + 2] {
                    // An opening mark while a quotation is open closes it: some texts close
                    // with “ ("unusual,“ said").
                    0x9C => open = !open,
                    0x9D => open = false,
                    _ => {}
                }
                i += 2;
            }
            0xC2 if i + 1 < bytes.len() => {
                match bytes[i + 1] {
                    0xAB => open = true,  // «
                    0xBB => open = false, // »
                    _ => {}
                }
                i += 1;
            }
            _ => {}
        }
        i += 1;
    }
    open
}

/// Whether a word starts with an upper-case letter.
pub(crate) fn is_capitalized(w: &str) -> bool {
    w.chars().next().is_some_and(is_uppercase)
}

/// Whether the word ends in a possessive clitic; returns the length of the word without it.
pub(crate) fn possessive_stem(w: &str) -> Option<usize> {
    for suf in ["'s", "’s", "'S", "’S", "?s"] {
        if let Some(stem) = w.strip_suffix(suf) {
            if !stem.is_empty() {
                return Some(stem.len());
            }
        }
    }
    if (w.ends_with("s'") || w.ends_with("s’")) && w.len() > 2 {
        let c = w.chars().next_back().map_or(0, char::len_utf8);
        return Some(w.len() - c);
    }
    None
}

/// The whitespace-separated words of `s` (White_Space of the crate's Unicode version).
pub(crate) fn words(s: &str) -> impl Iterator<Item = &str> {
    s.split(is_white_space).filter(|w| !w.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tokens of `text`, forwards, as strings (punctuation in brackets).
    fn tokens(text: &str) -> Vec<String> {
        let d = Doc::new(text);
        let mut out = Vec::new();
        let mut pos = 0;
        while let Some(t) = d.next_tok(pos, text.len()) {
            out.push(match t {
                Tok::Word(s, e) => text[s..e].to_owned(),
                Tok::Punct(_, _, c) => format!("[{c}]"),
            });
            pos = t.end();
        }
        out
    }

    #[test]
    fn tokens_table() {
        // (text, tokens)
        let rows: &[(&str, &[&str])] = &[
            (
                "(With PTI & Reuters inputs)",
                &["[(]", "With", "PTI", "&", "Reuters", "inputs", "[)]"],
            ),
            ("AT&T and Procter&Gamble", &["AT&T", "and", "Procter&Gamble"]),
            ("the U.S. said.", &["the", "U.S.", "said", "[.]"]),
            ("the pilots' union", &["the", "pilots'", "union"]),
            (
                "\u{201c}Yes,\u{201d} he said",
                &["[\u{201c}]", "Yes", "[,]", "[\u{201d}]", "he", "said"],
            ),
            ("so-called -dash", &["so-called", "[-]", "dash"]),
            ("R & D, R&D", &["R", "&", "D", "[,]", "R&D"]),
            // A full stop whose space was lost ends the word; "Ph.D." and "U.S." are words.
            ("the rules.READ more", &["the", "rules", "[.]", "READ", "more"]),
            // A "?" for a lost apostrophe is part of the word.
            ("the EC?s order? Yes", &["the", "EC?s", "order", "[?]", "Yes"]),
            ("a Ph.D. student", &["a", "Ph.D.", "student"]),
            ("according to Mr. Hedge.", &["according", "to", "Mr.", "Hedge", "[.]"]), // a title
            ("the mr. rest", &["the", "mr", "[.]", "rest"]),
            ("the U.S.The", &["the", "U.S.The"]),
        ];
        for &(text, want) in rows {
            assert_eq!(tokens(text), want, "{text:?}");
        }
    }

    #[test]
    fn sentence_bounds_table() {
        // (text, a word in it, its sentence)
        let rows = [
            ("Prices rose. Officials said so.", "said", "Officials said so."),
            ("Mr. Smith said so. Then he left.", "said", "Mr. Smith said so."), // an abbreviation
            ("J. K. Rowling said so.", "said", "J. K. Rowling said so."),       // initials
            ("Prices rose. officials said so.", "said", "Prices rose. officials said so."),
            ("\u{201c}Fine.\u{201d} He left.", "left", "He left."), // closing quotes
            ("Prices rose.\n\nofficials said so", "said", "officials said so"), // a blank line
            ("Prices rose\nofficials said so", "said", "Prices rose\nofficials said so"),
            // Lost spaces: a lower-case letter, a full stop, a capitalised word.
            ("the officer said.Because it was small", "small", "Because it was small"),
            ("a right.?The government said so", "said", "The government said so"), // "?": a quote
            ("as per norms.The state said so", "said", "The state said so"),
            ("a Ph.D. Student said so", "said", "a Ph.D. Student said so"),
            ("the U.S.The state said so", "said", "the U.S.The state said so"),
        ];
        for (text, word, want) in rows {
            let pos = text.find(word).unwrap();
            let (s, e) = sentence_bounds(text, pos);
            assert_eq!(&text[s..e], want, "{text:?}");
            // Knowing where the sentence before ended changes nothing.
            let before = trim_span(text, 0, s).1;
            assert_eq!(sentence_bounds_from(text, pos, before), (s, e), "{text:?} from {before}");
        }
    }

    #[test]
    fn quotes_read_in_order_equal_quotes_read_afresh() {
        let text = "He said “no” and “maybe.\nShe said \"yes\" and «non» then \"ok";
        let mut q = Quotes::default();
        for (pos, _) in text.char_indices() {
            let fresh = quote_state(
                text.as_bytes(),
                text[..pos].rfind('\n').map_or(0, |i| i + 1),
                pos,
                false,
            );
            assert_eq!(q.inside(text, pos), fresh, "at {pos}");
        }
        // Inside: after an opening quote on the same line, not after a line break.
        let at = |w: &str| text.find(w).unwrap();
        assert!(inside_quote(text, at("no")));
        assert!(!inside_quote(text, at("and")));
        assert!(inside_quote(text, at("maybe")));
        assert!(!inside_quote(text, at("She")));
        assert!(inside_quote(text, at("non")) && inside_quote(text, at("ok")));
        // A position before the last one starts again.
        assert!(q.inside(text, at("no")));
    }

    #[test]
    fn long_runs_are_read_in_pieces() {
        // (text, position, forwards?, token): a run of token characters longer than MAX_RUN
        // bytes is cut; each call reads at most MAX_RUN bytes of it.
        let url = format!("{}.com", "a".repeat(40)); // 44 bytes
        let joined = "said.".repeat(10); // 50 bytes
        let rows: &[(&str, usize, bool, Tok)] = &[
            (&url, 0, true, Tok::Word(0, 32)),
            (&url, url.len(), false, Tok::Word(url.len() - 32, url.len())),
            ("Thiruvananthapuram-based", 0, true, Tok::Word(0, 24)), // 24 bytes: whole
            // The piece "said.said.said.said.said.said.sa" ends inside a word.
            (&joined, 0, true, Tok::Word(0, 32)),
            // Backwards from the end the piece ends in ".": the full stop comes first.
            (&joined, joined.len(), false, Tok::Punct(49, 50, '.')),
        ];
        for &(text, pos, forwards, want) in rows {
            let d = Doc::new(text);
            let got = if forwards { d.next_tok(pos, text.len()) } else { d.prev_tok(pos, 0) };
            assert_eq!(got, Some(want), "{text:?} at {pos}");
            assert!(d.steps() <= 1 + MAX_RUN as u64, "{text:?}: {} steps", d.steps());
        }
    }

    #[test]
    fn doc_counts_tokens_and_bytes_read() {
        let d = Doc::new("ab  cd-ef, g");
        // (call, token, steps after it: one per call plus the bytes read)
        assert_eq!(d.next_tok(0, 12), Some(Tok::Word(0, 2)));
        assert_eq!(d.steps(), 1 + 2);
        // Two spaces, then the whole run "cd-ef".
        assert_eq!(d.next_tok(2, 12), Some(Tok::Word(4, 9)));
        assert_eq!(d.steps(), 3 + 1 + 7);
        assert_eq!(d.next_tok(9, 12), Some(Tok::Punct(9, 10, ',')));
        assert_eq!(d.steps(), 11 + 1);
        // Backwards from the end: "g", then past the space to ",".
        assert_eq!(d.prev_tok(12, 0), Some(Tok::Word(11, 12)));
        assert_eq!(d.steps(), 12 + 1 + 1);
        assert_eq!(d.prev_tok(11, 0), Some(Tok::Punct(9, 10, ',')));
        assert_eq!(d.steps(), 14 + 1 + 1);
        // Nothing before the limit: the bytes up to it are still read.
        assert_eq!(d.next_tok(10, 11), None);
        assert_eq!(d.steps(), 16 + 1 + 1);
        assert_eq!(d.prev_tok(4, 2), None);
        assert_eq!(d.steps(), 18 + 1 + 2);
        // `Doc` is the text.
        assert_eq!(&d[4..9], "cd-ef");
    }
}
