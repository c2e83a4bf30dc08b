//! The exhaustive proof over abstract input classes (`precond_testkit::classes`):
//! every combination of method class × If-Match × If-Unmodified-Since ×
//! If-None-Match × If-Modified-Since × If-Range × Range × representation ×
//! role × unconditional status class — 10 886 400 cases — is evaluated by
//! `precond` and by the oracle, which must agree, and checked for 304- and
//! 412-soundness. One test per method class, so the harness runs them in
//! parallel.

use precond_testkit::classes::{self, Combination, MethodClass};
use precond_testkit::invariants;

/// Runs every combination of `method`; fails listing the first violations.
fn check(method: MethodClass) {
    const SHOWN: usize = 10;
    let mut violations = Vec::new();
    let mut failed = 0usize;
    let mut count = 0usize;
    let _ = classes::visit::<()>(method.indices(), |combination, case, headers| {
        count += 1;
        if let Err(violation) = invariants::check_evaluation_with(case, headers) {
            failed += 1;
            if violations.len() < SHOWN {
                violations.push(format!("{combination:?}\n    {violation}"));
            }
        }
        Ok(())
    });
    assert_eq!(count, Combination::PER_METHOD);
    assert!(
        failed == 0,
        "{failed} of {count} combinations for {} violate an invariant; the first {}:\n{}",
        method.label(),
        violations.len(),
        violations
            .iter()
            .take(SHOWN)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

// proves: 9110-13.2.2-evaluation-order, 9110-13.1.1-strong-comparison, 9110-13.1.1-evaluate, 9110-13.1.1-false-stops-method
// proves: 9110-13.1.1-respond-412, 9110-13.1.2-weak-comparison, 9110-13.1.2-evaluate, 9110-13.1.2-false-stops-method
// proves: 9110-13.1.2-304-or-412, 9110-13.1.3-ignore-if-inm, 9110-13.1.3-ignore-invalid, 9110-13.1.3-ignore-without-date
// proves: 9110-13.1.3-origin-clock, 9110-13.1.3-evaluate, 9110-13.1.3-false-stops-method, 9110-13.1.4-ignore-if-im
// proves: 9110-13.1.4-ignore-invalid, 9110-13.1.4-ignore-without-date, 9110-13.1.4-origin-clock, 9110-13.1.4-evaluate
// proves: 9110-13.1.4-false-stops-method, 9110-13.1.4-respond-412, 9110-13.1.5-ignore-without-range, 9110-13.1.5-evaluate
// proves: 9110-13.1.5-false-ignores-range, 9110-13.1.5-true-honours-range, 9110-13.2.1-ignore-unless-2xx-or-412
// proves: 9111-4.3.2-cache-evaluate, 9111-4.3.2-cache-no-origin-only, 9110-13.1.1-cache-may-ignore, 9110-13.1.4-cache-may-ignore
#[test]
fn exhaustive_get() {
    check(MethodClass::Get);
}

// proves: 9110-13.1.2-304-or-412, 9110-13.1.3-evaluate, 9110-14.2-ignore-range-unless-get
#[test]
fn exhaustive_head() {
    check(MethodClass::Head);
}

// proves: 9110-13.1.2-304-or-412, 9110-13.1.3-ignore-invalid, 9110-13.1.1-respond-412, 9110-14.2-ignore-range-unless-get
#[test]
fn exhaustive_put() {
    check(MethodClass::Put);
}

// proves: 9110-13.2.1-ignore-connect-options-trace
#[test]
fn exhaustive_options() {
    check(MethodClass::Options);
}

// proves: 9110-13.1.2-304-or-412, 9110-14.2-ignore-range-unless-get
#[test]
fn exhaustive_extension_method() {
    check(MethodClass::Extension);
}
