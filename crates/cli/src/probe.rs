//! `precond probe URL`: checks a live server's conditional requests against
//! RFC 9110 with the battery and the judge of `precond-probe`.

use std::ffi::OsString;
use std::io::{self, Write};
use std::path::PathBuf;
use std::time::Duration;

use clap::Args;
use http::{HeaderMap, HeaderName, HeaderValue};
use precond_probe::client::{Client, ClientConfig};
use precond_probe::{CaseResult, Note, Report, Settings, Target, Verdict, run as probe};
use serde_json::{Value, json};

use crate::Exit;
use crate::explain::field_line;

/// Shown after `precond probe --help`.
const PROBE_EXAMPLES: &str = "\
What it does: a plain GET (twice) and a HEAD learn the resource's ETag,
Last-Modified, Date and length; then a battery of conditional requests built
from them (If-None-Match, If-Modified-Since, If-Match, If-Unmodified-Since,
Range with If-Range, on GET and HEAD) is sent, and each answer is compared with
what RFC 9110 requires, as precond's evaluator decides it from those
validators. A 304 must repeat the 200's ETag, Vary, Cache-Control,
Content-Location, Expires and Date (§15.4.5).

Each case is reported as pass, FAIL, or allowed (the RFC permits the answer
besides the preferred one, e.g. ignoring a Range), with the section. The last
line reads `N passed, M failed, K allowed`.

Exit status: 0 when no case failed; 1 when one did; 2 when the server could not
be used (malformed URL, refused connection, early close, an answer that is not
HTTP, a redirect of the plain GET without --follow, more than 5 redirects in a
row with it, no 200 to a plain GET, validators that change between two plain
GETs).

HTTP/1.1 only (HTTP/2 is out of scope). Requests carry `User-Agent:
precond-probe/VERSION` and `Accept-Encoding: identity` unless -H replaces them.

Examples:
  # Probe a local server.
  precond probe http://127.0.0.1:8080/index.html

  # JSON Lines, one object per case, for scripts.
  precond probe --json http://127.0.0.1:8080/app.js > report.jsonl

  # Behind authentication, slowly, with a private CA.
  precond probe -H 'Authorization: Bearer TOKEN' --rate 2 --cacert ca.pem https://dev.example/doc

  # Also PUT and DELETE with conditions that must fail, to a scratch resource.
  precond probe http://127.0.0.1:8080/doc --unsafe http://127.0.0.1:8080/scratch";

/// `precond probe`: check a live server.
#[derive(Debug, Args)]
#[command(after_help = PROBE_EXAMPLES)]
pub(crate) struct ProbeArgs {
    /// The resource to probe with GET and HEAD (http:// or https://).
    #[arg(value_name = "URL")]
    pub(crate) url: String,
    /// Also send PUT and DELETE carrying conditions that must fail, to this
    /// URL. A correct server changes nothing; a wrong one overwrites or
    /// deletes it, so name a scratch resource.
    #[arg(long = "unsafe", value_name = "URL")]
    pub(crate) unsafe_url: Option<String>,
    /// An extra request field line, 'Name: value', sent with every request
    /// (repeat it): authorization, cookies. It replaces the probe's own
    /// User-Agent or Accept-Encoding.
    #[arg(short = 'H', long = "header", value_name = "NAME: VALUE")]
    pub(crate) headers: Vec<OsString>,
    /// Print JSON Lines: one object per note and per case; the summary goes
    /// to stderr.
    #[arg(long)]
    pub(crate) json: bool,
    /// Seconds one request may take, connecting included.
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0)]
    pub(crate) timeout: f64,
    /// At most this many requests in all.
    #[arg(long, value_name = "N", default_value_t = 100)]
    pub(crate) max_requests: usize,
    /// At most this many requests per second.
    #[arg(long, value_name = "PER-SECOND", default_value_t = 20.0)]
    pub(crate) rate: f64,
    /// Follow redirects: every request, not only the plain GET, at most 5 hops.
    ///
    /// Without it, a redirect answered to a plain GET stops the probe (exit
    /// 2) and one answered to a case is judged as it is. With it, every
    /// request (the plain GETs and HEAD, each case, and with --unsafe the
    /// PUT and DELETE) still goes first to URL (or to --unsafe's URL), and
    /// the client follows any 3xx but 304 by its Location; the last answer
    /// is the one judged, and a sixth redirect in a row is an error (exit 2). The conditional fields
    /// and the -H fields go along, except Authorization and Cookie, which are
    /// dropped on every hop. After a 301, 302 or 303 a PUT or DELETE is sent
    /// on as a GET; a 307 or 308 answered to them is not followed.
    #[arg(long)]
    pub(crate) follow: bool,
    /// Trust the CA certificates in this PEM file instead of the system's.
    #[arg(long, value_name = "FILE")]
    pub(crate) cacert: Option<PathBuf>,
    /// Do not verify the server's TLS certificate.
    #[arg(long)]
    pub(crate) insecure: bool,
}

