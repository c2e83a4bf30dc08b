//! `.hash_body(max)`: reading a 200's body to give it a strong ETag.

use core::pin::Pin;
use core::task::{Context, Poll};
use std::collections::VecDeque;

use http::header::{self, HeaderMap, HeaderValue};
use http::response;
use http_body::Body;
use precond::EntityTag;
use sha2::{Digest, Sha256};

use super::body::{End, Replay, frame_to_bytes};

/// Frames read per poll before yielding to the executor, so that a body of
/// many tiny chunks cannot hold a worker thread for long.
const FRAMES_PER_POLL: usize = 64;

/// Whether a response's body is to be hashed: `.hash_body(max)` is on, it is
/// a 200 to GET or HEAD without an ETag, it is not an event stream, and its
/// size hint does not already say it is longer than `max`.
pub(crate) fn wanted(
    limit: Option<u64>,
    head_or_get: bool,
    parts: &response::Parts,
    hint_lower: u64,
) -> Option<u64> {
    let max = limit?;
    let wanted = head_or_get
        && parts.status == http::StatusCode::OK
        && !parts.headers.contains_key(header::ETAG)
        && !is_event_stream(&parts.headers)
        && hint_lower <= max;
    wanted.then_some(max)
}

/// `Content-Type: text/event-stream` (with or without parameters): a stream
/// that may never end, so never read ahead.
fn is_event_stream(headers: &HeaderMap) -> bool {
    const SSE: &[u8] = b"text/event-stream";
    headers.get(header::CONTENT_TYPE).is_some_and(|v| {
        let v = v.as_bytes();
        v.get(..SSE.len())
            .is_some_and(|t| t.eq_ignore_ascii_case(SSE))
            && v.get(SSE.len())
                .is_none_or(|&b| b == b';' || b == b' ' || b == b'\t')
    })
}

/// A body being read and hashed, and the response head it belongs to.
pub(crate) struct Hashing<B: Body> {
    parts: Option<response::Parts>,
    body: Option<Pin<Box<B>>>,
    chunks: VecDeque<Bytes>,
    trailers: Option<HeaderMap>,
    hasher: Sha256,
    read: u64,
    max: u64,
    head: bool,
}

use bytes::Bytes;

/// How the reading ended.
pub(crate) enum Hashed {
    /// Read to its end: the ETag was set (for HEAD, only when the body was
    /// there in full); evaluate the request against it.
    Complete,
    /// Longer than the limit: sent as read, then the rest, with no ETag.
    TooLong,
    /// The body failed: sent as read, then the error, and nothing evaluated.
    Failed,
}

impl<B: Body> Hashing<B> {
    pub(crate) fn new(parts: response::Parts, body: B, max: u64, head: bool) -> Self {
        Hashing {
            parts: Some(parts),
            body: Some(Box::pin(body)),
            chunks: VecDeque::new(),
            trailers: None,
            hasher: Sha256::new(),
            read: 0,
            max,
            head,
        }
    }

    /// Reads until the body ends, fails or passes the limit. Returns the
    /// head (with the ETag when complete), the body to send, and how it
    /// ended; `None` only when polled again after that.
    pub(crate) fn poll(
        &mut self,
        cx: &mut Context<'_>,
    ) -> Poll<Option<(response::Parts, Replay<B>, Hashed)>> {
        for _ in 0..FRAMES_PER_POLL {
            let Some(body) = self.body.as_mut() else {
                return Poll::Ready(None);
            };
            let frame = match body.as_mut().poll_frame(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(self.finish(End::Trailers(None))),
                Poll::Ready(Some(Err(e))) => return Poll::Ready(self.finish(End::Error(Some(e)))),
                Poll::Ready(Some(Ok(frame))) => frame_to_bytes(frame),
            };
            match frame.into_data() {
                Ok(chunk) => {
                    self.hasher.update(&chunk);
                    self.read = self.read.saturating_add(chunk.len() as u64);
                    self.chunks.push_back(chunk);
                    if self.read > self.max {
                        let rest = self.body.take();
                        return Poll::Ready(rest.and_then(|rest| self.finish(End::Rest(rest))));
                    }
                }
                Err(frame) => {
                    // Trailers end the body; anything else is not ours to read.
                    if let Ok(trailers) = frame.into_trailers() {
                        self.trailers = Some(trailers);
                    }
                }
            }
        }
        cx.waker().wake_by_ref();
        Poll::Pending
    }

    fn finish(&mut self, end: End<B>) -> Option<(response::Parts, Replay<B>, Hashed)> {
        let mut parts = self.parts.take()?;
        self.body = None;
        let (end, how) = match end {
            End::Trailers(None) => {
                let digest = core::mem::take(&mut self.hasher).finalize();
                if !self.head || head_body_is_whole(&parts.headers, self.read) {
                    let tag = EntityTag::from_digest(&digest);
                    parts.headers.insert(header::ETAG, tag.to_header_value());
                }
                (End::Trailers(self.trailers.take()), Hashed::Complete)
            }
            End::Rest(rest) => (End::Rest(rest), Hashed::TooLong),
            end @ (End::Error(_) | End::Trailers(Some(_))) => (end, Hashed::Failed),
        };
        let replay = Replay {
            chunks: core::mem::take(&mut self.chunks),
            buffered: self.read,
            end,
        };
        Some((parts, replay, how))
    }
}

/// Whether the body of a response to HEAD, `read` bytes long, is the GET's
/// whole body, so that its hash is the GET's tag: its Content-Length says
/// so, or, without one, it is not empty (a stripped body is empty). An empty
/// body without Content-Length may have been stripped: no tag then, for a
/// HEAD must never get a tag other than the GET's.
fn head_body_is_whole(headers: &HeaderMap, read: u64) -> bool {
    match content_length(headers) {
        Some(length) => length == read,
        None => !headers.contains_key(header::CONTENT_LENGTH) && read > 0,
    }
}

/// The value of a single, valid Content-Length field line.
fn content_length(headers: &HeaderMap) -> Option<u64> {
    let mut lines = headers.get_all(header::CONTENT_LENGTH).iter();
    let value: &HeaderValue = lines.next()?;
    if lines.next().is_some() {
        return None;
    }
    let digits = value.as_bytes();
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    core::str::from_utf8(digits).ok()?.parse().ok()
}
