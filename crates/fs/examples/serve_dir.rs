//! Serves a directory on 127.0.0.1 with conditional requests and ranges done
//! exactly (RFC 9110 §13, §14).
//!
//! ```sh
//! cargo run -p precond-fs --example serve_dir -- crates/fs 8080
//!
//! curl -i http://127.0.0.1:8080/Cargo.toml                       # 200, ETag, Last-Modified
//! curl -i -H 'If-None-Match: "…the ETag…"' http://127.0.0.1:8080/Cargo.toml   # 304
//! curl -i -H 'Range: bytes=0-99' http://127.0.0.1:8080/Cargo.toml             # 206
//! curl -i -H 'Range: bytes=0-9, 20-29' http://127.0.0.1:8080/Cargo.toml       # 206 multipart
//! curl -i -H 'Range: bytes=0-9' -H 'If-Range: "stale"' http://127.0.0.1:8080/Cargo.toml  # 200
//! curl -i -X DELETE http://127.0.0.1:8080/Cargo.toml                          # 405, Allow
//! curl -i --path-as-is http://127.0.0.1:8080/../Cargo.toml                    # 404
//! ```

use std::net::SocketAddr;

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use precond_fs::ServeDir;
use tokio::net::TcpListener;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let root = args.next().unwrap_or_else(|| ".".to_owned());
    let port: u16 = args.next().and_then(|p| p.parse().ok()).unwrap_or(8080);

    // The one line: a service that serves the directory.
    let service = ServeDir::new(&root).precompressed_br().precompressed_gzip();

    let listener = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], port))).await?;
    eprintln!("serving {root} on http://{}", listener.local_addr()?);
    loop {
        let (stream, _) = listener.accept().await?;
        let service = service.clone();
        tokio::spawn(async move {
            let handler = service_fn(move |req| {
                let res = service.serve(&req);
                async move { Ok::<_, std::convert::Infallible>(res.await) }
            });
            let _ = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), handler)
                .await;
        });
    }
}
