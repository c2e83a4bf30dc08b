//! The extractor's decisions against the testkit's reference oracle, over
//! generated cases, as `precond-tower/tests/invariants.rs` holds the layer
//! to it: `check` and `respond` answer 304 or 412 exactly where the oracle
//! does, never run the body closure then, and shape the 304 as RFC 9110
//! §15.4.5 says.
//!
//! Defaults are small enough for every `cargo test`; `PROPTEST_CASES=N`
//! raises them.

use std::cell::Cell;

use axum::response::IntoResponse;
use http::{Method, StatusCode, header};
use precond_axum::{Current, Preconditions};
use precond_testkit::model::{Case, IfRangeDates, Role};
use precond_testkit::oracle::Decision;
use precond_testkit::strategy;
use proptest::prelude::*;

const REGRESSIONS: &str = "proptest-regressions/invariants.txt";

/// Makes a generated case one the extractor can be compared on: an origin,
/// the default If-Range date strength, a resource that serves ranges, the
/// unconditional status the extractor assumes (`Current::unconditional_status`:
/// 200, or 404 to a GET or HEAD of nothing), and `method`.
fn comparable(mut case: Case, method: Method) -> Case {
    case.role = Role::Origin;
    case.if_range_dates = IfRangeDates::Auto;
    case.resource.ranges = true;
    case.method = method;
    let get_or_head = case.method == Method::GET || case.method == Method::HEAD;
    case.unconditional = if !case.resource.exists && get_or_head {
        StatusCode::NOT_FOUND
    } else {
        StatusCode::OK
    };
    case
}

fn current(case: &Case) -> Current {
    if !case.resource.exists {
        return Current::missing();
    }
    let mut current = Current::new();
    if let Some(tag) = &case.resource.etag {
        current = current.with_etag(tag.clone());
    }
    if let Some(date) = case.resource.last_modified {
        current = current.with_last_modified(date);
    }
    current
}

/// What the oracle says the handler must be told: 304, 412, or go on.
fn expected(case: &Case) -> Option<StatusCode> {
    match case.oracle().decision {
        Decision::NotModified(_) => Some(StatusCode::NOT_MODIFIED),
        Decision::PreconditionFailed(_) => Some(StatusCode::PRECONDITION_FAILED),
        Decision::Ignored(_) | Decision::Perform(_) => None,
    }
}

proptest! {
    #![proptest_config(strategy::config(512, REGRESSIONS))]

    // proves: 9110-13.2.2-evaluation-order, 9110-13.2.1-evaluate-before-method, 9110-13.2.1-ignore-unless-2xx-or-412, 9110-13.1.1-false-stops-method
    /// `check` rejects exactly where the oracle answers 304 or 412, with
    /// that status; a 412 names the current entity-tag.
    #[test]
    fn check_decides_as_the_oracle(
        case in strategy::case(),
        method in prop::sample::select(vec![Method::GET, Method::HEAD, Method::PUT, Method::DELETE, Method::POST]),
    ) {
        let case = comparable(case, method);
        let pre = Preconditions::new(&case.method, &case.headers()).with_now(case.now);
        let got = pre.check(&current(&case)).err().map(|r| (r.status(), r.into_response()));
        prop_assert_eq!(got.as_ref().map(|(s, _)| *s), expected(&case), "{:?}", case);
        if let Some((StatusCode::PRECONDITION_FAILED, res)) = &got {
            let want = case.resource.etag.as_ref().filter(|_| case.resource.exists).map(precond::EntityTag::to_header_value);
            prop_assert_eq!(res.headers().get(header::ETAG), want.as_ref(), "{:?}", case);
        }
    }

    // proves: 9110-13.2.2-evaluation-order, 9110-15.4.5-drop-representation-metadata
    /// `respond` to a GET or HEAD: the oracle's 304 or 412 without running
    /// the body closure, otherwise the body with the validators; a 304 has
    /// no content, no Content-Length, and the ETag when there is one.
    #[test]
    fn respond_answers_as_the_oracle(
        case in strategy::case(),
        method in prop::sample::select(vec![Method::GET, Method::HEAD]),
    ) {
        let case = comparable(case, method);
        let pre = Preconditions::new(&case.method, &case.headers()).with_now(case.now);
        let runs = Cell::new(0);
        let res = pre.respond(&current(&case), || {
            runs.set(runs.get() + 1);
            "the representation"
        });
        let want = expected(&case);
        prop_assert_eq!(res.status(), want.unwrap_or(StatusCode::OK), "{:?}", case);
        prop_assert_eq!(runs.get(), usize::from(want.is_none()), "{:?}", case);
        if res.status() == StatusCode::NOT_MODIFIED {
            prop_assert!(!res.headers().contains_key(header::CONTENT_LENGTH), "{:?}", case);
            prop_assert!(!res.headers().contains_key(header::CONTENT_TYPE), "{:?}", case);
            prop_assert_eq!(res.headers().contains_key(header::ETAG), case.resource.etag.is_some(), "{:?}", case);
            prop_assert_eq!(axum::body::HttpBody::size_hint(res.body()).exact(), None);
        }
    }
}
