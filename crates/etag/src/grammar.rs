//! The grammar as nom parsers: one function per ABNF rule, named after it.
//!
//! These parsers are the reference: [`crate::EntityTagRef::parse`] and
//! [`crate::TagList`] use them directly, and the fast reader behind
//! [`crate::match_list`] (`scan.rs`) is proven by property tests and debug
//! assertions to accept, reject and report exactly as they do. nom stays
//! inside this module.

use nom::bytes::complete::{tag, take_while, take_while_m_n};
use nom::combinator::{all_consuming, cut, opt, recognize};
use nom::error::{ErrorKind, ParseError};
use nom::multi::{fold_many0, many0_count};
use nom::sequence::{delimited, preceded};
use nom::{IResult, Parser};

use crate::class::{is_etagc, is_ws};
use crate::error::{Error, Kind};
#[cfg(debug_assertions)]
use crate::tag::Comparison;
use crate::tag::EntityTagRef;

/// A parse failure: what went wrong, and the input left where it did.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct Fail<'a> {
    kind: Kind,
    rest: &'a [u8],
}

impl<'a> Fail<'a> {
    fn new(kind: Kind, rest: &'a [u8]) -> Self {
        Fail { kind, rest }
    }
}

impl<'a> ParseError<&'a [u8]> for Fail<'a> {
    fn from_error_kind(input: &'a [u8], kind: ErrorKind) -> Self {
        // Every parser below names its own failure; `all_consuming` reports
        // leftover input as `Eof`.
        let kind = match kind {
            ErrorKind::Eof => Kind::Trailing,
            _ => Kind::TagStart,
        };
        Fail::new(kind, input)
    }

    fn append(_: &'a [u8], _: ErrorKind, other: Self) -> Self {
        other
    }
}

type PResult<'a, O> = IResult<&'a [u8], O, Fail<'a>>;

/// A recoverable failure (`nom::Err::Error`).
fn error<O>(kind: Kind, rest: &[u8]) -> PResult<'_, O> {
    Err(nom::Err::Error(Fail::new(kind, rest)))
}

/// A committed failure (`nom::Err::Failure`): no alternative can apply.
fn failure<O>(kind: Kind, rest: &[u8]) -> PResult<'_, O> {
    Err(nom::Err::Failure(Fail::new(kind, rest)))
}

/// Turns a nom error on `line` (the `index`-th field line) into an [`Error`].
fn to_error(err: &nom::Err<Fail<'_>>, line: &[u8], index: usize) -> Error {
    match *err {
        nom::Err::Error(fail) | nom::Err::Failure(fail) => {
            Error::new(fail.kind, line.len().saturating_sub(fail.rest.len()), index)
        }
        // `complete` parsers never ask for more input; should one, the value
        // ended too early, as for an unterminated opaque-tag.
        nom::Err::Incomplete(_) => Error::new(Kind::CloseQuote, line.len(), index),
    }
}

/// Optional whitespace (RFC 9110 §5.6.3).
///
/// ```abnf
/// OWS = *( SP / HTAB )
/// ```
pub(crate) fn ows(input: &[u8]) -> PResult<'_, &[u8]> {
    take_while(is_ws).parse(input)
}

/// One byte of an opaque-tag (RFC 9110 §8.8.3).
///
/// ```abnf
/// etagc    = %x21 / %x23-7E / obs-text
/// obs-text = %x80-FF
/// ```
pub(crate) fn etagc(input: &[u8]) -> PResult<'_, &[u8]> {
    take_while_m_n(1, 1, is_etagc)
        .parse(input)
        .map_err(|e| e.map(|_: Fail<'_>| Fail::new(Kind::TagByte, input)))
}

/// The weakness indicator (RFC 9110 §8.8.3), case-sensitive.
///
/// ```abnf
/// weak = %s"W/"
/// ```
pub(crate) fn weak(input: &[u8]) -> PResult<'_, &[u8]> {
    tag(&b"W/"[..])
        .parse(input)
        .map_err(|e| e.map(|_: Fail<'_>| Fail::new(Kind::WeakPrefix, input)))
}

/// The list separator, `","` (RFC 9110 §5.6.1).
fn comma(input: &[u8]) -> PResult<'_, &[u8]> {
    tag(&b","[..]).parse(input)
}

/// `DQUOTE = %x22` (RFC 5234 Appendix B.1).
fn dquote(input: &[u8]) -> PResult<'_, &[u8]> {
    tag(&b"\""[..]).parse(input)
}

