//! Offsets and normalization: on any text, with patterns cut from the text itself (so that
//! matches are found), under every option, each match is a non-empty span on character
//! boundaries inside the text whose folded original text is exactly the folded pattern (the
//! normalized match maps back exactly), and the code-point offsets equal the character counts
//! of the prefixes.

#![no_main]

mod common;
#[allow(dead_code, unused_imports)]
#[path = "../../tests/rust/reference.rs"]
mod reference;

use arbitrary::{Result, Unstructured};
use asper::offsets::to_char_offsets;
use asper::{MatchKind, Search};
use libfuzzer_sys::fuzz_target;
use reference::Options;

fn run(u: &mut Unstructured<'_>) -> Result<()> {
    let flags = u.arbitrary::<u8>()?;
    let kind = [MatchKind::Longest, MatchKind::First, MatchKind::All][u.choose_index(3)?];
    let o = Options {
        ignore_case: flags & 1 != 0,
        whole_words: flags & 2 != 0,
        normalize: flags & 4 != 0,
        kind,
    };
    let search = [Search::Auto, Search::Automaton, Search::FoldedCopy, Search::WordStarts]
        [u.choose_index(4)?];
    let text = common::string(u, 400, flags & 8 != 0)?;
    let chars: Vec<usize> =
        text.char_indices().map(|(i, _)| i).chain(std::iter::once(text.len())).collect();
    let n = u.int_in_range(1..=5)?;
    let mut patterns = Vec::new();
    for _ in 0..n {
        let a = u.choose_index(chars.len())?;
        let len = u.int_in_range(1..=12)?;
        let b = (a + len).min(chars.len() - 1);
        patterns.push(text[chars[a]..chars[b]].to_owned());
    }
    let mut b = o.builder();
    b.search(search);
    let Ok(m) = b.build(&patterns) else { return Ok(()) };
    let mut found = m.find_all(&text);
    for x in &found {
        assert!(x.start < x.end && x.end <= text.len(), "{x:?} in {text:?}");
        assert!(text.is_char_boundary(x.start) && text.is_char_boundary(x.end), "{x:?} {text:?}");
        let original = &text[x.start..x.end];
        let folded: Vec<char> = reference::fold_text(original, o).iter().map(|i| i.c).collect();
        assert_eq!(
            folded,
            reference::fold_pattern(&patterns[x.pattern], o),
            "match {x:?} = {original:?} of {:?} in {text:?} {o:?}",
            patterns[x.pattern]
        );
    }
    let bytes = found.clone();
    to_char_offsets(&text, &mut found);
    for (c, b) in found.iter().zip(&bytes) {
        assert_eq!(c.start, text[..b.start].chars().count());
        assert_eq!(c.end, text[..b.end].chars().count());
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(&mut Unstructured::new(data));
});
