//! `cargo xtask mutants [--list] [NAME…]`: shows that the testkit's proofs
//! catch a deliberately broken evaluator (issue 5). `cargo xtask mutants
//! --all …` runs cargo-mutants over the library crates instead ([`all`]).
//!
//! The workspace is copied (without `target/`, `.git/` and `fuzz/target/`)
//! to `<temp>/precond-mutants/ws` and built there with its own target dir,
//! `<temp>/precond-mutants/target`: the repository and its target dir are
//! never touched. The unmutated copy must pass the testkit's tests first
//! (otherwise every mutation would look caught). Then each mutation, one at
//! a time, makes ONE literal replacement in the pristine file, optionally only
//! between two anchors, and runs `cargo test -p precond-testkit -p precond-cli`
//! (the CLI's tests run the conformance vectors through the evaluator). A mutation
//! is CAUGHT when a test fails; the report names the failing tests and the
//! invariants whose reports appear in the output. A mutation whose text is
//! not found exactly once is an error before anything is built, so a refactor
//! cannot turn a mutation into a silent no-op (a unit test checks the table
//! against the current sources, so `cargo test -p xtask` notices first).
//!
//! Exits nonzero when a mutation survived or did not compile. Takes minutes:
//! not part of `cargo xtask ci`. Logs: `<temp>/precond-mutants/logs/`.

use std::collections::BTreeMap;
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::util::{cargo, root};

mod all;

const USAGE: &str = "usage: cargo xtask mutants [--list] [NAME…]";

/// One deliberate bug: a literal replacement in one file of the workspace.
struct Mutation {
    /// Kebab-case name, used on the command line and in the report.
    name: &'static str,
    /// The file, relative to the workspace root.
    file: &'static str,
    /// When set, `from` is looked for only from the (unique) first anchor to
    /// the next occurrence of the second one.
    region: Option<(&'static str, &'static str)>,
    /// The text replaced; must occur exactly once in the region.
    from: &'static str,
    /// Its replacement.
    to: &'static str,
    /// What the mutation breaks, in one line.
    breaks: &'static str,
}

const MACHINE: &str = "crates/precondition/src/machine.rs";
const NOT_MODIFIED: &str = "crates/precondition/src/not_modified.rs";

