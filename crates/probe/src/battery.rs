//! The battery: the conditional requests sent to one resource, built from
//! the validators its plain GET returned.
//!
//! Each [`Case`] is data (a method, the header fields to send, which URL) so
//! that any HTTP client can send it; [`judge`](crate::judge) reads the answer.

use http::header::{self, HeaderName};
use http::{HeaderMap, HeaderValue, Method, StatusCode};
use precond::{EntityTag, HttpDate};

use crate::validators::Validators;

/// Which URL a case is sent to.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Target {
    /// The probed resource (safe methods only: GET and HEAD).
    Safe,
    /// The URL the user named for unsafe methods (PUT, DELETE): these cases
    /// carry a condition that must fail, but a wrong server changes the
    /// resource.
    Unsafe,
}

/// A status the RFC permits besides the one the evaluator decides, for one
/// case: why, and where it says so.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Leeway {
    /// The other status allowed.
    pub status: StatusCode,
    /// The section that permits it.
    pub section: &'static str,
    /// Why, in a few words.
    pub why: &'static str,
}

/// A byte range asked for with `Range: bytes=first-last`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct ByteRange {
    /// First byte position.
    pub first: u64,
    /// Last byte position (inclusive).
    pub last: u64,
}

impl ByteRange {
    /// The number of bytes in the range.
    pub fn len(self) -> u64 {
        self.last.saturating_sub(self.first).saturating_add(1)
    }

    /// Never empty: a range holds at least its first byte.
    pub fn is_empty(self) -> bool {
        false
    }
}

/// One conditional request of the battery.
#[derive(Clone, Debug)]
pub struct Case {
    id: &'static str,
    title: &'static str,
    section: &'static str,
    method: Method,
    fields: HeaderMap,
    target: Target,
    range: Option<ByteRange>,
    range_status: Option<StatusCode>,
    leeway: Option<Leeway>,
}

impl Case {
    fn new(id: &'static str, title: &'static str, section: &'static str, method: Method) -> Self {
        Case {
            id,
            title,
            section,
            method,
            fields: HeaderMap::new(),
            target: Target::Safe,
            range: None,
            range_status: None,
            leeway: None,
        }
    }

    /// Appends a field line (a second line of the same name stays a second
    /// line, RFC 9110 §5.3).
    fn field(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.fields.append(name, value);
        self
    }

    fn range(mut self, range: ByteRange) -> Self {
        let spec = format!("bytes={}-{}", range.first, range.last);
        self.range = Some(range);
        match HeaderValue::try_from(spec) {
            Ok(v) => self.field(header::RANGE, v),
            Err(_) => self,
        }
    }

    /// A Range field written as `spec`, which asks for `resolved` of the
    /// probed representation (`None`: several ranges, or none satisfiable).
    fn range_spec(mut self, spec: &str, resolved: Option<ByteRange>) -> Self {
        self.range = resolved;
        match HeaderValue::try_from(spec) {
            Ok(v) => self.field(header::RANGE, v),
            Err(_) => self,
        }
    }

    /// When the preconditions let the Range be processed, it resolves to
    /// `status` rather than 206 (RFC 9110 §14.2): 416 for a range-set none of
    /// whose ranges is satisfiable, 200 for a Range the server must ignore.
    fn resolves_to(mut self, status: StatusCode) -> Self {
        self.range_status = Some(status);
        self
    }

    fn leeway(mut self, leeway: Leeway) -> Self {
        self.leeway = Some(leeway);
        self
    }

    fn unsafe_target(mut self) -> Self {
        self.target = Target::Unsafe;
        self
    }

    /// A stable identifier, e.g. `inm-list`.
    pub fn id(&self) -> &'static str {
        self.id
    }

    /// What the case sends, in words.
    pub fn title(&self) -> &'static str {
        self.title
    }

    /// The section the case exercises.
    pub fn section(&self) -> &'static str {
        self.section
    }

    /// The request method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The header fields to send, besides the client's own (Host,
    /// User-Agent…). Several values of one name are several field lines.
    pub fn fields(&self) -> &HeaderMap {
        &self.fields
    }

    /// Which URL to send the case to.
    pub fn target(&self) -> Target {
        self.target
    }

    /// The byte range asked for, if the case carries a Range.
    pub fn byte_range(&self) -> Option<ByteRange> {
        self.range
    }

    /// What an honoured Range resolves to when it is not 206: 416 or 200
    /// (RFC 9110 §14.2); `None` for a 206.
    pub fn range_status(&self) -> Option<StatusCode> {
        self.range_status
    }

    /// A status the RFC permits besides the evaluator's, for this case.
    pub fn case_leeway(&self) -> Option<Leeway> {
        self.leeway
    }

    /// The content to send: [`PUT_CONTENT`] for a PUT, none otherwise.
    pub fn body(&self) -> &'static [u8] {
        if self.method == Method::PUT {
            PUT_CONTENT
        } else {
            b""
        }
    }
}

