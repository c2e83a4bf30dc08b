//! `cargo xtask docs [--check]`: regenerates the generated documentation.
//!
//! Every generated file is one entry of [`GENERATED`]: its path in the repository and
//! the function that produces its whole text. To add one, write the generator (it may
//! run a test binary or an example through `util::cargo`) and add an entry. `--check`
//! writes nothing and fails when any file differs from what its generator produces.

use std::fs;
use std::path::Path;

use crate::spec;
use crate::util::{capture, cargo, root};

/// A generated file: where it lives (relative to the repository root) and what
/// produces its text.
struct Generated {
    path: &'static str,
    generate: fn(&Path) -> Result<String, String>,
}

const GENERATED: &[Generated] = &[
    Generated {
        path: "docs/spec/README.md",
        generate: spec::readme,
    },
    Generated {
        path: "docs/decision-table.md",
        generate: decision_table,
    },
    Generated {
        path: "docs/conformance.md",
        generate: conformance,
    },
];

/// The probe reports of live servers side by side, printed by precond-probe's
/// `conformance` example (servers on 127.0.0.1 only).
fn conformance(_root: &Path) -> Result<String, String> {
    capture(cargo().args([
        "run",
        "--quiet",
        "--locked",
        "--package",
        "precond-probe",
        "--example",
        "conformance",
    ]))
}

/// The oracle's decision table, printed by the testkit's `decision_table` example.
fn decision_table(_root: &Path) -> Result<String, String> {
    capture(cargo().args([
        "run",
        "--quiet",
        "--locked",
        "--package",
        "precond-testkit",
        "--example",
        "decision_table",
    ]))
}

pub(crate) fn run(args: &[String]) -> Result<(), String> {
    let check = match args {
        [] => false,
        [flag] if flag == "--check" => true,
        _ => return Err("usage: cargo xtask docs [--check]".to_owned()),
    };
    let mut stale = Vec::new();
    for file in GENERATED {
        let (text, current) = generate(file)?;
        if current.as_deref() == Some(text.as_str()) {
            eprintln!("{}: up to date", file.path);
        } else if check {
            eprintln!("{}: stale", file.path);
            stale.push(file.path);
        } else {
            write(&root().join(file.path), &text)?;
            eprintln!("{}: updated", file.path);
        }
    }
    if stale.is_empty() {
        Ok(())
    } else {
        Err(stale_message(&stale))
    }
}

/// Fails when the generated file at `path` (one of [`GENERATED`]) differs from what its
/// generator produces now: the check behind `--check`, for one file, for tests.
#[cfg(test)]
pub(crate) fn check_fresh(path: &str) -> Result<(), String> {
    let file = GENERATED
        .iter()
        .find(|file| file.path == path)
        .ok_or_else(|| format!("{path} is not a generated file"))?;
    let (text, current) = generate(file)?;
    if current.as_deref() == Some(text.as_str()) {
        Ok(())
    } else {
        Err(stale_message(&[path]))
    }
}

/// What `file`'s generator produces, and the file's current text (`None` when absent).
fn generate(file: &Generated) -> Result<(String, Option<String>), String> {
    let root = root();
    let text = (file.generate)(&root).map_err(|error| format!("{}: {error}", file.path))?;
    let current = fs::read_to_string(root.join(file.path))
        .ok()
        .map(|s| s.replace("\r\n", "\n"));
    Ok((text, current))
}

fn stale_message(stale: &[&str]) -> String {
    format!(
        "generated docs are stale ({}); run `cargo xtask docs`",
        stale.join(", ")
    )
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)
            .map_err(|error| format!("cannot create {}: {error}", dir.display()))?;
    }
    fs::write(path, text).map_err(|error| format!("cannot write {}: {error}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::GENERATED;

    #[test]
    fn generated_paths_are_distinct_and_under_docs() {
        for (index, file) in GENERATED.iter().enumerate() {
            assert!(file.path.starts_with("docs/"), "{}", file.path);
            assert!(
                GENERATED[..index]
                    .iter()
                    .all(|other| other.path != file.path),
                "{} listed twice",
                file.path
            );
        }
    }
}
