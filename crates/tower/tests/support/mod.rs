//! The application the tests drive (one axum router with every
//! configuration of the layer), the cases, and two ways to send them:
//! `tower::ServiceExt::oneshot` and a real socket on 127.0.0.1.
#![allow(dead_code, unreachable_pub)]

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::response::IntoResponse;
use axum::routing::{MethodRouter, get};
use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue, Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use precond::{EntityTag, HttpDate};
use precond_tower::{ConditionalLayer, Current, Lookup};
use tower::ServiceExt;

/// The clock of every layer: 2023-11-14T22:13:20Z.
pub const NOW: i64 = 1_700_000_000;
/// The Last-Modified of the documents: 1000 s before `NOW`.
pub const MODIFIED: i64 = NOW - 1000;
/// The limit of `.hash_body`.
pub const HASH_LIMIT: u64 = 64;
/// The trace header of the layers.
pub const TRACE: &str = "x-precond";

pub fn date(secs: i64) -> String {
    HttpDate::from_unix_seconds(secs).unwrap().to_string()
}

fn clock() -> HttpDate {
    HttpDate::from_unix_seconds(NOW).unwrap()
}

/// The layer every route starts from: fixed clock, trace header.
pub fn layer() -> ConditionalLayer {
    untraced().trace_header(HeaderName::from_static(TRACE))
}

/// The layer with the fixed clock only: a request without conditional
/// fields takes the pass-through path.
pub fn untraced() -> ConditionalLayer {
    ConditionalLayer::new().clock(clock)
}

/// How the app is built: which form of the layer its routes get, and
/// whether the layers add the trace header.
#[derive(Clone, Copy, Debug)]
pub struct Build {
    /// precond-axum's form of the layer (answering axum's `Response`)
    /// rather than precond-tower's.
    pub axum_form: bool,
    pub traced: bool,
}

impl Build {
    /// Every way of building the app.
    pub const ALL: [Build; 4] = [
        Build {
            axum_form: false,
            traced: true,
        },
        Build {
            axum_form: true,
            traced: true,
        },
        Build {
            axum_form: false,
            traced: false,
        },
        Build {
            axum_form: true,
            traced: false,
        },
    ];

    /// The layer every route starts from.
    fn layer(self) -> ConditionalLayer {
        if self.traced { layer() } else { untraced() }
    }

    /// `route` with `layer`, in the chosen form.
    fn apply<L>(self, route: MethodRouter, layer: ConditionalLayer<L>) -> MethodRouter
    where
        L: Lookup + Clone + Send + Sync + 'static,
        L::Future: Send + 'static,
    {
        if self.axum_form {
            route.layer(precond_axum::ConditionalLayer::from(layer))
        } else {
            route.layer(layer)
        }
    }
}

/// How many times each handler ran.
#[derive(Clone, Default)]
pub struct Runs(Arc<AtomicUsize>);

impl Runs {
    pub fn take(&self) -> usize {
        self.0.swap(0, Ordering::SeqCst)
    }
    fn count(&self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

/// The stored item behind `/item`: a version and a body, or nothing.
#[derive(Default)]
struct Item {
    version: u64,
    body: Option<Vec<u8>>,
}

#[derive(Clone)]
pub struct App {
    pub router: Router,
    pub runs: Runs,
    /// Whether the trace header is expected.
    pub traced: bool,
}

pub const DOC: &[u8] = b"hello world";

/// The header fields of `/doc`'s 200.
fn doc_headers() -> HeaderMap {
    let mut h = HeaderMap::new();
    h.insert(header::ETAG, HeaderValue::from_static("\"v1\""));
    h.insert(header::LAST_MODIFIED, date(MODIFIED).parse().unwrap());
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("max-age=60"),
    );
    h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain"));
    h.append(header::SET_COOKIE, HeaderValue::from_static("a=1"));
    h
}

/// A body in these chunks, of unknown length.
fn chunked(chunks: &'static [&'static [u8]]) -> Body {
    Body::new(Chunks(chunks.iter()))
}

/// A body yielding its chunks one frame at a time, with no size hint.
pub struct Chunks(std::slice::Iter<'static, &'static [u8]>);

