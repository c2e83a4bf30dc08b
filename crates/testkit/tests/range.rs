//! Property tests of precond-range (RFC 9110 §14, §15.3.7): the invariants of
//! `precond_testkit::range` over generated Range values, lengths and policies.
//!
//! `PROPTEST_CASES=N` raises the number of cases.

use precond_range::{Boundary, ByteRange, ContentRange, Policy};
use precond_testkit::{range, strategy};
use proptest::prelude::*;

const REGRESSIONS: &str = "proptest-regressions/range.txt";

/// A position near the interesting places: small, near the length, huge.
fn position() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (0_u64..120).prop_map(|n| n.to_string()),
        1 => (9990_u64..10_010).prop_map(|n| n.to_string()),
        1 => (u64::MAX - 2..=u64::MAX).prop_map(|n| n.to_string()),
        1 => "[0-9]{19,25}",
        1 => "0{1,3}[0-9]{1,2}",
    ]
}

/// One list element as a client might write it, valid or not.
fn element() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => (position(), position()).prop_map(|(a, b)| format!("{a}-{b}")),
        2 => position().prop_map(|a| format!("{a}-")),
        3 => position().prop_map(|a| format!("-{a}")),
        1 => Just(String::new()),
        1 => "[ -~]{0,4}",
    ]
}

/// A Range value: a unit, `=`, elements separated by commas with OWS.
fn value() -> impl Strategy<Value = String> {
    let unit = prop_oneof![8 => Just("bytes"), 1 => Just("BYTES"), 1 => Just("pages")];
    let ows = prop_oneof![4 => Just(""), 1 => Just(" "), 1 => Just("\t ")];
    (unit, prop::collection::vec((element(), ows), 0..40)).prop_map(|(unit, elements)| {
        let list: Vec<String> = elements
            .into_iter()
            .map(|(e, ows)| format!("{ows}{e}{ows}"))
            .collect();
        format!("{unit}={}", list.join(","))
    })
}

fn length() -> impl Strategy<Value = u64> {
    prop_oneof![
        1 => Just(0_u64),
        4 => 1_u64..200,
        2 => 9_990_u64..10_010,
        1 => u64::MAX - 3..=u64::MAX,
    ]
}

fn policy() -> impl Strategy<Value = Policy> {
    prop_oneof![
        4 => Just(Policy::DEFAULT),
        1 => (0_usize..50, 0_u64..4, 0_usize..6, 0_u64..200).prop_map(|(n, f, d, s)| {
            Policy::DEFAULT.max_ranges(n).overlap_factor(f).max_descending_small(d, s)
        }),
    ]
}

proptest! {
    #![proptest_config(strategy::config(4096, REGRESSIONS))]

    // proves: 9110-14.2-send-206, 9110-14.2-send-416, 9110-14.1.2-large-numerals, 9110-15.3.7.2-may-coalesce, 9110-15.3.7.2-part-order
    // proves: 9110-15.3.7.2-part-content-range, 9110-15.3.7.1-single-content-range, 9110-15.3.7.2-no-multipart-for-single
    /// Resolved ranges lie inside the representation, are disjoint, cover
    /// exactly the bytes asked in the order asked; the plan's Content-Length is
    /// what it writes; every Content-Range round trips.
    #[test]
    fn resolution_and_plan_invariants(
        value in value(),
        length in length(),
        policy in policy(),
        gap in prop_oneof![3 => Just(0_u64), 1 => 0_u64..100],
        content_type in prop::option::of(Just("application/pdf")),
        seed in any::<u64>(),
    ) {
        let boundary = Boundary::derive(&seed.to_le_bytes());
        if let Err(violation) = range::check(value.as_bytes(), length, &policy, gap, content_type, &boundary) {
            return Err(TestCaseError::fail(violation.to_string()));
        }
    }

    // proves: 9110-14.4-invalid-content-range, 9110-14.4-send-complete-length
    /// A Content-Range formats to text that parses back to it, and text that
    /// parses formats to its canonical form.
    #[test]
    fn content_range_round_trips(first in any::<u64>(), span in any::<u64>(), extra in any::<u64>(), known in any::<bool>()) {
        let last = first.saturating_add(span % 1_000_000);
        let range = ByteRange::new(first, last).unwrap();
        let length = known.then(|| last.checked_add(1 + extra % 1000)).flatten();
        if let Some(content_range) = ContentRange::satisfied(range, length) {
            let text = content_range.to_string();
            prop_assert_eq!(ContentRange::parse(text.as_bytes()), Ok(content_range));
            range::check_content_range(text.as_bytes()).map_err(|v| TestCaseError::fail(v.to_string()))?;
        }
        let unsatisfied = ContentRange::unsatisfied(extra);
        prop_assert_eq!(unsatisfied.to_string().parse::<ContentRange>(), Ok(unsatisfied));
    }
}
