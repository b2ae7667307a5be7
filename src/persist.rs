//! Saved matchers and attributors: a versioned, checksummed binary file.
//!
//! ```text
//! offset  size  field
//! 0       8     magic: "ASPER\0MT" (a matcher) or "ASPER\0AT" (an attributor)
//! 8       4     format version, little-endian u32 (this code writes and reads 1)
//! 12      4     reserved, zero
//! 16      8     payload length in bytes, u64
//! 24      8     checksum of the payload, u64
//! 32      ...   payload
//! ```
//!
//! A matcher's payload holds its options, its patterns and labels as given, and, for the
//! whole-word engine, the built search structures (the trie's arrays, the gate's tables), so
//! that loading is one read, a checksum and array copies: no folding, sorting or building. The
//! automaton of a matcher without `whole_words` cannot be serialized (the `aho-corasick` crate
//! has no format for it): loading such a matcher rebuilds it from the stored patterns. An
//! attributor's payload holds its effective cue lexicon and gazetteer (the built-in entries
//! included, so a later version's built-ins do not change a saved attributor); loading builds
//! it from them.
//!
//! Loading checks everything it reads: the magic, the version, the length, the checksum, and
//! every array length and index of the structures (a file whose checksum matches but whose
//! contents are inconsistent is refused), so a bad file gives an error naming it, never a
//! crash or a wrong match.

use std::path::Path;
use std::sync::OnceLock;

use crate::ac::Unique;
use crate::attribution::{
    AttributionKind, Attributor, AttributorBuilder, CueDirection, CueEntry, SourceEntry,
};
use crate::error::{Error, ErrorKind};
use crate::matcher::{MatchKind, Matcher, MatcherBuilder, Search, Searcher};
use crate::normalize::FoldOptions;
use crate::strings::Strings;
use crate::trie::{NONE, Trie};
use crate::word::{BitSet, Gate, Level1, WordEngine};

const MATCHER_MAGIC: &[u8; 8] = b"ASPER\0MT";
const ATTRIBUTOR_MAGIC: &[u8; 8] = b"ASPER\0AT";
/// The format version this code writes and reads.
pub const FORMAT_VERSION: u32 = 1;
const HEADER: usize = 32;

/// The 64-bit checksum of `data`: a multiply-rotate hash over little-endian words (fast, and
/// any change of a byte changes it with overwhelming probability; not cryptographic).
fn checksum(data: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h = 0xCBF2_9CE4_8422_2325 ^ (data.len() as u64).wrapping_mul(K);
    let mut words = data.chunks_exact(8);
    for w in &mut words {
        let x = u64::from_le_bytes(w.try_into().unwrap_or([0; 8]));
        h = (h ^ x).wrapping_mul(K).rotate_left(29);
    }
    let mut tail = [0u8; 8];
    tail[..words.remainder().len()].copy_from_slice(words.remainder());
    h = (h ^ u64::from_le_bytes(tail)).wrapping_mul(K).rotate_left(29);
    h ^ (h >> 32)
}

/// A payload being written.
#[derive(Default)]
struct Writer {
    out: Vec<u8>,
}

impl Writer {
    fn u8(&mut self, x: u8) {
        self.out.push(x);
    }
    fn u32(&mut self, x: u32) {
        self.out.extend_from_slice(&x.to_le_bytes());
    }
    fn u64(&mut self, x: u64) {
        self.out.extend_from_slice(&x.to_le_bytes());
    }
    fn bytes(&mut self, b: &[u8]) {
        self.u64(b.len() as u64);
        self.out.extend_from_slice(b);
    }
    fn str(&mut self, s: &str) {
        self.bytes(s.as_bytes());
    }
    fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => {
                self.u8(1);
                self.str(s);
            }
            None => self.u8(0),
        }
    }
    fn u16s(&mut self, v: &[u16]) {
        self.u64(v.len() as u64);
        for &x in v {
            self.out.extend_from_slice(&x.to_le_bytes());
        }
    }
    fn u32s(&mut self, v: &[u32]) {
        self.u64(v.len() as u64);
        for &x in v {
            self.out.extend_from_slice(&x.to_le_bytes());
        }
    }
    fn u64s(&mut self, v: &[u64]) {
        self.u64(v.len() as u64);
        for &x in v {
            self.out.extend_from_slice(&x.to_le_bytes());
        }
    }
    fn strings(&mut self, s: &Strings) {
        self.str(&s.text);
        self.u64(s.ends.len() as u64);
        for &e in &s.ends {
            self.u64(e as u64);
        }
        self.u64s(&s.absent);
    }

    /// The file: header and payload.
    fn finish(self, magic: &[u8; 8]) -> Vec<u8> {
        let mut file = Vec::with_capacity(HEADER + self.out.len());
        file.extend_from_slice(magic);
        file.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        file.extend_from_slice(&0u32.to_le_bytes());
        file.extend_from_slice(&(self.out.len() as u64).to_le_bytes());
        file.extend_from_slice(&checksum(&self.out).to_le_bytes());
        file.extend_from_slice(&self.out);
        file
    }
}

