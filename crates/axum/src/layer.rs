//! [`ConditionalLayer`]: precond-tower's layer, answering in axum's types.

use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll, ready};

use core::convert::Infallible;

use axum::body::{Body, Bytes, HttpBody};
use axum::http::{HeaderName, Method, Request};
use axum::response::Response;
use http_body::Frame;
use pin_project_lite::pin_project;
use precond::HttpDate;
use precond_tower::{ConditionalBody, Lookup, NoLookup, OnLookupError};
use tower::{Layer, Service};

/// [`precond_tower::ConditionalLayer`] for axum: the same layer, the same
/// builder methods, whose service answers axum's [`Response`]
/// (`Response<axum::body::Body>`) instead of a `Response<ConditionalBody<_>>`.
///
/// What differs is only what it costs: a response the layer passes through
/// keeps the handler's `Body` as it is, and only the answers the layer made
/// itself (304, 412, 428, 500) or read (`.hash_body`) get a new `Body`.
/// With `precond_tower::ConditionalLayer`, axum boxes every response's
/// `ConditionalBody` into a `Body` once more (an allocation, and a second
/// dynamic call per frame). For the same reason the wrapped router,
/// `ConditionalLayer::new().layer(router)`, is a service `axum::serve` takes
/// as it is.
///
/// ```
/// use axum::{body::Body, routing::get, Router};
/// use http::{header, Request, StatusCode};
/// use precond_axum::ConditionalLayer;
/// use tower::ServiceExt;
///
/// async fn page() -> ([(header::HeaderName, &'static str); 1], &'static str) {
///     ([(header::ETAG, "\"v1\"")], "hello")
/// }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let app = Router::new().route("/", get(page)).layer(ConditionalLayer::new());
///
/// let req = Request::get("/").header(header::IF_NONE_MATCH, "\"v1\"");
/// let res = app.oneshot(req.body(Body::empty())?).await?;
/// assert_eq!(res.status(), StatusCode::NOT_MODIFIED);
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct ConditionalLayer<L = NoLookup> {
    layer: precond_tower::ConditionalLayer<L>,
}

impl ConditionalLayer {
    /// The zero-configuration layer:
    /// [`precond_tower::ConditionalLayer::new`].
    pub fn new() -> Self {
        precond_tower::ConditionalLayer::new().into()
    }
}

impl Default for ConditionalLayer {
    fn default() -> Self {
        ConditionalLayer::new()
    }
}

impl<L> From<precond_tower::ConditionalLayer<L>> for ConditionalLayer<L> {
    /// The same configuration, answering in axum's types.
    fn from(layer: precond_tower::ConditionalLayer<L>) -> Self {
        ConditionalLayer { layer }
    }
}

/// Each builder method is precond-tower's, which says what it does.
impl<L> ConditionalLayer<L> {
    /// The current validators looked up before the handler runs (and so
    /// writes guarded), as [`precond_tower::ConditionalLayer::current`].
    pub fn current<F: Lookup>(self, lookup: F) -> ConditionalLayer<F> {
        self.layer.current(lookup).into()
    }

    /// What a failed lookup becomes, as
    /// [`precond_tower::ConditionalLayer::on_lookup_error`].
    pub fn on_lookup_error(self, what: OnLookupError) -> Self {
        self.layer.on_lookup_error(what).into()
    }

    /// 428 (RFC 6585 §3) for these methods without a precondition, as
    /// [`precond_tower::ConditionalLayer::require_precondition`].
    pub fn require_precondition(self, methods: impl IntoIterator<Item = Method>) -> Self {
        self.layer.require_precondition(methods).into()
    }

    /// Strong ETags from a SHA-256 of bodies up to `max_bytes`, as
    /// [`precond_tower::ConditionalLayer::hash_body`].
    pub fn hash_body(self, max_bytes: u64) -> Self {
        self.layer.hash_body(max_bytes).into()
    }

