//! The command line, declared with clap's derive API.
//!
//! Doc comments on the items below are the `--help` text. Values that name a
//! library concept (the role) take their spellings from the library's own
//! `as_str` methods; defaults that are the library's defaults (role, status
//! without the conditions) are left to the library (see [`crate::case`]).

use std::ffi::OsString;
use std::path::PathBuf;

use clap::builder::PossibleValuesParser;
use clap::{Args, Parser, Subcommand, ValueEnum};
use precond::{DateStrength, EpochPolicy, Role};

/// Examples shown after `precond --help`.
const EXAMPLES: &str = "\
Examples:
  # Why is this conditional GET answered 304?
  precond explain --method GET -H 'If-None-Match: \"v1\", W/\"v2\"' --etag '\"v2\"'

  # Run a table of cases (JSON Lines in, JSON Lines out).
  precond check tests/vectors/rfc-examples.jsonl

  # Is this a valid If-None-Match value? An HTTP-date?
  precond etag 'W/\"xyzzy\", \"r2d2xxxx\"'
  precond date 'Sunday, 06-Nov-94 08:49:37 GMT' --json

  # Does this server answer conditional requests as RFC 9110 requires?
  precond probe http://127.0.0.1:8080/index.html";

/// Examples shown after `precond explain --help`.
const EXPLAIN_EXAMPLES: &str = "\
Examples:
  # A cached copy that is still current: 304 (RFC 9110 §13.1.2).
  precond explain --method GET \\
    -H 'If-None-Match: \"v1\", W/\"v2\"' \\
    -H 'If-Modified-Since: Sun, 06 Nov 1994 08:49:37 GMT' \\
    --etag '\"v2\"' --last-modified 'Sun, 06 Nov 1994 08:49:37 GMT'

  # A lost update prevented: 412 (RFC 9110 §13.1.1).
  precond explain --method PUT -H 'If-Match: \"v1\"' --etag '\"v2\"'

  # Resuming a download with If-Range, as JSON.
  precond explain -H 'Range: bytes=100-' -H 'If-Range: \"v2\"' --etag '\"v2\"' --json

  # What the Range resolves to for a 10 000-byte representation (RFC 9110 §14).
  precond explain -H 'Range: bytes=0-0,-1' --length 10000

  # A cache skips If-Match (RFC 9111 §4.3.2).
  precond explain --role cache -H 'If-Match: \"other\"' --etag '\"v2\"'

  # A cache leaves a PUT's conditions to the origin (RFC 9111 §4.3.2).
  precond explain --method PUT --role cache -H 'If-None-Match: *' --etag '\"a\"' \\
    --status-without-conditions 201

Field lines of one name are read as one list (RFC 9110 §5.3). Without --now the
system clock is used. The exit status is 0 whatever the outcome, 2 when an input
is unusable (the error names it).";

