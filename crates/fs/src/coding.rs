//! Which precompressed siblings a request accepts: the Accept-Encoding field
//! (RFC 9110 §12.5.3).
//!
//! ```abnf
//! Accept-Encoding  = #( codings [ weight ] )
//! codings          = content-coding / "identity" / "*"
//! weight           = OWS ";" OWS "q=" qvalue
//! qvalue           = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )
//! ```
//!
//! Only what choosing a sibling needs is kept: the weight the field gives one
//! coding. A field that does not parse is treated as absent, which means no
//! coding but identity is acceptable (§12.5.3: without the field, any coding
//! is, but a server sending a coding the client may not decode helps nobody;
//! this is the conservative reading tower-http and nginx share).

use http::HeaderMap;
use http::header::ACCEPT_ENCODING;
use nom::branch::alt;
use nom::bytes::complete::{tag, tag_no_case, take_while, take_while_m_n, take_while1};
use nom::character::complete::char;
use nom::combinator::{opt, recognize, value};
use nom::sequence::{preceded, terminated};
use nom::{IResult, Parser};

/// A content coding this crate can serve from a sibling file.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Coding {
    /// `br`, from `NAME.br`.
    Br,
    /// `gzip`, from `NAME.gz`.
    Gzip,
}

impl Coding {
    /// The coding's name in Content-Encoding.
    pub const fn as_str(self) -> &'static str {
        match self {
            Coding::Br => "br",
            Coding::Gzip => "gzip",
        }
    }

    /// The sibling file's extension.
    pub const fn extension(self) -> &'static str {
        match self {
            Coding::Br => "br",
            Coding::Gzip => "gz",
        }
    }
}

/// The codings of `offered` that the request's Accept-Encoding accepts
/// (a [`weight`] above 0: q=0 means "not acceptable", RFC 9110 §12.4.2), in
/// the order offered.
///
/// ```
/// use http::{HeaderMap, HeaderValue, header::ACCEPT_ENCODING};
/// use precond_fs::coding::{accepted, Coding};
///
/// let mut headers = HeaderMap::new();
/// headers.insert(ACCEPT_ENCODING, HeaderValue::from_static("*;q=0.5, br;q=0"));
/// let offered = [Coding::Br, Coding::Gzip];
/// assert_eq!(accepted(&headers, &offered).collect::<Vec<_>>(), [Coding::Gzip]);
/// ```
pub fn accepted<'a>(
    headers: &'a HeaderMap,
    offered: &'a [Coding],
) -> impl Iterator<Item = Coding> + 'a {
    offered
        .iter()
        .copied()
        .filter(move |&coding| weight(headers, coding) > 0)
}

/// The weight, in thousandths, that the request's Accept-Encoding lines give
/// `coding`: its own entry if listed (the highest, if listed twice), else the
/// `*` entry, else 0. A field that does not parse gives 0.
///
/// ```
/// use http::{HeaderMap, HeaderValue, header::ACCEPT_ENCODING};
/// use precond_fs::coding::{weight, Coding};
///
/// let mut headers = HeaderMap::new();
/// headers.append(ACCEPT_ENCODING, HeaderValue::from_static("gzip;q=0.5"));
/// headers.append(ACCEPT_ENCODING, HeaderValue::from_static("*;q=0.1"));
/// assert_eq!(weight(&headers, Coding::Gzip), 500);
/// assert_eq!(weight(&headers, Coding::Br), 100);
/// ```
pub fn weight(headers: &HeaderMap, coding: Coding) -> u16 {
    let name = coding.as_str().as_bytes();
    let mut own: Option<u16> = None;
    let mut any: Option<u16> = None;
    for line in headers.get_all(ACCEPT_ENCODING) {
        let mut rest = line.as_bytes();
        // Each turn consumes the separator's comma or ends the line.
        loop {
            let Ok((after, element)) = list_element(rest) else {
                return 0;
            };
            if let Some((c, q)) = element {
                if c.eq_ignore_ascii_case(name) {
                    own = own.max(Some(q));
                } else if c == b"*" {
                    any = any.max(Some(q));
                }
            }
            match separator(after) {
                Ok((next, ())) => rest = next,
                _ if after.iter().all(|b| *b == b' ' || *b == b'\t') => break,
                _ => return 0,
            }
        }
    }
    own.or(any).unwrap_or(0)
}

