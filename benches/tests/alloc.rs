//! Zero heap allocations on every parse and evaluate path: each precond
//! operation the benchmarks time runs under a counting global allocator, and
//! must not allocate.
//!
//! The counter is per thread (the test harness and other tests allocate on
//! their own threads), and the test checks itself: an operation that does
//! allocate must be counted.

use std::hint::black_box;

use http::Method;
use precond::{EntityTag, Outcome};
use precond_benches as w;
use precond_date::IMF_FIXDATE_LEN;

/// The counting allocator: forwards every call to the system allocator and
/// counts, per thread, the calls that hand out memory.
///
/// A `GlobalAlloc` impl is `unsafe`: the workspace forbids unsafe code, this
/// package only denies it, and this module alone allows it.
#[allow(unsafe_code)]
mod counting {
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::cell::Cell;

    thread_local! {
        // `const` and without a destructor: reading it never allocates.
        static ALLOCATIONS: Cell<u64> = const { Cell::new(0) };
    }

    pub(crate) struct Counting;

    fn count() {
        // `try_with`: a thread being torn down may still allocate.
        let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
    }

    // SAFETY: every method forwards its arguments unchanged to `System`,
    // which upholds the `GlobalAlloc` contract; counting touches only a
    // thread-local `Cell<u64>` and neither allocates nor unwinds.
    unsafe impl GlobalAlloc for Counting {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            count();
            // SAFETY: the caller's guarantees for `layout` are passed on.
            unsafe { System.alloc(layout) }
        }

        unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
            count();
            // SAFETY: as for `alloc`.
            unsafe { System.alloc_zeroed(layout) }
        }

        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            count();
            // SAFETY: `ptr` was allocated by `System` (through us) with `layout`.
            unsafe { System.realloc(ptr, layout, new_size) }
        }

        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            // SAFETY: `ptr` was allocated by `System` (through us) with `layout`.
            unsafe { System.dealloc(ptr, layout) }
        }
    }

    /// The allocations made on this thread so far.
    pub(crate) fn allocations() -> u64 {
        ALLOCATIONS.try_with(Cell::get).unwrap_or(0)
    }
}

#[global_allocator]
static ALLOCATOR: counting::Counting = counting::Counting;

/// Runs `op` a few times (the first run may warm lazily built state) and
/// returns how many allocations the runs made, with its last result.
fn allocations_of<T>(mut op: impl FnMut() -> T) -> (u64, T) {
    let _ = black_box(op());
    let before = counting::allocations();
    let mut last = None;
    for _ in 0..16 {
        last = Some(black_box(op()));
    }
    let made = counting::allocations() - before;
    (made, last.expect("ran"))
}

/// `op` must not allocate; its result is checked too (an operation that
/// fails early proves nothing).
fn check<T: PartialEq + std::fmt::Debug>(name: &str, expected: &T, op: impl FnMut() -> T) {
    let (made, got) = allocations_of(op);
    assert_eq!(&got, expected, "{name}: wrong result");
    assert_eq!(made, 0, "{name}: {made} allocations in 16 runs");
}

#[test]
fn the_counter_counts() {
    // The sanity check: operations that do allocate are seen.
    let (made, _) = allocations_of(|| Vec::<u8>::with_capacity(black_box(16)));
    assert_eq!(made, 16, "a Vec per run");
    let (made, _) = allocations_of(|| EntityTag::strong(black_box("v1")).ok());
    assert!(made >= 16, "an owned tag per run: {made}");
    let (made, _) = allocations_of(|| precond_date::HttpDate::UNIX_EPOCH.to_string());
    assert!(made >= 16, "a String per run: {made}");
}

#[test]
fn date_paths_do_not_allocate() {
    let date = Some(w::date());
    for (name, text) in [
        ("date/parse/imf_fixdate", w::IMF_FIXDATE),
        ("date/parse/rfc850", w::RFC850),
        ("date/parse/asctime", w::ASCTIME),
    ] {
        check(name, &date, || w::parse_date(black_box(text.as_bytes())));
    }
    let invalid: Vec<&[u8]> = w::INVALID_DATES.iter().map(|(_, s)| s.as_bytes()).collect();
    check("date/parse/invalid", &invalid.len(), || {
        w::reject_invalid_dates(black_box(&invalid))
    });
    // Errors too: their messages are formatted only when displayed.
    check("date/parse error value", &true, || {
        precond_date::HttpDate::parse(black_box(b"Sun, 06 Nov 1994 08:49:37 UTC")).is_err()
    });
    let want: [u8; IMF_FIXDATE_LEN] = w::IMF_FIXDATE.as_bytes().try_into().expect("29");
    check("date/format/imf_fixdate", &want, || {
        let mut buf = [0u8; IMF_FIXDATE_LEN];
        assert!(w::format_date(black_box(w::DATE_SECS), &mut buf));
        buf
    });
}

