//! The workloads of precond's benchmarks, shared by the criterion suite
//! (`benches/precond.rs`) and the tests in `tests/` (zero allocations,
//! linear time on hostile input).
//!
//! Each workload is an input built once and one precond operation on it. The
//! operation returns its answer so that the caller can assert it: a fast wrong
//! answer is not a result. The peers (`httpdate`, `date_header`, `headers`,
//! `memchr`) are dev-dependencies and appear only in the benches and tests.
//!
//! ```
//! use precond_benches as w;
//!
//! assert_eq!(w::parse_date(w::IMF_FIXDATE.as_bytes()), Some(w::date()));
//! let list = w::inm_list(100);
//! assert_eq!(list.len(), 1698);
//! assert_eq!(w::inm_matches(&list, w::last_tag(100).as_tag()), Some(100));
//! ```
#![forbid(unsafe_code)]

use std::hint::black_box;

use http::header::{self, HeaderMap, HeaderName, HeaderValue};
use http::{Method, StatusCode};
use precond::{Context, EntityTag, EntityTagRef, HttpDate, Outcome, Representation, Request};
use precond_date::IMF_FIXDATE_LEN;
use precond_etag::{Comparison, ListMatch, match_list};

// ---- dates -----------------------------------------------------------------

/// The instant every date workload parses or formats:
/// 1994-11-06T08:49:37Z, the example of RFC 9110 §5.6.7.
pub const DATE_SECS: u64 = 784_111_777;

/// [`DATE_SECS`] as an IMF-fixdate.
pub const IMF_FIXDATE: &str = "Sun, 06 Nov 1994 08:49:37 GMT";
/// [`DATE_SECS`] as an rfc850-date.
pub const RFC850: &str = "Sunday, 06-Nov-94 08:49:37 GMT";
/// [`DATE_SECS`] as an asctime-date.
pub const ASCTIME: &str = "Sun Nov  6 08:49:37 1994";

/// Values every HTTP-date parser must reject, one per way of going wrong,
/// each with a name: not a date, cut short, a wrong zone, an impossible
/// hour, a wrong weekday. One `invalid` benchmark iteration parses all of
/// them; `invalid_<name>` one each.
pub const INVALID_DATES: [(&str, &str); 5] = [
    ("garbage", "yesterday"),
    ("cut", "Sun, 06 Nov 1994 08:49"),
    ("zone", "Sun, 06 Nov 1994 08:49:37 UTC"),
    ("hour", "Sun, 06 Nov 1994 24:49:37 GMT"),
    ("weekday", "Mon, 06 Nov 1994 08:49:37 GMT"),
];

/// The clock the workloads run at (it decides the century of an
/// rfc850-date): 2026-05-01T12:00:00Z.
pub const NOW: HttpDate = match HttpDate::from_civil(2026, 5, 1, 12, 0, 0) {
    Ok(date) => date,
    Err(_) => HttpDate::UNIX_EPOCH,
};

/// [`DATE_SECS`] as an [`HttpDate`].
pub fn date() -> HttpDate {
    HttpDate::from_unix_seconds(DATE_SECS as i64).unwrap_or(HttpDate::UNIX_EPOCH)
}

/// precond's parse: any of the three formats, read at [`NOW`].
#[inline]
pub fn parse_date(input: &[u8]) -> Option<HttpDate> {
    HttpDate::parse_at(input, NOW).ok()
}

/// precond's parse of every [`INVALID_DATES`] value: how many were rejected.
#[inline]
pub fn reject_invalid_dates(inputs: &[&[u8]]) -> usize {
    inputs
        .iter()
        .filter(|input| HttpDate::parse_at(black_box(input), NOW).is_err())
        .count()
}

/// precond's formatting, from Unix seconds, into a caller's buffer.
#[inline]
pub fn format_date(secs: u64, buf: &mut [u8; IMF_FIXDATE_LEN]) -> bool {
    match i64::try_from(secs).map(HttpDate::from_unix_seconds) {
        Ok(Ok(date)) => {
            date.write_imf_fixdate(buf);
            true
        }
        _ => false,
    }
}

// ---- entity-tag lists --------------------------------------------------------