impl http_body::Body for Chunks {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        _cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Bytes>, Infallible>>> {
        std::task::Poll::Ready(
            self.0
                .next()
                .map(|c| Ok(http_body::Frame::data(Bytes::from_static(c)))),
        )
    }
}

/// The app with precond-tower's layer, traced.
pub fn app() -> App {
    app_built(Build::ALL[0])
}

pub fn app_built(build: Build) -> App {
    let runs = Runs::default();
    let item = Arc::new(Mutex::new(Item {
        version: 1,
        body: Some(b"first".to_vec()),
    }));

    // Zero configuration: the handler sets the validators.
    let r = runs.clone();
    let doc = build.apply(
        get(move |method: Method| {
            let r = r.clone();
            async move {
                r.count();
                let _ = method;
                (doc_headers(), DOC)
            }
        })
        .put({
            let r = runs.clone();
            move || async move {
                r.count();
                StatusCode::NO_CONTENT
            }
        })
        .delete({
            let r = runs.clone();
            move || async move {
                r.count();
                StatusCode::NO_CONTENT
            }
        })
        .post({
            let r = runs.clone();
            move || async move {
                r.count();
                (StatusCode::OK, "posted")
            }
        }),
        build.layer(),
    );

    // A handler that serves ranges and never looks at If-Range (as
    // tower-http's ServeDir answers a stale one): the layer has to ask again.
    let r = runs.clone();
    let ranged = build.apply(
        get(move |headers: HeaderMap| {
            let r = r.clone();
            async move {
                r.count();
                let mut h = HeaderMap::new();
                h.insert(header::ETAG, HeaderValue::from_static("\"v2\""));
                h.insert(header::LAST_MODIFIED, date(MODIFIED).parse().unwrap());
                h.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
                if headers.get(header::RANGE).is_some_and(|v| v == "bytes=0-4") {
                    h.insert(
                        header::CONTENT_RANGE,
                        HeaderValue::from_static("bytes 0-4/11"),
                    );
                    return (StatusCode::PARTIAL_CONTENT, h, &DOC[..5]).into_response();
                }
                (StatusCode::OK, h, DOC).into_response()
            }
        }),
        build.layer(),
    );

    // Validators looked up before the handler; writes must be conditional.
    let lookup_item = Arc::clone(&item);
    let current = move |_parts: &http::request::Parts| {
        let item = Arc::clone(&lookup_item);
        async move {
            let item = item.lock().map_err(|_| "poisoned")?;
            Ok::<_, &'static str>(match item.body {
                Some(_) => Current::new()
                    .with_etag(EntityTag::from_version(item.version))
                    .with_field(header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
                None => Current::missing(),
            })
        }
    };
    let (r, it) = (runs.clone(), Arc::clone(&item));
    let item_get = move || {
        let (r, it) = (r.clone(), Arc::clone(&it));
        async move {
            r.count();
            let item = it.lock().unwrap();
            match &item.body {
                Some(body) => (
                    [
                        (
                            header::ETAG,
                            EntityTag::from_version(item.version).to_string(),
                        ),
                        (header::CACHE_CONTROL, "no-cache".to_owned()),
                    ],
                    body.clone(),
                )
                    .into_response(),
                None => StatusCode::NOT_FOUND.into_response(),
            }
        }
    };
    let (r, it) = (runs.clone(), Arc::clone(&item));
    let item_put = move |body: Bytes| {
        let (r, it) = (r.clone(), Arc::clone(&it));
        async move {
            r.count();
            let mut item = it.lock().unwrap();
            let created = item.body.is_none();
            item.version += 1;
            item.body = Some(body.to_vec());
            let status = if created {
                StatusCode::CREATED
            } else {
                StatusCode::NO_CONTENT
            };
            (
                status,
                [(
                    header::ETAG,
                    EntityTag::from_version(item.version).to_string(),
                )],
            )
                .into_response()
        }
    };
    let (r, it) = (runs.clone(), Arc::clone(&item));
    let item_delete = move || {
        let (r, it) = (r.clone(), Arc::clone(&it));
        async move {
            r.count();
            it.lock().unwrap().body = None;
            StatusCode::NO_CONTENT
        }
    };
    let r = runs.clone();
    let item_post = move || {
        let r = r.clone();
        async move {
            r.count();
            (StatusCode::OK, "posted")
        }
    };
    let item_routes = build.apply(
        get(item_get)
            .put(item_put)
            .delete(item_delete)
            .post(item_post),
        build
            .layer()
            .current(current)
            .require_precondition([Method::PUT, Method::DELETE]),
    );

    // Hashed ETags.
    let hashed = |chunks: &'static [&'static [u8]], content_type: &'static str| {
        let r = runs.clone();
        let route = get(move || {
            let r = r.clone();
            async move {
                r.count();
                ([(header::CONTENT_TYPE, content_type)], chunked(chunks))
            }
        });
        build.apply(route, build.layer().hash_body(HASH_LIMIT))
    };
    let r = runs.clone();
    let hashed_known_big = get(move || {
        let r = r.clone();
        async move {
            r.count();
            vec![b'x'; 100]
        }
    });
    let hashed_known_big = build.apply(hashed_known_big, build.layer().hash_body(HASH_LIMIT));

    let router = Router::new()
        .route("/doc", doc)
        .route("/ranged", ranged)
        .route("/item", item_routes)
        .route(
            "/hashed/chunks",
            hashed(&[b"hel", b"lo ", b"world"], "text/plain"),
        )
        .route("/hashed/one", hashed(&[b"hello world"], "text/plain"))
        .route("/hashed/long", hashed(LONG, "text/plain"))
        .route(
            "/hashed/events",
            hashed(&[b"data: 1\n\n"], "text/event-stream"),
        )
        .route("/hashed/known-long", hashed_known_big);
    App {
        router,
        runs,
        traced: build.traced,
    }
}

