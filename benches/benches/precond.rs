//! precond against its peers, in one run: `cargo bench -p precond-benches`.
//!
//! Ids are `group/case/impl` (`date/parse/imf_fixdate/precond`); criterion's
//! group is `group` (`date/parse`), its function the case, its parameter the
//! implementation. Every timed closure asserts its answer. `cargo xtask bench`
//! runs this and writes `docs/benchmarks.md`; CI runs it in smoke mode
//! (`cargo bench -p precond-benches -- --test`: each closure once).

use std::hint::black_box;
use std::io::Write as _;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use criterion::{BenchmarkGroup, BenchmarkId, Criterion, Throughput, measurement::WallTime};
use criterion::{criterion_group, criterion_main};
use headers::{
    ETag, HeaderMapExt, IfMatch, IfModifiedSince, IfNoneMatch, IfRange, IfUnmodifiedSince,
    LastModified,
};
use http::{HeaderMap, Method, StatusCode, header};
use memchr::memmem;
use precond::{Outcome, RangeDecision, RangeIgnoredBecause, Step};
use precond_benches as w;
use precond_date::IMF_FIXDATE_LEN;

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(800))
        .measurement_time(Duration::from_secs(2))
        .sample_size(40)
        .noise_threshold(0.05)
}

/// Benchmarks `f` as `<group>/<case>/<implementation>`.
fn bench<O>(
    group: &mut BenchmarkGroup<'_, WallTime>,
    case: &str,
    implementation: &str,
    mut f: impl FnMut() -> O,
) {
    group.bench_function(BenchmarkId::new(case, implementation), |b| {
        b.iter(&mut f);
    });
}

fn expected_time() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(w::DATE_SECS)
}

// ---- date --------------------------------------------------------------------

fn date_parse(c: &mut Criterion) {
    let mut g = c.benchmark_group("date/parse");
    let want = w::date();
    let at = expected_time();
    for (case, text) in [
        ("imf_fixdate", w::IMF_FIXDATE),
        ("rfc850", w::RFC850),
        ("asctime", w::ASCTIME),
    ] {
        g.throughput(Throughput::Bytes(text.len() as u64));
        bench(&mut g, case, "precond", || {
            assert_eq!(w::parse_date(black_box(text.as_bytes())), Some(want));
        });
        // The peer gets a `&str` for free (a HeaderValue would need `to_str`).
        bench(&mut g, case, "httpdate", || {
            assert_eq!(httpdate::parse_http_date(black_box(text)).ok(), Some(at));
        });
        bench(&mut g, case, "date_header", || {
            assert_eq!(
                date_header::parse(black_box(text.as_bytes())).ok(),
                Some(w::DATE_SECS)
            );
        });
    }

    for (name, text) in w::INVALID_DATES {
        let case = format!("invalid_{name}");
        g.throughput(Throughput::Bytes(text.len() as u64));
        bench(&mut g, &case, "precond", || {
            assert!(w::parse_date(black_box(text.as_bytes())).is_none());
        });
        bench(&mut g, &case, "httpdate", || {
            assert!(httpdate::parse_http_date(black_box(text)).is_err());
        });
        bench(&mut g, &case, "date_header", || {
            assert!(date_header::parse(black_box(text.as_bytes())).is_err());
        });
    }
    let invalid: Vec<&[u8]> = w::INVALID_DATES.iter().map(|(_, s)| s.as_bytes()).collect();
    let n = invalid.len();
    g.throughput(Throughput::Bytes(
        invalid.iter().map(|s| s.len() as u64).sum(),
    ));
    bench(&mut g, "invalid", "precond", || {
        assert_eq!(w::reject_invalid_dates(black_box(&invalid)), n);
    });
    bench(&mut g, "invalid", "httpdate", || {
        let rejected = w::INVALID_DATES
            .iter()
            .filter(|(_, s)| httpdate::parse_http_date(black_box(s)).is_err())
            .count();
        assert_eq!(rejected, n);
    });
    bench(&mut g, "invalid", "date_header", || {
        let rejected = invalid
            .iter()
            .filter(|s| date_header::parse(black_box(s)).is_err())
            .count();
        assert_eq!(rejected, n);
    });
    g.finish();
}

/// The check of a formatted date: the buffer read back as four 8-byte
/// words (at 0, 8, 16 and 21), as a consumer copying it would, compared
/// with the expected words in registers (an array comparison would store
/// the words to the stack and load them back as 16 bytes, a stall that
/// would cost every implementation the same few nanoseconds).
#[inline(always)]
fn same_date(buf: &[u8; IMF_FIXDATE_LEN], want: &[u8; IMF_FIXDATE_LEN]) -> bool {
    let word = |b: &[u8; IMF_FIXDATE_LEN], at: usize| {
        let mut w = [0u8; 8];
        w.copy_from_slice(&b[at..at + 8]);
        u64::from_le_bytes(w)
    };
    [0, 8, 16, IMF_FIXDATE_LEN - 8]
        .iter()
        .fold(0, |differ, &at| differ | (word(buf, at) ^ word(want, at)))
        == 0
}

