//! Notes over REST with optimistic concurrency, guarded inside the handlers
//! by `precond_axum::Preconditions`: a write must name the version it
//! replaces (428 otherwise, 412 when it is stale), a create must say
//! `If-None-Match: *`, and a read of an unchanged note answers 304 without
//! rendering it. Each write is checked and performed under the store's lock.
//!
//! ```sh
//! cargo run -p precond-axum --example rest     # listens on 127.0.0.1:3000 (PORT to change)
//! curl -i -X PUT localhost:3000/notes/1 -H 'If-None-Match: *' -d 'first'   # 201, ETag: "1"
//! curl -i -X PUT localhost:3000/notes/1 -H 'If-None-Match: *' -d 'again'   # 412: it exists
//! curl -i localhost:3000/notes/1                                          # 200, ETag: "1"
//! curl -i localhost:3000/notes/1 -H 'If-None-Match: "1"'                  # 304, nothing rendered
//! curl -i localhost:3000/notes/1 -H 'Range: bytes=0-2'                    # 206, "fir"
//! curl -i -X PUT localhost:3000/notes/1 -d 'blind'                        # 428: name a version
//! curl -i -X PUT localhost:3000/notes/1 -H 'If-Match: "1"' -d 'second'    # 204, ETag: "2"
//! curl -i -X PUT localhost:3000/notes/1 -H 'If-Match: "1"' -d 'lost'      # 412, ETag: "2"
//! ```

#[path = "../tests/support/app.rs"]
mod support;

#[tokio::main(flavor = "current_thread")]
async fn main() -> std::io::Result<()> {
    let port = std::env::var("PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(3000_u16);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    println!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, support::app(support::Store::default())).await
}