/// An entity-tag no representation of the probed resource has.
const OTHER_TAG: &str = "\"precond-probe-no-such-tag\"";

/// The battery for a resource answered by GET and HEAD, built from its plain
/// GET's validators: every case whose validator the resource has.
///
/// Without an ETag the entity-tag cases are replaced by `*` and unknown tags
/// (which must then never match); without a Last-Modified, an
/// If-Modified-Since must be ignored (RFC 9110 §13.1.3), which is a case too.
///
/// ```
/// use http::{header, HeaderMap, HeaderValue, StatusCode};
/// use precond_probe::{battery, Validators};
///
/// let mut fields = HeaderMap::new();
/// fields.insert(header::ETAG, HeaderValue::from_static("\"v1\""));
/// let cases = battery(&Validators::from_response(StatusCode::OK, &fields, 11));
/// let list = cases.iter().find(|c| c.id() == "inm-list").unwrap();
/// assert_eq!(list.fields()[header::IF_NONE_MATCH], "\"precond-probe-no-such-tag\", \"v1\", \"x\"");
/// ```
pub fn battery(v: &Validators) -> Vec<Case> {
    let mut cases = Vec::new();
    let get = || Method::GET;
    let other = HeaderValue::from_static(OTHER_TAG);
    let star = HeaderValue::from_static("*");

    // If-None-Match (RFC 9110 §13.1.2): weak comparison, lists, several lines.
    const INM: &str = "RFC 9110 §13.1.2";
    let inm = header::IF_NONE_MATCH;
    if let Some(tag) = v.etag() {
        let current = tag.to_header_value();
        cases.push(
            Case::new("inm-match", "If-None-Match: the current tag", INM, get())
                .field(inm.clone(), current.clone()),
        );
        if let Some(flipped) = flip_weakness(tag) {
            cases.push(
                Case::new(
                    "inm-weak-form",
                    "If-None-Match: the current tag, other weakness (weak comparison)",
                    INM,
                    get(),
                )
                .field(inm.clone(), flipped),
            );
        }
        if let Some(list) = joined(&[OTHER_TAG, &text(&current), "\"x\""]) {
            cases.push(
                Case::new(
                    "inm-list",
                    "If-None-Match: a list holding the current tag",
                    INM,
                    get(),
                )
                .field(inm.clone(), list),
            );
        }
        cases.push(
            Case::new(
                "inm-lines",
                "If-None-Match on two field lines, the current tag on the second",
                "RFC 9110 §5.3",
                get(),
            )
            .field(inm.clone(), other.clone())
            .field(inm.clone(), current.clone()),
        );
        cases.push(
            Case::new(
                "inm-head",
                "HEAD, If-None-Match: the current tag",
                INM,
                Method::HEAD,
            )
            .field(inm.clone(), current),
        );
    }
    cases.push(
        Case::new(
            "inm-other",
            "If-None-Match: a tag that does not match",
            INM,
            get(),
        )
        .field(inm.clone(), other.clone()),
    );
    cases.push(
        Case::new("inm-star", "If-None-Match: *", INM, get()).field(inm.clone(), star.clone()),
    );
    cases.push(
        Case::new(
            "inm-malformed",
            "If-None-Match: a malformed value (unterminated tag)",
            INM,
            get(),
        )
        .field(inm.clone(), HeaderValue::from_static("\"precond-probe"))
        .leeway(Leeway {
            status: StatusCode::BAD_REQUEST,
            section: INM,
            why: "the RFC defines no evaluation for an invalid field value",
        }),
    );

    // If-Modified-Since (RFC 9110 §13.1.3).
    const IMS: &str = "RFC 9110 §13.1.3";
    let ims = header::IF_MODIFIED_SINCE;
    if let Some(lm) = v.last_modified() {
        cases.push(
            Case::new("ims-equal", "If-Modified-Since: Last-Modified", IMS, get())
                .field(ims.clone(), lm.into()),
        );
        if let Some(later) = lm.checked_add_seconds(1) {
            cases.push(
                Case::new(
                    "ims-later",
                    "If-Modified-Since: one second after Last-Modified",
                    IMS,
                    get(),
                )
                .field(ims.clone(), later.into()),
            );
        }
        if let Some(earlier) = lm.checked_add_seconds(-1) {
            cases.push(
                Case::new(
                    "ims-earlier",
                    "If-Modified-Since: one second before Last-Modified",
                    IMS,
                    get(),
                )
                .field(ims.clone(), earlier.into()),
            );
            cases.push(
                Case::new("ims-with-inm-match", if v.etag().is_some() {
                        "If-None-Match: the current tag, If-Modified-Since: earlier (must be ignored)"
                    } else {
                        "If-None-Match: *, If-Modified-Since: earlier (must be ignored)"
                    }, IMS, get())
                    .field(inm.clone(), v.etag().map_or(star.clone(), EntityTag::to_header_value))
                    .field(ims.clone(), earlier.into()),
            );
        }
        if let Some(value) = rfc850(lm) {
            cases.push(
                Case::new(
                    "ims-rfc850",
                    "If-Modified-Since: Last-Modified as an rfc850-date",
                    "RFC 9110 §5.6.7",
                    get(),
                )
                .field(ims.clone(), value),
            );
        }
        if let Some(value) = asctime(lm) {
            cases.push(
                Case::new(
                    "ims-asctime",
                    "If-Modified-Since: Last-Modified as an asctime-date",
                    "RFC 9110 §5.6.7",
                    get(),
                )
                .field(ims.clone(), value),
            );
        }
        cases.push(
            Case::new(
                "ims-malformed",
                "If-Modified-Since: not an HTTP-date (must be ignored)",
                IMS,
                get(),
            )
            .field(ims.clone(), HeaderValue::from_static("yesterday")),
        );
        cases.push(
            Case::new(
                "ims-with-inm-other",
                "If-None-Match: another tag, If-Modified-Since: Last-Modified (If-None-Match wins)",
                IMS,
                get(),
            )
            .field(inm.clone(), other.clone())
            .field(ims.clone(), lm.into()),
        );
        cases.push(
            Case::new(
                "ims-head",
                "HEAD, If-Modified-Since: Last-Modified",
                IMS,
                Method::HEAD,
            )
            .field(ims.clone(), lm.into()),
        );
    } else if let Some(date) = v.date() {
        cases.push(
            Case::new(
                "ims-no-date",
                "If-Modified-Since on a resource without Last-Modified (must be ignored)",
                IMS,
                get(),
            )
            .field(ims.clone(), date.into()),
        );
    }

    // If-Match (RFC 9110 §13.1.1), on GET: strong comparison.
    const IM: &str = "RFC 9110 §13.1.1";
    let im = header::IF_MATCH;
    if let Some(tag) = v.etag() {
        cases.push(
            Case::new(
                "im-match",
                "If-Match: the current tag (strong comparison)",
                IM,
                get(),
            )
            .field(im.clone(), tag.to_header_value()),
        );
        if let Some(flipped) = flip_weakness(tag) {
            cases.push(
                Case::new(
                    "im-weak-form",
                    "If-Match: the current tag, other weakness (strong comparison)",
                    IM,
                    get(),
                )
                .field(im.clone(), flipped),
            );
        }
    }
    cases.push(
        Case::new("im-other", "If-Match: a tag that does not match", IM, get())
            .field(im.clone(), other.clone()),
    );
    cases.push(Case::new("im-star", "If-Match: *", IM, get()).field(im.clone(), star.clone()));

    // If-Unmodified-Since (RFC 9110 §13.1.4).
    const IUS: &str = "RFC 9110 §13.1.4";
    let ius = header::IF_UNMODIFIED_SINCE;
    if let Some(lm) = v.last_modified() {
        cases.push(
            Case::new(
                "ius-equal",
                "If-Unmodified-Since: Last-Modified",
                IUS,
                get(),
            )
            .field(ius.clone(), lm.into()),
        );
        if let Some(earlier) = lm.checked_add_seconds(-1) {
            cases.push(
                Case::new(
                    "ius-earlier",
                    "If-Unmodified-Since: one second before Last-Modified",
                    IUS,
                    get(),
                )
                .field(ius.clone(), earlier.into()),
            );
            cases.push(
                Case::new(
                    "ius-with-im",
                    "If-Match: *, If-Unmodified-Since: earlier (must be ignored)",
                    IUS,
                    get(),
                )
                .field(im.clone(), star.clone())
                .field(ius.clone(), earlier.into()),
            );
        }
        cases.push(
            Case::new(
                "ius-malformed",
                "If-Unmodified-Since: not an HTTP-date (must be ignored)",
                IUS,
                get(),
            )
            .field(ius.clone(), HeaderValue::from_static("yesterday")),
        );
    }

    // Range and If-Range (RFC 9110 §14.2, §13.1.5): the first bytes, at most 4.
    const IR: &str = "RFC 9110 §13.1.5";
    let ir = header::IF_RANGE;
    if let Some(len) = v.length().filter(|&l| l > 1) {
        let part = ByteRange {
            first: 0,
            last: len.min(4) - 1,
        };
        cases.push(
            Case::new("range", "Range: the first bytes", "RFC 9110 §14.2", get()).range(part),
        );
        cases.push(
            Case::new(
                "range-head",
                "HEAD with Range (must be ignored)",
                "RFC 9110 §14.2",
                Method::HEAD,
            )
            .range(part),
        );
        if let Some(tag) = v.etag() {
            cases.push(
                Case::new("ir-fresh", "Range, If-Range: the current tag", IR, get())
                    .range(part)
                    .field(ir.clone(), tag.to_header_value()),
            );
            if let Some(flipped) = flip_weakness(tag).filter(|_| !tag.is_weak()) {
                cases.push(
                    Case::new(
                        "ir-weak",
                        "Range, If-Range: the current tag marked weak (never matches)",
                        IR,
                        get(),
                    )
                    .range(part)
                    .field(ir.clone(), flipped),
                );
            }
        }
        cases.push(
            Case::new(
                "ir-stale",
                "Range, If-Range: a tag that does not match",
                IR,
                get(),
            )
            .range(part)
            .field(ir.clone(), other.clone()),
        );
        if let Some(lm) = v.last_modified() {
            cases.push(
                Case::new("ir-date", "Range, If-Range: Last-Modified", IR, get())
                    .range(part)
                    .field(ir.clone(), lm.into())
                    .leeway(Leeway {
                        status: StatusCode::OK,
                        section: "RFC 9110 §13.1.5",
                        why: "an origin that cannot rule out two changes within the second of \
                              its Last-Modified holds the date weak (§8.8.2.2), so the If-Range \
                              condition is false and the Range ignored",
                    }),
            );
            if let Some(earlier) = lm.checked_add_seconds(-1) {
                cases.push(
                    Case::new(
                        "ir-date-stale",
                        "Range, If-Range: a date before Last-Modified",
                        IR,
                        get(),
                    )
                    .range(part)
                    .field(ir.clone(), earlier.into()),
                );
            }
        }
    }
    more_cases(v, &mut cases);
    cases
}