#[test]
fn entity_tag_paths_do_not_allocate() {
    for n in [1, 100, 10_000] {
        let list = w::inm_list(n);
        let current = w::last_tag(n);
        check(&format!("etag/inm_match/{n}"), &Some(n), || {
            w::inm_matches(black_box(&list), current.as_tag())
        });
    }
    let current = w::last_tag(1);
    for kind in w::Hostile::ALL {
        let input = kind.input(64 << 10);
        check(kind.name(), &kind.expected(input.len()), || {
            w::read_list(black_box(&input), current.as_tag())
        });
    }
}

#[test]
fn evaluation_does_not_allocate() {
    let res = w::resource();
    let cases = [
        (
            "evaluate/get_inm_ims",
            Method::GET,
            w::get_inm_ims(&res),
            Outcome::NotModified {
                step: precond::Step::IfNoneMatch,
            },
        ),
        (
            "evaluate/get_ims",
            Method::GET,
            w::get_ims(&res),
            Outcome::NotModified {
                step: precond::Step::IfModifiedSince,
            },
        ),
        (
            "evaluate/put_if_match",
            Method::PUT,
            w::put_if_match(&res),
            Outcome::Proceed {
                range: precond::RangeDecision::Ignore(precond::RangeIgnoredBecause::NotGet),
            },
        ),
    ];
    for (name, method, headers, outcome) in &cases {
        check(name, outcome, || {
            w::evaluate(method, black_box(headers), &res)
        });
        check("lookup6", &true, || w::lookup_six(black_box(headers)) > 0);
    }
    // Tracing records into a fixed-capacity trace: no allocation either.
    let (method, headers) = (&cases[0].1, &cases[0].2);
    let mut trace = precond::Trace::default();
    let rep = precond::Representation::new()
        .with_etag(res.etag.as_tag())
        .with_last_modified(res.last_modified);
    let ctx = precond::Context::new(w::NOW);
    check("evaluate_traced", &cases[0].3, || {
        precond::evaluate_traced(
            precond::Request::new(method, black_box(headers)),
            &rep,
            &ctx,
            &mut trace,
        )
    });
}

/// precond-tower: a request without conditional fields goes through the
/// layer with no allocation of its own: exactly as many as the inner service
/// alone makes (its response's header map). The service is built once; each
/// run calls it, polls the response future once (the inner service is ready
/// at once) and reads the body, as a server would, with a no-op waker.
#[test]
fn the_tower_layer_adds_no_allocation_without_conditional_fields() {
    use std::convert::Infallible;
    use std::future::{Future, ready};
    use std::pin::pin;
    use std::task::{Context, Poll, Waker};

    use bytes::Bytes;
    use http::{Request, Response, header};
    use http_body::Body;
    use http_body_util::Full;
    use tower::{Layer, Service, service_fn};

    fn once<S, B>(svc: &mut S, get: bool) -> (u16, usize)
    where
        S: Service<Request<Full<Bytes>>, Response = Response<B>>,
        B: Body<Data = Bytes>,
    {
        let mut cx = Context::from_waker(Waker::noop());
        let mut req = Request::new(Full::default());
        if !get {
            *req.method_mut() = Method::HEAD;
        }
        let Poll::Ready(Ok(res)) = pin!(svc.call(req)).poll(&mut cx) else {
            return (0, 0);
        };
        let status = res.status().as_u16();
        let mut body = pin!(res.into_body());
        let mut read = 0;
        while let Poll::Ready(Some(Ok(frame))) = body.as_mut().poll_frame(&mut cx) {
            read += frame.into_data().map_or(0, |d| d.len());
        }
        (status, read)
    }

    let inner = service_fn(|_req: Request<Full<Bytes>>| {
        let mut res = Response::new(Full::new(Bytes::from_static(&[b'x'; 1024])));
        res.headers_mut()
            .insert(header::ETAG, http::HeaderValue::from_static("\"v1\""));
        ready(Ok::<_, Infallible>(res))
    });
    for (name, layer) in [
        ("tower/plain", precond_tower::ConditionalLayer::new()),
        // Opt-ins that act only on conditional requests cost nothing either.
        (
            "tower/plain, 428 and weakening on",
            precond_tower::ConditionalLayer::new()
                .require_precondition([Method::PUT])
                .weaken_when_encoded(),
        ),
    ] {
        for get in [true, false] {
            let mut bare = inner;
            let (alone, got) = allocations_of(|| once(&mut bare, get));
            assert_eq!(got, (200, 1024), "{name}: the inner service alone");
            let mut svc = layer.clone().layer(inner);
            let (layered, got) = allocations_of(|| once(&mut svc, get));
            assert_eq!(got, (200, 1024), "{name}: wrong result");
            assert_eq!(layered, alone, "{name}: the layer allocated (GET: {get})");
        }
    }
}

