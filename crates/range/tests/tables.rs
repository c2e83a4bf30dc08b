//! Table tests from the ABNF and the examples of RFC 9110 §14 (the Range
//! grammar and its resolution, Content-Range, Accept-Ranges).

use precond_range::{
    AcceptRanges, ContentRange, Ignored, Policy, RangeSpec, RangesSpecifier, Resolution, Rule,
    resolve,
};

/// What `resolve` answers, written compactly: `206 a-b,c-d`, `416`, or
/// `200 <reason>` (for a malformed value, `200 <rule>@<offset>`).
fn show(resolution: &Resolution) -> String {
    match resolution {
        Resolution::Partial(ranges) => {
            let parts: Vec<String> = ranges
                .iter()
                .map(|r| format!("{}-{}", r.first(), r.last()))
                .collect();
            format!("206 {}", parts.join(","))
        }
        Resolution::Unsatisfiable(no) => format!("416 */{}", no.length()),
        Resolution::Ignored(Ignored::Malformed(e)) => format!("200 {}@{}", e.rule(), e.offset()),
        Resolution::Ignored(Ignored::UnknownUnit) => "200 unit".into(),
        Resolution::Ignored(Ignored::TooManyRanges) => "200 too-many".into(),
        Resolution::Ignored(Ignored::TooManyBytes) => "200 overlap".into(),
        Resolution::Ignored(Ignored::Descending) => "200 descending".into(),
        Resolution::Ignored(Ignored::EmptyRepresentation) => "200 empty".into(),
        Resolution::Ignored(other) => format!("200 {other:?}"),
    }
}

fn check(table: &[(&str, u64, &str)]) {
    for &(value, length, expected) in table {
        let got = show(&resolve(value.as_bytes(), length));
        assert_eq!(got, expected, "resolve({value:?}, {length})");
    }
}

// proves: 9110-14.2-send-206
#[test]
fn rfc_examples_of_14_1_2() {
    check(&[
        // The first and the second 500 bytes.
        ("bytes=0-499", 10_000, "206 0-499"),
        ("bytes=500-999", 10_000, "206 500-999"),
        // The final 500 bytes, two ways.
        ("bytes=-500", 10_000, "206 9500-9999"),
        ("bytes=9500-", 10_000, "206 9500-9999"),
        // The first and last bytes only.
        ("bytes=0-0,-1", 10_000, "206 0-0,9999-9999"),
        // The first, middle and last 1000 bytes, with OWS in the list.
        (
            "bytes= 0-999, 4500-5499, -1000",
            10_000,
            "206 0-999,4500-5499,9000-9999",
        ),
        // Non-canonical forms of the second 500 bytes: coalesced to one.
        ("bytes=500-600,601-999", 10_000, "206 500-999"),
        ("bytes=500-700,601-999", 10_000, "206 500-999"),
    ]);
}

// proves: 9110-14.2-send-206, 9110-14.2-send-416
#[test]
fn satisfiable_and_not() {
    check(&[
        // last-pos at or past the end means the end (§14.1.2 ¶8).
        ("bytes=0-10000", 10_000, "206 0-9999"),
        ("bytes=9999-99999", 10_000, "206 9999-9999"),
        // A suffix longer than the representation means all of it (¶9).
        ("bytes=-20000", 10_000, "206 0-9999"),
        // first-pos at or past the end, or a zero suffix: unsatisfiable (¶11).
        ("bytes=10000-", 10_000, "416 */10000"),
        ("bytes=10000-10001", 10_000, "416 */10000"),
        ("bytes=-0", 10_000, "416 */10000"),
        ("bytes=-0,10000-", 10_000, "416 */10000"),
        // One satisfiable range-spec makes the set satisfiable (§14.1.1 ¶9).
        ("bytes=10000-,0-0", 10_000, "206 0-0"),
        ("bytes=-0,-1", 10_000, "206 9999-9999"),
        // Case-insensitive unit (§14.1 ¶4), OWS around the value (§5.5).
        ("BYTES=1-2", 10, "206 1-2"),
        ("  Bytes=1-2\t", 10, "206 1-2"),
        // Empty list elements (§5.6.1.2).
        ("bytes=,1-2,,3-4,", 10, "206 1-4"),
    ]);
}

