//! Runs the built `precond` binary.
#![allow(dead_code)] // each test file uses part of it

use std::ffi::OsStr;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// What a run printed and returned.
#[derive(Debug)]
pub(crate) struct Run {
    /// The exit status.
    pub(crate) code: i32,
    /// Stdout, which precond always writes as UTF-8.
    pub(crate) stdout: String,
    /// Stderr.
    pub(crate) stderr: String,
}

impl Run {
    /// Stdout's lines as JSON values.
    pub(crate) fn json_lines(&self) -> Vec<serde_json::Value> {
        self.stdout
            .lines()
            .map(|line| {
                serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"))
            })
            .collect()
    }

    /// Stdout as one JSON value.
    pub(crate) fn json(&self) -> serde_json::Value {
        let mut lines = self.json_lines();
        assert_eq!(lines.len(), 1, "one JSON line expected: {self:?}");
        lines.remove(0)
    }
}

/// Runs `precond args…` with no input.
pub(crate) fn precond<S: AsRef<OsStr>>(args: impl IntoIterator<Item = S>) -> Run {
    precond_with_stdin(args, b"")
}

/// Runs `precond args…` with `stdin` as its standard input.
pub(crate) fn precond_with_stdin<S: AsRef<OsStr>>(
    args: impl IntoIterator<Item = S>,
    stdin: &[u8],
) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_precond"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the precond binary runs");
    let mut input = child.stdin.take().expect("a stdin pipe");
    // precond may stop reading early (a usage error); a broken pipe is fine.
    let _ = input.write_all(stdin);
    drop(input);
    let output = child.wait_with_output().expect("precond finishes");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "precond panicked: {stderr}");
    Run {
        code: output
            .status
            .code()
            .expect("precond exits, not killed by a signal"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr,
    }
}

/// The repository's `tests/vectors` directory.
pub(crate) fn vector_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors")
}

/// A file in this test binary's scratch directory holding `bytes`.
pub(crate) fn scratch_file(name: &str, bytes: &[u8]) -> PathBuf {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, bytes).expect("the scratch directory is writable");
    path
}
