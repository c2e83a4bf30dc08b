//! Linear time on hostile input, as a ratio: each input is read at n = 8 KiB
//! and at 8n = 64 KiB, and the larger must not take more than
//! [`MAX_RATIO`] times as long. Linear work gives about 8, quadratic work
//! 64; the bound sits far from both so that a noisy, shared two-core machine
//! (or a debug build) does not make it flaky: each time is the best of
//! several samples, each sample long enough to be above timer noise.

use std::hint::black_box;
use std::time::{Duration, Instant};

use http::Method;
use http::header::{HeaderMap, HeaderValue, IF_MATCH, IF_NONE_MATCH};
use precond_benches as w;

/// Linear: ~8. Quadratic: ~64.
const MAX_RATIO: f64 = 24.0;
const SMALL: usize = 8 << 10;
const LARGE: usize = 64 << 10;
/// How many times a ratio over the bound is measured before it fails.
const ATTEMPTS: usize = 5;

/// The best time per call of `op(SMALL)` and of `op(LARGE)` over several
/// samples each, taken in turn so that a burst of load from other jobs falls
/// on both sizes rather than on one; each sample repeats its call until at
/// least two milliseconds have passed.
fn best_times(mut op: impl FnMut(usize)) -> (Duration, Duration) {
    const SAMPLES: usize = 9;
    const SAMPLE: Duration = Duration::from_millis(2);
    let mut best = [Duration::MAX; 2];
    for _ in 0..SAMPLES {
        for (slot, len) in best.iter_mut().zip([SMALL, LARGE]) {
            let start = Instant::now();
            let mut calls = 0u32;
            while start.elapsed() < SAMPLE || calls == 0 {
                op(len);
                calls += 1;
            }
            *slot = (*slot).min(start.elapsed() / calls);
        }
    }
    (best[0], best[1])
}

/// `op(n)` against `op(8n)`: at most [`MAX_RATIO`] times as long. Constant
/// time (an early error) is linear too; times below a microsecond are
/// compared from there, as timer noise dominates them. A ratio over the
/// bound is measured again, up to [`ATTEMPTS`] times in all, before it fails
/// the test: quadratic work fails every time, while a machine whose cores
/// are busy with other work (a load average of 8 on two cores made single
/// retries fail now and then) passes within a few attempts.
fn check_ratio(name: &str, mut op: impl FnMut(usize)) {
    let floor = Duration::from_micros(1);
    let mut last = String::new();
    for _ in 0..ATTEMPTS {
        let (small, large) = best_times(&mut op);
        let (small, large) = (small.max(floor), large.max(floor));
        let ratio = large.as_secs_f64() / small.as_secs_f64();
        if ratio <= MAX_RATIO {
            return;
        }
        last = format!(
            "{name}: {large:?} for {LARGE} bytes against {small:?} for {SMALL} bytes: \
             {ratio:.1}x for 8x the input (linear is ~8x, quadratic ~64x)"
        );
    }
    panic!("{last}");
}

#[test]
fn hostile_lists_are_read_in_linear_time() {
    let current = w::last_tag(1);
    for kind in w::Hostile::ALL {
        let inputs = [(SMALL, kind.input(SMALL)), (LARGE, kind.input(LARGE))];
        check_ratio(kind.name(), |len| {
            let input = &inputs.iter().find(|(l, _)| *l == len).expect("made").1;
            let got = w::read_list(black_box(input), current.as_tag());
            assert_eq!(got, kind.expected(input.len()), "{}", kind.name());
        });
    }
}

#[test]
fn hostile_fields_are_evaluated_in_linear_time() {
    let res = w::resource();
    for kind in w::Hostile::ALL {
        for (field, method) in [(IF_NONE_MATCH, Method::GET), (IF_MATCH, Method::PUT)] {
            let maps = [SMALL, LARGE].map(|len| {
                let mut h = w::browser_headers();
                let value = HeaderValue::from_bytes(&kind.input(len)).expect("visible ASCII");
                h.insert(field.clone(), value);
                (len, h)
            });
            let name = format!("{} in {field}", kind.name());
            check_ratio(&name, |len| {
                let headers: &HeaderMap = &maps.iter().find(|(l, _)| *l == len).expect("made").1;
                black_box(w::evaluate(&method, black_box(headers), &res));
            });
        }
    }
}

#[test]
fn long_date_fields_are_read_in_linear_time() {
    // OWS around a date is trimmed; a field of spaces is no date.
    let padded = |len: usize| {
        let mut v = b" ".repeat(len / 2);
        v.extend_from_slice(w::IMF_FIXDATE.as_bytes());
        v.extend_from_slice(&b" ".repeat(len / 2));
        v
    };
    let inputs = [(SMALL, padded(SMALL)), (LARGE, padded(LARGE))];
    check_ratio("padded date", |len| {
        let input = &inputs.iter().find(|(l, _)| *l == len).expect("made").1;
        assert_eq!(w::parse_date(black_box(input)), Some(w::date()));
    });
    let spaces = [(SMALL, b" ".repeat(SMALL)), (LARGE, b" ".repeat(LARGE))];
    check_ratio("spaces as a date", |len| {
        let input = &spaces.iter().find(|(l, _)| *l == len).expect("made").1;
        assert_eq!(w::parse_date(black_box(input)), None);
    });
}

#[test]
fn hostile_ranges_are_resolved_in_linear_time() {
    for (name, commas) in [
        ("a Range of commas", true),
        ("a Range of 0-0 ranges", false),
    ] {
        let inputs = [SMALL, LARGE].map(|len| (len, w::hostile_range(len, commas)));
        check_ratio(name, |len| {
            let input = &inputs.iter().find(|(l, _)| *l == len).expect("made").1;
            assert!(w::resolve_hostile_range(black_box(input)), "{name}");
        });
    }
}

#[test]
fn the_check_catches_quadratic_work() {
    // The sanity check: work quadratic in the input fails the bound.
    let quadratic = |len: usize| {
        let bytes = vec![1u8; len / 16];
        let mut sum = 0u64;
        for (i, a) in bytes.iter().enumerate() {
            for b in &bytes[i..] {
                sum = sum.wrapping_add(u64::from(*a ^ *b));
            }
        }
        black_box(sum);
    };
    let result = std::panic::catch_unwind(|| check_ratio("quadratic", quadratic));
    assert!(result.is_err(), "quadratic work passed the linearity bound");
}
