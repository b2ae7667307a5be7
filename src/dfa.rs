//! The automaton of `whole_words = false`: an Aho-Corasick DFA over the distinct folded
//! patterns, laid out for the cache.
//!
//! A search over news text spends its time in the dependent load of each byte's transition, so
//! what decides its speed is how many distinct cache lines and pages the text walks through.
//! Text mostly walks the shallow states (a word's first bytes), so the states are numbered
//! breadth-first: the hot ones sit together in a few hundred kilobytes instead of spread over
//! the whole table. Match states come first (one comparison tells a match), byte classes are
//! numbered in order of how often English text has the byte (a state's common transitions share
//! its first cache lines), and a row is exactly as long as there are classes (no power-of-two
//! padding). Under `ignore_case` an ASCII capital has the class of its small letter, so the text
//! is read as it is, without lowercasing.
//!
//! The automaton has standard semantics (every pattern ending at each position, through output
//! links); the leftmost-longest match comes from the depth of each state: once the longest
//! pattern prefix the automaton is in starts after the best start found, no later match can
//! start at or before it.

/// No next output.
const NO_OUTPUT: u32 = u32::MAX;

/// Bytes in order of their frequency in English news text (most frequent first): their classes
/// are numbered in this order, so a state's common transitions share its row's first lines.
const FREQUENT: &[u8] = b" etaoinsrhldcumfpgwybvkxjqz,.'-\"0123456789ETAOINSRHLDCUMFPGWYBVKXJQZ()";

/// One output of a match state: a pattern ending there, its length, and the match state whose
/// outputs follow (its longest proper suffix that is a pattern), or [`NO_OUTPUT`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Output {
    pattern: u32,
    len: u32,
    next: u32,
}

/// Dense rows have at most this many classes under `ignore_case` (and [`DENSE_CS`] without
/// it); the rest of a state's classes, those of bytes rare in text, are in a second table that
/// an escape entry of the dense row sends the search to.
const DENSE_CI: usize = 32;
const DENSE_CS: usize = 64;

/// The escape entry of a dense row: look in the rare table (no state has id 0: row 0 is
/// reserved).
const ESCAPE: u32 = 0;

/// The DFA.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Dfa {
    /// The class of each byte in a dense row: its own, or the escape slot for a rare one.
    dense_class: [u8; 256],
    /// The class of each rare byte in a rare row.
    rare_class: [u8; 256],
    /// Entries of a dense row and of a rare row (0: there are no rare classes).
    dense_stride: u32,
    rare_stride: u32,
    /// Dense rows: a state's id is the start of its row (row 0 is reserved for [`ESCAPE`]).
    dense: Vec<u32>,
    /// Rare rows, by state index (id / dense stride).
    rare: Vec<u32>,
    /// Ids below this are match states (or the escape).
    matches: u32,
    /// The start state's id.
    start: u32,
    /// `id / dense_stride` as `(id >> shift) * inverse` (ids are multiples of it).
    shift: u32,
    inverse: u32,
    /// Per match state (by index), its longest output; the others follow through `next`.
    outputs: Vec<Output>,
    /// Per state (by index), its depth: the length of the pattern prefix it stands for.
    depth: Vec<u32>,
}

/// The state of a leftmost-longest search: the automaton's state and the best match seen so
/// far (its start and pattern, in the offsets of the bytes fed).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Leftmost {
    sid: u32,
    best: Option<(usize, u32)>,
}

impl Leftmost {
    /// The match found: its start and distinct pattern.
    pub(crate) fn found(&self) -> Option<(usize, usize)> {
        self.best.map(|(s, p)| (s, p as usize))
    }
}