/// Why a payload cannot be read: the message of the error naming the file.
type Bad = String;

/// A payload being read: every read checks that the bytes are there.
struct Reader<'a> {
    data: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize, what: &str) -> Result<&'a [u8], Bad> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.data.len());
        let Some(end) = end else {
            return Err(format!("the file ends inside {what}"));
        };
        let s = &self.data[self.at..end];
        self.at = end;
        Ok(s)
    }
    fn u8(&mut self, what: &str) -> Result<u8, Bad> {
        Ok(self.take(1, what)?[0])
    }
    fn bool(&mut self, what: &str) -> Result<bool, Bad> {
        match self.u8(what)? {
            0 => Ok(false),
            1 => Ok(true),
            x => Err(format!("{what} is {x}, not 0 or 1")),
        }
    }
    fn u32(&mut self, what: &str) -> Result<u32, Bad> {
        Ok(u32::from_le_bytes(self.take(4, what)?.try_into().unwrap_or([0; 4])))
    }
    fn u64(&mut self, what: &str) -> Result<u64, Bad> {
        Ok(u64::from_le_bytes(self.take(8, what)?.try_into().unwrap_or([0; 8])))
    }
    /// A length of items of `size` bytes each that must fit in the rest of the payload.
    fn len(&mut self, size: usize, what: &str) -> Result<usize, Bad> {
        let n = self.u64(what)?;
        let rest = (self.data.len() - self.at) as u64;
        if n.checked_mul(size as u64).is_none_or(|b| b > rest) {
            return Err(format!("{what} claims {n} items, more than the file holds"));
        }
        Ok(n as usize)
    }
    fn bytes(&mut self, what: &str) -> Result<&'a [u8], Bad> {
        let n = self.len(1, what)?;
        self.take(n, what)
    }
    fn string(&mut self, what: &str) -> Result<String, Bad> {
        let b = self.bytes(what)?;
        String::from_utf8(b.to_vec()).map_err(|_| format!("{what} is not valid UTF-8"))
    }
    fn opt_string(&mut self, what: &str) -> Result<Option<String>, Bad> {
        Ok(if self.bool(what)? { Some(self.string(what)?) } else { None })
    }
    fn u16s(&mut self, what: &str) -> Result<Vec<u16>, Bad> {
        let n = self.len(2, what)?;
        let b = self.take(2 * n, what)?;
        Ok(b.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect())
    }
    fn u32s(&mut self, what: &str) -> Result<Vec<u32>, Bad> {
        let n = self.len(4, what)?;
        let b = self.take(4 * n, what)?;
        Ok(b.chunks_exact(4).map(|c| u32::from_le_bytes(c.try_into().unwrap_or([0; 4]))).collect())
    }
    fn u64s(&mut self, what: &str) -> Result<Vec<u64>, Bad> {
        let n = self.len(8, what)?;
        let b = self.take(8 * n, what)?;
        Ok(b.chunks_exact(8).map(|c| u64::from_le_bytes(c.try_into().unwrap_or([0; 8]))).collect())
    }
    fn strings(&mut self, what: &str) -> Result<Strings, Bad> {
        let text = self.string(what)?;
        let ends: Vec<usize> = self.u64s(what)?.into_iter().map(|e| e as usize).collect();
        let absent = self.u64s(what)?;
        let mut prev = 0;
        for &e in &ends {
            if e < prev || e > text.len() || !text.is_char_boundary(e) {
                return Err(format!("{what}: the string offsets are out of order or range"));
            }
            prev = e;
        }
        if prev != text.len() || absent.len() > ends.len().div_ceil(64) {
            return Err(format!("{what}: the string offsets do not cover the text"));
        }
        Ok(Strings { text, ends, absent })
    }
    fn done(&self) -> Result<(), Bad> {
        if self.at != self.data.len() {
            return Err(format!(
                "{} bytes are left over after the payload",
                self.data.len() - self.at
            ));
        }
        Ok(())
    }
}

