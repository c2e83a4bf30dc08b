//! Handlers guarded by `Preconditions`, driven through
//! `tower::ServiceExt::oneshot`: each answer's status, header fields and body.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use bytes::Bytes;
use http_body_util::BodyExt;
use precond::{EntityTag, HttpDate};
use precond_axum::{Content, Current, Preconditions, Rejection};
use tower::ServiceExt;

const NOW: i64 = 1_700_000_000;
const MODIFIED: i64 = NOW - 1000;
const TEXT: &str = "0123456789";
/// The fields of an empty response: axum frames it (hyper leaves the field
/// out of a 204 on the wire).
const EMPTY: &[(&str, &str)] = &[("content-length", "0")];

fn date(secs: i64) -> HttpDate {
    HttpDate::from_unix_seconds(secs).unwrap()
}

/// `/` answers `GET` with `respond` (a `Content`), `/whole` with `respond`
/// (a `String`, Range ignored), `/async` with `respond_async`; `PUT /`
/// checks against version 7, `PUT /problem` with problem details. Every
/// handler evaluates at `NOW`; `renders` counts body closures run.
fn current() -> Current {
    Current::from(7_u64).with_last_modified(date(MODIFIED))
}

fn app(renders: Arc<AtomicUsize>) -> Router {
    let (r1, r2, r3) = (renders.clone(), renders.clone(), renders);
    Router::new()
        .route(
            "/",
            get(move |pre: Preconditions| async move {
                pre.with_now(date(NOW)).respond(&current(), || {
                    r1.fetch_add(1, Ordering::SeqCst);
                    Content::from(TEXT)
                })
            })
            .put(|pre: Preconditions| async move {
                pre.with_now(date(NOW)).required().check(&current())?;
                Ok::<_, Rejection>(StatusCode::NO_CONTENT)
            }),
        )
        .route(
            "/whole",
            get(move |pre: Preconditions| async move {
                pre.with_now(date(NOW)).respond(&current(), || {
                    r2.fetch_add(1, Ordering::SeqCst);
                    TEXT
                })
            }),
        )
        .route(
            "/async",
            get(move |pre: Preconditions| async move {
                pre.with_now(date(NOW))
                    .respond_async(&current(), async || {
                        r3.fetch_add(1, Ordering::SeqCst);
                        tokio::task::yield_now().await;
                        Content::from(TEXT.as_bytes().to_vec())
                    })
                    .await
            }),
        )
        .route(
            "/problem",
            get(|| async { StatusCode::OK }).put(|pre: Preconditions| async move {
                let pre = pre.with_now(date(NOW)).required().problem_details();
                pre.check(&current())?;
                Ok::<_, Rejection>(StatusCode::NO_CONTENT)
            }),
        )
        .route(
            "/missing",
            get(|pre: Preconditions| async move {
                // A GET of nothing: the conditions are ignored (RFC 9110
                // §13.2.1), and the handler answers 404 itself.
                match pre.check(&Current::missing()) {
                    Ok(()) => StatusCode::NOT_FOUND.into_response(),
                    Err(rejection) => rejection.into_response(),
                }
            }),
        )
}

struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

async fn send(
    renders: &Arc<AtomicUsize>,
    method: &str,
    path: &str,
    fields: &[(&str, &str)],
) -> Answer {
    let mut req = Request::builder().method(method).uri(path);
    for (name, value) in fields {
        req = req.header(*name, *value);
    }
    let res: Response = app(Arc::clone(renders))
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let (parts, body) = res.into_parts();
    Answer {
        status: parts.status,
        headers: parts.headers,
        body: body.collect().await.unwrap().to_bytes(),
    }
}

impl Answer {
    #[track_caller]
    fn assert<N: AsRef<str>, V: AsRef<str>>(
        &self,
        status: StatusCode,
        fields: &[(N, V)],
        body: &[u8],
    ) {
        assert_eq!(self.status, status);
        let mut got: Vec<(String, String)> = self
            .headers
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_str().unwrap().to_owned()))
            .collect();
        got.sort();
        let mut want: Vec<(String, String)> = fields
            .iter()
            .map(|(n, v)| (n.as_ref().to_owned(), v.as_ref().to_owned()))
            .collect();
        want.sort();
        assert_eq!(got, want);
        assert_eq!(self.body, body);
    }
}