/// 10 chunks of 10 bytes: longer than `HASH_LIMIT`, of unknown length.
pub const LONG: &[&[u8]] = &[b"0123456789" as &[u8]; 10];

/// What a response is compared on.
#[derive(Debug, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    /// Every field line, sorted, as `name: value`; `date` left out (hyper
    /// adds it on the wire).
    pub headers: Vec<String>,
    pub body: Vec<u8>,
}

/// Every field line but `date` (hyper adds it on the wire), as `name:
/// value`, sorted.
pub fn lines(headers: &HeaderMap) -> Vec<String> {
    let mut v: Vec<String> = headers
        .iter()
        .filter(|(n, _)| *n != header::DATE)
        .map(|(n, v)| format!("{n}: {}", v.to_str().unwrap()))
        .collect();
    v.sort();
    v
}

pub async fn answer(
    res: http::Response<impl http_body::Body<Data = Bytes, Error: std::fmt::Debug>>,
) -> Answer {
    let status = res.status().as_u16();
    let headers = lines(res.headers());
    let body = res.into_body().collect().await.unwrap().to_bytes().to_vec();
    Answer {
        status,
        headers,
        body,
    }
}

/// Sends through `oneshot`.
pub async fn oneshot(app: &App, req: Request<Body>) -> Answer {
    answer(app.router.clone().oneshot(req).await.unwrap()).await
}

/// A server on 127.0.0.1 with an ephemeral port, stopped when dropped.
pub struct Server {
    pub addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl Server {
    /// axum's `serve` over the router.
    pub async fn axum(router: Router) -> Server {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            axum::serve(listener, router)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await
                .unwrap();
        });
        Server {
            addr,
            stop: Some(stop),
            task: Some(task),
        }
    }

    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            tokio::time::timeout(Duration::from_secs(5), task)
                .await
                .expect("server stops within 5 s")
                .unwrap();
        }
    }
}

/// hyper-util's client.
pub type HttpClient = Client<HttpConnector, Body>;

pub fn client() -> HttpClient {
    Client::builder(TokioExecutor::new()).build_http()
}

/// Sends over the socket to `addr` (the request's URI is a path).
pub async fn send(client: &HttpClient, addr: SocketAddr, mut req: Request<Body>) -> Answer {
    let uri = format!("http://{addr}{}", req.uri());
    *req.uri_mut() = uri.parse().unwrap();
    let res = tokio::time::timeout(Duration::from_secs(10), client.request(req))
        .await
        .expect("answer within 10 s")
        .unwrap();
    answer(res).await
}

