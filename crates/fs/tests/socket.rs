//! ServeDir over a real socket: a hyper server on 127.0.0.1, a real client.

mod support;

use std::io::{Seek, SeekFrom, Write};
use std::path::Path;

use bytes::Bytes;
use http::{Request, StatusCode};
use http_body_util::{BodyExt, Empty};
use precond_fs::ServeDir;
use support::{Received, bounded, client, send, serve};

/// Bytes that differ at every offset's neighbourhood, so a misplaced span shows.
fn pattern(len: usize, seed: u8) -> Vec<u8> {
    (0..len)
        .map(|i| (i as u32).wrapping_mul(2_654_435_761).to_le_bytes()[1] ^ seed)
        .collect()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    std::fs::write(dir.join(name), bytes).unwrap();
}

/// A tree: `big.bin` (3 chunks and a bit), `a.txt`, `a.txt.gz`, `empty.txt`.
fn tree() -> (tempfile::TempDir, Vec<u8>) {
    let tmp = tempfile::tempdir().unwrap();
    let big = pattern(3 * 65536 + 1234, 7);
    write(tmp.path(), "big.bin", &big);
    write(tmp.path(), "a.txt", b"hello, world\n");
    write(tmp.path(), "a.txt.gz", b"not really gzip");
    write(tmp.path(), "empty.txt", b"");
    std::fs::create_dir(tmp.path().join("docs")).unwrap();
    write(&tmp.path().join("docs"), "index.html", b"<p>docs</p>");
    (tmp, big)
}

fn length(r: &Received) -> usize {
    r.header("content-length").unwrap().parse().unwrap()
}

// proves: 9110-8.8.3.1-send-etag, 9110-8.8.2.1-send-last-modified, 9110-8.6-origin-send-content-length
#[tokio::test]
async fn whole_files_arrive_with_their_length_type_and_validators() {
    let (tmp, big) = tree();
    let server = serve(ServeDir::new(tmp.path())).await;
    let c = client();
    let r = send(&c, &server, "GET", "/big.bin", &[]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body, big);
    assert_eq!(length(&r), big.len());
    assert_eq!(r.header("content-type"), Some("application/octet-stream"));
    assert_eq!(r.header("accept-ranges"), Some("bytes"));
    assert!(r.header("etag").unwrap().starts_with('"'));
    assert!(r.header("last-modified").is_some());
    assert!(r.header("date").is_some());

    let r = send(&c, &server, "GET", "/a.txt", &[]).await;
    assert_eq!(r.body, &b"hello, world\n"[..]);
    assert_eq!(r.header("content-type"), Some("text/plain"));
    assert_eq!(r.header("vary"), None, "no siblings configured");

    let r = send(&c, &server, "GET", "/empty.txt", &[]).await;
    assert_eq!((r.status, length(&r), r.body.len()), (StatusCode::OK, 0, 0));

    let r = send(&c, &server, "GET", "/docs/", &[]).await;
    assert_eq!(r.body, &b"<p>docs</p>"[..]);
    assert_eq!(r.header("content-type"), Some("text/html"));
}

// proves: 9110-9.3.2-head-no-content, 9110-9.3.2-head-same-fields, 9110-8.6-head-content-length-exact
#[tokio::test]
async fn head_has_the_get_fields_and_no_body() {
    let (tmp, big) = tree();
    let server = serve(ServeDir::new(tmp.path())).await;
    let c = client();
    let get = send(&c, &server, "GET", "/big.bin", &[]).await;
    let head = send(&c, &server, "HEAD", "/big.bin", &[]).await;
    assert_eq!(head.status, StatusCode::OK);
    assert!(head.body.is_empty());
    assert_eq!(length(&head), big.len());
    for name in [
        "etag",
        "last-modified",
        "content-type",
        "accept-ranges",
        "content-length",
    ] {
        assert_eq!(head.header(name), get.header(name), "{name}");
    }
}

#[tokio::test]
async fn other_methods_get_405_with_allow() {
    let (tmp, _) = tree();
    let server = serve(ServeDir::new(tmp.path())).await;
    let c = client();
    for method in ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"] {
        let r = send(&c, &server, method, "/a.txt", &[]).await;
        assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED, "{method}");
        assert_eq!(r.header("allow"), Some("GET, HEAD"), "{method}");
    }
}

#[tokio::test]
async fn hostile_paths_over_the_socket_get_404() {
    let outer = tempfile::tempdir().unwrap();
    let root = outer.path().join("www");
    std::fs::create_dir(&root).unwrap();
    write(outer.path(), "secret.txt", b"SECRET");
    write(&root, "ok.txt", b"fine");
    #[cfg(unix)]
    std::os::unix::fs::symlink(outer.path().join("secret.txt"), root.join("link.txt")).unwrap();
    let server = serve(ServeDir::new(&root)).await;
    let c = client();
    assert_eq!(
        send(&c, &server, "GET", "/ok.txt", &[]).await.body,
        &b"fine"[..]
    );
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/ok.txt/..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/%252e%252e/secret.txt",
        "/secret.txt%00",
        "/link.txt",
        "//secret.txt",
        "/%c0%ae%c0%ae/secret.txt",
    ] {
        let r = send(&c, &server, "GET", path, &[]).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
        assert!(r.body.is_empty(), "{path}");
    }
}

