//! The server `cargo xtask load` measures: an axum router answering `GET /`
//! with a 1 KiB page and a strong ETag, with or without the layer (the first
//! argument: `layer` or `bare`). A conditional GET naming the ETag gets 304
//! through the layer and 200 without it.
//!
//! ```sh
//! cargo run --release -p precond-tower --example load_server -- layer # prints its address
//! curl -i "$ADDR/" -H 'If-None-Match: "v1"'                            # 304 (with `bare`: 200)
//! ```
//!
//! It listens on 127.0.0.1 (PORT to choose the port, default: any free one)
//! and prints `listening on http://ADDR` as its first line.

use axum::Router;
use axum::http::header;
use axum::routing::get;
use precond_axum::ConditionalLayer;

/// The page: 1 KiB of text.
const PAGE: &[u8; 1024] = &[b'x'; 1024];

async fn page() -> ([(header::HeaderName, &'static str); 2], &'static [u8]) {
    (
        [
            (header::ETAG, "\"v1\""),
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
        ],
        PAGE,
    )
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> std::io::Result<()> {
    let router = Router::new().route("/", get(page));
    let app = match std::env::args().nth(1).as_deref() {
        Some("layer") => router.layer(ConditionalLayer::new()),
        Some("bare") => router,
        _ => {
            eprintln!("usage: load_server layer|bare");
            std::process::exit(2);
        }
    };
    let port = std::env::var("PORT").unwrap_or_else(|_| "0".to_owned());
    let listener = tokio::net::TcpListener::bind(format!("127.0.0.1:{port}")).await?;
    println!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app).await
}