fn date_format(c: &mut Criterion) {
    let mut g = c.benchmark_group("date/format");
    let want: [u8; IMF_FIXDATE_LEN] = w::IMF_FIXDATE.as_bytes().try_into().expect("29 bytes");
    g.throughput(Throughput::Bytes(IMF_FIXDATE_LEN as u64));
    // All three start from Unix seconds and write into a caller's buffer.
    bench(&mut g, "imf_fixdate", "precond", || {
        let mut buf = [0u8; IMF_FIXDATE_LEN];
        assert!(w::format_date(black_box(w::DATE_SECS), &mut buf));
        assert!(same_date(black_box(&buf), &want));
    });
    bench(&mut g, "imf_fixdate", "httpdate", || {
        let mut buf = [0u8; IMF_FIXDATE_LEN];
        let t = UNIX_EPOCH + Duration::from_secs(black_box(w::DATE_SECS));
        let mut out = &mut buf[..];
        assert!(write!(out, "{}", httpdate::HttpDate::from(t)).is_ok());
        assert!(same_date(black_box(&buf), &want));
    });
    bench(&mut g, "imf_fixdate", "date_header", || {
        let mut buf = [0u8; IMF_FIXDATE_LEN];
        assert!(date_header::format(black_box(w::DATE_SECS), &mut buf).is_ok());
        assert!(same_date(black_box(&buf), &want));
    });
    g.finish();
}

// ---- entity-tag lists --------------------------------------------------------

/// `headers`' view of an If-None-Match value and of a current tag.
fn headers_inm(value: &str, current: &precond::EntityTag) -> (IfNoneMatch, ETag) {
    let mut map = HeaderMap::new();
    map.insert(header::IF_NONE_MATCH, value.parse().expect("a valid value"));
    let inm = map.typed_get::<IfNoneMatch>().expect("headers reads it");
    let etag: ETag = current.to_string().parse().expect("a valid tag");
    (inm, etag)
}

/// The If-None-Match workloads of `group` for `n` tags, the last one matching.
fn inm_cases(g: &mut BenchmarkGroup<'_, WallTime>, case: &str, n: usize, peer: bool) {
    let list = w::inm_list(n);
    let current = w::last_tag(n);
    let tag = current.as_tag();
    g.throughput(Throughput::Bytes(list.len() as u64));
    bench(g, case, "precond", || {
        assert_eq!(w::inm_matches(black_box(&list), tag), Some(n));
    });
    if peer {
        let (inm, etag) = headers_inm(&list, &current);
        // `precondition_passes` is false when a member matches.
        bench(g, case, "headers", || {
            assert!(!black_box(&inm).precondition_passes(&etag));
        });
    }
    // The floor: finding the quoted tag as a substring, no parsing at all.
    let needle = current.to_string();
    let finder = memmem::Finder::new(needle.as_bytes());
    let at = list.len() - needle.len();
    bench(g, case, "memmem", || {
        assert_eq!(finder.find(black_box(list.as_bytes())), Some(at));
    });
}

fn etag(c: &mut Criterion) {
    let mut g = c.benchmark_group("etag/inm_match");
    inm_cases(&mut g, "1", 1, true);
    inm_cases(&mut g, "100", 100, true);
    g.finish();
}

fn scaling(c: &mut Criterion) {
    let mut g = c.benchmark_group("scaling/inm");
    for n in [10, 100, 1000, 10_000] {
        inm_cases(&mut g, &n.to_string(), n, false);
    }
    g.finish();
}

fn hostile(c: &mut Criterion) {
    let current = w::last_tag(1);
    for kind in w::Hostile::ALL {
        let mut g = c.benchmark_group(format!("hostile/{}", kind.name()));
        for len in [8 << 10, 64 << 10] {
            let input = kind.input(len);
            let want = kind.expected(input.len());
            g.throughput(Throughput::Bytes(input.len() as u64));
            bench(&mut g, &len.to_string(), "precond", || {
                assert_eq!(w::read_list(black_box(&input), current.as_tag()), want);
            });
        }
        g.finish();
    }
}

// ---- evaluation --------------------------------------------------------------

