//! The notes app (`support/app.rs`, also `examples/rest.rs`) over a real
//! socket: axum's server on 127.0.0.1 (ephemeral port), hyper-util's
//! client; every answer's status, header fields and body asserted.

#[path = "support/app.rs"]
mod app;

use std::net::SocketAddr;
use std::time::Duration;

use axum::body::Body;
use bytes::Bytes;
use http::{HeaderMap, Request, StatusCode};
use http_body_util::BodyExt;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use precond::HttpDate;

use app::{Note, Store};

/// How long any one request may take.
const TIMEOUT: Duration = Duration::from_secs(10);

struct Server {
    addr: SocketAddr,
    store: Store,
    client: Client<HttpConnector, Body>,
    task: tokio::task::JoinHandle<()>,
}

impl Server {
    async fn start() -> Server {
        let store = Store::default();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let router = app::app(store.clone());
        let task = tokio::spawn(async move {
            axum::serve(listener, router).await.unwrap();
        });
        Server {
            addr,
            store,
            client: Client::builder(TokioExecutor::new()).build_http(),
            task,
        }
    }

    async fn send(&self, method: &str, fields: &[(&str, &str)], body: &str) -> Answer {
        let mut req = Request::builder()
            .method(method)
            .uri(format!("http://{}/notes/1", self.addr));
        for (name, value) in fields {
            req = req.header(*name, *value);
        }
        let req = req.body(Body::from(body.to_owned())).unwrap();
        let res = tokio::time::timeout(TIMEOUT, self.client.request(req))
            .await
            .expect("an answer within the timeout")
            .unwrap();
        let (parts, body) = res.into_parts();
        Answer {
            status: parts.status,
            headers: parts.headers,
            body: body.collect().await.unwrap().to_bytes(),
        }
    }

