//! The response body: nothing, bytes, or a plan of byte spans streamed from a
//! [`ByteSource`] one chunk at a time.

use std::collections::VecDeque;
use std::fmt;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use bytes::Bytes;
use http_body::{Body as _, Frame, SizeHint};
use precond_tower::response::ShortBody;

use crate::source::ByteSource;
use crate::validators::CHUNK;

/// The body of every response this crate builds.
///
/// Its exact length is known before the first byte (`size_hint` is exact), so
/// a server sends `Content-Length` and no chunked framing. A streamed body
/// holds at most one chunk (64 KiB) at a time.
pub struct Body {
    kind: Kind,
}

enum Kind {
    Empty,
    /// A 304 / 412 / 416 built by `precond_tower::response`, framing included.
    Short(ShortBody),
    Full(Option<Bytes>),
    Stream(Box<Stream>),
}

/// One piece of a planned body: bytes of the plan itself (the part headers of
/// a `multipart/byteranges` body) or a span of the content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Segment {
    Bytes(Bytes),
    Span { start: u64, len: u64 },
}

struct Stream {
    source: Box<dyn ByteSource>,
    segments: VecDeque<Segment>,
    /// Spans not yet read completely (the last one triggers the check).
    spans_left: usize,
    remaining: u64,
    /// The last chunk of content, held back until the source is verified.
    held: Option<Bytes>,
}

impl Body {
    /// An empty body (HEAD, 304, 412, 416).
    pub fn empty() -> Self {
        Body { kind: Kind::Empty }
    }

    /// A body of the given segments, read from `source`.
    pub(crate) fn stream(source: Box<dyn ByteSource>, segments: VecDeque<Segment>) -> Self {
        let mut remaining: u64 = 0;
        let mut spans_left = 0;
        for s in &segments {
            match s {
                Segment::Bytes(b) => remaining = remaining.saturating_add(b.len() as u64),
                Segment::Span { len, .. } => {
                    remaining = remaining.saturating_add(*len);
                    spans_left += 1;
                }
            }
        }
        Body {
            kind: Kind::Stream(Box::new(Stream {
                source,
                segments,
                spans_left,
                remaining,
                held: None,
            })),
        }
    }
}

impl From<ShortBody> for Body {
    fn from(body: ShortBody) -> Self {
        Body {
            kind: Kind::Short(body),
        }
    }
}

impl From<Bytes> for Body {
    fn from(bytes: Bytes) -> Self {
        Body {
            kind: Kind::Full(Some(bytes)),
        }
    }
}

impl Default for Body {
    fn default() -> Self {
        Body::empty()
    }
}

impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (kind, len) = match &self.kind {
            Kind::Empty => ("empty", 0),
            Kind::Short(b) => ("short", b.size_hint().exact().unwrap_or(0)),
            Kind::Full(b) => ("full", b.as_ref().map_or(0, |b| b.len() as u64)),
            Kind::Stream(s) => ("stream", s.remaining),
        };
        f.debug_struct("Body")
            .field("kind", &kind)
            .field("remaining", &len)
            .finish()
    }
}

impl http_body::Body for Body {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, io::Error>>> {
        match &mut self.get_mut().kind {
            Kind::Empty => Poll::Ready(None),
            Kind::Short(b) => Pin::new(b)
                .poll_frame(cx)
                .map(|f| f.map(|r| r.map_err(|never| match never {}))),
            Kind::Full(bytes) => Poll::Ready(
                bytes
                    .take()
                    .filter(|b| !b.is_empty())
                    .map(|b| Ok(Frame::data(b))),
            ),
            Kind::Stream(stream) => stream.poll_chunk(cx).map(|c| c.map(|r| r.map(Frame::data))),
        }
    }

    fn is_end_stream(&self) -> bool {
        match &self.kind {
            Kind::Empty => true,
            Kind::Short(b) => b.is_end_stream(),
            Kind::Full(b) => b.as_ref().is_none_or(Bytes::is_empty),
            // Exactly when the next poll gives `None`: nothing held back and
            // nothing left to read (every byte sent, or the body failed).
            Kind::Stream(s) => s.held.is_none() && s.segments.is_empty(),
        }
    }

    fn size_hint(&self) -> SizeHint {
        match &self.kind {
            Kind::Empty => SizeHint::with_exact(0),
            // A 304's announces no length (RFC 9110 §8.6).
            Kind::Short(b) => b.size_hint(),
            Kind::Full(b) => SizeHint::with_exact(b.as_ref().map_or(0, |b| b.len() as u64)),
            Kind::Stream(s) => SizeHint::with_exact(s.remaining),
        }
    }
}