fn modified() -> String {
    date(MODIFIED).to_string()
}

// proves: 9110-13.1.2-304-or-412, 9110-13.1.3-respond-304, 9110-15.4.5-drop-representation-metadata
#[tokio::test]
async fn a_304_never_runs_the_body_closure() {
    let renders = Arc::new(AtomicUsize::new(0));
    let lm = modified();
    for path in ["/", "/whole", "/async"] {
        for method in ["GET", "HEAD"] {
            for field in [
                ("if-none-match", "W/\"7\""),
                ("if-modified-since", lm.as_str()),
            ] {
                let res = send(&renders, method, path, &[field]).await;
                // ETag present: Last-Modified is left out (RFC 9110 §15.4.5).
                res.assert(StatusCode::NOT_MODIFIED, &[("etag", "\"7\"")], b"");
            }
        }
    }
    assert_eq!(renders.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn a_200_carries_the_validators() {
    let renders = Arc::new(AtomicUsize::new(0));
    let lm = modified();
    let content = [
        ("etag", "\"7\""),
        ("last-modified", lm.as_str()),
        ("content-type", "text/plain; charset=utf-8"),
        ("accept-ranges", "bytes"),
        ("content-length", "10"),
    ];
    send(&renders, "GET", "/", &[("if-none-match", "\"6\"")])
        .await
        .assert(StatusCode::OK, &content, TEXT.as_bytes());
    // To HEAD the same fields and no content.
    send(&renders, "HEAD", "/", &[])
        .await
        .assert(StatusCode::OK, &content, b"");
    // Any IntoResponse: the validators are added, the rest is the handler's.
    send(&renders, "GET", "/whole", &[]).await.assert(
        StatusCode::OK,
        &[
            ("etag", "\"7\""),
            ("last-modified", lm.as_str()),
            ("content-type", "text/plain; charset=utf-8"),
            ("content-length", "10"),
        ],
        TEXT.as_bytes(),
    );
    assert_eq!(renders.load(Ordering::SeqCst), 3);
}

// proves: 9110-14.2-send-206, 9110-14.2-send-416, 9110-13.1.5-true-honours-range, 9110-13.1.5-false-ignores-range
#[tokio::test]
async fn ranges_of_content_are_served_and_others_ignored() {
    let renders = Arc::new(AtomicUsize::new(0));
    let lm = modified();
    let base = [
        ("etag", "\"7\""),
        ("last-modified", lm.as_str()),
        ("accept-ranges", "bytes"),
    ];
    let with = |more: &[(&'static str, &'static str)]| {
        let mut fields: Vec<(String, String)> = base
            .iter()
            .chain(more)
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect();
        fields.sort();
        fields
    };
    // One range, with a true If-Range.
    send(
        &renders,
        "GET",
        "/",
        &[("range", "bytes=2-4"), ("if-range", "\"7\"")],
    )
    .await
    .assert(
        StatusCode::PARTIAL_CONTENT,
        &with(&[
            ("content-type", "text/plain; charset=utf-8"),
            ("content-range", "bytes 2-4/10"),
            ("content-length", "3"),
        ]),
        b"234",
    );
    // A false If-Range: the whole content.
    send(
        &renders,
        "GET",
        "/",
        &[("range", "bytes=2-4"), ("if-range", "\"6\"")],
    )
    .await
    .assert(
        StatusCode::OK,
        &with(&[
            ("content-type", "text/plain; charset=utf-8"),
            ("content-length", "10"),
        ]),
        TEXT.as_bytes(),
    );
    // Two ranges: multipart/byteranges, parts as precond-range plans them.
    let res = send(&renders, "GET", "/", &[("range", "bytes=0-0,-1")]).await;
    assert_eq!(res.status, StatusCode::PARTIAL_CONTENT);
    let content_type = res.headers["content-type"].to_str().unwrap();
    let boundary = content_type
        .strip_prefix("multipart/byteranges; boundary=")
        .unwrap();
    let body = format!(
        "--{boundary}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Range: bytes 0-0/10\r\n\r\n0\
         \r\n--{boundary}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Range: bytes 9-9/10\r\n\r\n9\
         \r\n--{boundary}--\r\n"
    );
    let length = body.len().to_string();
    res.assert(
        StatusCode::PARTIAL_CONTENT,
        &[
            base.as_slice(),
            &[("content-type", content_type), ("content-length", &length)],
        ]
        .concat(),
        body.as_bytes(),
    );
    // Nothing satisfiable: 416 from precond-tower's response module.
    let text = "416 Range Not Satisfiable: no requested range overlaps the representation (RFC 9110 §15.5.17).\n";
    send(&renders, "GET", "/", &[("range", "bytes=10-")])
        .await
        .assert(
            StatusCode::RANGE_NOT_SATISFIABLE,
            &[
                ("content-type", "text/plain; charset=utf-8"),
                ("content-length", &text.len().to_string()),
                ("content-range", "bytes */10"),
            ],
            text.as_bytes(),
        );
    // Not a Content: the Range is ignored, 200 with everything.
    send(&renders, "GET", "/whole", &[("range", "bytes=2-4")])
        .await
        .assert(
            StatusCode::OK,
            &[
                ("etag", "\"7\""),
                ("last-modified", lm.as_str()),
                ("content-type", "text/plain; charset=utf-8"),
                ("content-length", "10"),
            ],
            TEXT.as_bytes(),
        );
    // The async closure's bytes are served in part too.
    send(&renders, "GET", "/async", &[("range", "bytes=-2")])
        .await
        .assert(
            StatusCode::PARTIAL_CONTENT,
            &with(&[
                ("content-type", "application/octet-stream"),
                ("content-range", "bytes 8-9/10"),
                ("content-length", "2"),
            ]),
            b"89",
        );
}

// proves: 9110-13.1.1-respond-412, 9110-13.1.4-respond-412, 9110-13.1.1-false-stops-method
#[tokio::test]
async fn writes_are_checked() {
    let renders = Arc::new(AtomicUsize::new(0));
    let lm = modified();
    let failed = |field: &str, section: &str| {
        format!("412 Precondition Failed: {field} is false (RFC 9110 {section}).\n")
    };
    send(&renders, "PUT", "/", &[("if-match", "\"7\"")])
        .await
        .assert(StatusCode::NO_CONTENT, EMPTY, b"");
    send(&renders, "PUT", "/", &[("if-unmodified-since", &lm)])
        .await
        .assert(StatusCode::NO_CONTENT, EMPTY, b"");
    for (field, value, name, section) in [
        ("if-match", "\"6\"", "If-Match", "§13.1.1"),
        // Weak tags never match If-Match (strong comparison, §13.1.1).
        ("if-match", "W/\"7\"", "If-Match", "§13.1.1"),
        (
            "if-unmodified-since",
            &date(MODIFIED - 1).to_string(),
            "If-Unmodified-Since",
            "§13.1.4",
        ),
        ("if-none-match", "*", "If-None-Match", "§13.1.2"),
    ] {
        let text = failed(name, section);
        send(&renders, "PUT", "/", &[(field, value)]).await.assert(
            StatusCode::PRECONDITION_FAILED,
            &[
                ("etag", "\"7\""),
                ("content-type", "text/plain; charset=utf-8"),
                ("content-length", &text.len().to_string()),
            ],
            text.as_bytes(),
        );
    }
    // No precondition where one is required: 428 (RFC 6585 §3). A Range or
    // an If-Modified-Since is not one.
    let text = "428 Precondition Required: send If-Match with the entity-tag you last received, or If-None-Match: * to create (RFC 6585 §3).\n";
    for fields in [&[][..], &[("if-modified-since", lm.as_str())][..]] {
        send(&renders, "PUT", "/", fields).await.assert(
            StatusCode::PRECONDITION_REQUIRED,
            &[
                ("content-type", "text/plain; charset=utf-8"),
                ("content-length", &text.len().to_string()),
            ],
            text.as_bytes(),
        );
    }
    // A GET of nothing ignores its conditions (RFC 9110 §13.2.1).
    send(&renders, "GET", "/missing", &[("if-match", "*")])
        .await
        .assert(StatusCode::NOT_FOUND, EMPTY, b"");
}

#[tokio::test]
async fn problem_details_are_json() {
    let renders = Arc::new(AtomicUsize::new(0));
    let res = send(&renders, "PUT", "/problem", &[("if-match", "\"6\"")]).await;
    let json: serde_json::Value = serde_json::from_slice(&res.body).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "type": "about:blank",
            "title": "Precondition Failed",
            "status": 412,
            "detail": "If-Match is false (RFC 9110 §13.1.1).",
            "condition": "if-match",
        })
    );
    let length = res.body.len().to_string();
    res.assert(
        StatusCode::PRECONDITION_FAILED,
        &[
            ("etag", "\"7\""),
            ("content-type", "application/problem+json"),
            ("content-length", &length),
        ],
        &res.body,
    );
    let res = send(&renders, "PUT", "/problem", &[]).await;
    let json: serde_json::Value = serde_json::from_slice(&res.body).unwrap();
    assert_eq!(json["status"], 428);
    assert_eq!(json["title"], "Precondition Required");
    assert_eq!(res.headers["content-type"], "application/problem+json");
}