/// The mutations, in the order they run.
const MUTATIONS: &[Mutation] = &[
    Mutation {
        name: "inm-strong-comparison",
        file: MACHINE,
        region: Some(("fn if_none_match(", "fn if_modified_since(")),
        from: "Comparison::Weak,",
        to: "Comparison::Strong,",
        breaks: "If-None-Match compares strongly (§13.1.2 requires the weak function)",
    },
    Mutation {
        name: "if-match-weak-comparison",
        file: MACHINE,
        region: Some(("fn if_match(", "fn if_unmodified_since(")),
        from: "Comparison::Strong,",
        to: "Comparison::Weak,",
        breaks: "If-Match compares weakly (§13.1.1 requires the strong function)",
    },
    Mutation {
        name: "ims-for-every-method",
        file: MACHINE,
        region: Some(("fn if_modified_since(", "fn if_range(")),
        from: "if !self.is_get_or_head() {",
        to: "if false {",
        breaks: "If-Modified-Since is evaluated for every method, not only GET and HEAD",
    },
    Mutation {
        name: "ims-equal-means-modified",
        file: MACHINE,
        region: Some(("fn if_modified_since(", "fn if_range(")),
        from: "let holds = last_modified > date;",
        to: "let holds = last_modified >= date;",
        breaks: "If-Modified-Since equal to Last-Modified counts as modified (no 304)",
    },
    Mutation {
        name: "ius-equal-means-modified",
        file: MACHINE,
        region: Some(("fn if_unmodified_since(", "fn if_none_match(")),
        from: "let holds = last_modified <= date;",
        to: "let holds = last_modified < date;",
        breaks: "If-Unmodified-Since equal to Last-Modified counts as modified (412)",
    },
    Mutation {
        name: "not-modified-for-any-status",
        file: MACHINE,
        region: Some(("fn not_modified(", "fn gate(")),
        from: "if self.ctx.unconditional_status() == StatusCode::OK {",
        to: "if true {",
        breaks: "a 304 is sent whatever the unconditional status (it must stand for a 200)",
    },
    Mutation {
        name: "malformed-inm-is-false",
        file: MACHINE,
        region: Some(("fn if_none_match(", "fn if_modified_since(")),
        from: "Err(e) => (Parsed::Malformed(e), true),",
        to: "Err(e) => (Parsed::Malformed(e), false),",
        breaks: "a malformed If-None-Match is false (policy: true, never a 304)",
    },
    Mutation {
        name: "cache-evaluates-if-match",
        file: MACHINE,
        region: Some(("fn if_match(", "fn if_unmodified_since(")),
        from: "Role::Origin => {}",
        to: "Role::Origin | Role::Cache => {}",
        breaks: "a cache evaluates If-Match (RFC 9111 §4.3.2 leaves it to the origin)",
    },
    Mutation {
        name: "gate-ignores-unconditional-412",
        file: MACHINE,
        region: Some(("fn gate(", "fn if_match(")),
        from: "status.is_success() || status == StatusCode::PRECONDITION_FAILED",
        to: "status.is_success()",
        breaks: "an unconditional 412 makes the gate ignore the conditions (§13.2.1: 2xx or 412)",
    },
    Mutation {
        name: "range-honoured-for-head",
        file: MACHINE,
        region: Some(("fn if_range(", "fn perform(")),
        from: "if *self.method != Method::GET {",
        to: "if *self.method != Method::GET && *self.method != Method::HEAD {",
        breaks: "Range (and If-Range) is processed for HEAD (§14.2: GET only)",
    },
    Mutation {
        name: "if-range-date-strong-at-now",
        file: MACHINE,
        region: Some(("fn if_range_value(", "fn date_condition(")),
        from: "DateStrength::Auto => last_modified.unix_seconds() < self.ctx.now().unix_seconds(),",
        to: "DateStrength::Auto => last_modified.unix_seconds() <= self.ctx.now().unix_seconds(),",
        breaks: "a Last-Modified equal to now is a strong If-Range validator (§8.8.2.2: 1 s before)",
    },
    Mutation {
        name: "if-match-star-without-representation",
        file: MACHINE,
        region: Some(("fn if_match(", "fn if_unmodified_since(")),
        from: "Ok(ListMatch::Any) => (Parsed::Any, self.rep.exists()),",
        to: "Ok(ListMatch::Any) => (Parsed::Any, true),",
        breaks: "`If-Match: *` holds without a current representation (§13.1.1)",
    },
    Mutation {
        name: "304-keeps-last-modified-with-etag",
        file: NOT_MODIFIED,
        region: Some(("pub fn not_modified_headers(", "#[cfg(test)]")),
        from: "        headers.remove(header::LAST_MODIFIED);",
        to: "        // mutated: Last-Modified kept",
        breaks: "a 304 with an ETag keeps Last-Modified (§15.4.5: redundant, dropped)",
    },
    Mutation {
        name: "304-drops-vary",
        file: NOT_MODIFIED,
        region: Some(("const DROPPED:", "];")),
        from: "    \"content-language\",",
        to: "    \"vary\",",
        breaks: "a 304 drops Vary and keeps Content-Language (§15.4.5 says the opposite)",
    },
    Mutation {
        name: "304-keeps-trailer",
        file: NOT_MODIFIED,
        region: Some(("const DROPPED:", "];")),
        from: "    \"trailer\",",
        to: "    \"content-type\",",
        breaks: "a 304 keeps Trailer (§15.4.5: a 304 has no trailers to announce)",
    },
    Mutation {
        name: "cache-evaluates-every-method",
        file: MACHINE,
        region: Some(("fn gate(", "fn if_match(")),
        from: "} else if self.ctx.role() == Role::Cache && !self.is_get_or_head() {",
        to: "} else if false {",
        breaks: "a cache evaluates the conditions of a PUT (RFC 9111 §4.3.2 ¶3: only GET and HEAD)",
    },
    Mutation {
        name: "epoch-placeholder-before-1970",
        file: MACHINE,
        region: None,
        from: "&& EPOCH_PLACEHOLDERS.contains(&given.unix_seconds())",
        to: "&& given.unix_seconds() <= 1",
        breaks: "every Last-Modified up to Unix second 1 (years 0000–1969) is a placeholder (§13.1.4: compared)",
    },
    Mutation {
        name: "if-range-leap-second-matches",
        file: MACHINE,
        region: Some(("fn if_range_value(", "fn date_condition(")),
        from: "if read.leap_second() {",
        to: "if false {",
        breaks: "an If-Range date with second 60 matches the second before it (§13.1.5: exact match)",
    },
];