    fn note(&self) -> Note {
        self.store.get(1).expect("note 1 exists")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

#[derive(Debug)]
struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl Answer {
    /// Asserts the status, the exact set of header fields (each with its
    /// value, except Date, which must be there) and the body.
    #[track_caller]
    fn assert(&self, status: StatusCode, fields: &[(&str, &str)], body: &[u8]) {
        assert_eq!(self.status, status, "{self:?}");
        let mut got: Vec<(String, String)> = self
            .headers
            .iter()
            .filter(|(name, _)| *name != http::header::DATE)
            .map(|(n, v)| (n.to_string(), v.to_str().unwrap().to_owned()))
            .collect();
        got.sort();
        let mut want: Vec<(String, String)> = fields
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect();
        want.sort();
        assert_eq!(got, want, "{self:?}");
        assert!(self.headers.contains_key(http::header::DATE), "{self:?}");
        assert_eq!(self.body, body, "{self:?}");
    }

    fn etag(&self) -> &str {
        self.headers[http::header::ETAG].to_str().unwrap()
    }
}

fn last_modified(note: &Note) -> String {
    HttpDate::from_system_time(note.updated_at)
        .unwrap()
        .to_string()
}

const PLAIN: &str = "text/plain; charset=utf-8";
const FAILED_IF_MATCH: &str = "412 Precondition Failed: If-Match is false (RFC 9110 §13.1.1).\n";
const FAILED_IF_NONE_MATCH: &str =
    "412 Precondition Failed: If-None-Match is false (RFC 9110 §13.1.2).\n";
const REQUIRED: &str = "428 Precondition Required: send If-Match with the entity-tag you last received, or If-None-Match: * to create (RFC 6585 §3).\n";

// proves: 9110-13.1.2-evaluate, 9110-13.1.2-304-or-412, 9110-13.1.1-evaluate, 9110-13.1.1-respond-412, 9110-13.1.1-false-stops-method, 9110-13.2.1-evaluate-before-method, 9110-15.4.5-keep-listed-fields, 9110-15.4.5-drop-representation-metadata
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_update_revalidate_over_a_socket() {
    let server = Server::start().await;

    // Create: If-None-Match: * holds while there is no note.
    let res = server.send("PUT", &[("if-none-match", "*")], "first").await;
    let note = server.note();
    assert_eq!((note.version, note.text.as_str()), (1, "first"));
    let lm = last_modified(&note);
    res.assert(
        StatusCode::CREATED,
        &[
            ("etag", "\"1\""),
            ("last-modified", &lm),
            ("content-length", "0"),
        ],
        b"",
    );

    // A second create fails: the note exists now (RFC 9110 §13.1.2).
    let res = server.send("PUT", &[("if-none-match", "*")], "again").await;
    res.assert(
        StatusCode::PRECONDITION_FAILED,
        &[
            ("etag", "\"1\""),
            ("content-type", PLAIN),
            ("content-length", &FAILED_IF_NONE_MATCH.len().to_string()),
        ],
        FAILED_IF_NONE_MATCH.as_bytes(),
    );
    assert_eq!(server.note(), note, "the failed create wrote nothing");

    // GET: 200 with the validators; the body rendered once.
    let res = server.send("GET", &[], "").await;
    let full_fields = [
        ("etag", "\"1\""),
        ("last-modified", lm.as_str()),
        ("cache-control", "no-cache"),
        ("content-type", PLAIN),
        ("accept-ranges", "bytes"),
        ("content-length", "5"),
    ];
    res.assert(StatusCode::OK, &full_fields, b"first");
    assert_eq!(server.store.renders(), 1);

    // HEAD: the same fields, no content.
    let res = server.send("HEAD", &[], "").await;
    res.assert(StatusCode::OK, &full_fields, b"");
    assert_eq!(server.store.renders(), 2);

    // Revalidation: 304 with ETag and Cache-Control, the body not rendered.
    for method in ["GET", "HEAD"] {
        let res = server.send(method, &[("if-none-match", "\"1\"")], "").await;
        res.assert(
            StatusCode::NOT_MODIFIED,
            &[("etag", "\"1\""), ("cache-control", "no-cache")],
            b"",
        );
        let res = server.send(method, &[("if-modified-since", &lm)], "").await;
        res.assert(
            StatusCode::NOT_MODIFIED,
            &[("etag", "\"1\""), ("cache-control", "no-cache")],
            b"",
        );
    }
    assert_eq!(server.store.renders(), 2, "no body rendered for a 304");

    // A Range on the bytes: 206 with the part.
    let res = server.send("GET", &[("range", "bytes=1-3")], "").await;
    res.assert(
        StatusCode::PARTIAL_CONTENT,
        &[
            ("etag", "\"1\""),
            ("last-modified", lm.as_str()),
            ("cache-control", "no-cache"),
            ("content-type", PLAIN),
            ("accept-ranges", "bytes"),
            ("content-range", "bytes 1-3/5"),
            ("content-length", "3"),
        ],
        b"irs",
    );

    // An update without a precondition: 428, nothing written.
    let res = server.send("PUT", &[], "blind").await;
    res.assert(
        StatusCode::PRECONDITION_REQUIRED,
        &[
            ("content-type", PLAIN),
            ("content-length", &REQUIRED.len().to_string()),
        ],
        REQUIRED.as_bytes(),
    );
    assert_eq!(server.note(), note);

    // With a stale ETag: 412 naming the current one, nothing written.
    let res = server.send("PUT", &[("if-match", "\"0\"")], "stale").await;
    res.assert(
        StatusCode::PRECONDITION_FAILED,
        &[
            ("etag", "\"1\""),
            ("content-type", PLAIN),
            ("content-length", &FAILED_IF_MATCH.len().to_string()),
        ],
        FAILED_IF_MATCH.as_bytes(),
    );
    assert_eq!(server.note(), note);

    // With the current ETag: 204 and the new one.
    let res = server.send("PUT", &[("if-match", "\"1\"")], "second").await;
    let updated = server.note();
    assert_eq!((updated.version, updated.text.as_str()), (2, "second"));
    res.assert(
        StatusCode::NO_CONTENT,
        &[
            ("etag", "\"2\""),
            ("last-modified", &last_modified(&updated)),
        ],
        b"",
    );

    // The old ETag no longer revalidates.
    let res = server.send("GET", &[("if-none-match", "\"1\"")], "").await;
    assert_eq!((res.status, res.etag()), (StatusCode::OK, "\"2\""));
    assert_eq!(res.body, "second");
}

// proves: 9110-13.1.1-false-stops-method, 9110-13.1.1-respond-412
/// Many updates race on one version through the store's check-and-write
/// under one lock: exactly one wins, every other gets 412 with the winner's
/// ETag, and the store holds the winner's text.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn racing_updates_on_one_version_have_one_winner() {
    const TASKS: usize = 32;
    let server = std::sync::Arc::new(Server::start().await);
    let res = server.send("PUT", &[("if-none-match", "*")], "v1").await;
    assert_eq!(res.status, StatusCode::CREATED);

    let mut tasks = Vec::new();
    for n in 0..TASKS {
        let server = std::sync::Arc::clone(&server);
        tasks.push(tokio::spawn(async move {
            let text = format!("writer {n}");
            let res = server.send("PUT", &[("if-match", "\"1\"")], &text).await;
            (n, res)
        }));
    }
    let mut winners = Vec::new();
    for task in tasks {
        let (n, res) = tokio::time::timeout(TIMEOUT, task).await.unwrap().unwrap();
        match res.status {
            StatusCode::NO_CONTENT => {
                assert_eq!(res.etag(), "\"2\"");
                winners.push(n);
            }
            StatusCode::PRECONDITION_FAILED => assert_eq!(res.etag(), "\"2\"", "{res:?}"),
            other => panic!("writer {n}: {other}"),
        }
    }
    assert_eq!(winners.len(), 1, "exactly one winner: {winners:?}");
    let note = server.note();
    assert_eq!(note.version, 2);
    assert_eq!(note.text, format!("writer {}", winners[0]));
}

/// Many writers each append a line, re-reading and retrying on 412 (a
/// bounded number of times): every line is there exactly once, and the
/// version counts every write: no update is lost.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_appends_lose_nothing() {
    const TASKS: usize = 16;
    const ATTEMPTS: usize = 200;
    let server = std::sync::Arc::new(Server::start().await);
    let res = server.send("PUT", &[("if-none-match", "*")], "").await;
    assert_eq!(res.status, StatusCode::CREATED);

