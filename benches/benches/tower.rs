//! precond-tower's cost, each case beside its baseline in one run:
//! `cargo bench -p precond-benches --bench tower`. Ids are
//! `group/case/implementation`; every timed closure checks its answer.
//! Results are written up by hand in `docs/benchmarks.md` (section
//! "precond-tower").
//!
//! - `tower/plain`: a browser's GET without conditional fields to an axum
//!   router whose handler returns 1 KiB, through `oneshot`: the router alone,
//!   with `Router::layer(Identity)` (axum's cost of any layer), with
//!   `Router::layer` of precond-tower's `ConditionalLayer` (`axum+layer`)
//!   and of precond-axum's (`axum+axum_layer`, answering axum's own body
//!   type), and wrapped by each (`layer(axum)`, `axum_layer(axum)`).
//! - `tower/conditional`: the same router with the layer, a conditional GET
//!   answered 200 (If-None-Match does not match) and 304 (it matches); with
//!   the zero-configuration layer (`layer`: the handler runs either way) and
//!   with `.current(f)` (`layer.current`: the handler runs only for the 200).
//! - `tower/hash_body`: a 1 MiB body (64 chunks of 16 KiB) through the layer
//!   with `.hash_body`, read to its end, against SHA-256 alone over the same
//!   bytes.

use std::convert::Infallible;
use std::hint::black_box;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::Body;
use bytes::Bytes;
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use http::request::Parts;
use http::{Request, Response, StatusCode, header};
use http_body::Frame;
use http_body_util::BodyExt;
use precond::EntityTag;
use precond_tower::{ConditionalLayer, Current};
use sha2::{Digest, Sha256};
use tower::layer::util::Identity;
use tower::{Layer, ServiceExt, service_fn};

#[path = "../shared/tower_app.rs"]
mod tower_app;
use tower_app::{browser_get, page};

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(800))
        .measurement_time(Duration::from_secs(2))
        .sample_size(40)
        .noise_threshold(0.05)
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
}

/// Sends `req` to `app` and reads the answer to its end.
async fn send<S, B>(app: &S, req: Request<Body>) -> (StatusCode, usize)
where
    S: tower::Service<Request<Body>, Response = Response<B>, Error = Infallible> + Clone,
    B: http_body::Body<Error: std::fmt::Debug>,
{
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let body = res.into_body().collect().await.unwrap().to_bytes();
    (status, body.len())
}

fn plain(c: &mut Criterion) {
    let rt = runtime();
    let mut g = c.benchmark_group("tower/plain");
    // Each router is finalised with `with_state(())`, as `axum::serve` does:
    // otherwise axum converts every handler (and applies every layer) anew
    // on each request.
    let bare = page().with_state(());
    // `Router::layer`: axum boxes the layered route's future and, when the
    // layer changes the body type, the body. `Identity` is the floor of
    // that: a layer that does nothing, boxed the same way (its body is
    // already axum's, so only the route is boxed).
    let identity = page().layer(Identity::new()).with_state(());
    let layered = page().layer(ConditionalLayer::new()).with_state(());
    let axum_layered = page()
        .layer(precond_axum::ConditionalLayer::new())
        .with_state(());
    for (name, app) in [
        ("axum", &bare),
        ("axum+identity", &identity),
        ("axum+layer", &layered),
        ("axum+axum_layer", &axum_layered),
    ] {
        g.bench_function(BenchmarkId::new("get_1kib", name), |b| {
            b.iter(|| {
                let got = rt.block_on(send(app, browser_get()));
                assert_eq!(got, (StatusCode::OK, 1024));
            });
        });
    }
    // The layer around the whole router: the layer's own cost, nothing boxed.
    let wrapped = ConditionalLayer::new().layer(page().with_state(()));
    g.bench_function(BenchmarkId::new("get_1kib", "layer(axum)"), |b| {
        b.iter(|| {
            let got = rt.block_on(send(&wrapped, browser_get()));
            assert_eq!(got, (StatusCode::OK, 1024));
        });
    });
    let axum_wrapped = precond_axum::ConditionalLayer::new().layer(page().with_state(()));
    g.bench_function(BenchmarkId::new("get_1kib", "axum_layer(axum)"), |b| {
        b.iter(|| {
            let got = rt.block_on(send(&axum_wrapped, browser_get()));
            assert_eq!(got, (StatusCode::OK, 1024));
        });
    });
    g.finish();
}

