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
    let now = match case::clock(args.now.as_ref().map(|now| now.as_encoded_bytes())) {
        Ok(now) => now,
        Err(message) => {
            writeln!(err, "error: --now: {message}")?;
            return Ok(Exit::Unusable);
        }
    };
    let value = args.value.as_encoded_bytes();
    match HttpDate::parse_detailed(value, now) {
        Ok(parsed) => {
            let (date, format) = (parsed.date(), parsed.format());
            if args.json {
                let shape = Date {
                    leap_second: parsed.leap_second().then_some(true),
                    ..Date::new(date, Some(format))
                };
                writeln!(out, "{}", json::line(&Verdict::valid(None, shape)))?;
            } else {
                writeln!(out, "{date}")?;
                writeln!(out, "  format: {format}")?;
                writeln!(out, "  unix:   {}", date.unix_seconds())?;
                if parsed.leap_second() {
                    // precond-date's reading of the leap second (RFC 9110
                    // §5.6.7 allows second 60; an HttpDate has none).
                    writeln!(
                        out,
                        "  note:   the leap second 23:59:60 is read as 23:59:59; as an If-Range \
                         date it never matches exactly (RFC 9110 §13.1.5)"
                    )?;
                }
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
