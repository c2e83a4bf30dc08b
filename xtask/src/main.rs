//! `cargo xtask`: the precond project driver.
//!
//! One small program, in the manner of rust-analyzer's xtask: if `cargo xtask ci`
//! passes locally, CI is green. Each subcommand lives in its own module; its only
//! dependencies read TOML and JSON (`toml`, `serde_json`). The checks of the repository
//! itself (requirement tracing, generated docs current) are ordinary tests (`tidy.rs`),
//! so `cargo test` runs them too.

mod bench;
mod ci;
mod docs;
mod fuzz;
mod load;
mod mutants;
mod proptest;
mod spec;
#[cfg(test)]
mod tidy;
mod util;

use std::process::ExitCode;

const HELP: &str = "\
cargo xtask: the precond project driver

USAGE:
    cargo xtask <COMMAND> [ARGS]

COMMANDS:
    bench       run the criterion suite (precond against its peers) and write
                docs/benchmarks.md: `[--quick] [FILTER]`; `--report`: no run
    ci          everything CI checks: fmt, clippy, tests (nextest when installed;
                they include the tidy tests: requirement tracing, generated docs
                current), doctests, docs with warnings denied, bench smoke run
    docs        regenerate the generated docs (docs/spec/README.md,
                docs/decision-table.md, docs/conformance.md: probe reports of
                servers started on 127.0.0.1);
                `--check`: change nothing, fail when any of them is stale
    fuzz        fuzz the cargo-fuzz targets one at a time with their dictionaries and
                committed corpora: `[TARGET|all] [--time SECS]` (default 60 s each);
                `--cmin`: minimise the corpora
    load        requests/s of an axum server with and without precond-tower's
                layer, and a 304, under oha (installed if missing), server and
                oha pinned to cores 0 and 1: `[--secs N] [--connections N]`;
                for information, not run in CI
    mutants     mutation check (issue 5): break the evaluator on purpose, one
                mutation at a time in a copy of the workspace, and show the
                testkit's tests catch each one; `--list`, or NAME… to pick (minutes);
                `--all [CRATE…] [--shard K] [--status]`: cargo-mutants over the
                library crates in resumable shards (hours; see docs/mutants.md)
    proptest    the workspace tests with every property raised to N cases:
                `--cases N` (default 10000), `--release`, `-- <test args>`
    spec        requirement tracing: check docs/spec/requirements.toml against the
                tests' `// proves:` tags (and the spec excerpts in ../shared when
                present), print the coverage table, fail on any gap
    help        this text

Run from anywhere inside the repository.
";

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let command = args.next();
    let rest: Vec<String> = args.collect();
    let result = match command.as_deref() {
        Some("bench") => bench::run(&rest),
        Some("ci") => ci::run(&rest),
        Some("docs") => docs::run(&rest),
        Some("fuzz") => fuzz::run(&rest),
        Some("load") => load::run(&rest),
        Some("mutants") => mutants::run(&rest),
        Some("proptest") => proptest::run(&rest),
        Some("spec") => spec::run(&rest),
        None | Some("help" | "--help" | "-h") => {
            print!("{HELP}");
            Ok(())
        }
        Some(other) => Err(format!("unknown command `{other}`; see `cargo xtask help`")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}
