//! The probe report of docs/conformance.md: servers started on 127.0.0.1,
//! each probed with the same battery, the results side by side.
//!
//! ```text
//! cargo run -p precond-probe --example conformance            # the Markdown report
//! cargo run -p precond-probe --example conformance -- --serve 60
//!     # serve for 60 s and print the URLs, to try `precond probe URL` by hand
//! ```
//!
//! The servers, all serving the same 25 bytes, Last-Modified 2023-11-14T22:13:20Z:
//!
//! - `reference`: the test servers' correct handler, a hyper 1 handler around
//!   `precond::evaluate` (crates/probe/tests/support/server.rs);
//! - `precond-fs ServeDir`: the workspace's own file server over a temporary
//!   directory holding the file, its modification time set to that date;
//! - `tower-http ServeDir`: tower-http 0.6's ServeDir over the same directory.

#[path = "../tests/support/conformance.rs"]
mod conformance;
#[path = "../tests/support/server.rs"]
mod server;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let serve: Option<u64> = match std::env::args().nth(1).as_deref() {
        Some("--serve") => Some(
            std::env::args()
                .nth(2)
                .and_then(|s| s.parse().ok())
                .unwrap_or(60),
        ),
        Some(other) => {
            return Err(format!("unknown argument {other:?}; try --serve SECONDS").into());
        }
        None => None,
    };
    print!("{}", conformance::conformance(serve)?);
    Ok(())
}
