//! The conformance vectors: `tests/vectors/*.jsonl` at the repository root,
//! one case per line in the `precond check` format, read by that command's
//! reader ([`check::read_line`], then [`Case::prepare`](crate::case::Case::prepare)):
//! the format has one reader. Each vector must name an `id` (unique), a
//! `now` and an `expect`; `precond` (as `precond check` runs it) and the
//! testkit's reference oracle must both answer `expect`, and every evaluation
//! invariant must hold. A failure names the file, the line and the id.

use std::path::{Path, PathBuf};

use precond::{HttpDate, Trace};
use precond_testkit::invariants;
use serde_json::Value;

use crate::check::{self, Line};

fn vector_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors")
}

/// The clock a two-digit year in a vector's `now` would be read against; the
/// vectors give `now`, so their results do not depend on the day they run.
const CLOCK: HttpDate = HttpDate::UNIX_EPOCH;

/// Reads one line through `precond check`'s reader; `Ok` holds the id.
fn read(text: &str) -> Result<(String, Line), String> {
    let value: Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    let line = check::read_line(&value).map_err(|e| format!("{e:?}"))?;
    let Value::String(id) = &line.id else {
        return Err(format!("the `id` must be a string, not {}", line.id));
    };
    if line.case.now.is_none() {
        return Err(format!("{id}: no `now`"));
    }
    Ok((id.clone(), line))
}

/// Runs one vector; `Err` says what went wrong (a panic included, so that
/// one broken vector does not hide the others).
fn run(line: &Line) -> Result<(), String> {
    std::panic::catch_unwind(|| evaluate(line)).unwrap_or_else(|panic| {
        let message = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_default();
        Err(format!("panicked: {message}"))
    })
}

fn evaluate(line: &Line) -> Result<(), String> {
    let expect = line.expect.ok_or("no `expect`")?;
    let prepared = line.case.prepare(CLOCK).map_err(|e| format!("{e:?}"))?;
    let mut trace = Trace::new();
    let precond = prepared.status(prepared.evaluate(&mut trace)).as_u16();
    let model = prepared.model();
    let oracle = model.oracle().status;
    if oracle != expect || precond != expect {
        return Err(format!(
            "expected {expect}, precond answers {precond}, the oracle {oracle}"
        ));
    }
    invariants::check_all(&model).map_err(|v| v.to_string())
}

#[test]
fn conformance_vectors() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(vector_dir())
        .expect("tests/vectors exists")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    files.sort();
    assert!(
        !files.is_empty(),
        "no vectors in {}",
        vector_dir().display()
    );
    let mut ids = std::collections::HashSet::new();
    let mut failures = Vec::new();
    let mut count = 0;
    for file in &files {
        let name = file
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let text = std::fs::read_to_string(file).expect("a readable vector file");
        for (number, text) in text.lines().enumerate() {
            if text.trim().is_empty() {
                continue;
            }
            count += 1;
            let result = read(text).and_then(|(id, line)| {
                if !ids.insert(id.clone()) {
                    return Err(format!("{id}: duplicate id"));
                }
                run(&line).map_err(|why| format!("{id}: {why}"))
            });
            if let Err(why) = result {
                failures.push(format!("{name}:{}: {why}", number + 1));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {count} vectors failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
