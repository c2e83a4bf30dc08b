//! The grammar as nom parsers: one function per ABNF rule, named after it
//! (RFC 9110 §14.1, §14.3, §14.4; lists per §5.6.1.2). nom stays inside this
//! module: the public types call the entry points at the bottom.

use nom::bytes::complete::{tag, take_while, take_while1};
use nom::error::{ErrorKind, ParseError};
use nom::{IResult, Parser};

use crate::error::{Error, Kind};
use crate::spec::RangeSpec;

/// A parse failure: what went wrong, and the input left where it did.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct Fail<'a> {
    kind: Kind,
    rest: &'a [u8],
}

impl<'a> ParseError<&'a [u8]> for Fail<'a> {
    fn from_error_kind(input: &'a [u8], _: ErrorKind) -> Self {
        // Every parser below names its own failure; this is only reached by
        // a combinator (`tag`, `take_while1`) whose failure the caller
        // renames, so nom's kind is not kept.
        Fail {
            kind: Kind::Digit,
            rest: input,
        }
    }

    fn append(_: &'a [u8], _: ErrorKind, other: Self) -> Self {
        other
    }
}

type PResult<'a, O> = IResult<&'a [u8], O, Fail<'a>>;

/// A committed failure: no alternative can apply.
fn failure<O>(kind: Kind, rest: &[u8]) -> PResult<'_, O> {
    Err(nom::Err::Failure(Fail { kind, rest }))
}

/// Renames whatever failure `result` holds to `kind` at `at`.
fn named<'a, O>(result: PResult<'a, O>, kind: Kind, at: &'a [u8]) -> PResult<'a, O> {
    result.map_err(|e| e.map(|_| Fail { kind, rest: at }))
}

/// Turns a nom error on `value` into an [`Error`] with its byte offset.
pub(crate) fn to_error(err: &nom::Err<Fail<'_>>, value: &[u8]) -> Error {
    match *err {
        nom::Err::Error(fail) | nom::Err::Failure(fail) => {
            Error::new(fail.kind, value.len().saturating_sub(fail.rest.len()))
        }
        // `complete` parsers never ask for more input; should one, the value
        // ended early.
        nom::Err::Incomplete(_) => Error::new(Kind::Digit, value.len()),
    }
}

/// `true` for a `tchar` (RFC 9110 §5.6.2).
///
/// ```abnf
/// tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." /
///         "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
/// ```
pub(crate) fn is_tchar(byte: u8) -> bool {
    matches!(byte,
        b'!' | b'#' | b'$' | b'%' | b'&' | b'\'' | b'*' | b'+' | b'-' | b'.'
        | b'^' | b'_' | b'`' | b'|' | b'~' | b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z')
}

/// `true` for SP or HTAB.
fn is_ws(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t')
}

/// Optional whitespace (RFC 9110 §5.6.3).
///
/// ```abnf
/// OWS = *( SP / HTAB )
/// ```
pub(crate) fn ows(input: &[u8]) -> PResult<'_, &[u8]> {
    take_while(is_ws).parse(input)
}

/// A range unit (RFC 9110 §14.1); compared case-insensitively by the caller.
///
/// ```abnf
/// range-unit = token
/// token      = 1*tchar
/// ```
pub(crate) fn range_unit(input: &[u8]) -> PResult<'_, &[u8]> {
    named(take_while1(is_tchar).parse(input), Kind::UnitStart, input)
}

/// `1*DIGIT` read as a position in a Range: a number too large for `u64`
/// saturates at `u64::MAX`, which lies beyond every representation, so it
/// means the same (RFC 9110 §14.1.2 ¶10: large numerals never fail to parse).
/// The digits are returned too, for an exact comparison when first-pos saturates.
fn position(input: &[u8]) -> PResult<'_, (u64, &[u8])> {
    let (rest, digits) = take_while1(|b: u8| b.is_ascii_digit()).parse(input)?;
    // spec: 9110-14.1.2-large-numerals
    let mut value = 0_u64;
    for &d in digits {
        value = value.saturating_mul(10).saturating_add(u64::from(d - b'0'));
    }
    Ok((rest, (value, digits)))
}