/// Combinations of conditions and the Range forms a file server must get
/// right: the order of the steps (RFC 9110 §13.2.2), HEAD, If-Match lists,
/// and Range resolution (suffix, open, several ranges, unsatisfiable,
/// unknown unit, malformed; §14.1.2, §14.2).
fn more_cases(v: &Validators, cases: &mut Vec<Case>) {
    let get = || Method::GET;
    let (inm, im, ius, ir) = (
        header::IF_NONE_MATCH,
        header::IF_MATCH,
        header::IF_UNMODIFIED_SINCE,
        header::IF_RANGE,
    );
    let other = HeaderValue::from_static(OTHER_TAG);
    let star = HeaderValue::from_static("*");
    const ORDER: &str = "RFC 9110 §13.2.2";
    cases.push(
        Case::new(
            "inm-star-head",
            "HEAD, If-None-Match: *",
            "RFC 9110 §13.1.2",
            Method::HEAD,
        )
        .field(inm.clone(), star.clone()),
    );
    cases.push(
        Case::new(
            "im-other-head",
            "HEAD, If-Match: a tag that does not match",
            "RFC 9110 §13.1.1",
            Method::HEAD,
        )
        .field(im.clone(), other.clone()),
    );
    if let Some(tag) = v.etag() {
        let current = tag.to_header_value();
        if let Some(list) = joined(&[OTHER_TAG, &text(&current)]).filter(|_| !tag.is_weak()) {
            cases.push(
                Case::new(
                    "im-list",
                    "If-Match: a list holding the current tag",
                    "RFC 9110 §13.1.1",
                    get(),
                )
                .field(im.clone(), list),
            );
            cases.push(
                Case::new(
                    "im-lines",
                    "If-Match on two field lines, the current tag on the second",
                    "RFC 9110 §5.3",
                    get(),
                )
                .field(im.clone(), other.clone())
                .field(im.clone(), current.clone()),
            );
        }
        cases.push(
            Case::new(
                "im-other-inm-match",
                "If-Match: no match, If-None-Match: the current tag (step 1 first)",
                ORDER,
                get(),
            )
            .field(im.clone(), other.clone())
            .field(inm.clone(), current.clone()),
        );
        if let Some(earlier) = v.last_modified().and_then(|lm| lm.checked_add_seconds(-1)) {
            cases.push(
                Case::new(
                    "ius-earlier-inm-match",
                    "If-Unmodified-Since: earlier, If-None-Match: the current tag (step 2 first)",
                    ORDER,
                    get(),
                )
                .field(ius.clone(), earlier.into())
                .field(inm.clone(), current.clone()),
            );
        }
        cases.push(
            Case::new(
                "ir-no-range",
                "If-Range: the current tag, no Range (changes nothing)",
                "RFC 9110 §13.1.5",
                get(),
            )
            .field(ir.clone(), current),
        );
    }
    let Some(len) = v.length().filter(|&l| l >= 4) else {
        return;
    };
    const RANGE: &str = "RFC 9110 §14.2";
    let last = len - 1;
    let suffix = ByteRange {
        first: len - 2,
        last,
    };
    let open = ByteRange { first: 1, last };
    cases.push(
        Case::new(
            "range-suffix",
            "Range: bytes=-2 (the last two bytes)",
            "RFC 9110 §14.1.2",
            get(),
        )
        .range_spec("bytes=-2", Some(suffix)),
    );
    cases.push(
        Case::new(
            "range-open",
            "Range: bytes=1- (all but the first byte)",
            "RFC 9110 §14.1.2",
            get(),
        )
        .range_spec("bytes=1-", Some(open)),
    );
    cases.push(
        Case::new(
            "range-multi",
            "Range: bytes=0-0,2-3 (multipart/byteranges)",
            "RFC 9110 §14.6",
            get(),
        )
        .range_spec("bytes=0-0,2-3", None),
    );
    let beyond = format!("bytes={len}-");
    cases.push(
        Case::new(
            "range-unsatisfiable",
            "Range: from one past the last byte (416)",
            "RFC 9110 §15.5.17",
            get(),
        )
        .range_spec(&beyond, None)
        .resolves_to(StatusCode::RANGE_NOT_SATISFIABLE),
    );
    cases.push(
        Case::new(
            "range-unknown-unit",
            "Range: items=0-1 (an unknown unit is ignored)",
            RANGE,
            get(),
        )
        .range_spec("items=0-1", None)
        .resolves_to(StatusCode::OK),
    );
    cases.push(
        Case::new(
            "range-malformed",
            "Range: bytes=3-1 (invalid, ignored)",
            RANGE,
            get(),
        )
        .range_spec("bytes=3-1", None)
        .resolves_to(StatusCode::OK)
        .leeway(Leeway {
            status: StatusCode::RANGE_NOT_SATISFIABLE,
            section: "RFC 9110 §14.2",
            why: "a server may reject a Range whose ranges-specifier is invalid",
        }),
    );
    cases.push(
        Case::new(
            "range-im-other",
            "Range with If-Match: no match (412 before any Range)",
            ORDER,
            get(),
        )
        .range_spec("bytes=0-1", None)
        .field(im, other),
    );
    if let Some(tag) = v.etag() {
        cases.push(
            Case::new(
                "range-unsatisfiable-inm-match",
                "Range: unsatisfiable, If-None-Match: the current tag (304, not 416)",
                ORDER,
                get(),
            )
            .range_spec(&beyond, None)
            .resolves_to(StatusCode::RANGE_NOT_SATISFIABLE)
            .field(inm, tag.to_header_value()),
        );
    }
}

