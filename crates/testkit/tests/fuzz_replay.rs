//! Replays the fuzzers' committed inputs on stable: every file of
//! `fuzz/corpus/<target>/` and of `fuzz/regressions/<target>/` (past
//! findings) goes through the same function the fuzz target calls
//! (`precond_testkit::fuzz`), so CI, which has no fuzzer, guards them.
//!
//! A missing or empty corpus fails the test: a replay of nothing proves
//! nothing. A failure names every file that broke and why.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::Instant;

use precond_testkit::fuzz;

/// The fuzz crate, next to the workspace's `crates/`.
fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz")
}

/// The regular files of `dir`, sorted; empty when `dir` does not exist.
fn files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    files
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_else(|| "a panic without a message".to_owned())
}

/// Runs every corpus and regression file of `name` through its target.
fn replay(name: &str) {
    let target = fuzz::target(name).unwrap();
    let dir = fuzz_dir();
    let corpus = files(&dir.join("corpus").join(name));
    assert!(
        !corpus.is_empty(),
        "fuzz/corpus/{name}/ is missing or empty: the replay would prove nothing"
    );
    let regressions = files(&dir.join("regressions").join(name));
    let start = Instant::now();
    let mut failures = Vec::new();
    for path in corpus.iter().chain(&regressions) {
        let data = match std::fs::read(path) {
            Ok(data) => data,
            // A fuzzer running on the corpus meanwhile replaced the file.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => panic!("cannot read {}: {e}", path.display()),
        };
        match catch_unwind(AssertUnwindSafe(|| target(&data))) {
            Ok(Ok(())) => {}
            Ok(Err(violation)) => failures.push(format!("{}: {violation}", path.display())),
            Err(payload) => failures.push(format!(
                "{}: panicked: {}",
                path.display(),
                panic_message(payload.as_ref())
            )),
        }
    }
    eprintln!(
        "{name}: {} corpus and {} regression files replayed in {:?}",
        corpus.len(),
        regressions.len(),
        start.elapsed()
    );
    assert!(
        failures.is_empty(),
        "{} of {} `{name}` inputs fail:\n{}",
        failures.len(),
        corpus.len() + regressions.len(),
        failures.join("\n")
    );
}

// proves: 9110-5.6.1.2-recipient-list-syntax, 9110-5.6.1.2-skip-empty-elements
#[test]
fn etag_corpus() {
    replay("etag");
}

// proves: 9110-5.6.7-accept-all-formats, 9110-5.6.7-rfc850-year-window
#[test]
fn date_corpus() {
    replay("date");
}

// proves: 9110-14.1.2-large-numerals, 9110-15.3.7.2-may-coalesce, 9110-15.3.7.2-part-content-range
#[test]
fn range_corpus() {
    replay("range");
}

// proves: 9110-13.2.2-evaluation-order, 9110-13.1.2-304-or-412
#[test]
fn evaluate_corpus() {
    replay("evaluate");
}

// proves: 9110-13.2.2-evaluation-order
#[test]
fn raw_headers_corpus() {
    replay("raw_headers");
}

// proves: 9110-15.4.5-keep-listed-fields, 9110-15.4.5-drop-representation-metadata
#[test]
fn not_modified_corpus() {
    replay("not_modified");
}

#[test]
fn fs_path_corpus() {
    replay("fs_path");
}

// proves: 9110-5.6.1.2-recipient-list-syntax, 9110-5.6.1.2-skip-empty-elements
#[test]
fn fs_accept_encoding_corpus() {
    replay("fs_accept_encoding");
}

/// The fuzz crate and the testkit list the same targets, each with a
/// dictionary: a target added on one side only fails here.
#[test]
fn every_target_has_a_fuzz_target_and_a_dictionary() {
    let dir = fuzz_dir();
    let mut on_disk: Vec<String> = files(&dir.join("fuzz_targets"))
        .iter()
        .filter_map(|path| Some(path.file_stem()?.to_str()?.to_owned()))
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = fuzz::TARGETS
        .iter()
        .map(|(name, _)| (*name).to_owned())
        .collect();
    listed.sort();
    assert_eq!(on_disk, listed, "fuzz/fuzz_targets/ against fuzz::TARGETS");
    for name in &listed {
        let dict = dir.join("dict").join(format!("{name}.dict"));
        assert!(dict.is_file(), "{} is missing", dict.display());
    }
}