/// `a < b` for two `1*DIGIT` strings, exactly, whatever their size.
fn digits_less(a: &[u8], b: &[u8]) -> bool {
    let trim = |d: &[u8]| -> usize { d.iter().position(|&c| c != b'0').unwrap_or(d.len()) };
    let (a, b) = (
        a.get(trim(a)..).unwrap_or_default(),
        b.get(trim(b)..).unwrap_or_default(),
    );
    (a.len(), a) < (b.len(), b)
}

/// A range from a first position, to a last one or to the end (RFC 9110
/// §14.1.1); last-pos below first-pos makes it invalid (¶6).
///
/// ```abnf
/// int-range = first-pos "-" [ last-pos ]
/// first-pos = 1*DIGIT
/// last-pos  = 1*DIGIT
/// ```
pub(crate) fn int_range(input: &[u8]) -> PResult<'_, RangeSpec> {
    let (rest, (first, first_digits)) = named(position(input), Kind::SpecStart, input)?;
    let (rest, _) = named(tag(&b"-"[..]).parse(rest), Kind::Dash, rest)?;
    let Ok((after, (last, last_digits))) = position(rest) else {
        return Ok((rest, RangeSpec::From { first }));
    };
    // RFC 9110 §14.1.1 ¶6: last-pos below first-pos is invalid. The values
    // order the positions unless first-pos saturated (then last-pos may
    // saturate too): only then are the digits compared.
    let backwards = if first == u64::MAX {
        digits_less(last_digits, first_digits)
    } else {
        last < first
    };
    if backwards {
        return failure(Kind::Backwards, rest);
    }
    Ok((after, RangeSpec::Int { first, last }))
}

/// The last N units of the representation (RFC 9110 §14.1.1).
///
/// ```abnf
/// suffix-range  = "-" suffix-length
/// suffix-length = 1*DIGIT
/// ```
pub(crate) fn suffix_range(input: &[u8]) -> PResult<'_, RangeSpec> {
    let (rest, _) = named(tag(&b"-"[..]).parse(input), Kind::SpecStart, input)?;
    let (rest, (length, _)) = named(position(rest), Kind::SuffixDigits, rest)?;
    Ok((rest, RangeSpec::Suffix { length }))
}

/// One range-spec of the `bytes` unit (RFC 9110 §14.1.1, §14.1.2): byte
/// ranges never use other-range, so anything else is invalid.
///
/// ```abnf
/// range-spec  = int-range / suffix-range / other-range
/// other-range = 1*( %x21-2B / %x2D-7E )
/// ```
pub(crate) fn range_spec(input: &[u8]) -> PResult<'_, RangeSpec> {
    match input.first() {
        Some(b'-') => suffix_range(input),
        Some(b'0'..=b'9') => int_range(input),
        // RFC 9110 §14.1.2 ¶1: byte ranges do not use other-range.
        _ => failure(Kind::SpecStart, input),
    }
}

/// One list element with the OWS around it (RFC 9110 §5.6.1.2): empty
/// elements are read and skipped.
///
/// ```abnf
/// OWS [ range-spec ] OWS
/// ```
pub(crate) fn element(input: &[u8]) -> PResult<'_, Option<RangeSpec>> {
    let (rest, _) = ows(input)?;
    let (rest, spec) = match rest.first() {
        None | Some(b',') => (rest, None),
        Some(_) => {
            let (rest, spec) = range_spec(rest)?;
            (rest, Some(spec))
        }
    };
    let (rest, _) = ows(rest)?;
    Ok((rest, spec))
}

/// What follows an element: the comma before the next one (`true`), or the
/// end of the value (`false`).
pub(crate) fn separator(input: &[u8]) -> PResult<'_, bool> {
    match input.first() {
        None => Ok((input, false)),
        Some(b',') => Ok((input.get(1..).unwrap_or_default(), true)),
        Some(_) => failure(Kind::Separator, input),
    }
}

/// The unit and the `=` of a Range (RFC 9110 §14.1.1, §14.2); the range-set
/// is read lazily by [`crate::RangeSet`], one [`element`] at a time.
///
/// ```abnf
/// Range            = ranges-specifier
/// ranges-specifier = range-unit "=" range-set
/// range-set        = 1#range-spec
/// ```
///
/// OWS around the value is part of the field syntax (RFC 9110 §5.5), and OWS
/// right after `=` is read as list OWS, as in the §14.1.2 example
/// `bytes= 0-999, 4500-5499, -1000`.
pub(crate) fn ranges_specifier(input: &[u8]) -> PResult<'_, &[u8]> {
    let (rest, _) = ows(input)?;
    let (rest, unit) = range_unit(rest)?;
    let (rest, _) = named(tag(&b"="[..]).parse(rest), Kind::Equals, rest)?;
    Ok((rest, unit))
}

