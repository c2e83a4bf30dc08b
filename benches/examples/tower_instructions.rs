//! A loop of requests through the `tower` benchmark's routers, for
//! instruction counts under callgrind: `tower_instructions <case>
//! <iterations>`, where case is one of `benches/benches/tower.rs`'s ids
//! without its group: `plain/axum`, `plain/axum+identity`,
//! `plain/axum+layer`, `plain/axum+axum_layer`, `plain/layer(axum)`,
//! `plain/axum_layer(axum)`, `conditional/get_200/layer`,
//! `conditional/get_304/layer`, `conditional/get_200/layer.current`,
//! `conditional/get_304/layer.current`, `conditional/get_200/axum_layer`,
//! `conditional/get_304/axum_layer`. Instructions per request are the
//! difference between two iteration counts divided by the difference of the
//! counts (what the runtime and the router cost once falls out).

use std::convert::Infallible;

use axum::body::Body;
use http::request::Parts;
use http::{Request, Response, StatusCode, header};
use http_body_util::BodyExt;
use precond::EntityTag;
use precond_tower::{ConditionalLayer, Current};
use tower::layer::util::Identity;
use tower::{Layer, Service, ServiceExt};

#[path = "../shared/tower_app.rs"]
mod tower_app;
use tower_app::{browser_get, page};

/// The benchmark's browser GET, with `If-None-Match: tag` when given.
fn request(tag: Option<&'static str>) -> Request<Body> {
    let mut req = browser_get();
    if let Some(tag) = tag {
        req.headers_mut()
            .insert(header::IF_NONE_MATCH, header::HeaderValue::from_static(tag));
    }
    req
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(case), Some(iterations)) = (args.next(), args.next()) else {
        eprintln!("usage: tower_instructions <case> <iterations>");
        std::process::exit(2);
    };
    let iterations: u64 = iterations.parse().expect("a count");
    let current = || {
        ConditionalLayer::new().current(|_: &Parts| async {
            Ok::<_, Infallible>(Current::new().with_etag(EntityTag::strong("v1").expect("etagc")))
        })
    };
    // The layer around the whole router, as a tower service.
    match case.as_str() {
        "plain/layer(axum)" => {
            let app = ConditionalLayer::new().layer(page().with_state(()));
            return run(&app, iterations, None, (StatusCode::OK, 1024));
        }
        "plain/axum_layer(axum)" => {
            let app = precond_axum::ConditionalLayer::new().layer(page().with_state(()));
            return run(&app, iterations, None, (StatusCode::OK, 1024));
        }
        _ => {}
    }
    let (app, tag, want) = match case.as_str() {
        "plain/axum" => (page(), None, (StatusCode::OK, 1024)),
        "plain/axum+identity" => (page().layer(Identity::new()), None, (StatusCode::OK, 1024)),
        "plain/axum+layer" => (
            page().layer(ConditionalLayer::new()),
            None,
            (StatusCode::OK, 1024),
        ),
        "plain/axum+axum_layer" => (
            page().layer(precond_axum::ConditionalLayer::new()),
            None,
            (StatusCode::OK, 1024),
        ),
        "conditional/get_200/axum_layer" => (
            page().layer(precond_axum::ConditionalLayer::new()),
            Some("\"v0\""),
            (StatusCode::OK, 1024),
        ),
        "conditional/get_304/axum_layer" => (
            page().layer(precond_axum::ConditionalLayer::new()),
            Some("\"v1\""),
            (StatusCode::NOT_MODIFIED, 0),
        ),
        "conditional/get_200/layer" => (
            page().layer(ConditionalLayer::new()),
            Some("\"v0\""),
            (StatusCode::OK, 1024),
        ),
        "conditional/get_304/layer" => (
            page().layer(ConditionalLayer::new()),
            Some("\"v1\""),
            (StatusCode::NOT_MODIFIED, 0),
        ),
        "conditional/get_200/layer.current" => (
            page().layer(current()),
            Some("\"v0\""),
            (StatusCode::OK, 1024),
        ),
        "conditional/get_304/layer.current" => (
            page().layer(current()),
            Some("\"v1\""),
            (StatusCode::NOT_MODIFIED, 0),
        ),
        _ => {
            eprintln!("unknown case {case}");
            std::process::exit(2);
        }
    };
    run(&app.with_state(()), iterations, tag, want);
}

/// Sends `iterations` requests to `app`, reading each answer to its end and
/// checking its status and length.
fn run<S, B>(app: &S, iterations: u64, tag: Option<&'static str>, want: (StatusCode, usize))
where
    S: Service<Request<Body>, Response = Response<B>, Error = Infallible> + Clone,
    B: http_body::Body<Error: std::fmt::Debug>,
{
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a runtime");
    for _ in 0..iterations {
        let got = rt.block_on(async {
            let res = app.clone().oneshot(request(tag)).await.expect("infallible");
            let status = res.status();
            let body = res.into_body().collect().await.expect("a body");
            (status, body.to_bytes().len())
        });
        assert_eq!(got, want);
    }
}