// proves: 9110-14.2-send-416, 9110-14.2-may-ignore-empty
#[test]
fn zero_length_representation() {
    check(&[
        // No int-range is satisfiable on an empty representation (§14.1.2 ¶12).
        ("bytes=0-", 0, "416 */0"),
        ("bytes=0-0", 0, "416 */0"),
        ("bytes=-0", 0, "416 */0"),
        // A suffix-range is, but selects no byte: ignored (§14.2 ¶7).
        ("bytes=-1", 0, "200 empty"),
        ("bytes=0-0,-5", 0, "200 empty"),
    ]);
}

// proves: 9110-14.1.2-large-numerals
#[test]
fn large_numerals() {
    let max = u64::MAX;
    check(&[
        ("bytes=0-99999999999999999999999999", 10, "206 0-9"),
        ("bytes=99999999999999999999999999-", 10, "416 */10"),
        ("bytes=-99999999999999999999999999", 10, "206 0-9"),
        // Both positions saturate, and still compare exactly.
        (
            "bytes=99999999999999999999999999-99999999999999999999999998",
            10,
            "200 int-range@33",
        ),
        (
            "bytes=18446744073709551614-",
            max,
            "206 18446744073709551614-18446744073709551614",
        ),
        (
            "bytes=-1",
            max,
            "206 18446744073709551614-18446744073709551614",
        ),
        ("bytes=0-", max, "206 0-18446744073709551614"),
        (
            "bytes=18446744073709551615-",
            max,
            "416 */18446744073709551615",
        ),
    ]);
}

// proves: 9110-14.2-ignore-unknown-unit
#[test]
fn unknown_units_are_ignored() {
    check(&[
        ("pages=1-2", 10, "200 unit"),
        ("none=0-1", 10, "200 unit"),
        ("bytesx=0-1", 10, "200 unit"),
        // Whatever follows the unit: other-range is the unit's business.
        ("exampleunit=1.2-4.3", 10, "200 unit"),
    ]);
}

// proves: 9110-14.2-may-reject-abusive-ranges
#[test]
fn malformed_values_are_ignored() {
    check(&[
        ("", 10, "200 range-unit@0"),
        ("=0-1", 10, "200 range-unit@0"),
        ("bytes", 10, "200 ranges-specifier@5"),
        ("bytes 0-1", 10, "200 ranges-specifier@5"),
        ("bytes=", 10, "200 range-set@6"),
        ("bytes=,", 10, "200 range-set@7"),
        ("bytes=0-1;", 10, "200 range-set@9"),
        ("bytes=0-1 2-3", 10, "200 range-set@10"),
        ("bytes=a-1", 10, "200 range-spec@6"),
        // Byte ranges never use other-range (§14.1.2 ¶1).
        ("bytes=*", 10, "200 range-spec@6"),
        ("bytes=0", 10, "200 int-range@7"),
        ("bytes=0+1", 10, "200 int-range@7"),
        ("bytes=-", 10, "200 suffix-length@7"),
        ("bytes=--1", 10, "200 suffix-length@7"),
        ("bytes=1-0", 10, "200 int-range@8"),
        // Invalid anywhere makes the whole specifier invalid (§14.1.1 ¶8),
        // even after a satisfiable range and before an unsatisfiable one.
        ("bytes=0-1,5-4", 10, "200 int-range@12"),
        ("bytes=20-,x", 10, "200 range-spec@10"),
    ]);
}

