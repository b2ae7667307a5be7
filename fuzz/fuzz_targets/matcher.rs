//! Matcher construction and search under every option and engine, against the naive reference
//! matcher of `tests/rust/reference.rs` (DESIGN.md implemented literally): the same error for a
//! rejected pattern set, the same matches otherwise; `count`, a save/load round trip and
//! `find_batch` agree.

#![no_main]

mod common;
#[allow(dead_code, unused_imports)]
#[path = "../../tests/rust/reference.rs"]
mod reference;

use arbitrary::{Result, Unstructured};
use asper::{MatchKind, Matcher, Search};
use libfuzzer_sys::fuzz_target;
use reference::{Options, RefError};

fn run(u: &mut Unstructured<'_>) -> Result<()> {
    let flags = u.arbitrary::<u8>()?;
    let kind = [MatchKind::Longest, MatchKind::First, MatchKind::All][u.choose_index(3)?];
    let o = Options {
        ignore_case: flags & 1 != 0,
        whole_words: flags & 2 != 0,
        normalize: flags & 4 != 0,
        kind,
    };
    let raw = flags & 8 != 0;
    let search = [Search::Auto, Search::Automaton, Search::FoldedCopy, Search::WordStarts]
        [u.choose_index(4)?];
    let dfa = [None, Some(false), Some(true)][u.choose_index(3)?];
    let n = u.int_in_range(0..=6)?;
    let mut patterns = Vec::new();
    for _ in 0..n {
        patterns.push(common::string(u, 8, raw)?);
    }
    let text = common::string(u, 300, raw)?;

    let mut b = o.builder();
    b.search(search).dfa(dfa);
    let want = reference::find(&patterns, &text, o);
    let m = match b.build(&patterns) {
        Ok(m) => m,
        Err(e) => {
            assert_eq!(Err(RefError::from_crate(&e).expect("a known error")), want.map(|_| ()));
            return Ok(());
        }
    };
    let want = want.expect("the reference rejects what the crate accepts");
    let got: Vec<_> = m.find_all(&text).iter().map(|x| (x.start, x.end, x.pattern)).collect();
    assert_eq!(got, want, "patterns {patterns:?} text {text:?} {o:?} {search:?}");
    assert_eq!(m.count(&text), want.len());
    let loaded = Matcher::from_bytes(&m.to_bytes()).expect("a saved matcher loads");
    assert_eq!(loaded.find_all(&text), m.find_all(&text));
    let batch = m.find_batch(&[text.as_str(), "", text.as_str()], None).expect("no error");
    assert_eq!(batch[0], batch[2]);
    assert_eq!(batch[0], m.find_all(&text));
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(&mut Unstructured::new(data));
});
