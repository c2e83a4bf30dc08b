//! Shaping the header section of a 304 (RFC 9110 §15.4.5).

use http::HeaderMap;
use http::header::{self, HeaderName};

/// Content and representation metadata a 304 does not carry: it has no
/// content, and these fields describe the content the 200 would have had.
///
/// The first six are the content and representation metadata fields of RFC
/// 9110 (§8.3, §8.4, §8.5, §8.6, §14.4) plus the transfer coding (RFC 9112
/// §6.1). `Trailer` (§6.6.2) announces trailer fields; a 304 ends with its
/// header section and cannot contain trailers (§15.4.5 ¶5), so it has none
/// to announce. Five more are decided here:
///
/// - `Content-Disposition` (RFC 6266) says how to present the content (a
///   download and its file name): metadata of the content, useless to
///   identify or update a stored response, so dropped.
/// - `Content-MD5` (RFC 1864, removed from HTTP by RFC 7231) and
///   `Content-Digest` (RFC 9530) are digests of the message content; a 304
///   has none, so a digest there would be false. Dropped.
/// - `Repr-Digest` (RFC 9530) is a digest of the selected representation:
///   representation metadata that caches do not use to select or update
///   stored responses (RFC 9111 §4.3.4 uses ETag and Last-Modified), so the
///   §15.4.5 "SHOULD NOT" applies. Dropped.
/// - `Digest` (RFC 3230, obsoleted by RFC 9530) is a digest of the instance,
///   the selected representation: the legacy form of `Repr-Digest`, dropped
///   for the same reason.
///
/// Each name is written as [`HeaderName::as_str`] gives it (lowercase), so
/// that a field's name is matched by its length and bytes: comparing two
/// `HeaderName`s costs several times more, twelve times per field.
const DROPPED: [&str; DROPPED_LEN] = [
    "content-type",
    "content-length",
    "content-encoding",
    "content-language",
    "content-range",
    "transfer-encoding",
    "trailer",
    "content-disposition",
    "content-md5",
    "content-digest",
    "repr-digest",
    "digest",
];

/// How many fields [`DROPPED`] names.
const DROPPED_LEN: usize = 12;

/// Turns the header fields a 200 would have carried into those of the 304
/// that replaces it (RFC 9110 §15.4.5), in place.
///
/// - **Kept exactly** (every field line, in order): Cache-Control,
///   Content-Location, Date, ETag, Expires and Vary, which a 304 must carry
///   when the 200 would have.
/// - **Last-Modified** is kept only when there is no ETag: it can guide a
///   cache's update of the stored response then, and is redundant otherwise.
/// - **Dropped**: content and representation metadata: Content-Type,
///   Content-Length, Content-Encoding, Content-Language, Content-Range,
///   Transfer-Encoding; Trailer (a 304 has no trailers); and also
///   Content-Disposition, Content-MD5, Content-Digest, Repr-Digest and the
///   legacy Digest (the reasons are next to the code).
/// - **Kept**: every other field, for it is not representation metadata
///   (Set-Cookie, Server, Accept-Ranges, Age, Content-Security-Policy…).
///
/// Each remaining field keeps its field lines in their order (the order
/// between fields of different names carries no meaning, RFC 9110 §5.3, and
/// `HeaderMap` may change it). The 304 itself has no content and no trailers.
///
/// ```
/// use http::{header, HeaderMap, HeaderValue};
///
/// let mut headers = HeaderMap::new();
/// headers.insert(header::ETAG, HeaderValue::from_static("\"v1\""));
/// headers.insert(header::LAST_MODIFIED, HeaderValue::from_static("Tue, 14 Nov 2023 22:13:20 GMT"));
/// headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain"));
/// headers.insert(header::CONTENT_LENGTH, HeaderValue::from_static("12"));
/// headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("max-age=60"));
/// headers.append(header::SET_COOKIE, HeaderValue::from_static("a=1"));
///
/// precond::not_modified_headers(&mut headers);
///
/// let mut names: Vec<_> = headers.keys().map(|k| k.as_str()).collect();
/// names.sort();
/// assert_eq!(names, ["cache-control", "etag", "set-cookie"]);
/// ```
pub fn not_modified_headers(headers: &mut HeaderMap) {
    // spec: 9110-15.4.5-drop-representation-metadata
    // RFC 9110 §15.4.5: no representation metadata beyond the fields listed
    // there, unless it helps a cache update its stored response.
    //
    // One pass over the names present first: a 200 carries a few of these
    // fields, and removing an absent name costs as much as a present one
    // (a hash and a probe), twelve times.
    let mut present = [false; DROPPED_LEN];
    let (mut etag, mut last_modified) = (false, false);
    for name in headers.keys() {
        let name_text = name.as_str();
        for (&dropped, seen) in DROPPED.iter().zip(&mut present) {
            *seen |= dropped == name_text;
        }
        etag |= name == header::ETAG;
        last_modified |= name == header::LAST_MODIFIED;
    }
    for (&name, seen) in DROPPED.iter().zip(present) {
        if seen {
            // A standard name is looked up, not parsed: cheaper than
            // removing by `&str`, which lowercases the text first.
            headers.remove(HeaderName::from_static(name));
        }
    }
    // RFC 9110 §15.4.5: Last-Modified is such help only without an ETag.
    if etag && last_modified {
        headers.remove(header::LAST_MODIFIED);
    }
    // spec: 9110-15.4.5-keep-listed-fields
    // RFC 9110 §15.4.5: Cache-Control, Content-Location, Date, ETag, Expires
    // and Vary stay exactly as the 200 would have sent them: nothing above
    // touches them.
}

