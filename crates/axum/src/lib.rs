//! RFC 9110 §13 conditional requests inside an axum 0.8 handler: refuse a
//! lost update before the write, answer 304 without rendering anything.
//!
//! A layer ([`precond_tower::ConditionalLayer`]) sees a response after the
//! handler ran; a handler that writes must refuse a stale `If-Match` *before*
//! it writes, and a handler that knows its row's version can answer 304
//! without building the body. [`Preconditions`] is the extractor for both:
//! it keeps the method and the six conditional fields of the request, and
//! evaluates them with [`precond::evaluate`] against the [`Current`]
//! validators the handler gives it.
//!
//! # A guarded write in three lines
//!
//! ```
//! use axum::{extract::State, http::StatusCode};
//! use precond_axum::{Preconditions, Rejection};
//! # use std::sync::{Arc, Mutex};
//! # type Db = Arc<Mutex<(u64, String)>>;
//!
//! async fn put(State(db): State<Db>, pre: Preconditions, text: String) -> Result<StatusCode, Rejection> {
//!     let mut row = db.lock().unwrap();               // check and write under one lock
//!     pre.required().check(&row.0.into())?;           // 428 without If-Match, 412 if stale
//!     *row = (row.0 + 1, text);
//!     Ok(StatusCode::NO_CONTENT)
//! }
//! # let _: axum::Router = axum::Router::new().route("/", axum::routing::put(put)).with_state(Db::default());
//! ```
//!
//! The row's version becomes the entity-tag `"7"` (`Current::from(7)`); a
//! `SystemTime` becomes Last-Modified, a `(version, updated_at)` pair both,
//! an [`EntityTag::from_digest`](precond::EntityTag::from_digest) a
//! content hash, and `None` "no current representation", which is what
//! `If-None-Match: *` creates need (see [`Current`]'s `From` impls).
//!
//! # A cheap 304
//!
//! ```
//! use axum::response::Response;
//! use precond_axum::{Content, Preconditions};
//! # fn render(_: u64) -> String { String::new() }
//!
//! async fn get(pre: Preconditions) -> Response {
//!     let version = 7; // read from the store, without the body
//!     pre.respond(&version.into(), || Content::from(render(version)))
//! }
//! # let _: axum::Router = axum::Router::new().route("/", axum::routing::get(get));
//! ```
//!
//! [`Preconditions::respond`] answers 304 without calling the closure when
//! the client's copy is current, and otherwise a 200 carrying the ETag and
//! Last-Modified of `current`. A [`Content`] (bytes and their type) is
//! served in part when the request has a Range the evaluation lets through
//! (206, `multipart/byteranges` for several ranges, or 416, by
//! [`precond_range`]); any other `IntoResponse` is sent whole, ignoring the
//! Range, which RFC 9110 §14.2 allows a server to do.
//! [`Preconditions::respond_async`] takes an async closure.
//!
//! # What a check cannot do: races
//!
//! A check compares the request with the validators read *before* the
//! write. Two requests that both carry `If-Match: "7"` can both pass their
//! check against version 7 and then both write: the second overwrites the
//! first, a lost update in spite of the check. Only the store can close that
//! gap, by one of two patterns:
//!
//! - **Check and write under one lock**: read the current version, check,
//!   and write while holding the same lock (a mutex around the row, as
//!   above, or `SELECT … FOR UPDATE` in one transaction).
//! - **A conditional update on the version**: write only if the version is
//!   still the one checked (`UPDATE notes SET text = ?, version = version + 1
//!   WHERE id = ? AND version = ?`, a compare-and-swap). When no row was
//!   updated, another write came first: read the row again and check against
//!   it; a request whose If-Match named the old version then gets its 412.
//!
//! The example store of `examples/rest.rs` and of this crate's socket test
//! takes the first; the test races many updates on one version and asserts
//! that exactly one wins.
//!
//! # Rejections
//!
//! A [`Rejection`] is a complete response (`IntoResponse`): 304 with the
//! fields RFC 9110 §15.4.5 keeps, 412 with the current ETag, 428 (RFC 6585
//! §3), each built by [`precond_tower::response`]. With
//! [`Preconditions::problem_details`], 412 and 428 carry an
//! `application/problem+json` body (RFC 9457) instead of plain text.
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

mod content;
mod extract;
mod layer;
mod rejection;

pub use content::{Content, IntoReply, Reply};
pub use extract::Preconditions;
pub use layer::{Conditional, ConditionalLayer, ResponseFuture};
pub use precond_tower::Current;
pub use rejection::Rejection;
