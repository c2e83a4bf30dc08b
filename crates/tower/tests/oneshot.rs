//! Every case through `tower::ServiceExt::oneshot`, no socket.

mod support;

// proves: 9110-13.2.2-evaluation-order, 9110-15.4.5-keep-listed-fields, 9110-15.4.5-drop-representation-metadata, 9110-13.1.5-false-ignores-range, 9110-13.1.5-true-honours-range
#[tokio::test(flavor = "current_thread")]
async fn cases_through_oneshot() {
    // Both forms of the layer (precond-tower's, precond-axum's answering
    // axum's `Response`), traced and not (untraced, a request without
    // conditional fields takes the pass-through path).
    for build in support::Build::ALL {
        let app = support::app_built(build);
        eprintln!("{build:?}");
        support::run_cases(&app, false, |req| support::oneshot(&app, req)).await;
    }
}

mod lookup_errors {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use bytes::Bytes;
    use http::{Request, Response, StatusCode, header};
    use http_body_util::{BodyExt, Full};
    use precond_tower::{ConditionalLayer, Current, OnLookupError};
    use tower::{Layer, ServiceExt, service_fn};

    /// A PUT with If-Match whose lookup fails: `what` decides whether the
    /// handler runs.
    async fn put_with_failing_lookup(what: Option<OnLookupError>) -> (StatusCode, usize) {
        let runs = Arc::new(AtomicUsize::new(0));
        let counted = Arc::clone(&runs);
        let inner = service_fn(move |_req: Request<Full<Bytes>>| {
            counted.fetch_add(1, Ordering::SeqCst);
            async { Ok::<_, std::convert::Infallible>(Response::new(Full::new(Bytes::new()))) }
        });
        let mut layer = ConditionalLayer::new()
            .current(|_: &http::request::Parts| async { Err::<Current, _>("the store is down") });
        if let Some(what) = what {
            layer = layer.on_lookup_error(what);
        }
        let req = Request::put("/")
            .header(header::IF_MATCH, "\"1\"")
            .body(Full::default())
            .unwrap();
        let res = layer.layer(inner).oneshot(req).await.unwrap();
        let status = res.status();
        let _ = res.into_body().collect().await.unwrap();
        (status, runs.load(Ordering::SeqCst))
    }

    #[tokio::test(flavor = "current_thread")]
    async fn a_failed_lookup_is_a_500_without_the_handler_by_default() {
        assert_eq!(
            put_with_failing_lookup(None).await,
            (StatusCode::INTERNAL_SERVER_ERROR, 0)
        );
        assert_eq!(
            put_with_failing_lookup(Some(OnLookupError::InternalError)).await,
            (StatusCode::INTERNAL_SERVER_ERROR, 0)
        );
    }

    #[tokio::test(flavor = "current_thread")]
    async fn a_failed_lookup_can_pass_through() {
        assert_eq!(
            put_with_failing_lookup(Some(OnLookupError::PassThrough)).await,
            (StatusCode::OK, 1)
        );
    }
}

mod bodies {
    use std::convert::Infallible;
    use std::pin::Pin;
    use std::task::{Context, Poll};

    use bytes::Bytes;
    use http::{HeaderMap, HeaderValue, Request, Response, header};
    use http_body::{Body, Frame};
    use http_body_util::{BodyExt, Full};
    use precond_tower::ConditionalLayer;
    use tower::{Layer, ServiceExt, service_fn};

    /// Two chunks, then trailers, of unknown length.
    struct WithTrailers(u8);

    impl Body for WithTrailers {
        type Data = Bytes;
        type Error = Infallible;

        fn poll_frame(
            mut self: Pin<&mut Self>,
            _cx: &mut Context<'_>,
        ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
            self.0 += 1;
            Poll::Ready(match self.0 {
                1 => Some(Ok(Frame::data(Bytes::from_static(b"hello ")))),
                2 => Some(Ok(Frame::data(Bytes::from_static(b"world")))),
                3 => {
                    let mut trailers = HeaderMap::new();
                    trailers.insert("x-checksum", HeaderValue::from_static("abc"));
                    Some(Ok(Frame::trailers(trailers)))
                }
                _ => None,
            })
        }
    }