/// Why a replacement could not be made exactly once.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum ReplaceError {
    /// `from` is empty.
    EmptyFrom,
    /// The start anchor occurs `count` times (not exactly once) in the file.
    StartAnchor { count: usize },
    /// The end anchor does not occur after the start anchor.
    EndAnchor,
    /// `from` occurs `count` times (not exactly once) in the region.
    From { count: usize },
}

impl fmt::Display for ReplaceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            ReplaceError::EmptyFrom => f.write_str("the text to replace is empty"),
            ReplaceError::StartAnchor { count } => write!(
                f,
                "the start anchor occurs {count} times in the file (needs exactly once)"
            ),
            ReplaceError::EndAnchor => {
                f.write_str("the end anchor does not follow the start anchor")
            }
            ReplaceError::From { count } => write!(
                f,
                "the text to replace occurs {count} times in the region (needs exactly once)"
            ),
        }
    }
}

/// Every position where `needle` starts in `haystack`, overlapping ones included.
fn occurrences(haystack: &str, needle: &str) -> Vec<usize> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = haystack.get(from..).and_then(|rest| rest.find(needle)) {
        let start = from + at;
        found.push(start);
        // Next char boundary after `start`.
        let step = haystack
            .get(start..)
            .and_then(|rest| rest.chars().next())
            .map_or(1, char::len_utf8);
        from = start + step;
    }
    found
}

/// `text` with `from` replaced by `to`, where `from` must occur exactly once
/// (in the region between the anchors, when given: from the start of the
/// unique start anchor to the start of the next end anchor).
fn replace_once(
    text: &str,
    region: Option<(&str, &str)>,
    from: &str,
    to: &str,
) -> Result<String, ReplaceError> {
    if from.is_empty() {
        return Err(ReplaceError::EmptyFrom);
    }
    let (begin, end) = match region {
        None => (0, text.len()),
        Some((start, stop)) => {
            let starts = occurrences(text, start);
            let [begin] = starts[..] else {
                return Err(ReplaceError::StartAnchor {
                    count: starts.len(),
                });
            };
            let after = begin + start.len();
            let stop_at = text
                .get(after..)
                .and_then(|rest| rest.find(stop))
                .ok_or(ReplaceError::EndAnchor)?;
            (begin, after + stop_at)
        }
    };
    let body = text.get(begin..end).unwrap_or_default();
    let found = occurrences(body, from);
    let [at] = found[..] else {
        return Err(ReplaceError::From { count: found.len() });
    };
    let at = begin + at;
    let mut mutated = String::with_capacity(text.len() + to.len());
    mutated.push_str(text.get(..at).unwrap_or_default());
    mutated.push_str(to);
    mutated.push_str(text.get(at + from.len()..).unwrap_or_default());
    Ok(mutated)
}

impl Mutation {
    /// The mutated `text`, or an error naming the mutation.
    fn apply(&self, text: &str) -> Result<String, String> {
        replace_once(text, self.region, self.from, self.to).map_err(|error| {
            let region = match self.region {
                Some((start, stop)) => format!(" between `{start}` and `{stop}`"),
                None => String::new(),
            };
            format!(
                "mutation `{}` cannot be applied to {}{region}: {error}; \
                 looked for {:?} (update the table in xtask/src/mutants.rs)",
                self.name, self.file, self.from
            )
        })
    }
}