/// The payload of a file of `magic` read from `path`, after checking its header and checksum.
fn open(path: &Path, magic: &[u8; 8], what: &str) -> Result<Vec<u8>, Error> {
    let data = std::fs::read(path).map_err(|e| Error::io("cannot read", Some(path), e))?;
    let bad = |reason: String| Error::new(ErrorKind::BadFile { path: path.to_path_buf(), reason });
    let range = payload_range(&data, magic, what).map_err(bad)?;
    let mut data = data;
    data.truncate(range.end);
    data.drain(..range.start);
    Ok(data)
}

/// Where the payload of the saved file `data` of `magic` lies, after checking its header and
/// checksum; otherwise the reason it is refused.
fn payload_range(data: &[u8], magic: &[u8; 8], what: &str) -> Result<std::ops::Range<usize>, Bad> {
    if data.is_empty() {
        return Err(format!("the file is empty, not a saved asper {what}"));
    }
    if data.len() < HEADER || !data.starts_with(b"ASPER\0") {
        return Err(format!("not a saved asper {what} (it does not start with asper's header)"));
    }
    if &data[..8] != magic {
        let other = if magic == MATCHER_MAGIC { "attributor" } else { "matcher" };
        return Err(format!("a saved asper {other}, not a saved {what}"));
    }
    let version = u32::from_le_bytes(data[8..12].try_into().unwrap_or([0; 4]));
    if version > FORMAT_VERSION {
        return Err(format!(
            "saved by a newer asper (format {version}; this version reads format {FORMAT_VERSION}): \
             upgrade asper to load it"
        ));
    }
    if version == 0 {
        return Err("format version 0 does not exist: the file is corrupted".to_owned());
    }
    let len = u64::from_le_bytes(data[16..24].try_into().unwrap_or([0; 8]));
    let stored = u64::from_le_bytes(data[24..32].try_into().unwrap_or([0; 8]));
    let payload = &data[HEADER..];
    if payload.len() as u64 != len {
        return Err(format!(
            "truncated or extended: the header says {len} bytes of data, the file has {}",
            payload.len()
        ));
    }
    if checksum(payload) != stored {
        return Err("corrupted: the checksum does not match the contents".to_owned());
    }
    Ok(HEADER..data.len())
}

/// The error of a saved file held in memory (named `<bytes>`).
fn bad_bytes(reason: String) -> Error {
    Error::new(ErrorKind::BadFile { path: "<bytes>".into(), reason })
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    // Written next to the target and renamed: a reader never sees half a file.
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = std::fs::write(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, path));
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(Error::io("cannot write", Some(path), e));
    }
    Ok(())
}

fn kind_code(k: MatchKind) -> u8 {
    match k {
        MatchKind::Longest => 0,
        MatchKind::First => 1,
        MatchKind::All => 2,
    }
}

fn search_code(s: Search) -> u8 {
    match s {
        Search::Auto => 0,
        Search::Automaton => 1,
        Search::FoldedCopy => 2,
        Search::WordStarts => 3,
    }
}

