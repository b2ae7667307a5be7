//! Chained records: the record through which another one is relayed, its `via`.
//!
//! * `X, citing Y, reported` / `X reported ..., citing Y` / `X said, quoting Y`: the record of Y
//!   (cue `citing`, `quoting`) is relayed by the verb record of the same sentence nearest to its
//!   cue (X's);
//! * `X quoted Y as saying`: the record of Y (cue `as saying`) by the `quoted` record before it;
//! * `"As per the data, ...," the minister said`: a prepositional record inside a quotation by
//!   the verb record of the same sentence outside the quotation, nearest to it.

use super::after::cue_is;
use crate::attribution::Attribution;
use crate::attribution::lexicon::AttributionKind;
use crate::attribution::text::Quotes;

/// How many records before and after a chained record are looked at for its relay.
const REACH: usize = 16;

/// Whether a record's cue is a verb's (kinds said and reported), not a chain cue itself.
fn relays(text: &str, r: &Attribution) -> bool {
    matches!(r.kind, AttributionKind::Said | AttributionKind::Reported)
        && !cue_is(&text[r.cue_start..r.cue_end], "as saying")
}

/// Sets the `via` of the chained records of `out` (sorted by cue position) to the index of the
/// record that relays them.
pub(super) fn link(text: &str, out: &mut [Attribution]) {
    let mut quotes = Quotes::default();
    let mut inside = vec![false; out.len()];
    for (i, r) in out.iter().enumerate() {
        inside[i] = quotes.inside(text, r.cue_start);
    }
    for i in 0..out.len() {
        let r = &out[i];
        let cue = &text[r.cue_start..r.cue_end];
        let same_sentence = |j: usize| {
            j != i && out[j].cue_start >= r.sentence_start && out[j].cue_end <= r.sentence_end
        };
        // The records are sorted by cue: the nearest that fits, looking outwards from this one,
        // at most `REACH` records each way (a bounded search, whatever the number of records).
        let nearest = |ok: &dyn Fn(usize) -> bool| {
            let fits = |j: usize| same_sentence(j) && ok(j);
            let before = (i.saturating_sub(REACH)..i).rev().find(|&j| fits(j));
            let after = (i + 1..out.len().min(i + 1 + REACH)).find(|&j| fits(j));
            match (before, after) {
                (Some(b), Some(a)) => {
                    Some(if r.cue_start - out[b].cue_start <= out[a].cue_start - r.cue_start {
                        b
                    } else {
                        a
                    })
                }
                (b, a) => b.or(a),
            }
        };
        let via = if r.kind == AttributionKind::AccordingTo
            && (cue_is(cue, "citing") || cue_is(cue, "quoting"))
        {
            nearest(&|j| {
                relays(text, &out[j])
                    && !(out[j].source_start < r.source_end && r.source_start < out[j].source_end)
            })
        } else if r.kind == AttributionKind::Said && cue_is(cue, "as saying") {
            nearest(&|j| {
                out[j].cue_start < r.cue_start
                    && cue_is(&text[out[j].cue_start..out[j].cue_end], "quoted")
            })
        } else if r.kind == AttributionKind::AccordingTo && inside[i] {
            nearest(&|j| relays(text, &out[j]) && !inside[j])
        } else {
            None
        };
        out[i].via = via;
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::engine;

    #[test]
    fn link_table() {
        // (text, (cue, source, cue of the record it is relayed by))
        type Row = (&'static str, &'static [(&'static str, &'static str, Option<&'static str>)]);
        let rows: &[Row] = &[
            (
                "The Interfax news agency, citing a source in the emergency services, reported that the fire was out.",
                &[
                    ("citing", "a source in the emergency services", Some("reported")),
                    ("reported", "The Interfax news agency", None),
                ],
            ),
            (
                "Drones were shot down, the TASS news agency reported, citing the Defence Ministry.",
                &[
                    ("reported", "the TASS news agency", None),
                    ("citing", "the Defence Ministry", Some("reported")),
                ],
            ),
            (
                "The Wall Street Journal quoted a person close to the board as saying the search could take months.",
                &[
                    ("quoted", "The Wall Street Journal", None),
                    ("as saying", "a person close to the board", Some("quoted")),
                ],
            ),
            (
                "“As per the data, prices fell,” the minister said.",
                &[("As per", "the data", Some("said")), ("said", "the minister", None)],
            ),
            // No verb in the sentence: nothing relays.
            (
                "Prices fell. Officials said so, citing the data.",
                &[("said", "Officials", None), ("citing", "the data", Some("said"))],
            ),
            (
                "Prices fell, according to Reuters. Officials said so.",
                &[("according to", "Reuters", None), ("said", "Officials", None)],
            ),
        ];
        for &(text, want) in rows {
            let all = engine().extract(text);
            let got: Vec<(&str, &str, Option<&str>)> = all
                .iter()
                .map(|r| {
                    let via = r.via.map(|j| &text[all[j].cue_start..all[j].cue_end]);
                    (&text[r.cue_start..r.cue_end], &text[r.source_start..r.source_end], via)
                })
                .collect();
            assert_eq!(got, want, "{text:?}");
        }
    }
}
