//! A small load generator for the memory measurement of docs/benchmarks.md:
//! N concurrent GETs of one URL on 127.0.0.1, each body read to its end and
//! discarded.
//!
//! ```sh
//! cargo run --release -p precond-fs --example load -- http://127.0.0.1:8080/big.bin 100
//! ```

use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Empty};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let mut args = std::env::args().skip(1);
    let url: http::Uri = args.next().ok_or("usage: load URL [N]")?.parse()?;
    if url.host() != Some("127.0.0.1") {
        return Err("only 127.0.0.1".into());
    }
    let n: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(100);
    let client: Client<_, Empty<Bytes>> = Client::builder(TokioExecutor::new())
        .pool_max_idle_per_host(n)
        .build_http();
    let start = Instant::now();
    let mut tasks = Vec::with_capacity(n);
    for _ in 0..n {
        let (client, url) = (client.clone(), url.clone());
        tasks.push(tokio::spawn(async move {
            let res = client.get(url).await?;
            let mut body = res.into_body();
            let mut bytes = 0u64;
            // Ends with the body; bounded by the timeout below.
            while let Some(frame) = body.frame().await {
                if let Ok(data) = frame?.into_data() {
                    bytes += data.len() as u64;
                }
            }
            Ok::<_, Box<dyn std::error::Error + Send + Sync>>(bytes)
        }));
    }
    let mut total = 0u64;
    for task in tasks {
        total += tokio::time::timeout(Duration::from_secs(600), task).await???;
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{n} downloads, {total} bytes in {secs:.2} s ({:.0} MiB/s)",
        total as f64 / secs / f64::from(1 << 20)
    );
    Ok(())
}