#[test]
fn validators_from_common_sources() {
    use std::time::{Duration, UNIX_EPOCH};
    let at = UNIX_EPOCH + Duration::from_secs(u64::try_from(MODIFIED).unwrap());
    let mut headers = HeaderMap::new();
    headers.insert("if-match", HeaderValue::from_static("\"7\""));
    let put = Preconditions::new(&http::Method::PUT, &headers).with_now(date(NOW));
    assert!(put.check(&7_u64.into()).is_ok());
    assert!(put.check(&(7_u64, at).into()).is_ok());
    assert!(put.check(&8_u64.into()).is_err());
    assert!(put.check(&EntityTag::from_version(7).into()).is_ok());
    // A digest's tag is not the version's.
    assert!(put.check(&EntityTag::from_digest(&[7; 32]).into()).is_err());
    // No row: If-Match fails (RFC 9110 §13.1.1).
    assert!(put.check(&None::<u64>.into()).is_err());
    let mut headers = HeaderMap::new();
    headers.insert("if-unmodified-since", HeaderValue::from(date(MODIFIED)));
    let put = Preconditions::new(&http::Method::PUT, &headers).with_now(date(NOW));
    assert!(put.check(&at.into()).is_ok());
    assert!(put.check(&(at + Duration::from_secs(1)).into()).is_err());
}

