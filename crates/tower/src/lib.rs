//! Exact RFC 9110 §13 conditional requests for any tower, axum or hyper
//! service, in one layer.
//!
//! [`ConditionalLayer`] evaluates If-Match, If-None-Match,
//! If-Modified-Since, If-Unmodified-Since and If-Range in the order RFC 9110
//! §13.2.2 prescribes (with [`precond`]), and answers 304 Not Modified, 412
//! Precondition Failed or 428 Precondition Required where the RFC says so,
//! nowhere else: a 304 only where a 200 would have been sent, a 412 only on a
//! false precondition.
//!
//! # One line
//!
//! In axum 0.8, for handlers that set ETag or Last-Modified, through
//! `precond-axum`'s form of the layer (the same layer and builder methods,
//! answering axum's own `Response`, so that axum does not box each response
//! body again):
//!
//! ```
//! # use axum::{routing::get, Router};
//! # async fn handler() -> &'static str { "" }
//! use precond_axum::ConditionalLayer;
//!
//! let app: Router = Router::new()
//!     .route("/", get(handler))
//!     .layer(ConditionalLayer::new());
//! ```
//!
//! This crate's [`ConditionalLayer`] works in axum too, at the price of that
//! box: one allocation per response.
//!
//! With hyper 1 (through hyper-util), around any tower service; the request
//! body is mapped to one that has a `Default` (see [`Conditional`]):
//!
//! ```
//! use http_body_util::{combinators::BoxBody, BodyExt, Full};
//! use hyper::body::{Bytes, Incoming};
//! use hyper_util::service::TowerToHyperService;
//! use precond_tower::ConditionalLayer;
//! use tower::ServiceBuilder;
//!
//! async fn handler(
//!     _req: http::Request<BoxBody<Bytes, hyper::Error>>,
//! ) -> Result<http::Response<Full<Bytes>>, hyper::Error> {
//!     Ok(http::Response::builder()
//!         .header("etag", "\"v1\"")
//!         .body(Full::new(Bytes::from("hello")))
//!         .unwrap())
//! }
//!
//! let service = ServiceBuilder::new()
//!     .map_request(|req: http::Request<Incoming>| req.map(|body| body.boxed()))
//!     .layer(ConditionalLayer::new())
//!     .service_fn(handler);
//! let service = TowerToHyperService::new(service);
//! // hyper::server::conn::http1::Builder::new().serve_connection(io, service)
//! # let _ = service;
//! ```
//!
//! With tonic 0.14, on the whole server:
//! `Server::builder().layer(ConditionalLayer::new()).add_service(service)`.
//! gRPC calls are POSTs, passed through untouched (status, fields, body,
//! trailers with `grpc-status`) unless a `.current(f)` lookup is given.
//!
//! # What is in the crate
//!
//! - [`conditional`]: the layer, its service, future and body. Its
//!   documentation says exactly what the layer does, before and after the
//!   handler, and what each builder method adds.
//! - [`response`]: the one place that builds 304, 412, 416 and 428 responses
//!   (header fields, short bodies, framing for HEAD), for the layer and for
//!   handlers that answer conditional requests themselves.
//!
//! # Guarantees
//!
//! No `unsafe`, no panic on any request or response, the inner service's
//! error type kept, and no allocation for a request without conditional
//! fields (unless `.hash_body` is on).
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

pub mod conditional;
pub mod response;

pub use conditional::{
    Conditional, ConditionalBody, ConditionalLayer, Current, Lookup, NoLookup, OnLookupError,
    ResponseFuture,
};
