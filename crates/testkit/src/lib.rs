//! precond-testkit: the proofs shared by precond's property tests, fuzz
#![allow(
    clippy::pedantic,
    clippy::todo,
    clippy::needless_pass_by_value,
    clippy::new_without_default
)]
//! targets and conformance vectors.
//!
//! Nothing here is published; it exists to show that `precond` does what
//! RFC 9110 §13 says, and in particular that **a 304 is sent only where a 200
//! would have been, and a 412 only where a precondition really failed**.
//!
//! | module | what it is | what it proves or provides |
//! |---|---|---|
//! | [`model`] | [`Case`]: one owned evaluation input (method, field lines, [`Resource`], role, unconditional status, clock, If-Range date setting) | the bridge to `precond`'s API ([`Case::evaluate`]) and to the oracle ([`Case::oracle`]) |
//! | [`oracle`] | a literal, step-by-step transcription of RFC 9110 §13.1–§13.2 and RFC 9111 §4.3.2, sharing no evaluation code with `precond` | the expected status and deciding step, the inputs the decision read, the policies it used |
//! | [`invariants`] | 304-soundness, 412-soundness, oracle equivalence, irrelevance of unrelated changes, 304 shaping | each a function returning a precise [`Violation`]; [`invariants::check_all`] runs the evaluation invariants (fuzz targets call it) |
//! | [`fuzz`] | the bodies of the five fuzz targets (`fuzz/`), each `fn(&[u8]) -> Result<(), Violation>` | what the fuzzer and the corpus replay test (`tests/fuzz_replay.rs`) assert |
//! | [`generate`] | generators biased towards collisions (the current tag in strong and weak forms, dates at Last-Modified ± 1 s), over a [`generate::Source`] of choices | `arbitrary::Arbitrary` for [`Case`] and the stand-alone values |
//! | [`strategy`] | proptest strategies over the same generators | shrinking towards the simplest case |
//! | [`classes`] | the abstract input classes and their [`Combination`](classes::Combination)s | the exhaustive proof: every combination, evaluator = oracle and both soundness invariants |
//! | [`table`] | the decision table, generated from the enumeration and the oracle's record of what it read | `docs/decision-table.md` |
//! | [`peer`] | the `httpdate` crate as `precond-date`'s peer | the one statement of the differences by design ([`peer::compare`]), for the `date` fuzz target and the differential test |
//! | [`compare`] | the common ground the oracle and `precond` are compared on | — |
//! | [`range`] | precond-range's invariants: ranges inside the representation, disjoint parts covering exactly the bytes asked, in order, plans whose Content-Length is what they write, Content-Range round trips | the `range` property tests and fuzz target |
//! | [`render`] | HTTP-date text in all three formats, independent of `precond-date`'s formatter | — |
//!
//! # Example
//!
//! A conditional GET whose If-None-Match matches the current entity-tag weakly
//! is answered 304, and every invariant holds:
//!
//! ```
//! use http::{header, Method};
//! use precond_date::HttpDate;
//! use precond_etag::EntityTag;
//! use precond_testkit::{invariants, Case};
//!
//! let mut case = Case::new(Method::GET, HttpDate::from_unix_seconds(1_714_564_800).unwrap());
//! case.resource.etag = Some(EntityTag::parse(b"\"xyzzy\"").unwrap());
//! case.push_field(header::IF_NONE_MATCH, b"W/\"xyzzy\"").unwrap();
//!
//! assert_eq!(case.status(), 304);
//! assert_eq!(case.oracle().status, 304);
//! invariants::check_all(&case).unwrap();
//! ```
#![forbid(unsafe_code)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )
)]

pub mod classes;
pub mod compare;
mod facts;
pub mod fs;
pub mod fuzz;
pub mod generate;
pub mod invariants;
pub mod model;
pub mod oracle;
pub mod peer;
pub mod range;
pub mod render;
pub mod strategy;
pub mod table;

pub use invariants::{Violation, check_all};
pub use model::{Case, IfRangeDates, Resource, Role};
