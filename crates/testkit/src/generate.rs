//! Generators: one core, two front-ends.
//!
//! Every generator here draws its decisions from a [`Source`] of small
//! integers, where 0 always means the simplest choice (absent, GET, 200, the
//! first pool entry). Two sources exist:
//!
//! - [`arbitrary::Unstructured`], so fuzz targets get the same shapes through
//!   the `Arbitrary` impls of [`Case`], [`TagListText`], [`DateText`],
//!   [`ResponseHeaders`] and [`Perturbation`];
//! - [`Choices`], a recorded vector of draws that the proptest strategies in
//!   [`crate::strategy`] generate and shrink (shrinking the draws towards 0
//!   shrinks the case towards the simplest one).
//!
//! The generators are biased towards collisions: client entity-tags come from
//! a small pool holding the current tag in its exact, strong and weak forms;
//! client dates sit on Last-Modified, one second either side, or near `now`;
//! malformed values are near misses of valid ones.

use arbitrary::{Arbitrary, Unstructured};
use http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header};
use precond_date::HttpDate;
use precond_etag::EntityTag;

use crate::model::{Case, IfRangeDates, Resource, Role};
use crate::render::{self, Civil, DateFormat};

/// A stream of choices. `draw` returns 0 once the source is exhausted.
pub trait Source {
    /// The next raw choice.
    fn draw(&mut self) -> u16;
}

impl Source for Unstructured<'_> {
    fn draw(&mut self) -> u16 {
        self.arbitrary::<u16>().unwrap_or(0)
    }
}

/// A recorded sequence of choices (what proptest generates and shrinks).
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct Choices {
    draws: Vec<u16>,
    at: usize,
}

impl Choices {
    /// A source that replays `draws`, then zeros.
    pub fn new(draws: Vec<u16>) -> Self {
        Choices { draws, at: 0 }
    }
}

impl Source for Choices {
    fn draw(&mut self) -> u16 {
        let value = self.draws.get(self.at).copied().unwrap_or(0);
        self.at = self.at.saturating_add(1);
        value
    }
}

/// A choice in `0..n` (0 when `n` is 0).
pub fn below(s: &mut impl Source, n: usize) -> usize {
    if n == 0 { 0 } else { usize::from(s.draw()) % n }
}

/// A choice of index with the given relative weights; index 0 is the simplest.
pub fn weighted(s: &mut impl Source, weights: &[u16]) -> usize {
    let total: u32 = weights.iter().map(|&w| u32::from(w)).sum();
    if total == 0 {
        return 0;
    }
    let mut x = u32::from(s.draw()) % total;
    for (i, &w) in weights.iter().enumerate() {
        if x < u32::from(w) {
            return i;
        }
        x -= u32::from(w);
    }
    0
}

/// An element of `items` (the first one when the source is exhausted).
pub fn pick<'t, T>(s: &mut impl Source, items: &'t [T]) -> Option<&'t T> {
    items.get(below(s, items.len()))
}

/// `true` with `percent` % probability (`false` when exhausted).
pub fn chance(s: &mut impl Source, percent: u16) -> bool {
    weighted(s, &[100 - percent.min(100), percent.min(100)]) == 1
}

/// A signed offset in `-max..=max` built from two draws, zig-zag coded so
/// that small draws give small offsets (0 → 0, 1 → −1, 2 → 1, …).
fn offset(s: &mut impl Source, max: i64) -> i64 {
    let raw = (i64::from(s.draw()) << 16) | i64::from(s.draw());
    let span = max.saturating_mul(2).saturating_add(1).max(1);
    let v = raw % span;
    if v % 2 == 0 { v / 2 } else { -(v + 1) / 2 }
}

// ---------------------------------------------------------------------------
// Entity-tags

/// Opaque-tags the pool is made of: the current tag's opaque-tag is one of them,
/// so clients often collide with it. `a,b` has a comma inside the quotes;
/// `V1` differs from `v1` only in case; the last one holds obs-text.
pub const OPAQUES: [&[u8]; 6] = [b"v1", b"v2", b"", b"a,b", b"V1", b"x\x80\xff"];