/// What became of one mutation.
enum Verdict {
    /// Tests failed: the proofs caught it.
    Caught {
        tests: Vec<String>,
        invariants: Vec<(String, usize)>,
    },
    /// Every test passed.
    Survived,
    /// The mutant did not compile, or cargo failed without a failing test.
    Broken(&'static str),
}

impl Verdict {
    fn label(&self) -> &'static str {
        match self {
            Verdict::Caught { .. } => "CAUGHT",
            Verdict::Survived => "SURVIVED",
            Verdict::Broken(_) => "BROKEN",
        }
    }
}

/// Reads a `cargo test` log: a compile error, else the failing tests and the
/// invariants named in `<invariant> violated` reports.
fn verdict(passed: bool, log: &str) -> Verdict {
    if log
        .lines()
        .any(|line| line.starts_with("error[E") || line.starts_with("error: could not compile"))
    {
        return Verdict::Broken("does not compile");
    }
    if passed {
        return Verdict::Survived;
    }
    let mut tests: Vec<String> = log
        .lines()
        .filter_map(|line| line.strip_prefix("test ")?.strip_suffix(" ... FAILED"))
        .map(str::to_owned)
        .collect();
    tests.sort();
    tests.dedup();
    if tests.is_empty() {
        return Verdict::Broken("cargo failed, but no test did");
    }
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for at in occurrences(log, " violated") {
        let before = log.get(..at).unwrap_or_default();
        let name_start = before
            .rfind(|c: char| !(c.is_ascii_lowercase() || c == '_'))
            .map_or(0, |i| i + 1);
        let name = before.get(name_start..).unwrap_or_default();
        if !name.is_empty() {
            *counts.entry(name).or_default() += 1;
        }
    }
    let mut invariants: Vec<(String, usize)> = counts
        .into_iter()
        .map(|(name, count)| (name.to_owned(), count))
        .collect();
    invariants.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Verdict::Caught { tests, invariants }
}

pub(crate) fn run(args: &[String]) -> Result<(), String> {
    if args.iter().any(|arg| arg == "--all") {
        return all::run(args);
    }
    let mut names: Vec<&str> = Vec::new();
    for arg in args {
        match arg.as_str() {
            "--list" => {
                for m in MUTATIONS {
                    println!("{:<38} {}", m.name, m.breaks);
                }
                return Ok(());
            }
            "-h" | "--help" => {
                println!("{USAGE}\n{}", all::USAGE);
                return Ok(());
            }
            other if other.starts_with('-') => {
                return Err(format!("unknown option `{other}`; {USAGE}"));
            }
            name => names.push(name),
        }
    }
    let selected = select(&names)?;

    // Every selected mutation must apply to the sources before anything runs.
    let source = root();
    for m in &selected {
        m.apply(&read(&source.join(m.file))?)?;
    }

    let base = std::env::temp_dir().join("precond-mutants");
    let ws = base.join("ws");
    let target = base.join("target");
    let logs = base.join("logs");
    let started = Instant::now();
    if ws.exists() {
        fs::remove_dir_all(&ws).map_err(|e| format!("cannot remove {}: {e}", ws.display()))?;
    }
    copy_tree(&source, &ws, Path::new(""))?;
    fs::create_dir_all(&logs).map_err(|e| format!("cannot create {}: {e}", logs.display()))?;
    eprintln!(
        "xtask mutants: workspace copied to {}, target dir {}",
        ws.display(),
        target.display()
    );

    // The pristine text of each mutated file, as copied.
    let mut pristine: BTreeMap<&str, String> = BTreeMap::new();
    for m in &selected {
        if !pristine.contains_key(m.file) {
            pristine.insert(m.file, read(&ws.join(m.file))?);
        }
    }

    eprintln!("xtask mutants: baseline (unmutated copy)");
    let log = logs.join("baseline.log");
    let (passed, text, time) = cargo_test(&ws, &target, &log, false)?;
    if !passed {
        let failing: Vec<&str> = text
            .lines()
            .filter(|line| {
                line.ends_with("... FAILED")
                    || line.starts_with("error")
                    || line.contains("panicked")
            })
            .take(10)
            .collect();
        return Err(format!(
            "baseline: the UNMUTATED copy fails `cargo test -p precond-testkit -p precond-cli` (log: {}); \
             fix that first:\n{}",
            log.display(),
            failing.join("\n")
        ));
    }
    eprintln!("xtask mutants: baseline passes ({})", seconds(time));

    let mut rows: Vec<(&Mutation, Verdict, Duration)> = Vec::new();
    for (i, m) in selected.iter().enumerate() {
        eprintln!(
            "xtask mutants: [{}/{}] {}: {}",
            i + 1,
            selected.len(),
            m.name,
            m.breaks
        );
        let path = ws.join(m.file);
        let original = pristine.get(m.file).map_or("", String::as_str);
        write(&path, &m.apply(original)?)?;
        let log = logs.join(format!("{}.log", m.name));
        let result = cargo_test(&ws, &target, &log, true);
        write(&path, original)?;
        let (passed, text, time) = result?;
        let verdict = verdict(passed, &text);
        eprintln!(
            "xtask mutants: {}: {} ({})",
            m.name,
            verdict.label(),
            seconds(time)
        );
        rows.push((m, verdict, time));
    }

    print_report(&rows, started.elapsed());
    let bad: Vec<&str> = rows
        .iter()
        .filter(|(_, v, _)| !matches!(v, Verdict::Caught { .. }))
        .map(|(m, _, _)| m.name)
        .collect();
    if bad.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{} of {} mutations not caught: {} (logs in {})",
            bad.len(),
            rows.len(),
            bad.join(", "),
            logs.display()
        ))
    }
}