fn conditional(c: &mut Criterion) {
    let rt = runtime();
    let mut g = c.benchmark_group("tower/conditional");
    // Zero configuration: the handler runs, the layer judges its response.
    let after = page().layer(ConditionalLayer::new()).with_state(());
    // `.current(f)`: the layer judges before the handler, which runs only
    // for the 200.
    let before = page()
        .layer(ConditionalLayer::new().current(|_: &Parts| async {
            Ok::<_, Infallible>(Current::new().with_etag(EntityTag::strong("v1").unwrap()))
        }))
        .with_state(());
    for (name, app) in [("layer", &after), ("layer.current", &before)] {
        for (case, tag, want) in [
            ("get_200", "\"v0\"", (StatusCode::OK, 1024)),
            ("get_304", "\"v1\"", (StatusCode::NOT_MODIFIED, 0)),
        ] {
            g.bench_function(BenchmarkId::new(case, name), |b| {
                b.iter(|| {
                    let mut req = browser_get();
                    req.headers_mut()
                        .insert(header::IF_NONE_MATCH, header::HeaderValue::from_static(tag));
                    let got = rt.block_on(send(app, req));
                    assert_eq!(got, want);
                });
            });
        }
    }
    g.finish();
}

const MIB: usize = 1 << 20;
const CHUNK: usize = 16 << 10;

/// A body yielding `bytes` in slices of `CHUNK` (no copy), length unknown.
struct Slices {
    bytes: Bytes,
}

impl http_body::Body for Slices {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        if self.bytes.is_empty() {
            return Poll::Ready(None);
        }
        let n = CHUNK.min(self.bytes.len());
        Poll::Ready(Some(Ok(Frame::data(self.bytes.split_to(n)))))
    }
}

fn hash_body(c: &mut Criterion) {
    let rt = runtime();
    let mut g = c.benchmark_group("tower/hash_body");
    g.throughput(Throughput::Bytes(MIB as u64));
    let content = Bytes::from((0..MIB).map(|i| (i % 251) as u8).collect::<Vec<u8>>());
    let digest = Sha256::digest(&content);
    let tag = precond::EntityTag::from_digest(&digest).to_header_value();

    let inner = {
        let content = content.clone();
        service_fn(move |_req: Request<Body>| {
            let bytes = content.clone();
            async move { Ok::<_, Infallible>(Response::new(Slices { bytes })) }
        })
    };
    let svc = ConditionalLayer::new()
        .hash_body(2 * MIB as u64)
        .layer(inner);
    g.bench_function(BenchmarkId::new("1mib", "layer"), |b| {
        b.iter(|| {
            rt.block_on(async {
                let req = Request::get("/").body(Body::empty()).unwrap();
                let res = svc.clone().oneshot(req).await.unwrap();
                assert_eq!(res.headers().get(header::ETAG), Some(&tag));
                let mut body = res.into_body();
                let mut read = 0;
                while let Some(frame) = body.frame().await {
                    if let Ok(data) = frame.unwrap().into_data() {
                        read += black_box(data).len();
                    }
                }
                assert_eq!(read, MIB);
            });
        });
    });
    g.bench_function(BenchmarkId::new("1mib", "sha256"), |b| {
        b.iter(|| {
            let got = Sha256::digest(black_box(&content[..]));
            assert_eq!(got, digest);
        });
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = config();
    targets = plain, conditional, hash_body
}
criterion_main!(benches);
