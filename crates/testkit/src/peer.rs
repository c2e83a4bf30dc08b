//! The `httpdate` crate (1.0.3) as a peer of `precond-date`, and the one
//! statement of where the two differ by design.
//!
//! Every input `httpdate` accepts is accepted by `precond-date` too, as the
//! same instant, except for the three differences the `precond-date` crate
//! docs list ("Differences from the `httpdate` crate"). [`compare`] says
//! which case an input falls in; the `date` fuzz target
//! ([`fuzz::date`](crate::fuzz::date)) and the differential property test
//! (`tests/httpdate.rs`) both judge through it.

use precond_date::{Format, HttpDate};

use crate::facts;

/// The clock `precond-date` reads the inputs at (`httpdate` has none):
/// 2026-05-01T12:00:00Z. The two-digit year window moves with it.
pub const NOW: HttpDate = match HttpDate::from_unix_seconds(1_777_636_800) {
    Ok(date) => date,
    Err(_) => HttpDate::UNIX_EPOCH,
};

/// How `precond-date` (at [`NOW`]) and `httpdate` read one input, when that
/// is allowed.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Agreement {
    /// `httpdate` rejects the input: nothing to compare.
    TheyReject,
    /// Both accept it, as the same instant.
    Same,
    /// Difference 1: `httpdate` reads a two-digit year 00–69 as 2000–2069
    /// and 70–99 as 1970–1999; `precond-date` puts it in the 50-year window
    /// RFC 9110 §5.6.7 asks for, another century (where the day name then
    /// no longer fits).
    YearWindow,
    /// Difference 2: `httpdate` trims every ASCII whitespace byte around the
    /// value (`str::trim`), `precond-date` only OWS (SP and HTAB).
    Whitespace,
    /// Difference 3: `httpdate` does not look at the byte between `date2`
    /// and `time-of-day` of an rfc850-date; `precond-date` wants the SP of
    /// the grammar.
    Rfc850Separator,
}

/// A difference that is not by design: `httpdate` accepts the input as
/// `theirs`, `precond-date` reads it as `ours`.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Disagreement {
    /// What `httpdate` reads.
    pub theirs: HttpDate,
    /// What `precond-date` reads at [`NOW`].
    pub ours: Result<HttpDate, precond_date::Error>,
}

/// What `httpdate` reads `input` as (`None`: it rejects it, or reads an
/// instant outside `HttpDate`'s range).
pub fn reads(input: &[u8]) -> Option<HttpDate> {
    let text = std::str::from_utf8(input).ok()?;
    let t = httpdate::parse_http_date(text).ok()?;
    HttpDate::from_system_time(t).ok()
}

/// Compares `precond-date` at [`NOW`] with `httpdate` on `input`: `Ok` when
/// they agree or differ by design (which design, in the [`Agreement`]),
/// `Err` otherwise.
///
/// A value that differs in its whitespace or rfc850 separator is compared
/// again once that difference is removed (as `httpdate` reads it), so a
/// second, unexplained difference behind the first is still found; the
/// recursion ends as each step removes one difference.
pub fn compare(input: &[u8]) -> Result<Agreement, Disagreement> {
    let Some(theirs) = reads(input) else {
        return Ok(Agreement::TheyReject);
    };
    let ours = HttpDate::parse_at(input, NOW);
    if ours == Ok(theirs) {
        return Ok(Agreement::Same);
    }
    if ours.is_err() {
        if let Some(stripped) = strip_other_whitespace(input)
            && reads(&stripped) == Some(theirs)
        {
            return compare(&stripped).map(|_| Agreement::Whitespace);
        }
        if let Some(fixed) = fix_rfc850_separator(input)
            && reads(&fixed) == Some(theirs)
        {
            return compare(&fixed).map(|_| Agreement::Rfc850Separator);
        }
        if year_window_differs(input, theirs) {
            return Ok(Agreement::YearWindow);
        }
    }
    Err(Disagreement { theirs, ours })
}

/// The input trimmed as `httpdate` trims it (`str::trim`), when that removes
/// more than OWS.
fn strip_other_whitespace(input: &[u8]) -> Option<Vec<u8>> {
    let trimmed = std::str::from_utf8(input).ok()?.trim().as_bytes();
    (facts::trim_ows(input).len() != trimmed.len()).then(|| trimmed.to_vec())
}

/// The rfc850-date (OWS trimmed, as both parsers do) with an SP between
/// `date2` and `time-of-day`, when another byte is there.
fn fix_rfc850_separator(input: &[u8]) -> Option<Vec<u8>> {
    let input = facts::trim_ows(input);
    let start = [
        "Monday, ",
        "Tuesday, ",
        "Wednesday, ",
        "Thursday, ",
        "Friday, ",
        "Saturday, ",
        "Sunday, ",
    ]
    .iter()
    .find(|name| input.starts_with(name.as_bytes()))?
    .len();
    let at = start + 9;
    if input.len() != start + 22 || input.get(at) == Some(&b' ') {
        return None;
    }
    let mut fixed = input.to_vec();
    *fixed.get_mut(at)? = b' ';
    Some(fixed)
}

/// Whether `input`, an rfc850-date `httpdate` reads as `theirs`, is read the
/// same here by a clock at `theirs`, while the 50-year window at [`NOW`]
/// puts its two digits in another century.
fn year_window_differs(input: &[u8], theirs: HttpDate) -> bool {
    let Ok((at_theirs, Format::Rfc850)) = HttpDate::parse_with_format(input, theirs) else {
        return false;
    };
    let rest = |d: HttpDate| (d.month(), d.day(), d.hour(), d.minute(), d.second());
    let limit = (NOW.year() + 50, rest(NOW));
    let digits = theirs.year() % 100;
    let ours = (0..=99u16)
        .map(|century| century * 100 + digits)
        .filter(|&year| (year, rest(theirs)) <= limit)
        .max();
    at_theirs == theirs && ours != Some(theirs.year())
}
