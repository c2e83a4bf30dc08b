//! The layer against the testkit's reference oracle, over generated cases:
//! a 304 only where a 200 would have been sent, a 412 only on a false
//! precondition, the handler never run when the layer answered before it,
//! and otherwise exactly the status the oracle says.
//!
//! Defaults are small enough for every `cargo test`; `PROPTEST_CASES=N`
//! raises them.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use bytes::Bytes;
use http::{HeaderValue, Method, Request, Response, StatusCode, header};
use http_body_util::{BodyExt, Full};
use precond_testkit::model::{Case, IfRangeDates, Role};
use precond_testkit::oracle::Decision;
use precond_testkit::strategy;
use precond_tower::{ConditionalLayer, Current};
use proptest::prelude::*;
use tower::{Layer, ServiceExt, service_fn};

const REGRESSIONS: &str = "proptest-regressions/invariants.txt";

/// What the layer answered, and how often the handler ran.
struct Answered {
    status: StatusCode,
    headers: http::HeaderMap,
    body: Bytes,
    runs: usize,
}

/// The handler: answers `status` with the case's validators (when the
/// representation exists) and a body; it ignores every conditional field and
/// Range, as a handler that knows nothing of them does.
fn handler(
    case: &Case,
    status: StatusCode,
    runs: Arc<AtomicUsize>,
) -> impl tower::Service<
    Request<Full<Bytes>>,
    Response = Response<Full<Bytes>>,
    Error = std::convert::Infallible,
    Future = impl Send,
> + Clone {
    let mut fields = http::HeaderMap::new();
    if case.resource.exists {
        if let Some(tag) = &case.resource.etag {
            fields.insert(header::ETAG, tag.to_header_value());
        }
        if let Some(date) = case.resource.last_modified {
            fields.insert(header::LAST_MODIFIED, HeaderValue::from(date));
        }
    }
    service_fn(move |_req: Request<Full<Bytes>>| {
        runs.fetch_add(1, Ordering::SeqCst);
        let mut res = Response::new(Full::new(Bytes::from_static(b"the representation")));
        *res.status_mut() = status;
        *res.headers_mut() = fields.clone();
        async move { Ok(res) }
    })
}

fn request(case: &Case) -> Request<Full<Bytes>> {
    let mut req = Request::new(Full::default());
    *req.method_mut() = case.method.clone();
    *req.headers_mut() = case.headers();
    req
}

fn run<S>(svc: S, req: Request<Full<Bytes>>, runs: &AtomicUsize) -> Answered
where
    S: tower::Service<
            Request<Full<Bytes>>,
            Response = Response<precond_tower::ConditionalBody<Full<Bytes>>>,
        >,
    S::Error: std::fmt::Debug,
{
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    rt.block_on(async {
        let res = svc.oneshot(req).await.unwrap();
        let (parts, body) = res.into_parts();
        Answered {
            status: parts.status,
            headers: parts.headers,
            body: body.collect().await.unwrap().to_bytes(),
            runs: runs.load(Ordering::SeqCst),
        }
    })
}

/// The status the oracle says the layer must answer, given what the handler
/// answers when it runs (it ignores Range, so a 206 is never expected).
fn expected(case: &Case, handler_status: StatusCode) -> StatusCode {
    match case.oracle().decision {
        Decision::NotModified(_) => StatusCode::NOT_MODIFIED,
        Decision::PreconditionFailed(_) => StatusCode::PRECONDITION_FAILED,
        Decision::Ignored(_) | Decision::Perform(_) => handler_status,
    }
}

/// The checks every answer of the layer must pass.
fn check_sound(case: &Case, got: &Answered) {
    let decision = case.oracle().decision;
    if got.status == StatusCode::NOT_MODIFIED && case.unconditional != StatusCode::NOT_MODIFIED {
        // A 304 only where a 200 would have been sent, on a false
        // If-None-Match or If-Modified-Since of a GET or HEAD.
        assert_eq!(case.unconditional, StatusCode::OK, "{case:?}");
        assert!(matches!(decision, Decision::NotModified(_)), "{case:?}");
        assert!(
            case.method == Method::GET || case.method == Method::HEAD,
            "{case:?}"
        );
        // No content, no Content-Length, the validators kept.
        assert!(got.body.is_empty(), "{case:?}");
        assert!(
            !got.headers.contains_key(header::CONTENT_LENGTH),
            "{case:?}"
        );
        if case.resource.etag.is_some() {
            assert!(got.headers.contains_key(header::ETAG), "{case:?}");
        }
    }
    if got.status == StatusCode::PRECONDITION_FAILED
        && case.unconditional != StatusCode::PRECONDITION_FAILED
    {
        // A 412 only on a false precondition.
        assert!(
            matches!(decision, Decision::PreconditionFailed(_)),
            "{case:?}"
        );
    }
}

