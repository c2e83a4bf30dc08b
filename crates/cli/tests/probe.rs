//! `precond probe`, end to end through the built binary, against the test
//! servers of precond-probe started on 127.0.0.1 in the test.

mod support;

#[path = "../../probe/tests/support/server.rs"]
mod server;

use server::{Fault, Server};
use support::precond;

#[test]
fn help_has_examples() {
    let run = precond(["probe", "--help"]);
    assert_eq!(run.code, 0, "{run:?}");
    for part in [
        "Examples:",
        "precond probe http://127.0.0.1:8080/index.html",
        "--unsafe",
        "Exit status",
        // --follow says what it does to every request, not only the plain GET.
        "Follow redirects: every request, not only the plain GET, at most 5 hops.",
        "except Authorization and Cookie",
    ] {
        assert!(run.stdout.contains(part), "{part}: {}", run.stdout);
    }
}

#[test]
fn a_correct_server_exits_0_with_the_summary_last() {
    let server = Server::start(Fault::None);
    let url = server.url("/doc");
    let run = precond(["probe", "--rate", "1000", &url]);
    assert_eq!(run.code, 0, "{run:?}");
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines.first().copied(),
        Some(format!("probe {url}").as_str())
    );
    let last = lines.last().copied().unwrap_or_default();
    assert!(last.ends_with(" passed, 0 failed, 0 allowed"), "{last}");
    assert!(run.stdout.contains("pass    inm-list"), "{}", run.stdout);
}

#[test]
fn a_planted_fault_exits_1_and_is_named_with_its_section() {
    let server = Server::start(Fault::StaleIfRangeGets206);
    let run = precond(["probe", "--rate", "1000", &server.url("/doc")]);
    assert_eq!(run.code, 1, "{run:?}");
    let fail = run
        .stdout
        .lines()
        .find(|l| l.starts_with("FAIL    ir-stale"))
        .unwrap_or_default();
    assert!(
        fail.contains("206 (required 200)") && fail.contains("RFC 9110 §13.1.5"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("sent: GET Range: bytes=0-3; If-Range: \"precond-probe-no-such-tag\""),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .lines()
            .last()
            .unwrap_or_default()
            .contains(" 3 failed"),
        "{}",
        run.stdout
    );
}

#[test]
fn json_lines_one_per_case_and_the_summary_on_stderr() {
    let server = Server::start(Fault::DropsVaryOn304);
    let run = precond(["probe", "--json", "--rate", "1000", &server.url("/doc")]);
    assert_eq!(run.code, 1, "{run:?}");
    let lines = run.json_lines();
    let failed = lines.iter().filter(|l| l["verdict"] == "fail").count();
    assert!(failed >= 8, "{}", run.stdout);
    let inm = lines.iter().find(|l| l["id"] == "inm-match").unwrap();
    assert_eq!(
        (inm["status"].as_u64(), inm["required"].as_u64()),
        (Some(304), Some(304))
    );
    assert_eq!(inm["findings"][0]["section"], "RFC 9110 §15.4.5");
    assert_eq!(inm["sent"][0][0], "If-None-Match");
    assert!(
        run.stderr
            .trim_end()
            .ends_with(&format!("{failed} failed, 0 allowed")),
        "{}",
        run.stderr
    );
}

#[test]
fn extra_fields_replace_the_probes_own() {
    let server = Server::start(Fault::None);
    let url = server.url("/doc");
    let run = precond([
        "probe",
        "--json",
        "--rate",
        "1000",
        "-H",
        "User-Agent: mine/2",
        "-H",
        "Accept-Encoding: br",
        &url,
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    let first = &run.json_lines()[0];
    assert_eq!(first["fields"]["x-seen-user-agent"], "mine/2");
    assert_eq!(first["fields"]["x-seen-accept-encoding"], "br");
}

#[test]
fn reports_instead_of_failing_every_case() {
    let server = Server::start(Fault::NoValidators);
    let run = precond(["probe", "--rate", "1000", &server.url("/doc")]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout.contains("note: nothing to validate"),
        "{}",
        run.stdout
    );

    let server = Server::start(Fault::BehindCache);
    let run = precond(["probe", "--rate", "1000", &server.url("/doc")]);
    assert!(
        run.stdout
            .contains("note: a cache answers in front of the origin (Age: 5"),
        "{}",
        run.stdout
    );
}

#[test]
fn an_unusable_server_exits_2_with_a_clear_error() {
    let changing = Server::start(Fault::ChangingEtag);
    let redirecting = Server::start(Fault::Redirects);
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    for (url, message) in [
        ("127.0.0.1:1/doc".to_owned(), "error: malformed URL"),
        (format!("http://127.0.0.1:{closed}/"), "connection refused"),
        (
            changing.url("/doc"),
            "the validators changed between two plain GETs",
        ),
        (redirecting.url("/"), "pass --follow"),
    ] {
        let run = precond(["probe", &url]);
        assert_eq!(run.code, 2, "{url}: {run:?}");
        assert!(run.stderr.contains(message), "{url}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{run:?}");
    }
    let run = precond(["probe", "--follow", "--rate", "1000", &redirecting.url("/")]);
    assert_eq!(run.code, 0, "{run:?}");
}

#[test]
fn unsafe_cases_go_to_their_own_url() {
    let server = Server::start(Fault::IgnoresIfMatchOnPut);
    let run = precond([
        "probe",
        "--rate",
        "1000",
        &server.url("/doc"),
        "--unsafe",
        &server.url("/scratch"),
    ]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stdout.contains("FAIL    put-im-other"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("(to the --unsafe URL)"),
        "{}",
        run.stdout
    );
    // Without --unsafe no PUT or DELETE is sent.
    let run = precond(["probe", "--rate", "1000", &server.url("/doc")]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(!run.stdout.contains("put-"), "{}", run.stdout);
}
