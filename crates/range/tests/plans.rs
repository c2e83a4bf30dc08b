//! The 206 plans: single part and `multipart/byteranges` (RFC 9110 §14.6,
//! §15.3.7), and the 416 (§15.5.17).

use precond_range::{Boundary, Plan, PlanError, Ranges, Resolution, resolve};

fn partial(value: &str, length: u64) -> Ranges {
    match resolve(value.as_bytes(), length) {
        Resolution::Partial(ranges) => ranges,
        other => panic!("{value}: {other:?}"),
    }
}

/// The whole body a plan describes, for a representation `body`.
fn write(plan: &Plan<'_>, body: &[u8]) -> Vec<u8> {
    let copy = |span: core::ops::Range<u64>| &body[span.start as usize..span.end as usize];
    match plan {
        Plan::Single(range, _) => copy(range.span()).to_vec(),
        Plan::Multipart(multipart) => {
            let mut out = Vec::new();
            for part in multipart.parts() {
                out.extend_from_slice(part.head().to_string().as_bytes());
                out.extend_from_slice(copy(part.range().span()));
            }
            out.extend_from_slice(multipart.tail().to_string().as_bytes());
            out
        }
    }
}

// proves: 9110-15.3.7.2-multipart-content-type, 9110-15.3.7.2-no-header-content-range, 9110-15.3.7.2-part-content-range, 9110-15.3.7.2-part-content-type, 9110-15.3.7.2-part-order
#[test]
fn multipart_body_byte_for_byte() {
    let body: Vec<u8> = (0..8000_u32).map(|i| b'a' + (i % 26) as u8).collect();
    // The §15.3.7.2 example: 500-999 and 7000-7999 of an 8000-byte PDF.
    let ranges = partial("bytes=500-999,7000-7999", 8000);
    let boundary = Boundary::new("THIS_STRING_SEPARATES").unwrap();
    let plan = ranges.plan(Some("application/pdf"), &boundary).unwrap();
    assert_eq!(plan.content_range(), None);
    let Plan::Multipart(multipart) = &plan else {
        panic!("two ranges are multipart")
    };
    assert_eq!(
        multipart.content_type().to_string(),
        "multipart/byteranges; boundary=THIS_STRING_SEPARATES"
    );
    let out = write(&plan, &body);
    let mut expected = Vec::new();
    expected.extend_from_slice(
        b"--THIS_STRING_SEPARATES\r\nContent-Type: application/pdf\r\n\
          Content-Range: bytes 500-999/8000\r\n\r\n",
    );
    expected.extend_from_slice(&body[500..1000]);
    expected.extend_from_slice(
        b"\r\n--THIS_STRING_SEPARATES\r\nContent-Type: application/pdf\r\n\
          Content-Range: bytes 7000-7999/8000\r\n\r\n",
    );
    expected.extend_from_slice(&body[7000..8000]);
    expected.extend_from_slice(b"\r\n--THIS_STRING_SEPARATES--\r\n");
    assert_eq!(out, expected);
    assert_eq!(plan.content_length(), expected.len() as u64);
    // Parts come in the order asked, not sorted.
    let ranges = ranges_of("bytes=7000-7999,500-999", 8000);
    assert_eq!(ranges, [(7000, 7999), (500, 999)]);
    // Without a Content-Type, parts carry only Content-Range.
    let ranges = partial("bytes=0-0,-1", 8000);
    let plan = ranges.plan(None, &boundary).unwrap();
    let out = String::from_utf8(write(&plan, &body)).unwrap();
    assert!(!out.contains("Content-Type"));
    assert!(out.contains("Content-Range: bytes 7999-7999/8000\r\n"));
}

fn ranges_of(value: &str, length: u64) -> Vec<(u64, u64)> {
    partial(value, length)
        .iter()
        .map(|r| (r.first(), r.last()))
        .collect()
}

// proves: 9110-15.3.7.1-single-content-range, 9110-15.3.7.2-no-multipart-for-single, 9110-14.4-send-complete-length
#[test]
fn single_part() {
    // The §15.3.7.1 example.
    let ranges = partial("bytes=21010-47021", 47022);
    let boundary = Boundary::derive(b"x");
    let plan = ranges.plan(Some("image/gif"), &boundary).unwrap();
    let Plan::Single(range, length) = plan else {
        panic!("one range is one part")
    };
    assert_eq!((range.first(), range.last(), length), (21010, 47021, 47022));
    assert_eq!(plan.content_length(), 26012);
    assert_eq!(
        plan.content_range().map(|c| c.to_string()).as_deref(),
        Some("bytes 21010-47021/47022")
    );
    // Several ranges coalesced into one go as one part, never multipart.
    let ranges = ranges_plan("bytes=0-9,5-20,21-30", 100);
    assert!(matches!(ranges, Plan::Single(..)), "{ranges:?}");
}

fn ranges_plan(value: &str, length: u64) -> Plan<'static> {
    let ranges: &'static Ranges = Box::leak(Box::new(partial(value, length)));
    let boundary: &'static Boundary = Box::leak(Box::new(Boundary::derive(b"seed")));
    ranges.plan(None, boundary).unwrap()
}

