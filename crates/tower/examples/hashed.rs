//! A dynamic page with a hashed ETag: the handler renders HTML and sets no
//! validator; `.hash_body` gives each rendering a strong ETag from a SHA-256
//! of its bytes, so a client revalidating an unchanged page gets a 304 with
//! no body, and a changed page (here: after a POST) a new tag.
//!
//! ```sh
//! cargo run -p precond-tower --example hashed    # listens on 127.0.0.1:3000 (PORT to change)
//! curl -i localhost:3000/                                  # 200 with ETag: "<sha-256>"
//! curl -i localhost:3000/ -H 'If-None-Match: "<that tag>"' # 304, no body
//! curl -i -X POST localhost:3000/visit                     # changes the page
//! curl -i localhost:3000/ -H 'If-None-Match: "<that tag>"' # 200 with a new tag
//! ```

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::Router;
use axum::extract::State;
use axum::response::Html;
use axum::routing::{get, post};
use precond_axum::ConditionalLayer;

/// The largest page the layer reads to hash; a longer one is sent unhashed.
const HASH_LIMIT: u64 = 64 * 1024;

async fn page(State(visits): State<Arc<AtomicU64>>) -> Html<String> {
    let n = visits.load(Ordering::Relaxed);
    Html(format!(
        "<!doctype html>\n<title>visits</title>\n<p>{n} recorded visits</p>\n"
    ))
}

async fn visit(State(visits): State<Arc<AtomicU64>>) -> &'static str {
    visits.fetch_add(1, Ordering::Relaxed);
    "recorded\n"
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> std::io::Result<()> {
    let app = Router::new()
        .route(
            "/",
            get(page).layer(ConditionalLayer::new().hash_body(HASH_LIMIT)),
        )
        .route("/visit", post(visit))
        .with_state(Arc::new(AtomicU64::new(0)));

    let port = std::env::var("PORT").unwrap_or_else(|_| "3000".to_owned());
    let listener = tokio::net::TcpListener::bind(format!("127.0.0.1:{port}")).await?;
    println!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app).await
}