fn preconditions(method: &http::Method, fields: &[(&'static str, &'static str)]) -> Preconditions {
    let mut headers = HeaderMap::new();
    for (name, value) in fields {
        headers.append(*name, HeaderValue::from_static(value));
    }
    Preconditions::new(method, &headers).with_now(date(NOW))
}

#[test]
fn rejections_say_what_was_decided() {
    use precond::Step;
    let put = |fields| preconditions(&http::Method::PUT, fields);
    let failed = put(&[("if-match", "\"6\"")]).check(&current()).unwrap_err();
    assert_eq!(
        (failed.status(), failed.step()),
        (StatusCode::PRECONDITION_FAILED, Some(Step::IfMatch))
    );
    assert_eq!(
        failed.to_string(),
        "412 Precondition Failed at step 1 (If-Match)"
    );
    let res = failed.with_problem_details().into_response();
    assert_eq!(res.headers()["content-type"], "application/problem+json");

    let required = put(&[]).required().check(&current()).unwrap_err();
    assert_eq!(
        (required.status(), required.step()),
        (StatusCode::PRECONDITION_REQUIRED, None)
    );
    assert_eq!(
        required.to_string(),
        "428 Precondition Required (RFC 6585 §3)"
    );

    let get = preconditions(&http::Method::GET, &[("if-none-match", "\"7\"")]);
    let not_modified = get.check(&current()).unwrap_err();
    assert_eq!(
        (not_modified.status(), not_modified.step()),
        (StatusCode::NOT_MODIFIED, Some(Step::IfNoneMatch))
    );
    assert_eq!(
        not_modified.to_string(),
        "304 Not Modified at step 3 (If-None-Match)"
    );
    // To HEAD, a problem has the GET's length and no content.
    let head = preconditions(&http::Method::HEAD, &[("if-match", "\"6\"")]);
    let res = head
        .problem_details()
        .check(&current())
        .unwrap_err()
        .into_response();
    assert_eq!(res.status(), StatusCode::PRECONDITION_FAILED);
    assert_ne!(res.headers()["content-length"], "0");
    assert_eq!(axum::body::HttpBody::size_hint(res.body()).exact(), Some(0));
}

