//! [`ConditionalLayer`]: the configuration, as builder methods.

use std::sync::Arc;

use http::{HeaderName, Method};
use precond::HttpDate;
use tower::Layer;

use super::current::{Lookup, NoLookup, OnLookupError};
use super::service::Conditional;

/// A [`Layer`] that gives a service exact RFC 9110 §13 conditional requests:
/// see the [crate documentation](crate) for what it does and an example.
///
/// `ConditionalLayer::new()` is the zero-configuration mode; the builder
/// methods add the rest. Every method returns the layer, so a configuration
/// reads as one sentence.
///
/// In axum, `precond_axum::ConditionalLayer` is this layer answering axum's
/// own `Response`: axum then does not box each response's body again.
#[derive(Clone, Debug)]
pub struct ConditionalLayer<L = NoLookup> {
    lookup: Option<L>,
    config: Arc<Config>,
}

/// What every request through a layer shares (one `Arc` clone per request).
#[derive(Clone, Debug, Default)]
pub(crate) struct Config {
    /// `.hash_body(max)`.
    pub(crate) hash_limit: Option<u64>,
    /// `.weaken_when_encoded()`.
    pub(crate) weaken: bool,
    /// `.require_precondition(methods)`; empty when not asked for.
    pub(crate) required: Vec<Method>,
    /// `.trace_header(name)`.
    pub(crate) trace_header: Option<HeaderName>,
    /// `.clock(f)`; `None` reads the system clock.
    pub(crate) clock: Option<Clock>,
    /// `.on_lookup_error(what)`.
    pub(crate) on_lookup_error: OnLookupError,
}

/// An injected clock.
#[derive(Clone)]
pub(crate) struct Clock(pub(crate) Arc<dyn Fn() -> HttpDate + Send + Sync>);

impl core::fmt::Debug for Clock {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Clock(..)")
    }
}

impl Config {
    /// The clock reading: the injected clock, or the system's.
    pub(crate) fn now(&self) -> HttpDate {
        match &self.clock {
            Some(clock) => (clock.0)(),
            None => HttpDate::now(),
        }
    }

    /// Whether the layer changes, or may change, the response to a request
    /// without conditional fields: `.hash_body` gives it an ETag,
    /// `.weaken_when_encoded` weakens its tag, `.trace_header` adds a field.
    /// Without these, such a response passes through unread.
    pub(crate) fn reads_every_response(&self) -> bool {
        self.hash_limit.is_some() || self.weaken || self.trace_header.is_some()
    }

    /// Whether `method` must carry a precondition (`.require_precondition`).
    pub(crate) fn requires(&self, method: &Method) -> bool {
        self.required.iter().any(|m| m == method)
    }
}

impl Default for ConditionalLayer {
    fn default() -> Self {
        ConditionalLayer::new()
    }
}

impl ConditionalLayer {
    /// The zero-configuration layer: conditional GET and HEAD evaluated on the
    /// inner service's responses (their status, ETag and Last-Modified);
    /// every other request passes through untouched.
    pub fn new() -> Self {
        ConditionalLayer {
            lookup: None,
            config: Arc::new(Config::default()),
        }
    }
}

impl<L> ConditionalLayer<L> {
    /// Looks up the current validators before the handler runs, so that a
    /// 304 or 412 is answered without running it, a Range whose If-Range is
    /// false is removed from the request, and unsafe methods (PUT, DELETE,
    /// POST, PATCH…) are guarded by If-Match and If-Unmodified-Since.
    ///
    /// `lookup` is called only for requests that carry a conditional field
    /// (If-Match, If-None-Match, If-Modified-Since, If-Unmodified-Since,
    /// If-Range). See [`Lookup`] for its signature and
    /// [`on_lookup_error`](Self::on_lookup_error) for what a failure becomes.
    pub fn current<F: Lookup>(self, lookup: F) -> ConditionalLayer<F> {
        ConditionalLayer {
            lookup: Some(lookup),
            config: self.config,
        }
    }

    /// What a failed lookup becomes (default [`OnLookupError::InternalError`]:
    /// 500 without running the handler).
    pub fn on_lookup_error(mut self, what: OnLookupError) -> Self {
        Arc::make_mut(&mut self.config).on_lookup_error = what;
        self
    }

    /// Requests with these methods must be conditional: one that carries none
    /// of If-Match, If-Unmodified-Since and If-None-Match gets 428
    /// Precondition Required (RFC 6585 §3) before the handler runs. A create
    /// with `If-None-Match: *` is conditional.
    pub fn require_precondition(mut self, methods: impl IntoIterator<Item = Method>) -> Self {
        Arc::make_mut(&mut self.config).required = methods.into_iter().collect();
        self
    }

    /// Sets a strong ETag on a 200 to GET or HEAD that has none, from a
    /// SHA-256 of its body, read up to `max_bytes` (then evaluates the
    /// request against it).
    ///
    /// - A body known to be longer (its size hint), and an event stream
    ///   (`Content-Type: text/event-stream`, in any case, with or without
    ///   parameters), pass through unread.
    /// - A body of unknown length that turns out longer than `max_bytes` is
    ///   sent as the part read (at most `max_bytes` plus one chunk) followed
    ///   by the rest, with no ETag.
    /// - The tag depends only on the bytes, not on how they were chunked.
    /// - A HEAD response gets the tag of the GET or none: it is hashed only
    ///   when its body is there in full, as its Content-Length says (a stack
    ///   may strip a HEAD body before the layer sees it).
    pub fn hash_body(mut self, max_bytes: u64) -> Self {
        Arc::make_mut(&mut self.config).hash_limit = Some(max_bytes);
        self
    }

    /// A strong ETag on a response with a Content-Encoding becomes weak
    /// (RFC 9110 §8.8.3.3: differently encoded content needs a different
    /// strong tag), so If-Match and If-Range stay safe behind a compression
    /// layer that keeps the identity representation's tag. Put this layer
    /// outside the compression layer (added after it in axum's
    /// `.layer(…)` chain) so that it sees the encoded response.
    pub fn weaken_when_encoded(mut self) -> Self {
        Arc::make_mut(&mut self.config).weaken = true;
        self
    }

    /// Adds a response field `name` saying what the layer decided and which
    /// section of RFC 9110 decided it, for debugging.
    pub fn trace_header(mut self, name: HeaderName) -> Self {
        Arc::make_mut(&mut self.config).trace_header = Some(name);
        self
    }

    /// The clock giving `now` when a response has no Date field (default
    /// [`HttpDate::now`]); for tests.
    pub fn clock(mut self, now: impl Fn() -> HttpDate + Send + Sync + 'static) -> Self {
        Arc::make_mut(&mut self.config).clock = Some(Clock(Arc::new(now)));
        self
    }
}

impl<S, L: Clone> Layer<S> for ConditionalLayer<L> {
    type Service = Conditional<S, L>;

    fn layer(&self, inner: S) -> Self::Service {
        Conditional::new(inner, self.lookup.clone(), Arc::clone(&self.config))
    }
}