// proves: 9110-14.2-may-reject-abusive-ranges
#[test]
fn abuse_limits() {
    let many = format!("bytes={}", vec!["0-0"; 33].join(","));
    let at_cap = format!("bytes={}", vec!["0-0"; 32].join(","));
    check(&[
        (&many, 100, "200 too-many"),
        (&at_cap, 100, "206 0-0"),
        // Two overlapping full ranges are twice the length; three are more.
        ("bytes=0-,0-", 100, "206 0-99"),
        ("bytes=0-,0-,0-", 100, "200 overlap"),
        ("bytes=0-,-100,50-", 100, "200 overlap"),
        // Near u64::MAX, twice the length does not fit in 64 bits.
        ("bytes=0-,0-", u64::MAX - 3, "206 0-18446744073709551611"),
        ("bytes=0-,0-,0-0", u64::MAX - 3, "200 overlap"),
        // Small ranges out of order: four pass, the fifth is refused.
        (
            "bytes=90-90,80-80,70-70,60-60,50-50",
            100,
            "206 90-90,80-80,70-70,60-60,50-50",
        ),
        (
            "bytes=90-90,80-80,70-70,60-60,50-50,40-40",
            100,
            "200 descending",
        ),
        // Large ranges out of order are not "small".
        (
            "bytes=900-999,800-899,700-799,600-699,500-599,400-499",
            1000,
            "206 400-999",
        ),
        // "Shorter than 80 bytes" is strict: 80 bytes are not small, 79 are.
        (
            "bytes=800-879,700-779,600-679,500-579,400-479,300-379",
            1000,
            "206 800-879,700-779,600-679,500-579,400-479,300-379",
        ),
        (
            "bytes=800-878,700-778,600-678,500-578,400-478,300-378",
            1000,
            "200 descending",
        ),
    ]);
    // More disjoint ranges than the capacity, though the count limit allows them.
    let spread: Vec<String> = (0..40).map(|i| format!("{}-{}", 2 * i, 2 * i)).collect();
    let spread = format!("bytes={}", spread.join(","));
    let policy = Policy::DEFAULT.max_ranges(100);
    assert_eq!(
        policy.resolve(spread.as_bytes(), 1000),
        Resolution::Ignored(Ignored::TooManyRanges)
    );
    // Each limit is configurable.
    let lax = Policy::DEFAULT
        .overlap_factor(3)
        .max_descending_small(10, 80);
    assert_eq!(show(&lax.resolve(b"bytes=0-,0-,0-", 100)), "206 0-99");
    assert_eq!(
        show(&lax.resolve(b"bytes=90-90,80-80,70-70,60-60,50-50,40-40", 100)),
        "206 90-90,80-80,70-70,60-60,50-50,40-40"
    );
    let strict = Policy::DEFAULT.max_ranges(1);
    assert_eq!(show(&strict.resolve(b"bytes=0-0,2-2", 100)), "200 too-many");
}

// proves: 9110-15.3.7.2-may-coalesce, 9110-15.3.7.2-part-order
#[test]
fn coalescing_and_order() {
    check(&[
        // Overlapping or adjacent, in any order.
        ("bytes=10-19,0-9", 100, "206 0-19"),
        ("bytes=0-9,10-19", 100, "206 0-19"),
        ("bytes=5-15,0-9", 100, "206 0-15"),
        // Disjoint parts keep the order asked; unsatisfiable ones drop out.
        ("bytes=50-59,200-,0-9", 100, "206 50-59,0-9"),
        ("bytes=-10,0-9", 100, "206 90-99,0-9"),
        // A third range adjacent to the end of the parts so far joins the
        // last one (it starts right after it, so it is not past them all).
        ("bytes=0-9,20-29,30-39", 100, "206 0-9,20-39"),
        ("bytes=0-9,20-29,31-39", 100, "206 0-9,20-29,31-39"),
        // A coalesced part sits where its first range was asked.
        ("bytes=50-59,0-9,20-29,10-19", 100, "206 50-59,0-29"),
    ]);
    let near = Policy::DEFAULT.coalesce_gap(80);
    assert_eq!(show(&near.resolve(b"bytes=0-9,90-99", 1000)), "206 0-99");
    assert_eq!(
        show(&near.resolve(b"bytes=0-9,91-99", 1000)),
        "206 0-9,91-99"
    );
}

#[test]
fn ranges_specifier_parse() {
    let range = RangesSpecifier::parse(b"bytes=0-499, -500 ,9500-").unwrap();
    assert_eq!(range.len(), 3);
    assert_eq!(
        range.specs().collect::<Vec<_>>(),
        [
            RangeSpec::Int {
                first: 0,
                last: 499
            },
            RangeSpec::Suffix { length: 500 },
            RangeSpec::From { first: 9500 },
        ]
    );
    let err = RangesSpecifier::parse(b"pages=1").unwrap_err();
    assert_eq!((err.rule(), err.offset()), (Rule::RangeUnit, 0));
    let err = RangesSpecifier::parse(b"bytes=1-2,3").unwrap_err();
    assert_eq!((err.rule(), err.offset()), (Rule::IntRange, 11));
    assert_eq!(
        err.to_string(),
        "invalid range field: the rule int-range does not match at byte 11: \
         the first position must be followed by -"
    );
}