/// Renders an entity-tag: `[ W/ ] DQUOTE opaque DQUOTE`.
pub fn tag_text(weak: bool, opaque: &[u8]) -> Vec<u8> {
    let mut text = Vec::with_capacity(opaque.len() + 4);
    if weak {
        text.extend_from_slice(b"W/");
    }
    text.push(b'"');
    text.extend_from_slice(opaque);
    text.push(b'"');
    text
}

/// A byte allowed by `etagc = %x21 / %x23-7E / obs-text`.
fn etagc(s: &mut impl Source) -> u8 {
    let byte = (s.draw() % 0xDE) as u8 + 0x21; // 0x21 ..= 0xFE
    if byte == b'"' { b'!' } else { byte }
}

/// A valid entity-tag (strong or weak), from the pool or random `etagc` bytes.
pub fn entity_tag(s: &mut impl Source) -> Option<EntityTag> {
    let weak = chance(s, 30);
    let opaque: Vec<u8> = if chance(s, 20) {
        let len = below(s, 12);
        (0..len).map(|_| etagc(s)).collect()
    } else {
        pick(s, &OPAQUES).copied().unwrap_or(b"v1").to_vec()
    };
    EntityTag::parse(&tag_text(weak, &opaque)).ok()
}

/// A client's entity-tag, as text, biased towards `current`.
fn client_tag(s: &mut impl Source, current: Option<&EntityTag>) -> Vec<u8> {
    let current_opaque = current.map_or(&b"v1"[..], |t| t.as_tag().opaque());
    match weighted(s, &[30, 15, 15, 30, 10]) {
        // Exactly the current tag (as the server sends it).
        0 => current.map_or_else(
            || tag_text(false, b"v1"),
            |t| tag_text(t.as_tag().is_weak(), current_opaque),
        ),
        // The current opaque-tag, strong.
        1 => tag_text(false, current_opaque),
        // The current opaque-tag, weak.
        2 => tag_text(true, current_opaque),
        // Another pool member.
        3 => {
            let weak = chance(s, 30);
            tag_text(weak, pick(s, &OPAQUES).copied().unwrap_or(b"v2"))
        }
        _ => {
            let len = below(s, 8);
            let opaque: Vec<u8> = (0..len).map(|_| etagc(s)).collect();
            tag_text(chance(s, 30), &opaque)
        }
    }
}

/// Turns a valid entity-tag text into a near miss.
fn malform_tag(s: &mut impl Source, tag: &[u8]) -> Vec<u8> {
    let inner: Vec<u8> = tag.iter().copied().filter(|&b| b != b'"').collect();
    let inner = inner.strip_prefix(b"W/").unwrap_or(&inner).to_vec();
    let mut out = Vec::new();
    match below(s, 10) {
        // Unquoted.
        0 => out.extend_from_slice(&inner),
        // No closing quote.
        1 => {
            out.push(b'"');
            out.extend_from_slice(&inner);
        }
        // Lower-case weakness indicator (`weak = %s"W/"` is case-sensitive).
        2 => out.extend_from_slice(&[b"w/\"", &inner[..], b"\""].concat()),
        // Whitespace between W/ and the opaque-tag.
        3 => out.extend_from_slice(&[b"W/ \"", &inner[..], b"\""].concat()),
        // A DQUOTE inside.
        4 => out.extend_from_slice(&[b"\"", &inner[..], b"\"\"\""].concat()),
        // `*` as a list member.
        5 => out.push(b'*'),
        // Trailing garbage after the closing quote.
        6 => out.extend_from_slice(&[tag, b"x"].concat()),
        // HTAB and SP inside (not etagc).
        7 => out.extend_from_slice(&[b"\"", &inner[..], b"\t \""].concat()),
        // Two tags without a comma.
        8 => out.extend_from_slice(&[tag, b" ", tag].concat()),
        // A backslash-escaped quote, as a quoted-string reader would accept.
        _ => out.extend_from_slice(&[b"\"\\\"", &inner[..], b"\""].concat()),
    }
    out
}

