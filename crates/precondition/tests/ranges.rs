//! precond composed with precond-range, as a server composes them: the cases a
//! server author gets wrong (RFC 9110 §14.2, §15.3.7, §9.3.2).

use http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use precond::{Context, EntityTag, HttpDate, Outcome, RangeDecision, Representation, Request};
use precond_range::{AcceptRanges, Boundary, Plan, Resolution};

const NOW: i64 = 1_700_000_000;

type Response = (StatusCode, HeaderMap, Vec<u8>);

/// The 200's header fields.
fn ok_headers(etag: &EntityTag) -> HeaderMap {
    let mut h = HeaderMap::new();
    h.insert(
        header::DATE,
        HttpDate::from_unix_seconds(NOW).unwrap().into(),
    );
    h.insert(header::ETAG, etag.into());
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("max-age=60"),
    );
    h.insert(
        header::EXPIRES,
        HeaderValue::from_static("Tue, 14 Nov 2023 22:14:20 GMT"),
    );
    h.insert(
        header::CONTENT_LOCATION,
        HeaderValue::from_static("/doc.txt"),
    );
    h.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain"));
    h.insert(
        header::ACCEPT_RANGES,
        HeaderValue::from_static(AcceptRanges::BYTES),
    );
    h
}

/// A GET / HEAD handler: precond first, then, on Honour, precond-range.
fn serve(method: &Method, request: &HeaderMap, body: &[u8]) -> Response {
    let etag = EntityTag::strong("v1").unwrap();
    let rep = Representation::new().with_etag(etag.as_tag());
    let ctx = Context::new(HttpDate::from_unix_seconds(NOW).unwrap());
    let mut headers = ok_headers(&etag);
    let range = match precond::evaluate(Request::new(method, request), &rep, &ctx) {
        Outcome::NotModified { .. } => {
            precond::not_modified_headers(&mut headers);
            return (StatusCode::NOT_MODIFIED, headers, vec![]);
        }
        Outcome::PreconditionFailed { .. } => {
            return (StatusCode::PRECONDITION_FAILED, HeaderMap::new(), vec![]);
        }
        Outcome::Proceed { range } => range,
        Outcome::Ignored(_) => RangeDecision::Absent,
    };
    if range == RangeDecision::Honour {
        match precond_range::resolve(request[header::RANGE].as_bytes(), body.len() as u64) {
            Resolution::Partial(ranges) => {
                let boundary = Boundary::derive(b"\"v1\"");
                let plan = ranges.plan(Some("text/plain"), &boundary).unwrap();
                headers.insert(header::CONTENT_LENGTH, plan.content_length().into());
                let copy =
                    |span: core::ops::Range<u64>| &body[span.start as usize..span.end as usize];
                let mut out = Vec::new();
                match plan {
                    Plan::Single(range, _) => {
                        let value = plan.content_range().unwrap().to_string();
                        headers.insert(header::CONTENT_RANGE, value.parse().unwrap());
                        out.extend_from_slice(copy(range.span()));
                    }
                    Plan::Multipart(multipart) => {
                        let value = multipart.content_type().to_string();
                        headers.insert(header::CONTENT_TYPE, value.parse().unwrap());
                        for part in multipart.parts() {
                            out.extend_from_slice(part.head().to_string().as_bytes());
                            out.extend_from_slice(copy(part.range().span()));
                        }
                        out.extend_from_slice(multipart.tail().to_string().as_bytes());
                    }
                }
                return (StatusCode::PARTIAL_CONTENT, headers, out);
            }
            Resolution::Unsatisfiable(none) => {
                let mut headers = HeaderMap::new();
                let value = none.content_range().to_string();
                headers.insert(header::CONTENT_RANGE, value.parse().unwrap());
                return (StatusCode::RANGE_NOT_SATISFIABLE, headers, vec![]);
            }
            Resolution::Ignored(_) => {}
        }
    }
    headers.insert(header::CONTENT_LENGTH, body.len().into());
    let content = if *method == Method::HEAD {
        vec![]
    } else {
        body.to_vec()
    };
    (StatusCode::OK, headers, content)
}