impl Matcher {
    /// The matcher as the bytes of a saved file (see [`Matcher::save`]).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::default();
        let b = self.options();
        w.u8(b.ignore_case as u8);
        w.u8(b.whole_words as u8);
        w.u8(b.normalize as u8);
        w.u8(kind_code(b.match_kind));
        w.u8(match b.dfa {
            None => 0,
            Some(false) => 1,
            Some(true) => 2,
        });
        w.u8(search_code(b.search));
        w.strings(&self.patterns);
        w.strings(&self.labels);
        match &self.engine {
            Searcher::Word { word, .. } => {
                w.u8(1);
                let u = &self.uniq;
                w.u32s(&u.iter().map(|u| u.len).collect::<Vec<_>>());
                w.u32s(&u.iter().map(|u| u.min_id).collect::<Vec<_>>());
                w.bytes(
                    &u.iter()
                        .map(|u| u.check_left as u8 | (u.check_right as u8) << 1)
                        .collect::<Vec<_>>(),
                );
                w.u32s(&self.ids);
                w.u32s(&self.ids_start);
                let t = &word.trie;
                w.bytes(&t.bytes);
                w.u32s(&t.starts);
                w.u32s(&t.first_child);
                w.u16s(&t.n_children);
                w.u32s(&t.label_start);
                w.u16s(&t.label_len);
                w.bytes(&t.first_byte);
                w.u32s(&t.terminal);
                w.u32s(&t.root_index);
                let g = &word.gate;
                w.u64s(&g.first.words);
                w.u32(g.first.shift);
                w.u64s(&g.second.words);
                w.u32(g.second.shift);
                w.bytes(&g.other_first.iter().map(|&b| b as u8).collect::<Vec<_>>());
                w.u8(g.any_other as u8);
                match g.other_ascii {
                    Some(a) => {
                        w.u8(1);
                        w.out.extend_from_slice(&a);
                    }
                    None => w.u8(0),
                }
            }
            // The automaton is rebuilt from the patterns on load.
            Searcher::Automaton(_) => w.u8(0),
        }
        w.finish(MATCHER_MAGIC)
    }

    /// Saves the matcher to `path` (written to a temporary file next to it, then renamed). For
    /// the whole-word engine (the default) the file holds the built search structures, and
    /// [`Matcher::load`] does no building; a matcher without `whole_words` is rebuilt from its
    /// patterns on load.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<(), Error> {
        write_file(path.as_ref(), &self.to_bytes())
    }

    /// Loads a matcher saved by [`Matcher::save`]. A missing or unreadable file is an I/O
    /// error; an empty, truncated, corrupted or foreign file, or one saved by a newer format,
    /// is an error naming the file and saying which.
    pub fn load(path: impl AsRef<Path>) -> Result<Matcher, Error> {
        let path = path.as_ref();
        let payload = open(path, MATCHER_MAGIC, "matcher")?;
        read_matcher(&payload).map_err(|reason| {
            Error::new(ErrorKind::BadFile {
                path: path.to_path_buf(),
                reason: format!("inconsistent contents: {reason}"),
            })
        })?
    }
}

impl Matcher {
    /// A matcher from the bytes of a saved file ([`Matcher::to_bytes`]), checked as
    /// [`Matcher::load`] checks a file; errors name the file `<bytes>`. For tests and fuzzing.
    #[doc(hidden)]
    pub fn from_bytes(bytes: &[u8]) -> Result<Matcher, Error> {
        let range = payload_range(bytes, MATCHER_MAGIC, "matcher").map_err(bad_bytes)?;
        Matcher::from_payload(&bytes[range])
    }

    /// A matcher from a saved file's payload (the bytes after the header) without the header
    /// and checksum checks, so that a fuzzer reaches the structure checks. For fuzzing.
    #[doc(hidden)]
    pub fn from_payload(payload: &[u8]) -> Result<Matcher, Error> {
        read_matcher(payload)
            .map_err(|reason| bad_bytes(format!("inconsistent contents: {reason}")))?
    }
}