/// The mutations named (all when none is), in table order.
fn select(names: &[&str]) -> Result<Vec<&'static Mutation>, String> {
    if let Some(unknown) = names
        .iter()
        .find(|name| !MUTATIONS.iter().any(|m| m.name == **name))
    {
        let known: Vec<&str> = MUTATIONS.iter().map(|m| m.name).collect();
        return Err(format!(
            "no mutation named `{unknown}`; known: {}",
            known.join(", ")
        ));
    }
    Ok(MUTATIONS
        .iter()
        .filter(|m| names.is_empty() || names.contains(&m.name))
        .collect())
}

/// Runs the testkit's tests in `ws`; stdout and stderr go, interleaved, to
/// `log`. Returns whether they passed, the log's text and the time taken.
fn cargo_test(
    ws: &Path,
    target: &Path,
    log: &Path,
    no_fail_fast: bool,
) -> Result<(bool, String, Duration), String> {
    let file =
        fs::File::create(log).map_err(|e| format!("cannot create {}: {e}", log.display()))?;
    let copy = file
        .try_clone()
        .map_err(|e| format!("cannot write {}: {e}", log.display()))?;
    let mut command = cargo();
    command
        .current_dir(ws)
        .env("CARGO_TARGET_DIR", target)
        .args([
            "test",
            "-p",
            "precond-testkit",
            "-p",
            "precond-cli",
            "--locked",
        ])
        .stdin(Stdio::null())
        .stdout(copy)
        .stderr(file);
    if no_fail_fast {
        command.arg("--no-fail-fast");
    }
    let started = Instant::now();
    let status = command
        .status()
        .map_err(|e| format!("could not start cargo: {e}"))?;
    let time = started.elapsed();
    Ok((status.success(), read(log)?, time))
}