#[test]
fn what_counts_as_a_precondition_for_428() {
    let counts = |fields| preconditions(&http::Method::PUT, fields).has_precondition();
    assert!(counts(&[("if-match", "*")]));
    assert!(counts(&[("if-none-match", "*")]));
    assert!(counts(&[(
        "if-unmodified-since",
        "Tue, 14 Nov 2023 21:56:40 GMT"
    )]));
    assert!(!counts(&[(
        "if-modified-since",
        "Tue, 14 Nov 2023 21:56:40 GMT"
    )]));
    assert!(!counts(&[("if-range", "\"7\""), ("range", "bytes=0-1")]));
    assert!(!counts(&[]));
}

/// The validators go on a GET's or HEAD's 200 only: not on a write's answer,
/// nor on another status the closure chose.
#[test]
fn validators_go_on_a_200_to_get_or_head_only() {
    let put = preconditions(&http::Method::PUT, &[("if-match", "\"7\"")]);
    let res = put.respond(&current(), || StatusCode::NO_CONTENT);
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert!(!res.headers().contains_key("etag"));
    let res = put.respond(&current(), || Content::from("done"));
    assert_eq!(res.status(), StatusCode::OK);
    assert!(!res.headers().contains_key("etag"));
    assert_eq!(res.headers()["content-type"], "text/plain; charset=utf-8");

    let get = preconditions(&http::Method::GET, &[]);
    let res = get.respond(&current(), || StatusCode::NOT_FOUND);
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert!(!res.headers().contains_key("etag"));
}

/// A multipart boundary never occurs in the content: when the first one
/// derived would, another is taken.
#[tokio::test]
async fn the_multipart_boundary_is_not_in_the_content() {
    let first = precond_range::Boundary::derive(b"\"7\"\0");
    let text = format!("ab--{first}--cd");
    let content =
        Content::new(text.clone()).with_content_type(HeaderValue::from_static("text/plain"));
    assert_eq!(content.bytes(), text.as_bytes());
    assert_eq!(content.content_type().unwrap(), "text/plain");
    let get = preconditions(&http::Method::GET, &[("range", "bytes=0-0,-1")]);
    let res = get.respond(&current(), || content);
    assert_eq!(res.status(), StatusCode::PARTIAL_CONTENT);
    let content_type = res.headers()["content-type"].to_str().unwrap().to_owned();
    let boundary = content_type
        .strip_prefix("multipart/byteranges; boundary=")
        .unwrap();
    assert_ne!(boundary, first.as_str());
    assert!(!text.contains(boundary));
    let body = res.into_body().collect().await.unwrap().to_bytes();
    assert!(body.starts_with(format!("--{boundary}\r\n").as_bytes()));
}

/// The extractor keeps the request's method, whatever it is.
#[test]
fn preconditions_keep_the_requests_method() {
    for method in [
        http::Method::GET,
        http::Method::PUT,
        http::Method::DELETE,
        http::Method::from_bytes(b"PURGE").unwrap(),
    ] {
        assert_eq!(preconditions(&method, &[]).method(), &method);
    }
}
