//! The probe report of docs/conformance.md: servers started on 127.0.0.1,
//! each probed with the same battery, the results side by side. Used by the
//! `conformance` example (which prints it) and by `tests/conformance.rs`
//! (which checks docs/conformance.md is current).
#![allow(dead_code)] // each includer uses part of it

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

use super::server;

/// Starts the servers and, with `serve`, prints their URLs and keeps them up
/// that long (at most an hour); without, probes each and returns the report.
pub(crate) fn conformance(serve: Option<u64>) -> Result<String, Box<dyn std::error::Error>> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()?;
    let reference = server::Server::start(server::Fault::None);
    let dir = scratch_dir()?;
    let ours = runtime.block_on(serve_precond_fs(dir.clone()))?;
    let tower = runtime.block_on(serve_dir(dir.clone()))?;
    // (name, URL, whether its entity-tag differs from run to run)
    let servers = [
        ("reference", reference.url("/doc"), false),
        (
            "precond-fs ServeDir",
            format!("http://{ours}/doc.txt"),
            true,
        ),
        (
            "tower-http ServeDir 0.6",
            format!("http://{tower}/doc.txt"),
            false,
        ),
    ];
    let mut text = String::new();
    if let Some(seconds) = serve {
        for (name, url, _) in &servers {
            println!("{name}: {url}");
        }
        std::thread::sleep(Duration::from_secs(seconds.min(3600)));
    } else {
        let mut reports = Vec::new();
        for (name, url, volatile_tag) in &servers {
            let mut config = ClientConfig::new(url.clone());
            config.interval = Duration::ZERO;
            let report = run(&mut Client::new(&config)?, &Settings::default())?;
            reports.push((*name, *volatile_tag, report));
        }
        text = markdown(&reports);
    }
    let _ = std::fs::remove_dir_all(&dir);
    runtime.shutdown_background();
    Ok(text)
}

/// Numbers the scratch directories of one process.
static SCRATCH: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

/// A fresh directory holding `doc.txt`, the test servers' content, with
/// their Last-Modified as its modification time.
fn scratch_dir() -> std::io::Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!(
        "precond-conformance-{}-{}",
        std::process::id(),
        SCRATCH.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    ));
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

/// precond-fs's ServeDir (this workspace's file server) on 127.0.0.1, port
/// chosen by the system.
async fn serve_precond_fs(dir: PathBuf) -> std::io::Result<SocketAddr> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let service = precond_fs::ServeDir::new(dir);
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let service = service.clone();
            tokio::spawn(async move {
                let handler = service_fn(move |req| {
                    let answer = service.serve(&req);
                    async move { Ok::<_, Infallible>(answer.await) }
                });
                let _ = http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), handler)
                    .await;
            });
        }
    });
    Ok(addr)
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

/// The text above the results.
const PREAMBLE: &str = "\
# Conformance: conditional requests of live servers

<!-- Generated by `cargo xtask docs` (which runs `cargo run -p precond-probe --example
conformance`); do not edit by hand. -->

`precond probe` (crates/probe) sends one battery of conditional requests to a server and
judges each answer against RFC 9110: the status required is what `precond::evaluate`
decides from the validators the server's own plain GET returned; a 304 must repeat the
200's ETag, Vary, Cache-Control, Content-Location, Expires and Date (§15.4.5); a 206 must
carry the Content-Range asked for. *pass*: as required; **FAIL**: a requirement is
broken; *allowed*: another answer the RFC permits (ignoring a Range, §14.2, …).

Each server below runs on 127.0.0.1 inside the example and serves the same 25 bytes with
Last-Modified `Tue, 14 Nov 2023 22:13:20 GMT` (a file with that modification time, for
the file servers). The required status is computed per server: a server that sends no
ETag gets no entity-tag cases (\"not sent\").

- reference: a hyper 1 handler around `precond::evaluate`, ranges planned by
  precond-range (the probe's correct test server, crates/probe/tests/support/server.rs).
- tower-http ServeDir 0.6: `tower_http::services::ServeDir` (0.6.11, the version in
  Cargo.lock), unconfigured.
- precond-fs ServeDir: the workspace's own file server (`precond_fs::ServeDir`,
  crates/fs), unconfigured. Its entity-tag is a digest of the file's identity, length and
  modification time, so it differs from run to run; it is shown here as `\"…\"`.
  precond-fs's own socket test asserts the same battery against it (docs/conformance-fs.md).

Repeat it with `cargo run -p precond-probe --example conformance` (the Markdown below on
stdout), or probe any of these servers by hand: `cargo run -p precond-probe --example
conformance -- --serve 60` prints their URLs for `precond probe URL`.

## Summary

";

/// The reports side by side: one row per case, each server's status and
/// verdict (with the status required from that server's own validators),
/// then each server's departures. A server whose entity-tag differs from run
/// to run (`volatile_tag`) has it shown as `"…"`, so that the report of one
/// run equals the next.
fn markdown(reports: &[(&str, bool, Report)]) -> String {
    let mut out = String::from(PREAMBLE);
    for (name, _, report) in reports {
        out += &format!("- {name}: {}\n", report.counts());
    }
    out += "\n## Side by side\n\n";
    let names: Vec<&str> = reports.iter().map(|(n, _, _)| *n).collect();
    out += &format!("| case | sends | {} |\n", names.join(" | "));
    out += &format!("|---|---|{}\n", "---|".repeat(names.len()));
    let mut rows: BTreeMap<usize, (&str, &str)> = BTreeMap::new();
    let mut order: Vec<&str> = Vec::new();
    for (_, _, report) in reports {
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
            .map(|(_, _, report)| match report.result(id) {
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
    for (name, volatile_tag, report) in reports {
        let mut section = format!("\n## {name}: {}\n\n", report.counts());
        section += &format!(
            "Plain GET: {}, {}.\n",
            report.baseline.status(),
            report.baseline.describe()
        );
        for note in &report.notes {
            section += &format!("\n- note: {note}");
        }
        for r in report
            .results
            .iter()
            .filter(|r| r.judgement.verdict != Verdict::Pass)
        {
            for f in &r.judgement.findings {
                section += &format!(
                    "\n- `{}` {}: {} ({})",
                    r.case.id(),
                    f.verdict,
                    f.message,
                    f.section
                );
            }
        }
        section += "\n";
        let tag = report.baseline.fields().get(http::header::ETAG);
        match tag.and_then(|t| t.to_str().ok()) {
            Some(tag) if *volatile_tag => out += &section.replace(tag, "\"…\""),
            _ => out += &section,
        }
    }
    out
}