/// The opaque-tag of the `i`th tag of a list: 13 lowercase hex digits, so
/// that a member `"…", ` is 17 bytes and 100 members are 1.7 KB.
pub fn opaque(i: usize) -> String {
    // A fixed odd multiplier spreads the bits: no two tags share a prefix.
    let mixed = (i as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 12;
    format!("{mixed:013x}")
}

/// An If-None-Match value of `n` strong tags separated by `", "`.
pub fn inm_list(n: usize) -> String {
    (0..n)
        .map(|i| format!("\"{}\"", opaque(i)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The last member of [`inm_list`]`(n)`: the current entity-tag of the
/// "match last" workloads (the whole list is read before it matches).
pub fn last_tag(n: usize) -> EntityTag {
    EntityTag::strong(opaque(n.saturating_sub(1))).unwrap_or_else(|_| EntityTag::from_version(0))
}

/// precond's If-None-Match check (weak comparison, RFC 9110 §13.1.2): the
/// 1-based position of the first member that matches `current`, `None` when
/// none does or the value is malformed, `Some(0)` for `*`.
#[inline]
pub fn inm_matches(value: &str, current: EntityTagRef<'_>) -> Option<usize> {
    match match_list([value.as_bytes()], Some(current), Comparison::Weak) {
        Ok(ListMatch::Any) => Some(0),
        Ok(ListMatch::Tags {
            count,
            matched: Some(_),
        }) => Some(count),
        Ok(ListMatch::Tags { matched: None, .. }) | Err(_) => None,
    }
}

/// precond's reading of a (possibly hostile) list: `Ok(members)` or
/// `Err(offset of the error)`.
#[inline]
pub fn read_list(value: &[u8], current: EntityTagRef<'_>) -> Result<usize, usize> {
    match match_list([value], Some(current), Comparison::Weak) {
        Ok(ListMatch::Any) => Ok(0),
        Ok(ListMatch::Tags { count, .. }) => Ok(count),
        Err(e) => Err(e.offset()),
    }
}

/// The hostile inputs: each one byte pattern repeated.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Hostile {
    /// `,,,,…`: a valid empty list (RFC 9110 §5.6.1.2).
    Commas,
    /// `W/W/W/…`: malformed (no DQUOTE after the first `W/`).
    WeakPrefixes,
    /// `"xxxx…`: one opaque-tag that never ends; malformed at the end.
    UnterminatedQuote,
    /// `    …`: only OWS, a valid empty list.
    Spaces,
    /// `W/"",W/"",…`: a valid list of empty weak tags, the most members per
    /// byte.
    EmptyWeakTags,
}

impl Hostile {
    /// Every kind.
    pub const ALL: [Hostile; 5] = [
        Hostile::Commas,
        Hostile::WeakPrefixes,
        Hostile::UnterminatedQuote,
        Hostile::Spaces,
        Hostile::EmptyWeakTags,
    ];

    /// The benchmark case name.
    pub const fn name(self) -> &'static str {
        match self {
            Hostile::Commas => "commas",
            Hostile::WeakPrefixes => "weak_prefixes",
            Hostile::UnterminatedQuote => "unterminated_quote",
            Hostile::Spaces => "spaces",
            Hostile::EmptyWeakTags => "empty_weak_tags",
        }
    }

    /// The input of about `len` bytes (a whole number of patterns).
    pub fn input(self, len: usize) -> Vec<u8> {
        match self {
            Hostile::Commas => b",".repeat(len),
            Hostile::WeakPrefixes => b"W/".repeat(len / 2),
            Hostile::UnterminatedQuote => {
                let mut v = b"x".repeat(len);
                if let Some(first) = v.first_mut() {
                    *first = b'"';
                }
                v
            }
            Hostile::Spaces => b" ".repeat(len),
            Hostile::EmptyWeakTags => b"W/\"\",".repeat(len / 5),
        }
    }

    /// What [`read_list`] must answer for [`input`](Self::input)`(len)`.
    pub fn expected(self, len: usize) -> Result<usize, usize> {
        match self {
            Hostile::Commas | Hostile::Spaces => Ok(0),
            Hostile::WeakPrefixes => Err(2),
            Hostile::UnterminatedQuote => Err(len),
            Hostile::EmptyWeakTags => Ok(len / 5),
        }
    }
}

// ---- evaluation --------------------------------------------------------------

/// The selected representation of the evaluation workloads.
#[derive(Clone, Debug)]
pub struct Resource {
    /// Its entity-tag (ETag).
    pub etag: EntityTag,
    /// Its modification time (Last-Modified).
    pub last_modified: HttpDate,
}

/// The representation: a strong tag in the style of the lists and a
/// Last-Modified a day before [`NOW`].
pub fn resource() -> Resource {
    Resource {
        etag: last_tag(1),
        last_modified: NOW.checked_add_seconds(-86_400).unwrap_or(NOW),
    }
}

/// The fields a browser sends with every GET, besides the conditional ones.
pub fn browser_headers() -> HeaderMap {
    let mut h = HeaderMap::new();
    let fields: [(HeaderName, &'static str); 7] = [
        (header::HOST, "example.com"),
        (
            header::USER_AGENT,
            "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
        ),
        (
            header::ACCEPT,
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
        ),
        (header::ACCEPT_LANGUAGE, "en-US,en;q=0.5"),
        (header::ACCEPT_ENCODING, "gzip, deflate, br, zstd"),
        (header::CONNECTION, "keep-alive"),
        (header::CACHE_CONTROL, "max-age=0"),
    ];
    for (name, value) in fields {
        h.insert(name, HeaderValue::from_static(value));
    }
    h
}

/// A revalidating GET, as browsers send it: If-None-Match with the current
/// tag and If-Modified-Since with the current Last-Modified (a 304 at
/// RFC 9110 §13.2.2 step 3; If-Modified-Since is then not evaluated).
pub fn get_inm_ims(res: &Resource) -> HeaderMap {
    let mut h = browser_headers();
    h.insert(header::IF_NONE_MATCH, HeaderValue::from(&res.etag));
    h.insert(
        header::IF_MODIFIED_SINCE,
        HeaderValue::from(res.last_modified),
    );
    h
}

/// A revalidating GET with If-Modified-Since only (a 304 at step 4).
pub fn get_ims(res: &Resource) -> HeaderMap {
    let mut h = browser_headers();
    h.insert(
        header::IF_MODIFIED_SINCE,
        HeaderValue::from(res.last_modified),
    );
    h
}

/// A PUT guarded by If-Match with the current tag (true at step 1; the
/// method proceeds).
pub fn put_if_match(res: &Resource) -> HeaderMap {
    let mut h = browser_headers();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain"));
    h.insert(header::CONTENT_LENGTH, HeaderValue::from_static("11"));
    h.insert(header::IF_MATCH, HeaderValue::from(&res.etag));
    h
}

/// precond's evaluation as a handler writes it: the representation and the
/// context are built per request, then [`precond::evaluate`].
#[inline]
pub fn evaluate(method: &Method, headers: &HeaderMap, res: &Resource) -> Outcome {
    let rep = Representation::new()
        .with_etag(res.etag.as_tag())
        .with_last_modified(res.last_modified);
    let ctx = Context::new(NOW).with_unconditional_status(if *method == Method::PUT {
        StatusCode::NO_CONTENT
    } else {
        StatusCode::OK
    });
    precond::evaluate(Request::new(method, headers), &rep, &ctx)
}

/// The floor of any evaluation from a `HeaderMap`: looking up the six
/// conditional fields, each result passed through [`black_box`]. Returns how
/// many are present.
#[inline]
pub fn lookup_six(headers: &HeaderMap) -> usize {
    let found = [
        black_box(headers.get(header::IF_MATCH)).is_some(),
        black_box(headers.get(header::IF_NONE_MATCH)).is_some(),
        black_box(headers.get(header::IF_MODIFIED_SINCE)).is_some(),
        black_box(headers.get(header::IF_UNMODIFIED_SINCE)).is_some(),
        black_box(headers.get(header::IF_RANGE)).is_some(),
        black_box(headers.get(header::RANGE)).is_some(),
    ];
    found.into_iter().filter(|&present| present).count()
}

// ---- byte ranges ---------------------------------------------------------------

/// The representation length every range workload resolves against.
pub const RANGE_LENGTH: u64 = 10_000;
/// The first 500 bytes (RFC 9110 §14.1.2).
pub const RANGE_FIRST: &str = "bytes=0-499";
/// The last 500 bytes, as a suffix-range.
pub const RANGE_SUFFIX: &str = "bytes=-500";
/// Ten disjoint ranges in ascending order (100 bytes every 1000): a set that
/// every implementation accepts as it is.
pub const RANGE_SET10: &str = "bytes=0-99,1000-1099,2000-2099,3000-3099,4000-4099,\
                               5000-5099,6000-6099,7000-7099,8000-8099,9000-9099";

/// What each range workload resolves to: `(first, last)` inclusive.
pub fn range_expected(value: &str) -> Vec<(u64, u64)> {
    match value {
        RANGE_FIRST => vec![(0, 499)],
        RANGE_SUFFIX => vec![(9500, 9999)],
        _ => (0..10).map(|i| (i * 1000, i * 1000 + 99)).collect(),
    }
}

/// Resolves a Range value against [`RANGE_LENGTH`] and says whether it gives
/// exactly the `expected` ranges (in order). No allocation.
pub fn resolve_range(value: &[u8], expected: &[(u64, u64)]) -> bool {
    match precond_range::resolve(value, RANGE_LENGTH) {
        precond_range::Resolution::Partial(ranges) => ranges
            .iter()
            .map(|r| (r.first(), r.last()))
            .eq(expected.iter().copied()),
        _ => false,
    }
}

/// A hostile Range value of about `len` bytes: `bytes=` then commas only
/// (`commas`, empty list elements: malformed at the end), or `0-0,` repeated
/// (one range asked over and over: refused at the count limit).
pub fn hostile_range(len: usize, commas: bool) -> Vec<u8> {
    let mut value = b"bytes=".to_vec();
    let unit: &[u8] = if commas { b"," } else { b"0-0," };
    while value.len() + unit.len() <= len {
        value.extend_from_slice(unit);
    }
    value
}

/// Resolves a hostile value from [`hostile_range`]; `true` when it is ignored
/// as it must be (malformed, or too many ranges).
pub fn resolve_hostile_range(value: &[u8]) -> bool {
    use precond_range::{Ignored, Resolution};
    let policy = precond_range::Policy::DEFAULT.max_ranges(usize::MAX);
    matches!(
        policy.resolve(value, RANGE_LENGTH),
        Resolution::Ignored(Ignored::Malformed(_)) | Resolution::Partial(_)
    )
}
