//! The corpus pipeline (`asper::corpus`): a corpus with injected faults (every bad record
//! reported with its file and line, every good record's rows produced, `records_read ==
//! processed + errors`), strict mode and `max_errors`, the output formats against each other
//! and against `Matcher::find_all`, atomic output files under cancellation, bounded windows and
//! input order, and document ids.
//!
//! Every test works in its own folder under the system temporary folder, removed at the end.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use arrow_array::cast::AsArray;
use arrow_array::types::UInt64Type;
use arrow_array::{Array, ArrayRef, Int64Array, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema};
use asper::corpus::{
    InputFile, InputFormat, OffsetUnit, Progress, RecordError, ScanOptions, ScanOutput, ScanResult,
    Stats, expand_paths, scan,
};
use asper::{Error, ErrorKind, Matcher, MatcherBuilder};

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// A fresh folder under the system temporary folder, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        static N: AtomicUsize = AtomicUsize::new(0);
        let n = N.fetch_add(1, Ordering::Relaxed);
        let p =
            std::env::temp_dir().join(format!("asper-corpus-{name}-{}-{n}", std::process::id()));
        let _ = fs::remove_dir_all(&p);
        fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.path(name);
        if let Some(parent) = p.parent() {
            fs::create_dir_all(parent).unwrap();
        }
        fs::write(&p, bytes).unwrap();
        p
    }

    /// The names of the entries of the folder (not recursive), sorted.
    fn listing(&self) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(&self.0)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// One output row of `find`.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Row {
    doc_id: String,
    file: String,
    start: u64,
    end: u64,
    pattern_id: u64,
    pattern: String,
    label: Option<String>,
}

const COLUMNS: [&str; 7] = ["doc_id", "file", "start", "end", "pattern_id", "pattern", "label"];

/// A document the pipeline should process: (id, file, text).
#[derive(Clone, Debug)]
struct Doc {
    id: String,
    file: String,
    text: String,
}

fn doc(id: impl Into<String>, file: &Path, text: impl Into<String>) -> Doc {
    Doc { id: id.into(), file: name(file), text: text.into() }
}

/// How the pipeline names a file in rows, ids and messages.
fn name(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

/// The patterns of every test: non-ASCII ones, and one whose pattern and label need CSV quoting.
fn matcher() -> Matcher {
    MatcherBuilder::new()
        .build_with_labels([
            ("Alice", Some("PERSON")),
            ("Bob Smith", Some("PERSON")),
            ("Zürich", Some("PLACE")),
            ("Reuters", None),
            ("Acme, \"Inc.\"\nLtd", Some("ORG, \"quoted\"\nlabel")),
        ])
        .unwrap()
}

/// The rows `find_all` gives for `docs`, with offsets in `unit`.
fn expected_rows(m: &Matcher, docs: &[Doc], unit: OffsetUnit) -> Vec<Row> {
    let mut rows = Vec::new();
    for d in docs {
        for x in m.find_all(&d.text) {
            let conv = |b: usize| match unit {
                OffsetUnit::Bytes => b as u64,
                OffsetUnit::Chars => d.text[..b].chars().count() as u64,
            };
            rows.push(Row {
                doc_id: d.id.clone(),
                file: d.file.clone(),
                start: conv(x.start),
                end: conv(x.end),
                pattern_id: x.pattern as u64,
                pattern: m.pattern(x.pattern).unwrap().to_owned(),
                label: m.label(x.pattern).map(str::to_owned),
            });
        }
    }
    rows
}

/// What a scan did: its result, the records and warnings it reported, and how many updates.
struct Run {
    result: Result<(Stats, ScanResult), Error>,
    records: Vec<RecordError>,
    updates: usize,
}

impl Run {
    fn ok(self) -> (Stats, ScanResult, Vec<RecordError>) {
        match self.result {
            Ok((s, r)) => (s, r, self.records),
            Err(e) => panic!("scan failed: {e}"),
        }
    }

    fn err(&self) -> &Error {
        match &self.result {
            Ok(_) => panic!("scan succeeded, expected an error"),
            Err(e) => e,
        }
    }

    fn errors(&self) -> Vec<&RecordError> {
        self.records.iter().filter(|r| !r.warning).collect()
    }
}

/// Scans with a callback that records everything and stops after `stop_after` updates.
fn run_with(
    files: &[InputFile],
    m: &Matcher,
    opts: &ScanOptions,
    output: &ScanOutput,
    stop_after: Option<usize>,
) -> Run {
    let mut records = Vec::new();
    let mut updates = 0;
    let result = scan(files, m, opts, output, &mut |p| match p {
        Progress::Update(s) => {
            assert_eq!(s.records_read, s.processed + s.errors, "accounting in an update");
            updates += 1;
            stop_after.is_none_or(|n| updates < n)
        }
        Progress::Record(e) => {
            records.push(e.clone());
            true
        }
    });
    Run { result, records, updates }
}

fn run(files: &[InputFile], m: &Matcher, opts: &ScanOptions, output: &ScanOutput) -> Run {
    run_with(files, m, opts, output, None)
}

fn files_of(paths: &[&Path]) -> Vec<InputFile> {
    expand_paths(paths).unwrap()
}

fn str_col(b: &RecordBatch, i: usize) -> Vec<Option<String>> {
    let a = b.column(i).as_string::<i32>();
    (0..a.len()).map(|r| a.is_valid(r).then(|| a.value(r).to_owned())).collect()
}

fn int_col(b: &RecordBatch, i: usize) -> Vec<u64> {
    b.column(i).as_primitive::<UInt64Type>().values().to_vec()
}

fn rows_of_batches(batches: &[RecordBatch]) -> Vec<Row> {
    let mut rows = Vec::new();
    for b in batches {
        let names: Vec<&str> = b.schema_ref().fields().iter().map(|f| f.name().as_str()).collect();
        assert_eq!(names, COLUMNS);
        let (ids, files) = (str_col(b, 0), str_col(b, 1));
        let (starts, ends, pids) = (int_col(b, 2), int_col(b, 3), int_col(b, 4));
        let (pats, labels) = (str_col(b, 5), str_col(b, 6));
        for r in 0..b.num_rows() {
            rows.push(Row {
                doc_id: ids[r].clone().expect("doc_id is never null"),
                file: files[r].clone().expect("file is never null"),
                start: starts[r],
                end: ends[r],
                pattern_id: pids[r],
                pattern: pats[r].clone().expect("pattern is never null"),
                label: labels[r].clone(),
            });
        }
    }
    rows
}

fn memory_rows(result: &ScanResult) -> Vec<Row> {
    match result {
        ScanResult::Batches(schema, batches) => {
            let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
            assert_eq!(names, COLUMNS);
            assert!(!schema.field(0).is_nullable());
            assert!(schema.field(6).is_nullable());
            assert_eq!(schema.field(2).data_type(), &DataType::UInt64);
            rows_of_batches(batches)
        }
        other => panic!("expected batches, got {other:?}"),
    }
}

fn jsonl_rows(path: &Path) -> Vec<Row> {
    let text = fs::read_to_string(path).unwrap();
    text.lines()
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
            let mut sorted = COLUMNS.to_vec();
            sorted.sort_unstable();
            assert_eq!(keys, sorted, "JSON Lines keys of {line}");
            Row {
                doc_id: v["doc_id"].as_str().unwrap().to_owned(),
                file: v["file"].as_str().unwrap().to_owned(),
                start: v["start"].as_u64().unwrap(),
                end: v["end"].as_u64().unwrap(),
                pattern_id: v["pattern_id"].as_u64().unwrap(),
                pattern: v["pattern"].as_str().unwrap().to_owned(),
                label: v["label"].as_str().map(str::to_owned),
            }
        })
        .collect()
}