/// The quoted part of an entity-tag (RFC 9110 §8.8.3); the output is the
/// bytes between the quotes. It is not a quoted-string: a backslash is an
/// ordinary `etagc` and nothing is unescaped.
///
/// ```abnf
/// opaque-tag = DQUOTE *etagc DQUOTE
/// ```
pub(crate) fn opaque_tag(input: &[u8]) -> PResult<'_, &[u8]> {
    let (rest, _) = dquote(input).map_err(|e| e.map(|_| Fail::new(Kind::OpenQuote, input)))?;
    let (rest, opaque) = recognize(many0_count(etagc)).parse(rest)?;
    match dquote(rest) {
        Ok((rest, _)) => Ok((rest, opaque)),
        // Either the line ended inside the quotes, or a byte that is neither
        // `etagc` nor DQUOTE stopped `*etagc`.
        Err(_) if rest.is_empty() => failure(Kind::CloseQuote, rest),
        Err(_) => failure(Kind::TagByte, rest),
    }
}

/// An entity-tag (RFC 9110 §8.8.3).
///
/// ```abnf
/// entity-tag = [ weak ] opaque-tag
/// ```
///
/// Fails recoverably (`nom::Err::Error`) only when no entity-tag starts at
/// the input; once `W/` or the opening DQUOTE is read, failures are final.
pub(crate) fn entity_tag(input: &[u8]) -> PResult<'_, EntityTagRef<'_>> {
    let (rest, weakness) = opt(weak).parse(input)?;
    if weakness.is_none() && !rest.starts_with(b"\"") {
        // `W` without `/`, and `w/`, look like a botched weakness indicator.
        let kind = if input.starts_with(b"W") || input.starts_with(b"w/") {
            Kind::WeakPrefix
        } else {
            Kind::TagStart
        };
        return error(kind, input);
    }
    let (rest, opaque) = cut(opaque_tag).parse(rest)?;
    Ok((rest, EntityTagRef::from_valid(weakness.is_some(), opaque)))
}

/// A list position, which may be empty (RFC 9110 §5.6.1.2): nothing before a
/// comma or the end of the line, otherwise an entity-tag. A `*` here is part
/// of a list and so malformed (RFC 9110 §13.1.1 ¶10, §13.1.2 ¶9).
///
/// ```abnf
/// [ entity-tag ]
/// ```
fn list_member(input: &[u8]) -> PResult<'_, Option<EntityTagRef<'_>>> {
    match input.first() {
        None | Some(b',') => Ok((input, None)),
        Some(b'*') => failure(Kind::Star, input),
        Some(_) => cut(entity_tag).map(Some).parse(input),
    }
}

/// One list element with the OWS around it (RFC 9110 §5.6.1.2).
///
/// ```abnf
/// OWS [ entity-tag ] OWS
/// ```
pub(crate) fn element(input: &[u8]) -> PResult<'_, Option<EntityTagRef<'_>>> {
    delimited(ows, list_member, ows).parse(input)
}

/// What follows an element: the comma before the next one (`true`), or the
/// end of the field line (`false`).
///
/// ```abnf
/// "," / end of line
/// ```
pub(crate) fn separator(input: &[u8]) -> PResult<'_, bool> {
    if input.is_empty() {
        return Ok((input, false));
    }
    match comma(input) {
        Ok((rest, _)) => Ok((rest, true)),
        Err(nom::Err::Error(_) | nom::Err::Failure(_) | nom::Err::Incomplete(_)) => {
            failure(Kind::Separator, input)
        }
    }
}

/// One field line of an entity-tag list, as a recipient reads it (RFC 9110
/// §5.6.1.2: empty elements, OWS around each comma and around the line).
/// Calls `visit` with each member, in order.
///
/// ```abnf
/// #entity-tag = [ entity-tag ] *( OWS "," OWS [ entity-tag ] )
/// ```
pub(crate) fn entity_tag_list<'a>(
    input: &'a [u8],
    visit: &mut impl FnMut(EntityTagRef<'a>),
) -> PResult<'a, ()> {
    let (rest, first) = element(input)?;
    if let Some(member) = first {
        visit(member);
    }
    let (rest, ()) = fold_many0(
        preceded(comma, element),
        || (),
        |(), member| {
            if let Some(member) = member {
                visit(member);
            }
        },
    )
    .parse(rest)?;
    if rest.is_empty() {
        Ok((rest, ()))
    } else {
        failure(Kind::Separator, rest)
    }
}

/// The `"*"` alternative, with the OWS that may surround a field value.
///
/// ```abnf
/// OWS "*" OWS
/// ```
pub(crate) fn star(input: &[u8]) -> PResult<'_, &[u8]> {
    delimited(ows, tag(&b"*"[..]), ows).parse(input)
}

/// What a valid If-Match / If-None-Match field value is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Shape {
    /// `*`.
    Any,
    /// A list, possibly empty; the members went to the visitor.
    List,
}