/// The cases for the URL named for unsafe methods: each carries a condition
/// that is false for the current representation, so a correct server answers
/// 412 and changes nothing (RFC 9110 §13.1.1, §13.1.2, §13.1.4). The PUT
/// content differs from the current one, so a 2xx cannot be the "change
/// already applied" answer §13.1.1 allows.
pub fn unsafe_battery(v: &Validators) -> Vec<Case> {
    let body_note = HeaderValue::from_static("text/plain");
    let mut cases = vec![
        Case::new(
            "put-im-other",
            "PUT, If-Match: a tag that does not match",
            "RFC 9110 §13.1.1",
            Method::PUT,
        )
        .field(header::IF_MATCH, HeaderValue::from_static(OTHER_TAG)),
        Case::new(
            "put-inm-star",
            "PUT, If-None-Match: * (the resource exists)",
            "RFC 9110 §13.1.2",
            Method::PUT,
        )
        .field(header::IF_NONE_MATCH, HeaderValue::from_static("*")),
        Case::new(
            "delete-im-other",
            "DELETE, If-Match: a tag that does not match",
            "RFC 9110 §13.1.1",
            Method::DELETE,
        )
        .field(header::IF_MATCH, HeaderValue::from_static(OTHER_TAG)),
    ];
    if let Some(earlier) = v.last_modified().and_then(|lm| lm.checked_add_seconds(-1)) {
        cases.push(
            Case::new(
                "put-ius-earlier",
                "PUT, If-Unmodified-Since: one second before Last-Modified",
                "RFC 9110 §13.1.4",
                Method::PUT,
            )
            .field(header::IF_UNMODIFIED_SINCE, earlier.into()),
        );
    }
    cases
        .into_iter()
        .map(|c| {
            let c = c.unsafe_target();
            if c.method == Method::PUT {
                c.field(header::CONTENT_TYPE, body_note.clone())
            } else {
                c
            }
        })
        .collect()
}