/// Reads a matcher's payload: a format error as `Err(reason)`, a build error (of a rebuilt
/// automaton) inside.
fn read_matcher(payload: &[u8]) -> Result<Result<Matcher, Error>, Bad> {
    let mut r = Reader { data: payload, at: 0 };
    let mut b = MatcherBuilder::new();
    b.ignore_case(r.bool("ignore_case")?);
    b.whole_words(r.bool("whole_words")?);
    b.normalize(r.bool("normalize")?);
    b.match_kind(match r.u8("match_kind")? {
        0 => MatchKind::Longest,
        1 => MatchKind::First,
        2 => MatchKind::All,
        x => return Err(format!("unknown match kind {x}")),
    });
    b.dfa(match r.u8("dfa")? {
        0 => None,
        1 => Some(false),
        2 => Some(true),
        x => return Err(format!("unknown automaton choice {x}")),
    });
    b.search(match r.u8("search")? {
        0 => Search::Auto,
        1 => Search::Automaton,
        2 => Search::FoldedCopy,
        3 => Search::WordStarts,
        x => return Err(format!("unknown search {x}")),
    });
    let patterns = r.strings("the patterns")?;
    let labels = r.strings("the labels")?;
    if labels.len() != patterns.len() && labels.len() != 0 {
        return Err("the labels do not match the patterns".to_owned());
    }
    if !r.bool("the engine")? {
        // Rebuilt: the automaton has no format of its own.
        r.done()?;
        let n = patterns.len();
        let pairs = (0..n).map(|i| (patterns.get(i).unwrap_or_default(), labels.get(i)));
        return Ok(b.build_with_labels(pairs).map_err(Error::from));
    }
    let n = patterns.len();
    let lens = r.u32s("the distinct patterns")?;
    let min_ids = r.u32s("the distinct patterns")?;
    let checks = r.bytes("the distinct patterns")?;
    let ids = r.u32s("the pattern ids")?;
    let ids_start = r.u32s("the pattern ids")?;
    let nu = lens.len();
    if min_ids.len() != nu || checks.len() != nu {
        return Err("the pattern tables have different lengths".to_owned());
    }
    if min_ids.iter().any(|&i| i as usize >= n) || ids.iter().any(|&i| i as usize >= n) {
        return Err("a pattern id is out of range".to_owned());
    }
    // The groups of patterns that fold alike; none stored when every group is one pattern.
    let groups_ok = if ids.is_empty() {
        ids_start.is_empty() && nu == n
    } else {
        ids.len() == n
            && ids_start.len() == nu + 1
            && ids_start.first() == Some(&0)
            && ids_start.last().map(|&x| x as usize) == Some(n)
            && ids_start.windows(2).all(|w| w[0] < w[1])
    };
    if !groups_ok {
        return Err("the pattern groups are inconsistent".to_owned());
    }
    let uniq: Vec<Unique> = (0..nu)
        .map(|i| Unique {
            len: lens[i],
            min_id: min_ids[i],
            check_left: checks[i] & 1 != 0,
            check_right: checks[i] & 2 != 0,
        })
        .collect();
    let mut trie = Trie {
        bytes: r.bytes("the trie")?.to_vec(),
        starts: r.u32s("the trie")?,
        first_child: r.u32s("the trie")?,
        n_children: r.u16s("the trie")?,
        label_start: r.u32s("the trie")?,
        label_len: r.u16s("the trie")?,
        first_byte: r.bytes("the trie")?.to_vec(),
        terminal: r.u32s("the trie")?,
        root_index: r.u32s("the trie")?,
        wide: Vec::new(),
        wide_rows: Vec::new(),
    };
    check_trie(&trie, &uniq)?;
    trie.index_wide_nodes();
    let first = Level1 { words: r.u64s("the gate")?, shift: r.u32("the gate")? };
    let second = BitSet { words: r.u64s("the gate")?, shift: r.u32("the gate")? };
    let other_first: Vec<bool> = r.bytes("the gate")?.iter().map(|&b| b != 0).collect();
    let any_other = r.bool("the gate")?;
    let other_ascii = if r.bool("the gate")? {
        let a = r.take(4, "the gate")?;
        Some([a[0], a[1], a[2], a[3]])
    } else {
        None
    };
    r.done()?;
    // The tables are addressed by the top bits of a hash: their sizes must fit their shifts.
    let fits = |len: usize, shift: u32, per_word: u32| {
        (40..=58).contains(&shift) && len == 1usize << (64 - shift - per_word)
    };
    if !fits(first.words.len(), first.shift, 5)
        || !fits(second.words.len(), second.shift, 6)
        || other_first.len() != 256
    {
        return Err("the gate's tables do not fit their sizes".to_owned());
    }
    let gate = Gate { first, second, other_first, any_other, other_ascii };
    let opts = FoldOptions { ignore_case: b.ignore_case, normalize: b.normalize };
    let busy = gate.busy(opts.ignore_case);
    let word = WordEngine { opts, trie, gate, busy };
    let engine = Searcher::Word { word: Box::new(word), fallback: OnceLock::new() };
    Ok(Ok(Matcher { opts, builder: b, uniq, ids, ids_start, patterns, labels, engine }))
}