fn request(fields: &[(header::HeaderName, &'static str)]) -> HeaderMap {
    let mut h = HeaderMap::new();
    for (name, value) in fields {
        h.append(name.clone(), HeaderValue::from_static(value));
    }
    h
}

const BODY: &[u8] = b"0123456789abcdefghij";

// proves: 9110-14.2-send-416, 9110-14.2-send-206
#[test]
fn preconditions_come_before_the_range() {
    // A matching If-None-Match with an unsatisfiable Range: 304, not 416.
    let req = request(&[
        (header::RANGE, "bytes=100-"),
        (header::IF_NONE_MATCH, "\"v1\""),
    ]);
    assert_eq!(serve(&Method::GET, &req, BODY).0, StatusCode::NOT_MODIFIED);
    // A failed If-Match with a satisfiable Range: 412, not 206.
    let req = request(&[(header::RANGE, "bytes=0-1"), (header::IF_MATCH, "\"v0\"")]);
    assert_eq!(
        serve(&Method::GET, &req, BODY).0,
        StatusCode::PRECONDITION_FAILED
    );
    // Without the preconditions the Range decides.
    let req = request(&[(header::RANGE, "bytes=100-")]);
    assert_eq!(
        serve(&Method::GET, &req, BODY).0,
        StatusCode::RANGE_NOT_SATISFIABLE
    );
    let req = request(&[(header::RANGE, "bytes=0-1")]);
    assert_eq!(
        serve(&Method::GET, &req, BODY).0,
        StatusCode::PARTIAL_CONTENT
    );
    // `Outcome::status` says 206 for Honour; the resolution has the last word.
    let outcome = Outcome::Proceed {
        range: RangeDecision::Honour,
    };
    assert_eq!(outcome.status(StatusCode::OK), StatusCode::PARTIAL_CONTENT);
    assert_eq!(precond_range::resolve(b"bytes=100-", 20).status(), 416);
    assert_eq!(precond_range::resolve(b"pages=1-2", 20).status(), 200);
}

// proves: 9110-15.3.7-206-fields, 9110-15.3.7-all-representation-fields
#[test]
fn a_206_carries_the_fields_of_the_200() {
    let (status, ok, _) = serve(&Method::GET, &HeaderMap::new(), BODY);
    assert_eq!(status, StatusCode::OK);
    for range in ["bytes=0-4", "bytes=0-1,5-6"] {
        let req = request(&[(header::RANGE, range)]);
        let (status, partial, body) = serve(&Method::GET, &req, BODY);
        assert_eq!(status, StatusCode::PARTIAL_CONTENT, "{range}");
        for name in [
            header::DATE,
            header::CACHE_CONTROL,
            header::ETAG,
            header::EXPIRES,
            header::CONTENT_LOCATION,
            header::VARY,
        ] {
            assert_eq!(partial.get(&name), ok.get(&name), "{range}: {name}");
        }
        assert_eq!(
            partial[header::CONTENT_LENGTH],
            body.len().to_string().as_str()
        );
    }
}

#[test]
fn if_range_without_range_changes_nothing() {
    let plain = serve(&Method::GET, &HeaderMap::new(), BODY);
    for if_range in [
        "\"v1\"",
        "\"v0\"",
        "W/\"v1\"",
        "Tue, 14 Nov 2023 22:13:20 GMT",
        "garbage",
    ] {
        let req = request(&[(header::IF_RANGE, if_range)]);
        assert_eq!(
            serve(&Method::GET, &req, BODY),
            plain,
            "If-Range: {if_range}"
        );
    }
    // With a Range, a stale If-Range means the whole representation.
    let req = request(&[(header::RANGE, "bytes=0-1"), (header::IF_RANGE, "\"v0\"")]);
    assert_eq!(serve(&Method::GET, &req, BODY), plain);
}

// proves: 9110-9.3.2-head-same-fields, 9110-8.6-head-content-length-exact
#[test]
fn accept_ranges_on_the_200_and_its_head() {
    let (_, get, body) = serve(&Method::GET, &HeaderMap::new(), BODY);
    let (status, head, none) = serve(&Method::HEAD, &HeaderMap::new(), BODY);
    assert_eq!(status, StatusCode::OK);
    assert!(none.is_empty());
    assert_eq!(head, get);
    let accept = AcceptRanges::parse(head[header::ACCEPT_RANGES].as_bytes()).unwrap();
    assert!(accept.accepts_bytes());
    assert_eq!(
        head[header::CONTENT_LENGTH],
        body.len().to_string().as_str()
    );
    // Range plays no part on HEAD (RFC 9110 §14.2): the same 200.
    let req = request(&[(header::RANGE, "bytes=0-1")]);
    assert_eq!(serve(&Method::HEAD, &req, BODY), (status, head, none));
}

// proves: 9110-14.2-send-416
#[test]
fn zero_length_representations() {
    let req = request(&[(header::RANGE, "bytes=0-")]);
    let (status, headers, _) = serve(&Method::GET, &req, b"");
    assert_eq!(status, StatusCode::RANGE_NOT_SATISFIABLE);
    assert_eq!(headers[header::CONTENT_RANGE], "bytes */0");
    // A suffix asks for the end of nothing: the Range is ignored (200).
    let req = request(&[(header::RANGE, "bytes=-5")]);
    assert_eq!(serve(&Method::GET, &req, b"").0, StatusCode::OK);
}
