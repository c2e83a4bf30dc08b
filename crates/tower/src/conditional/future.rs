//! [`ResponseFuture`]: the lookup, the inner call (and the second one a stale
//! If-Range needs), the hashing, and the decision on the response.

use core::future::Future;
use core::marker::PhantomData;
use core::pin::Pin;
use core::task::{Context, Poll, ready};
use std::sync::Arc;

use http::{HeaderMap, Method, Request, Response, request, response};
use http_body::Body;
use pin_project_lite::pin_project;
use precond::{Outcome, RangeDecision, RangeIgnoredBecause, evaluate};
use tower::Service;

use super::body::ConditionalBody;
use super::current::{Current, Lookup, OnLookupError};
use super::decide::{Note, Stage, Verdict, drop_range, on_response, weaken_if_encoded};
use super::hash::{self, Hashed, Hashing};
use super::layer::Config;
use crate::response::{self as answer, ShortBody};

pin_project! {
    /// The future of [`Conditional`](crate::Conditional)'s response.
    pub struct ResponseFuture<S, L, ReqBody, ResBody>
    where
        S: Service<Request<ReqBody>>,
        L: Lookup,
        ResBody: Body,
    {
        #[pin]
        kind: Kind<S, L, ReqBody, ResBody>,
    }
}

pin_project! {
    #[project = KindProj]
    enum Kind<S, L, ReqBody, ResBody>
    where
        S: Service<Request<ReqBody>>,
        L: Lookup,
        ResBody: Body,
    {
        // A request without conditional fields, and nothing asked of the
        // layer that reads every response: the inner service's response
        // goes out as it comes, its body in the pass-through arm.
        Pass { #[pin] fut: S::Future },
        // Everything else: the layer evaluates, hashes, weakens or traces.
        Judge { #[pin] state: State<S, L, ReqBody, ResBody>, plan: Plan<S, ReqBody> },
    }
}

pin_project! {
    #[project = StateProj]
    enum State<S, L, ReqBody, ResBody>
    where
        S: Service<Request<ReqBody>>,
        L: Lookup,
        ResBody: Body,
    {
        // `.current(f)`: the lookup runs; the ready service and the request wait.
        Lookup { #[pin] lookup: L::Future, parked: Option<Box<(S, Request<ReqBody>)>> },
        // The inner service is answering.
        Inner { #[pin] fut: S::Future },
        // A stale If-Range: the second call waits for the service to be ready.
        Recall { parked: Option<Box<(S, Request<ReqBody>)>> },
        // `.hash_body(max)`: the 200's body is being read.
        Hashing { hashing: Box<Hashing<ResBody>> },
        // The layer answered without the inner service.
        Answered { res: Option<Response<ConditionalBody<ResBody>>> },
    }
}

/// What a request's future knows besides its state: the configuration, the
/// method, a copy of the conditional fields (only when there are some) and
/// the request to send again if a stale If-Range needs it.
///
/// What only a conditional request needs is boxed, here and in the states:
/// the future of a request without conditional fields stays small (it is
/// moved a few times between `call` and the first poll) and allocates nothing.
pub(crate) struct Plan<S, ReqBody> {
    config: Arc<Config>,
    method: Method,
    conditions: Option<Box<HeaderMap>>,
    again: Option<Box<(S, request::Parts)>>,
    /// What the lookup decided, for the trace header.
    note: Option<Note>,
    _body: PhantomData<fn() -> ReqBody>,
}

/// Where a response goes next. `Done` is every judged response's way out
/// and does not allocate; the rare ways are boxed.
enum Next<S, ReqBody, ResBody: Body> {
    Done(Response<ConditionalBody<ResBody>>),
    Recall(Box<(S, Request<ReqBody>)>),
    Hash(Box<Hashing<ResBody>>),
}

impl<S, L, ReqBody, ResBody> ResponseFuture<S, L, ReqBody, ResBody>
where
    S: Service<Request<ReqBody>>,
    L: Lookup,
    ResBody: Body,
{
    /// The inner service's response, passed through untouched.
    pub(crate) fn pass(fut: S::Future) -> Self {
        ResponseFuture {
            kind: Kind::Pass { fut },
        }
    }

    pub(crate) fn called(plan: Plan<S, ReqBody>, fut: S::Future) -> Self {
        ResponseFuture::judge(State::Inner { fut }, plan)
    }

    fn judge(state: State<S, L, ReqBody, ResBody>, plan: Plan<S, ReqBody>) -> Self {
        ResponseFuture {
            kind: Kind::Judge { state, plan },
        }
    }

    pub(crate) fn looking_up(
        plan: Plan<S, ReqBody>,
        lookup: L::Future,
        ready: S,
        req: Request<ReqBody>,
    ) -> Self {
        let parked = Some(Box::new((ready, req)));
        ResponseFuture::judge(State::Lookup { lookup, parked }, plan)
    }

    pub(crate) fn answered(config: Arc<Config>, method: Method, res: Response<ShortBody>) -> Self {
        let mut plan = Plan::new(config, method, None, None);
        plan.note = Some(Note::Required);
        let res = Some(plan.answer(res));
        ResponseFuture::judge(State::Answered { res }, plan)
    }
}

impl<S, L, ReqBody, ResBody> Future for ResponseFuture<S, L, ReqBody, ResBody>
where
    S: Service<Request<ReqBody>, Response = Response<ResBody>>,
    L: Lookup,
    ReqBody: Default,
    ResBody: Body,
{
    type Output = Result<Response<ConditionalBody<ResBody>>, S::Error>;

    // Inlined, so that the pass-through arm costs its caller no call; the
    // judged states are driven out of line.
    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project().kind.project() {
            KindProj::Pass { fut } => fut.poll(cx).map_ok(|res| res.map(ConditionalBody::inner)),
            KindProj::Judge { state, plan } => plan.poll(state, cx),
        }
    }
}

impl<S, ReqBody> Plan<S, ReqBody> {
    /// Drives a judged request's states to its response.
    #[inline(never)]
    fn poll<L, ResBody>(
        &mut self,
        mut state: Pin<&mut State<S, L, ReqBody, ResBody>>,
        cx: &mut Context<'_>,
    ) -> Poll<Result<Response<ConditionalBody<ResBody>>, S::Error>>
    where
        S: Service<Request<ReqBody>, Response = Response<ResBody>>,
        L: Lookup,
        ReqBody: Default,
        ResBody: Body,
    {
        // Each state is left for a later one (lookup, inner, recall once,
        // inner, hashing), so the loop turns at most five times.
        loop {
            let next = match state.as_mut().project() {
                StateProj::Lookup { lookup, parked } => {
                    let found = ready!(lookup.poll(cx));
                    let Some(waiting) = parked.take() else {
                        return Poll::Ready(Ok(self.misused()));
                    };
                    let (mut svc, mut req) = *waiting;
                    if let Some(res) = self.after_lookup(found, &mut req) {
                        return Poll::Ready(Ok(res));
                    }
                    let fut = svc.call(req);
                    state.set(State::Inner { fut });
                    continue;
                }
                StateProj::Inner { fut } => {
                    let res = ready!(fut.poll(cx))?;
                    self.after_response(res)
                }
                StateProj::Recall { parked } => {
                    if let Some(waiting) = parked.as_mut() {
                        ready!(waiting.0.poll_ready(cx))?;
                    }
                    let Some(waiting) = parked.take() else {
                        return Poll::Ready(Ok(self.misused()));
                    };
                    let (mut svc, req) = *waiting;
                    let fut = svc.call(req);
                    state.set(State::Inner { fut });
                    continue;
                }
                StateProj::Hashing { hashing } => match ready!(hashing.poll(cx)) {
                    Some((parts, replay, how)) => {
                        let body = ConditionalBody::replay(replay);
                        match how {
                            Hashed::Complete | Hashed::TooLong => self.decide(parts, body),
                            Hashed::Failed => Next::Done(Response::from_parts(parts, body)),
                        }
                    }
                    None => return Poll::Ready(Ok(self.misused())),
                },
                StateProj::Answered { res } => {
                    let res = res.take().unwrap_or_else(|| self.misused());
                    return Poll::Ready(Ok(res));
                }
            };
            match next {
                Next::Done(res) => return Poll::Ready(Ok(res)),
                Next::Recall(parked) => state.set(State::Recall {
                    parked: Some(parked),
                }),
                Next::Hash(hashing) => state.set(State::Hashing { hashing }),
            }
        }
    }

    pub(crate) fn new(
        config: Arc<Config>,
        method: Method,
        conditions: Option<Box<HeaderMap>>,
        again: Option<Box<(S, request::Parts)>>,
    ) -> Self {
        Plan {
            config,
            method,
            conditions,
            again,
            note: None,
            _body: PhantomData,
        }
    }

    fn is_get_or_head(&self) -> bool {
        self.method == Method::GET || self.method == Method::HEAD
    }

    /// Evaluates the request against the lookup's validators, before the
    /// handler: `Some` answer (304, 412, or 500 for a failed lookup) means
    /// the handler does not run. A false If-Range removes Range and
    /// If-Range from the request.
    fn after_lookup<E, B>(
        &mut self,
        found: Result<Current, E>,
        req: &mut Request<ReqBody>,
    ) -> Option<Response<ConditionalBody<B>>>
    where
        E: core::fmt::Display,
        B: Body,
    {
        let current = match found {
            Ok(current) => current,
            Err(error) => {
                tracing::debug!(%error, method = %self.method, "precond: lookup failed");
                self.note = Some(Note::LookupFailed);
                return match self.config.on_lookup_error {
                    OnLookupError::InternalError => {
                        Some(self.answer(answer::lookup_failed(&self.method)))
                    }
                    OnLookupError::PassThrough => None,
                };
            }
        };
        let ctx = precond::Context::new(self.config.now())
            .with_unconditional_status(current.unconditional_status(&self.method));
        let outcome = evaluate(
            precond::Request::from(&*req),
            &current.representation(),
            &ctx,
        );
        tracing::debug!(%outcome, method = %self.method, "precond: evaluated before the handler");
        self.note = Some(Note::Outcome(Stage::Lookup, outcome));
        match outcome {
            Outcome::NotModified { .. } => {
                Some(self.answer(answer::not_modified(current.response_fields())))
            }
            Outcome::PreconditionFailed { step } => {
                Some(self.answer(answer::precondition_failed(&self.method, step)))
            }
            Outcome::Proceed {
                range: RangeDecision::Ignore(RangeIgnoredBecause::IfRangeFalse),
            } => {
                // spec: 9110-13.1.5-false-ignores-range
                // RFC 9110 §13.1.5: a false If-Range means the whole
                // representation: the inner service never sees the Range.
                drop_range(req.headers_mut());
                if let Some(conditions) = &mut self.conditions {
                    drop_range(conditions);
                }
                self.again = None;
                None
            }
            Outcome::Proceed { .. } | Outcome::Ignored(_) => None,
        }
    }

    /// The inner service answered: weaken its tag if asked, start hashing if
    /// asked, else decide.
    fn after_response<B: Body>(&mut self, res: Response<B>) -> Next<S, ReqBody, B>
    where
        ReqBody: Default,
    {
        let (mut parts, body) = res.into_parts();
        if self.config.weaken {
            weaken_if_encoded(&mut parts.headers);
        }
        let hint = body.size_hint().lower();
        if let Some(max) = hash::wanted(self.config.hash_limit, self.is_get_or_head(), &parts, hint)
        {
            return Next::Hash(Box::new(Hashing::new(
                parts,
                body,
                max,
                self.method == Method::HEAD,
            )));
        }
        self.decide(parts, ConditionalBody::inner(body))
    }

    /// Evaluates a GET or HEAD on the response (its status and validators)
    /// and sends it, a 304 or a 412 in its place, or asks again without
    /// Range.
    fn decide<B: Body>(
        &mut self,
        mut parts: response::Parts,
        body: ConditionalBody<B>,
    ) -> Next<S, ReqBody, B>
    where
        ReqBody: Default,
    {
        let verdict = match &self.conditions {
            None => Verdict::Pass(Note::NoConditions),
            Some(_) if !self.is_get_or_head() => {
                Verdict::Pass(self.note.unwrap_or(Note::NotGetOrHead))
            }
            Some(conditions) => on_response(
                &self.config,
                &self.method,
                conditions,
                parts.status,
                &parts.headers,
            ),
        };
        // After a second call, the trace says why there was one.
        let verdict = match (verdict, self.note) {
            (Verdict::Pass(_), Some(Note::Recalled)) => Verdict::Pass(Note::Recalled),
            (verdict, _) => verdict,
        };
        match verdict {
            Verdict::Pass(note) => {
                self.trace(&mut parts.headers, note);
                Next::Done(Response::from_parts(parts, body))
            }
            Verdict::NotModified(outcome) => {
                tracing::debug!(%outcome, "precond: 304 on the response");
                let note = Note::Outcome(Stage::Response, outcome);
                Next::Done(self.replace(parts, answer::not_modified, note))
            }
            Verdict::Failed(outcome) => {
                tracing::debug!(%outcome, "precond: 412 on the response");
                let note = Note::Outcome(Stage::Response, outcome);
                let step = outcome.deciding_step().unwrap_or(precond::Step::IfMatch);
                let method = self.method.clone();
                Next::Done(self.replace(
                    parts,
                    |_| answer::precondition_failed(&method, step),
                    note,
                ))
            }
            Verdict::Recall(outcome) => match self.again.take() {
                Some(again) => {
                    let (svc, again) = *again;
                    tracing::debug!(%outcome, "precond: stale If-Range on a 206, asking again without Range");
                    if let Some(conditions) = &mut self.conditions {
                        drop_range(conditions);
                    }
                    self.note = Some(Note::Recalled);
                    let req = Request::from_parts(again, ReqBody::default());
                    Next::Recall(Box::new((svc, req)))
                }
                // Cannot happen: a 206 to a GET with If-Range always has a
                // request to send again. Should it, the 206 goes out as is.
                None => {
                    self.trace(&mut parts.headers, Note::Outcome(Stage::Response, outcome));
                    Next::Done(Response::from_parts(parts, body))
                }
            },
        }
    }

    /// A response the layer built in the inner one's place, keeping its
    /// version and extensions; the inner body is dropped unread.
    fn replace<B: Body>(
        &self,
        inner: response::Parts,
        build: impl FnOnce(HeaderMap) -> Response<ShortBody>,
        note: Note,
    ) -> Response<ConditionalBody<B>> {
        let (mut parts, body) = build(inner.headers).into_parts();
        parts.version = inner.version;
        parts.extensions = inner.extensions;
        self.trace(&mut parts.headers, note);
        Response::from_parts(parts, ConditionalBody::short(body))
    }

    /// A response the layer answered without the inner service.
    fn answer<B: Body>(&self, res: Response<ShortBody>) -> Response<ConditionalBody<B>> {
        let (mut parts, body) = res.into_parts();
        if let Some(note) = self.note {
            self.trace(&mut parts.headers, note);
        }
        Response::from_parts(parts, ConditionalBody::short(body))
    }

    /// Adds the trace header, when asked for.
    fn trace(&self, headers: &mut HeaderMap, note: Note) {
        if let Some(name) = &self.config.trace_header {
            headers.insert(name.clone(), note.header_value());
        }
    }

    /// The future was polled after it completed (a caller's bug): a 500
    /// rather than a panic.
    fn misused<B: Body>(&self) -> Response<ConditionalBody<B>> {
        self.answer(answer::internal_error(&self.method))
    }
}