/// `1*DIGIT` in a Content-Range, exact: a number beyond `u64::MAX` is an error.
fn number(input: &[u8]) -> PResult<'_, u64> {
    let (rest, digits) = named(
        take_while1(|b: u8| b.is_ascii_digit()).parse(input),
        Kind::Digit,
        input,
    )?;
    let mut value = 0_u64;
    for &d in digits {
        match value
            .checked_mul(10)
            .and_then(|n| n.checked_add(u64::from(d - b'0')))
        {
            Some(n) => value = n,
            None => return failure(Kind::Overflow, input),
        }
    }
    Ok((rest, value))
}

/// The range a 206 encloses (RFC 9110 §14.4).
///
/// ```abnf
/// incl-range = first-pos "-" last-pos
/// ```
pub(crate) fn incl_range(input: &[u8]) -> PResult<'_, (u64, u64)> {
    let (rest, first) = number(input)?;
    let (rest, _) = named(tag(&b"-"[..]).parse(rest), Kind::InclDash, rest)?;
    let (after, last) = number(rest)?;
    if last < first {
        // spec: 9110-14.4-invalid-content-range
        return failure(Kind::InclBackwards, rest);
    }
    Ok((after, (first, last)))
}

/// The representation length (RFC 9110 §14.4).
///
/// ```abnf
/// complete-length = 1*DIGIT
/// ```
pub(crate) fn complete_length(input: &[u8]) -> PResult<'_, u64> {
    number(input)
}

/// A satisfied range and the complete length, or `*` when it is unknown
/// (RFC 9110 §14.4); complete-length must exceed last-pos (¶9).
///
/// ```abnf
/// range-resp = incl-range "/" ( complete-length / "*" )
/// ```
pub(crate) fn range_resp(input: &[u8]) -> PResult<'_, ((u64, u64), Option<u64>)> {
    let (rest, (first, last)) = incl_range(input)?;
    let (rest, _) = named(tag(&b"/"[..]).parse(rest), Kind::Slash, rest)?;
    if let Some(after) = rest.strip_prefix(b"*") {
        return Ok((after, ((first, last), None)));
    }
    let (after, length) = complete_length(rest)?;
    if length <= last {
        return failure(Kind::Length, rest);
    }
    Ok((after, ((first, last), Some(length))))
}

/// The answer of a 416 (RFC 9110 §14.4).
///
/// ```abnf
/// unsatisfied-range = "*/" complete-length
/// ```
pub(crate) fn unsatisfied_range(input: &[u8]) -> PResult<'_, u64> {
    let (rest, _) = named(tag(&b"*/"[..]).parse(input), Kind::StarSlash, input)?;
    complete_length(rest)
}

/// What a Content-Range holds: the range (`None` for `*`) and the complete
/// length (`None` for `*`).
pub(crate) type ContentRangeValue = (Option<(u64, u64)>, Option<u64>);

/// A Content-Range value of the `bytes` unit, with the OWS a field value may
/// have around it (RFC 9110 §14.4, §5.5). Other units are an error: this
/// crate does not understand them (§14.4 ¶3 then forbids recombining).
///
/// ```abnf
/// Content-Range = range-unit SP ( range-resp / unsatisfied-range )
/// ```
pub(crate) fn content_range(input: &[u8]) -> PResult<'_, ContentRangeValue> {
    let (rest, _) = ows(input)?;
    let (after_unit, unit) = range_unit(rest)?;
    if !unit.eq_ignore_ascii_case(b"bytes") {
        return failure(Kind::NotBytes, rest);
    }
    let (rest, _) = named(tag(&b" "[..]).parse(after_unit), Kind::Space, after_unit)?;
    let (rest, value) = if rest.starts_with(b"*") {
        let (rest, length) = unsatisfied_range(rest)?;
        (rest, (None, Some(length)))
    } else {
        let (rest, (range, length)) = range_resp(rest)?;
        (rest, (Some(range), length))
    };
    let (rest, _) = ows(rest)?;
    if !rest.is_empty() {
        return failure(Kind::Trailing, rest);
    }
    Ok((rest, value))
}