/// Examples shown after `precond check --help`.
const CHECK_EXAMPLES: &str = "\
Input, one JSON object per line (members other than these are ignored):
  {\"id\": \"inm-304\", \"method\": \"GET\",
   \"headers\": [[\"If-None-Match\", \"\\\"xyzzy\\\"\"]],
   \"resource\": {\"etag\": \"\\\"xyzzy\\\"\", \"last_modified\": \"Sun, 06 Nov 1994 08:49:37 GMT\",
                \"exists\": true, \"ranges\": true},
   \"role\": \"origin\", \"status_without_conditions\": 200,
   \"now\": \"Wed, 01 May 2024 12:00:00 GMT\", \"expect\": 304}
Only \"method\" is required. Defaults: no headers, exists and ranges true, role
origin, status 200, now the system clock (read once per run). Optional policies:
\"epoch_policy\" (\"treat-as-absent\" or \"trust\") and \"date_strength\" (\"auto\",
\"strong\" or \"weak\"), as the explain flags --epoch-policy and --date-strength.

Output, one JSON object per input line (blank lines are skipped):
  {\"line\", \"id\", \"status\", \"outcome\", \"step\", \"range\", \"section\", \"decision\",
   \"now\", \"last_modified\", \"trace\": [...], \"expect\"?, \"pass\"?}
or, for a line that cannot be used: {\"line\", \"id\", \"error\": {\"field\", \"message\"}}.
A Range that is to be processed is reported as 206.

Exit status: 0 when every line is a usable case and every case with \"expect\"
got it; 1 when a case failed its \"expect\" or a line could not be used (counted
as failed); 2 when the input is unusable as a whole (it cannot be read, is not
UTF-8, or holds no case: an empty or blank file) and nothing was run. Stderr names each failure and, when any case has
\"expect\" or any line failed, ends with `N passed, M failed`.

Examples:
  precond check tests/vectors/policies.jsonl
  generate-cases | precond check - > results.jsonl";

/// Examples shown after `precond etag --help`.
const ETAG_EXAMPLES: &str = "\
Examples:
  precond etag '\"xyzzy\", W/\"r2d2xxxx\"'        # an If-None-Match list
  precond etag '*' --json
  precond etag --as tag 'W/\"v7\"'              # one ETag field value
  precond etag --as if-range 'Sun, 06 Nov 1994 08:49:37 GMT'

Exit status: 0 when the value is valid, 1 when it is not (the error, with the
ABNF rule and the byte offset, goes to stderr, or to stdout with --json).";

/// Examples shown after `precond date --help`.
const DATE_EXAMPLES: &str = "\
Examples:
  precond date 'Sun, 06 Nov 1994 08:49:37 GMT'
  precond date 'Sunday, 06-Nov-94 08:49:37 GMT' --now 'Wed, 01 May 2024 12:00:00 GMT'
  precond date 'Sun Nov  6 08:49:37 1994' --json

Exit status: 0 when the value is a valid HTTP-date, 1 when it is not (the error,
with the ABNF rule and the byte offset, goes to stderr, or to stdout with --json).";

/// Explain and check HTTP conditional requests as RFC 9110 §13 evaluates
/// them; parse entity-tags and HTTP-dates.
#[derive(Debug, Parser)]
#[command(name = "precond", version, after_help = EXAMPLES)]
pub(crate) struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Evaluate one request and explain the decision step by step (RFC 9110
    /// §13.2.2), with the section that decided each step.
    #[command(after_help = EXPLAIN_EXAMPLES)]
    Explain(ExplainArgs),
    /// Evaluate a table of cases given as JSON Lines; print one JSON result
    /// per case.
    #[command(after_help = CHECK_EXAMPLES)]
    Check(CheckArgs),
    /// Parse an If-Match / If-None-Match list, an ETag value, or an If-Range
    /// value, and print its structure or the error.
    #[command(after_help = ETAG_EXAMPLES)]
    Etag(EtagArgs),
    /// Parse an HTTP-date in any of its three formats (RFC 9110 §5.6.7) and
    /// print it, or the error.
    #[command(after_help = DATE_EXAMPLES)]
    Date(DateArgs),
    /// Check a live server's conditional requests against RFC 9110: a
    /// battery of requests to one URL, each answer judged by the evaluator.
    Probe(crate::probe::ProbeArgs),
}

/// `precond explain`: one request from flags.
#[derive(Debug, Args)]
pub(crate) struct ExplainArgs {
    /// The request method (case-sensitive).
    #[arg(long, short = 'X', value_name = "METHOD", default_value = "GET")]
    pub(crate) method: String,
    /// A request header field line, 'Name: value' (repeat it; OWS around the
    /// value is removed, as when a field line is parsed).
    #[arg(short = 'H', long = "header", value_name = "NAME: VALUE")]
    pub(crate) headers: Vec<OsString>,
    /// The representation's current entity-tag, as its ETag field would
    /// carry it: '"v2"' or 'W/"v2"' (bytes, like a field value).
    #[arg(long, value_name = "ENTITY-TAG")]
    pub(crate) etag: Option<OsString>,
    /// The representation's Last-Modified, an HTTP-date.
    #[arg(long, value_name = "HTTP-DATE")]
    pub(crate) last_modified: Option<OsString>,
    /// There is no current representation (for a cache: no stored response).
    #[arg(long)]
    pub(crate) missing: bool,
    /// The resource does not support range requests.
    #[arg(long)]
    pub(crate) no_ranges: bool,
    /// Who evaluates: the origin server (default) or a cache.
    #[arg(long, value_name = "ROLE", value_parser = role_names())]
    pub(crate) role: Option<String>,
    /// The status the response would have without the conditions (default
    /// 200; RFC 9110 §13.2.1).
    #[arg(long, value_name = "CODE")]
    pub(crate) status_without_conditions: Option<u64>,
    /// The clock, an HTTP-date (default: the system clock). For a cache, the
    /// stored response's Date (RFC 9110 §8.8.2.2).
    #[arg(long, value_name = "HTTP-DATE")]
    pub(crate) now: Option<OsString>,
    /// What a Last-Modified of exactly Unix second 0 or 1 means: a
    /// placeholder, no modification date (default), or a date to compare.
    #[arg(long, value_name = "POLICY", value_parser = epoch_policy_names())]
    pub(crate) epoch_policy: Option<String>,
    /// Whether Last-Modified is a strong validator for an If-Range date:
    /// auto (default: if at least 1 s before --now, RFC 9110 §8.8.2.2),
    /// strong or weak.
    #[arg(long, value_name = "STRENGTH", value_parser = date_strength_names())]
    pub(crate) date_strength: Option<String>,
    /// The representation's length in bytes: a Range the preconditions let
    /// through is then resolved against it (206 with its Content-Range, 416,
    /// or ignored and why; RFC 9110 §14), and that is the status shown.
    #[arg(long, value_name = "N")]
    pub(crate) length: Option<u64>,
    /// Print the result as one JSON object.
    #[arg(long)]
    pub(crate) json: bool,
}

/// `precond check`: a table of cases.
#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// The JSON Lines file; `-` or nothing reads standard input.
    #[arg(value_name = "FILE|-")]
    pub(crate) input: Option<PathBuf>,
}

/// `precond etag`: one value to parse.
#[derive(Debug, Args)]
pub(crate) struct EtagArgs {
    /// The field value (use `--` before a value that starts with `-`).
    #[arg(value_name = "VALUE")]
    pub(crate) value: OsString,
    /// What the value is: an If-Match / If-None-Match list, one ETag value,
    /// or an If-Range value (an entity-tag or an HTTP-date).
    #[arg(long = "as", value_enum, value_name = "KIND", default_value_t = EtagKind::List)]
    pub(crate) kind: EtagKind,
    /// The clock for a two-digit rfc850 year in an If-Range date (default:
    /// the system clock).
    #[arg(long, value_name = "HTTP-DATE")]
    pub(crate) now: Option<OsString>,
    /// Print the result as one JSON object.
    #[arg(long)]
    pub(crate) json: bool,
}

/// What `precond etag` parses its value as.
#[derive(Clone, Copy, PartialEq, Eq, Debug, ValueEnum)]
pub(crate) enum EtagKind {
    /// `"*" / #entity-tag`: an If-Match or If-None-Match value (RFC 9110 §13.1.1, §13.1.2).
    List,
    /// `entity-tag`: one ETag field value (RFC 9110 §8.8.3).
    Tag,
    /// `entity-tag / HTTP-date`: an If-Range value (RFC 9110 §13.1.5).
    IfRange,
}

/// `precond date`: one value to parse.
#[derive(Debug, Args)]
pub(crate) struct DateArgs {
    /// The value (use `--` before a value that starts with `-`).
    #[arg(value_name = "VALUE")]
    pub(crate) value: OsString,
    /// The clock for a two-digit rfc850 year (default: the system clock).
    #[arg(long, value_name = "HTTP-DATE")]
    pub(crate) now: Option<OsString>,
    /// Print the result as one JSON object.
    #[arg(long)]
    pub(crate) json: bool,
}

/// The `--role` values, spelled as [`Role::as_str`] spells them.
fn role_names() -> PossibleValuesParser {
    PossibleValuesParser::new([Role::Origin.as_str(), Role::Cache.as_str()])
}

/// The `--epoch-policy` values, spelled as [`EpochPolicy::as_str`] spells them.
fn epoch_policy_names() -> PossibleValuesParser {
    PossibleValuesParser::new([
        EpochPolicy::TreatAsAbsent.as_str(),
        EpochPolicy::Trust.as_str(),
    ])
}

/// The `--date-strength` values, spelled as [`DateStrength::as_str`] spells them.
fn date_strength_names() -> PossibleValuesParser {
    PossibleValuesParser::new([
        DateStrength::Auto.as_str(),
        DateStrength::Strong.as_str(),
        DateStrength::Weak.as_str(),
    ])
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::Cli;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }
}