    /// The body's data and trailers, as a client reads them.
    async fn through(
        layer: ConditionalLayer,
        fields: &[(&str, &str)],
    ) -> (u16, Option<HeaderValue>, Bytes, Option<HeaderMap>) {
        let inner = service_fn(|_req: Request<Full<Bytes>>| async {
            Ok::<_, Infallible>(Response::new(WithTrailers(0)))
        });
        let mut req = Request::get("/");
        for (n, v) in fields {
            req = req.header(*n, *v);
        }
        let res = layer
            .layer(inner)
            .oneshot(req.body(Full::default()).unwrap())
            .await
            .unwrap();
        let status = res.status().as_u16();
        let etag = res.headers().get(header::ETAG).cloned();
        let collected = res.into_body().collect().await.unwrap();
        let trailers = collected.trailers().cloned();
        (status, etag, collected.to_bytes(), trailers)
    }

    #[tokio::test(flavor = "current_thread")]
    async fn trailers_of_a_200_pass_through_read_or_not() {
        let mut want = HeaderMap::new();
        want.insert("x-checksum", HeaderValue::from_static("abc"));
        let plain = through(ConditionalLayer::new(), &[]).await;
        assert_eq!(
            plain,
            (
                200,
                None,
                Bytes::from_static(b"hello world"),
                Some(want.clone())
            )
        );
        // Read to hash: the same bytes and trailers, and the tag of "hello world".
        let tag = HeaderValue::from_static(super::support::HELLO_TAG);
        let hashed = through(ConditionalLayer::new().hash_body(64), &[]).await;
        assert_eq!(
            hashed,
            (
                200,
                Some(tag.clone()),
                Bytes::from_static(b"hello world"),
                Some(want.clone())
            )
        );
        // Longer than the limit after the first chunk: the part read, then the
        // rest and its trailers, no tag.
        let cut = through(ConditionalLayer::new().hash_body(4), &[]).await;
        assert_eq!(
            cut,
            (200, None, Bytes::from_static(b"hello world"), Some(want))
        );
        // Revalidated against the hashed tag: 304 without content or trailers.
        let revalidated = through(
            ConditionalLayer::new().hash_body(64),
            &[("if-none-match", super::support::HELLO_TAG)],
        )
        .await;
        assert_eq!(revalidated, (304, Some(tag), Bytes::new(), None));
    }
}

/// A response future polled again after it completed (a caller's bug)
/// answers a 500 saying so, rather than panicking. Here the layer's own 428
/// (RFC 6585 §3, a precondition required) is the first answer, so that the
/// future polled again is the layer's and not the inner service's; each body
/// says in `Debug` which kind it is.
#[tokio::test(flavor = "current_thread")]
async fn a_future_polled_after_it_completed_answers_500() {
    use std::future::Future;
    use std::pin::pin;
    use std::task::{Context, Poll, Waker};

    use bytes::Bytes;
    use http::header::{CONTENT_LENGTH, CONTENT_TYPE};
    use http::{Method, Request, Response, StatusCode};
    use http_body_util::{BodyExt, Full};
    use precond_tower::ConditionalLayer;
    use tower::{Layer, Service, service_fn};

    let inner = service_fn(|_req: Request<Full<Bytes>>| async {
        Ok::<_, std::convert::Infallible>(Response::new(Full::new(Bytes::from_static(b"hi"))))
    });
    let mut cx = Context::from_waker(Waker::noop());
    for method in [Method::PUT, Method::HEAD] {
        let mut layered = ConditionalLayer::new()
            .require_precondition([Method::PUT, Method::HEAD])
            .layer(inner);
        let req = Request::builder().method(method.clone()).uri("/");
        let mut future = pin!(layered.call(req.body(Full::default()).unwrap()));
        let Poll::Ready(Ok(first)) = future.as_mut().poll(&mut cx) else {
            panic!("the layer answers at once");
        };
        assert_eq!(first.status(), StatusCode::PRECONDITION_REQUIRED);
        assert_eq!(
            format!("{:?}", first.body()),
            "ConditionalBody { kind: \"short\" }"
        );
        let Poll::Ready(Ok(again)) = future.as_mut().poll(&mut cx) else {
            panic!("polled again: an answer, not a pending future");
        };
        assert_eq!(
            again.status(),
            StatusCode::INTERNAL_SERVER_ERROR,
            "{method}"
        );
        let fields: Vec<(String, String)> = again
            .headers()
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_str().unwrap().to_owned()))
            .collect();
        let text = "500 Internal Server Error.\n";
        assert_eq!(
            fields,
            [
                (
                    CONTENT_TYPE.to_string(),
                    "text/plain; charset=utf-8".to_owned()
                ),
                (CONTENT_LENGTH.to_string(), text.len().to_string()),
            ],
            "{method}"
        );
        let body = again.into_body().collect().await.unwrap().to_bytes();
        let expected = if method == Method::HEAD { "" } else { text };
        assert_eq!(body, expected.as_bytes(), "{method}");
    }
}

