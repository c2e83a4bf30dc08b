//! [`Conditional`]: the service the layer wraps around the inner one.

use core::task::{Context, Poll};
use std::sync::Arc;

use http::{Request, Response};
use http_body::Body;
use tower::Service;

use super::body::ConditionalBody;
use super::current::{Lookup, NoLookup};
use super::decide::{
    copy_conditions, drop_range, has_precondition, is_conditional, may_need_recall,
};
use super::future::{Plan, ResponseFuture};
use super::layer::Config;
use crate::response;

/// The service [`ConditionalLayer`](crate::ConditionalLayer) produces; see
/// the [crate documentation](crate).
///
/// # What it needs of the inner service
///
/// - `S: Clone`. When a GET with Range and If-Range gets a 206 whose own
///   validators make the If-Range false (an inner service that answers a
///   stale If-Range with a part), the layer calls a clone of the inner
///   service a second time, with the same request without Range and
///   If-Range, and sends that full response. With `.current(f)` the ready
///   service waits in the response future while the lookup runs, and a
///   clone takes its place.
/// - `ReqBody: Default`: the second call's body (a GET's content has no
///   meaning, RFC 9110 §9.3.1). axum's `Body` and http-body-util's `Empty`,
///   `Full` and boxed bodies have it; with hyper's `Incoming`, map the
///   request body first (e.g. to axum's `Body`, or `BoxBody`).
/// - The error type is the inner service's, unchanged.
#[derive(Clone, Debug)]
pub struct Conditional<S, L = NoLookup> {
    inner: S,
    lookup: Option<L>,
    config: Arc<Config>,
}

impl<S, L> Conditional<S, L> {
    pub(crate) fn new(inner: S, lookup: Option<L>, config: Arc<Config>) -> Self {
        Conditional {
            inner,
            lookup,
            config,
        }
    }

    /// The inner service.
    pub fn get_ref(&self) -> &S {
        &self.inner
    }

    /// The inner service, mutably.
    pub fn get_mut(&mut self) -> &mut S {
        &mut self.inner
    }

    /// The inner service, taken back.
    pub fn into_inner(self) -> S {
        self.inner
    }
}

impl<S, L, ReqBody, ResBody> Service<Request<ReqBody>> for Conditional<S, L>
where
    S: Service<Request<ReqBody>, Response = Response<ResBody>> + Clone,
    L: Lookup,
    ReqBody: Default,
    ResBody: Body,
{
    type Response = Response<ConditionalBody<ResBody>>;
    type Error = S::Error;
    type Future = ResponseFuture<S, L, ReqBody, ResBody>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    // Inlined, so that the path of a request without conditional fields
    // costs its caller no call; the rest is out of line (`judge`).
    #[inline]
    fn call(&mut self, req: Request<ReqBody>) -> Self::Future {
        let conditional = is_conditional(req.headers());
        if !conditional
            && !self.config.reads_every_response()
            && !self.config.requires(req.method())
        {
            // The path of a request without conditional fields: nothing is
            // read, copied, counted or allocated, and the response is not
            // looked at.
            return ResponseFuture::pass(self.inner.call(req));
        }
        self.judge(req, conditional)
    }
}

impl<S, L> Conditional<S, L> {
    /// A request the layer answers, evaluates, or whose response it reads;
    /// `conditional`: whether it carries a conditional field.
    #[inline(never)]
    fn judge<ReqBody, ResBody>(
        &mut self,
        req: Request<ReqBody>,
        conditional: bool,
    ) -> ResponseFuture<S, L, ReqBody, ResBody>
    where
        S: Service<Request<ReqBody>, Response = Response<ResBody>> + Clone,
        L: Lookup,
        ReqBody: Default,
        ResBody: Body,
    {
        // RFC 6585 §3: the server requires this method to be conditional.
        if self.config.requires(req.method()) && !has_precondition(req.headers()) {
            let method = req.method().clone();
            tracing::debug!(%method, "precond: 428, no If-Match, If-Unmodified-Since or If-None-Match");
            let res = response::precondition_required(&method);
            return ResponseFuture::answered(Arc::clone(&self.config), method, res);
        }

        let config = Arc::clone(&self.config);
        let method = req.method().clone();
        if !conditional {
            let fut = self.inner.call(req);
            return ResponseFuture::called(Plan::new(config, method, None, None), fut);
        }

        let conditions = Some(Box::new(copy_conditions(req.headers())));
        // The request again, without Range and If-Range, in case the 206 the
        // inner service gives turns out stale.
        let again = may_need_recall(&method, req.headers()).then(|| request_again(&req));

        match self.lookup.as_mut() {
            Some(lookup) => {
                // The ready service waits for the lookup; a clone takes its place.
                let clone = self.inner.clone();
                let ready = core::mem::replace(&mut self.inner, clone);
                let (parts, body) = req.into_parts();
                let fut = lookup.lookup(&parts);
                let again = again.map(|parts| Box::new((ready.clone(), parts)));
                let plan = Plan::new(config, method, conditions, again);
                ResponseFuture::looking_up(plan, fut, ready, Request::from_parts(parts, body))
            }
            None => {
                let again = again.map(|parts| Box::new((self.inner.clone(), parts)));
                let fut = self.inner.call(req);
                ResponseFuture::called(Plan::new(config, method, conditions, again), fut)
            }
        }
    }
}

/// The request's head without Range and If-Range (RFC 9110 §13.1.5: with a
/// false If-Range the whole representation is sent).
fn request_again<B>(req: &Request<B>) -> http::request::Parts {
    let mut again = Request::new(());
    *again.method_mut() = req.method().clone();
    *again.uri_mut() = req.uri().clone();
    *again.version_mut() = req.version();
    *again.headers_mut() = req.headers().clone();
    *again.extensions_mut() = req.extensions().clone();
    drop_range(again.headers_mut());
    again.into_parts().0
}
