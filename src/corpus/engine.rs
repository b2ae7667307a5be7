//! What the pipeline runs over each document: a matcher or an attributor.

use crate::matcher::{Match, Matcher};
use crate::offsets::Spans;

/// The type of an output column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColType {
    /// A string, never null.
    Str,
    /// A string or null.
    OptStr,
    /// A non-negative integer.
    Int,
    /// A non-negative integer or null.
    OptInt,
}

/// Receives the cells of one output row, in column order.
pub trait RowSink {
    /// A string cell.
    fn str(&mut self, s: &str);
    /// A nullable string cell.
    fn opt_str(&mut self, s: Option<&str>);
    /// An integer cell.
    fn int(&mut self, v: u64);
    /// A nullable integer cell.
    fn opt_int(&mut self, v: Option<u64>);
    /// Ends the row.
    fn end_row(&mut self);
}

/// Something that turns a document into rows.
pub trait Engine: Sync {
    /// One result (one output row), with byte offsets into its text.
    type Item: Send + Sync + Spans;
    /// The engine's columns, written after `doc_id` and `file`.
    fn columns(&self) -> &'static [(&'static str, ColType)];
    /// The results for one text, with byte offsets.
    fn items(&self, text: &str) -> Vec<Self::Item>;
    /// Writes the engine's cells of `item`'s row; `off` converts a byte offset to the output unit.
    fn write<R: RowSink>(
        &self,
        text: &str,
        item: &Self::Item,
        off: &dyn Fn(usize) -> u64,
        row: &mut R,
    );
    /// The key `item` counts under in `count` mode: (pattern id or label index, its name), if
    /// the engine supports counting.
    fn count_key(&self, _item: &Self::Item) -> Option<usize> {
        None
    }
}

impl Engine for Matcher {
    type Item = Match;

    fn columns(&self) -> &'static [(&'static str, ColType)] {
        &[
            ("start", ColType::Int),
            ("end", ColType::Int),
            ("pattern_id", ColType::Int),
            ("pattern", ColType::Str),
            ("label", ColType::OptStr),
        ]
    }

    fn items(&self, text: &str) -> Vec<Match> {
        self.find_all(text)
    }

    fn write<R: RowSink>(&self, _text: &str, m: &Match, off: &dyn Fn(usize) -> u64, row: &mut R) {
        row.int(off(m.start));
        row.int(off(m.end));
        row.int(m.pattern as u64);
        row.str(self.pattern(m.pattern).unwrap_or_default());
        row.opt_str(self.label(m.pattern));
    }

    fn count_key(&self, item: &Match) -> Option<usize> {
        Some(item.pattern)
    }
}

impl Engine for crate::attribution::Attributor {
    type Item = crate::attribution::Attribution;

    fn columns(&self) -> &'static [(&'static str, ColType)] {
        &[
            ("kind", ColType::Str),
            ("cue", ColType::Str),
            ("cue_start", ColType::Int),
            ("cue_end", ColType::Int),
            ("source", ColType::Str),
            ("source_start", ColType::Int),
            ("source_end", ColType::Int),
            ("canonical", ColType::OptStr),
            ("sentence_start", ColType::Int),
            ("sentence_end", ColType::Int),
            ("via", ColType::OptInt),
        ]
    }

    fn items(&self, text: &str) -> Vec<Self::Item> {
        self.extract(text)
    }

    fn write<R: RowSink>(
        &self,
        text: &str,
        a: &Self::Item,
        off: &dyn Fn(usize) -> u64,
        row: &mut R,
    ) {
        row.str(a.kind.as_str());
        row.str(text.get(a.cue_start..a.cue_end).unwrap_or_default());
        row.int(off(a.cue_start));
        row.int(off(a.cue_end));
        row.str(text.get(a.source_start..a.source_end).unwrap_or_default());
        row.int(off(a.source_start));
        row.int(off(a.source_end));
        row.opt_str(a.canonical.as_deref());
        row.int(off(a.sentence_start));
        row.int(off(a.sentence_end));
        row.opt_int(a.via.map(|i| i as u64));
    }

    fn count_key(&self, a: &Self::Item) -> Option<usize> {
        Some(a.kind as usize)
    }
}
