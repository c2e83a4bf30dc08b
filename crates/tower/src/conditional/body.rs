//! [`ConditionalBody`]: the one body type of the layer's responses.

use core::pin::Pin;
use core::task::{Context, Poll};
use std::collections::VecDeque;

use bytes::{Buf, Bytes};
use http::HeaderMap;
use http_body::{Body, Frame, SizeHint};
use pin_project_lite::pin_project;

use crate::response::ShortBody;

pin_project! {
    /// The body of a response that went through the
    /// [`ConditionalLayer`](crate::ConditionalLayer): the inner service's body
    /// (frames and trailers passed through as they come), the short body of a
    /// response the layer answered itself (304, 412, 428, 500), or a body the
    /// layer read to hash it, replayed and followed by what was not read.
    ///
    /// Its data chunks are [`Bytes`]: an inner chunk of another [`Buf`] type
    /// is turned into `Bytes` (free for `Bytes`, the type hyper, axum and
    /// tower-http use; a copy otherwise). Its error type is the inner body's.
    pub struct ConditionalBody<B>
    where
        B: Body,
    {
        #[pin]
        kind: Kind<B>,
    }
}

pin_project! {
    #[project = KindProj]
    enum Kind<B>
    where
        B: Body,
    {
        Inner { #[pin] body: B },
        Short { body: ShortBody },
        // Boxed: rare (`.hash_body`), and large beside the other arms.
        Replay { replay: Box<Replay<B>> },
    }
}

/// A body the layer read part or all of: the chunks read, then how it ended
/// while being read (trailers, an error) or the rest of it.
pub(crate) struct Replay<B: Body> {
    pub(crate) chunks: VecDeque<Bytes>,
    /// Bytes in `chunks`.
    pub(crate) buffered: u64,
    pub(crate) end: End<B>,
}

/// What follows the chunks of a [`Replay`].
pub(crate) enum End<B: Body> {
    /// The body ended while read, with these trailers or none.
    Trailers(Option<HeaderMap>),
    /// The body failed while read; the error is sent after the chunks.
    Error(Option<B::Error>),
    /// The body was not read to its end: the rest follows.
    Rest(Pin<Box<B>>),
}

impl<B: Body> ConditionalBody<B> {
    /// The inner service's body, passed through.
    pub(crate) fn inner(body: B) -> Self {
        ConditionalBody {
            kind: Kind::Inner { body },
        }
    }

    /// A body the layer built.
    pub(crate) fn short(body: ShortBody) -> Self {
        ConditionalBody {
            kind: Kind::Short { body },
        }
    }

    /// The inner service's body, when this is it (the layer passed the
    /// response through, or changed only its header fields); otherwise the
    /// body itself, which the layer built or read.
    ///
    /// A framework with one body type of its own (axum's `Body`) gets the
    /// handler's body back unchanged, with no new box around it.
    pub fn into_inner(self) -> Result<B, Self> {
        match self.kind {
            Kind::Inner { body } => Ok(body),
            kind => Err(ConditionalBody { kind }),
        }
    }

    /// A body read in part or in full.
    pub(crate) fn replay(replay: Replay<B>) -> Self {
        ConditionalBody {
            kind: Kind::Replay {
                replay: Box::new(replay),
            },
        }
    }
}

impl<B: Body + Default> Default for ConditionalBody<B> {
    fn default() -> Self {
        ConditionalBody::inner(B::default())
    }
}

impl<B: Body> core::fmt::Debug for ConditionalBody<B> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let kind = match &self.kind {
            Kind::Inner { .. } => "inner",
            Kind::Short { .. } => "short",
            Kind::Replay { .. } => "replay",
        };
        f.debug_struct("ConditionalBody")
            .field("kind", &kind)
            .finish()
    }
}

/// The chunk as `Bytes`: `Bytes` itself is moved, not copied.
fn to_bytes<D: Buf>(mut data: D) -> Bytes {
    data.copy_to_bytes(data.remaining())
}

/// A frame of the inner body with its data as `Bytes`.
pub(crate) fn frame_to_bytes<D: Buf>(frame: Frame<D>) -> Frame<Bytes> {
    frame.map_data(to_bytes)
}

impl<B: Body> Body for ConditionalBody<B> {
    type Data = Bytes;
    type Error = B::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, B::Error>>> {
        match self.project().kind.project() {
            KindProj::Inner { body } => body
                .poll_frame(cx)
                .map(|frame| frame.map(|f| f.map(frame_to_bytes))),
            KindProj::Short { body } => match Pin::new(body).poll_frame(cx) {
                Poll::Ready(Some(Ok(frame))) => Poll::Ready(Some(Ok(frame))),
                Poll::Ready(Some(Err(never))) => match never {},
                Poll::Ready(None) => Poll::Ready(None),
                Poll::Pending => Poll::Pending,
            },
            KindProj::Replay { replay } => replay.poll_frame(cx),
        }
    }

    fn is_end_stream(&self) -> bool {
        match &self.kind {
            Kind::Inner { body } => body.is_end_stream(),
            Kind::Short { body } => body.is_end_stream(),
            Kind::Replay { replay } => replay.is_end_stream(),
        }
    }

    fn size_hint(&self) -> SizeHint {
        match &self.kind {
            Kind::Inner { body } => body.size_hint(),
            Kind::Short { body } => body.size_hint(),
            Kind::Replay { replay } => replay.size_hint(),
        }
    }
}

impl<B: Body> Replay<B> {
    fn poll_frame(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, B::Error>>> {
        if let Some(chunk) = self.chunks.pop_front() {
            self.buffered = self.buffered.saturating_sub(chunk.len() as u64);
            return Poll::Ready(Some(Ok(Frame::data(chunk))));
        }
        match &mut self.end {
            End::Trailers(trailers) => Poll::Ready(trailers.take().map(|t| Ok(Frame::trailers(t)))),
            End::Error(error) => Poll::Ready(error.take().map(Err)),
            End::Rest(rest) => rest
                .as_mut()
                .poll_frame(cx)
                .map(|frame| frame.map(|f| f.map(frame_to_bytes))),
        }
    }

    fn is_end_stream(&self) -> bool {
        self.chunks.is_empty()
            && match &self.end {
                End::Trailers(trailers) => trailers.is_none(),
                End::Error(error) => error.is_none(),
                End::Rest(rest) => rest.is_end_stream(),
            }
    }

    fn size_hint(&self) -> SizeHint {
        match &self.end {
            End::Trailers(_) | End::Error(_) => SizeHint::with_exact(self.buffered),
            End::Rest(rest) => {
                let rest = rest.size_hint();
                let mut hint = SizeHint::new();
                hint.set_lower(rest.lower().saturating_add(self.buffered));
                if let Some(upper) = rest.upper().and_then(|u| u.checked_add(self.buffered)) {
                    hint.set_upper(upper);
                }
                hint
            }
        }
    }
}
