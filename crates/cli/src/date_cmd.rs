//! `precond date`: parse an HTTP-date (RFC 9110 §5.6.7) and print it, or the
//! error.

use std::io::{self, Write};

use precond::HttpDate;

use crate::Exit;
use crate::args::DateArgs;
use crate::case;
use crate::json::{self, Date, ParseError, Verdict};
use crate::text;

/// Runs `precond date`.
pub(crate) fn run(args: &DateArgs, out: &mut impl Write, err: &mut impl Write) -> io::Result<Exit> {
    let now = match case::clock(args.now.as_deref()) {
        Ok(now) => now,
        Err(message) => {
            writeln!(err, "error: --now: {message}")?;
            return Ok(Exit::Unusable);
        }
    };
    let value = args.value.as_encoded_bytes();
    match HttpDate::parse_with_format(value, now) {
        Ok((date, format)) => {
            if args.json {
                let verdict = Verdict::valid(None, Date::new(date, Some(format)));
                writeln!(out, "{}", json::line(&verdict))?;
            } else {
                writeln!(out, "{date}")?;
                writeln!(out, "  format: {format}")?;
                writeln!(out, "  unix:   {}", date.unix_seconds())?;
            }
            Ok(Exit::Success)
        }
        Err(e) => {
            let error = ParseError::date(&e);
            if args.json {
                let verdict: Verdict<Date> = Verdict::invalid(None, error);
                writeln!(out, "{}", json::line(&verdict))?;
            } else {
                text::invalid(err, value, "not an HTTP-date", &error)?;
            }
            Ok(Exit::Failed)
        }
    }
}
