//! A radix trie over the distinct folded patterns, for anchored walks: which patterns are
//! prefixes of the folded text at a given position.
//!
//! Nodes are built from the sorted patterns (each edge labelled by a run of bytes of one of
//! them, so the labels take no memory of their own) and stored in flat arrays, a node's
//! children next to each other, sorted by their first byte. A walk follows one folded byte at a
//! time; the patterns ending on the way are the terminal nodes it passes. Building is one pass
//! over the sorted patterns; the arrays serialize as they are.

/// No terminal at a node.
pub(crate) const NONE: u32 = u32::MAX;

/// A radix trie over byte strings (the distinct folded patterns, sorted).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Trie {
    /// The patterns, concatenated in sorted order.
    pub(crate) bytes: Vec<u8>,
    /// Start of each pattern in `bytes` (one more entry: the end).
    pub(crate) starts: Vec<u32>,
    /// Per node: index of its first child (children are contiguous).
    pub(crate) first_child: Vec<u32>,
    /// Per node: number of children.
    pub(crate) n_children: Vec<u16>,
    /// Per node: where its edge label starts in `bytes`, and its length (the root: empty).
    pub(crate) label_start: Vec<u32>,
    pub(crate) label_len: Vec<u16>,
    /// Per node: the first byte of its label (for the parent's search among its children).
    pub(crate) first_byte: Vec<u8>,
    /// Per node: the pattern (index in sorted order) that ends at it, or `NONE`.
    pub(crate) terminal: Vec<u32>,
    /// The root's child for each first byte (`NONE` if none): the first step is one load.
    pub(crate) root_index: Vec<u32>,
    /// Per node with more than [`NARROW`] children, the start of its row in `wide_rows`, else
    /// `NONE`; made by [`Trie::index_wide_nodes`] (after building or loading the arrays).
    pub(crate) wide: Vec<u32>,
    /// Per wide node (but one with all 256 bytes), 256 bytes: for each byte, 1 + the index
    /// among its children of the child whose label starts with it, or 0.
    pub(crate) wide_rows: Vec<u8>,
}

/// Children a node may have for a linear search among them; a wider node has a row of its own.
const NARROW: usize = 8;

impl Trie {
    /// The trie of `patterns`, which must be sorted, distinct and non-empty strings.
    pub(crate) fn new(patterns: &[&[u8]]) -> Trie {
        let mut t = Trie::default();
        for p in patterns {
            t.starts.push(t.bytes.len() as u32);
            t.bytes.extend_from_slice(p);
        }
        t.starts.push(t.bytes.len() as u32);
        t.push_node(0, 0, 0);
        // Build breadth-first from (node, pattern range, depth): the node's children are
        // allocated together, then each child is expanded in turn.
        let mut work: Vec<(usize, usize, usize, usize)> = vec![(0, 0, patterns.len(), 0)];
        while let Some((node, mut lo, hi, depth)) = work.pop() {
            if lo < hi && patterns[lo].len() == depth {
                t.terminal[node] = lo as u32;
                lo += 1;
            }
            // Group the rest by their byte at `depth`.
            let first = t.first_child.len();
            let mut groups = Vec::new();
            let mut a = lo;
            while a < hi {
                let c = patterns[a][depth];
                let mut b = a + 1;
                while b < hi && patterns[b][depth] == c {
                    b += 1;
                }
                // The group's common prefix: sorted, so that of its first and last pattern.
                let (x, y) = (patterns[a], patterns[b - 1]);
                let lcp = x.iter().zip(y).skip(depth).take_while(|(p, q)| p == q).count() + depth;
                groups.push((a, b, lcp));
                a = b;
            }
            t.first_child[node] = first as u32;
            t.n_children[node] = groups.len() as u16;
            for &(a, _, lcp) in &groups {
                let start = t.starts[a] as usize + depth;
                t.push_node(start, lcp - depth, patterns[a][depth]);
            }
            for (k, &(a, b, lcp)) in groups.iter().enumerate().rev() {
                work.push((first + k, a, b, lcp));
            }
        }
        t.root_index = vec![NONE; 256];
        let (f, n) = (t.first_child[0] as usize, t.n_children[0] as usize);
        for c in f..f + n {
            t.root_index[t.first_byte[c] as usize] = c as u32;
        }
        t.index_wide_nodes();
        t
    }

    /// Makes the rows of the nodes with many children: one load finds a child.
    pub(crate) fn index_wide_nodes(&mut self) {
        self.wide = vec![NONE; self.nodes()];
        self.wide_rows.clear();
        for node in 1..self.nodes() {
            let (f, n) = (self.first_child[node] as usize, self.n_children[node] as usize);
            // (A node with all 256 bytes has its child of byte b at index b: no row.)
            if n <= NARROW || n == 256 {
                continue;
            }
            self.wide[node] = self.wide_rows.len() as u32;
            let row = self.wide_rows.len();
            self.wide_rows.resize(row + 256, 0);
            for (i, &b) in self.first_byte[f..f + n].iter().enumerate() {
                self.wide_rows[row + b as usize] = (i + 1) as u8;
            }
        }
    }

    fn push_node(&mut self, label_start: usize, label_len: usize, first_byte: u8) {
        self.first_child.push(0);
        self.n_children.push(0);
        self.label_start.push(label_start as u32);
        self.label_len.push(label_len as u16);
        self.first_byte.push(first_byte);
        self.terminal.push(NONE);
    }

    /// Number of nodes.
    pub(crate) fn nodes(&self) -> usize {
        self.first_child.len()
    }

