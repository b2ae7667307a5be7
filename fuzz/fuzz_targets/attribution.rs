//! The attribution extractor on any text and on news-like fragments: no panic, every span
//! non-empty, on character boundaries and inside the text, the cue and the source inside the
//! record's sentence and apart from each other, records sorted, and `extract_batch` equal to
//! `extract`.

#![no_main]

use std::sync::OnceLock;

use arbitrary::{Result, Unstructured};
use asper::Attributor;
use libfuzzer_sys::fuzz_target;

const FRAGMENTS: &[&str] = &[
    "said",
    "says",
    "told",
    "according to",
    "(With",
    "inputs)",
    "inputs from agencies)",
    "Reuters",
    "(Reuters)",
    "AP",
    "PTI",
    " - ",
    "\u{2014}",
    "\u{201c}",
    "\u{201d}",
    "\"",
    ",",
    ".",
    "?",
    "\n",
    "\n\n",
    "\u{a0}",
    "\u{2019}s",
    "'s",
    "report",
    "that",
    "as per",
    "per",
    "citing",
    "quoting",
    "quoted",
    "as saying",
    "Reporting by",
    "Additional reporting by",
    "; ",
    "MOSCOW",
    "New Delhi",
    "Oct 14",
    "contributed reporting",
    "in the words of",
    "In",
    "he",
    "she",
    "They",
    "and",
    "the",
    "a",
    "officials",
    "spokesman",
    "Mr.",
    "U.S.",
    "\u{e9}",
    "\u{301}",
    "\u{1f389}",
    "\u{200d}",
    "\u{5d0}\u{5d1}",
    "\u{627}\u{644}",
    " ",
    "  ",
    "John Smith",
    "Interfax news agency",
    "was",
    "reported",
    "by",
    "of",
    "statement by",
    "warning",
    "All told",
    "Said",
    "(",
    ")",
    ":",
    "\u{0}",
    "\r\n",
    "İ",
    "ı",
    "\u{fffd}",
];

fn attributor() -> &'static Attributor {
    static A: OnceLock<Attributor> = OnceLock::new();
    A.get_or_init(|| Attributor::new().expect("the built-in attributor"))
}

fn text(u: &mut Unstructured<'_>) -> Result<String> {
    if u.arbitrary::<bool>()? {
        return Ok(String::from_utf8_lossy(u.bytes(u.len().min(2000))?).into_owned());
    }
    let n = u.int_in_range(0..=80)?;
    let spaced = u.arbitrary::<bool>()?;
    let mut s = String::new();
    for _ in 0..n {
        if spaced && !s.is_empty() {
            s.push(' ');
        }
        s.push_str(FRAGMENTS[u.choose_index(FRAGMENTS.len())?]);
    }
    Ok(s)
}

fn run(u: &mut Unstructured<'_>) -> Result<()> {
    let text = text(u)?;
    let a = attributor();
    let rs = a.extract(&text);
    for r in &rs {
        for (s, e) in [
            (r.cue_start, r.cue_end),
            (r.source_start, r.source_end),
            (r.sentence_start, r.sentence_end),
        ] {
            assert!(s < e && e <= text.len(), "{r:?} in {text:?}");
            assert!(text.is_char_boundary(s) && text.is_char_boundary(e), "{r:?} in {text:?}");
        }
        assert!(r.sentence_start <= r.cue_start && r.cue_end <= r.sentence_end, "{r:?} {text:?}");
        assert!(
            r.sentence_start <= r.source_start && r.source_end <= r.sentence_end,
            "source outside its sentence: {r:?} in {text:?}"
        );
        assert!(
            r.cue_end <= r.source_start || r.source_end <= r.cue_start,
            "cue and source overlap: {r:?} in {text:?}"
        );
    }
    assert!(
        rs.windows(2)
            .all(|w| (w[0].cue_start, w[0].source_start) <= (w[1].cue_start, w[1].source_start)),
        "not sorted: {rs:?} in {text:?}"
    );
    let batch = a.extract_batch(&[text.as_str()], None).expect("no error");
    assert_eq!(batch[0], rs);
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(&mut Unstructured::new(data));
});