fn print_report(rows: &[(&Mutation, Verdict, Duration)], total: Duration) {
    println!();
    println!(
        "{:<38} {:<9} {:>5}  {:<45} failing tests",
        "mutation", "result", "time", "invariants (reports)"
    );
    for (m, verdict, time) in rows {
        let (invariants, tests) = match verdict {
            Verdict::Caught { tests, invariants } => {
                let invariants: Vec<String> = invariants
                    .iter()
                    .map(|(name, count)| format!("{name}({count})"))
                    .collect();
                (invariants.join(" "), tests.join(", "))
            }
            Verdict::Survived => ("-".to_owned(), "none".to_owned()),
            Verdict::Broken(why) => ("-".to_owned(), (*why).to_owned()),
        };
        println!(
            "{:<38} {:<9} {:>5}  {:<45} {tests}",
            m.name,
            verdict.label(),
            seconds(*time),
            if invariants.is_empty() {
                "-"
            } else {
                &invariants
            },
        );
    }
    let caught = rows
        .iter()
        .filter(|(_, v, _)| matches!(v, Verdict::Caught { .. }))
        .count();
    println!(
        "{caught} of {} mutations caught; total {}",
        rows.len(),
        seconds(total)
    );
}

fn seconds(time: Duration) -> String {
    format!("{}s", time.as_secs())
}