/// A request from a method, a path and field lines.
pub fn request(
    method: &str,
    path: &str,
    fields: &[(&str, &str)],
    body: &'static [u8],
) -> Request<Body> {
    let mut req = Request::builder().method(method).uri(path);
    for (name, value) in fields {
        req = req.header(*name, *value);
    }
    req.body(Body::from(body)).unwrap()
}

/// One request and the exact answer expected.
pub struct Case {
    pub name: &'static str,
    pub req: Request<Body>,
    pub status: u16,
    /// Every field line but `date`, as `name: value`.
    pub headers: Vec<String>,
    pub body: Vec<u8>,
    /// How many times a handler ran for it.
    pub runs: usize,
    /// Sent chunked on the wire (a body of unknown length).
    pub chunked: bool,
}

fn fields(lines: &[(&str, &str)]) -> Vec<String> {
    let mut v: Vec<String> = lines.iter().map(|(n, v)| format!("{n}: {v}")).collect();
    v.sort();
    v
}

/// Runs the cases in order (they share the state of `/item`), each through
/// `send`, and checks every answer and how often the handlers ran.
pub async fn run_cases<F, Fut>(app: &App, wire: bool, send: F)
where
    F: Fn(Request<Body>) -> Fut,
    Fut: std::future::Future<Output = Answer>,
{
    for case in cases() {
        let got = send(case.req).await;
        let mut headers = case.headers;
        if !app.traced {
            headers.retain(|h| !h.starts_with(&format!("{TRACE}: ")));
        }
        if wire && case.chunked {
            headers.push("transfer-encoding: chunked".to_owned());
            headers.sort();
        }
        if wire && case.status == 204 {
            // hyper never sends Content-Length on a 204 (RFC 9110 §8.6);
            // axum's router adds `0` to the response it hands over.
            headers.retain(|h| h != "content-length: 0");
        }
        let want = Answer {
            status: case.status,
            headers,
            body: case.body,
        };
        assert_eq!(got, want, "case {:?}", case.name);
        assert_eq!(
            app.runs.take(),
            case.runs,
            "handler runs, case {:?}",
            case.name
        );
    }
}

/// The SHA-256 of "hello world", unpadded base64url: the ETag `.hash_body`
/// must give it however it is chunked.
pub const HELLO_TAG: &str = "\"uU0nuZNNPgilLlLX2n2r-sSE7-N6U4DukIj3rOLvzek\"";