/// An RFC 4180 parser: records of fields, quoted fields may hold commas, quotes and newlines.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    let mut at_field_start = true;
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    field.push('"');
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '"' if at_field_start => {
                quoted = true;
                at_field_start = false;
            }
            '"' => panic!("a quote inside an unquoted CSV field: {text:?}"),
            ',' => {
                record.push(std::mem::take(&mut field));
                at_field_start = true;
            }
            '\r' => {
                assert_eq!(chars.next(), Some('\n'), "CR without LF in CSV");
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
                at_field_start = true;
            }
            '\n' => panic!("bare LF ending a CSV record (RFC 4180 wants CRLF)"),
            c => {
                field.push(c);
                at_field_start = false;
            }
        }
    }
    assert!(!quoted, "unterminated quoted CSV field");
    assert!(field.is_empty() && record.is_empty(), "last CSV record not terminated");
    records
}

fn csv_rows(path: &Path) -> Vec<Row> {
    let text = fs::read_to_string(path).unwrap();
    let recs = parse_csv(&text);
    assert_eq!(recs[0], COLUMNS, "CSV header");
    recs[1..]
        .iter()
        .map(|r| {
            assert_eq!(r.len(), 7, "CSV record {r:?}");
            Row {
                doc_id: r[0].clone(),
                file: r[1].clone(),
                start: r[2].parse().unwrap(),
                end: r[3].parse().unwrap(),
                pattern_id: r[4].parse().unwrap(),
                pattern: r[5].clone(),
                label: (!r[6].is_empty()).then(|| r[6].clone()),
            }
        })
        .collect()
}

fn parquet_rows(path: &Path) -> Vec<Row> {
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    let reader =
        ParquetRecordBatchReaderBuilder::try_new(fs::File::open(path).unwrap()).unwrap().build();
    let batches: Vec<RecordBatch> = reader.unwrap().map(Result::unwrap).collect();
    rows_of_batches(&batches)
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

fn zstd(data: &[u8]) -> Vec<u8> {
    zstd::stream::encode_all(data, 3).unwrap()
}

/// Everything a decoder yields before it fails or ends.
fn decodable_prefix(mut r: impl Read) -> Vec<u8> {
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match r.read(&mut buf) {
            Ok(0) | Err(_) => return out,
            Ok(n) => out.extend_from_slice(&buf[..n]),
        }
    }
}

/// A small deterministic generator (xorshift), for text that does not compress to nothing.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn word(&mut self) -> String {
        const WORDS: [&str; 12] = [
            "Alice",
            "Bob Smith",
            "Zürich",
            "Reuters",
            "naïve",
            "café",
            "the",
            "said",
            "Acme, \"Inc.\" Ltd",
            "東京",
            "report",
            "🎉",
        ];
        let w = WORDS[(self.next() % WORDS.len() as u64) as usize];
        if self.next() % 3 == 0 { format!("{w}{}", self.next() % 1000) } else { w.to_owned() }
    }

    fn text(&mut self, words: usize) -> String {
        (0..words).map(|_| self.word()).collect::<Vec<_>>().join(" ")
    }
}

fn json_line(id: Option<&str>, text: &str) -> String {
    let mut o = serde_json::Map::new();
    if let Some(id) = id {
        o.insert("id".into(), id.into());
    }
    o.insert("other".into(), serde_json::json!({"nested": [1, 2, {"text": "not this"}]}));
    o.insert("text".into(), text.into());
    serde_json::Value::Object(o).to_string()
}

/// `n` JSON lines with ids `{prefix}{i}` and generated texts; returns the bytes and the docs.
fn generated(prefix: &str, n: usize, seed: u64, file: &Path) -> (Vec<u8>, Vec<Doc>) {
    let mut rng = Rng(seed);
    let mut bytes = Vec::new();
    let mut docs = Vec::new();
    for i in 0..n {
        let id = format!("{prefix}{i:05}");
        let words = 3 + (rng.next() % 20) as usize;
        let text = rng.text(words);
        bytes.extend_from_slice(json_line(Some(&id), &text).as_bytes());
        bytes.push(b'\n');
        docs.push(doc(id, file, text));
    }
    (bytes, docs)
}

fn write_parquet(path: &Path, cols: Vec<(&str, ArrayRef)>) {
    let fields: Vec<Field> =
        cols.iter().map(|(n, a)| Field::new(*n, a.data_type().clone(), true)).collect();
    let schema = Arc::new(Schema::new(fields));
    let batch =
        RecordBatch::try_new(schema.clone(), cols.into_iter().map(|c| c.1).collect()).unwrap();
    let mut w = parquet::arrow::ArrowWriter::try_new(fs::File::create(path).unwrap(), schema, None)
        .unwrap();
    w.write(&batch).unwrap();
    w.close().unwrap();
}

// ---------------------------------------------------------------------------------------------
// (a) A corpus with injected faults
// ---------------------------------------------------------------------------------------------

