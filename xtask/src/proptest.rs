//! `cargo xtask proptest [--cases N] [--release] [-- <test args>]`: the
//! workspace's tests with every property test raised to N cases.
//!
//! Property tests read `PROPTEST_CASES` (the testkit's `strategy::config` and
//! proptest's own default configuration both honour it); CI runs them with
//! their small built-in defaults. Everything after `--` goes to the test
//! binaries (a name filter, `--nocapture`, …).

use crate::util::{cargo, exec};

/// Cases per property when `--cases` is not given.
const DEFAULT_CASES: u32 = 10_000;

const USAGE: &str = "usage: cargo xtask proptest [--cases N] [--release] [-- <test args>]";

pub(crate) fn run(args: &[String]) -> Result<(), String> {
    let mut cases = DEFAULT_CASES;
    let mut release = false;
    let mut test_args: Vec<String> = Vec::new();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--cases" => {
                let value = rest
                    .next()
                    .ok_or_else(|| format!("`--cases` needs a number; {USAGE}"))?;
                cases = parse_cases(value)?;
            }
            "--release" => release = true,
            "--" => {
                test_args.extend(rest.by_ref().cloned());
            }
            other => match other.strip_prefix("--cases=") {
                Some(value) => cases = parse_cases(value)?,
                None => return Err(format!("unknown argument `{other}`; {USAGE}")),
            },
        }
    }
    let mut command = cargo();
    command
        .args(["test", "--workspace", "--locked", "--tests"])
        .env("PROPTEST_CASES", cases.to_string());
    if release {
        command.arg("--release");
    }
    if !test_args.is_empty() {
        command.arg("--").args(&test_args);
    }
    eprintln!("xtask proptest: PROPTEST_CASES={cases}");
    exec(&mut command)
}

fn parse_cases(value: &str) -> Result<u32, String> {
    match value.parse::<u32>() {
        Ok(cases) if cases > 0 => Ok(cases),
        _ => Err(format!(
            "`--cases` needs a positive number, not `{value}`; {USAGE}"
        )),
    }
}