// proves: 9110-14.4-send-complete-length, 9110-14.4-invalid-content-range, 9110-14.4-no-recombine-unknown-unit
#[test]
fn content_range_examples() {
    // The §14.4 examples, each parsed and formatted back.
    for value in [
        "bytes 42-1233/1234",
        "bytes 42-1233/*",
        "bytes */1234",
        "bytes 0-499/1234",
        "bytes 500-999/1234",
        "bytes 500-1233/1234",
        "bytes 734-1233/1234",
        "bytes 21010-47021/47022",
        "bytes 0-0/1",
        "bytes */0",
        "bytes 0-18446744073709551614/18446744073709551615",
    ] {
        let parsed: ContentRange = value.parse().unwrap();
        assert_eq!(parsed.to_string(), value);
        assert_eq!(parsed.formatted_len(), value.len() as u64, "{value}");
    }
    assert_eq!(
        ContentRange::parse(b" BYTES 1-2/3 ").map(|c| c.to_string()),
        Ok("bytes 1-2/3".to_owned())
    );
    // Invalid (§14.4 ¶9), unknown units (¶3) and broken syntax: errors.
    let errors = [
        ("bytes 5-4/10", Rule::InclRange, 8),
        ("bytes 0-10/10", Rule::RangeResp, 11),
        ("bytes 0-9/9", Rule::RangeResp, 10),
        ("exampleunit 1.2-4.3/25", Rule::RangeUnit, 0),
        ("bytes  0-1/2", Rule::Digits, 6),
        ("bytes=0-1/2", Rule::ContentRange, 5),
        ("bytes 0-1", Rule::RangeResp, 9),
        ("bytes 0/1", Rule::InclRange, 7),
        ("bytes */*", Rule::Digits, 8),
        ("bytes *-1/2", Rule::UnsatisfiedRange, 6),
        ("bytes 0-1/2 x", Rule::ContentRange, 12),
        ("bytes 0-1/18446744073709551616", Rule::Digits, 10),
    ];
    for (value, rule, offset) in errors {
        let err = ContentRange::parse(value.as_bytes()).unwrap_err();
        assert_eq!((err.rule(), err.offset()), (rule, offset), "{value}");
    }
}

#[test]
fn accept_ranges() {
    let accept = AcceptRanges::parse(b"bytes").unwrap();
    assert!(accept.accepts_bytes() && !accept.is_none());
    let accept = AcceptRanges::parse(b" pages , BYTES ").unwrap();
    assert!(accept.accepts_bytes());
    assert_eq!(
        accept.units().collect::<Vec<_>>(),
        [&b"pages"[..], b"BYTES"]
    );
    assert!(AcceptRanges::parse(b"none").unwrap().is_none());
    // `bytes` only as a whole unit: not `none`, not another unit that
    // starts with it.
    for value in ["none", "pages", "bytesx, pages", "byte"] {
        let accept = AcceptRanges::parse(value.as_bytes()).unwrap();
        assert!(!accept.accepts_bytes(), "{value}");
    }
    assert!(!AcceptRanges::parse(b"none, bytes").unwrap().is_none());
    for (value, offset) in [("", 0), (",", 1), ("bytes pages", 6), ("by=tes", 2)] {
        let err = AcceptRanges::parse(value.as_bytes()).unwrap_err();
        assert_eq!(
            (err.rule(), err.offset()),
            (Rule::AcceptableRanges, offset),
            "{value}"
        );
    }
}

/// Why a Range was ignored, in words (for logs and a server's explanation).
#[test]
fn ignored_says_why() {
    for (ignored, text) in [
        (Ignored::UnknownUnit, "the range unit is not bytes"),
        (Ignored::TooManyRanges, "the Range asks for too many ranges"),
        (
            Ignored::TooManyBytes,
            "the ranges overlap: together they ask for the representation more than twice \
             over (or the policy's factor)",
        ),
        (
            Ignored::Descending,
            "the Range lists many small ranges out of ascending order",
        ),
        (
            Ignored::EmptyRepresentation,
            "the representation is empty: there is no byte to send",
        ),
    ] {
        assert_eq!(ignored.to_string(), text, "{ignored:?}");
    }
    // A malformed Range says what the grammar found.
    let Resolution::Ignored(malformed @ Ignored::Malformed(error)) =
        Policy::DEFAULT.resolve(b"bytes=x", 100)
    else {
        panic!("bytes=x is malformed");
    };
    assert!(!error.to_string().is_empty());
    assert_eq!(malformed.to_string(), error.to_string());
}
