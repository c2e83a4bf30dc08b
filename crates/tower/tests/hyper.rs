//! A bare hyper 1 server (no axum) on 127.0.0.1 with an ephemeral port, the
//! layer around a `service_fn`, driven by hyper-util's client.

mod support;

use std::convert::Infallible;
use std::time::Duration;

use bytes::Bytes;
use http::{Request, Response, StatusCode, header};
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Empty, Full};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::client::legacy::Client;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::service::TowerToHyperService;
use precond::HttpDate;
use tower::ServiceBuilder;

use support::lines;

const NOW: i64 = 1_700_000_000;
const BODY: &[u8] = b"hello world";

/// Serves `"v1"` and ranges, ignoring If-Range (as a naive range server
/// does); the layer must not let a stale If-Range through.
async fn handler(
    req: Request<BoxBody<Bytes, hyper::Error>>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let mut res = Response::new(Full::new(Bytes::from_static(BODY)));
    let h = res.headers_mut();
    h.insert(header::ETAG, "\"v1\"".parse().unwrap());
    h.insert(header::CACHE_CONTROL, "max-age=60".parse().unwrap());
    h.insert(header::CONTENT_TYPE, "text/plain".parse().unwrap());
    if req
        .headers()
        .get(header::RANGE)
        .is_some_and(|r| r == "bytes=0-4")
    {
        *res.status_mut() = StatusCode::PARTIAL_CONTENT;
        res.headers_mut()
            .insert(header::CONTENT_RANGE, "bytes 0-4/11".parse().unwrap());
        *res.body_mut() = Full::new(Bytes::from_static(&BODY[..5]));
    }
    Ok(res)
}

// proves: 9110-15.4.5-keep-listed-fields, 9110-13.1.5-false-ignores-range
#[tokio::test(flavor = "current_thread")]
async fn a_bare_hyper_server() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let service = ServiceBuilder::new()
        .map_request(|req: Request<Incoming>| req.map(BodyExt::boxed))
        .layer(
            precond_tower::ConditionalLayer::new()
                .clock(|| HttpDate::from_unix_seconds(NOW).unwrap()),
        )
        .service_fn(handler);
    let (stop, mut stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        // One connection per request at most; bounded in count.
        for _ in 0..64 {
            let (stream, _) = tokio::select! {
                accepted = listener.accept() => accepted.unwrap(),
                _ = &mut stopped => return,
            };
            let service = TowerToHyperService::new(service.clone());
            tokio::spawn(async move {
                let _ = http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });

    let client: Client<_, Empty<Bytes>> = Client::builder(TokioExecutor::new()).build_http();
    let send = |method: &str, fields: &[(&str, &str)]| {
        let mut req = Request::builder()
            .method(method)
            .uri(format!("http://{addr}/"));
        for (n, v) in fields {
            req = req.header(*n, *v);
        }
        let req = req.body(Empty::new()).unwrap();
        let client = client.clone();
        async move {
            let res = tokio::time::timeout(Duration::from_secs(10), client.request(req))
                .await
                .unwrap()
                .unwrap();
            assert!(res.headers().contains_key(header::DATE), "hyper adds Date");
            let status = res.status().as_u16();
            let headers = lines(res.headers());
            let body = res.into_body().collect().await.unwrap().to_bytes();
            (status, headers, body)
        }
    };
    let full = vec![
        "cache-control: max-age=60".to_owned(),
        "content-length: 11".to_owned(),
        "content-type: text/plain".to_owned(),
        "etag: \"v1\"".to_owned(),
    ];
    let not_modified = vec![
        "cache-control: max-age=60".to_owned(),
        "etag: \"v1\"".to_owned(),
    ];
    let part = vec![
        "cache-control: max-age=60".to_owned(),
        "content-length: 5".to_owned(),
        "content-range: bytes 0-4/11".to_owned(),
        "content-type: text/plain".to_owned(),
        "etag: \"v1\"".to_owned(),
    ];
    let failed: &[u8] =
        "412 Precondition Failed: If-Match is false (RFC 9110 §13.1.1).\n".as_bytes();
    let failed_fields = vec![
        format!("content-length: {}", failed.len()),
        "content-type: text/plain; charset=utf-8".to_owned(),
    ];

    assert_eq!(
        send("GET", &[]).await,
        (200, full.clone(), Bytes::from_static(BODY))
    );
    // A HEAD keeps the GET's Content-Length.
    assert_eq!(send("HEAD", &[]).await, (200, full.clone(), Bytes::new()));
    // 304: the 200's Cache-Control and ETag, no Content-Length, no content.
    let inm = [("if-none-match", "\"v1\"")];
    assert_eq!(
        send("GET", &inm).await,
        (304, not_modified.clone(), Bytes::new())
    );
    assert_eq!(
        send("HEAD", &inm).await,
        (304, not_modified.clone(), Bytes::new())
    );
    assert_eq!(
        send("GET", &[("if-match", "\"v0\"")]).await,
        (412, failed_fields.clone(), Bytes::from_static(failed))
    );
    assert_eq!(
        send("HEAD", &[("if-match", "\"v0\"")]).await,
        (412, failed_fields, Bytes::new())
    );
    // If-Range: fresh gives the part, stale the whole representation.
    let fresh = [("range", "bytes=0-4"), ("if-range", "\"v1\"")];
    assert_eq!(
        send("GET", &fresh).await,
        (206, part, Bytes::from_static(&BODY[..5]))
    );
    let stale = [("range", "bytes=0-4"), ("if-range", "\"v0\"")];
    assert_eq!(
        send("GET", &stale).await,
        (200, full, Bytes::from_static(BODY))
    );

    drop(client);
    let _ = stop.send(());
    tokio::time::timeout(Duration::from_secs(5), server)
        .await
        .unwrap()
        .unwrap();
}