#[cfg(test)]
mod tests {
    use http::{HeaderMap, HeaderName, HeaderValue};

    use super::not_modified_headers;

    /// Builds a map from `name: value` lines, shapes it, and compares the
    /// remaining lines with `expected`: grouped by name (stable sort), each
    /// name's lines in order.
    fn check(input: &[(&str, &str)], expected: &[(&str, &str)]) {
        let mut headers = HeaderMap::new();
        for &(name, value) in input {
            headers.append(
                HeaderName::from_bytes(name.as_bytes()).unwrap(),
                HeaderValue::from_str(value).unwrap(),
            );
        }
        not_modified_headers(&mut headers);
        let mut got: Vec<(String, &str)> = headers
            .iter()
            .map(|(n, v)| (n.as_str().to_owned(), v.to_str().unwrap()))
            .collect();
        got.sort_by(|a, b| a.0.cmp(&b.0));
        let mut want: Vec<(String, &str)> = expected
            .iter()
            .map(|&(n, v)| (n.to_ascii_lowercase(), v))
            .collect();
        want.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(got, want, "input: {input:?}");
    }

    // proves: 9110-15.4.5-keep-listed-fields
    #[test]
    fn listed_fields_are_kept_exactly() {
        let listed = [
            ("Cache-Control", "max-age=60"),
            ("Cache-Control", "must-revalidate"),
            ("Content-Location", "/doc.en"),
            ("Date", "Tue, 14 Nov 2023 22:13:20 GMT"),
            ("ETag", "W/\"x\""),
            ("Expires", "Tue, 14 Nov 2023 22:14:20 GMT"),
            ("Vary", "Accept-Encoding"),
            ("Vary", "Accept-Language"),
        ];
        check(&listed, &listed);
        // Values are kept byte for byte, even odd ones.
        check(
            &[("ETag", "not-a-tag"), ("Vary", "*")],
            &[("ETag", "not-a-tag"), ("Vary", "*")],
        );
    }

    // proves: 9110-15.4.5-drop-representation-metadata, 9110-8.6-304-content-length-exact
    #[test]
    fn representation_metadata_is_dropped() {
        type Fields = &'static [(&'static str, &'static str)];
        let table: &[(Fields, Fields)] = &[
            (
                &[
                    ("Content-Type", "text/html"),
                    ("Content-Length", "10"),
                    ("Content-Encoding", "gzip"),
                    ("Content-Language", "en"),
                    ("Content-Range", "bytes 0-9/10"),
                    ("Transfer-Encoding", "chunked"),
                    ("Content-Disposition", "attachment; filename=a.txt"),
                    ("Content-MD5", "Q2hlY2sgSW50ZWdyaXR5IQ=="),
                    ("Content-Digest", "sha-256=:AAAA:"),
                    ("Repr-Digest", "sha-256=:AAAA:"),
                    ("Digest", "sha-256=AAAA"),
                    ("Trailer", "Server-Timing"),
                ],
                &[],
            ),
            // Last-Modified only without ETag.
            (
                &[("Last-Modified", "Tue, 14 Nov 2023 22:13:20 GMT")],
                &[("Last-Modified", "Tue, 14 Nov 2023 22:13:20 GMT")],
            ),
            (
                &[
                    ("Last-Modified", "Tue, 14 Nov 2023 22:13:20 GMT"),
                    ("ETag", "\"a\""),
                ],
                &[("ETag", "\"a\"")],
            ),
            // Fields that are not representation metadata stay, in order.
            (
                &[
                    ("Server", "x"),
                    ("Content-Type", "text/plain"),
                    ("Set-Cookie", "a=1"),
                    ("Set-Cookie", "b=2"),
                    ("Accept-Ranges", "bytes"),
                    ("Content-Security-Policy", "default-src 'self'"),
                    ("Age", "3"),
                ],
                &[
                    ("Server", "x"),
                    ("Set-Cookie", "a=1"),
                    ("Set-Cookie", "b=2"),
                    ("Accept-Ranges", "bytes"),
                    ("Content-Security-Policy", "default-src 'self'"),
                    ("Age", "3"),
                ],
            ),
            (&[], &[]),
        ];
        for (input, expected) in table {
            check(input, expected);
        }
    }
}
