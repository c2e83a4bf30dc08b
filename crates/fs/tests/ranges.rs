//! Ranges over a real socket: single and multipart 206 parsed back and
//! compared with the file, 416, and a file rewritten between the requests
//! of a resumed download.

mod support;

use std::path::Path;

use http::StatusCode;
use precond_fs::ServeDir;
use support::{Received, client, send, serve};

fn pattern(len: usize, seed: u8) -> Vec<u8> {
    (0..len)
        .map(|i| (i as u32).wrapping_mul(2_654_435_761).to_le_bytes()[1] ^ seed)
        .collect()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    std::fs::write(dir.join(name), bytes).unwrap();
}

fn length(r: &Received) -> usize {
    r.header("content-length").unwrap().parse().unwrap()
}

/// `bytes first-last/complete` → (first, last, complete).
fn content_range(value: &str) -> (usize, usize, usize) {
    let rest = value.strip_prefix("bytes ").unwrap();
    let (span, complete) = rest.split_once('/').unwrap();
    let (first, last) = span.split_once('-').unwrap();
    (
        first.parse().unwrap(),
        last.parse().unwrap(),
        complete.parse().unwrap(),
    )
}

/// One part of a `multipart/byteranges` body: its Content-Type (if any),
/// its Content-Range, its data.
#[derive(Debug)]
struct Part {
    content_type: Option<String>,
    range: (usize, usize, usize),
    data: Vec<u8>,
}

/// Reads a `multipart/byteranges` body back (RFC 9110 §14.6, RFC 2046
/// §5.1.1), independently of how the server wrote it. Each part's data is
/// taken by the length its Content-Range gives, then the delimiter must
/// follow.
fn parse_multipart(content_type: &str, body: &[u8]) -> Vec<Part> {
    let boundary = content_type
        .strip_prefix("multipart/byteranges; boundary=")
        .unwrap_or_else(|| panic!("content type {content_type}"));
    let delimiter = format!("--{boundary}");
    let close = format!("\r\n--{boundary}--\r\n");
    let mut rest = body;
    let mut parts = Vec::new();
    // Bounded by the body's length: each turn consumes the delimiter.
    for turn in 0.. {
        assert!(turn <= body.len());
        let lead = if turn == 0 {
            delimiter.clone()
        } else {
            format!("\r\n{delimiter}")
        };
        if rest == close.as_bytes() {
            break;
        }
        rest = rest
            .strip_prefix(lead.as_bytes())
            .unwrap_or_else(|| panic!("part {turn}: no delimiter"));
        rest = rest
            .strip_prefix(b"\r\n")
            .expect("CRLF after the delimiter");
        let end = rest
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("end of part header");
        let head = std::str::from_utf8(&rest[..end]).unwrap();
        rest = &rest[end + 4..];
        let mut ct = None;
        let mut cr = None;
        for line in head.split("\r\n") {
            let (name, value) = line.split_once(": ").unwrap();
            match name.to_ascii_lowercase().as_str() {
                "content-type" => ct = Some(value.to_owned()),
                "content-range" => cr = Some(content_range(value)),
                other => panic!("unexpected part field {other}"),
            }
        }
        let range = cr.expect("each part has a Content-Range");
        let n = range.1 - range.0 + 1;
        parts.push(Part {
            content_type: ct,
            range,
            data: rest[..n].to_vec(),
        });
        rest = &rest[n..];
    }
    parts
}

// proves: 9110-14.2-send-206, 9110-15.3.7.1-single-content-range, 9110-14.4-send-complete-length, 9110-15.3.7-206-fields
#[tokio::test]
async fn single_ranges_are_the_files_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let file = pattern(200_000, 3);
    write(tmp.path(), "f.bin", &file);
    let server = serve(ServeDir::new(tmp.path())).await;
    let c = client();
    let n = file.len();
    for (spec, first, last) in [
        ("bytes=0-0", 0, 0),
        ("bytes=0-99", 0, 99),
        ("bytes=100-", 100, n - 1),
        ("bytes=-500", n - 500, n - 1),
        ("bytes=65535-65536", 65535, 65536),
        ("bytes=199999-300000", 199_999, n - 1),
        ("bytes=0-", 0, n - 1),
    ] {
        let r = send(&c, &server, "GET", "/f.bin", &[("range", spec)]).await;
        assert_eq!(r.status, StatusCode::PARTIAL_CONTENT, "{spec}");
        assert_eq!(
            content_range(r.header("content-range").unwrap()),
            (first, last, n),
            "{spec}"
        );
        assert_eq!(r.body, file[first..=last], "{spec}");
        assert_eq!(length(&r), r.body.len(), "{spec}");
        assert_eq!(
            r.header("content-type"),
            Some("application/octet-stream"),
            "{spec}"
        );
        assert!(
            r.header("etag").is_some(),
            "{spec}: a 206 carries the 200's ETag (§15.3.7)"
        );
    }
}

