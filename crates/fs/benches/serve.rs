//! precond-fs's `ServeDir` against tower-http's `ServeDir`, in one run, in
//! process (the service called directly, the body read to its end): a
//! 100 MiB file whole, 1 KiB of it by Range, and a 304.
//!
//! `cargo bench -p precond-fs --bench serve` (results: docs/benchmarks.md).
//! `-- --test` runs each once, checking the answers.

use std::convert::Infallible;
use std::path::Path;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use http::{Request, Response, StatusCode};
use http_body_util::{BodyExt, Empty};
use tower::Service;

const BIG: u64 = 100 << 20;

/// Sends `req` to `service` and reads the body to its end; returns the status
/// and the number of content bytes.
async fn call<S, B>(service: &mut S, req: Request<Empty<Bytes>>) -> (StatusCode, u64)
where
    S: Service<Request<Empty<Bytes>>, Response = Response<B>, Error = Infallible>,
    B: http_body::Body + Unpin,
    B::Error: std::fmt::Debug,
{
    let res = service.call(req).await.unwrap_or_else(|e| match e {});
    let status = res.status();
    let mut body = res.into_body();
    let mut n = 0u64;
    while let Some(frame) = body.frame().await {
        if let Ok(data) = frame.expect("body").into_data() {
            n += bytes::Buf::remaining(&data) as u64;
        }
    }
    (status, n)
}

fn request(fields: &[(&str, &str)]) -> Request<Empty<Bytes>> {
    let mut req = Request::get("/big.bin");
    for (n, v) in fields {
        req = req.header(*n, *v);
    }
    req.body(Empty::new()).expect("request")
}

fn tree() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    let path = tmp.path().join("big.bin");
    let file = std::fs::File::create(&path).expect("create");
    file.set_len(BIG).expect("set_len");
    file.set_modified(SystemTime::now() - Duration::from_secs(3600))
        .expect("mtime");
    tmp
}

fn last_modified(root: &Path) -> String {
    let t = std::fs::metadata(root.join("big.bin"))
        .and_then(|m| m.modified())
        .expect("mtime");
    precond::HttpDate::from_system_time(t)
        .expect("date")
        .to_string()
}

fn benches(c: &mut Criterion) {
    let tmp = tree();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let mut ours = precond_fs::ServeDir::new(tmp.path());
    let mut theirs = tower_http::services::ServeDir::new(tmp.path());
    let since = last_modified(tmp.path());

    let mut g = c.benchmark_group("fs/get_100MiB");
    g.throughput(Throughput::Bytes(BIG)).sample_size(10);
    g.bench_function("precond-fs", |b| {
        b.iter(|| {
            assert_eq!(
                rt.block_on(call(&mut ours, request(&[]))),
                (StatusCode::OK, BIG)
            );
        });
    });
    g.bench_function("tower-http", |b| {
        b.iter(|| {
            assert_eq!(
                rt.block_on(call(&mut theirs, request(&[]))),
                (StatusCode::OK, BIG)
            );
        });
    });
    g.finish();

    let range = [("range", "bytes=1048576-1049599")];
    let mut g = c.benchmark_group("fs/range_1KiB");
    g.throughput(Throughput::Bytes(1024));
    g.bench_function("precond-fs", |b| {
        b.iter(|| {
            assert_eq!(
                rt.block_on(call(&mut ours, request(&range))),
                (StatusCode::PARTIAL_CONTENT, 1024)
            );
        });
    });
    g.bench_function("tower-http", |b| {
        b.iter(|| {
            assert_eq!(
                rt.block_on(call(&mut theirs, request(&range))),
                (StatusCode::PARTIAL_CONTENT, 1024)
            );
        });
    });
    g.finish();

    let ims = [("if-modified-since", since.as_str())];
    let mut g = c.benchmark_group("fs/not_modified");
    g.bench_function("precond-fs", |b| {
        b.iter(|| {
            assert_eq!(
                rt.block_on(call(&mut ours, request(&ims))),
                (StatusCode::NOT_MODIFIED, 0)
            );
        });
    });
    g.bench_function("tower-http", |b| {
        b.iter(|| {
            assert_eq!(
                rt.block_on(call(&mut theirs, request(&ims))),
                (StatusCode::NOT_MODIFIED, 0)
            );
        });
    });
    g.finish();
}

criterion_group!(serve, benches);
criterion_main!(serve);