/// What a user of `headers` writes: typed fields, checked in the order of
/// RFC 9110 §13.2.2, each looked up only when its step is reached. Answers
/// the status.
fn headers_evaluate(
    method: &Method,
    h: &HeaderMap,
    etag: &ETag,
    last_modified: SystemTime,
    unconditional: StatusCode,
) -> StatusCode {
    let get_or_head = *method == Method::GET || *method == Method::HEAD;
    // Step 1, or step 2 without If-Match.
    if let Some(if_match) = h.typed_get::<IfMatch>() {
        if !if_match.precondition_passes(etag) {
            return StatusCode::PRECONDITION_FAILED;
        }
    } else if let Some(ius) = h.typed_get::<IfUnmodifiedSince>()
        && !ius.precondition_passes(last_modified)
    {
        return StatusCode::PRECONDITION_FAILED;
    }
    // Step 3, or step 4 without If-None-Match.
    if let Some(inm) = h.typed_get::<IfNoneMatch>() {
        if !inm.precondition_passes(etag) {
            return if get_or_head {
                StatusCode::NOT_MODIFIED
            } else {
                StatusCode::PRECONDITION_FAILED
            };
        }
    } else if get_or_head
        && let Some(ims) = h.typed_get::<IfModifiedSince>()
        && !ims.is_modified(last_modified)
    {
        return StatusCode::NOT_MODIFIED;
    }
    // Step 5.
    if *method == Method::GET && h.contains_key(header::RANGE) {
        let honour = match h.typed_get::<IfRange>() {
            Some(if_range) => {
                !if_range.is_modified(Some(etag), Some(&LastModified::from(last_modified)))
            }
            None => true,
        };
        if honour {
            return StatusCode::PARTIAL_CONTENT;
        }
    }
    unconditional
}

fn evaluate(c: &mut Criterion) {
    let mut g = c.benchmark_group("evaluate");
    let res = w::resource();
    let etag: ETag = res.etag.to_string().parse().expect("a valid tag");
    let modified = res.last_modified.to_system_time();
    let cases = [
        (
            "get_inm_ims",
            Method::GET,
            w::get_inm_ims(&res),
            Outcome::NotModified {
                step: Step::IfNoneMatch,
            },
            StatusCode::OK,
            StatusCode::NOT_MODIFIED,
            2,
        ),
        (
            "get_ims",
            Method::GET,
            w::get_ims(&res),
            Outcome::NotModified {
                step: Step::IfModifiedSince,
            },
            StatusCode::OK,
            StatusCode::NOT_MODIFIED,
            1,
        ),
        (
            "put_if_match",
            Method::PUT,
            w::put_if_match(&res),
            // Not GET: Range plays no part (RFC 9110 §14.2).
            Outcome::Proceed {
                range: RangeDecision::Ignore(RangeIgnoredBecause::NotGet),
            },
            StatusCode::NO_CONTENT,
            StatusCode::NO_CONTENT,
            1,
        ),
    ];
    for (case, method, headers, outcome, unconditional, status, present) in &cases {
        bench(&mut g, case, "precond", || {
            assert_eq!(w::evaluate(method, black_box(headers), &res), *outcome);
        });
        bench(&mut g, case, "headers", || {
            let got = headers_evaluate(method, black_box(headers), &etag, modified, *unconditional);
            assert_eq!(got, *status);
        });
        bench(&mut g, case, "lookup6", || {
            assert_eq!(w::lookup_six(black_box(headers)), *present);
        });
    }
    g.finish();
}

// ---- range -------------------------------------------------------------------

/// A Range field resolved against 10 000 bytes: `precond_range::resolve`
/// against `http_range_header::parse_range_header` + `validate` and
/// `headers::Range` (`typed_get` + `satisfiable_ranges`), each checked
/// against the expected ranges inside the timed closure.
fn range(c: &mut Criterion) {
    use std::ops::Bound;

    let mut g = c.benchmark_group("range/resolve");
    for (case, value) in [
        ("first_500", w::RANGE_FIRST),
        ("suffix_500", w::RANGE_SUFFIX),
        ("set_10", w::RANGE_SET10),
    ] {
        let expected = w::range_expected(value);
        g.throughput(Throughput::Bytes(value.len() as u64));
        bench(&mut g, case, "precond", || {
            assert!(w::resolve_range(black_box(value.as_bytes()), &expected));
        });
        bench(&mut g, case, "http_range_header", || {
            let ranges = http_range_header::parse_range_header(black_box(value))
                .and_then(|parsed| parsed.validate(w::RANGE_LENGTH))
                .expect("valid");
            assert!(
                ranges
                    .iter()
                    .map(|r| (*r.start(), *r.end()))
                    .eq(expected.iter().copied())
            );
        });
        let mut map = HeaderMap::new();
        map.insert(header::RANGE, http::HeaderValue::from_static(value));
        bench(&mut g, case, "headers", || {
            let range: headers::Range = black_box(&map).typed_get().expect("valid");
            // The suffix comes back as `(len - n, Unbounded)`: made inclusive here.
            let last = w::RANGE_LENGTH - 1;
            assert!(
                range
                    .satisfiable_ranges(w::RANGE_LENGTH)
                    .map(|(start, end)| {
                        let Bound::Included(first) = start else {
                            panic!("{start:?}")
                        };
                        let end = match end {
                            Bound::Included(end) => end.min(last),
                            Bound::Excluded(end) => end - 1,
                            Bound::Unbounded => last,
                        };
                        (first, end)
                    })
                    .eq(expected.iter().copied())
            );
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = config();
    targets = date_parse, date_format, etag, evaluate, scaling, hostile, range
}
criterion_main!(benches);
