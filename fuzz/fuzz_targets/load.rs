//! Loading a saved matcher or attributor from arbitrary bytes: whole files (header and checksum
//! checked) and bare payloads (past the checksum, so that the structure checks are reached). A
//! load either fails with an error or gives an object that searches any text without panicking,
//! finding spans on character boundaries inside the text, and saves back to the same bytes.

#![no_main]

use arbitrary::{Result, Unstructured};
use asper::{Attributor, Matcher};
use libfuzzer_sys::fuzz_target;

const TEXTS: &[&str] = &[
    "According to Reuters, the NEW YORK TIMES said (AP) \u{2014} \u{2018}quoted\u{2019} \u{130}stanbul",
    "as per  the Interfax\nnews agency; Kelvin \u{212a}elvin k a b ab ba aa",
    "",
    "\u{0}\u{fffd}\u{1f469}\u{200d}\u{1f469} \u{5d0}\u{5d1} x_y 1.5",
];

fn check_matcher(m: &Matcher) {
    for text in TEXTS {
        for x in m.find_all(text) {
            assert!(x.start <= x.end && x.end <= text.len(), "{x:?} in {text:?}");
            assert!(text.is_char_boundary(x.start) && text.is_char_boundary(x.end));
        }
        let _ = m.count(text);
    }
    let again = Matcher::from_bytes(&m.to_bytes()).expect("a loaded matcher saves and loads");
    for text in TEXTS {
        assert_eq!(again.find_all(text), m.find_all(text));
    }
}

fn run(u: &mut Unstructured<'_>) -> Result<()> {
    let mode = u.arbitrary::<u8>()?;
    let data = u.bytes(u.len())?;
    match mode % 4 {
        0 => {
            if let Ok(m) = Matcher::from_payload(data) {
                check_matcher(&m);
            }
        }
        1 => {
            if let Ok(m) = Matcher::from_bytes(data) {
                check_matcher(&m);
            }
        }
        2 => {
            if let Ok(a) = Attributor::from_payload(data) {
                for text in TEXTS {
                    for r in a.extract(text) {
                        assert!(r.cue_end <= text.len() && r.source_end <= text.len());
                    }
                }
            }
        }
        _ => {
            let _ = Attributor::from_bytes(data);
        }
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(&mut Unstructured::new(data));
});
