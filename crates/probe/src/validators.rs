//! What a plain GET (or HEAD) tells about the resource: its status, its
//! validators (RFC 9110 §8.8) and the fields a 304 must repeat (§15.4.5).

use http::header::{self, HeaderName};
use http::{HeaderMap, HeaderValue, StatusCode};
use precond::{EntityTag, HttpDate};

/// The validators and related fields of one response to a plain request:
/// the baseline every case of the battery is built from and judged against.
///
/// ```
/// use http::{header, HeaderMap, HeaderValue, StatusCode};
/// use precond_probe::Validators;
///
/// let mut fields = HeaderMap::new();
/// fields.insert(header::ETAG, HeaderValue::from_static("\"v1\""));
/// fields.insert(header::LAST_MODIFIED, HeaderValue::from_static("Tue, 14 Nov 2023 22:13:20 GMT"));
/// fields.insert(header::DATE, HeaderValue::from_static("Tue, 14 Nov 2023 22:20:00 GMT"));
/// let v = Validators::from_response(StatusCode::OK, &fields, 11);
/// assert_eq!(v.etag().map(|t| t.opaque()), Some(&b"v1"[..]));
/// assert_eq!(v.last_modified().map(|d| d.unix_seconds()), Some(1_700_000_000));
/// assert_eq!(v.length(), Some(11));
/// assert!(v.has_validators() && v.cache().is_none());
/// ```
#[derive(Clone, Debug)]
pub struct Validators {
    status: StatusCode,
    fields: HeaderMap,
    etag: Option<EntityTag>,
    last_modified: Option<HttpDate>,
    date: Option<HttpDate>,
    length: Option<u64>,
}

impl Validators {
    /// Reads a response: its status, its header fields, and the length of the
    /// content received (for a HEAD, pass the Content-Length instead, or 0:
    /// a Content-Length field, when present, wins only for HEAD-like bodies of
    /// length 0).
    ///
    /// An ETag that is not a valid entity-tag, or a Last-Modified or Date that
    /// is not a valid HTTP-date, counts as absent: a client cannot use it.
    pub fn from_response(status: StatusCode, fields: &HeaderMap, body_len: u64) -> Self {
        let date = single(fields, &header::DATE).and_then(|v| HttpDate::parse(v.as_bytes()).ok());
        let at = date.unwrap_or_else(HttpDate::now);
        let last_modified = single(fields, &header::LAST_MODIFIED)
            .and_then(|v| HttpDate::parse_at(v.as_bytes(), at).ok());
        let etag = single(fields, &header::ETAG).and_then(|v| EntityTag::parse(v.as_bytes()).ok());
        let declared = single(fields, &header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|s| s.trim().parse::<u64>().ok());
        let length = if body_len > 0 {
            Some(body_len)
        } else {
            declared.or(Some(0))
        };
        Validators {
            status,
            fields: fields.clone(),
            etag,
            last_modified,
            date,
            length,
        }
    }

    /// The status of the plain response.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// Every header field of the plain response.
    pub fn fields(&self) -> &HeaderMap {
        &self.fields
    }

    /// The entity-tag in ETag (RFC 9110 §8.8.3), if valid.
    pub fn etag(&self) -> Option<&EntityTag> {
        self.etag.as_ref()
    }

    /// The Last-Modified date (RFC 9110 §8.8.2), if valid.
    pub fn last_modified(&self) -> Option<HttpDate> {
        self.last_modified
    }

    /// The Date of the response (RFC 9110 §6.6.1), if valid.
    pub fn date(&self) -> Option<HttpDate> {
        self.date
    }

    /// The length of the representation's content, from the content
    /// received or Content-Length.
    pub fn length(&self) -> Option<u64> {
        self.length
    }

    /// Whether the response offered byte ranges (`Accept-Ranges: bytes`,
    /// RFC 9110 §14.3). Range cases are sent whatever this says: a server
    /// may support ranges without announcing them, and may always ignore
    /// them (§14.2).
    pub fn accepts_byte_ranges(&self) -> bool {
        self.fields
            .get_all(header::ACCEPT_RANGES)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .any(|unit| unit.trim().eq_ignore_ascii_case("bytes"))
    }

    /// Whether there is anything to validate: an ETag or a Last-Modified.
    pub fn has_validators(&self) -> bool {
        self.etag.is_some() || self.last_modified.is_some()
    }

    /// The signs of a cache between the probe and the origin: an `Age` field
    /// (RFC 9111 §5.1) or a `Via` field (RFC 9110 §7.6.3).
    pub fn cache(&self) -> Option<CacheSigns> {
        let age = self.fields.get(header::AGE).cloned();
        let via = self.fields.get(header::VIA).cloned();
        (age.is_some() || via.is_some()).then_some(CacheSigns { age, via })
    }

    /// Whether `other` carries the same ETag and Last-Modified field values:
    /// two plain GETs of an unchanged resource do (RFC 9110 §8.8.1).
    pub fn same_validators(&self, other: &Validators) -> bool {
        let field = |v: &Validators, name: &HeaderName| v.fields.get(name).cloned();
        field(self, &header::ETAG) == field(other, &header::ETAG)
            && field(self, &header::LAST_MODIFIED) == field(other, &header::LAST_MODIFIED)
    }

    /// `ETag` and `Last-Modified` as received, for reports.
    pub fn describe(&self) -> String {
        let show = |name: &HeaderName| {
            self.fields
                .get(name)
                .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
                .unwrap_or_else(|| "(none)".to_owned())
        };
        format!(
            "ETag {}, Last-Modified {}",
            show(&header::ETAG),
            show(&header::LAST_MODIFIED)
        )
    }
}

/// The fields that show a cache answered (RFC 9111 §4.3.2 then governs how
/// it evaluates the conditions).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CacheSigns {
    /// The `Age` field, if any.
    pub age: Option<HeaderValue>,
    /// The `Via` field, if any.
    pub via: Option<HeaderValue>,
}

/// The value of a field that must occur on one line; `None` when absent or
/// repeated.
fn single<'a>(fields: &'a HeaderMap, name: &HeaderName) -> Option<&'a HeaderValue> {
    let mut all = fields.get_all(name).iter();
    match (all.next(), all.next()) {
        (Some(v), None) => Some(v),
        _ => None,
    }
}
