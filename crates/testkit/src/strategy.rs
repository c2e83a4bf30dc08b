//! proptest strategies.
//!
//! Each strategy generates a vector of raw choices and hands it to the matching
//! generator in [`crate::generate`]; proptest shrinks the choices towards 0,
//! which the generators read as "the simplest option", so a failing case
//! shrinks towards fewer fields, GET, 200 and the first pool entries.

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence};

use crate::generate::{self, Choices, DateText, Perturbation, ResponseHeaders, TagListText};
use crate::model::Case;
use precond_etag::EntityTag;

/// Enough draws for the largest case; past the end every draw is 0.
const DRAWS: std::ops::RangeInclusive<usize> = 160..=320;

/// Raw choices for the generators.
pub fn choices() -> impl Strategy<Value = Choices> {
    vec(any::<u16>(), DRAWS).prop_map(Choices::new)
}

/// Complete cases ([`generate::case`]).
pub fn case() -> impl Strategy<Value = Case> {
    choices().prop_map(|mut c| generate::case(&mut c))
}

/// Valid entity-tags, strong and weak ([`generate::entity_tag`]).
pub fn entity_tag() -> impl Strategy<Value = EntityTag> {
    choices().prop_filter_map("an entity-tag", |mut c| generate::entity_tag(&mut c))
}

/// If-Match / If-None-Match values, valid and malformed ([`generate::tag_list_text`]).
pub fn tag_list() -> impl Strategy<Value = TagListText> {
    choices().prop_map(|mut c| generate::tag_list_text(&mut c))
}

/// HTTP-date texts in all three formats, valid and invalid ([`generate::any_date_text`]).
pub fn date_text() -> impl Strategy<Value = DateText> {
    choices().prop_map(|mut c| generate::any_date_text(&mut c))
}

/// A 200 response's header fields ([`generate::response_headers`]).
pub fn response_headers() -> impl Strategy<Value = ResponseHeaders> {
    choices().prop_map(|mut c| generate::response_headers(&mut c))
}

/// Outcome-preserving request changes ([`generate::perturbation`]).
pub fn perturbation() -> impl Strategy<Value = Perturbation> {
    choices().prop_map(|mut c| generate::perturbation(&mut c))
}

/// A proptest configuration running `default_cases` cases, or `PROPTEST_CASES`
/// when that is set (`cargo xtask proptest --cases N`), recording failures in
/// `regressions` (a path relative to the package, e.g.
/// `"proptest-regressions/properties.txt"`; these files are committed).
///
/// proptest's default persistence cannot find the source directory of an
/// integration test in a workspace, hence the explicit path.
pub fn config(default_cases: u32, regressions: &'static str) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default_cases);
    Config {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(regressions))),
        ..Config::default()
    }
}