impl Stream {
    fn poll_chunk(&mut self, cx: &mut Context<'_>) -> Poll<Option<io::Result<Bytes>>> {
        // Each turn either returns or removes a segment (or shortens a span by
        // at least one byte), so the loop ends.
        loop {
            if self.held.is_some() {
                // Every byte of content has been read: check the source before
                // the last of it leaves.
                if let Err(e) = ready!(self.source.poll_verify(cx)) {
                    return self.fail(e);
                }
                if let Some(last) = self.held.take() {
                    return Poll::Ready(Some(Ok(self.sent(last))));
                }
            }
            let Some(segment) = self.segments.front_mut() else {
                return Poll::Ready(None);
            };
            match segment {
                Segment::Bytes(b) => {
                    let b = std::mem::take(b);
                    self.segments.pop_front();
                    if !b.is_empty() {
                        return Poll::Ready(Some(Ok(self.sent(b))));
                    }
                }
                Segment::Span { len: 0, .. } => {
                    self.segments.pop_front();
                    self.spans_left = self.spans_left.saturating_sub(1);
                }
                Segment::Span { start, len } => {
                    let max = usize::try_from(*len).unwrap_or(CHUNK).min(CHUNK);
                    let chunk = match ready!(self.source.poll_read_at(cx, *start, max)) {
                        Ok(c) => c,
                        Err(e) => return self.fail(e),
                    };
                    let n = chunk.len() as u64;
                    if n == 0 || n > *len {
                        return self.fail(crate::validators::changed(
                            "the content ended before the length the response announced",
                        ));
                    }
                    *start = start.saturating_add(n);
                    *len -= n;
                    if *len > 0 {
                        return Poll::Ready(Some(Ok(self.sent(chunk))));
                    }
                    self.segments.pop_front();
                    self.spans_left = self.spans_left.saturating_sub(1);
                    if self.spans_left == 0 {
                        self.held = Some(chunk);
                    } else {
                        return Poll::Ready(Some(Ok(self.sent(chunk))));
                    }
                }
            }
        }
    }

    fn sent(&mut self, chunk: Bytes) -> Bytes {
        self.remaining = self.remaining.saturating_sub(chunk.len() as u64);
        chunk
    }

    fn fail(&mut self, e: io::Error) -> Poll<Option<io::Result<Bytes>>> {
        self.segments.clear();
        self.held = None;
        Poll::Ready(Some(Err(e)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::task::Waker;

    /// Bytes whose verification says what the test wants, counting reads.
    struct Checked {
        bytes: Bytes,
        ok: bool,
        reads: usize,
    }

    impl ByteSource for Checked {
        fn poll_read_at(
            &mut self,
            cx: &mut Context<'_>,
            offset: u64,
            max: usize,
        ) -> Poll<io::Result<Bytes>> {
            self.reads += 1;
            // At most 3 bytes a read, so spans take several chunks.
            self.bytes.poll_read_at(cx, offset, max.min(3))
        }

        fn poll_verify(&mut self, _: &mut Context<'_>) -> Poll<io::Result<()>> {
            Poll::Ready(if self.ok {
                Ok(())
            } else {
                Err(io::Error::other("changed"))
            })
        }
    }

    fn drain(mut body: Body) -> (Vec<u8>, Option<io::Error>) {
        let mut cx = Context::from_waker(Waker::noop());
        let mut out = Vec::new();
        let expected = body.size_hint().exact();
        // Bounded: every frame carries at least one byte of a finite plan.
        for _ in 0..1000 {
            match Pin::new(&mut body).poll_frame(&mut cx) {
                Poll::Ready(Some(Ok(frame))) => out.extend_from_slice(&frame.into_data().unwrap()),
                Poll::Ready(Some(Err(e))) => return (out, Some(e)),
                Poll::Ready(None) => {
                    assert_eq!(expected, Some(out.len() as u64), "size hint");
                    assert!(body.is_end_stream());
                    return (out, None);
                }
                Poll::Pending => panic!("ready sources only"),
            }
        }
        panic!("no end");
    }

    fn plan() -> VecDeque<Segment> {
        VecDeque::from([
            Segment::Bytes(Bytes::from_static(b"<")),
            Segment::Span { start: 6, len: 5 },
            Segment::Bytes(Bytes::from_static(b"|")),
            Segment::Span { start: 0, len: 0 },
            Segment::Span { start: 0, len: 5 },
            Segment::Bytes(Bytes::from_static(b">")),
        ])
    }

    #[test]
    fn segments_stream_in_order_with_an_exact_length() {
        let source = Checked {
            bytes: Bytes::from_static(b"hello world"),
            ok: true,
            reads: 0,
        };
        let (out, err) = drain(Body::stream(Box::new(source), plan()));
        assert!(err.is_none());
        assert_eq!(out, b"<world|hello>");
    }

    #[test]
    fn a_failed_check_withholds_the_last_chunk_and_ends_in_an_error() {
        let source = Checked {
            bytes: Bytes::from_static(b"hello world"),
            ok: false,
            reads: 0,
        };
        let (out, err) = drain(Body::stream(Box::new(source), plan()));
        assert_eq!(err.map(|e| e.to_string()).as_deref(), Some("changed"));
        // "hel" is the first chunk of the last span; "lo" is never sent.
        assert_eq!(out, b"<world|hel");
    }

    #[test]
    fn content_shorter_than_announced_is_an_error() {
        let source = Checked {
            bytes: Bytes::from_static(b"short"),
            ok: true,
            reads: 0,
        };
        let segments = VecDeque::from([Segment::Span { start: 0, len: 10 }]);
        let (out, err) = drain(Body::stream(Box::new(source), segments));
        assert_eq!(out, b"short");
        assert_eq!(err.unwrap().kind(), io::ErrorKind::InvalidData);
    }

    #[test]
    fn empty_and_full_bodies() {
        assert_eq!(drain(Body::empty()).0, b"");
        assert_eq!(drain(Body::from(Bytes::from_static(b"abc"))).0, b"abc");
    }
}