/// Runs `precond probe`.
pub(crate) fn run(
    args: &ProbeArgs,
    out: &mut impl Write,
    err: &mut impl Write,
) -> io::Result<Exit> {
    let config = match config(args) {
        Ok(config) => config,
        Err(message) => {
            writeln!(err, "error: {message}")?;
            return Ok(Exit::Unusable);
        }
    };
    let mut client = match Client::new(&config) {
        Ok(client) => client,
        Err(e) => {
            writeln!(err, "error: {e}")?;
            return Ok(Exit::Unusable);
        }
    };
    let settings = Settings {
        max_requests: args.max_requests,
        unsafe_cases: args.unsafe_url.is_some(),
    };
    let report = match probe(&mut client, &settings) {
        Ok(report) => report,
        Err(e) => {
            writeln!(err, "error: {}: {e}", args.url)?;
            return Ok(Exit::Unusable);
        }
    };
    let counts = report.counts();
    if args.json {
        for note in &report.notes {
            writeln!(
                out,
                "{}",
                json!({ "note": note_id(note), "message": note.to_string() })
            )?;
        }
        for r in &report.results {
            writeln!(out, "{}", case_json(r))?;
        }
        writeln!(err, "{counts}")?;
    } else {
        text(&args.url, &report, out)?;
        writeln!(out, "{counts}")?;
    }
    Ok(if counts.failed > 0 {
        Exit::Failed
    } else {
        Exit::Success
    })
}

/// The client's configuration from the flags.
fn config(args: &ProbeArgs) -> Result<ClientConfig, String> {
    let mut config = ClientConfig::new(args.url.clone());
    config.unsafe_url.clone_from(&args.unsafe_url);
    config.follow = args.follow;
    config.insecure = args.insecure;
    config.timeout = seconds(args.timeout, "--timeout")?;
    if !(args.rate > 0.0 && args.rate.is_finite()) {
        return Err(format!(
            "--rate {}: give a positive number of requests per second.",
            args.rate
        ));
    }
    config.interval = seconds(1.0 / args.rate, "--rate")?;
    if let Some(path) = &args.cacert {
        config.ca_pem = Some(
            std::fs::read(path)
                .map_err(|e| format!("--cacert {}: cannot read it: {e}", path.display()))?,
        );
    }
    let mut fields = HeaderMap::new();
    for line in &args.headers {
        let (name, value) = field_line(line.as_encoded_bytes())?;
        let name = HeaderName::from_bytes(&name).map_err(|_| {
            format!(
                "-H '{}': the name is not a token (RFC 9110 §5.1).",
                line.to_string_lossy()
            )
        })?;
        let value = HeaderValue::from_bytes(&value).map_err(|_| {
            format!(
                "-H '{}': the value holds a control byte (RFC 9110 §5.5).",
                line.to_string_lossy()
            )
        })?;
        fields.append(name, value);
    }
    config.fields = fields;
    Ok(config)
}

fn seconds(value: f64, flag: &str) -> Result<Duration, String> {
    Duration::try_from_secs_f64(value)
        .ok()
        .filter(|d| !d.is_zero())
        .ok_or_else(|| format!("{flag} {value}: give a positive number of seconds."))
}