impl Dfa {
    /// The DFA of `patterns` (sorted, distinct, not empty), pattern `i` reported as `i`. Under
    /// `ascii_case_insensitive` an ASCII capital in the text matches its small letter (the
    /// patterns then have no capitals). None when the tables would take more than `max_bytes`.
    pub(crate) fn new(
        patterns: &[&[u8]],
        ascii_case_insensitive: bool,
        max_bytes: usize,
    ) -> Option<Dfa> {
        let classes = byte_classes(patterns, ascii_case_insensitive)?;
        let n_classes = classes.iter().map(|&c| c as usize).max().unwrap_or(0) + 1;
        let limit = if ascii_case_insensitive { DENSE_CI } else { DENSE_CS };
        // Without rare classes a dense row has them all; with them, its last slot escapes.
        let (ds, rs) =
            if n_classes <= limit { (n_classes, 0) } else { (limit, n_classes - limit + 1) };
        let esc = if rs > 0 { ds - 1 } else { usize::MAX };
        let mut dense_class = [0u8; 256];
        let mut rare_class = [0u8; 256];
        for b in 0..256 {
            let c = classes[b] as usize;
            if c >= esc {
                dense_class[b] = esc as u8;
                rare_class[b] = (c - esc) as u8;
            } else {
                dense_class[b] = c as u8;
            }
        }
        let trie = BfsTrie::new(patterns, &classes);
        let n = trie.terminal.len();
        let rows = n + 1;
        if rows.checked_mul(ds + rs)?.checked_mul(4)? > max_bytes || rows * ds >= u32::MAX as usize
        {
            return None;
        }
        // Failure links and whether a state has an output, in breadth-first order (a state's
        // failure is shallower, so it is done first).
        let mut fail = vec![0u32; n];
        let mut has_output = vec![false; n];
        for s in 0..n {
            has_output[s] =
                trie.terminal[s] != NO_OUTPUT || (s != 0 && has_output[fail[s] as usize]);
            for t in trie.children(s) {
                let c = trie.class[t];
                fail[t] = if s == 0 {
                    0
                } else {
                    let mut f = fail[s] as usize;
                    loop {
                        if let Some(g) = trie.child(f, c) {
                            break g as u32;
                        }
                        if f == 0 {
                            break 0;
                        }
                        f = fail[f] as usize;
                    }
                };
            }
        }
        // Indices: row 0 reserved, then the match states, then the others, each group in
        // breadth-first order.
        let mut index = vec![0usize; n];
        let mut next_index = 1;
        for want in [true, false] {
            for s in 0..n {
                if has_output[s] == want {
                    index[s] = next_index;
                    next_index += 1;
                }
            }
        }
        let matches = has_output.iter().filter(|&&m| m).count();
        let id = |s: usize| (index[s] * ds) as u32;
        // Rows in breadth-first order: a state's row is its failure's row with its own children
        // put in (the root's: the root but for its children).
        let mut dense = vec![0u32; rows * ds];
        let mut rare = vec![0u32; rows * rs];
        let mut depth = vec![0u32; rows];
        let mut outputs = vec![Output { pattern: 0, len: 0, next: NO_OUTPUT }; matches + 1];
        for s in 0..n {
            let i = index[s];
            if s == 0 {
                dense[i * ds..(i + 1) * ds].fill(id(0));
                rare[i * rs..(i + 1) * rs].fill(id(0));
                if rs > 0 {
                    dense[i * ds + esc] = ESCAPE;
                }
            } else {
                let f = index[fail[s] as usize];
                dense.copy_within(f * ds..(f + 1) * ds, i * ds);
                rare.copy_within(f * rs..(f + 1) * rs, i * rs);
            }
            for t in trie.children(s) {
                let c = trie.class[t] as usize;
                if c >= esc {
                    rare[i * rs + c - esc] = id(t);
                } else {
                    dense[i * ds + c] = id(t);
                }
                depth[index[t]] = depth[i] + 1;
            }
            if has_output[s] {
                let f = fail[s] as usize;
                let next = if s != 0 && has_output[f] { index[f] as u32 } else { NO_OUTPUT };
                outputs[i] = match trie.terminal[s] {
                    NO_OUTPUT => outputs[index[f]],
                    p => Output { pattern: p, len: patterns[p as usize].len() as u32, next },
                };
            }
        }
        let shift = ds.trailing_zeros();
        let odd = (ds >> shift) as u32;
        // The inverse of an odd number modulo 2^32, by Newton's iteration (each step doubles
        // the correct low bits, from 3).
        let mut inverse = odd;
        for _ in 0..5 {
            inverse = inverse.wrapping_mul(2u32.wrapping_sub(odd.wrapping_mul(inverse)));
        }
        Some(Dfa {
            dense_class,
            rare_class,
            dense_stride: ds as u32,
            rare_stride: rs as u32,
            dense,
            rare,
            matches: ((matches + 1) * ds) as u32,
            start: id(0),
            shift,
            inverse,
            outputs,
            depth,
        })
    }