/// One list element, possibly empty (§5.6.1.2 lets a recipient skip empty
/// elements): `[ codings [ weight ] ]` with OWS before it.
fn list_element(input: &[u8]) -> IResult<&[u8], Option<(&[u8], u16)>> {
    preceded(
        ows,
        opt((codings, opt(weight_rule).map(|q| q.unwrap_or(1000)))),
    )
    .parse(input)
}

/// `OWS "," `: the list separator.
fn separator(input: &[u8]) -> IResult<&[u8], ()> {
    value((), (ows, char(','))).parse(input)
}

/// `codings = content-coding / "identity" / "*"`; content-coding is a token.
fn codings(input: &[u8]) -> IResult<&[u8], &[u8]> {
    alt((tag("*"), take_while1(is_tchar))).parse(input)
}

/// `weight = OWS ";" OWS "q=" qvalue`.
fn weight_rule(input: &[u8]) -> IResult<&[u8], u16> {
    preceded((ows, char(';'), ows, tag_no_case("q=")), qvalue).parse(input)
}

/// `qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )`, in
/// thousandths.
fn qvalue(input: &[u8]) -> IResult<&[u8], u16> {
    alt((
        preceded(
            char('0'),
            opt(preceded(
                char('.'),
                take_while_m_n(0, 3, |b: u8| b.is_ascii_digit()),
            )),
        )
        .map(|digits: Option<&[u8]>| thousandths(digits.unwrap_or_default())),
        value(
            1000,
            terminated(
                char('1'),
                opt(recognize((char('.'), take_while_m_n(0, 3, |b| b == b'0')))),
            ),
        ),
    ))
    .parse(input)
}

fn thousandths(digits: &[u8]) -> u16 {
    let mut q = 0u16;
    let mut scale = 100u16;
    for d in digits {
        q = q.saturating_add(u16::from(d.saturating_sub(b'0')).saturating_mul(scale));
        scale /= 10;
    }
    q
}

/// `OWS = *( SP / HTAB )`.
fn ows(input: &[u8]) -> IResult<&[u8], &[u8]> {
    take_while(|b| b == b' ' || b == b'\t').parse(input)
}

/// `tchar` (RFC 9110 §5.6.2).
fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn check(lines: &[&str], coding: Coding, expect: u16) {
        let mut h = HeaderMap::new();
        for l in lines {
            h.append(ACCEPT_ENCODING, HeaderValue::from_str(l).unwrap());
        }
        assert_eq!(weight(&h, coding), expect, "{lines:?} {coding:?}");
    }

    // proves: 9110-5.6.1.2-recipient-list-syntax, 9110-5.6.1.2-skip-empty-elements
    #[test]
    fn weights() {
        check(&[], Coding::Gzip, 0);
        check(&["gzip"], Coding::Gzip, 1000);
        check(&["GZip"], Coding::Gzip, 1000);
        check(&["gzip, br"], Coding::Br, 1000);
        check(&["gzip;q=0.5, br;q=0"], Coding::Gzip, 500);
        check(&["gzip;q=0.5, br;q=0"], Coding::Br, 0);
        check(&["gzip ; Q=0.25"], Coding::Gzip, 250);
        check(&["*;q=0.1"], Coding::Br, 100);
        check(&["*;q=0.1, br;q=0"], Coding::Br, 0);
        check(&["identity"], Coding::Gzip, 0);
        check(&["deflate", " , br;q=1.000 ,"], Coding::Br, 1000);
        check(&["gzip;q=0.001"], Coding::Gzip, 1);
        check(&["x-gzip"], Coding::Gzip, 0);
        check(&[""], Coding::Gzip, 0);
        // Whitespace after the last element (OWS before the end).
        check(&["gzip "], Coding::Gzip, 1000);
        check(&["gzip;q=0.5\t"], Coding::Gzip, 500);
        check(&["br, gzip;q=0.5 \t"], Coding::Gzip, 500);
    }

    #[test]
    fn malformed_fields_accept_nothing() {
        for bad in [
            "gzip;q=2",
            "gzip;q=0.0001",
            "gzip;q=1.5",
            "gzip br",
            "gzip;",
            "\"gzip\"",
            "gzip,;q=1",
        ] {
            check(&[bad], Coding::Gzip, 0);
        }
        check(&["gzip", "br;q=x"], Coding::Gzip, 0);
    }
}