// proves: 9110-13.1.2-evaluate, 9110-15.4.5-keep-listed-fields
#[tokio::test]
async fn precompressed_siblings_vary_and_have_their_own_tags() {
    let (tmp, _) = tree();
    let server = serve(ServeDir::new(tmp.path()).precompressed_gzip()).await;
    let c = client();
    let plain = send(&c, &server, "GET", "/a.txt", &[]).await;
    let gz = send(&c, &server, "GET", "/a.txt", &[("accept-encoding", "gzip")]).await;
    assert_eq!(plain.body, &b"hello, world\n"[..]);
    assert_eq!(gz.body, &b"not really gzip"[..]);
    assert_eq!(gz.header("content-encoding"), Some("gzip"));
    assert_eq!(plain.header("content-encoding"), None);
    assert_eq!(gz.header("content-type"), Some("text/plain"));
    for r in [&plain, &gz] {
        assert_eq!(r.header("vary"), Some("accept-encoding"));
    }
    assert_ne!(gz.header("etag"), plain.header("etag"));
    // The identity tag does not validate the gzip response, nor the reverse.
    let etag = plain.header("etag").unwrap();
    let r = send(
        &c,
        &server,
        "GET",
        "/a.txt",
        &[("accept-encoding", "gzip"), ("if-none-match", etag)],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    let r = send(&c, &server, "GET", "/a.txt", &[("if-none-match", etag)]).await;
    assert_eq!(r.status, StatusCode::NOT_MODIFIED);
    assert_eq!(r.header("vary"), Some("accept-encoding"));
    let missing = send(&c, &server, "GET", "/nope", &[]).await;
    assert_eq!(missing.header("vary"), Some("accept-encoding"));
}

#[tokio::test]
async fn a_file_changed_while_served_never_arrives_whole() {
    let tmp = tempfile::tempdir().unwrap();
    // Larger than what loopback socket buffers hold, so the server is still
    // reading when the file changes.
    let len = 48 << 20;
    write(tmp.path(), "big.bin", &pattern(len, 1));
    let server = serve(ServeDir::new(tmp.path())).await;
    let req = Request::get(format!("http://{}/big.bin", server.addr))
        .body(Empty::<Bytes>::new())
        .unwrap();
    let res = bounded(client().request(req)).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let mut body = res.into_body();
    let first = bounded(body.frame()).await.unwrap().unwrap();
    let mut received = first.into_data().unwrap().len();
    // Rewritten in place: same length, new mtime.
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .open(tmp.path().join("big.bin"))
        .unwrap();
    f.seek(SeekFrom::Start(10)).unwrap();
    f.write_all(b"changed").unwrap();
    f.sync_all().unwrap();
    drop(f);
    let mut failed = false;
    // Bounded: each frame is at least one byte of a finite body.
    while let Some(frame) = bounded(body.frame()).await {
        match frame {
            Ok(frame) => received += frame.into_data().map_or(0, |d| d.len()),
            Err(_) => {
                failed = true;
                break;
            }
        }
    }
    assert!(
        failed,
        "the body ended normally after {received} of {len} bytes"
    );
    assert!(received < len);
}

// proves: 9110-15.4.5-keep-listed-fields, 9110-15.4.5-drop-representation-metadata, 9110-13.1.2-304-or-412, 9110-13.1.1-respond-412
#[tokio::test]
async fn not_modified_and_precondition_failed_are_shaped() {
    let (tmp, _) = tree();
    let server = serve(ServeDir::new(tmp.path()).precompressed_gzip()).await;
    let c = client();
    let ok = send(&c, &server, "GET", "/a.txt", &[]).await;
    let etag = ok.header("etag").unwrap();
    for method in ["GET", "HEAD"] {
        let r = send(&c, &server, method, "/a.txt", &[("if-none-match", etag)]).await;
        assert_eq!(r.status, StatusCode::NOT_MODIFIED, "{method}");
        assert!(r.body.is_empty());
        // RFC 9110 §15.4.5: the validators, Date and Vary repeated; no
        // content metadata, no Content-Length of another length (§8.6).
        assert_eq!(r.header("etag"), Some(etag), "{method}");
        assert_eq!(r.header("vary"), Some("accept-encoding"), "{method}");
        assert!(r.header("date").is_some(), "{method}");
        for gone in [
            "content-type",
            "content-length",
            "last-modified",
            "content-range",
        ] {
            assert_eq!(r.header(gone), None, "{method} {gone}");
        }
    }
    let r = send(&c, &server, "GET", "/a.txt", &[("if-match", "\"other\"")]).await;
    assert_eq!(r.status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(length(&r), r.body.len());
    // Nothing of the file leaks into the 412.
    assert!(!r.body.windows(5).any(|w| w == b"hello"));
}
