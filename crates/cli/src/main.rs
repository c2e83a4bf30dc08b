//! `precond`: explain and check HTTP conditional requests as RFC 9110 §13
//! evaluates them, and parse entity-tags and HTTP-dates.
//!
//! - `precond explain`: one request from flags; prints the status and the
//!   trace, one stage per line with the section that decided it (`--json`).
//! - `precond check [FILE|-]`: JSON Lines in, JSON Lines out, one case per
//!   line, for test suites in any language (the format of
//!   `tests/vectors/*.jsonl`).
//! - `precond etag VALUE [--as list|tag|if-range]`, `precond date VALUE`:
//!   parse and print the structure, or the error with its ABNF rule and
//!   offset.
//! - `precond probe URL`: check a live server's conditional requests against
//!   RFC 9110 (a battery of requests, each answer judged by the evaluator).
//!
//! `precond <command> --help` has the details and examples. Results go to
//! stdout, diagnostics to stderr. Exit status: 0 success; 1 a value is
//! invalid (`etag`, `date`) or a case failed (`check`); 2 unusable input or
//! usage.
#![forbid(unsafe_code)]

mod args;
mod case;
mod check;
mod date_cmd;
mod etag_cmd;
mod explain;
mod json;
mod probe;
mod text;
#[cfg(test)]
mod vectors;

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use clap::Parser;

use crate::args::{Cli, Command};

/// The exit statuses.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Exit {
    /// 0: done; the value is valid; every case passed.
    Success = 0,
    /// 1: the value is invalid; a case failed or a line could not be used.
    Failed = 1,
    /// 2: the command line or the input is unusable; nothing was done.
    Unusable = 2,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> Self {
        ExitCode::from(exit as u8)
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // `--help` and `--version` are "errors" with exit status 0.
            let _ = e.print();
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    let mut out = BufWriter::new(io::stdout().lock());
    let mut err = io::stderr().lock();
    let result = match &cli.command {
        Command::Explain(args) => explain::run(args, &mut out, &mut err),
        Command::Check(args) => check::run(args, &mut out, &mut err),
        Command::Etag(args) => etag_cmd::run(args, &mut out, &mut err),
        Command::Date(args) => date_cmd::run(args, &mut out, &mut err),
        Command::Probe(args) => probe::run(args, &mut out, &mut err),
    };
    match result.and_then(|exit| out.flush().map(|()| exit)) {
        Ok(exit) => exit.into(),
        Err(e) => {
            // A closed pipe (`precond check … | head`) is not worth a message.
            if e.kind() != io::ErrorKind::BrokenPipe {
                let _ = writeln!(err, "error: cannot write the output: {e}");
            }
            Exit::Unusable.into()
        }
    }
}
