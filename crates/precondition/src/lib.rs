//! HTTP conditional requests, evaluated exactly as RFC 9110 §13 says.
//!
//! Given a request (its method and the If-Match, If-None-Match,
//! If-Modified-Since, If-Unmodified-Since, If-Range and Range fields), the
//! selected representation's validators and a context (role, clock, the
//! status without the conditions), [`evaluate`] answers what RFC 9110 §13.2
//! requires: perform the method (honouring or ignoring the Range), 304 Not
//! Modified, 412 Precondition Failed, or ignore the conditions. It never
//! performs I/O and never reads a clock: time is an input.
//!
//! # A server handler
//!
//! A resource that serves GET and HEAD (with 304 and Range / If-Range) and
//! accepts PUT guarded by If-Match:
//!
//! ```
//! use http::{header, HeaderMap, HeaderValue, Method, Request, Response, StatusCode};
//! use precond::{
//!     evaluate, not_modified_headers, Context, EntityTag, HttpDate, Outcome, RangeDecision,
//!     Representation,
//! };
//! // Byte ranges are a crate of their own: precond stops at `RangeDecision::Honour`.
//! use precond_range::{Boundary, ByteRange, Plan, Ranges, Resolution};
//!
//! /// The stored document.
//! struct Doc {
//!     body: Vec<u8>,
//!     version: u32,
//!     etag: EntityTag,
//!     modified: HttpDate,
//! }
//!
//! impl Doc {
//!     /// The header fields a 200 to GET carries.
//!     fn headers(&self, now: HttpDate) -> HeaderMap {
//!         let mut h = HeaderMap::new();
//!         h.insert(header::DATE, now.into());
//!         h.insert(header::ETAG, (&self.etag).into());
//!         h.insert(header::LAST_MODIFIED, self.modified.into());
//!         h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
//!         h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain"));
//!         h.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
//!         h
//!     }
//! }
//!
//! fn respond(status: StatusCode, headers: HeaderMap, body: Vec<u8>) -> Response<Vec<u8>> {
//!     let mut res = Response::new(body);
//!     *res.status_mut() = status;
//!     *res.headers_mut() = headers;
//!     res
//! }
//!
//! /// `now` is the response's Date: the evaluator never reads a clock.
//! fn handle(req: &Request<Vec<u8>>, doc: &mut Doc, now: HttpDate) -> Response<Vec<u8>> {
//!     // Normal request checks first; their result is the status without the
//!     // conditions (RFC 9110 §13.2.1).
//!     let unconditional = match *req.method() {
//!         Method::GET | Method::HEAD => StatusCode::OK,
//!         Method::PUT => StatusCode::NO_CONTENT,
//!         _ => return respond(StatusCode::METHOD_NOT_ALLOWED, HeaderMap::new(), vec![]),
//!     };
//!     let rep = Representation::new()
//!         .with_etag(doc.etag.as_tag())
//!         .with_last_modified(doc.modified);
//!     let ctx = Context::new(now).with_unconditional_status(unconditional);
//!
//!     let outcome = evaluate(req.into(), &rep, &ctx);
//!     let range = match outcome {
//!         // The method must not be performed. (Had this PUT's change already
//!         // been applied, RFC 9110 §13.1.1 would allow a 2xx instead.)
//!         Outcome::PreconditionFailed { .. } => {
//!             return respond(StatusCode::PRECONDITION_FAILED, HeaderMap::new(), vec![]);
//!         }
//!         // The client's copy is current: the 200's fields, shaped, no content.
//!         Outcome::NotModified { .. } => {
//!             let mut headers = doc.headers(now);
//!             not_modified_headers(&mut headers);
//!             return respond(StatusCode::NOT_MODIFIED, headers, vec![]);
//!         }
//!         Outcome::Proceed { range } => range,
//!         Outcome::Ignored(_) => RangeDecision::Absent,
//!     };
//!
//!     if req.method() == Method::PUT {
//!         doc.body = req.body().clone();
//!         doc.version += 1;
//!         doc.etag = EntityTag::strong(format!("v{}", doc.version)).expect("digits are etagc");
//!         doc.modified = now;
//!         let mut headers = HeaderMap::new();
//!         headers.insert(header::ETAG, (&doc.etag).into());
//!         return respond(StatusCode::NO_CONTENT, headers, vec![]);
//!     }
//!
//!     let mut headers = doc.headers(now);
//!     let body = if req.method() == Method::HEAD { vec![] } else { doc.body.clone() };
//!     if range == RangeDecision::Honour {
//!         // The preconditions let the Range through; precond-range decides the
//!         // final status (RFC 9110 §14.2): 206, 416, or 200 when it is ignored.
//!         let value = req.headers()[header::RANGE].as_bytes();
//!         match precond_range::resolve(value, doc.body.len() as u64) {
//!             Resolution::Partial(ranges) => return partial(&ranges, doc, headers),
//!             Resolution::Unsatisfiable(none) => {
//!                 let mut headers = HeaderMap::new();
//!                 headers.insert(header::DATE, now.into());
//!                 let content_range = none.content_range().to_string();
//!                 headers.insert(header::CONTENT_RANGE, content_range.parse().unwrap());
//!                 return respond(StatusCode::RANGE_NOT_SATISFIABLE, headers, vec![]);
//!             }
//!             // An unknown unit, a malformed value, or ranges the policy refuses.
//!             Resolution::Ignored(_) => {}
//!         }
//!     }
//!     respond(StatusCode::OK, headers, body)
//! }
//!
//! /// A 206: the 200's fields, with the plan's Content-Length and either its
//! /// Content-Range (one part) or a multipart/byteranges Content-Type.
//! fn partial(ranges: &Ranges, doc: &Doc, mut headers: HeaderMap) -> Response<Vec<u8>> {
//!     let boundary = Boundary::derive(doc.etag.to_string().as_bytes());
//!     let plan = ranges.plan(Some("text/plain"), &boundary).expect("a valid Content-Type");
//!     headers.insert(header::CONTENT_LENGTH, plan.content_length().into());
//!     let copy = |range: ByteRange| {
//!         let span = range.span();
//!         &doc.body[span.start as usize..span.end as usize]
//!     };
//!     let body = match plan {
//!         Plan::Single(range, _) => {
//!             let content_range = plan.content_range().expect("one part").to_string();
//!             headers.insert(header::CONTENT_RANGE, content_range.parse().unwrap());
//!             copy(range).to_vec()
//!         }
//!         Plan::Multipart(multipart) => {
//!             let content_type = multipart.content_type().to_string();
//!             headers.insert(header::CONTENT_TYPE, content_type.parse().unwrap());
//!             // A file server streams this instead: head bytes, then a span.
//!             let mut body = Vec::new();
//!             for part in multipart.parts() {
//!                 body.extend_from_slice(part.head().to_string().as_bytes());
//!                 body.extend_from_slice(copy(part.range()));
//!             }
//!             body.extend_from_slice(multipart.tail().to_string().as_bytes());
//!             body
//!         }
//!     };
//!     respond(StatusCode::PARTIAL_CONTENT, headers, body)
//! }
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let now = HttpDate::from_unix_seconds(1_700_000_000)?;
//! let mut doc = Doc {
//!     body: b"hello world".to_vec(),
//!     version: 1,
//!     etag: EntityTag::strong("v1")?,
//!     modified: HttpDate::from_unix_seconds(1_699_000_000)?,
//! };
//!
//! // A plain GET: 200 with the validators.
//! let res = handle(&Request::get("/doc").body(vec![])?, &mut doc, now);
//! assert_eq!(res.status(), StatusCode::OK);
//! let v1 = res.headers()[header::ETAG].clone();
//! let modified = res.headers()[header::LAST_MODIFIED].clone();
//!
//! // Revalidation with If-None-Match, or with If-Modified-Since: 304, no content.
//! for (name, value) in [(header::IF_NONE_MATCH, &v1), (header::IF_MODIFIED_SINCE, &modified)] {
//!     let req = Request::get("/doc").header(name, value).body(vec![])?;
//!     let res = handle(&req, &mut doc, now);
//!     assert_eq!(res.status(), StatusCode::NOT_MODIFIED);
//!     assert!(res.body().is_empty());
//!     assert_eq!(res.headers()[header::ETAG], v1);
//!     assert!(res.headers().get(header::CONTENT_TYPE).is_none());
//!     assert!(res.headers().get(header::LAST_MODIFIED).is_none()); // ETag suffices
//! }
//!
//! // A PUT that knows the current version succeeds…
//! let req = Request::put("/doc").header(header::IF_MATCH, &v1).body(b"hello there".to_vec())?;
//! let res = handle(&req, &mut doc, now);
//! assert_eq!(res.status(), StatusCode::NO_CONTENT);
//! let v2 = res.headers()[header::ETAG].clone();
//!
//! // …and a second one based on the old version is refused: no lost update.
//! let req = Request::put("/doc").header(header::IF_MATCH, &v1).body(b"oops".to_vec())?;
//! assert_eq!(handle(&req, &mut doc, now).status(), StatusCode::PRECONDITION_FAILED);
//! assert_eq!(doc.body, b"hello there");
//!
//! // Resuming a download: the part if the copy is still current (206)…
//! let req = Request::get("/doc")
//!     .header(header::RANGE, "bytes=6-10")
//!     .header(header::IF_RANGE, &v2)
//!     .body(vec![])?;
//! let res = handle(&req, &mut doc, now);
//! assert_eq!(res.status(), StatusCode::PARTIAL_CONTENT);
//! assert_eq!(res.body(), b"there");
//!
//! // …the whole new representation if it changed (200).
//! let req = Request::get("/doc")
//!     .header(header::RANGE, "bytes=6-10")
//!     .header(header::IF_RANGE, &v1)
//!     .body(vec![])?;
//! let res = handle(&req, &mut doc, now);
//! assert_eq!(res.status(), StatusCode::OK);
//! assert_eq!(res.body(), b"hello there");
//!
//! // Several ranges: multipart/byteranges, its length known before the body.
//! let req = Request::get("/doc").header(header::RANGE, "bytes=0-4,-5").body(vec![])?;
//! let res = handle(&req, &mut doc, now);
//! assert_eq!(res.status(), StatusCode::PARTIAL_CONTENT);
//! assert!(res.headers().get(header::CONTENT_RANGE).is_none());
//! assert_eq!(res.headers()[header::CONTENT_LENGTH], res.body().len().to_string().as_str());
//!
//! // An unsatisfiable Range: 416 with the current length…
//! let req = Request::get("/doc").header(header::RANGE, "bytes=100-").body(vec![])?;
//! let res = handle(&req, &mut doc, now);
//! assert_eq!(res.status(), StatusCode::RANGE_NOT_SATISFIABLE);
//! assert_eq!(res.headers()[header::CONTENT_RANGE], "bytes */11");
//!
//! // …but preconditions come first: a current copy is a 304, not a 416 (§14.2).
//! let req = Request::get("/doc")
//!     .header(header::RANGE, "bytes=100-")
//!     .header(header::IF_NONE_MATCH, &v2)
//!     .body(vec![])?;
//! assert_eq!(handle(&req, &mut doc, now).status(), StatusCode::NOT_MODIFIED);
//! # Ok(())
//! # }
//! ```
//!
//! # The evaluation
//!
//! [`evaluate`] first applies the RFC 9110 §13.2.1 gate: when the status
//! without the conditions ([`Context::with_unconditional_status`]) is not 2xx or
//! 412, or the method is CONNECT, OPTIONS or TRACE (or, for a cache, the
//! method is not GET or HEAD or there is no stored response, RFC 9111
//! §4.3.2), every condition is ignored
//! ([`Outcome::Ignored`]). Otherwise it walks the six steps of §13.2.2 in
//! order ([`Step`]): If-Match, If-Unmodified-Since (both at an origin only),
//! If-None-Match, If-Modified-Since, If-Range, perform. The first false
//! condition decides; see [`Outcome`].
//!
//! [`evaluate_traced`] does the same and records each stage in a [`Trace`]:
//! the field lines read, what they parsed to, true / false / ignored (and
//! why), and the section that decided. The trace has a fixed capacity and
//! never allocates; [`evaluate`] records nothing and costs nothing for it.
//!
//! A 304 is built from the header fields the 200 would have had, shaped by
//! [`not_modified_headers`] (RFC 9110 §15.4.5).
//!
//! # Policies
//!
//! Where the RFC leaves a choice, precond decides as follows (each decision
//! is documented again next to the code that takes it, and the reference
//! oracle cites beside each the RFC sentence that permits it;
//! `docs/policies.md` lists them):
//!
//! | input | decision | from |
//! |---|---|---|
//! | unconditional status not 2xx / 412 | all conditions ignored | §13.2.1 |
//! | CONNECT, OPTIONS, TRACE | all conditions ignored | §13.2.1 |
//! | [`Role::Cache`], a method other than GET / HEAD | all conditions ignored: no stored response can satisfy it, the request goes on to the origin | RFC 9111 §4.3.2 ¶3 |
//! | [`Role::Cache`] with [`Representation::missing`] | all conditions ignored | RFC 9111 §4.3.2 ¶3 |
//! | [`Role::Cache`] | If-Match and If-Unmodified-Since skipped | RFC 9111 §4.3.2 ¶3–4 |
//! | malformed If-Match | false → 412 (fail closed) | §13.1.1 |
//! | malformed If-None-Match | true → continue; If-Modified-Since still ignored | §13.1.2, §13.1.3 |
//! | false If-None-Match / If-Modified-Since on GET or HEAD | 304 only if the unconditional status is exactly 200; otherwise proceed | §15.4.5 |
//! | If-Modified-Since / If-Unmodified-Since on several field lines, or not a valid HTTP-date | ignored | §13.1.3, §13.1.4 |
//! | If-Modified-Since with If-None-Match, or on a method other than GET / HEAD | ignored (not even parsed) | §13.1.3 |
//! | list fields on several field lines | one list | §5.3 |
//! | Last-Modified with sub-second precision | truncated to the second | §5.6.7 |
//! | Last-Modified later than `now` | replaced by `now` | §8.8.2.1 |
//! | Last-Modified of exactly Unix second 0 or 1 | a placeholder: absent ([`EpochPolicy::TreatAsAbsent`], default) or used ([`EpochPolicy::Trust`]); every other date, before 1970 included, is compared | §13.1.3 ¶5, §13.1.4 ¶5 |
//! | If-Range | only for GET with Range, unconditional status 200, on a resource that supports ranges | §13.1.5, §14.2 |
//! | If-Range value | entity-tag if it starts (after OWS) with `"` or `W/"`, else HTTP-date | §13.1.5 |
//! | If-Range malformed, on several lines, a weak tag, or a date that is not strong | false → Range ignored | §13.1.5 |
//! | If-Range date strength | [`DateStrength::Auto`]: strong only if Last-Modified ≤ `now` − 1 s (a cache passes its stored Date as `now`); or as the caller says | §8.8.2.2 |
//! | If-Range date with second 60 (`23:59:60`) | never an exact match | §13.1.5 |
//! | a method other than GET (HEAD too) | Range plays no part: [`RangeIgnoredBecause::NotGet`] whether or not there is one (not looked up) | §14.2 |
//! | Range when the unconditional status is not 200 | ignored | §14.2 |
//! | Range honoured | the caller resolves it (with `precond-range`) and answers 206, 416 or 200 | §14.2 |
//!
//! # Guarantees
//!
//! No allocation and no panic on the evaluation path, for any input and any
//! `SystemTime`; time linear in the size of the fields read; each of the six
//! fields is looked up at most once. The evaluator never parses bytes itself
//! (beyond telling an If-Range entity-tag from a date by its first bytes): it
//! calls [`precond_etag`] and [`precond_date`].
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

mod if_range;
mod input;
mod machine;
mod not_modified;
mod outcome;
mod trace;

#[cfg(test)]
mod tests;

pub use precond_date as date;
pub use precond_date::HttpDate;
pub use precond_etag as etag;
pub use precond_etag::{Comparison, EntityTag, EntityTagRef};

pub use if_range::{IfRangeError, IfRangeValue};
pub use input::{Context, DateStrength, EpochPolicy, LastModified, Representation, Request, Role};
pub use machine::{evaluate, evaluate_traced};
pub use not_modified::not_modified_headers;
pub use outcome::{IgnoredBecause, Outcome, RangeDecision, RangeIgnoredBecause, Step};
pub use trace::{Entry, Evaluation, Field, Lines, LinesIter, Parsed, Reason, Stage, Trace};