    let mut tasks = Vec::new();
    for n in 0..TASKS {
        let server = std::sync::Arc::clone(&server);
        tasks.push(tokio::spawn(async move {
            for attempt in 0..ATTEMPTS {
                let read = server.send("GET", &[], "").await;
                assert_eq!(read.status, StatusCode::OK);
                let text = format!("{}line {n}\n", String::from_utf8_lossy(&read.body));
                let write = server
                    .send("PUT", &[("if-match", read.etag())], &text)
                    .await;
                match write.status {
                    StatusCode::NO_CONTENT => return attempt,
                    StatusCode::PRECONDITION_FAILED => continue,
                    other => panic!("writer {n}: {other}"),
                }
            }
            panic!("writer {n}: no write in {ATTEMPTS} attempts");
        }));
    }
    for task in tasks {
        tokio::time::timeout(Duration::from_secs(60), task)
            .await
            .unwrap()
            .unwrap();
    }
    let note = server.note();
    assert_eq!(note.version, 1 + TASKS as u64);
    for n in 0..TASKS {
        let line = format!("line {n}\n");
        assert_eq!(
            note.text.matches(&line).count(),
            1,
            "{line:?} in {:?}",
            note.text
        );
    }
    assert_eq!(note.text.lines().count(), TASKS);
}
