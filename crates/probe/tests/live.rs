//! The probe against servers started on 127.0.0.1 inside the test: a correct
//! one (a hyper handler around `precond::evaluate`), and wrong ones, each with
//! one planted fault the probe must name. No traffic leaves the loopback.

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener};
use std::time::{Duration, Instant};

use http::StatusCode;
use precond_probe::client::{Client, ClientConfig, ClientError};
use precond_probe::{Note, Report, RunError, Settings, Verdict, run};

#[path = "support/server.rs"]
mod server;

use server::{Fault, Server};

#[allow(clippy::needless_pass_by_value)] // reads better at the call sites
fn client(config: ClientConfig) -> Client {
    Client::new(&config).unwrap()
}

fn probe(server: &Server, settings: Settings) -> Report {
    let mut config = ClientConfig::new(server.url("/doc"));
    config.unsafe_url = Some(server.url("/unsafe"));
    config.interval = Duration::ZERO;
    config.timeout = Duration::from_secs(5);
    run(&mut client(config), &settings).unwrap()
}

fn failed(report: &Report) -> BTreeSet<&'static str> {
    report
        .results
        .iter()
        .filter(|r| r.judgement.verdict == Verdict::Fail)
        .map(|r| r.case.id())
        .collect()
}

fn show(report: &Report) -> String {
    let mut out = String::new();
    for r in &report.results {
        out += &format!(
            "{} {} {} {:?}\n",
            r.judgement.verdict,
            r.case.id(),
            r.received.status,
            r.judgement.findings
        );
    }
    out
}

fn with_unsafe() -> Settings {
    Settings {
        unsafe_cases: true,
        ..Settings::default()
    }
}

// proves: 9110-13.2.2-evaluation-order, 9110-13.1.1-respond-412, 9110-13.1.5-true-honours-range
#[test]
fn a_correct_server_passes_every_case() {
    let server = Server::start(Fault::None);
    let report = probe(&server, with_unsafe());
    let c = report.counts();
    // The server answers every Range form as precond-range plans it, so
    // nothing is merely "allowed".
    assert_eq!((c.failed, c.allowed), (0, 0), "{}", show(&report));
    assert!(c.passed >= 35, "{}", show(&report));
    assert!(report.notes.is_empty(), "{:?}", report.notes);
    // Each kind of answer was seen and judged.
    for (id, status) in [
        ("inm-list", 304),
        ("ir-fresh", 206),
        ("ir-stale", 200),
        ("im-other", 412),
        ("put-im-other", 412),
    ] {
        assert_eq!(
            report.result(id).map(|r| r.received.status.as_u16()),
            Some(status),
            "{id}"
        );
    }
}

// proves: 9110-5.6.1.2-recipient-list-syntax, 9110-13.1.2-evaluate
#[test]
fn ignoring_if_none_match_lists_is_named() {
    let report = probe(&Server::start(Fault::IgnoresInmLists), Settings::default());
    assert_eq!(
        failed(&report),
        BTreeSet::from(["inm-list", "inm-lines"]),
        "{}",
        show(&report)
    );
}

// proves: 9110-13.1.5-evaluate, 9110-13.1.5-false-ignores-range
#[test]
fn a_stale_if_range_answered_206_is_named() {
    let report = probe(
        &Server::start(Fault::StaleIfRangeGets206),
        Settings::default(),
    );
    assert_eq!(
        failed(&report),
        BTreeSet::from(["ir-date-stale", "ir-stale", "ir-weak"]),
        "{}",
        show(&report)
    );
    let stale = report.result("ir-stale").unwrap();
    assert_eq!(stale.judgement.findings[0].section, "RFC 9110 §13.1.5");
}

// proves: 9110-13.1.3-ignore-if-inm
#[test]
fn if_modified_since_winning_over_if_none_match_is_named() {
    let report = probe(&Server::start(Fault::ImsWinsOverInm), Settings::default());
    assert_eq!(
        failed(&report),
        BTreeSet::from(["ims-with-inm-match", "ims-with-inm-other"]),
        "{}",
        show(&report)
    );
}

