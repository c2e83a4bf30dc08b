//! A REST resource with optimistic concurrency: the layer looks up the
//! document's version before the handler runs, so a PUT or DELETE based on
//! an old version gets 412 and one that names no version gets 428, and the
//! handler only ever writes over the version the client saw.
//!
//! ```sh
//! cargo run -p precond-tower --example rest_layer      # listens on 127.0.0.1:3000 (PORT to change)
//! curl -i localhost:3000/doc                                   # 200, ETag: "1"
//! curl -i localhost:3000/doc -H 'If-None-Match: "1"'           # 304, handler not run
//! curl -i -X PUT localhost:3000/doc -d 'new text'              # 428: say which version
//! curl -i -X PUT localhost:3000/doc -H 'If-Match: "1"' -d 'new text'   # 204, ETag: "2"
//! curl -i -X PUT localhost:3000/doc -H 'If-Match: "1"' -d 'lost'       # 412: "1" is stale
//! ```

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderValue, Method, StatusCode, header, request::Parts};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use precond::EntityTag;
use precond_axum::ConditionalLayer;
use precond_tower::Current;

/// The document: its text and a version that changes with every write.
struct Doc {
    version: u64,
    text: Vec<u8>,
}

type Shared = Arc<Mutex<Doc>>;

/// The document's current validators, for the layer (no body rendered).
async fn current(doc: Shared) -> Result<Current, &'static str> {
    let doc = doc.lock().map_err(|_| "the document's lock is poisoned")?;
    Ok(Current::new()
        .with_etag(EntityTag::from_version(doc.version))
        .with_field(header::CACHE_CONTROL, HeaderValue::from_static("no-cache")))
}

async fn read(State(doc): State<Shared>) -> Response {
    let Ok(doc) = doc.lock() else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let etag = EntityTag::from_version(doc.version).to_header_value();
    (
        [
            (header::ETAG, etag),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        doc.text.clone(),
    )
        .into_response()
}

/// Runs only when If-Match named the current version.
async fn write(State(doc): State<Shared>, text: Bytes) -> Response {
    let Ok(mut doc) = doc.lock() else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    doc.version += 1;
    doc.text = text.to_vec();
    let etag = EntityTag::from_version(doc.version).to_header_value();
    (StatusCode::NO_CONTENT, [(header::ETAG, etag)]).into_response()
}

async fn remove(State(doc): State<Shared>) -> StatusCode {
    match doc.lock() {
        Ok(mut doc) => {
            doc.version += 1;
            doc.text.clear();
            StatusCode::NO_CONTENT
        }
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> std::io::Result<()> {
    let doc: Shared = Arc::new(Mutex::new(Doc {
        version: 1,
        text: b"first version\n".to_vec(),
    }));
    let lookup_doc = Arc::clone(&doc);
    let conditional = ConditionalLayer::new()
        .current(move |_: &Parts| current(Arc::clone(&lookup_doc)))
        .require_precondition([Method::PUT, Method::DELETE]);
    let app = Router::new()
        .route(
            "/doc",
            get(read).put(write).delete(remove).layer(conditional),
        )
        .with_state(doc);

    let port = std::env::var("PORT").unwrap_or_else(|_| "3000".to_owned());
    let listener = tokio::net::TcpListener::bind(format!("127.0.0.1:{port}")).await?;
    println!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app).await
}
