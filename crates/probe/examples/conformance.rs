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
//! - `tower-http ServeDir`: tower-http 0.6's ServeDir over a temporary
//!   directory holding the file, its modification time set to that date.
//!
//! The workspace's own file server (precond-fs) joins the table when it lands.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::fs::{File, FileTimes};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::{Duration, UNIX_EPOCH};

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use precond_probe::client::{Client, ClientConfig};
use precond_probe::{Report, Settings, Verdict, run};
use tower_http::services::ServeDir;

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
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()?;

    let reference = server::Server::start(server::Fault::None);
    let dir = scratch_dir()?;
    let tower = runtime.block_on(serve_dir(dir.clone()))?;

    let servers = [
        ("reference", reference.url("/doc")),
        ("tower-http ServeDir 0.6", format!("http://{tower}/doc.txt")),
    ];
    if let Some(seconds) = serve {
        for (name, url) in &servers {
            println!("{name}: {url}");
        }
        // Bounded: the servers stop after the given time (at most an hour).
        std::thread::sleep(Duration::from_secs(seconds.min(3600)));
    } else {
        let mut reports = Vec::new();
        for (name, url) in &servers {
            let mut config = ClientConfig::new(url.clone());
            config.interval = Duration::ZERO;
            let report = run(&mut Client::new(&config)?, &Settings::default())?;
            reports.push((*name, report));
        }
        print!("{}", markdown(&reports));
    }
    let _ = std::fs::remove_dir_all(&dir);
    runtime.shutdown_background();
    Ok(())
}

/// A fresh directory holding `doc.txt`, the test servers' content, with
/// their Last-Modified as its modification time.
fn scratch_dir() -> std::io::Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("precond-conformance-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("doc.txt");
    std::fs::write(&path, server::CONTENT)?;
    let modified = UNIX_EPOCH + Duration::from_secs(server::MODIFIED.unsigned_abs());
    File::options()
        .write(true)
        .open(&path)?
        .set_times(FileTimes::new().set_modified(modified))?;
    Ok(dir)
}

/// tower-http's ServeDir on 127.0.0.1, port chosen by the system.
async fn serve_dir(dir: PathBuf) -> std::io::Result<SocketAddr> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let service = ServeDir::new(dir);
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let service = service.clone();
            tokio::spawn(async move {
                let handler = service_fn(move |req| {
                    let mut service = service.clone();
                    async move {
                        service
                            .try_call(req)
                            .await
                            .or_else(|_| Ok::<_, Infallible>(internal_error()))
                    }
                });
                let _ = http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), handler)
                    .await;
            });
        }
    });
    Ok(addr)
}

fn internal_error() -> http::Response<tower_http::services::fs::ServeFileSystemResponseBody> {
    let mut res = http::Response::new(Default::default());
    *res.status_mut() = http::StatusCode::INTERNAL_SERVER_ERROR;
    res
}

/// The reports side by side: one row per case, each server's status and
/// verdict (with the status required from that server's own validators),
/// then each server's departures.
fn markdown(reports: &[(&str, Report)]) -> String {
    let mut out = String::new();
    let names: Vec<&str> = reports.iter().map(|(n, _)| *n).collect();
    out += &format!("| case | sends | {} |\n", names.join(" | "));
    out += &format!("|---|---|{}\n", "---|".repeat(names.len()));
    let mut rows: BTreeMap<usize, (&str, &str)> = BTreeMap::new();
    let mut order: Vec<&str> = Vec::new();
    for (_, report) in reports {
        for r in &report.results {
            if !order.contains(&r.case.id()) {
                order.push(r.case.id());
                rows.insert(order.len(), (r.case.id(), r.case.title()));
            }
        }
    }
    for (id, title) in rows.values() {
        let cells: Vec<String> = reports
            .iter()
            .map(|(_, report)| match report.result(id) {
                Some(r) => {
                    let mark = match r.judgement.verdict {
                        Verdict::Pass => "pass",
                        Verdict::Allowed => "allowed",
                        Verdict::Fail => "**FAIL**",
                    };
                    format!(
                        "{} {mark} (requires {})",
                        r.received.status.as_u16(),
                        r.judgement.required.as_u16()
                    )
                }
                None => "not sent".to_owned(),
            })
            .collect();
        out += &format!("| `{id}` | {title} | {} |\n", cells.join(" | "));
    }
    for (name, report) in reports {
        out += &format!("\n### {name}: {}\n\n", report.counts());
        out += &format!(
            "Plain GET: {}, {}.\n",
            report.baseline.status(),
            report.baseline.describe()
        );
        for note in &report.notes {
            out += &format!("\n- note: {note}");
        }
        for r in report
            .results
            .iter()
            .filter(|r| r.judgement.verdict != Verdict::Pass)
        {
            for f in &r.judgement.findings {
                out += &format!(
                    "\n- `{}` {}: {} ({})",
                    r.case.id(),
                    f.verdict,
                    f.message,
                    f.section
                );
            }
        }
        out += "\n";
    }
    out
}