/// One element of an Accept-Ranges list, with the OWS around it (RFC 9110
/// §5.6.1.2); empty elements are skipped.
///
/// ```abnf
/// OWS [ range-unit ] OWS
/// ```
pub(crate) fn unit_element(input: &[u8]) -> PResult<'_, Option<&[u8]>> {
    let (rest, _) = ows(input)?;
    let (rest, unit) = match rest.first() {
        None | Some(b',') => (rest, None),
        Some(_) => {
            let (rest, unit) = range_unit(rest)?;
            (rest, Some(unit))
        }
    };
    let (rest, _) = ows(rest)?;
    match rest.first() {
        None | Some(b',') => Ok((rest, unit)),
        Some(_) => failure(Kind::UnitSeparator, rest),
    }
}

/// The units a server accepts ranges in (RFC 9110 §14.3); at least one.
///
/// ```abnf
/// Accept-Ranges     = acceptable-ranges
/// acceptable-ranges = 1#range-unit
/// ```
pub(crate) fn acceptable_ranges(input: &[u8]) -> Result<usize, Error> {
    let mut rest = input;
    let mut count = 0_usize;
    loop {
        let (after, unit) = unit_element(rest).map_err(|e| to_error(&e, input))?;
        count = count.saturating_add(usize::from(unit.is_some()));
        match after.split_first() {
            Some((_, after)) => rest = after,
            None if count == 0 => return Err(Error::new(Kind::NoUnit, input.len())),
            None => return Ok(count),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(input: &[u8]) -> Result<(RangeSpec, usize), (Kind, usize)> {
        range_spec(input)
            .map(|(rest, spec)| (spec, input.len() - rest.len()))
            .map_err(|e| {
                let e = to_error(&e, input);
                (e.kind(), e.offset())
            })
    }

    #[test]
    fn range_spec_rule() {
        assert_eq!(
            spec(b"0-499"),
            Ok((
                RangeSpec::Int {
                    first: 0,
                    last: 499
                },
                5
            ))
        );
        assert_eq!(spec(b"9500-"), Ok((RangeSpec::From { first: 9500 }, 5)));
        assert_eq!(spec(b"-500,"), Ok((RangeSpec::Suffix { length: 500 }, 4)));
        assert_eq!(spec(b"5-4"), Err((Kind::Backwards, 2)));
        assert_eq!(spec(b"5 -4"), Err((Kind::Dash, 1)));
        assert_eq!(spec(b"-"), Err((Kind::SuffixDigits, 1)));
        assert_eq!(spec(b"x"), Err((Kind::SpecStart, 0)));
        assert_eq!(spec(b""), Err((Kind::SpecStart, 0)));
        // Saturated numbers still compare exactly.
        let big = b"99999999999999999999999-99999999999999999999998";
        assert_eq!(spec(big), Err((Kind::Backwards, 24)));
        let big = b"099999999999999999999998-99999999999999999999999";
        assert_eq!(
            spec(big),
            Ok((
                RangeSpec::Int {
                    first: u64::MAX,
                    last: u64::MAX
                },
                big.len()
            ))
        );
    }

    #[test]
    fn small_rules() {
        assert_eq!(range_unit(b"bytes="), Ok((&b"="[..], &b"bytes"[..])));
        assert!(range_unit(b"=").is_err());
        assert!(digits_less(b"0009", b"10"));
        assert!(!digits_less(b"10", b"010"));
        assert_eq!(separator(b",x"), Ok((&b"x"[..], true)));
        assert!(separator(b"x").is_err());
        assert_eq!(element(b"  ,"), Ok((&b","[..], None)));
        assert_eq!(incl_range(b"1-2/"), Ok((&b"/"[..], (1, 2))));
        assert_eq!(unsatisfied_range(b"*/0"), Ok((&b""[..], 0)));
        assert_eq!(acceptable_ranges(b"bytes, , none"), Ok(2));
        assert_eq!(
            acceptable_ranges(b" , ").map_err(|e| (e.kind(), e.offset())),
            Err((Kind::NoUnit, 3))
        );
    }
}