// proves: 9110-15.4.5-keep-listed-fields
#[test]
fn a_304_without_vary_is_named_on_every_304() {
    let report = probe(&Server::start(Fault::DropsVaryOn304), Settings::default());
    let not_modified: BTreeSet<_> = report
        .results
        .iter()
        .filter(|r| r.judgement.required == StatusCode::NOT_MODIFIED)
        .map(|r| r.case.id())
        .collect();
    assert!(not_modified.len() >= 8, "{not_modified:?}");
    assert_eq!(failed(&report), not_modified, "{}", show(&report));
    for r in report
        .results
        .iter()
        .filter(|r| r.judgement.verdict == Verdict::Fail)
    {
        let f = &r.judgement.findings[0];
        assert_eq!(f.section, "RFC 9110 §15.4.5");
        assert!(f.message.contains("vary"), "{}", f.message);
    }
}

// proves: 9110-13.1.1-false-stops-method, 9110-13.1.2-false-stops-method, 9110-13.1.4-false-stops-method, 9110-13.1.2-304-or-412
#[test]
fn performing_a_put_whose_if_match_is_false_is_named() {
    let report = probe(&Server::start(Fault::IgnoresIfMatchOnPut), with_unsafe());
    assert_eq!(
        failed(&report),
        BTreeSet::from([
            "delete-im-other",
            "put-im-other",
            "put-inm-star",
            "put-ius-earlier"
        ]),
        "{}",
        show(&report)
    );
}

#[test]
fn a_resource_without_validators_is_reported_not_failed() {
    let report = probe(&Server::start(Fault::NoValidators), Settings::default());
    assert_eq!(report.notes, vec![Note::NothingToValidate]);
    assert_eq!(report.counts().failed, 0, "{}", show(&report));
    // What needs no validator is still checked: `*`, and an ignored If-Modified-Since.
    for id in ["inm-star", "im-star", "inm-other", "ims-no-date"] {
        assert!(report.result(id).is_some(), "{id}");
    }
}

#[test]
fn validators_changing_between_two_gets_stop_the_run() {
    let server = Server::start(Fault::ChangingEtag);
    let err = run(
        &mut client(ClientConfig::new(server.url("/doc"))),
        &Settings::default(),
    )
    .unwrap_err();
    assert!(matches!(err, RunError::Unstable { .. }), "{err}");
    assert!(
        err.to_string().contains("changed between two plain GETs"),
        "{err}"
    );
}

// proves: 9111-4.3.2-cache-evaluate
#[test]
fn a_cache_in_front_is_reported() {
    let report = probe(&Server::start(Fault::BehindCache), Settings::default());
    assert!(
        matches!(report.notes.as_slice(), [Note::Cache(_)]),
        "{:?}",
        report.notes
    );
    assert_eq!(report.counts().failed, 0, "{}", show(&report));
}