    /// Bytes of memory the DFA holds.
    pub(crate) fn heap_bytes(&self) -> usize {
        4 * (self.dense.len() + self.rare.len() + self.depth.len()) + 12 * self.outputs.len()
    }

    /// The index of state `sid`.
    #[inline(always)]
    fn index(&self, sid: u32) -> usize {
        (sid >> self.shift).wrapping_mul(self.inverse) as usize
    }

    /// The state after `sid` reads `b`.
    #[inline(always)]
    pub(crate) fn next(&self, sid: u32, b: u8) -> u32 {
        let next = self.dense[(sid + self.dense_class[b as usize] as u32) as usize];
        if next != ESCAPE { next } else { self.next_rare(sid, b) }
    }

    #[inline(never)]
    fn next_rare(&self, sid: u32, b: u8) -> u32 {
        self.rare
            [self.index(sid) * self.rare_stride as usize + self.rare_class[b as usize] as usize]
    }

    /// Whether `sid` (a state [`Dfa::next`] returned) is a match state.
    #[inline(always)]
    pub(crate) fn is_match(&self, sid: u32) -> bool {
        sid < self.matches
    }

    /// The depth of state `sid`: the length of the pattern prefix it stands for.
    #[inline]
    pub(crate) fn depth_of(&self, sid: u32) -> usize {
        self.depth[self.index(sid)] as usize
    }

    /// Calls `f(pattern, len)` for each pattern ending in match state `sid`, longest first.
    #[inline]
    pub(crate) fn outputs_of(&self, sid: u32, mut f: impl FnMut(usize, usize)) {
        let mut o = self.longest(sid);
        loop {
            f(o.pattern as usize, o.len as usize);
            if o.next == NO_OUTPUT {
                return;
            }
            o = self.outputs[o.next as usize];
        }
    }

    /// The longest output of match state `sid`.
    #[inline(always)]
    fn longest(&self, sid: u32) -> Output {
        self.outputs[self.index(sid)]
    }

    /// A leftmost-longest search from the start state.
    pub(crate) fn leftmost(&self) -> Leftmost {
        Leftmost { sid: self.start, best: None }
    }

    /// Feeds `bytes`, which start at offset `base` of what is fed, to a leftmost-longest
    /// search; true once its match is known (no later byte can change it). At the end of the
    /// input, the match is the best one seen, if any.
    #[inline(always)]
    pub(crate) fn feed_leftmost(&self, st: &mut Leftmost, bytes: &[u8], base: usize) -> bool {
        let mut sid = st.sid;
        let mut k = 0;
        if st.best.is_none() {
            while k < bytes.len() {
                sid = self.next(sid, bytes[k]);
                k += 1;
                if sid < self.matches {
                    let o = self.longest(sid);
                    st.best = Some((base + k - o.len as usize, o.pattern));
                    break;
                }
            }
        }
        if let Some((mut start, mut pattern)) = st.best {
            while k < bytes.len() {
                sid = self.next(sid, bytes[k]);
                k += 1;
                let pos = base + k;
                if sid < self.matches {
                    let o = self.longest(sid);
                    let s = pos - o.len as usize;
                    if s <= start {
                        (start, pattern) = (s, o.pattern);
                    }
                }
                // The longest pattern prefix the automaton is in starts after `start`: so
                // does every match still to come.
                if pos - self.depth[self.index(sid)] as usize > start {
                    st.best = Some((start, pattern));
                    st.sid = sid;
                    return true;
                }
            }
            st.best = Some((start, pattern));
        }
        st.sid = sid;
        false
    }

