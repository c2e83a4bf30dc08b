//! `cargo xtask ci`: every check CI runs, in the order that fails fastest.
//!
//! The checks of the repository itself (requirement tracing, generated docs current)
//! are tests (`xtask/src/tidy.rs`, the testkit's `decision_table` test), so the test
//! step runs them.

use std::process::Stdio;

use crate::util::{cargo, display, exec, has_cargo_subcommand};

pub(crate) fn run(_args: &[String]) -> Result<(), String> {
    exec(cargo().args(["fmt", "--all", "--check"]))?;
    exec(cargo().args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--locked",
        "--",
        "-D",
        "warnings",
    ]))?;
    if has_cargo_subcommand("nextest") {
        exec(cargo().args([
            "nextest",
            "run",
            "--workspace",
            "--locked",
            "--no-fail-fast",
        ]))?;
    } else {
        exec(cargo().args([
            "test",
            "--workspace",
            "--locked",
            "--no-fail-fast",
            "--lib",
            "--bins",
            "--tests",
        ]))?;
    }
    exec(cargo().args(["test", "--workspace", "--locked", "--doc"]))?;
    // Bench smoke: every criterion benchmark once, its answer checked, in the
    // test profile (the fat-LTO bench profile would cost minutes to build).
    exec(cargo().args([
        "test",
        "--package",
        "precond-benches",
        "--benches",
        "--locked",
    ]))?;
    doc()?;
    eprintln!("xtask ci: all checks passed");
    Ok(())
}

/// `cargo doc` with rustdoc warnings denied, failing as well on a warning of
/// cargo's own (an output file collision, say), which `-D warnings` does not
/// reach: its stderr is passed through and searched for `warning:`.
fn doc() -> Result<(), String> {
    let mut command = cargo();
    command
        .args(["doc", "--workspace", "--no-deps", "--locked"])
        .env("RUSTDOCFLAGS", "-D warnings")
        .stderr(Stdio::piped());
    eprintln!("$ {}", display(&command));
    let output = command
        .output()
        .map_err(|error| format!("could not start `{}`: {error}", display(&command)))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    eprint!("{stderr}");
    if !output.status.success() {
        return Err(format!("`{}` failed: {}", display(&command), output.status));
    }
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|line| line.trim_start().starts_with("warning:"))
        .collect();
    if warnings.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "`{}` warned ({} line(s)); fix the cause:\n{}",
            display(&command),
            warnings.len(),
            warnings.join("\n")
        ))
    }
}