    /// Bytes of memory the trie holds.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.bytes.len()
            + 4 * self.starts.len()
            + self.nodes() * (4 + 2 + 4 + 2 + 1 + 4 + 4)
            + 4 * 256
            + self.wide_rows.len()
    }

    /// The pattern with sorted index `i`.
    #[inline]
    pub(crate) fn pattern(&self, i: usize) -> &[u8] {
        &self.bytes[self.starts[i] as usize..self.starts[i + 1] as usize]
    }

    /// The child of `node` whose label starts with `b`.
    #[inline]
    fn child(&self, node: usize, b: u8) -> Option<usize> {
        if node == 0 {
            let c = self.root_index[b as usize];
            return (c != NONE).then_some(c as usize);
        }
        let f = self.first_child[node] as usize;
        let n = self.n_children[node] as usize;
        if n <= NARROW {
            self.first_byte[f..f + n].iter().position(|&k| k == b).map(|i| f + i)
        } else if n == 256 {
            Some(f + b as usize)
        } else {
            let row = self.wide[node] as usize;
            let i = *self.wide_rows.get(row + b as usize)? as usize;
            (i != 0).then(|| f + i - 1)
        }
    }

    /// Walks the trie along the bytes of `stream`, calling `on_terminal(pattern, end)` for each
    /// pattern that is a prefix of them, shortest first, with `end = stream.pos()` right after
    /// its last byte. (Patterns and the stream are UTF-8: when their bytes agree, a pattern
    /// ends where a character of the stream ends.)
    #[inline]
    pub(crate) fn walk<S: ByteStream>(
        &self,
        stream: &mut S,
        mut on_terminal: impl FnMut(usize, usize),
    ) {
        let mut node = 0usize;
        loop {
            let Some(b) = stream.next() else { return };
            let Some(child) = self.child(node, b) else { return };
            let start = self.label_start[child] as usize;
            let len = self.label_len[child] as usize;
            for i in 1..len {
                if stream.next() != Some(self.bytes[start + i]) {
                    return;
                }
            }
            let t = self.terminal[child];
            if t != NONE {
                on_terminal(t as usize, stream.pos());
            }
            node = child;
        }
    }
}

/// A stream of bytes to walk the trie with (the folded text from some position).
pub(crate) trait ByteStream {
    /// The next byte, None at the end.
    fn next(&mut self) -> Option<u8>;
    /// The position (in the original text) just after the character whose last byte `next`
    /// returned last.
    fn pos(&self) -> usize;
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Bytes<'a>(&'a [u8], usize);

    impl ByteStream for Bytes<'_> {
        fn next(&mut self) -> Option<u8> {
            let b = *self.0.get(self.1)?;
            self.1 += 1;
            Some(b)
        }
        fn pos(&self) -> usize {
            self.1
        }
    }

    fn prefixes(t: &Trie, text: &[u8]) -> Vec<Vec<u8>> {
        let mut out = Vec::new();
        t.walk(&mut Bytes(text, 0), |p, end| {
            assert_eq!(end, t.pattern(p).len());
            out.push(t.pattern(p).to_vec());
        });
        out
    }

    #[test]
    fn walks_find_every_prefix_pattern() {
        let mut pats: Vec<&[u8]> = vec![
            b"new",
            b"new york",
            b"new york times",
            b"newark",
            b"a",
            b"ab",
            b"abc",
            b"b",
            b"zz",
        ];
        pats.sort();
        let t = Trie::new(&pats);
        let bs = |v: &[&str]| v.iter().map(|s| s.as_bytes().to_vec()).collect::<Vec<_>>();
        assert_eq!(
            prefixes(&t, b"new york times square"),
            bs(&["new", "new york", "new york times"])
        );
        assert_eq!(prefixes(&t, b"newark"), bs(&["new", "newark"]));
        assert_eq!(prefixes(&t, b"abcd"), bs(&["a", "ab", "abc"]));
        assert_eq!(prefixes(&t, b"ne"), Vec::<Vec<u8>>::new());
        assert_eq!(prefixes(&t, b"z"), Vec::<Vec<u8>>::new());
        assert_eq!(prefixes(&t, b"zz"), bs(&["zz"]));
        // Radix compression: far fewer nodes than bytes.
        assert!(t.nodes() < 20, "{} nodes", t.nodes());
        for (i, p) in pats.iter().enumerate() {
            assert_eq!(t.pattern(i), *p);
        }
    }

    #[test]
    fn wide_nodes_and_the_empty_trie() {
        let owned: Vec<Vec<u8>> = (0u8..=255).map(|b| vec![b'x', b]).collect();
        let pats: Vec<&[u8]> = owned.iter().map(Vec::as_slice).collect();
        let t = Trie::new(&pats);
        for b in [0u8, 7, 128, 255] {
            assert_eq!(prefixes(&t, &[b'x', b, b'q']), vec![vec![b'x', b]]);
        }
        // A wide node with fewer than 256 children has a row: every child found, no other.
        let owned: Vec<Vec<u8>> = (b'a'..=b'z').step_by(2).map(|b| vec![b'y', b'y', b]).collect();
        let pats: Vec<&[u8]> = owned.iter().map(Vec::as_slice).collect();
        let t = Trie::new(&pats);
        assert!(t.wide.iter().any(|&w| w != NONE), "a row was made");
        for b in b'a'..=b'z' {
            let want = if (b - b'a') % 2 == 0 { vec![vec![b'y', b'y', b]] } else { vec![] };
            assert_eq!(prefixes(&t, &[b'y', b'y', b, b'!']), want, "{}", b as char);
        }
        let empty = Trie::new(&[]);
        assert!(prefixes(&empty, b"anything").is_empty());
    }
}