/// The field lines of an If-Match / If-None-Match value, biased towards `current`.
///
/// About one value in six is `*` (sometimes with OWS, sometimes malformed next
/// to a member); lists have up to eight members, with varied separators and
/// empty elements, spread over one to eight field lines; about one list in
/// eight has a malformed member.
pub fn tag_list_lines(s: &mut impl Source, current: Option<&EntityTag>) -> Vec<Vec<u8>> {
    match weighted(s, &[70, 10, 3, 4, 3]) {
        0 => {}
        1 => return vec![b"*".to_vec()],
        2 => return vec![b" *\t".to_vec()],
        // `*` with something else: malformed.
        3 => {
            let tag = client_tag(s, current);
            return if chance(s, 50) {
                vec![[b"*, ", &tag[..]].concat()]
            } else {
                vec![b"*".to_vec(), tag]
            };
        }
        // Empty list (valid, no members) or an empty line.
        _ => {
            return vec![if chance(s, 50) {
                b"".to_vec()
            } else {
                b" , ,".to_vec()
            }];
        }
    }
    let count = 1 + weighted(s, &[50, 25, 10, 5, 3, 2, 2, 3]);
    let malformed = chance(s, 12);
    let mut members: Vec<Vec<u8>> = (0..count).map(|_| client_tag(s, current)).collect();
    if malformed {
        let at = below(s, members.len());
        if let Some(member) = members.get_mut(at) {
            *member = malform_tag(s, member);
        }
    }
    // Lay the members out on field lines.
    let line_count = 1 + weighted(s, &[70, 15, 5, 3, 2, 2, 1, 2]).min(count.saturating_sub(1) + 2);
    let mut lines: Vec<Vec<u8>> = vec![Vec::new(); line_count];
    for member in members {
        let line = below(s, line_count);
        if let Some(text) = lines.get_mut(line) {
            if !text.is_empty() {
                let sep: &[u8] = pick(s, &[&b", "[..], b",", b" , ", b"\t,", b", ,", b",,"])
                    .copied()
                    .unwrap_or(b", ");
                text.extend_from_slice(sep);
            }
            text.extend_from_slice(&member);
        }
    }
    for text in &mut lines {
        match weighted(s, &[85, 5, 5, 5]) {
            0 => {}
            1 => text.insert(0, b','),
            2 => text.push(b','),
            _ => {
                text.insert(0, b' ');
                text.push(b'\t');
            }
        }
    }
    lines
}

// ---------------------------------------------------------------------------
// Dates

/// 2024-05-01 12:00:00 UTC, the typical `now`.
pub const TYPICAL_NOW: i64 = 1_714_564_800;

fn date(unix: i64) -> HttpDate {
    HttpDate::from_unix_seconds(
        unix.clamp(HttpDate::MIN.unix_seconds(), HttpDate::MAX.unix_seconds()),
    )
    .unwrap_or(HttpDate::UNIX_EPOCH)
}

/// A clock reading: mostly within ten years of 2024, sometimes at the edges
/// of the HTTP-date range or at the Unix epoch.
pub fn now(s: &mut impl Source) -> HttpDate {
    match weighted(s, &[80, 10, 4, 3, 3]) {
        0 => date(TYPICAL_NOW + offset(s, 10 * 365 * 86_400)),
        1 => date(TYPICAL_NOW),
        2 => date(i64::from(s.draw() % 4)),
        3 => date(HttpDate::MIN.unix_seconds() + i64::from(s.draw() % 4)),
        _ => date(HttpDate::MAX.unix_seconds() - i64::from(s.draw() % 4)),
    }
}

/// A Last-Modified relative to `now`: at `now`, a second or more before, in
/// the future (the §8.8.2.1 policy), at the epoch (the epoch policy).
pub fn last_modified(s: &mut impl Source, now: HttpDate) -> HttpDate {
    let n = now.unix_seconds();
    match weighted(s, &[30, 15, 10, 10, 10, 8, 7, 5, 5]) {
        0 => date(n - 86_400),
        1 => date(n),
        2 => date(n - 1),
        3 => date(n - 2),
        4 => date(n - i64::from(s.draw()) * 3_600),
        5 => date(n + 1),
        6 => date(n + 3_600),
        7 => date(i64::from(s.draw() % 3)),
        _ => date(HttpDate::MIN.unix_seconds()),
    }
}