// proves: 9110-15.3.7.2-multipart-content-type, 9110-15.3.7.2-no-header-content-range, 9110-15.3.7.2-part-content-range, 9110-15.3.7.2-part-content-type, 9110-15.3.7.2-part-order
#[tokio::test]
async fn multipart_parts_are_the_files_spans_and_the_length_is_exact() {
    let tmp = tempfile::tempdir().unwrap();
    let file = pattern(300_000, 9);
    write(tmp.path(), "f.txt", &file);
    let server = serve(ServeDir::new(tmp.path())).await;
    let c = client();
    let n = file.len();
    for (spec, spans) in [
        ("bytes=0-9,20-29", vec![(0, 9), (20, 29)]),
        ("bytes=0-0, -1", vec![(0, 0), (n - 1, n - 1)]),
        (
            "bytes=100000-170000,5-6,250000-",
            vec![(100_000, 170_000), (5, 6), (250_000, n - 1)],
        ),
    ] {
        let r = send(&c, &server, "GET", "/f.txt", &[("range", spec)]).await;
        assert_eq!(r.status, StatusCode::PARTIAL_CONTENT, "{spec}");
        assert_eq!(
            r.header("content-range"),
            None,
            "{spec}: not on a multipart 206 (§15.3.7.2)"
        );
        assert_eq!(
            length(&r),
            r.body.len(),
            "{spec}: Content-Length is the bytes sent"
        );
        let parts = parse_multipart(r.header("content-type").unwrap(), &r.body);
        assert_eq!(parts.len(), spans.len(), "{spec}");
        for (part, (first, last)) in parts.iter().zip(spans) {
            assert_eq!(part.range, (first, last, n), "{spec}");
            assert_eq!(part.data, file[first..=last], "{spec}");
            assert_eq!(part.content_type.as_deref(), Some("text/plain"), "{spec}");
        }
    }
}

// proves: 9110-14.2-send-416, 9110-14.4-416-content-range, 9110-15.5.17-416-content-range, 9110-14.2-ignore-unknown-unit, 9110-14.2-may-reject-abusive-ranges, 9110-14.2-ignore-range-unless-get, 9110-13.2.2-evaluation-order
#[tokio::test]
async fn unsatisfiable_and_ignored_ranges() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "f.bin", &pattern(1000, 1));
    write(tmp.path(), "empty.bin", b"");
    let server = serve(ServeDir::new(tmp.path())).await;
    let c = client();
    for spec in ["bytes=1000-", "bytes=5000-6000", "bytes=1000-1000,2000-"] {
        let r = send(&c, &server, "GET", "/f.bin", &[("range", spec)]).await;
        assert_eq!(r.status, StatusCode::RANGE_NOT_SATISFIABLE, "{spec}");
        assert_eq!(r.header("content-range"), Some("bytes */1000"), "{spec}");
    }
    let r = send(&c, &server, "GET", "/empty.bin", &[("range", "bytes=0-")]).await;
    assert_eq!(r.status, StatusCode::RANGE_NOT_SATISFIABLE);
    assert_eq!(r.header("content-range"), Some("bytes */0"));
    // Ignored: an unknown unit, a malformed value, two field lines, HEAD.
    for fields in [
        &[("range", "items=0-1")][..],
        &[("range", "bytes=5-1")][..],
        &[("range", "bytes=0-1"), ("range", "bytes=3-4")][..],
    ] {
        let r = send(&c, &server, "GET", "/f.bin", fields).await;
        assert_eq!(r.status, StatusCode::OK, "{fields:?}");
        assert_eq!(r.body.len(), 1000, "{fields:?}");
    }
    let r = send(&c, &server, "HEAD", "/f.bin", &[("range", "bytes=0-1")]).await;
    assert_eq!((r.status, length(&r)), (StatusCode::OK, 1000));
    // Preconditions come first: a matching If-None-Match with an
    // unsatisfiable Range is a 304, not a 416 (§13.2.2).
    let etag = send(&c, &server, "HEAD", "/f.bin", &[])
        .await
        .header("etag")
        .unwrap()
        .to_owned();
    let r = send(
        &c,
        &server,
        "GET",
        "/f.bin",
        &[("range", "bytes=5000-"), ("if-none-match", &etag)],
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_MODIFIED);
    let r = send(
        &c,
        &server,
        "GET",
        "/f.bin",
        &[("range", "bytes=5000-"), ("if-match", "\"other\"")],
    )
    .await;
    assert_eq!(r.status, StatusCode::PRECONDITION_FAILED);
}

// proves: 9110-13.1.5-evaluate, 9110-13.1.5-false-ignores-range, 9110-13.1.5-true-honours-range
/// A resumed download whose file was replaced in between: the stale
/// If-Range gets 200 with the whole new file, never a 206 of the new bytes.
#[tokio::test]
async fn a_file_rewritten_between_ranged_requests_is_sent_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let old = pattern(100_000, 1);
    let new = pattern(100_000, 2);
    write(tmp.path(), "dl.bin", &old);
    let server = serve(ServeDir::new(tmp.path())).await;
    let c = client();

    let first = send(&c, &server, "GET", "/dl.bin", &[("range", "bytes=0-49999")]).await;
    assert_eq!(first.status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(first.body, old[..50_000]);
    let etag = first.header("etag").unwrap().to_owned();
    let modified = first.header("last-modified").unwrap().to_owned();

    // The fresh tag resumes.
    let r = send(
        &c,
        &server,
        "GET",
        "/dl.bin",
        &[("range", "bytes=50000-"), ("if-range", &etag)],
    )
    .await;
    assert_eq!(r.status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(r.body, old[50_000..]);

    // Same length, written in place (same inode), and written by a rename.
    std::thread::sleep(std::time::Duration::from_millis(20));
    write(tmp.path(), "dl.bin", &new);
    for validator in [&etag, &modified] {
        let r = send(
            &c,
            &server,
            "GET",
            "/dl.bin",
            &[("range", "bytes=50000-"), ("if-range", validator)],
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "If-Range {validator}");
        assert_eq!(r.body, new, "If-Range {validator}");
        assert_ne!(r.header("etag"), Some(etag.as_str()));
    }
    let newer = pattern(100_000, 3);
    write(tmp.path(), "dl.tmp", &newer);
    std::fs::rename(tmp.path().join("dl.tmp"), tmp.path().join("dl.bin")).unwrap();
    let r = send(
        &c,
        &server,
        "GET",
        "/dl.bin",
        &[("range", "bytes=50000-"), ("if-range", &etag)],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body, newer);
}