#[test]
fn a_redirect_is_an_error_unless_followed() {
    let server = Server::start(Fault::Redirects);
    let err = run(
        &mut client(ClientConfig::new(server.url("/"))),
        &Settings::default(),
    )
    .unwrap_err();
    assert!(
        matches!(
            err,
            RunError::Redirect {
                status: StatusCode::FOUND,
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("/doc"), "{err}");

    let mut config = ClientConfig::new(server.url("/"));
    config.follow = true;
    let report = run(&mut client(config), &Settings::default()).unwrap();
    assert_eq!(report.counts().failed, 0, "{}", show(&report));
}

#[test]
fn the_request_limit_is_kept() {
    let report = probe(
        &Server::start(Fault::None),
        Settings {
            max_requests: 10,
            unsafe_cases: false,
        },
    );
    assert_eq!(report.requests, 10);
    assert_eq!(report.results.len(), 6);
    assert!(
        matches!(report.notes.as_slice(), [Note::Truncated { .. }]),
        "{:?}",
        report.notes
    );
}

#[test]
fn requests_name_precond_and_ask_for_identity_unless_told_otherwise() {
    let server = Server::start(Fault::None);
    let report = probe(&server, Settings::default());
    let seen = |name: &str| {
        report
            .baseline
            .fields()
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    };
    assert_eq!(
        seen("x-seen-user-agent"),
        Some(precond_probe::client::USER_AGENT.to_owned())
    );
    assert!(
        seen("x-seen-user-agent")
            .unwrap()
            .starts_with("precond-probe/")
    );
    assert_eq!(seen("x-seen-accept-encoding").as_deref(), Some("identity"));

    let mut config = ClientConfig::new(server.url("/doc"));
    config.fields.insert(
        http::header::USER_AGENT,
        http::HeaderValue::from_static("mine/1"),
    );
    config.fields.insert(
        http::header::ACCEPT_ENCODING,
        http::HeaderValue::from_static("gzip"),
    );
    let report = run(&mut client(config), &Settings::default()).unwrap();
    let seen = |name: &str| {
        report
            .baseline
            .fields()
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    };
    assert_eq!(seen("x-seen-user-agent").as_deref(), Some("mine/1"));
    assert_eq!(seen("x-seen-accept-encoding").as_deref(), Some("gzip"));
}

#[test]
fn requests_are_paced() {
    let server = Server::start(Fault::None);
    let mut config = ClientConfig::new(server.url("/doc"));
    config.interval = Duration::from_millis(30);
    let started = Instant::now();
    let report = run(
        &mut client(config),
        &Settings {
            max_requests: 8,
            unsafe_cases: false,
        },
    )
    .unwrap();
    assert_eq!(report.requests, 8);
    // Seven gaps of at least 30 ms between eight requests.
    assert!(
        started.elapsed() >= Duration::from_millis(210),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn a_malformed_url_is_refused() {
    for url in ["not a url", "ftp://127.0.0.1/x", "http://"] {
        let err = Client::new(&ClientConfig::new(url)).unwrap_err();
        assert!(matches!(err, ClientError::Url(_)), "{url}: {err}");
        assert!(err.to_string().starts_with("malformed URL"), "{err}");
    }
}

#[test]
fn a_refused_connection_is_named() {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut c = client(ClientConfig::new(format!("http://127.0.0.1:{port}/")));
    let err = run(&mut c, &Settings::default()).unwrap_err();
    assert!(
        matches!(err, RunError::Transport(ClientError::Refused(_))),
        "{err:?}"
    );
}

/// A raw TCP peer on 127.0.0.1 that answers each connection with `reply`
/// (after reading the request head) and closes; at most 4 connections, 5 s.
fn raw_peer(reply: &'static [u8]) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    listener.set_nonblocking(true).unwrap();
    std::thread::spawn(move || {
        let deadline = Instant::now() + Duration::from_secs(5);
        let mut served = 0;
        while served < 4 && Instant::now() < deadline {
            match listener.accept() {
                Ok((mut stream, _)) => {
                    served += 1;
                    stream.set_nonblocking(false).unwrap();
                    stream
                        .set_read_timeout(Some(Duration::from_secs(1)))
                        .unwrap();
                    let mut buf = [0u8; 4096];
                    let _ = stream.read(&mut buf);
                    let _ = stream.write_all(reply);
                }
                Err(_) => std::thread::sleep(Duration::from_millis(5)),
            }
        }
    });
    addr
}

#[test]
fn an_early_close_is_named() {
    let addr = raw_peer(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort");
    let err = run(
        &mut client(ClientConfig::new(format!("http://{addr}/"))),
        &Settings::default(),
    )
    .unwrap_err();
    assert!(
        matches!(err, RunError::Transport(ClientError::Closed(_))),
        "{err:?}"
    );
    let addr = raw_peer(b"");
    let err = run(
        &mut client(ClientConfig::new(format!("http://{addr}/"))),
        &Settings::default(),
    )
    .unwrap_err();
    assert!(
        matches!(err, RunError::Transport(ClientError::Closed(_))),
        "{err:?}"
    );
}

#[test]
fn a_non_http_answer_is_named() {
    let addr = raw_peer(b"SSH-2.0-OpenSSH_9.6\r\n");
    let err = run(
        &mut client(ClientConfig::new(format!("http://{addr}/"))),
        &Settings::default(),
    )
    .unwrap_err();
    assert!(
        matches!(err, RunError::Transport(ClientError::NotHttp(_))),
        "{err:?}"
    );
}