/// A body the layer read to hash it (`.hash_body`) is replayed: it says it
/// has ended exactly when every frame has been sent, as the handler's would.
#[tokio::test(flavor = "current_thread")]
async fn a_replayed_body_ends_when_its_frames_are_sent() {
    use bytes::Bytes;
    use http::{Request, Response, StatusCode};
    use http_body::Body as _;
    use http_body_util::{BodyExt, Full};
    use precond_tower::ConditionalLayer;
    use tower::{Layer, ServiceExt, service_fn};

    for text in ["", "0123456789"] {
        let inner = service_fn(move |_req: Request<Full<Bytes>>| async move {
            Ok::<_, std::convert::Infallible>(Response::new(Full::new(Bytes::from_static(
                text.as_bytes(),
            ))))
        });
        let layered = ConditionalLayer::new().hash_body(1024).layer(inner);
        let req = Request::get("/")
            .header(http::header::IF_NONE_MATCH, "\"x\"")
            .body(Full::default())
            .unwrap();
        let res = layered.oneshot(req).await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert!(res.headers().contains_key(http::header::ETAG), "{text:?}");
        assert_eq!(
            format!("{:?}", res.body()),
            "ConditionalBody { kind: \"replay\" }"
        );
        let mut body = res.into_body();
        assert_eq!(body.is_end_stream(), text.is_empty(), "{text:?}");
        let mut read = Vec::new();
        while let Some(frame) = body.frame().await {
            read.extend_from_slice(&frame.unwrap().into_data().unwrap());
        }
        assert_eq!(read, text.as_bytes());
        assert!(body.is_end_stream(), "{text:?}");
    }
}

/// Which 200s `.hash_body(max)` tags: a body of at most `max` bytes, not an
/// event stream, and for HEAD only a body there in full.
mod hashing {
    use std::convert::Infallible;

    use bytes::Bytes;
    use http::{HeaderValue, Method, Request, Response, header};
    use http_body_util::{BodyExt, Full};
    use precond_tower::ConditionalLayer;
    use tower::{Layer, ServiceExt, service_fn};

    use super::support::HELLO_TAG;

    /// A response's fields, name and value.
    type Fields = [(&'static str, &'static str)];

    /// The ETag the layer (`.hash_body(max)`) puts on a 200 to `method`
    /// with these fields and this body, and the body sent.
    async fn tag_of(
        max: u64,
        method: Method,
        fields: &Fields,
        body: &'static [u8],
    ) -> (Option<HeaderValue>, Bytes) {
        let fields = fields.to_vec();
        let inner = service_fn(move |_req: Request<Full<Bytes>>| {
            let mut res = Response::builder();
            for &(name, value) in &fields {
                res = res.header(name, value);
            }
            let res = res.body(Full::new(Bytes::from_static(body))).unwrap();
            async move { Ok::<_, Infallible>(res) }
        });
        let req = Request::builder()
            .method(method)
            .uri("/")
            .body(Full::default())
            .unwrap();
        let res = ConditionalLayer::new()
            .hash_body(max)
            .layer(inner)
            .oneshot(req)
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let tag = res.headers().get(header::ETAG).cloned();
        (tag, res.into_body().collect().await.unwrap().to_bytes())
    }

    fn hello() -> Option<HeaderValue> {
        Some(HeaderValue::from_static(HELLO_TAG))
    }

    #[tokio::test(flavor = "current_thread")]
    async fn a_body_of_exactly_the_limit_is_tagged_one_byte_more_is_not() {
        let hello_world = Bytes::from_static(b"hello world");
        assert_eq!(
            tag_of(11, Method::GET, &[], b"hello world").await,
            (hello(), hello_world.clone())
        );
        assert_eq!(
            tag_of(10, Method::GET, &[], b"hello world").await,
            (None, hello_world)
        );
    }