/// Checks every index of a loaded trie against the arrays it points into.
fn check_trie(t: &Trie, uniq: &[Unique]) -> Result<(), Bad> {
    let nodes = t.first_child.len();
    let same = [t.n_children.len(), t.label_start.len(), t.label_len.len(), t.first_byte.len()];
    if same.iter().any(|&l| l != nodes) || t.terminal.len() != nodes || nodes == 0 {
        return Err("the trie's node arrays have different lengths".to_owned());
    }
    if t.starts.len() != uniq.len() + 1
        || t.starts.first() != Some(&0)
        || t.starts.last().map(|&s| s as usize) != Some(t.bytes.len())
        || t.starts.windows(2).any(|w| w[0] > w[1])
    {
        return Err("the trie's pattern offsets are out of order or range".to_owned());
    }
    for (i, u) in uniq.iter().enumerate() {
        if t.starts[i + 1] - t.starts[i] != u.len {
            return Err(format!("distinct pattern {i} has the wrong length"));
        }
    }
    for i in 0..nodes {
        let kids = t.n_children[i] as usize;
        let first = t.first_child[i] as usize;
        let label = t.label_start[i] as usize + t.label_len[i] as usize;
        if first + kids > nodes
            || label > t.bytes.len()
            || (t.terminal[i] != NONE && t.terminal[i] as usize >= uniq.len())
        {
            return Err(format!("trie node {i} points out of range"));
        }
    }
    if t.root_index.len() != 256 || t.root_index.iter().any(|&c| c != NONE && c as usize >= nodes) {
        return Err("the trie's root index points out of range".to_owned());
    }
    Ok(())
}

impl Attributor {
    /// The attributor as the bytes of a saved file (see [`Attributor::save`]).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.u8(self.uses_builtin_sources() as u8);
        w.u8(self.uses_builtin_cues() as u8);
        w.u64(self.user_cues().len() as u64);
        for c in self.user_cues() {
            w.str(&c.text);
            w.str(c.kind.as_str());
            w.str(c.direction.as_str());
        }
        w.u64(self.user_sources().len() as u64);
        for s in self.user_sources() {
            w.str(&s.name);
            w.str(&s.label);
            w.opt_str(s.canonical.as_deref());
        }
        w.finish(ATTRIBUTOR_MAGIC)
    }

    /// Saves the attributor to `path`: its options (whether the built-in lexicon and gazetteer
    /// are on) and the user's cues and sources, in order. [`Attributor::load`] builds it from
    /// them with the loading version's built-ins and rules, which belong together (the rules and
    /// the learned cue scorer are tuned to the built-in lexicon they ship with).
    pub fn save(&self, path: impl AsRef<Path>) -> Result<(), Error> {
        write_file(path.as_ref(), &self.to_bytes())
    }

    /// Loads an attributor saved by [`Attributor::save`]; errors as for [`Matcher::load`].
    pub fn load(path: impl AsRef<Path>) -> Result<Attributor, Error> {
        let path = path.as_ref();
        let payload = open(path, ATTRIBUTOR_MAGIC, "attributor")?;
        let b = read_attributor(&payload).map_err(|reason| {
            Error::new(ErrorKind::BadFile {
                path: path.to_path_buf(),
                reason: format!("inconsistent contents: {reason}"),
            })
        })?;
        Ok(b.build()?)
    }
}

impl Attributor {
    /// An attributor from the bytes of a saved file ([`Attributor::to_bytes`]), checked as
    /// [`Attributor::load`] checks a file; errors name the file `<bytes>`. For tests and
    /// fuzzing.
    #[doc(hidden)]
    pub fn from_bytes(bytes: &[u8]) -> Result<Attributor, Error> {
        let range = payload_range(bytes, ATTRIBUTOR_MAGIC, "attributor").map_err(bad_bytes)?;
        Attributor::from_payload(&bytes[range])
    }

    /// An attributor from a saved file's payload, without the header and checksum checks. For
    /// fuzzing.
    #[doc(hidden)]
    pub fn from_payload(payload: &[u8]) -> Result<Attributor, Error> {
        let b = read_attributor(payload)
            .map_err(|reason| bad_bytes(format!("inconsistent contents: {reason}")))?;
        Ok(b.build()?)
    }
}