/// Makes a generated case one the layer can be compared on: an origin (the
/// layer is one), the default If-Range date strength, a resource that serves
/// ranges, and `method`.
fn comparable(mut case: Case, method: Method) -> Case {
    case.role = Role::Origin;
    case.if_range_dates = IfRangeDates::Auto;
    case.resource.ranges = true;
    case.method = method;
    case
}

proptest! {
    #![proptest_config(strategy::config(512, REGRESSIONS))]

    // proves: 9110-13.2.2-evaluation-order, 9110-13.2.1-ignore-unless-2xx-or-412
    /// Zero configuration: a GET or HEAD evaluated on the handler's response
    /// (its status standing for the unconditional one) is answered as the
    /// oracle decides.
    #[test]
    fn on_the_response_the_layer_answers_as_the_oracle(
        case in strategy::case(),
        method in prop::sample::select(vec![Method::GET, Method::HEAD]),
    ) {
        // A representation that exists (the response says so by its status),
        // and a status a response without Range can have.
        let mut case = comparable(case, method);
        case.resource.exists = true;
        if case.unconditional == StatusCode::PARTIAL_CONTENT {
            case.unconditional = StatusCode::OK;
        }
        let runs = Arc::new(AtomicUsize::new(0));
        let now = case.now;
        let svc = ConditionalLayer::new()
            .clock(move || now)
            .layer(handler(&case, case.unconditional, Arc::clone(&runs)));
        let got = run(svc, request(&case), &runs);
        prop_assert_eq!(got.status, expected(&case, case.unconditional), "{:?}", case);
        prop_assert_eq!(got.runs, 1);
        check_sound(&case, &got);
    }

    // proves: 9110-13.2.2-evaluation-order, 9110-13.2.1-evaluate-before-method, 9110-13.1.1-false-stops-method
    /// With a lookup: every method is evaluated before the handler, as the
    /// oracle decides, and the handler never runs when the layer answered.
    #[test]
    fn before_the_handler_the_layer_answers_as_the_oracle(
        case in strategy::case(),
        method in prop::sample::select(vec![Method::GET, Method::HEAD, Method::PUT, Method::DELETE, Method::POST]),
    ) {
        let mut case = comparable(case, method);
        // What the layer assumes before the handler: a 2xx, or a 404 to a
        // GET or HEAD of nothing.
        let get_or_head = case.method == Method::GET || case.method == Method::HEAD;
        case.unconditional = if !case.resource.exists && get_or_head {
            StatusCode::NOT_FOUND
        } else {
            StatusCode::OK
        };
        let current = if case.resource.exists {
            let mut current = Current::new();
            if let Some(tag) = &case.resource.etag {
                current = current.with_etag(tag.clone());
            }
            if let Some(date) = case.resource.last_modified {
                current = current.with_last_modified(date);
            }
            current
        } else {
            Current::missing()
        };
        let runs = Arc::new(AtomicUsize::new(0));
        let now = case.now;
        let svc = ConditionalLayer::new()
            .clock(move || now)
            .current(move |_: &http::request::Parts| {
                let current = current.clone();
                async move { Ok::<_, std::convert::Infallible>(current) }
            })
            .layer(handler(&case, case.unconditional, Arc::clone(&runs)));
        let got = run(svc, request(&case), &runs);
        let want = expected(&case, case.unconditional);
        prop_assert_eq!(got.status, want, "{:?}", case);
        let answered_before = matches!(case.oracle().decision, Decision::NotModified(_) | Decision::PreconditionFailed(_));
        prop_assert_eq!(got.runs, usize::from(!answered_before), "{:?}", case);
        check_sound(&case, &got);
    }
}
