//! `cargo xtask load [--secs N] [--connections N]`: requests per second of
//! an axum server with and without precond-tower's layer, under the `oha`
//! load generator, for information (issue 20). Not run in CI.
//!
//! The server is `crates/tower/examples/load_server.rs` built in release: a 1 KiB
//! page with a strong ETag. Three cases, one server each: without the layer,
//! with it, and with it under a conditional GET answered 304. The server is
//! pinned to core 0 and oha to core 1 (`taskset`), both on 127.0.0.1; on a
//! machine whose two cores are shared the figures are noisy, so each run
//! also prints the load average.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use crate::util::{capture, cargo, exec, root, succeeds};

const USAGE: &str = "usage: cargo xtask load [--secs N] [--connections N]";

/// One measured case: its name, the example's argument, extra request fields,
/// and the status every answer must have.
struct Case {
    name: &'static str,
    server: &'static str,
    header: Option<&'static str>,
    status: &'static str,
}

const CASES: [Case; 3] = [
    Case {
        name: "GET 1 KiB, no layer",
        server: "bare",
        header: None,
        status: "200",
    },
    Case {
        name: "GET 1 KiB, layer",
        server: "layer",
        header: None,
        status: "200",
    },
    Case {
        name: "conditional GET, layer (304)",
        server: "layer",
        header: Some("If-None-Match: \"v1\""),
        status: "304",
    },
];

pub(crate) fn run(args: &[String]) -> Result<(), String> {
    let mut secs: u32 = 10;
    let mut connections: u32 = 16;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let target = match arg.as_str() {
            "--secs" => &mut secs,
            "--connections" => &mut connections,
            other => return Err(format!("unknown argument `{other}`; {USAGE}")),
        };
        *target = rest
            .next()
            .and_then(|value| value.parse().ok())
            .filter(|value| (1..=600).contains(value))
            .ok_or_else(|| format!("`{arg}` needs a number from 1 to 600; {USAGE}"))?;
    }
    if !succeeds(Command::new("oha").arg("--version")) {
        // Plain HTTP on 127.0.0.1 only, but oha 1.16 does not compile without a
        // TLS feature (its TLS code is not behind one). native-tls links the
        // system's OpenSSL (headers needed); the default, rustls with aws-lc,
        // needs a C toolchain and CMake.
        exec(cargo().args([
            "install",
            "oha",
            "--locked",
            "--no-default-features",
            "--features",
            "native-tls",
        ]))?;
    }
    let pin = succeeds(Command::new("taskset").args(["-c", "1", "true"]));
    if !pin {
        eprintln!("xtask load: `taskset -c 0/1` unavailable; running unpinned");
    }
    exec(cargo().args([
        "build",
        "--release",
        "--locked",
        "-p",
        "precond-tower",
        "--example",
        "load_server",
    ]))?;
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root().join("target"), Into::into);
    let server = target.join("release").join("examples").join("load_server");

    let mut rows = Vec::new();
    for case in &CASES {
        let mut child = start(&server, case.server, pin)?;
        let result = measure(&mut child, case, secs, connections, pin);
        // Our own child, ended by its handle.
        let _ = child.kill();
        let _ = child.wait();
        rows.push((case.name, result?));
    }
    let load = capture(&mut Command::new("uptime")).unwrap_or_default();
    println!();
    println!(
        "oha -z {secs}s -c {connections}, server on core 0, oha on core 1{}",
        if pin { "" } else { " (unpinned)" }
    );
    println!("| case | requests/s |");
    println!("|---|---|");
    for (name, rps) in rows {
        println!("| {name} | {rps:.0} |");
    }
    println!("uptime: {}", load.trim());
    Ok(())
}

/// Starts the example server (`layer` or `bare`) and returns it once it has
/// printed its address.
fn start(server: &std::path::Path, which: &str, pin: bool) -> Result<Child, String> {
    let mut command = if pin {
        let mut command = Command::new("taskset");
        command.args(["-c", "0"]).arg(server);
        command
    } else {
        Command::new(server)
    };
    command
        .arg(which)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    command
        .spawn()
        .map_err(|error| format!("could not start {}: {error}", server.display()))
}

/// Reads the server's address, runs oha against it and returns requests/s,
/// after checking that every answer had the case's status.
fn measure(
    child: &mut Child,
    case: &Case,
    secs: u32,
    connections: u32,
    pin: bool,
) -> Result<f64, String> {
    let stdout = child
        .stdout
        .take()
        .ok_or("the server's stdout was not captured")?;
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .map_err(|error| format!("reading the server's address: {error}"))?;
    let url = line
        .trim()
        .strip_prefix("listening on ")
        .filter(|url| url.starts_with("http://127.0.0.1:"))
        .ok_or_else(|| format!("the server printed {line:?}, not its address"))?
        .to_owned()
        + "/";
    let mut command = if pin {
        let mut command = Command::new("taskset");
        command.args(["-c", "1", "oha"]);
        command
    } else {
        Command::new("oha")
    };
    command.args([
        "--no-tui",
        "--output-format",
        "json",
        "-z",
        &format!("{secs}s"),
        "-c",
        &connections.to_string(),
    ]);
    if let Some(header) = case.header {
        command.args(["-H", header]);
    }
    command.arg(&url);
    let json = capture(&mut command)?;
    let report: serde_json::Value =
        serde_json::from_str(&json).map_err(|error| format!("oha's JSON: {error}"))?;
    let codes = report
        .get("statusCodeDistribution")
        .and_then(serde_json::Value::as_object)
        .ok_or("oha's JSON has no statusCodeDistribution")?;
    if codes.is_empty() || codes.keys().any(|code| code != case.status) {
        return Err(format!(
            "{}: expected only {} answers, oha saw {codes:?}",
            case.name, case.status
        ));
    }
    report
        .pointer("/summary/requestsPerSec")
        .and_then(serde_json::Value::as_f64)
        .ok_or_else(|| "oha's JSON has no summary.requestsPerSec".to_owned())
}