/// The report as text: the baseline, the notes, one line per case (and, for
/// a case that did not pass, what was sent and why), the summary.
fn text(url: &str, report: &Report, out: &mut impl Write) -> io::Result<()> {
    let base = &report.baseline;
    writeln!(out, "probe {url}")?;
    let length = base
        .length()
        .map_or_else(|| "unknown length".to_owned(), |l| format!("{l} bytes"));
    let ranges = if base.accepts_byte_ranges() {
        ", Accept-Ranges: bytes"
    } else {
        ""
    };
    writeln!(
        out,
        "GET: {}, {}, {length}{ranges}",
        base.status(),
        base.describe()
    )?;
    for note in &report.notes {
        writeln!(out, "note: {note}")?;
    }
    for r in &report.results {
        let j = &r.judgement;
        let verdict = match j.verdict {
            Verdict::Pass => "pass",
            Verdict::Fail => "FAIL",
            Verdict::Allowed => "allowed",
        };
        writeln!(
            out,
            "{verdict:<7} {:<18} {:<6} {} (required {})  {}  {}",
            r.case.id(),
            r.case.method().as_str(),
            r.received.status.as_u16(),
            j.required.as_u16(),
            j.section,
            r.case.title(),
        )?;
        if j.verdict != Verdict::Pass {
            writeln!(out, "        sent: {}", sent(r))?;
            for f in &j.findings {
                writeln!(out, "        {}: {} ({})", f.verdict, f.message, f.section)?;
            }
        }
    }
    Ok(())
}

/// The case's own fields as `Name: value; Name: value`.
fn sent(r: &CaseResult) -> String {
    let fields: Vec<String> = r
        .case
        .fields()
        .iter()
        .map(|(name, value)| {
            format!(
                "{}: {}",
                canonical(name),
                String::from_utf8_lossy(value.as_bytes())
            )
        })
        .collect();
    let target = match r.case.target() {
        Target::Safe => "",
        Target::Unsafe => " (to the --unsafe URL)",
    };
    format!("{} {}{target}", r.case.method(), fields.join("; "))
}

/// `if-none-match` → `If-None-Match`, for reading.
fn canonical(name: &HeaderName) -> String {
    name.as_str()
        .split('-')
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or_else(String::new, |c| {
                c.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect::<Vec<_>>()
        .join("-")
}

fn note_id(note: &Note) -> &'static str {
    match note {
        Note::NothingToValidate => "nothing-to-validate",
        Note::Cache(_) => "cache",
        Note::HeadDiffers { .. } => "head-differs",
        Note::UnsafeUnusable(_) => "unsafe-unusable",
        Note::ChangedDuringRun { .. } => "changed-during-run",
        Note::Truncated { .. } => "truncated",
    }
}

/// One case as a JSON object.
fn case_json(r: &CaseResult) -> Value {
    let j = &r.judgement;
    let sent: Vec<Value> = r
        .case
        .fields()
        .iter()
        .map(|(n, v)| json!([canonical(n), String::from_utf8_lossy(v.as_bytes())]))
        .collect();
    let received: serde_json::Map<String, Value> = r
        .received
        .fields
        .iter()
        .map(|(n, v)| {
            (
                n.as_str().to_owned(),
                Value::from(String::from_utf8_lossy(v.as_bytes()).into_owned()),
            )
        })
        .collect();
    let findings: Vec<Value> = j
        .findings
        .iter()
        .map(|f| json!({ "verdict": f.verdict.as_str(), "section": f.section, "message": f.message }))
        .collect();
    json!({
        "id": r.case.id(),
        "title": r.case.title(),
        "method": r.case.method().as_str(),
        "target": match r.case.target() { Target::Safe => "url", Target::Unsafe => "unsafe-url" },
        "sent": sent,
        "status": r.received.status.as_u16(),
        "fields": received,
        "content_length": r.received.body_len,
        "required": j.required.as_u16(),
        "decision": j.outcome.to_string(),
        "section": j.section,
        "verdict": j.verdict.as_str(),
        "findings": findings,
    })
}