// proves: 9110-14.4-416-content-range, 9110-15.5.17-416-content-range
#[test]
fn unsatisfiable_has_current_length() {
    // The §15.5.17 example.
    let Resolution::Unsatisfiable(no) = resolve(b"bytes=47022-", 47022) else {
        panic!("first-pos at the end")
    };
    assert_eq!(no.content_range().to_string(), "bytes */47022");
    assert_eq!(resolve(b"bytes=47022-", 47022).status(), 416);
}

#[test]
fn boundaries() {
    assert!(Boundary::new("").is_none());
    assert!(Boundary::new(&"a".repeat(71)).is_none());
    assert!(Boundary::new(&"a".repeat(70)).is_some());
    // bchars that would need quoting (RFC 9110 §14.6 note 2) are refused.
    for bad in [
        "a b", "a:b", "a,b", "a/b", "a=b", "a?b", "a(b)", "a\"b", "é",
    ] {
        assert!(Boundary::new(bad).is_none(), "{bad}");
    }
    let derived = Boundary::derive(b"\"etag\"");
    assert_eq!(derived, Boundary::derive(b"\"etag\""));
    assert_ne!(derived, Boundary::derive(b"\"etah\""));
    assert_eq!(derived.as_str().len(), 32);
    assert!(derived.as_str().bytes().all(|b| b.is_ascii_hexdigit()));

    // The derivation itself, pinned: two FNV-1a-64 hashes of the seed, the
    // first from FNV's published offset basis, in hexadecimal. An empty
    // seed leaves the two bases; FNV-1a-64 of "a" is af63dc4c8601ec8c (the
    // FNV reference test vectors, Noll). Stable values matter: a boundary
    // derived from an ETag must give the same bytes on every server.
    for (seed, boundary) in [
        (&b""[..], "cbf29ce4842223256c62272e07bb0142"),
        (b"a", "af63dc4c8601ec8ce5c9b63722c2ee79"),
        (b"\"v1\"", "c81b8383f1b9e9beb9900fee4792e9d1"),
    ] {
        let derived = Boundary::derive(seed);
        assert_eq!(derived.as_str(), boundary, "{seed:?}");
        assert_eq!(derived.to_string(), boundary);
        assert_eq!(format!("{derived:?}"), format!("Boundary({boundary:?})"));
    }
}

#[test]
fn plan_errors_say_what_is_wrong() {
    assert_eq!(
        PlanError::ContentType.to_string(),
        "the Content-Type is not a valid field value"
    );
    assert_eq!(
        PlanError::TooLong.to_string(),
        "the multipart body would exceed u64::MAX bytes"
    );
}

#[test]
fn content_type_cannot_split_the_part_header() {
    let ranges = partial("bytes=0-0,2-2", 10);
    let boundary = Boundary::derive(b"x");
    for bad in ["text/plain\r\nX-Evil: 1", "a\nb", "a\0b", "a\x7fb"] {
        assert_eq!(
            ranges.plan(Some(bad), &boundary).err(),
            Some(PlanError::ContentType),
            "{bad:?}"
        );
    }
    assert!(
        ranges
            .plan(Some("text/plain; charset=\"utf-8\"\t"), &boundary)
            .is_ok()
    );
}

#[test]
fn lengths_near_u64_max() {
    let max = u64::MAX;
    let ranges = partial("bytes=0-0,-1", max);
    let boundary = Boundary::derive(b"x");
    let Ok(Plan::Multipart(multipart)) = ranges.plan(None, &boundary) else {
        panic!("two parts")
    };
    let heads: u64 = multipart.parts().map(|p| p.head().len()).sum();
    assert_eq!(
        multipart.content_length(),
        heads + 2 + multipart.tail().len()
    );
    // Two parts whose content alone would overflow: refused, not wrapped.
    let ranges = partial("bytes=0-9223372036854775807,9223372036854775809-", max);
    assert_eq!(ranges.plan(None, &boundary).err(), Some(PlanError::TooLong));
}

/// What a resolution holds, counted: the parts, the bytes they hold
/// together (without multipart framing) and the complete length.
#[test]
fn ranges_count_their_parts_and_bytes() {
    for (value, parts, total) in [
        ("bytes=0-0", 1, 1),
        ("bytes=0-499", 1, 500),
        ("bytes=-500", 1, 500),
        ("bytes=0-9,20-29", 2, 20),
        ("bytes=0-9,20-29,40-", 3, 9_980),
    ] {
        let ranges = partial(value, 10_000);
        assert_eq!(ranges.len(), parts, "{value}");
        assert_eq!(ranges.iter().count(), parts, "{value}");
        assert_eq!(ranges.total(), total, "{value}");
        assert_eq!(ranges.complete_length(), 10_000, "{value}");
        let by_ref: Vec<_> = (&ranges).into_iter().copied().collect();
        assert_eq!(by_ref, ranges.as_slice(), "{value}");
    }
    // Equal when the parts and the complete length are.
    assert_eq!(partial("bytes=0-9", 100), partial("bytes=0-9", 100));
    assert_eq!(partial("bytes=0-9", 100), partial("bytes=0-4,5-9", 100));
    assert_ne!(partial("bytes=0-9", 100), partial("bytes=0-9", 200));
    assert_ne!(partial("bytes=0-9", 100), partial("bytes=0-8", 100));
    assert_eq!(
        format!("{:?}", partial("bytes=0-9,20-29", 100)),
        format!(
            "Ranges {{ parts: {:?}, length: 100 }}",
            partial("bytes=0-9,20-29", 100).as_slice()
        )
    );
}