/// The content a PUT of the unsafe battery carries.
pub const PUT_CONTENT: &[u8] = b"precond probe: a conditional PUT that must be refused\n";

/// The same opaque-tag with the other weakness: `W/"x"` for `"x"` and back.
fn flip_weakness(tag: &EntityTag) -> Option<HeaderValue> {
    let flipped = if tag.is_weak() {
        EntityTag::strong(tag.opaque())
    } else {
        EntityTag::weak(tag.opaque())
    };
    flipped.ok().map(|t| t.to_header_value())
}

fn text(v: &HeaderValue) -> String {
    String::from_utf8_lossy(v.as_bytes()).into_owned()
}

/// `a, b, c` as one field value.
fn joined(members: &[&str]) -> Option<HeaderValue> {
    HeaderValue::try_from(members.join(", ")).ok()
}

/// The IMF-fixdate's pieces: day name, day, month, year, time of day.
fn pieces(date: HttpDate) -> Option<(String, String, String, String, String)> {
    let imf = date.imf_fixdate();
    let s = core::str::from_utf8(&imf).ok()?;
    // `Sun, 06 Nov 1994 08:49:37 GMT`
    Some((
        s.get(0..3)?.to_owned(),
        s.get(5..7)?.to_owned(),
        s.get(8..11)?.to_owned(),
        s.get(12..16)?.to_owned(),
        s.get(17..25)?.to_owned(),
    ))
}

