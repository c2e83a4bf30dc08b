//! Property tests: the testkit invariants over generated cases.
//!
//! Defaults are small enough for every `cargo test`; `PROPTEST_CASES=N` (or
//! `cargo xtask proptest --cases N`) raises them.

use precond_date::HttpDate;
use precond_testkit::generate::{self, Choices};
use precond_testkit::{invariants, strategy};
use proptest::prelude::*;

const REGRESSIONS: &str = "proptest-regressions/properties.txt";

proptest! {
    #![proptest_config(strategy::config(8192, REGRESSIONS))]

    // proves: 9110-13.2.2-evaluation-order, 9110-13.1.1-evaluate, 9110-13.1.2-evaluate, 9110-13.1.3-evaluate, 9110-13.1.4-evaluate, 9110-13.1.5-evaluate
    // proves: 9110-13.1.2-304-or-412, 9110-13.2.1-ignore-unless-2xx-or-412, 9110-8.8.2.1-clamp-future-last-modified, 9111-4.3.2-cache-evaluate
    /// 304- and 412-soundness, oracle equivalence and irrelevance on one case.
    #[test]
    fn every_evaluation_invariant_holds(case in strategy::case()) {
        if let Err(violation) = invariants::check_all(&case) {
            return Err(TestCaseError::fail(violation.to_string()));
        }
    }

    // proves: 9110-5.6.1.2-recipient-list-syntax, 9110-5.6.1.2-skip-empty-elements
    /// Irrelevance under random unrelated fields, reorderings and splits.
    #[test]
    fn irrelevant_changes_are_irrelevant(
        case in strategy::case(),
        perturbation in strategy::perturbation(),
    ) {
        if let Err(violation) = invariants::irrelevant_changes_are_irrelevant_under(&case, &perturbation) {
            return Err(TestCaseError::fail(violation.to_string()));
        }
    }
}

proptest! {
    #![proptest_config(strategy::config(1024, REGRESSIONS))]

    // proves: 9110-15.4.5-keep-listed-fields, 9110-15.4.5-drop-representation-metadata, 9110-13.1.3-respond-304
    /// 304 shaping keeps the RFC 9110 §15.4.5 fields and drops content metadata.
    #[test]
    fn not_modified_keeps_validators(headers in strategy::response_headers()) {
        if let Err(violation) = invariants::not_modified_keeps_validators(&headers.0) {
            return Err(TestCaseError::fail(violation.to_string()));
        }
    }

    // proves: 9110-5.6.7-accept-all-formats, 9110-5.6.7-rfc850-year-window
    /// The generators' date texts: an unaltered rendering, in any of the three
    /// formats, parses to the instant it was rendered from (the generators and
    /// the parser agree on what they test).
    #[test]
    fn generated_dates_parse_to_their_instant(date in strategy::date_text()) {
        if let Some(intended) = date.intended {
            let parsed = HttpDate::parse_at(&date.text, date.now);
            prop_assert_eq!(
                parsed.ok(),
                Some(intended),
                "{:?} read at {}",
                String::from_utf8_lossy(&date.text),
                date.now
            );
        }
    }

    /// Generated entity-tags are valid and survive a trip through a field value.
    #[test]
    fn generated_entity_tags_round_trip(tag in strategy::entity_tag()) {
        let value = http::HeaderValue::from(&tag);
        prop_assert_eq!(precond_etag::EntityTag::parse(value.as_bytes()).ok(), Some(tag));
    }
}

/// The generators never panic and shrink to the simplest case: all-zero
/// choices give a GET without conditional fields, answered 200.
#[test]
fn zero_choices_give_the_simplest_case() {
    let case = generate::case(&mut Choices::new(Vec::new()));
    assert_eq!(case.method, http::Method::GET);
    assert!(case.fields.is_empty(), "{case:?}");
    assert_eq!(case.status(), http::StatusCode::OK);
}