    /// Strong ETags made weak on encoded responses (RFC 9110 §8.8.3.3), as
    /// [`precond_tower::ConditionalLayer::weaken_when_encoded`].
    pub fn weaken_when_encoded(self) -> Self {
        self.layer.weaken_when_encoded().into()
    }

    /// A response field saying what was decided, as
    /// [`precond_tower::ConditionalLayer::trace_header`].
    pub fn trace_header(self, name: HeaderName) -> Self {
        self.layer.trace_header(name).into()
    }

    /// The clock giving `now`, as [`precond_tower::ConditionalLayer::clock`].
    pub fn clock(self, now: impl Fn() -> HttpDate + Send + Sync + 'static) -> Self {
        self.layer.clock(now).into()
    }
}

impl<S, L: Clone> Layer<S> for ConditionalLayer<L> {
    type Service = Conditional<S, L>;

    fn layer(&self, inner: S) -> Self::Service {
        Conditional {
            inner: self.layer.layer(inner),
        }
    }
}

/// The service [`ConditionalLayer`] produces: [`precond_tower::Conditional`]
/// (whose documentation says what it needs of the inner service), answering
/// axum's [`Response`].
#[derive(Clone, Debug)]
pub struct Conditional<S, L = NoLookup> {
    inner: precond_tower::Conditional<S, L>,
}

impl<S, L> Conditional<S, L> {
    /// The inner service.
    pub fn get_ref(&self) -> &S {
        self.inner.get_ref()
    }

    /// The inner service, mutably.
    pub fn get_mut(&mut self) -> &mut S {
        self.inner.get_mut()
    }

    /// The inner service, taken back.
    pub fn into_inner(self) -> S {
        self.inner.into_inner()
    }
}

impl<S, L, ReqBody> Service<Request<ReqBody>> for Conditional<S, L>
where
    S: Service<Request<ReqBody>, Response = Response> + Clone,
    L: Lookup,
    ReqBody: Default,
{
    type Response = Response;
    type Error = S::Error;
    type Future = ResponseFuture<S, L, ReqBody>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request<ReqBody>) -> Self::Future {
        ResponseFuture {
            inner: self.inner.call(req),
        }
    }
}

pin_project! {
    /// The future of [`Conditional`]'s response.
    pub struct ResponseFuture<S, L, ReqBody>
    where
        S: Service<Request<ReqBody>>,
        L: Lookup,
    {
        #[pin]
        inner: precond_tower::ResponseFuture<S, L, ReqBody, Body>,
    }
}

impl<S, L, ReqBody> Future for ResponseFuture<S, L, ReqBody>
where
    S: Service<Request<ReqBody>, Response = Response>,
    L: Lookup,
    ReqBody: Default,
{
    type Output = Result<Response, S::Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let res = ready!(self.project().inner.poll(cx))?;
        Poll::Ready(Ok(res.map(axum_body)))
    }
}

/// The handler's own `Body` when the layer passed it through; a new `Body`
/// around what the layer built or read otherwise.
///
/// A body with nothing left to send (a 304, an answer to HEAD) becomes a
/// zero-sized body with the same framing, which axum's `Body::new` does not
/// allocate for: an exact length of zero, or, for a 304, none at all (so
/// that no `Content-Length: 0` is added, RFC 9110 §8.6).
fn axum_body(body: ConditionalBody<Body>) -> Body {
    match body.into_inner() {
        Ok(handlers) => handlers,
        Err(layers) if layers.is_end_stream() => match layers.size_hint().exact() {
            None => Body::new(NoLength),
            Some(0) => Body::empty(),
            Some(_) => Body::new(layers),
        },
        Err(layers) => Body::new(layers),
    }
}

/// An ended body that announces no length.
struct NoLength;

impl HttpBody for NoLength {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        Poll::Ready(None)
    }

    fn is_end_stream(&self) -> bool {
        true
    }
}