    /// The state of an overlapping search, from the start.
    pub(crate) fn start_state(&self) -> u32 {
        self.start
    }

    /// Feeds `bytes` (at offset `base` of what is fed) to an overlapping search in state
    /// `sid`, calling `f(end, pattern, len)` for every pattern ending in them, longest first at
    /// each end, until it returns false (then false).
    #[inline(always)]
    pub(crate) fn feed_overlapping(
        &self,
        sid: &mut u32,
        bytes: &[u8],
        base: usize,
        f: &mut impl FnMut(usize, usize, usize) -> bool,
    ) -> bool {
        let mut s = *sid;
        for (k, &b) in bytes.iter().enumerate() {
            s = self.next(s, b);
            if s < self.matches {
                let mut o = self.longest(s);
                loop {
                    if !f(base + k + 1, o.pattern as usize, o.len as usize) {
                        *sid = s;
                        return false;
                    }
                    if o.next == NO_OUTPUT {
                        break;
                    }
                    o = self.outputs[o.next as usize];
                }
            }
        }
        *sid = s;
        true
    }
}

/// The byte classes: 0 for bytes no pattern has, then one per byte the patterns have, numbered
/// by [`FREQUENT`] first; under `ascii_case_insensitive` a capital shares its small letter's.
/// None if the patterns have all 256 bytes (UTF-8 has at most 243).
fn byte_classes(patterns: &[&[u8]], ascii_case_insensitive: bool) -> Option<[u8; 256]> {
    let mut used = [false; 256];
    for p in patterns {
        for &b in *p {
            used[b as usize] = true;
        }
    }
    if ascii_case_insensitive {
        for b in b'A'..=b'Z' {
            used[b as usize] = false;
        }
    }
    let mut classes = [0u8; 256];
    let mut n = 0u8;
    let order = FREQUENT.iter().map(|&b| b as usize).chain(0..256);
    for b in order {
        if used[b] && classes[b] == 0 {
            n = n.checked_add(1)?;
            classes[b] = n;
        }
    }
    if ascii_case_insensitive {
        for b in b'A'..=b'Z' {
            classes[b as usize] = classes[b.to_ascii_lowercase() as usize];
        }
    }
    Some(classes)
}

/// The trie of the patterns, its nodes numbered breadth-first; a node's children are
/// consecutive and in increasing order of class.
struct BfsTrie {
    /// Per node: its first child and number of children.
    first_child: Vec<u32>,
    n_children: Vec<u32>,
    /// Per node: the class of the byte leading to it.
    class: Vec<u8>,
    /// Per node: the pattern ending at it, or [`NO_OUTPUT`].
    terminal: Vec<u32>,
}

impl BfsTrie {
    fn new(patterns: &[&[u8]], classes: &[u8; 256]) -> BfsTrie {
        let mut t = BfsTrie {
            first_child: vec![0],
            n_children: vec![0],
            class: vec![0],
            terminal: vec![NO_OUTPUT],
        };
        // A queue of (node, range of the patterns through it, depth); patterns sharing a
        // prefix are consecutive once sorted by their classes.
        let mut order: Vec<u32> = (0..patterns.len() as u32).collect();
        let key = |p: u32| patterns[p as usize].iter().map(|&b| classes[b as usize]);
        order.sort_by(|&a, &b| key(a).cmp(key(b)));
        let mut queue = std::collections::VecDeque::from([(0usize, 0usize, order.len(), 0usize)]);
        while let Some((node, mut lo, hi, depth)) = queue.pop_front() {
            if lo < hi && patterns[order[lo] as usize].len() == depth {
                t.terminal[node] = order[lo];
                lo += 1;
            }
            t.first_child[node] = t.class.len() as u32;
            while lo < hi {
                let c = classes[patterns[order[lo] as usize][depth] as usize];
                let mut end = lo + 1;
                while end < hi && classes[patterns[order[end] as usize][depth] as usize] == c {
                    end += 1;
                }
                let child = t.class.len();
                t.first_child.push(0);
                t.n_children.push(0);
                t.class.push(c);
                t.terminal.push(NO_OUTPUT);
                t.n_children[node] += 1;
                queue.push_back((child, lo, end, depth + 1));
                lo = end;
            }
        }
        t
    }

