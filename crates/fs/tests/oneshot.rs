//! `ServeDir` through `tower::ServiceExt::oneshot`, no socket: the answers
//! built in the file's place (412, 416, 304), every field and byte of them,
//! and what each kind of body says of itself in `Debug`.

use std::path::Path;

use bytes::Bytes;
use http::{Request, StatusCode};
use http_body_util::BodyExt;
use precond_fs::ServeDir;
use tower::ServiceExt;

/// What one request got: the status, every field sorted by name (Date's
/// value, a clock reading, as `(now)`), the body's `Debug`, and the body.
#[derive(Debug, PartialEq)]
struct Answer {
    status: StatusCode,
    fields: Vec<(String, String)>,
    debug: String,
    body: Bytes,
}

async fn answer(dir: &Path, method: &str, path: &str, fields: &[(&str, &str)]) -> Answer {
    let mut req = Request::builder().method(method).uri(path);
    for &(name, value) in fields {
        req = req.header(name, value);
    }
    let res = ServeDir::new(dir)
        .oneshot(req.body(()).unwrap())
        .await
        .unwrap();
    let (parts, body) = res.into_parts();
    let debug = format!("{body:?}");
    let body = body.collect().await.unwrap().to_bytes();
    let fields = parts
        .headers
        .iter()
        .map(|(n, v)| {
            let v = if n == http::header::DATE {
                "(now)"
            } else {
                v.to_str().unwrap()
            };
            (n.to_string(), v.to_owned())
        })
        .collect::<Vec<_>>();
    let mut fields = fields;
    fields.sort();
    Answer {
        status: parts.status,
        fields,
        debug,
        body,
    }
}

/// `a.txt`, 13 bytes, last modified at 2026-01-01T00:00:00Z.
fn tree() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("a.txt");
    std::fs::write(&path, b"hello, world\n").unwrap();
    let new_year = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_767_225_600);
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(new_year)
        .unwrap();
    tmp
}

fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = pairs
        .iter()
        .map(|&(n, v)| (n.to_owned(), v.to_owned()))
        .collect();
    fields.sort();
    fields
}

/// The ETag `ServeDir` gives `a.txt` (from its inode and time, so read).
async fn etag_of(dir: &Path) -> String {
    let ok = answer(dir, "GET", "/a.txt", &[]).await;
    let (_, etag) = ok.fields.iter().find(|(n, _)| n == "etag").unwrap();
    etag.clone()
}

const TEXT_PLAIN_UTF8: &str = "text/plain; charset=utf-8";

/// The 412 and 416 that take the file's place say why in a line of text,
/// with its exact length (to HEAD too, without the text), and Date (RFC
/// 9110 §6.6.1: every 4xx of a server with a clock); a 304 has the
/// validators and Date and no content fields (RFC 9110 §15.4.5).
#[tokio::test]
async fn answers_in_the_files_place_are_exact() {
    let tmp = tree();
    let dir = tmp.path();
    let failed = "412 Precondition Failed: If-Match is false (RFC 9110 §13.1.1).\n";
    let failed_len = failed.len().to_string();
    let failed_fields = fields(&[
        ("content-length", &failed_len),
        ("content-type", TEXT_PLAIN_UTF8),
        ("date", "(now)"),
    ]);
    assert_eq!(
        answer(dir, "GET", "/a.txt", &[("if-match", "\"other\"")]).await,
        Answer {
            status: StatusCode::PRECONDITION_FAILED,
            fields: failed_fields.clone(),
            debug: format!("Body {{ kind: \"short\", remaining: {failed_len} }}"),
            body: Bytes::from_static(failed.as_bytes()),
        }
    );
    assert_eq!(
        answer(dir, "HEAD", "/a.txt", &[("if-match", "\"other\"")]).await,
        Answer {
            status: StatusCode::PRECONDITION_FAILED,
            fields: failed_fields,
            debug: "Body { kind: \"short\", remaining: 0 }".to_owned(),
            body: Bytes::new(),
        }
    );

    let unsatisfiable = "416 Range Not Satisfiable: no requested range overlaps the representation (RFC 9110 §15.5.17).\n";
    let unsatisfiable_len = unsatisfiable.len().to_string();
    assert_eq!(
        answer(dir, "GET", "/a.txt", &[("range", "bytes=13-")]).await,
        Answer {
            status: StatusCode::RANGE_NOT_SATISFIABLE,
            fields: fields(&[
                ("content-length", &unsatisfiable_len),
                ("content-range", "bytes */13"),
                ("content-type", TEXT_PLAIN_UTF8),
                ("date", "(now)"),
            ]),
            debug: format!("Body {{ kind: \"short\", remaining: {unsatisfiable_len} }}"),
            body: Bytes::from_static(unsatisfiable.as_bytes()),
        }
    );

    let etag = etag_of(dir).await;
    assert_eq!(
        answer(dir, "GET", "/a.txt", &[("if-none-match", &etag)]).await,
        Answer {
            status: StatusCode::NOT_MODIFIED,
            fields: fields(&[
                ("accept-ranges", "bytes"),
                ("date", "(now)"),
                ("etag", &etag),
            ]),
            debug: "Body { kind: \"short\", remaining: 0 }".to_owned(),
            body: Bytes::new(),
        }
    );
}

