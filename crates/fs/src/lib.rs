//! Files and byte content served exactly as RFC 9110 says: preconditions
//! (§13), byte ranges (§14), validators for files (§8.8), and directories
//! served without ever reading outside them.
//!
//! - [`serve_content`]: one call that answers a GET or HEAD for any
//!   [`Content`]: 200, 206 (one range, or `multipart/byteranges` streamed
//!   part by part), 304, 412, 416, or 405 for other methods. Preconditions
//!   first ([`precond::evaluate`], RFC 9110 §13.2.2), the Range only when they
//!   let it (§14.2), then [`precond_range`] resolves it; the 304 / 412 / 416
//!   come from [`precond_tower::response`].
//! - [`ServeDir`] / [`ServeFile`]: tower services for a directory or one
//!   file, with [`Validators`] from each file's [`FileStamp`] (or its content,
//!   when its modification time is a placeholder), safe path resolution
//!   ([`path`]), `Content-Type` from the extension, and optional
//!   precompressed siblings ([`coding`]).
//! - [`ByteSource`]: where the bytes come from — [`bytes::Bytes`] in memory,
//!   a [`FileSource`], or any `AsyncRead + AsyncSeek` through [`Seekable`] —
//!   read one chunk (64 KiB) at a time, so memory stays flat whatever the
//!   size.
//!
//! # Serving bytes
//!
//! ```
//! use bytes::Bytes;
//! use http::{header, Method, HeaderMap, HeaderValue, StatusCode};
//! use http_body_util::BodyExt;
//! use precond::{EntityTag, HttpDate, Request};
//! use precond_fs::{serve_content, Content, Validators};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let rt = tokio::runtime::Builder::new_current_thread().build()?;
//! let now = HttpDate::from_unix_seconds(1_700_000_000)?;
//! let content = || {
//!     Content::new(Bytes::from_static(b"hello world"), 11)
//!         .validators(Validators::new(EntityTag::from_version(7), None))
//!         .content_type(HeaderValue::from_static("text/plain"))
//! };
//!
//! // The current tag in If-None-Match: 304, no content.
//! let mut fields = HeaderMap::new();
//! fields.insert(header::IF_NONE_MATCH, HeaderValue::from_static("\"7\""));
//! let res = serve_content(Request::new(&Method::GET, &fields), content(), now);
//! assert_eq!(res.status(), StatusCode::NOT_MODIFIED);
//!
//! // A plain GET: the whole content, with its length and validators.
//! let res = serve_content(Request::new(&Method::GET, &HeaderMap::new()), content(), now);
//! assert_eq!(res.status(), StatusCode::OK);
//! assert_eq!(res.headers()[header::ETAG], "\"7\"");
//! assert_eq!(res.headers()[header::CONTENT_LENGTH], "11");
//! let body = rt.block_on(res.into_body().collect())?.to_bytes();
//! assert_eq!(body, "hello world");
//! # Ok(())
//! # }
//! ```
//!
//! # Serving a directory
//!
//! [`ServeDir`] is a `tower::Service`; with hyper (see
//! `examples/serve_dir.rs` for the whole program):
//!
//! ```no_run
//! # async fn run(stream: tokio::net::TcpStream) {
//! use precond_fs::ServeDir;
//!
//! let service = ServeDir::new("public").precompressed_br().precompressed_gzip();
//! let handler = hyper::service::service_fn(move |req| {
//!     let res = service.serve(&req);
//!     async move { Ok::<_, std::convert::Infallible>(res.await) }
//! });
//! let io = hyper_util::rt::TokioIo::new(stream);
//! hyper::server::conn::http1::Builder::new().serve_connection(io, handler).await.ok();
//! # }
//! ```
//!
//! # A file that changes while it is served
//!
//! A file's validators are taken from the open handle's metadata, so they
//! describe the bytes read. Once the response's last byte has been read and
//! before it is sent, [`FileSource`] takes the metadata again; if the file's
//! identity, length or modification time changed, the body ends with an
//! error and the server closes the connection: the client receives fewer
//! bytes than Content-Length announced, which every HTTP client reports as an
//! incomplete response, never a whole one mixing two versions. The next
//! request gets the new file with new validators, so a resumed download with
//! the old tag in If-Range gets 200 with the whole new file (RFC 9110
//! §13.1.5), never a 206 of the new bytes.
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

mod body;
pub mod coding;
mod dir;
mod locate;
pub mod path;
mod serve;
mod source;
mod validators;

pub use body::Body;
pub use dir::{ResponseFuture, ServeDir, ServeFile};
pub use serve::{Content, serve_content};
pub use source::{ByteSource, FileSource, Seekable};
pub use validators::{FileStamp, TagSource, Validators, content_tag};