/// A client date near `anchor` (Last-Modified, or `now` without one):
/// equal, one second either side, further, or far away.
pub fn client_date(s: &mut impl Source, anchor: HttpDate, now: HttpDate) -> HttpDate {
    let a = anchor.unix_seconds();
    match weighted(s, &[35, 15, 15, 8, 8, 7, 5, 4, 3]) {
        0 => anchor,
        1 => date(a - 1),
        2 => date(a + 1),
        3 => date(a - 3_600),
        4 => date(a + 3_600),
        5 => now,
        6 => date(a + offset(s, 40 * 365 * 86_400)),
        7 => date(1),
        _ => date(a + 2),
    }
}

/// A date as a client would send it, valid or not, with the instant it
/// denotes when the text is a plain rendering.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct DateText {
    /// The field value.
    pub text: Vec<u8>,
    /// The instant a correct parser must read, for an unaltered rendering.
    pub intended: Option<HttpDate>,
    /// The clock the text is to be read at (rfc850 years).
    pub now: HttpDate,
}

/// Renders `when` as a client might: any of the three formats (rfc850 only
/// where its two-digit year is unambiguous), and about one time in six a near
/// miss (wrong case, wrong zone, impossible fields, a list, garbage).
pub fn date_text(s: &mut impl Source, when: HttpDate, now: HttpDate) -> DateText {
    let mut format = match weighted(s, &[60, 20, 20]) {
        0 => DateFormat::ImfFixdate,
        1 => DateFormat::Rfc850,
        _ => DateFormat::Asctime,
    };
    if format == DateFormat::Rfc850 && !render::rfc850_is_unambiguous(when, now) {
        format = DateFormat::ImfFixdate;
    }
    let plain = render::format_date(when, format);
    if !chance(s, 16) {
        return DateText {
            text: plain.into_bytes(),
            intended: Some(when),
            now,
        };
    }
    let civil = Civil::from_unix(when.unix_seconds());
    let text = match below(s, 14) {
        0 => plain.replace("GMT", "gmt"),
        1 => plain.replace("GMT", "UTC"),
        2 => render::format_civil(
            Civil {
                weekday: (civil.weekday + 1) % 7,
                ..civil
            },
            format,
        ),
        3 => render::format_civil(Civil { day: 32, ..civil }, format),
        4 => render::format_civil(Civil { hour: 24, ..civil }, format),
        5 => render::format_civil(
            Civil {
                second: 60,
                ..civil
            },
            format,
        ),
        6 => render::format_civil(
            Civil {
                month: 2,
                day: 30,
                ..civil
            },
            format,
        ),
        7 => format!("{plain} x"),
        8 => format!(" {plain} "),
        9 => format!("{plain}, {plain}"),
        10 => String::new(),
        11 => "yesterday".to_owned(),
        12 => when.unix_seconds().to_string(),
        _ => plain.replacen(' ', "  ", 1),
    };
    DateText {
        text: text.into_bytes(),
        intended: None,
        now,
    }
}