/// Each kind of body says in `Debug` what it is and how many bytes it has
/// left to send: a streamed file, a HEAD's or a 404's empty body.
#[tokio::test]
async fn bodies_say_their_kind_and_length_in_debug() {
    let tmp = tree();
    let dir = tmp.path();
    let etag = etag_of(dir).await;
    let whole = fields(&[
        ("accept-ranges", "bytes"),
        ("content-length", "13"),
        ("content-type", "text/plain"),
        ("date", "(now)"),
        ("etag", &etag),
        ("last-modified", "Thu, 01 Jan 2026 00:00:00 GMT"),
    ]);
    assert_eq!(
        answer(dir, "GET", "/a.txt", &[]).await,
        Answer {
            status: StatusCode::OK,
            fields: whole.clone(),
            debug: "Body { kind: \"stream\", remaining: 13 }".to_owned(),
            body: Bytes::from_static(b"hello, world\n"),
        }
    );
    assert_eq!(
        answer(dir, "HEAD", "/a.txt", &[]).await,
        Answer {
            status: StatusCode::OK,
            fields: whole,
            debug: "Body { kind: \"empty\", remaining: 0 }".to_owned(),
            body: Bytes::new(),
        }
    );
    let part = answer(dir, "GET", "/a.txt", &[("range", "bytes=1-2")]).await;
    assert_eq!(
        (part.status, part.debug.as_str(), &part.body[..]),
        (
            StatusCode::PARTIAL_CONTENT,
            "Body { kind: \"stream\", remaining: 2 }",
            &b"el"[..]
        )
    );
    assert_eq!(
        answer(dir, "GET", "/none.txt", &[]).await,
        Answer {
            status: StatusCode::NOT_FOUND,
            fields: fields(&[("date", "(now)")]),
            debug: "Body { kind: \"empty\", remaining: 0 }".to_owned(),
            body: Bytes::new(),
        }
    );
    assert_eq!(
        answer(dir, "DELETE", "/a.txt", &[]).await,
        Answer {
            status: StatusCode::METHOD_NOT_ALLOWED,
            fields: fields(&[("allow", "GET, HEAD"), ("date", "(now)")]),
            debug: "Body { kind: \"empty\", remaining: 0 }".to_owned(),
            body: Bytes::new(),
        }
    );
}

/// The body's frames, read by polling it by hand: before each poll it must
/// say it has ended exactly when that poll gives `None` (never while a
/// frame is still to come, such as the last chunk held back while the file
/// is checked), and after the last frame it must say so at once.
async fn frames_checking_the_end(body: precond_fs::Body) -> Vec<Bytes> {
    use std::pin::pin;
    use std::task::{Context, Poll, Waker};

    use http_body::Body as _;

    let mut body = pin!(body);
    let mut cx = Context::from_waker(Waker::noop());
    let mut frames: Vec<Bytes> = Vec::new();
    for _ in 0..10_000 {
        let read = frames.iter().map(Bytes::len).sum::<usize>();
        let ended = body.is_end_stream();
        match body.as_mut().poll_frame(&mut cx) {
            Poll::Pending => {
                assert!(!ended, "ended, then pending after {read} bytes");
                tokio::time::sleep(std::time::Duration::from_millis(1)).await;
            }
            Poll::Ready(Some(frame)) => {
                assert!(!ended, "ended, then a frame after {read} bytes");
                frames.push(frame.unwrap().into_data().unwrap());
            }
            Poll::Ready(None) => {
                assert!(ended, "not ended, then none after {read} bytes");
                return frames;
            }
        }
    }
    panic!("the body did not end in 10,000 polls");
}