pub fn cases() -> Vec<Case> {
    let lm = date(MODIFIED);
    let lm = lm.as_str();
    let older = date(MODIFIED - 1);
    let older = older.as_str();
    let no_conditions = (TRACE, "no conditional fields");
    let proceed = (TRACE, "on the response: proceed (RFC 9110 section 13.2.2)");
    let inm_304 = (
        TRACE,
        "on the response: 304 Not Modified at step 3 (If-None-Match) (RFC 9110 section 13.1.2)",
    );
    let doc_200 = |trace: (&'static str, &'static str)| -> Vec<String> {
        fields(&[
            ("cache-control", "max-age=60"),
            ("content-length", "11"),
            ("content-type", "text/plain"),
            ("etag", "\"v1\""),
            ("last-modified", lm),
            ("set-cookie", "a=1"),
            ("vary", "accept-encoding"),
            trace,
        ])
    };
    // The 304 keeps Cache-Control, ETag, Vary and Set-Cookie; no
    // Content-Length, Content-Type or Last-Modified (RFC 9110 §15.4.5).
    let doc_304 = |trace: (&'static str, &'static str)| -> Vec<String> {
        fields(&[
            ("cache-control", "max-age=60"),
            ("etag", "\"v1\""),
            ("set-cookie", "a=1"),
            ("vary", "accept-encoding"),
            trace,
        ])
    };
    let text = "text/plain; charset=utf-8";
    let failed_412 = |step: &'static str| -> (Vec<u8>, String) {
        let body = format!("412 Precondition Failed: {step}\n");
        (body.clone().into_bytes(), body.len().to_string())
    };
    let _ = failed_412;
    let if_match_412: &[u8] =
        b"412 Precondition Failed: If-Match is false (RFC 9110 \xc2\xa713.1.1).\n";
    let ius_412: &[u8] =
        b"412 Precondition Failed: If-Unmodified-Since is false (RFC 9110 \xc2\xa713.1.4).\n";
    let inm_412: &[u8] =
        b"412 Precondition Failed: If-None-Match is false (RFC 9110 \xc2\xa713.1.2).\n";
    let required_428: &[u8] = b"428 Precondition Required: send If-Match with the entity-tag you last received, or If-None-Match: * to create (RFC 6585 \xc2\xa73).\n";
    let len = |b: &[u8]| b.len().to_string();
    let explained = |body: &[u8], trace: &'static str| -> Vec<String> {
        let l = len(body);
        fields(&[
            ("content-length", l.as_str()),
            ("content-type", text),
            (TRACE, trace),
        ])
    };
    let get = |path, f: &[(&str, &str)]| request("GET", path, f, b"");
    let head = |path, f: &[(&str, &str)]| request("HEAD", path, f, b"");
    let case = |name, req, status, headers, body: &[u8], runs| Case {
        name,
        req,
        status,
        headers,
        body: body.to_vec(),
        runs,
        chunked: false,
    };

    let mut cases = vec![
        // ---- GET on a response that carries validators (zero configuration) ----
        case(
            "plain GET",
            get("/doc", &[]),
            200,
            doc_200(no_conditions),
            DOC,
            1,
        ),
        case(
            "INM matches",
            get("/doc", &[("if-none-match", "\"v1\"")]),
            304,
            doc_304(inm_304),
            b"",
            1,
        ),
        case(
            "INM list, one line",
            get("/doc", &[("if-none-match", "\"x\", \"v1\"")]),
            304,
            doc_304(inm_304),
            b"",
            1,
        ),
        case(
            "INM list on two field lines, weak member",
            get(
                "/doc",
                &[("if-none-match", "\"x\""), ("if-none-match", "W/\"v1\"")],
            ),
            304,
            doc_304(inm_304),
            b"",
            1,
        ),
        case(
            "INM *",
            get("/doc", &[("if-none-match", "*")]),
            304,
            doc_304(inm_304),
            b"",
            1,
        ),
        case(
            "INM no match",
            get("/doc", &[("if-none-match", "\"x\"")]),
            200,
            doc_200(proceed),
            DOC,
            1,
        ),
        case(
            "IM matches",
            get("/doc", &[("if-match", "\"v1\"")]),
            200,
            doc_200(proceed),
            DOC,
            1,
        ),
        case(
            "IM *",
            get("/doc", &[("if-match", "*")]),
            200,
            doc_200(proceed),
            DOC,
            1,
        ),
        case(
            "IM no match",
            get("/doc", &[("if-match", "\"x\"")]),
            412,
            explained(
                if_match_412,
                "on the response: 412 Precondition Failed at step 1 (If-Match) (RFC 9110 section 13.1.1)",
            ),
            if_match_412,
            1,
        ),
        case(
            "IM on two lines, second matches",
            get("/doc", &[("if-match", "\"x\""), ("if-match", "\"v1\"")]),
            200,
            doc_200(proceed),
            DOC,
            1,
        ),
        case(
            "IUS before Last-Modified",
            get("/doc", &[("if-unmodified-since", older)]),
            412,
            explained(
                ius_412,
                "on the response: 412 Precondition Failed at step 2 (If-Unmodified-Since) (RFC 9110 section 13.1.4)",
            ),
            ius_412,
            1,
        ),
        case(
            "IUS at Last-Modified",
            get("/doc", &[("if-unmodified-since", lm)]),
            200,
            doc_200(proceed),
            DOC,
            1,
        ),
        case(
            "IMS at Last-Modified",
            get("/doc", &[("if-modified-since", lm)]),
            304,
            doc_304((
                TRACE,
                "on the response: 304 Not Modified at step 4 (If-Modified-Since) (RFC 9110 section 13.1.3)",
            )),
            b"",
            1,
        ),
        case(
            "IMS before Last-Modified",
            get("/doc", &[("if-modified-since", older)]),
            200,
            doc_200(proceed),
            DOC,
            1,
        ),
        case(
            "IMS not a date",
            get("/doc", &[("if-modified-since", "yesterday")]),
            200,
            doc_200(proceed),
            DOC,
            1,
        ),
        case(
            "INM decides, IMS ignored",
            get(
                "/doc",
                &[("if-none-match", "\"x\""), ("if-modified-since", lm)],
            ),
            200,
            doc_200(proceed),
            DOC,
            1,
        ),
        case(
            "IM before INM",
            get(
                "/doc",
                &[("if-match", "\"x\""), ("if-none-match", "\"v1\"")],
            ),
            412,
            explained(
                if_match_412,
                "on the response: 412 Precondition Failed at step 1 (If-Match) (RFC 9110 section 13.1.1)",
            ),
            if_match_412,
            1,
        ),
        case(
            "IM true, then INM",
            get(
                "/doc",
                &[("if-match", "\"v1\""), ("if-none-match", "\"v1\"")],
            ),
            304,
            doc_304(inm_304),
            b"",
            1,
        ),
        // ---- HEAD ----
        case(
            "plain HEAD",
            head("/doc", &[]),
            200,
            doc_200(no_conditions),
            b"",
            1,
        ),
        case(
            "HEAD INM matches",
            head("/doc", &[("if-none-match", "\"v1\"")]),
            304,
            doc_304(inm_304),
            b"",
            1,
        ),
        case(
            "HEAD IM no match",
            head("/doc", &[("if-match", "\"x\"")]),
            412,
            explained(
                if_match_412,
                "on the response: 412 Precondition Failed at step 1 (If-Match) (RFC 9110 section 13.1.1)",
            ),
            b"",
            1,
        ),
        // ---- other methods without a lookup: untouched ----
        case(
            "PUT, no lookup",
            request("PUT", "/doc", &[("if-match", "\"x\"")], b"new"),
            204,
            fields(&[
                ("content-length", "0"),
                (
                    TRACE,
                    "not evaluated: not GET or HEAD, and no lookup of the current validators",
                ),
            ]),
            b"",
            1,
        ),
        case(
            "DELETE, no lookup",
            request("DELETE", "/doc", &[("if-unmodified-since", older)], b""),
            204,
            fields(&[
                ("content-length", "0"),
                (
                    TRACE,
                    "not evaluated: not GET or HEAD, and no lookup of the current validators",
                ),
            ]),
            b"",
            1,
        ),
        case(
            "POST, no lookup",
            request("POST", "/doc", &[("if-none-match", "*")], b""),
            200,
            fields(&[
                ("content-length", "6"),
                ("content-type", "text/plain; charset=utf-8"),
                (
                    TRACE,
                    "not evaluated: not GET or HEAD, and no lookup of the current validators",
                ),
            ]),
            b"posted",
            1,
        ),
    ];

    // ---- If-Range against a handler that serves ranges and ignores If-Range ----
    let ranged = |status: u16, trace: &'static str| -> Vec<String> {
        let mut f = vec![
            ("accept-ranges", "bytes"),
            ("content-type", "application/octet-stream"),
            ("etag", "\"v2\""),
            ("last-modified", lm),
            (TRACE, trace),
        ];
        if status == 206 {
            f.push(("content-length", "5"));
            f.push(("content-range", "bytes 0-4/11"));
        } else {
            f.push(("content-length", "11"));
        }
        fields(&f)
    };
    let recalled = "on the response: a 206 whose If-Range is false, replaced by the whole representation (RFC 9110 section 13.1.5)";
    let honoured =
        "on the response: proceed with the Range (RFC 9110 section 13.2.2, section 14.2)";
    cases.extend([
        case(
            "Range without If-Range",
            get("/ranged", &[("range", "bytes=0-4")]),
            206,
            ranged(206, "no conditional fields"),
            b"hello",
            1,
        ),
        case(
            "fresh If-Range tag",
            get("/ranged", &[("range", "bytes=0-4"), ("if-range", "\"v2\"")]),
            206,
            ranged(206, honoured),
            b"hello",
            1,
        ),
        case(
            "stale If-Range tag: asked again without Range",
            get("/ranged", &[("range", "bytes=0-4"), ("if-range", "\"v1\"")]),
            200,
            ranged(200, recalled),
            DOC,
            2,
        ),
        case(
            "weak If-Range tag is false",
            get(
                "/ranged",
                &[("range", "bytes=0-4"), ("if-range", "W/\"v2\"")],
            ),
            200,
            ranged(200, recalled),
            DOC,
            2,
        ),
        case(
            "fresh If-Range date",
            get("/ranged", &[("range", "bytes=0-4"), ("if-range", lm)]),
            206,
            ranged(206, honoured),
            b"hello",
            1,
        ),
        case(
            "stale If-Range date",
            get("/ranged", &[("range", "bytes=0-4"), ("if-range", older)]),
            200,
            ranged(200, recalled),
            DOC,
            2,
        ),
    ]);

    // ---- Validators looked up before the handler; writes must be conditional ----
    let before = |s: &'static str| s;
    let item = |etag: &'static str, trace: &'static str, body_len: &'static str| -> Vec<String> {
        fields(&[
            ("cache-control", "no-cache"),
            ("content-length", body_len),
            ("content-type", "application/octet-stream"),
            ("etag", etag),
            (TRACE, trace),
        ])
    };
    let im_412_before = explained(
        if_match_412,
        before(
            "before the handler: 412 Precondition Failed at step 1 (If-Match) (RFC 9110 section 13.1.1)",
        ),
    );
    let proceed_before = "before the handler: proceed (RFC 9110 section 13.2.2)";
    cases.extend([
        case("item GET", get("/item", &[]), 200, item("\"1\"", "no conditional fields", "5"), b"first", 1),
        case(
            "item GET, INM matches: 304 without the handler",
            get("/item", &[("if-none-match", "\"1\"")]),
            304,
            fields(&[
                ("cache-control", "no-cache"),
                ("etag", "\"1\""),
                (
                    TRACE,
                    "before the handler: 304 Not Modified at step 3 (If-None-Match) (RFC 9110 section 13.1.2)",
                ),
            ]),
            b"",
            0,
        ),
        case(
            "item PUT without a precondition: 428",
            request("PUT", "/item", &[], b"second"),
            428,
            explained(required_428, "428 Precondition Required (RFC 6585 section 3)"),
            required_428,
            0,
        ),
        case(
            "item HEAD of 428 framing: PUT only, so GET passes",
            head("/item", &[]),
            200,
            item("\"1\"", "no conditional fields", "5"),
            b"",
            1,
        ),
        case(
            "item PUT on a stale version: 412 without the handler",
            request("PUT", "/item", &[("if-match", "\"0\"")], b"second"),
            412,
            im_412_before.clone(),
            if_match_412,
            0,
        ),
        case(
            "item PUT on the current version",
            request("PUT", "/item", &[("if-match", "\"1\"")], b"second"),
            204,
            fields(&[("content-length", "0"), ("etag", "\"2\""), (TRACE, proceed_before)]),
            b"",
            1,
        ),
        case(
            "item PUT again on the old version: lost update prevented",
            request("PUT", "/item", &[("if-match", "\"1\"")], b"oops"),
            412,
            im_412_before.clone(),
            if_match_412,
            0,
        ),
        case("item GET after the PUT", get("/item", &[]), 200, item("\"2\"", "no conditional fields", "6"), b"second", 1),
        case(
            "item POST needs no precondition",
            request("POST", "/item", &[], b""),
            200,
            fields(&[
                ("content-length", "6"),
                ("content-type", "text/plain; charset=utf-8"),
                (TRACE, "no conditional fields"),
            ]),
            b"posted",
            1,
        ),
        case(
            "item PUT If-None-Match * on an existing item: 412",
            request("PUT", "/item", &[("if-none-match", "*")], b"x"),
            412,
            explained(
                inm_412,
                "before the handler: 412 Precondition Failed at step 3 (If-None-Match) (RFC 9110 section 13.1.2)",
            ),
            inm_412,
            0,
        ),
        case(
            "item POST with If-None-Match * on an existing item: 412 without the handler",
            request("POST", "/item", &[("if-none-match", "*")], b""),
            412,
            explained(
                inm_412,
                "before the handler: 412 Precondition Failed at step 3 (If-None-Match) (RFC 9110 section 13.1.2)",
            ),
            inm_412,
            0,
        ),
        case(
            "item DELETE on a stale version: 412 without the handler",
            request("DELETE", "/item", &[("if-match", "\"1\"")], b""),
            412,
            im_412_before.clone(),
            if_match_412,
            0,
        ),
        case(
            "item DELETE without a precondition: 428",
            request("DELETE", "/item", &[], b""),
            428,
            explained(required_428, "428 Precondition Required (RFC 6585 section 3)"),
            required_428,
            0,
        ),
        case(
            "item DELETE on the current version",
            request("DELETE", "/item", &[("if-match", "\"2\"")], b""),
            204,
            fields(&[("content-length", "0"), (TRACE, proceed_before)]),
            b"",
            1,
        ),
        case(
            "item GET of a missing item, INM: conditions ignored, the handler answers",
            get("/item", &[("if-none-match", "\"2\"")]),
            404,
            fields(&[
                ("content-length", "0"),
                (
                TRACE,
                "on the response: conditions ignored: the response without the conditions would be neither 2xx nor 412 (RFC 9110 section 13.2.1)",
                ),
            ]),
            b"",
            1,
        ),
        case(
            "item PUT If-Match * on a missing item: 412",
            request("PUT", "/item", &[("if-match", "*")], b"x"),
            412,
            im_412_before.clone(),
            if_match_412,
            0,
        ),
        case(
            "item PUT If-None-Match * creates",
            request("PUT", "/item", &[("if-none-match", "*")], b"third"),
            201,
            fields(&[("content-length", "0"), ("etag", "\"3\""), (TRACE, proceed_before)]),
            b"",
            1,
        ),
    ]);

    // ---- Hashed ETags ----
    let hashed_200 = |trace: &'static str| -> Vec<String> {
        fields(&[
            ("content-length", "11"),
            ("content-type", "text/plain"),
            ("etag", HELLO_TAG),
            (TRACE, trace),
        ])
    };
    cases.extend([
        case(
            "hashed, three chunks",
            get("/hashed/chunks", &[]),
            200,
            hashed_200("no conditional fields"),
            DOC,
            1,
        ),
        case(
            "hashed, one chunk: same tag",
            get("/hashed/one", &[]),
            200,
            hashed_200("no conditional fields"),
            DOC,
            1,
        ),
        case(
            "hashed, INM matches",
            get("/hashed/chunks", &[("if-none-match", HELLO_TAG)]),
            304,
            fields(&[("etag", HELLO_TAG), (TRACE, inm_304.1)]),
            b"",
            1,
        ),
        case(
            "hashed HEAD: the GET's tag",
            head("/hashed/chunks", &[]),
            200,
            hashed_200("no conditional fields"),
            b"",
            1,
        ),
        case(
            "hashed, longer than the limit: no tag, whole body",
            get("/hashed/long", &[]),
            200,
            fields(&[
                ("content-type", "text/plain"),
                (TRACE, "no conditional fields"),
            ]),
            &LONG.concat(),
            1,
        ),
        case(
            "hashed, known to be longer: not read",
            get("/hashed/known-long", &[]),
            200,
            fields(&[
                ("content-length", "100"),
                ("content-type", "application/octet-stream"),
                (TRACE, "no conditional fields"),
            ]),
            &[b'x'; 100],
            1,
        ),
        case(
            "hashed, event stream: not read",
            get("/hashed/events", &[]),
            200,
            fields(&[
                ("content-type", "text/event-stream"),
                (TRACE, "no conditional fields"),
            ]),
            b"data: 1\n\n",
            1,
        ),
    ]);
    for c in &mut cases {
        if matches!(
            c.name,
            "hashed, longer than the limit: no tag, whole body" | "hashed, event stream: not read"
        ) {
            c.chunked = true;
        }
    }
    cases
}
