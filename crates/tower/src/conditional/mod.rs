//! The conditional-request middleware: [`ConditionalLayer`] and its service.
//!
//! ```
//! use axum::{body::Body, routing::get, Router};
//! use http::{header, Method, Request, StatusCode};
//! use precond::{EntityTag, HttpDate};
//! use precond_tower::{ConditionalLayer, Current};
//! use tower::ServiceExt;
//!
//! // A page whose handler sets its validators: zero configuration.
//! async fn page() -> ([(header::HeaderName, &'static str); 2], &'static str) {
//!     ([(header::ETAG, "\"v1\""), (header::CACHE_CONTROL, "no-cache")], "hello")
//! }
//!
//! // A document: its version is looked up before the handler runs, so a
//! // stale PUT is refused (412) before it writes, and a PUT without
//! // If-Match is refused too (428).
//! async fn doc_version(parts: &http::request::Parts) -> Result<Current, std::io::Error> {
//!     let _path = parts.uri.path(); // a real lookup would use it
//!     Ok(Current::new().with_etag(EntityTag::from_version(2)))
//! }
//! async fn put_doc() -> StatusCode {
//!     StatusCode::NO_CONTENT
//! }
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let app = Router::new()
//!     .route("/page", get(page))
//!     .layer(ConditionalLayer::new())
//!     .route(
//!         "/doc",
//!         get(page).put(put_doc).layer(
//!             ConditionalLayer::new()
//!                 .current(|parts: &http::request::Parts| {
//!                     let parts = parts.clone();
//!                     async move { doc_version(&parts).await }
//!                 })
//!                 .require_precondition([Method::PUT, Method::DELETE]),
//!         ),
//!     );
//!
//! // The client's copy is current: 304, with the ETag and Cache-Control of
//! // the 200 and no content.
//! let req = Request::get("/page").header(header::IF_NONE_MATCH, "\"v0\", \"v1\"");
//! let res = app.clone().oneshot(req.body(Body::empty())?).await?;
//! assert_eq!(res.status(), StatusCode::NOT_MODIFIED);
//! assert_eq!(res.headers()[header::ETAG], "\"v1\"");
//! assert!(res.headers().get(header::CONTENT_LENGTH).is_none());
//!
//! // A PUT based on version 1 is refused before the handler runs.
//! let req = Request::put("/doc").header(header::IF_MATCH, "\"1\"");
//! let res = app.clone().oneshot(req.body(Body::from("new"))?).await?;
//! assert_eq!(res.status(), StatusCode::PRECONDITION_FAILED);
//!
//! // So is one that does not say which version it replaces.
//! let res = app.clone().oneshot(Request::put("/doc").body(Body::from("new"))?).await?;
//! assert_eq!(res.status(), StatusCode::PRECONDITION_REQUIRED);
//!
//! // One based on the current version goes through.
//! let req = Request::put("/doc").header(header::IF_MATCH, "\"2\"");
//! let res = app.oneshot(req.body(Body::from("new"))?).await?;
//! assert_eq!(res.status(), StatusCode::NO_CONTENT);
//! # Ok(())
//! # }
//! ```
//!
//! # What the layer does
//!
//! **On the response (zero configuration).** For GET and HEAD requests that
//! carry a conditional field, once the inner service answered, the layer
//! evaluates the request with [`precond::evaluate`] against the response:
//! its status is the status without the conditions (RFC 9110 §13.2.1), its
//! ETag and Last-Modified the current validators, its Date (or the
//! [clock](ConditionalLayer::clock)) `now`. Then:
//!
//! - a false If-None-Match or If-Modified-Since on a 200 gives a 304 shaped
//!   from the 200's header fields ([`response::not_modified`](crate::response::not_modified));
//! - a false If-Match or If-Unmodified-Since gives a 412;
//! - a 206 whose If-Range is false by the 206's own validators is replaced
//!   by the full 200 from a second call of the inner service without Range
//!   and If-Range (see [`Conditional`] for what this needs);
//! - anything else, a 304 of the inner service included, passes through.
//!
//! The body of a replaced response is dropped unread. Requests with other
//! methods pass through untouched: **without a lookup, the layer does not
//! guard PUT, DELETE, POST or PATCH** (their response comes after the write).
//!
//! **Before the handler (`.current(f)`).** With a [`Lookup`] of the current
//! validators, requests carrying a conditional field are evaluated before
//! the inner service is called: a 304 or 412 is answered without running
//! the handler, and a Range whose If-Range is false is removed from the
//! request. This is how writes are guarded by If-Match and
//! If-Unmodified-Since. A failed lookup gives a 500 without running the
//! handler, or passes through ([`OnLookupError`]).
//!
//! **Opt-in.** [`require_precondition`](ConditionalLayer::require_precondition)
//! (428), [`hash_body`](ConditionalLayer::hash_body) (strong ETags from a
//! SHA-256 of the body), [`weaken_when_encoded`](ConditionalLayer::weaken_when_encoded)
//! (behind a compression layer), [`trace_header`](ConditionalLayer::trace_header).
//! `tracing` events at debug level say what was decided and why.
//!
//! **Cost.** A request without conditional fields is passed through with no
//! lookup, no copy and no allocation (unless `.hash_body` is on, which reads
//! every 200 to GET or HEAD that has no ETag).

mod body;
mod current;
mod decide;
mod future;
mod hash;
mod layer;
mod service;

pub use body::ConditionalBody;
pub use current::{Current, Lookup, NoLookup, OnLookupError};
pub use future::ResponseFuture;
pub use layer::ConditionalLayer;
pub use service::Conditional;