/// The field lines of If-Modified-Since / If-Unmodified-Since / an If-Range
/// date: usually one, sometimes two or three (a list the RFC says to ignore).
fn date_lines(s: &mut impl Source, anchor: HttpDate, now: HttpDate) -> Vec<Vec<u8>> {
    let count = 1 + weighted(s, &[88, 9, 3]);
    (0..count)
        .map(|_| {
            let when = client_date(s, anchor, now);
            date_text(s, when, now).text
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Requests and representations

/// The methods generated, GET and HEAD most often. `get` is an extension
/// method (methods are case-sensitive).
const METHODS: [(&str, u16); 11] = [
    ("GET", 30),
    ("HEAD", 10),
    ("PUT", 10),
    ("POST", 8),
    ("DELETE", 6),
    ("PATCH", 6),
    ("OPTIONS", 2),
    ("CONNECT", 1),
    ("TRACE", 1),
    ("PROPFIND", 4),
    ("get", 2),
];

/// A request method.
pub fn method(s: &mut impl Source) -> Method {
    let weights: Vec<u16> = METHODS.iter().map(|&(_, w)| w).collect();
    let name = METHODS
        .get(weighted(s, &weights))
        .map_or("GET", |&(m, _)| m);
    Method::from_bytes(name.as_bytes()).unwrap_or(Method::GET)
}

/// The unconditional statuses generated, 200 most often.
const STATUSES: [(u16, u16); 11] = [
    (200, 65),
    (201, 5),
    (204, 5),
    (206, 3),
    (301, 2),
    (304, 2),
    (404, 3),
    (412, 5),
    (500, 3),
    (503, 1),
    (101, 1),
];

/// A status the response would have had without the conditions.
pub fn unconditional(s: &mut impl Source) -> StatusCode {
    let weights: Vec<u16> = STATUSES.iter().map(|&(_, w)| w).collect();
    let code = STATUSES.get(weighted(s, &weights)).map_or(200, |&(c, _)| c);
    StatusCode::from_u16(code).unwrap_or(StatusCode::OK)
}

/// The selected representation's state at time `now`.
pub fn resource(s: &mut impl Source, now: HttpDate) -> Resource {
    let exists = !chance(s, 12);
    let etag = if chance(s, 75) {
        let weak = chance(s, 30);
        let opaque = if chance(s, 70) {
            b"v1".to_vec()
        } else {
            pick(s, &OPAQUES).copied().unwrap_or(b"v1").to_vec()
        };
        EntityTag::parse(&tag_text(weak, &opaque)).ok()
    } else {
        None
    };
    let last_modified = if chance(s, 75) {
        Some(last_modified(s, now))
    } else {
        None
    };
    Resource {
        exists,
        etag,
        last_modified,
        ranges: !chance(s, 15),
    }
}

/// Unrelated request fields: near-miss names of conditional fields, and
/// response-only fields a confused evaluator might read.
pub const UNRELATED: [(&str, &str); 10] = [
    ("accept", "*/*"),
    ("cache-control", "no-cache"),
    ("x-if-match", "\"v1\""),
    ("if-schedule-tag-match", "\"v1\""),
    ("if", "(<urn:x> [\"v1\"])"),
    ("etag", "\"v1\""),
    ("last-modified", "Wed, 01 May 2024 12:00:00 GMT"),
    ("date", "Wed, 01 May 2024 12:00:00 GMT"),
    ("content-range", "bytes 0-1/2"),
    ("if-modified-since-version", "3"),
];

fn unrelated(s: &mut impl Source) -> (HeaderName, HeaderValue) {
    let (name, value) = pick(s, &UNRELATED).copied().unwrap_or(("accept", "*/*"));
    (
        HeaderName::from_static(name),
        HeaderValue::from_static(value),
    )
}

/// Makes `bytes` a valid field value: CTLs other than HTAB, and DEL, become `?`.
pub fn field_value(bytes: &[u8]) -> HeaderValue {
    let clean: Vec<u8> = bytes
        .iter()
        .map(|&b| {
            if (b < 0x20 && b != b'\t') || b == 0x7f {
                b'?'
            } else {
                b
            }
        })
        .collect();
    HeaderValue::from_bytes(&clean).unwrap_or_else(|_| HeaderValue::from_static("?"))
}

/// A complete case: any subset of the six conditional fields on any method,
/// for any representation, role, status, clock and If-Range date setting.
pub fn case(s: &mut impl Source) -> Case {
    let now = now(s);
    let method = method(s);
    let resource = resource(s, now);
    let role = if chance(s, 25) {
        Role::Cache
    } else {
        Role::Origin
    };
    let unconditional = unconditional(s);
    let if_range_dates = match weighted(s, &[6, 1, 1]) {
        0 => IfRangeDates::Auto,
        1 => IfRangeDates::Strong,
        _ => IfRangeDates::Weak,
    };
    let anchor = resource.last_modified.unwrap_or(now);
    let current = resource.etag.clone();

    let mut fields: Vec<(HeaderName, HeaderValue)> = Vec::new();
    let mut add = |name: &HeaderName, lines: Vec<Vec<u8>>| {
        for line in lines {
            fields.push((name.clone(), field_value(&line)));
        }
    };
    if chance(s, 25) {
        add(&header::IF_MATCH, tag_list_lines(s, current.as_ref()));
    }
    if chance(s, 30) {
        add(&header::IF_UNMODIFIED_SINCE, date_lines(s, anchor, now));
    }
    if chance(s, 40) {
        add(&header::IF_NONE_MATCH, tag_list_lines(s, current.as_ref()));
    }
    if chance(s, 35) {
        add(&header::IF_MODIFIED_SINCE, date_lines(s, anchor, now));
    }
    // If-Range is mostly sent with Range (§13.1.5 ¶4), and Range alone often.
    let if_range = chance(s, 30);
    if chance(s, if if_range { 85 } else { 30 }) {
        add(&header::RANGE, vec![b"bytes=0-99".to_vec()]);
    }
    if if_range {
        add(
            &header::IF_RANGE,
            if_range_lines(s, current.as_ref(), anchor, now),
        );
    }
    for _ in 0..weighted(s, &[80, 12, 8]) {
        fields.push(unrelated(s));
    }
    // Shuffle the names (Fisher–Yates), then hand each slot the next line of
    // its name: fields of different names are interleaved at random, while
    // the lines of one field keep their order (together they are one value).
    let mut names: Vec<HeaderName> = fields.iter().map(|(n, _)| n.clone()).collect();
    for i in (1..names.len()).rev() {
        names.swap(i, below(s, i + 1));
    }
    let mut ordered = Vec::with_capacity(fields.len());
    for name in names {
        if let Some(at) = fields.iter().position(|(n, _)| *n == name) {
            ordered.push(fields.remove(at));
        }
    }

    Case {
        method,
        fields: ordered,
        resource,
        role,
        unconditional,
        now,
        if_range_dates,
    }
}

/// An If-Range value: an entity-tag (strong or weak) near `current`, a date
/// near `anchor`, or a malformed value.
fn if_range_value(
    s: &mut impl Source,
    current: Option<&EntityTag>,
    anchor: HttpDate,
    now: HttpDate,
) -> Vec<u8> {
    match weighted(s, &[45, 35, 20]) {
        0 => client_tag(s, current),
        1 => {
            let when = client_date(s, anchor, now);
            date_text(s, when, now).text
        }
        _ => {
            let tag = client_tag(s, current);
            malform_tag(s, &tag)
        }
    }
}

/// If-Range field lines: one value, rarely two (not a valid If-Range).
fn if_range_lines(
    s: &mut impl Source,
    current: Option<&EntityTag>,
    anchor: HttpDate,
    now: HttpDate,
) -> Vec<Vec<u8>> {
    let mut lines = vec![if_range_value(s, current, anchor, now)];
    if chance(s, 5) {
        lines.push(if_range_value(s, current, anchor, now));
    }
    lines
}

// ---------------------------------------------------------------------------
// Stand-alone values for the parsers' fuzz targets and properties

/// An If-Match / If-None-Match value and the current entity-tag it was drawn against.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct TagListText {
    /// The field lines.
    pub lines: Vec<Vec<u8>>,
    /// The current entity-tag the members were biased towards.
    pub current: Option<EntityTag>,
}

/// A list value with its current entity-tag.
pub fn tag_list_text(s: &mut impl Source) -> TagListText {
    let current = if chance(s, 85) { entity_tag(s) } else { None };
    let lines = tag_list_lines(s, current.as_ref());
    TagListText { lines, current }
}

/// A date text read at some `now`, near a Last-Modified relative to it.
pub fn any_date_text(s: &mut impl Source) -> DateText {
    let now = now(s);
    let anchor = last_modified(s, now);
    let when = client_date(s, anchor, now);
    date_text(s, when, now)
}

/// The header fields a 200 response would have carried, for 304 shaping
/// (RFC 9110 §15.4.5): the fields a 304 keeps, Last-Modified, content
/// metadata, and fields that are not representation metadata.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct ResponseHeaders(pub HeaderMap);

const RESPONSE_FIELDS: [(&str, &[&str]); 16] = [
    (
        "cache-control",
        &["max-age=60", "no-cache", "private, max-age=0"],
    ),
    ("content-location", &["/doc.json", "/doc.html"]),
    ("date", &["Wed, 01 May 2024 12:00:00 GMT"]),
    ("etag", &["\"v1\"", "W/\"v1\""]),
    ("expires", &["Wed, 01 May 2024 12:01:00 GMT", "0"]),
    (
        "vary",
        &["accept-encoding", "accept", "origin, accept-language"],
    ),
    ("last-modified", &["Tue, 30 Apr 2024 12:00:00 GMT"]),
    (
        "content-type",
        &["application/json", "text/html; charset=utf-8"],
    ),
    ("content-length", &["1234", "0"]),
    ("content-encoding", &["gzip", "br"]),
    ("content-language", &["en", "de, fr"]),
    ("content-range", &["bytes 0-99/1234"]),
    ("transfer-encoding", &["chunked"]),
    ("set-cookie", &["a=1", "b=2; Secure"]),
    ("server", &["precond-test"]),
    ("x-request-id", &["42"]),
];

/// A 200 response's header fields: each field present about half the time,
/// with one to three lines, in a shuffled order.
pub fn response_headers(s: &mut impl Source) -> ResponseHeaders {
    let mut fields: Vec<(HeaderName, HeaderValue)> = Vec::new();
    for (name, values) in RESPONSE_FIELDS {
        if !chance(s, 50) {
            continue;
        }
        for _ in 0..1 + weighted(s, &[80, 15, 5]) {
            let value = pick(s, values).copied().unwrap_or("x");
            fields.push((
                HeaderName::from_static(name),
                HeaderValue::from_static(value),
            ));
        }
    }
    let mut names: Vec<HeaderName> = fields.iter().map(|(n, _)| n.clone()).collect();
    for i in (1..names.len()).rev() {
        names.swap(i, below(s, i + 1));
    }
    let mut map = HeaderMap::new();
    for name in names {
        if let Some(at) = fields.iter().position(|(n, _)| *n == name) {
            let (name, value) = fields.remove(at);
            map.append(name, value);
        }
    }
    ResponseHeaders(map)
}

/// Changes that must not change an outcome (see
/// [`crate::invariants::irrelevant_changes_are_irrelevant_under`]).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Perturbation {
    /// Unrelated fields to add (appended after the case's own fields).
    pub extra: Vec<(HeaderName, HeaderValue)>,
    /// How to reorder fields of different names: the names, in order of
    /// first appearance, are rotated by this much and reversed when it is odd.
    pub reorder: u16,
    /// Whether to split If-Match / If-None-Match lines at their commas.
    pub split_lists: bool,
}

impl Perturbation {
    /// The perturbation [`crate::invariants::check_all`] applies: every
    /// unrelated field of the pool, names reversed, lists split.
    pub fn standard() -> Self {
        Perturbation {
            extra: UNRELATED
                .iter()
                .map(|&(n, v)| (HeaderName::from_static(n), HeaderValue::from_static(v)))
                .collect(),
            reorder: 1,
            split_lists: true,
        }
    }
}

/// A perturbation: a few unrelated fields, a reordering, maybe a split.
pub fn perturbation(s: &mut impl Source) -> Perturbation {
    let extra = (0..below(s, 4)).map(|_| unrelated(s)).collect();
    Perturbation {
        extra,
        reorder: s.draw(),
        split_lists: chance(s, 70),
    }
}

macro_rules! arbitrary_via {
    ($ty:ty, $generator:expr) => {
        impl<'a> Arbitrary<'a> for $ty {
            fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
                Ok($generator(u))
            }
        }
    };
}

arbitrary_via!(Case, case);
arbitrary_via!(TagListText, tag_list_text);
arbitrary_via!(DateText, any_date_text);
arbitrary_via!(ResponseHeaders, response_headers);
arbitrary_via!(Perturbation, perturbation);