/// precond-axum's form of the layer, on the benchmark's axum router and
/// browser GET: around the router, exactly the router's allocations; through
/// `Router::layer`, exactly those of `Router::layer(Identity)` (axum boxes a
/// layered route's future, whatever the layer). precond-tower's layer through
/// `Router::layer` makes more: axum boxes its body into a `Body` again.
#[test]
fn the_axum_layer_adds_no_allocation_without_conditional_fields() {
    use std::future::Future;
    use std::pin::pin;
    use std::task::{Context, Poll, Waker};

    use axum::body::Body;
    use http::{Request, Response};
    use tower::layer::util::Identity;
    use tower::{Layer, Service};

    #[path = "../shared/tower_app.rs"]
    mod tower_app;

    fn once<S>(svc: &mut S) -> (u16, usize)
    where
        S: Service<Request<Body>, Response = Response<Body>>,
    {
        let mut cx = Context::from_waker(Waker::noop());
        let Poll::Ready(Ok(res)) = pin!(svc.call(tower_app::browser_get())).poll(&mut cx) else {
            return (0, 0);
        };
        let status = res.status().as_u16();
        let mut body = pin!(res.into_body());
        let mut read = 0;
        while let Poll::Ready(Some(Ok(frame))) = http_body::Body::poll_frame(body.as_mut(), &mut cx)
        {
            read += frame.into_data().map_or(0, |d| d.len());
        }
        (status, read)
    }
    fn count<S>(mut svc: S) -> u64
    where
        S: Service<Request<Body>, Response = Response<Body>>,
    {
        let (n, got) = allocations_of(|| once(&mut svc));
        assert_eq!(got, (200, 1024));
        n
    }

    let page = || tower_app::page().with_state(());
    let bare = count(page());
    let wrapped = count(precond_axum::ConditionalLayer::new().layer(page()));
    assert_eq!(wrapped, bare, "the layer around the router allocated");

    let identity = count(tower_app::page().layer(Identity::new()).with_state(()));
    let layered = tower_app::page().layer(precond_axum::ConditionalLayer::new());
    let layered = count(layered.with_state(()));
    assert_eq!(
        layered, identity,
        "Router::layer of the axum form allocated"
    );
    let tower_form = tower_app::page().layer(precond_tower::ConditionalLayer::new());
    let tower_form = count(tower_form.with_state(()));
    assert!(
        tower_form > layered,
        "{tower_form} allocations, {layered} with the axum form"
    );
}

#[test]
fn range_paths_do_not_allocate() {
    for value in [w::RANGE_FIRST, w::RANGE_SUFFIX, w::RANGE_SET10] {
        let expected = w::range_expected(value);
        check(value, &true, || {
            w::resolve_range(black_box(value.as_bytes()), &expected)
        });
    }
    for commas in [true, false] {
        let value = w::hostile_range(64 << 10, commas);
        check("range/hostile", &true, || {
            w::resolve_hostile_range(black_box(&value))
        });
    }
    // Errors, refusals and 416 too; and a plan's Content-Length.
    for value in ["bytes=5-4", "pages=1-2", "bytes=10000-", "bytes=0-,0-,0-"] {
        check(value, &false, || {
            w::resolve_range(black_box(value.as_bytes()), &[])
        });
    }
    let ranges = match precond_range::resolve(w::RANGE_SET10.as_bytes(), w::RANGE_LENGTH) {
        precond_range::Resolution::Partial(ranges) => ranges,
        other => panic!("{other:?}"),
    };
    let boundary = precond_range::Boundary::derive(b"\"v1\"");
    check("range/plan", &true, || {
        ranges
            .plan(Some("application/pdf"), black_box(&boundary))
            .is_ok_and(|plan| plan.content_length() > 1000)
    });
}