/// The field value of If-Match or If-None-Match, read from all its field
/// lines as one list (RFC 9110 §5.3, §13.1.1, §13.1.2). Calls `visit` with each
/// member in order; stops at the first error.
///
/// ```abnf
/// If-Match      = "*" / #entity-tag
/// If-None-Match = "*" / #entity-tag
/// ```
///
/// `*` must be the only field line (another line, even an empty one, joins
/// it into a list such as `*, …`, which is malformed).
pub(crate) fn field_value<'a, B>(
    lines: impl IntoIterator<Item = &'a B>,
    mut visit: impl FnMut(EntityTagRef<'a>),
) -> Result<Shape, Error>
where
    B: AsRef<[u8]> + ?Sized + 'a,
{
    let mut lines = lines.into_iter().map(AsRef::as_ref);
    let Some(first) = lines.next() else {
        return Ok(Shape::List);
    };
    if all_consuming(star).parse(first).is_ok() {
        return match lines.next() {
            None => Ok(Shape::Any),
            Some(_) => Err(Error::new(Kind::Star, 0, 1)),
        };
    }
    for (index, line) in core::iter::once(first).chain(lines).enumerate() {
        // spec: 9110-5.6.1.2-recipient-list-syntax
        entity_tag_list(line, &mut visit).map_err(|e| to_error(&e, line, index))?;
    }
    Ok(Shape::List)
}

/// One field line of `#entity-tag` as [`entity_tag_list`] reads it: the
/// number of members and the first that matches a strong entity-tag whose
/// opaque-tag is `want` (under strong comparison when `strong`); on error the
/// kind and the offset. What debug builds check the fast reader's every line
/// against (`crate::scan`).
#[cfg(debug_assertions)]
pub(crate) fn first_match_in_line<'a>(
    line: &'a [u8],
    want: Option<&[u8]>,
    strong: bool,
) -> Result<(usize, Option<EntityTagRef<'a>>), (Kind, usize)> {
    let how = if strong {
        Comparison::Strong
    } else {
        Comparison::Weak
    };
    let current = want.map(|opaque| EntityTagRef::from_valid(false, opaque));
    let (mut count, mut matched) = (0, None);
    entity_tag_list(line, &mut |member| {
        count += 1;
        if matched.is_none() && current.is_some_and(|current| current.matches(member, how)) {
            matched = Some(member);
        }
    })
    .map_err(|e| {
        let e = to_error(&e, line, 0);
        (e.kind(), e.offset())
    })?;
    Ok((count, matched))
}

/// A lone entity-tag with OWS around it (an ETag or If-Range field value).
///
/// ```abnf
/// OWS entity-tag OWS
/// ```
pub(crate) fn lone_entity_tag(value: &[u8]) -> Result<EntityTagRef<'_>, Error> {
    all_consuming(delimited(ows, entity_tag, ows))
        .parse(value)
        .map(|(_, tag)| tag)
        .map_err(|e| to_error(&e, value, 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `entity_tag` leaves and reads: rest, weakness, opaque bytes.
    type Read<'a> = (&'a [u8], (bool, &'a [u8]));

    fn check(input: &[u8], expected: Result<Read<'_>, (Kind, usize)>) {
        let got = entity_tag(input)
            .map(|(rest, tag)| (rest, (tag.is_weak(), tag.opaque())))
            .map_err(|e| {
                let e = to_error(&e, input, 0);
                (e.kind(), e.offset())
            });
        assert_eq!(
            got,
            expected,
            "entity_tag({:?})",
            input.escape_ascii().to_string()
        );
    }

    #[test]
    fn entity_tag_rule() {
        check(b"\"xyzzy\"", Ok((b"", (false, b"xyzzy"))));
        check(b"W/\"xyzzy\" rest", Ok((b" rest", (true, b"xyzzy"))));
        check(b"\"\"", Ok((b"", (false, b""))));
        check(b"\"a\\\"", Ok((b"", (false, b"a\\"))));
        check(b"x", Err((Kind::TagStart, 0)));
        check(b"", Err((Kind::TagStart, 0)));
        check(b"W\"a\"", Err((Kind::WeakPrefix, 0)));
        check(b"w/\"a\"", Err((Kind::WeakPrefix, 0)));
        check(b"W/a", Err((Kind::OpenQuote, 2)));
        check(b"\"a b\"", Err((Kind::TagByte, 2)));
        check(b"\"ab", Err((Kind::CloseQuote, 3)));
    }

    #[test]
    fn small_rules() {
        assert_eq!(ows(b" \t x"), Ok((&b"x"[..], &b" \t "[..])));
        assert_eq!(etagc(b"!x"), Ok((&b"x"[..], &b"!"[..])));
        assert!(etagc(b"\"").is_err());
        assert!(etagc(b"").is_err());
        assert_eq!(weak(b"W/\""), Ok((&b"\""[..], &b"W/"[..])));
        assert!(weak(b"w/").is_err());
        assert_eq!(opaque_tag(b"\"\"x"), Ok((&b"x"[..], &b""[..])));
        assert_eq!(separator(b""), Ok((&b""[..], false)));
        assert_eq!(separator(b",x"), Ok((&b"x"[..], true)));
        assert!(separator(b"x").is_err());
        assert_eq!(star(b" * "), Ok((&b""[..], &b"*"[..])));
    }
}