/// The date as an rfc850-date (RFC 9110 §5.6.7): `Sunday, 06-Nov-94 08:49:37 GMT`.
fn rfc850(date: HttpDate) -> Option<HeaderValue> {
    let (_, day, month, year, time) = pieces(date)?;
    let long = date.weekday().long_name();
    HeaderValue::try_from(format!(
        "{long}, {day}-{month}-{} {time} GMT",
        year.get(2..4)?
    ))
    .ok()
}

/// The date as an asctime-date (RFC 9110 §5.6.7): `Sun Nov  6 08:49:37 1994`.
fn asctime(date: HttpDate) -> Option<HeaderValue> {
    let (name, day, month, year, time) = pieces(date)?;
    let day = day
        .strip_prefix('0')
        .map_or(day.clone(), |d| format!(" {d}"));
    HeaderValue::try_from(format!("{name} {month} {day} {time} {year}")).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    // proves: 9110-5.6.7-accept-all-formats
    #[test]
    fn obsolete_formats_parse_back_to_the_same_instant() {
        for secs in [784_111_777, 1_700_000_000, 1_699_999_999 + 86_400 * 9] {
            let d = HttpDate::from_unix_seconds(secs).unwrap();
            for v in [rfc850(d).unwrap(), asctime(d).unwrap()] {
                let (back, _) = HttpDate::parse_with_format(v.as_bytes(), d).unwrap();
                assert_eq!(back, d, "{v:?}");
            }
        }
        let d = HttpDate::from_unix_seconds(784_111_777).unwrap();
        assert_eq!(rfc850(d).unwrap(), "Sunday, 06-Nov-94 08:49:37 GMT");
        assert_eq!(asctime(d).unwrap(), "Sun Nov  6 08:49:37 1994");
    }
}
