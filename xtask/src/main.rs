//! `cargo xtask`: the precond project driver.
//!
//! One small program with no dependencies, in the manner of rust-analyzer's xtask:
//! if `cargo xtask ci` passes locally, CI is green. Each subcommand lives in its own
//! module.

mod ci;
mod util;

use std::process::ExitCode;

const HELP: &str = "\
cargo xtask: the precond project driver

USAGE:
    cargo xtask <COMMAND> [ARGS]

COMMANDS:
    ci          everything CI checks: fmt, clippy, tests (nextest when installed),
                doctests, docs with warnings denied, bench smoke run
    help        this text

Run from anywhere inside the repository.
";

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let command = args.next();
    let rest: Vec<String> = args.collect();
    let result = match command.as_deref() {
        Some("ci") => ci::run(&rest),
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