    /// `Content-Type: text/event-stream`, in any case, alone or followed by
    /// parameters (`;`, or whitespace before one), is never read ahead; a
    /// longer media type that merely starts so is an ordinary body.
    #[tokio::test(flavor = "current_thread")]
    async fn an_event_stream_with_or_without_parameters_is_not_read() {
        for (content_type, tagged) in [
            ("text/event-stream", false),
            ("Text/Event-Stream", false),
            ("text/event-stream;charset=utf-8", false),
            ("text/event-stream ;charset=utf-8", false),
            ("text/event-stream\t;charset=utf-8", false),
            ("text/event-streams", true),
            ("text/event", true),
            ("text/plain", true),
        ] {
            let fields = [("content-type", content_type)];
            let (tag, body) = tag_of(64, Method::GET, &fields, b"hello world").await;
            assert_eq!(tag.is_some(), tagged, "{content_type:?}");
            assert_eq!(body, b"hello world".as_slice(), "{content_type:?}");
        }
    }

    /// A HEAD response is tagged only when its body is the GET's whole
    /// body: as long as a valid, single Content-Length says, or, without
    /// one, not empty (a stripped body is empty). Its tag is then the GET's.
    #[tokio::test(flavor = "current_thread")]
    async fn a_head_is_tagged_only_when_its_body_is_there_in_full() {
        let cases: &[(&Fields, &'static [u8], bool)] = &[
            (&[("content-length", "11")], b"hello world", true),
            (&[], b"hello world", true),
            (&[], b"", false),
            (&[("content-length", "11")], b"", false),
            (&[("content-length", "12")], b"hello world", false),
            (&[("content-length", "+11")], b"hello world", false),
            (&[("content-length", "")], b"hello world", false),
            (
                &[("content-length", "11"), ("content-length", "11")],
                b"hello world",
                false,
            ),
        ];
        for &(fields, body, tagged) in cases {
            let (tag, _) = tag_of(64, Method::HEAD, fields, body).await;
            let expected = if tagged { hello() } else { None };
            assert_eq!(tag, expected, "{fields:?} {body:?}");
        }
    }
}

/// A layer's `Debug` shows its configuration; an injected clock, which
/// has no text of its own, is shown as there.
#[test]
fn a_layer_shows_its_clock_in_debug() {
    use precond_tower::ConditionalLayer;

    let plain = format!("{:?}", ConditionalLayer::new());
    assert!(plain.contains("clock: None"), "{plain}");
    let clocked = ConditionalLayer::new().clock(|| precond::HttpDate::UNIX_EPOCH);
    let clocked = format!("{clocked:?}");
    assert!(clocked.contains("clock: Some(Clock(..))"), "{clocked}");
}

/// A service that is never ready, or fails to become ready.
#[derive(Clone)]
struct NotReady(std::task::Poll<Result<(), &'static str>>);

impl tower::Service<http::Request<http_body_util::Full<bytes::Bytes>>> for NotReady {
    type Response = http::Response<http_body_util::Full<bytes::Bytes>>;
    type Error = &'static str;
    type Future = std::future::Ready<Result<Self::Response, &'static str>>;

    fn poll_ready(
        &mut self,
        _cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Result<(), Self::Error>> {
        self.0
    }

    fn call(&mut self, _req: http::Request<http_body_util::Full<bytes::Bytes>>) -> Self::Future {
        std::future::ready(Err("called before it was ready"))
    }
}

/// The layer is ready when the service inside is: back-pressure and the
/// inner service's errors pass through it.
#[test]
fn the_layer_is_ready_when_the_service_inside_is() {
    use std::task::{Context, Poll, Waker};

    use http::Request;
    use http_body_util::Full;
    use precond_tower::ConditionalLayer;
    use tower::{Layer, Service};

    let mut cx = Context::from_waker(Waker::noop());
    for inner in [Poll::Pending, Poll::Ready(Err("down")), Poll::Ready(Ok(()))] {
        let mut layered = ConditionalLayer::new().layer(NotReady(inner));
        let ready = Service::<Request<Full<bytes::Bytes>>>::poll_ready(&mut layered, &mut cx);
        assert_eq!(ready, inner);
    }
}
