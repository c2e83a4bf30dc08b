//! Checks a live server's conditional requests against RFC 9110.
//!
//! precond knows what a server must answer to a conditional request; this
//! crate asks a real server and compares. It holds **the one table of
//! live-server cases** of the workspace: the battery the `precond probe`
//! command sends, and the one the file-serving crates' socket tests run.
//!
//! - [`Validators`]: what a plain GET returned (ETag, Last-Modified, Date,
//!   length, Accept-Ranges, Age / Via).
//! - [`battery`] and [`unsafe_battery`]: the cases built from them, as data:
//!   a method, the header fields to send, which URL ([`Case`]). Any HTTP
//!   client can send them.
//! - [`judge`]: what RFC 9110 requires for a case, computed by
//!   [`precond::evaluate`] from the validators (never a second decision
//!   written by hand), compared with the status, fields and content length
//!   received ([`Received`]): pass, fail, or "the RFC allows either", with
//!   the section ([`Judgement`]).
//! - [`run`]: the whole probe through any [`Transport`]: two plain GETs and a
//!   HEAD (stable validators?), the battery, a closing GET.
//! - `client` (feature `client`): a blocking HTTP/1.1 [`Transport`] on `ureq`
//!   (http and https with rustls, the system's roots or a given CA,
//!   timeouts, pacing). HTTP/2 is out of scope.
//!
//! # Judging answers from your own client
//!
//! ```
//! use http::{header, HeaderMap, HeaderValue, StatusCode};
//! use precond_probe::{battery, judge, Received, Validators, Verdict};
//!
//! // The plain GET's answer: 200, an ETag, 11 bytes.
//! let mut fields = HeaderMap::new();
//! fields.insert(header::ETAG, HeaderValue::from_static("\"v1\""));
//! fields.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
//! let base = Validators::from_response(StatusCode::OK, &fields, 11);
//!
//! for case in battery(&base) {
//!     // Send case.method() with case.fields() to the URL; here, a server
//!     // that answers If-None-Match with the current tag by a 304 without Vary.
//!     let matched = case.id() == "inm-match";
//!     let got = if matched {
//!         let mut f = HeaderMap::new();
//!         f.insert(header::ETAG, HeaderValue::from_static("\"v1\""));
//!         Received { status: StatusCode::NOT_MODIFIED, fields: f, body_len: 0 }
//!     } else {
//!         continue;
//!     };
//!     let j = judge(&case, &base, &got);
//!     assert_eq!(j.verdict, Verdict::Fail); // a 304 must repeat Vary (§15.4.5)
//!     assert_eq!(j.findings[0].section, "RFC 9110 §15.4.5");
//! }
//! ```
//!
//! # Probing a URL (feature `client`)
//!
//! ```no_run
//! # #[cfg(feature = "client")]
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use precond_probe::client::{Client, ClientConfig};
//! use precond_probe::{run, Settings};
//!
//! let mut client = Client::new(&ClientConfig::new("http://127.0.0.1:8080/index.html"))?;
//! let report = run(&mut client, &Settings::default())?;
//! for r in &report.results {
//!     println!("{} {} {}", r.judgement.verdict, r.case.id(), r.received.status);
//! }
//! println!("{}", report.counts()); // e.g. "31 passed, 0 failed, 2 allowed"
//! # Ok(())
//! # }
//! # #[cfg(not(feature = "client"))]
//! # fn main() {}
//! ```
//!
//! # What "allowed" means
//!
//! A case is allowed, not passed, when the answer differs from the one the
//! evaluator prefers in a way the RFC permits: 200 to a Range request (a
//! server may ignore Range, RFC 9110 §14.2), 200 to a false
//! If-Modified-Since (evaluating it is a SHOULD, §13.1.3), 400 to a malformed
//! If-None-Match, the answer a cache in front would give (RFC 9111 §4.3.2),
//! a 304 that also carries Content-Type (a SHOULD NOT, §15.4.5), and
//! refusing an unsafe method before its conditions (§13.2.1).
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

mod battery;
#[cfg(feature = "client")]
pub mod client;
mod judge;
mod run;
mod validators;

pub use battery::{ByteRange, Case, Leeway, PUT_CONTENT, Target, battery, unsafe_battery};
pub use judge::{Finding, Judgement, Received, Verdict, judge};
pub use run::{CaseResult, Counts, Note, Report, RunError, Settings, Transport, run};
pub use validators::{CacheSigns, Validators};
