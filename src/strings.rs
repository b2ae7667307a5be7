//! Many strings in one buffer: the patterns and labels of a matcher, a million of them without a
//! million allocations (and written to and read from a saved matcher as two arrays).

/// Strings stored end to end in one buffer, each optional.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Strings {
    pub(crate) text: String,
    /// End offset of each string in `text` (its start is the previous end).
    pub(crate) ends: Vec<usize>,
    /// Which strings are absent (an empty string is present), bit `i % 64` of word `i / 64`;
    /// empty when none is.
    pub(crate) absent: Vec<u64>,
}

impl Strings {
    /// Room for `n` strings of `bytes` bytes in all.
    pub(crate) fn with_capacity(n: usize, bytes: usize) -> Strings {
        Strings {
            text: String::with_capacity(bytes),
            ends: Vec::with_capacity(n),
            absent: Vec::new(),
        }
    }

    pub(crate) fn push(&mut self, s: &str) {
        self.text.push_str(s);
        self.ends.push(self.text.len());
    }

    pub(crate) fn push_opt(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.push(s),
            None => {
                let i = self.ends.len();
                if self.absent.len() <= i / 64 {
                    self.absent.resize(i / 64 + 1, 0);
                }
                self.absent[i / 64] |= 1 << (i % 64);
                self.ends.push(self.text.len());
            }
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// String `i`, None when absent or past the end.
    #[inline]
    pub(crate) fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)?;
        if self.absent.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0) {
            return None;
        }
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.text.get(start..end)
    }

    /// All strings in order.
    pub(crate) fn iter(&self) -> impl ExactSizeIterator<Item = Option<&str>> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stores_present_empty_and_absent_strings() {
        let mut s = Strings::default();
        let items = [Some("Reuters"), None, Some(""), Some("AP"), None];
        for (k, x) in items.iter().enumerate() {
            s.push_opt(*x);
            assert_eq!(s.len(), k + 1);
        }
        assert_eq!(s.iter().collect::<Vec<_>>(), items);
        assert_eq!(s.get(5), None);
        let mut t = Strings::with_capacity(70, 70);
        for k in 0..70 {
            t.push_opt(if k == 69 { None } else { Some("x") });
        }
        assert_eq!(t.get(68), Some("x"));
        assert_eq!(t.get(69), None);
    }
}