fn read(path: &Path) -> Result<String, String> {
    fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Paths (relative to the workspace root) that are not copied.
const EXCLUDED: [&str; 3] = ["target", ".git", "fuzz/target"];

/// Copies the directory `from` to `to`; `relative` is `from`'s path relative
/// to the workspace root, to match [`EXCLUDED`].
fn copy_tree(from: &Path, to: &Path, relative: &Path) -> Result<(), String> {
    fs::create_dir_all(to).map_err(|e| format!("cannot create {}: {e}", to.display()))?;
    let entries = fs::read_dir(from).map_err(|e| format!("cannot list {}: {e}", from.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("cannot list {}: {e}", from.display()))?;
        let name = entry.file_name();
        let rel: PathBuf = relative.join(&name);
        if EXCLUDED.iter().any(|excluded| rel == Path::new(excluded)) {
            continue;
        }
        let source = entry.path();
        let dest = to.join(&name);
        // Follows symbolic links: the copy holds what they point to.
        let metadata =
            fs::metadata(&source).map_err(|e| format!("cannot stat {}: {e}", source.display()))?;
        if metadata.is_dir() {
            copy_tree(&source, &dest, &rel)?;
        } else {
            fs::copy(&source, &dest).map_err(|e| {
                format!(
                    "cannot copy {} to {}: {e}",
                    source.display(),
                    dest.display()
                )
            })?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Replaces `from` with `to` in `text` (region as `start..stop`, or none)
    /// and compares with `expected`: the new text, or `error: <Display>`.
    fn check(text: &str, region: Option<(&str, &str)>, from: &str, to: &str, expected: &str) {
        let actual = match replace_once(text, region, from, to) {
            Ok(mutated) => mutated,
            Err(error) => format!("error: {error}"),
        };
        assert_eq!(
            actual, expected,
            "text {text:?}, region {region:?}, {from:?} -> {to:?}"
        );
    }

    #[test]
    fn replace_once_in_the_whole_file() {
        check("a < b", None, "<", "<=", "a <= b");
        check("fn x() { a < b }", None, "a < b", "true", "fn x() { true }");
        check(
            "a < b",
            None,
            ">",
            ">=",
            "error: the text to replace occurs 0 times in the region (needs exactly once)",
        );
        check(
            "a < b < c",
            None,
            "<",
            "<=",
            "error: the text to replace occurs 2 times in the region (needs exactly once)",
        );
        // Overlapping occurrences count.
        check(
            "aaa",
            None,
            "aa",
            "b",
            "error: the text to replace occurs 2 times in the region (needs exactly once)",
        );
        check("a", None, "", "b", "error: the text to replace is empty");
        check("é < ü", None, "<", "<=", "é <= ü");
    }

    #[test]
    fn replace_once_in_a_region() {
        let text = "fn one() { x < y }\nfn two() { x < y }\nfn three() { x < y }\n";
        let two = Some(("fn two(", "fn three("));
        check(
            text,
            two,
            "x < y",
            "x <= y",
            "fn one() { x < y }\nfn two() { x <= y }\nfn three() { x < y }\n",
        );
        // Found once in the file, but outside the region.
        check(
            "fn one() { a }\nfn two() { b }\nfn three() { c }",
            two,
            "a",
            "z",
            "error: the text to replace occurs 0 times in the region (needs exactly once)",
        );
        // Found twice in the region.
        check(
            "fn two() { b; b }\nfn three() {}",
            two,
            "b;",
            "c;",
            "fn two() { c; b }\nfn three() {}",
        );
        check(
            "fn two() { b b }\nfn three() {}",
            two,
            "b",
            "c",
            "error: the text to replace occurs 2 times in the region (needs exactly once)",
        );
        // The region ends at the first end anchor after the start anchor.
        check(
            "fn three() {}\nfn two() { b }\nfn three() { b }",
            two,
            "b",
            "c",
            "fn three() {}\nfn two() { c }\nfn three() { b }",
        );
        // The anchors themselves belong to the region (start) and not (end).
        check(
            "fn two() {}\nfn three() {}",
            two,
            "two",
            "2",
            "fn 2() {}\nfn three() {}",
        );
        check(
            "fn two() {}\nfn three() {}",
            two,
            "three",
            "3",
            "error: the text to replace occurs 0 times in the region (needs exactly once)",
        );
    }

    #[test]
    fn replace_once_with_missing_anchors() {
        let two = Some(("fn two(", "fn three("));
        check(
            "fn one() { b }",
            two,
            "b",
            "c",
            "error: the start anchor occurs 0 times in the file (needs exactly once)",
        );
        check(
            "fn two() { b }\nfn two() {}\nfn three() {}",
            two,
            "b",
            "c",
            "error: the start anchor occurs 2 times in the file (needs exactly once)",
        );
        check(
            "fn two() { b }",
            two,
            "b",
            "c",
            "error: the end anchor does not follow the start anchor",
        );
        check(
            "fn three() {}\nfn two() { b }",
            two,
            "b",
            "c",
            "error: the end anchor does not follow the start anchor",
        );
    }

    /// The table stays in step with the sources: every mutation applies
    /// exactly once and changes its file, and names are unique.
    #[test]
    fn every_mutation_applies_to_the_current_sources() {
        let root = root();
        for (i, m) in MUTATIONS.iter().enumerate() {
            let text = std::fs::read_to_string(root.join(m.file)).unwrap();
            let mutated = m.apply(&text).unwrap_or_else(|error| panic!("{error}"));
            assert_ne!(mutated, text, "{}", m.name);
            assert!(!m.breaks.is_empty(), "{}", m.name);
            assert!(
                MUTATIONS
                    .iter()
                    .skip(i + 1)
                    .all(|other| other.name != m.name),
                "duplicate name {}",
                m.name
            );
        }
    }

    #[test]
    fn reads_a_test_log() {
        let log = "\
   Compiling precond v0.1.0
test a ... ok
test exhaustive_get ... FAILED
    agrees_with_oracle violated: x
    agrees_with_oracle violated: y
Test failed: not_modified_is_sound violated: z
test conformance_vectors ... FAILED
test exhaustive_get ... FAILED
";
        let Verdict::Caught { tests, invariants } = verdict(false, log) else {
            panic!("not caught");
        };
        assert_eq!(tests, ["conformance_vectors", "exhaustive_get"]);
        assert_eq!(
            invariants,
            [
                ("agrees_with_oracle".to_owned(), 2),
                ("not_modified_is_sound".to_owned(), 1)
            ]
        );
        assert_eq!(verdict(true, "test a ... ok\n").label(), "SURVIVED");
        assert_eq!(
            verdict(false, "error[E0308]: mismatched types\n").label(),
            "BROKEN"
        );
        assert_eq!(
            verdict(false, "error: failed to get `http`\n").label(),
            "BROKEN"
        );
    }

    #[test]
    fn selects_by_name() {
        assert_eq!(select(&[]).unwrap().len(), MUTATIONS.len());
        let names: Vec<&str> = select(&["304-drops-vary", "inm-strong-comparison"])
            .unwrap()
            .iter()
            .map(|m| m.name)
            .collect();
        assert_eq!(names, ["inm-strong-comparison", "304-drops-vary"]);
        assert!(select(&["no-such-mutation"]).is_err());
    }
}