    fn children(&self, s: usize) -> std::ops::Range<usize> {
        let a = self.first_child[s] as usize;
        a..a + self.n_children[s] as usize
    }

    fn child(&self, s: usize, c: u8) -> Option<usize> {
        let r = self.children(s);
        let a = r.start;
        self.class[r].binary_search(&c).ok().map(|i| a + i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every (end, pattern) of a brute-force search.
    fn brute(patterns: &[&[u8]], text: &[u8], ci: bool) -> Vec<(usize, usize)> {
        let fold = |b: u8| if ci { b.to_ascii_lowercase() } else { b };
        let mut out = Vec::new();
        for end in 1..=text.len() {
            for (i, p) in patterns.iter().enumerate().rev() {
                if p.len() <= end
                    && text[end - p.len()..end].iter().map(|&b| fold(b)).eq(p.iter().copied())
                {
                    out.push((end, i));
                }
            }
        }
        out
    }

    fn sorted(v: &[&'static str]) -> Vec<&'static [u8]> {
        let mut v: Vec<&[u8]> = v.iter().map(|s| s.as_bytes()).collect();
        v.sort();
        v.dedup();
        v
    }

    #[test]
    fn overlapping_equals_brute_force() {
        let pats = sorted(&["he", "she", "his", "hers", "e", "rs", "s", "a", "aa", "aaa"]);
        for text in ["ushers", "she sells his shares", "aaaa", "", "xyz", "hershe"] {
            let d = Dfa::new(&pats, false, usize::MAX).unwrap();
            let mut sid = d.start_state();
            let mut got = Vec::new();
            d.feed_overlapping(&mut sid, text.as_bytes(), 0, &mut |e, p, len| {
                assert_eq!(len, pats[p].len());
                got.push((e, p));
                true
            });
            // Longest first at each end, as the brute force lists them.
            let mut want = brute(&pats, text.as_bytes(), false);
            want.sort_by_key(|&(e, p)| (e, std::cmp::Reverse(pats[p].len())));
            assert_eq!(got, want, "{text}");
        }
    }

    #[test]
    fn leftmost_longest_equals_brute_force() {
        let pats = sorted(&["samsung", "sam", "sung", "amsun", "a", "ungx", "x"]);
        let d = Dfa::new(&pats, true, usize::MAX).unwrap();
        for text in ["SAMSUNG", "samsun", "amsungx", "sungx", "xyz", "q", "Samsung Sam"] {
            // Fed in pieces of every size, the answer is the same.
            let all = brute(&pats, text.as_bytes(), true);
            let want = all
                .iter()
                .map(|&(e, p)| (e - pats[p].len(), std::cmp::Reverse(pats[p].len()), p))
                .min()
                .map(|(s, _, p)| (s, p));
            for piece in 1..=text.len().max(1) {
                let mut st = d.leftmost();
                for (i, chunk) in text.as_bytes().chunks(piece).enumerate() {
                    if d.feed_leftmost(&mut st, chunk, i * piece) {
                        break;
                    }
                }
                assert_eq!(st.found(), want, "{text} in pieces of {piece}");
            }
        }
    }

    #[test]
    fn capitals_under_ascii_case_insensitivity_only() {
        let pats = sorted(&["new york"]);
        let ci = Dfa::new(&pats, true, usize::MAX).unwrap();
        let cs = Dfa::new(&pats, false, usize::MAX).unwrap();
        for (d, want) in [(&ci, Some((4, 0))), (&cs, None)] {
            let mut st = d.leftmost();
            d.feed_leftmost(&mut st, b"the NEW YORK times", 0);
            assert_eq!(st.found(), want);
        }
    }

    #[test]
    fn too_large_is_refused() {
        let pats = sorted(&["abc", "abd"]);
        assert!(Dfa::new(&pats, false, 16).is_none());
        assert!(Dfa::new(&pats, false, 1 << 20).is_some());
    }
}