/// The fault corpus: its folder, the input files, the documents that must be processed and the
/// (file, line, warning, message fragment) of every record report, in order.
struct Faulty {
    dir: TempDir,
    files: Vec<InputFile>,
    docs: Vec<Doc>,
    reports: Vec<(String, Option<u64>, bool, &'static str)>,
}

fn faulty_corpus() -> Faulty {
    let dir = TempDir::new("faults");
    let mut docs = Vec::new();
    let mut reports = Vec::new();

    // a.jsonl: good records, every kind of bad record, blank lines, invalid UTF-8, CRLF.
    let a = dir.path("a.jsonl");
    let mut bytes: Vec<u8> = Vec::new();
    let mut line = |b: &[u8]| {
        bytes.extend_from_slice(b);
        bytes.push(b'\n');
    };
    line(br#"{"id":"a1","text":"Alice met Bob Smith in Z\u00fcrich."}"#); // 1
    line(b""); // 2: blank, not a record
    line(br#"{"id":"a3","text":"Alice"#); // 3: malformed
    line(br#"{"id":"a4","title":"Alice"}"#); // 4: no text field
    line(br#"{"id":"a5","text":42}"#); // 5: a number
    line(br#"{"id":"a6","text":null}"#); // 6: null
    line(b"{\"id\":\"a7\",\"text\":\"caf\xff Alice in Z\xc3\xbcrich\"}"); // 7: invalid UTF-8
    line(b"   \t "); // 8: blank
    line(br#"{"text":"no id: Reuters says Alice"}"#); // 9: default id
    line(b"{\"id\":\"a10\",\"text\":\"\xc3\x9cn\xc3\xafcode: Bob Smith\"}\r"); // 10: CRLF
    line(br#"{"id":"a11","text":["Alice"]}"#); // 11: a list
    bytes.extend_from_slice(br#"{"id":12,"text":"Acme, \"Inc.\" Ltd and Alice"}"#); // 12, no LF
    fs::write(&a, &bytes).unwrap();
    docs.push(doc("a1", &a, "Alice met Bob Smith in Zürich."));
    reports.push((name(&a), Some(3), false, "malformed JSON"));
    reports.push((name(&a), Some(4), false, "no field \"text\""));
    reports.push((name(&a), Some(5), false, "number or boolean, not a string"));
    reports.push((name(&a), Some(6), false, "field \"text\" is null"));
    reports.push((name(&a), Some(7), true, "invalid UTF-8 replaced by U+FFFD"));
    docs.push(doc("a7", &a, "caf\u{FFFD} Alice in Zürich"));
    docs.push(doc(format!("{}:9", name(&a)), &a, "no id: Reuters says Alice"));
    docs.push(doc("a10", &a, "Ünïcode: Bob Smith"));
    reports.push((name(&a), Some(11), false, "is a list, not a string"));
    docs.push(doc("12", &a, "Acme, \"Inc.\" Ltd and Alice"));

    // b.jsonl.gz: two gzip members, concatenated.
    let b = dir.path("b.jsonl.gz");
    let (b1, mut b_docs) = generated("b", 3, 1, &b);
    let (b2, b2_docs) = generated("bb", 2, 2, &b);
    b_docs.extend(b2_docs);
    let mut gz = gzip(&b1);
    gz.extend(gzip(&b2));
    fs::write(&b, gz).unwrap();
    docs.extend(b_docs);

    // c.jsonl.gz and d.jsonl.zst: cut in the middle of the compressed bytes.
    for (fname, seed, gz) in [("c.jsonl.gz", 3, true), ("d.jsonl.zst", 4, false)] {
        let p = dir.path(fname);
        let (raw, all) = generated(&fname[..1], 4000, seed, &p);
        let full = if gz { gzip(&raw) } else { zstd(&raw) };
        let cut = &full[..full.len() / 2];
        fs::write(&p, cut).unwrap();
        // The lines a decoder can give before the stream breaks, independently of the pipeline.
        let prefix = if gz {
            decodable_prefix(flate2::read::MultiGzDecoder::new(cut))
        } else {
            decodable_prefix(zstd::stream::read::Decoder::new(cut).unwrap())
        };
        let complete = prefix.iter().filter(|&&c| c == b'\n').count();
        assert!(complete > 10 && complete < 4000, "{fname}: {complete} complete lines");
        docs.extend(all.into_iter().take(complete));
        let what = if gz {
            "truncated or corrupt gzip stream"
        } else {
            "truncated or corrupt zstd stream"
        };
        reports.push((name(&p), Some(complete as u64 + 1), false, what));
    }

    // e.ndjson.zst: a good zstd file.
    let e = dir.path("e.ndjson.zst");
    let (e_raw, e_docs) = generated("e", 4, 5, &e);
    fs::write(&e, zstd(&e_raw)).unwrap();
    docs.extend(e_docs);

    // f.parquet: a null text (row 1), a null id (row 2), an extra column.
    let f = dir.path("f.parquet");
    write_parquet(
        &f,
        vec![
            ("other", Arc::new(Int64Array::from(vec![1, 2, 3, 4]))),
            ("id", Arc::new(StringArray::from(vec![Some("f0"), Some("f1"), None, Some("f3")]))),
            (
                "text",
                Arc::new(StringArray::from(vec![
                    Some("Alice in Zürich"),
                    None,
                    Some("Bob Smith, Reuters"),
                    Some(""),
                ])),
            ),
        ],
    );
    docs.push(doc("f0", &f, "Alice in Zürich"));
    reports.push((name(&f), Some(1), false, "field \"text\" is null"));
    docs.push(doc(format!("{}:2", name(&f)), &f, "Bob Smith, Reuters"));
    docs.push(doc("f3", &f, ""));

    // g.txt, h.txt: one document each, h in Latin-1 (invalid UTF-8: a warning).
    let g = dir.write("g.txt", "Reuters: Alice and Bob Smith.\n".as_bytes());
    docs.push(doc(name(&g), &g, "Reuters: Alice and Bob Smith.\n"));
    let h = dir.write("h.txt", b"Z\xfcrich? Alice in Z\xc3\xbcrich");
    docs.push(doc(name(&h), &h, "Z\u{FFFD}rich? Alice in Zürich"));
    reports.push((name(&h), None, true, "invalid UTF-8 replaced by U+FFFD"));

    // Skipped inside folders: other extensions, hidden files. Walked: subfolders, sorted.
    dir.write("notes.md", b"Alice");
    dir.write(".hidden.jsonl", br#"{"text":"Alice"}"#);
    let i = dir.write("sub/i.jsonl", br#"{"id":"i1","text":"Alice"}"#);
    docs.push(doc("i1", &i, "Alice"));

    // A file listed but gone by the time it is read (deleted during the run): a bad record.
    // (A path the user names that does not exist is a fatal error of expand_paths instead.)
    let missing = dir.path("missing.jsonl");
    reports.push((name(&missing), None, false, "cannot read file"));

    let mut files = files_of(&[&dir.0]);
    files.push(InputFile { path: missing, format: InputFormat::Jsonl, size: 0 });
    Faulty { dir, files, docs, reports }
}

fn check_reports(records: &[RecordError], expected: &[(String, Option<u64>, bool, &str)]) {
    let got: Vec<(String, Option<u64>, bool)> =
        records.iter().map(|r| (r.file.to_string(), r.line, r.warning)).collect();
    let want: Vec<(String, Option<u64>, bool)> =
        expected.iter().map(|(f, l, w, _)| (f.clone(), *l, *w)).collect();
    assert_eq!(got, want, "reported records: {records:#?}");
    for (r, (_, _, _, fragment)) in records.iter().zip(expected) {
        assert!(r.message.contains(fragment), "{r} does not mention {fragment:?}");
    }
}

#[test]
fn faults_are_reported_and_good_records_processed() {
    let c = faulty_corpus();
    let m = matcher();
    let kinds: Vec<InputFormat> = c.files.iter().map(|f| f.format).collect();
    use InputFormat::*;
    assert_eq!(
        kinds,
        [Jsonl, JsonlGzip, JsonlGzip, JsonlZstd, JsonlZstd, Parquet, Text, Text, Jsonl, Jsonl]
    );

    let (stats, result, records) =
        run(&c.files, &m, &ScanOptions::default(), &ScanOutput::Memory).ok();
    check_reports(&records, &c.reports);

    let n_errors = c.reports.iter().filter(|r| !r.2).count() as u64;
    let n_warnings = c.reports.iter().filter(|r| r.2).count() as u64;
    assert_eq!(stats.errors, n_errors);
    assert_eq!(stats.warnings, n_warnings);
    assert_eq!(stats.processed, c.docs.len() as u64);
    assert_eq!(stats.records_read, stats.processed + stats.errors);
    assert_eq!(stats.files, 10);

    let rows = memory_rows(&result);
    let want = expected_rows(&m, &c.docs, OffsetUnit::Chars);
    assert_eq!(rows, want);
    assert_eq!(stats.rows, rows.len() as u64);
    // Sanity: the corpus has matches in non-ASCII texts, so chars and bytes differ.
    assert_ne!(want, expected_rows(&m, &c.docs, OffsetUnit::Bytes));

    // The whole of every file was read (the missing one has no size).
    let on_disk: u64 = c.files.iter().map(|f| fs::metadata(&f.path).map_or(0, |m| m.len())).sum();
    assert_eq!(stats.total_bytes, on_disk);
    assert_eq!(stats.bytes_read, stats.total_bytes);

    // Messages: `file:line: message` and `file: warning: message`.
    assert!(
        records[0]
            .to_string()
            .starts_with(&format!("{}:3: malformed JSON", name(&c.dir.path("a.jsonl"))))
    );
    let h = records.iter().find(|r| r.warning && r.line.is_none()).unwrap();
    assert_eq!(
        h.to_string(),
        format!("{}: warning: invalid UTF-8 replaced by U+FFFD", name(&c.dir.path("h.txt")))
    );
}

#[test]
fn faults_with_one_thread_and_a_tiny_window_give_the_same() {
    let c = faulty_corpus();
    let m = matcher();
    let opts = ScanOptions { threads: Some(1), window_bytes: 1, ..ScanOptions::default() };
    let (stats, result, records) = run(&c.files, &m, &opts, &ScanOutput::Memory).ok();
    check_reports(&records, &c.reports);
    assert_eq!(stats.records_read, stats.processed + stats.errors);
    assert_eq!(memory_rows(&result), expected_rows(&m, &c.docs, OffsetUnit::Chars));
}

// ---------------------------------------------------------------------------------------------
// (b) strict and max_errors
// ---------------------------------------------------------------------------------------------

#[test]
fn strict_stops_at_the_first_error() {
    let c = faulty_corpus();
    let m = matcher();
    let opts = ScanOptions { strict: true, ..ScanOptions::default() };
    let out = c.dir.path("strict.jsonl");
    for output in [ScanOutput::Memory, ScanOutput::File(out.clone())] {
        let r = run(&c.files, &m, &opts, &output);
        let ErrorKind::BadRecord(msg) = r.err().kind() else { panic!("{:?}", r.err()) };
        let first = format!("{}:3: malformed JSON", name(&c.dir.path("a.jsonl")));
        assert!(msg.contains("--strict") && msg.contains(&first), "{msg}");
        assert_eq!(r.errors().len(), 1, "{:?}", r.records);
        assert!(!out.exists());
    }
    assert!(!c.dir.listing().iter().any(|n| n.contains("strict")), "{:?}", c.dir.listing());
}

#[test]
fn strict_with_only_warnings_finishes() {
    let dir = TempDir::new("strict-warn");
    let p = dir.write("w.jsonl", b"{\"text\":\"caf\xe9 Alice\"}\n");
    let opts = ScanOptions { strict: true, ..ScanOptions::default() };
    let (stats, result, records) =
        run(&files_of(&[&p]), &matcher(), &opts, &ScanOutput::Memory).ok();
    assert_eq!((stats.processed, stats.errors, stats.warnings), (1, 0, 1));
    assert!(records[0].warning);
    assert_eq!(memory_rows(&result)[0].start, 5);
}

#[test]
fn max_errors() {
    let c = faulty_corpus();
    let m = matcher();
    let n_errors = c.reports.iter().filter(|r| !r.2).count() as u64;
    // Past N errors: stops at error N + 1.
    for max in [0, 2, n_errors - 1] {
        let opts = ScanOptions { max_errors: Some(max), ..ScanOptions::default() };
        let r = run(&c.files, &m, &opts, &ScanOutput::Memory);
        let ErrorKind::BadRecord(msg) = r.err().kind() else { panic!("{:?}", r.err()) };
        assert!(msg.contains(&format!("more than --max-errors {max}")), "{msg}");
        assert_eq!(r.errors().len() as u64, max + 1);
    }
    // Exactly N errors: the run finishes.
    for max in [n_errors, n_errors + 1] {
        let opts = ScanOptions { max_errors: Some(max), ..ScanOptions::default() };
        let (stats, _, _) = run(&c.files, &m, &opts, &ScanOutput::Memory).ok();
        assert_eq!(stats.errors, n_errors);
    }
}

// ---------------------------------------------------------------------------------------------
// (c) Output formats
// ---------------------------------------------------------------------------------------------

/// Documents whose ids, patterns and labels need quoting in CSV and escaping in JSON.
fn tricky_corpus(dir: &TempDir) -> (Vec<InputFile>, Vec<Doc>) {
    let p = dir.path("in, \"quoted\".jsonl");
    let texts = [
        ("x,\"y\"\nz", "Acme, \"Inc.\" Ltd meets Alice in Zürich"),
        ("plain", "Bob Smith (Reuters) — Ünïcode 🎉 Alice"),
        (" leading space", "nothing here"),
        ("tab\tid", "東京: Alice, Alice and Acme, \"Inc.\"\u{a0}Ltd"),
    ];
    let mut bytes = String::new();
    let mut docs = Vec::new();
    for (id, text) in texts {
        bytes.push_str(&json_line(Some(id), text));
        bytes.push('\n');
        docs.push(doc(id, &p, text));
    }
    fs::write(&p, bytes).unwrap();
    let (more, more_docs) = generated("g", 300, 9, &p);
    let mut all = fs::read(&p).unwrap();
    all.extend(more);
    fs::write(&p, all).unwrap();
    docs.extend(more_docs);
    (files_of(&[&p]), docs)
}

#[test]
fn outputs_agree_with_memory_and_find_all() {
    let dir = TempDir::new("outputs");
    let (files, docs) = tricky_corpus(&dir);
    let m = matcher();
    // The units give different offsets on this corpus.
    assert_ne!(
        expected_rows(&m, &docs, OffsetUnit::Chars),
        expected_rows(&m, &docs, OffsetUnit::Bytes)
    );
    for unit in [OffsetUnit::Chars, OffsetUnit::Bytes] {
        let opts = ScanOptions { offsets: unit, ..ScanOptions::default() };
        let (stats, result, records) = run(&files, &m, &opts, &ScanOutput::Memory).ok();
        assert!(records.is_empty());
        let rows = memory_rows(&result);
        assert_eq!(rows, expected_rows(&m, &docs, unit));
        assert_eq!(stats.rows, rows.len() as u64);
        assert!(rows.iter().any(|r| r.label.is_none()));
        assert!(rows.iter().any(|r| r.doc_id.contains('\n') && r.pattern.contains('\n')));

        for (ext, read) in [
            ("jsonl", jsonl_rows as fn(&Path) -> Vec<Row>),
            ("csv", csv_rows),
            ("parquet", parquet_rows),
        ] {
            let out = dir.path(&format!("out {unit:?}, \"x\".{ext}"));
            let (s, r, _) = run(&files, &m, &opts, &ScanOutput::File(out.clone())).ok();
            assert!(matches!(r, ScanResult::Written));
            assert_eq!(s, Stats { elapsed: s.elapsed, ..stats.clone() }, "{ext}");
            assert_eq!(read(&out), rows, "{ext} {unit:?}");
        }
    }
    // The input and the six outputs, no temporary file.
    let listing = dir.listing();
    assert_eq!(listing.len(), 7, "no temporary file left: {listing:?}");
}

#[test]
fn empty_results_write_valid_files() {
    let dir = TempDir::new("empty");
    let p = dir.write("none.jsonl", br#"{"text":"nothing"}"#);
    let m = matcher();
    for ext in ["jsonl", "csv", "parquet"] {
        let out = dir.path(&format!("out.{ext}"));
        let (s, _, _) =
            run(&files_of(&[&p]), &m, &ScanOptions::default(), &ScanOutput::File(out.clone())).ok();
        assert_eq!((s.processed, s.rows), (1, 0));
        let rows = match ext {
            "jsonl" => jsonl_rows(&out),
            "csv" => csv_rows(&out),
            _ => parquet_rows(&out),
        };
        assert!(rows.is_empty());
    }
}

#[test]
fn unknown_output_extension_is_an_error() {
    let dir = TempDir::new("badout");
    let p = dir.write("x.jsonl", br#"{"text":"Alice"}"#);
    let out = dir.path("out.txt");
    let r =
        run(&files_of(&[&p]), &matcher(), &ScanOptions::default(), &ScanOutput::File(out.clone()));
    assert!(matches!(r.err().kind(), ErrorKind::InvalidOption(_)), "{:?}", r.err());
    assert_eq!(dir.listing(), ["x.jsonl"]);
}

#[test]
fn counts() {
    let dir = TempDir::new("counts");
    let (files, docs) = tricky_corpus(&dir);
    let m = matcher();
    let mut want = vec![(0u64, 0u64); m.len()];
    for d in &docs {
        let found = m.find_all(&d.text);
        for x in &found {
            want[x.pattern].0 += 1;
        }
        let mut ids: Vec<usize> = found.iter().map(|x| x.pattern).collect();
        ids.sort_unstable();
        ids.dedup();
        for id in ids {
            want[id].1 += 1;
        }
    }
    let (_, r, _) =
        run(&files, &m, &ScanOptions::default(), &ScanOutput::Count { groups: None }).ok();
    let ScanResult::Counts(mut got) = r else { panic!("{r:?}") };
    got.resize(m.len(), (0, 0));
    assert_eq!(got, want);

    // Grouped by label: PERSON (0, 1), PLACE (2), none (3), ORG (4).
    let groups = vec![0, 0, 1, 2, 3];
    let (_, r, _) = run(
        &files,
        &m,
        &ScanOptions::default(),
        &ScanOutput::Count { groups: Some(groups.clone()) },
    )
    .ok();
    let ScanResult::Counts(got) = r else { panic!("{r:?}") };
    let mut per_label = vec![(0u64, 0u64); 4];
    for d in &docs {
        let found = m.find_all(&d.text);
        let mut gs: Vec<usize> = found.iter().map(|x| groups[x.pattern]).collect();
        for &g in &gs {
            per_label[g].0 += 1;
        }
        gs.sort_unstable();
        gs.dedup();
        for g in gs {
            per_label[g].1 += 1;
        }
    }
    assert_eq!(got, per_label);
}

// ---------------------------------------------------------------------------------------------
// (d) Atomic output files
// ---------------------------------------------------------------------------------------------

/// A corpus of several chunks (chunks are at least 64 KiB).
fn big_corpus(dir: &TempDir, files: usize, lines: usize) -> (Vec<InputFile>, Vec<Doc>) {
    let mut paths = Vec::new();
    let mut docs = Vec::new();
    for f in 0..files {
        let p = dir.path(&format!("in{f:02}.jsonl"));
        let (bytes, d) = generated(&format!("f{f:02}-"), lines, 100 + f as u64, &p);
        fs::write(&p, bytes).unwrap();
        paths.push(p);
        docs.extend(d);
    }
    let refs: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
    (files_of(&refs), docs)
}

#[test]
fn cancelled_runs_leave_no_file() {
    let dir = TempDir::new("cancel");
    let (files, _) = big_corpus(&dir, 2, 3000);
    let inputs = dir.listing();
    assert!(files.iter().map(|f| f.size).sum::<u64>() > 4 * (64 << 10));
    let m = matcher();
    let opts = ScanOptions { window_bytes: 1, ..ScanOptions::default() };
    for ext in ["jsonl", "csv", "parquet"] {
        let out = dir.path(&format!("out.{ext}"));
        // Stop at the first progress update, then at the second.
        for stop in [1, 2] {
            let r = run_with(&files, &m, &opts, &ScanOutput::File(out.clone()), Some(stop));
            assert!(matches!(r.err().kind(), ErrorKind::Cancelled), "{:?}", r.err());
            assert_eq!(r.updates, stop);
            assert!(!out.exists(), "{}", out.display());
            assert_eq!(dir.listing(), inputs, "temporary file left behind ({ext})");
        }
        // An older output stays as it was.
        fs::write(&out, b"old").unwrap();
        let r = run_with(&files, &m, &opts, &ScanOutput::File(out.clone()), Some(1));
        assert!(matches!(r.err().kind(), ErrorKind::Cancelled));
        assert_eq!(fs::read(&out).unwrap(), b"old");
        fs::remove_file(&out).unwrap();
        assert_eq!(dir.listing(), inputs);
    }
    // Cancelling from a record report works too.
    let bad = dir.write("zz-bad.jsonl", b"{\n");
    let out = dir.path("out.jsonl");
    let mut all = files.clone();
    all.extend(files_of(&[&bad]));
    let r = scan(&all, &m, &opts, &ScanOutput::File(out.clone()), &mut |p| {
        !matches!(p, Progress::Record(_))
    });
    assert!(matches!(r.unwrap_err().kind(), ErrorKind::Cancelled));
    assert!(!out.exists());
    // And a complete run leaves the output and nothing else.
    let (_, _, _) = run(&files, &m, &opts, &ScanOutput::File(out.clone())).ok();
    let mut want = inputs.clone();
    want.push("out.jsonl".into());
    want.push("zz-bad.jsonl".into());
    want.sort();
    assert_eq!(dir.listing(), want);
}

#[test]
fn an_unwritable_output_is_a_fatal_error() {
    let dir = TempDir::new("unwritable");
    let p = dir.write("x.jsonl", br#"{"text":"Alice"}"#);
    let out = dir.path("no/such/folder/out.jsonl");
    let r = run(&files_of(&[&p]), &matcher(), &ScanOptions::default(), &ScanOutput::File(out));
    let ErrorKind::Io { path, action, source } = r.err().kind() else { panic!("{:?}", r.err()) };
    assert!(action.contains("cannot create"), "{action}");
    assert!(path.as_ref().is_some_and(|p| p.ends_with("out.jsonl")), "{path:?}");
    assert_eq!(source.kind(), std::io::ErrorKind::NotFound);
    assert!(r.err().to_string().contains("out.jsonl"), "{}", r.err());
}

// ---------------------------------------------------------------------------------------------
// (e) Windows, threads and order
// ---------------------------------------------------------------------------------------------

#[test]
fn window_size_and_threads_do_not_change_the_results() {
    let dir = TempDir::new("window");
    let (files, docs) = big_corpus(&dir, 4, 2500);
    let m = matcher();
    let want = expected_rows(&m, &docs, OffsetUnit::Chars);
    let mut seen_updates = Vec::new();
    for (window, threads) in
        [(64 << 20, None), (1, None), (1, Some(1)), (1, Some(2)), (300 << 10, Some(3))]
    {
        let opts = ScanOptions { window_bytes: window, threads, ..ScanOptions::default() };
        let r = run(&files, &m, &opts, &ScanOutput::Memory);
        let updates = r.updates;
        let (stats, result, records) = r.ok();
        assert!(records.is_empty());
        assert_eq!(stats.processed, docs.len() as u64);
        let rows = memory_rows(&result);
        assert_eq!(rows, want, "window {window}, threads {threads:?}");
        seen_updates.push(updates);
    }
    // A small window means many chunks (one update each, plus the final one).
    assert!(seen_updates[1] > 4 * 2 + 1, "{seen_updates:?}");
    // Input order: the documents with rows appear in the order of the files and lines.
    let mut ids: Vec<&str> = want.iter().map(|r| r.doc_id.as_str()).collect();
    ids.dedup();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    assert_eq!(ids, sorted);
    assert!(ids.len() > 5000);
}

#[test]
fn stats_count_bytes_of_compressed_files() {
    let dir = TempDir::new("bytes");
    let p = dir.path("x.jsonl.gz");
    let (raw, docs) = generated("x", 2000, 7, &p);
    fs::write(&p, gzip(&raw)).unwrap();
    let files = files_of(&[&p]);
    let opts = ScanOptions { window_bytes: 1, ..ScanOptions::default() };
    let (stats, result, _) = run(&files, &matcher(), &opts, &ScanOutput::Memory).ok();
    assert_eq!(stats.total_bytes, fs::metadata(&p).unwrap().len());
    assert_eq!(stats.bytes_read, stats.total_bytes);
    assert_eq!(memory_rows(&result), expected_rows(&matcher(), &docs, OffsetUnit::Chars));
}

// ---------------------------------------------------------------------------------------------
// (f) Ids, fields, paths
// ---------------------------------------------------------------------------------------------

#[test]
fn ids_and_fields() {
    let dir = TempDir::new("ids");
    let p = dir.write(
        "docs.ndjson",
        concat!(
            "{\"doc\":7,\"body\":\"Alice\"}\n",
            "{\"doc\":1.5,\"body\":\"Alice\"}\n",
            "{\"doc\":true,\"body\":\"Alice\"}\n",
            "{\"doc\":null,\"body\":\"Alice\"}\n",
            "{\"doc\":[1],\"body\":\"Alice\"}\n",
            "{\"body\":\"Alice\",\"id\":\"not this\",\"text\":\"Bob Smith\"}\n",
            "{\"doc\":\"d\",\"body\":\"Alice\",\"body\":\"Bob Smith\"}\n",
        )
        .as_bytes(),
    );
    let q = dir.path("noid.parquet");
    write_parquet(&q, vec![("body", Arc::new(StringArray::from(vec!["Alice", "x Alice"])))]);
    let t = dir.write("sub/doc one.txt", b"Alice");
    let files = files_of(&[&p, &q, &dir.path("sub")]);
    let opts =
        ScanOptions { text_field: "body".into(), id_field: "doc".into(), ..ScanOptions::default() };
    let (stats, result, records) = run(&files, &matcher(), &opts, &ScanOutput::Memory).ok();
    assert!(records.is_empty(), "{records:?}");
    assert_eq!(stats.processed, 10);
    let rows = memory_rows(&result);
    let ids: Vec<&str> = rows.iter().map(|r| r.doc_id.as_str()).collect();
    let (np, nq, nt) = (name(&p), name(&q), name(&t));
    let want: Vec<String> = vec![
        "7".into(),
        "1.5".into(),
        "true".into(),
        format!("{np}:4"),
        format!("{np}:5"),
        format!("{np}:6"),
        "d".into(),
        format!("{nq}:0"),
        format!("{nq}:1"),
        nt.clone(),
    ];
    assert_eq!(ids, want);
    // With duplicate keys, the last one wins (as in serde_json and Python's json).
    assert_eq!(rows[6].pattern, "Bob Smith");
    assert_eq!(rows.iter().map(|r| r.file.as_str()).collect::<Vec<_>>()[9], nt);

    // A text field missing from a Parquet file: one error naming the column.
    let opts = ScanOptions { text_field: "nope".into(), ..ScanOptions::default() };
    let r = run(&files_of(&[&q]), &matcher(), &opts, &ScanOutput::Memory);
    let (stats, _, records) = r.ok();
    assert_eq!((stats.records_read, stats.errors), (1, 1));
    assert!(records[0].message.contains("no column \"nope\""), "{}", records[0]);
}

#[test]
fn expand_paths_formats_and_errors() {
    let dir = TempDir::new("paths");
    for n in ["b.JSONL", "a.ndjson.gz", "c.jsonl.zst", "d.parquet", "e.txt", "f.json", "g.gz"] {
        dir.write(n, b"");
    }
    dir.write("z/y/x.jsonl", b"");
    dir.write(".git/h.jsonl", b"");
    let files = expand_paths(&[&dir.0]).unwrap();
    let got: Vec<(String, InputFormat)> = files
        .iter()
        .map(|f| (f.path.strip_prefix(&dir.0).unwrap().to_string_lossy().into_owned(), f.format))
        .collect();
    use InputFormat::*;
    let want = [
        ("a.ndjson.gz", JsonlGzip),
        ("b.JSONL", Jsonl),
        ("c.jsonl.zst", JsonlZstd),
        ("d.parquet", Parquet),
        ("e.txt", Text),
        ("z/y/x.jsonl", Jsonl),
    ];
    assert_eq!(got, want.map(|(a, b)| (a.to_owned(), b)));
    // Given explicitly, an unknown format is an error naming the file.
    let err = expand_paths(&[dir.path("f.json")]).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::InvalidOption(_)), "{err:?}");
    let msg = err.to_string();
    assert!(msg.contains("f.json") && msg.contains("unknown input format"), "{msg}");
    assert!(expand_paths(&[dir.path("g.gz")]).is_err());
    let f = expand_paths(&["-"]).unwrap();
    assert_eq!(f[0].format, Stdin);
}

// See: issue 7, "asper.scan("missing.jsonl", m) returns an empty table and says nothing".
#[test]
fn i7_a_named_input_that_cannot_be_opened_is_fatal() {
    let dir = TempDir::new("named");
    let ok = dir.write("ok.jsonl", br#"{"text":"Alice"}"#);
    for missing in [dir.path("nope.jsonl"), dir.path("nope-folder")] {
        let err = expand_paths(&[&ok, &missing]).unwrap_err();
        let ErrorKind::Io { path, source, .. } = err.kind() else { panic!("{err:?}") };
        assert_eq!(path.as_deref(), Some(missing.as_path()));
        assert_eq!(source.kind(), std::io::ErrorKind::NotFound);
        assert!(err.to_string().contains("nope"), "{err}");
        let src = std::error::Error::source(&err).unwrap();
        assert!(src.downcast_ref::<std::io::Error>().is_some());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let locked = dir.write("locked.jsonl", br#"{"text":"Alice"}"#);
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
        // Root reads it anyway: then there is nothing to check.
        if fs::File::open(&locked).is_ok() {
            return;
        }
        let err = expand_paths(&[&locked]).unwrap_err();
        let ErrorKind::Io { source, .. } = err.kind() else { panic!("{err:?}") };
        assert_eq!(source.kind(), std::io::ErrorKind::PermissionDenied);
    }
}

#[test]
fn unreadable_inputs() {
    let dir = TempDir::new("unreadable");
    // A folder named like a corpus file, a corrupt Parquet file, a file that is not gzip.
    fs::create_dir_all(dir.path("folder.jsonl/inner")).unwrap();
    fs::create_dir_all(dir.path("folder.txt")).unwrap();
    let pq = dir.write("bad.parquet", b"PAR1 not really");
    let gz = dir.write("bad.jsonl.gz", b"plain text, not gzip\n");
    let zs = dir.write("bad.jsonl.zst", b"plain text, not zstd\n");
    let ok = dir.write("ok.jsonl", br#"{"text":"Alice"}"#);
    let files: Vec<InputFile> = [
        InputFile { path: dir.path("folder.jsonl"), format: InputFormat::Jsonl, size: 0 },
        InputFile { path: dir.path("folder.txt"), format: InputFormat::Text, size: 0 },
    ]
    .into_iter()
    .chain(files_of(&[&pq, &gz, &zs, &ok]))
    .collect();
    let (stats, result, records) =
        run(&files, &matcher(), &ScanOptions::default(), &ScanOutput::Memory).ok();
    assert_eq!(records.len(), 5, "{records:#?}");
    assert!(records.iter().all(|r| !r.warning));
    assert_eq!((stats.processed, stats.errors, stats.records_read), (1, 5, 6));
    assert_eq!(memory_rows(&result).len(), 1);
    assert!(records[2].message.contains("Parquet"), "{}", records[2]);
    assert!(records[3].message.contains("gzip"), "{}", records[3]);
    assert!(records[4].message.contains("zstd"), "{}", records[4]);
}

/// A stream cut just before its end: every line decodes, the missing end is still an error.
#[test]
fn streams_missing_their_end() {
    let dir = TempDir::new("trailer");
    let m = matcher();
    for (fname, gz, cut) in
        [("t.jsonl.gz", true, 8), ("t1.jsonl.gz", true, 1), ("t.jsonl.zst", false, 1)]
    {
        let p = dir.path(fname);
        let (raw, docs) = generated("t", 50, 11, &p);
        let full = if gz { gzip(&raw) } else { zstd(&raw) };
        fs::write(&p, &full[..full.len() - cut]).unwrap();
        let r = run(&files_of(&[&p]), &m, &ScanOptions::default(), &ScanOutput::Memory);
        let (stats, result, records) = r.ok();
        assert_eq!(stats.errors, 1, "{fname}: {records:?}");
        assert_eq!(records[0].line, Some(stats.processed + 1), "{fname}");
        assert_eq!(stats.records_read, stats.processed + 1);
        let n = stats.processed as usize;
        assert_eq!(memory_rows(&result), expected_rows(&m, &docs[..n], OffsetUnit::Chars));
    }
}

// See: issue 4, "a UTF-8 BOM breaking line 1": the mark at the start of a JSON Lines file is
// not part of the first record.
#[test]
fn i4_byte_order_mark_of_a_json_lines_file() {
    let dir = TempDir::new("bom");
    let p =
        dir.write("bom.jsonl", "\u{feff}{\"text\":\"Alice\"}\n{\"text\":\"Alice\"}\n".as_bytes());
    let (stats, _, records) =
        run(&files_of(&[&p]), &matcher(), &ScanOptions::default(), &ScanOutput::Memory).ok();
    assert_eq!((stats.processed, stats.errors), (2, 0), "{records:?}");
}

// See: issue 7, "strip a BOM and accept CRLF in every text file asper reads". A text document:
// the mark is not part of the text, offsets count from after it; CRLF is ordinary whitespace.
#[test]
fn i7_byte_order_mark_of_a_text_document() {
    let dir = TempDir::new("bom-txt");
    let p = dir.write("doc.txt", "\u{feff}Alice\r\nZürich\r\n".as_bytes());
    let (stats, result, _) =
        run(&files_of(&[&p]), &matcher(), &ScanOptions::default(), &ScanOutput::Memory).ok();
    assert_eq!((stats.processed, stats.errors, stats.warnings), (1, 0, 0));
    let rows = memory_rows(&result);
    let spans: Vec<(u64, u64, &str)> =
        rows.iter().map(|r| (r.start, r.end, r.pattern.as_str())).collect();
    assert_eq!(spans, [(0, 5, "Alice"), (7, 13, "Zürich")]);
}

// See: issue 4, "Ctrl-C while input stalls": input that stalls (a pipe with no data yet) still
// calls the progress callback, so a caller can cancel without waiting for more input.
#[cfg(unix)]
#[test]
fn i4_cancel_while_input_stalls() {
    use std::time::{Duration, Instant};
    let dir = TempDir::new("fifo");
    let fifo = dir.path("slow.jsonl");
    match std::process::Command::new("mkfifo").arg(&fifo).status() {
        Ok(s) if s.success() => {}
        _ => return, // no mkfifo here: nothing to test
    }
    let files = vec![InputFile { path: fifo.clone(), format: InputFormat::Jsonl, size: 0 }];
    let out = dir.path("out.jsonl");
    // The writer: one line, then it keeps the pipe open (for up to 20 s) without writing.
    let (stop_tx, stop_rx) = std::sync::mpsc::channel::<()>();
    let writer = std::thread::spawn({
        let fifo = fifo.clone();
        move || {
            let mut f = fs::OpenOptions::new().write(true).open(&fifo).unwrap();
            f.write_all(b"{\"text\":\"Alice\"}\n").unwrap();
            let _ = stop_rx.recv_timeout(Duration::from_secs(20));
        }
    });
    let started = Instant::now();
    let r = scan(
        &files,
        &matcher(),
        &ScanOptions::default(),
        &ScanOutput::File(out.clone()),
        &mut |p| {
            !matches!(p, Progress::Update(_)) || started.elapsed() < Duration::from_millis(300)
        },
    );
    let took = started.elapsed();
    let _ = stop_tx.send(());
    writer.join().unwrap();
    assert!(matches!(r.unwrap_err().kind(), ErrorKind::Cancelled));
    assert!(took < Duration::from_secs(5), "cancelled only after {took:?}");
    assert!(!out.exists());
    assert_eq!(dir.listing(), ["slow.jsonl"]);
}

/// A Parquet text column that holds numbers: every row is a bad record (as a number in JSON
/// Lines is), not a text made of digits.
#[test]
fn parquet_non_string_text_column() {
    let dir = TempDir::new("pq-types");
    let q = dir.path("n.parquet");
    write_parquet(&q, vec![("text", Arc::new(Int64Array::from(vec![1, 2])))]);
    let (stats, result, records) =
        run(&files_of(&[&q]), &matcher(), &ScanOptions::default(), &ScanOutput::Memory).ok();
    assert_eq!((stats.processed, stats.errors, stats.records_read), (0, 2, 2));
    assert_eq!(records.iter().map(|r| r.line).collect::<Vec<_>>(), [Some(0), Some(1)]);
    assert!(records[0].message.contains("not a string column (Int64)"), "{}", records[0]);
    assert!(memory_rows(&result).is_empty());
    // Large strings and dictionary-encoded strings are texts.
    let texts = arrow_array::LargeStringArray::from(vec!["Alice", "Bob Smith"]);
    let dict: arrow_array::DictionaryArray<arrow_array::types::Int32Type> =
        vec!["Zürich", "Zürich"].into_iter().collect();
    write_parquet(&q, vec![("text", Arc::new(texts)), ("id", Arc::new(dict))]);
    let (stats, result, _) =
        run(&files_of(&[&q]), &matcher(), &ScanOptions::default(), &ScanOutput::Memory).ok();
    assert_eq!((stats.processed, stats.errors), (2, 0));
    let rows = memory_rows(&result);
    assert_eq!(rows.iter().map(|r| r.doc_id.as_str()).collect::<Vec<_>>(), ["Zürich", "Zürich"]);
}