#[tokio::test]
async fn a_streamed_body_has_ended_exactly_when_its_last_frame_is_out() {
    let tmp = tree();
    let big: Vec<u8> = (0..3 * 65_536 + 1_234).map(|i| (i % 251) as u8).collect();
    std::fs::write(tmp.path().join("big.bin"), &big).unwrap();
    for (path, range, expected) in [
        ("/a.txt", None, &b"hello, world\n"[..]),
        ("/a.txt", Some("bytes=1-2"), &b"el"[..]),
        ("/big.bin", None, &big[..]),
        ("/big.bin", Some("bytes=65535-65537"), &big[65_535..=65_537]),
    ] {
        let mut req = Request::get(path);
        if let Some(range) = range {
            req = req.header("range", range);
        }
        let res = ServeDir::new(tmp.path())
            .oneshot(req.body(()).unwrap())
            .await
            .unwrap();
        let frames = frames_checking_the_end(res.into_body()).await;
        assert_eq!(frames.concat(), expected, "{path} {range:?}");
    }
    // Several parts: part headers, spans and the closing delimiter in turn.
    let res = ServeDir::new(tmp.path())
        .oneshot(
            Request::get("/big.bin")
                .header("range", "bytes=0-0,70000-70001")
                .body(())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::PARTIAL_CONTENT);
    let length: usize = res.headers()["content-length"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    let frames = frames_checking_the_end(res.into_body()).await;
    assert_eq!(frames.concat().len(), length);

    // A whole file leaves in chunks of 64 KiB, the last one shorter.
    let res = ServeDir::new(tmp.path())
        .oneshot(Request::get("/big.bin").body(()).unwrap())
        .await
        .unwrap();
    let frames = frames_checking_the_end(res.into_body()).await;
    let sizes: Vec<usize> = frames.iter().map(Bytes::len).collect();
    assert_eq!(sizes, [65_536, 65_536, 65_536, 1_234]);
}

/// Content whose check before the last byte is not ready at first.
struct CheckedSlowly {
    bytes: Bytes,
    checks: u32,
}

impl precond_fs::ByteSource for CheckedSlowly {
    fn poll_read_at(
        &mut self,
        cx: &mut std::task::Context<'_>,
        offset: u64,
        max: usize,
    ) -> std::task::Poll<std::io::Result<Bytes>> {
        self.bytes.poll_read_at(cx, offset, max)
    }

    fn poll_verify(
        &mut self,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        self.checks += 1;
        if self.checks == 1 {
            cx.waker().wake_by_ref();
            return std::task::Poll::Pending;
        }
        std::task::Poll::Ready(Ok(()))
    }
}

/// While the content is checked, its last chunk read and held back, the
/// body has not ended: a frame is still to come.
#[tokio::test]
async fn a_body_whose_last_chunk_waits_for_the_check_has_not_ended() {
    use precond_fs::{Content, serve_content};

    for len in [1, 13, 65_537] {
        let bytes = Bytes::from(vec![b'x'; len]);
        let source = CheckedSlowly {
            bytes: bytes.clone(),
            checks: 0,
        };
        let headers = http::HeaderMap::new();
        let req = precond::Request::new(&http::Method::GET, &headers);
        let res = serve_content(
            req,
            Content::new(source, len as u64),
            precond::HttpDate::now(),
        );
        assert_eq!(res.status(), StatusCode::OK);
        let frames = frames_checking_the_end(res.into_body()).await;
        assert_eq!(frames.concat(), bytes, "{len}");
    }
}

/// A `Content`'s length, and whether it is empty.
#[test]
fn content_has_its_length() {
    use precond_fs::Content;

    let empty = Content::new(Bytes::new(), 0);
    assert_eq!((empty.len(), empty.is_empty()), (0, true));
    let some = Content::new(Bytes::from_static(b"abc"), 3);
    assert_eq!((some.len(), some.is_empty()), (3, false));
}