fn read_attributor(payload: &[u8]) -> Result<AttributorBuilder, Bad> {
    let mut r = Reader { data: payload, at: 0 };
    let builtin_sources = r.bool("builtin_sources")?;
    let builtin_cues = r.bool("builtin_cues")?;
    let n = r.len(24, "the cues")?;
    let mut cues = Vec::with_capacity(n);
    for _ in 0..n {
        let text = r.string("a cue")?;
        let kind: AttributionKind =
            r.string("a cue kind")?.parse().map_err(|e| format!("a cue kind: {e}"))?;
        let direction: CueDirection =
            r.string("a cue direction")?.parse().map_err(|e| format!("a cue direction: {e}"))?;
        cues.push(CueEntry::new(text, kind, direction));
    }
    let n = r.len(17, "the sources")?;
    let mut sources = Vec::with_capacity(n);
    for _ in 0..n {
        let name = r.string("a source")?;
        let label = r.string("a source label")?;
        let canonical = r.opt_string("a source's canonical name")?;
        sources.push(SourceEntry::new(name, label, canonical));
    }
    r.done()?;
    let mut b = AttributorBuilder::new();
    b.builtin_cues(builtin_cues).builtin_sources(builtin_sources);
    b.add_cues(cues);
    b.add_sources(sources);
    Ok(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts() -> Vec<String> {
        vec![
            "According to Reuters, the NEW YORK TIMES said (AP) — ‘quoted’ İstanbul".to_owned(),
            "as per  the Interfax\nnews agency; Kelvin \u{212A}elvin k".to_owned(),
            "reutersreuters Reuters's AP-style new-york".repeat(20),
        ]
    }

    fn patterns() -> Vec<(&'static str, Option<&'static str>)> {
        vec![
            ("Reuters", Some("WIRE")),
            ("New York Times", Some("PAPER")),
            ("AP", None),
            ("(AP)", Some("WIRE")),
            ("according to", None),
            ("as per", None),
            ("Interfax news agency", Some("WIRE")),
            ("İstanbul", Some("PLACE")),
            ("kelvin", None),
            ("new york", None),
            ("reuters", Some("DUP")),
            ("’quoted’", None),
        ]
    }

    fn builders() -> Vec<MatcherBuilder> {
        let mut out = Vec::new();
        for ignore_case in [false, true] {
            for whole_words in [false, true] {
                for normalize in [false, true] {
                    for kind in [MatchKind::Longest, MatchKind::First, MatchKind::All] {
                        let mut b = MatcherBuilder::new();
                        b.ignore_case(ignore_case)
                            .whole_words(whole_words)
                            .normalize(normalize)
                            .match_kind(kind);
                        out.push(b);
                    }
                }
            }
        }
        out
    }

    #[test]
    fn saved_matchers_find_what_they_found() {
        for b in builders() {
            let m = b.build_with_labels(patterns()).unwrap();
            let bytes = m.to_bytes();
            let back = read_matcher(&bytes[HEADER..]).unwrap().unwrap();
            assert_eq!(back.patterns().collect::<Vec<_>>(), m.patterns().collect::<Vec<_>>());
            assert_eq!(back.labels().collect::<Vec<_>>(), m.labels().collect::<Vec<_>>());
            assert_eq!(format!("{:?}", back.options()), format!("{:?}", m.options()));
            for t in texts() {
                assert_eq!(back.find_all(&t), m.find_all(&t), "{b:?} {t:?}");
            }
            // Saved again, the same bytes.
            assert_eq!(back.to_bytes(), bytes);
        }
    }

    // A file whose checksum matches but whose contents were changed: loading refuses it or
    // gives a matcher that runs; it never panics.
    #[test]
    fn altered_contents_never_crash() {
        let mut b = MatcherBuilder::new();
        b.ignore_case(true);
        let m = b.build_with_labels(patterns()).unwrap();
        let file = m.to_bytes();
        let payload = &file[HEADER..];
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let mut loaded = 0;
        for round in 0..3000 {
            let mut p = payload.to_vec();
            for _ in 0..1 + round % 3 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let i = (seed as usize) % p.len();
                p[i] = (seed >> 32) as u8;
            }
            if let Ok(Ok(back)) = read_matcher(&p) {
                loaded += 1;
                for t in texts() {
                    let _ = back.find_all(&t);
                }
            }
        }
        // Most changes hit a table and are caught; some (a byte of a pattern) load fine.
        assert!(loaded < 3000, "no altered file was refused");
    }

    #[test]
    fn bad_files_are_named_and_explained() {
        let dir = std::env::temp_dir().join(format!("asper-persist-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let m = Matcher::new(["Reuters", "AP"]).unwrap();
        let good = dir.join("m.asper");
        m.save(&good).unwrap();
        assert_eq!(Matcher::load(&good).unwrap().find_all("AP and Reuters").len(), 2);
        let bytes = std::fs::read(&good).unwrap();
        let case = |name: &str, content: &[u8], want: &str| {
            let p = dir.join(name);
            std::fs::write(&p, content).unwrap();
            let e = Matcher::load(&p).unwrap_err().to_string();
            assert!(e.contains(name) && e.contains(want), "{name}: {e}");
        };
        case("empty.asper", b"", "empty");
        case("foreign.asper", b"PK\x03\x04 a zip file, not ours at all........", "not a saved");
        case("truncated.asper", &bytes[..bytes.len() - 3], "truncated");
        let mut flipped = bytes.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 0x40;
        case("corrupted.asper", &flipped, "checksum");
        let mut newer = bytes.clone();
        newer[8..12].copy_from_slice(&2u32.to_le_bytes());
        case("newer.asper", &newer, "newer asper");
        let a = Attributor::new().unwrap();
        let ap = dir.join("a.asper");
        a.save(&ap).unwrap();
        let e = Matcher::load(&ap).unwrap_err().to_string();
        assert!(e.contains("a saved asper attributor, not a saved matcher"), "{e}");
        let e = Attributor::load(&good).unwrap_err().to_string();
        assert!(e.contains("a saved asper matcher, not a saved attributor"), "{e}");
        let missing = Matcher::load(dir.join("missing.asper")).unwrap_err();
        assert!(matches!(missing.kind(), ErrorKind::Io { .. }), "{missing}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn saved_attributors_extract_what_they_extracted() {
        let mut b = AttributorBuilder::new();
        b.add_sources([SourceEntry::new("Daily Planet", "OUTLET", None)]);
        let a = b.build().unwrap();
        let back = read_attributor(&a.to_bytes()[HEADER..]).unwrap().build().unwrap();
        let text = "The mayor resigned, the Daily Planet reported. \
                    According to Reuters, talks failed, as per the Interfax news agency.";
        assert_eq!(back.extract(text), a.extract(text));
        assert_eq!(back.cues().len(), a.cues().len());
        assert_eq!(back.sources().len(), a.sources().len());
        assert_eq!(back.options(), a.options());
        // Without the built-ins, only the user's entries come back.
        let mut b = AttributorBuilder::new();
        b.builtin_cues(false).builtin_sources(false);
        b.add_sources([SourceEntry::new("Daily Planet", "OUTLET", None)]);
        b.add_cues([CueEntry::new("reported", AttributionKind::Reported, CueDirection::Before)]);
        let a = b.build().unwrap();
        let back = read_attributor(&a.to_bytes()[HEADER..]).unwrap().build().unwrap();
        assert_eq!(back.options(), a.options());
        assert_eq!(back.extract(text), a.extract(text));
        assert_eq!(back.extract(text).len(), 1);
    }

    #[test]
    fn checksum_sees_every_byte() {
        let data: Vec<u8> = (0..1000u32).map(|i| (i * 7) as u8).collect();
        let h = checksum(&data);
        for i in [0, 7, 8, 500, 995, 999] {
            let mut d = data.clone();
            d[i] ^= 1;
            assert_ne!(checksum(&d), h, "byte {i}");
        }
        assert_ne!(checksum(&data[..999]), h);
        assert_ne!(checksum(&[]), checksum(&[0]));
    }

    #[test]
    fn bytes_in_memory_load_as_files_do() {
        for b in builders() {
            let m = b.build_with_labels(patterns()).unwrap();
            let bytes = m.to_bytes();
            let back = Matcher::from_bytes(&bytes).unwrap();
            let payload = Matcher::from_payload(&bytes[HEADER..]).unwrap();
            for t in texts() {
                assert_eq!(back.find_all(&t), m.find_all(&t));
                assert_eq!(payload.find_all(&t), m.find_all(&t));
            }
            let mut bad = bytes.clone();
            bad[HEADER] ^= 0xff;
            let e = Matcher::from_bytes(&bad).unwrap_err().to_string();
            assert!(e.contains("<bytes>") && e.contains("checksum"), "{e}");
            let e = Matcher::from_bytes(&bytes[..HEADER + 3]).unwrap_err().to_string();
            assert!(e.contains("truncated"), "{e}");
        }
        let a = Attributor::new().unwrap();
        let back = Attributor::from_bytes(&a.to_bytes()).unwrap();
        assert_eq!(back.cues().len(), a.cues().len());
        let e = Attributor::from_bytes(
            &Matcher::from_bytes(&builders()[0].build(["x"]).unwrap().to_bytes())
                .unwrap()
                .to_bytes(),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("a saved asper matcher, not a saved attributor"), "{e}");
        assert!(Attributor::from_payload(b"").is_err());
    }
}
