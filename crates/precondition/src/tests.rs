//! The evaluator's tests: one table per state of the machine, walking each of
//! its transitions, a table of the policies, trace tables, and properties.
//!
//! Every table goes through [`check`], which also runs the traced evaluation
//! and checks that it agrees and that the trace is well formed.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http::header::{
    self, HeaderName, IF_MATCH, IF_MODIFIED_SINCE, IF_NONE_MATCH, IF_RANGE, IF_UNMODIFIED_SINCE,
    RANGE,
};
use http::{HeaderMap, HeaderValue, Method, StatusCode};

use crate::{
    Context, DateStrength, EntityTag, EpochPolicy, Evaluation, HttpDate, IgnoredBecause, Outcome,
    Parsed, RangeDecision, RangeIgnoredBecause, Reason, Representation, Request, Role, Stage, Step,
    Trace, evaluate, evaluate_traced,
};

// ---- inputs -----------------------------------------------------------------

/// The clock of every case unless a case sets another.
const NOW: i64 = 1_700_000_000;
/// The representation's Last-Modified in most cases: well before `NOW`.
const LAST_MODIFIED: i64 = NOW - 1_000;
/// Sat, 31 Dec 2016 23:59:59 GMT, the second a leap second `23:59:60` is read as.
const LEAP_59: i64 = 1_483_228_799;

/// An HTTP-date as IMF-fixdate text.
fn date(secs: i64) -> String {
    HttpDate::from_unix_seconds(secs).unwrap().to_string()
}

/// One evaluation's input, built step by step.
#[derive(Clone, Debug)]
struct Case {
    method: Method,
    fields: Vec<(HeaderName, Vec<u8>)>,
    etag: Option<&'static str>,
    last_modified: Option<i64>,
    last_modified_time: Option<SystemTime>,
    missing: bool,
    no_ranges: bool,
    now: i64,
    role: Role,
    status: u16,
    strength: DateStrength,
    epoch: EpochPolicy,
}

/// A request with this method, on a representation with entity-tag `"a"`
/// and Last-Modified [`LAST_MODIFIED`], at an origin whose unconditional status is 200.
fn req(method: Method) -> Case {
    Case {
        method,
        fields: Vec::new(),
        etag: Some("\"a\""),
        last_modified: Some(LAST_MODIFIED),
        last_modified_time: None,
        missing: false,
        no_ranges: false,
        now: NOW,
        role: Role::Origin,
        status: 200,
        strength: DateStrength::Auto,
        epoch: EpochPolicy::TreatAsAbsent,
    }
}

fn get() -> Case {
    req(Method::GET)
}

fn head() -> Case {
    req(Method::HEAD)
}

fn put() -> Case {
    req(Method::PUT)
}

impl Case {
    /// Appends a field line.
    fn field(mut self, name: HeaderName, value: impl AsRef<[u8]>) -> Self {
        self.fields.push((name, value.as_ref().to_vec()));
        self
    }
    /// The current entity-tag (full syntax), or none.
    fn etag(mut self, tag: Option<&'static str>) -> Self {
        self.etag = tag;
        self
    }
    /// The Last-Modified, in Unix seconds, or none.
    fn last_modified(mut self, secs: Option<i64>) -> Self {
        self.last_modified = secs;
        self
    }
    /// The Last-Modified as a `SystemTime` (any precision).
    fn last_modified_time(mut self, t: SystemTime) -> Self {
        self.last_modified_time = Some(t);
        self
    }
    fn missing(mut self) -> Self {
        self.missing = true;
        self
    }
    fn no_ranges(mut self) -> Self {
        self.no_ranges = true;
        self
    }
    fn now(mut self, secs: i64) -> Self {
        self.now = secs;
        self
    }
    fn cache(mut self) -> Self {
        self.role = Role::Cache;
        self
    }
    fn status(mut self, status: u16) -> Self {
        self.status = status;
        self
    }
    fn strength(mut self, strength: DateStrength) -> Self {
        self.strength = strength;
        self
    }
    fn epoch(mut self, policy: EpochPolicy) -> Self {
        self.epoch = policy;
        self
    }

    fn headers(&self) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in &self.fields {
            map.append(name.clone(), HeaderValue::from_bytes(value).unwrap());
        }
        map
    }

    fn tag(&self) -> Option<EntityTag> {
        self.etag.map(|t| EntityTag::parse(t.as_bytes()).unwrap())
    }

    fn representation<'t>(&self, tag: Option<&'t EntityTag>) -> Representation<'t> {
        let mut rep = Representation::new();
        if let Some(tag) = tag {
            rep = rep.with_etag(tag.as_tag());
        }
        if let Some(secs) = self.last_modified {
            rep = rep.with_last_modified(HttpDate::from_unix_seconds(secs).unwrap());
        }
        if let Some(t) = self.last_modified_time {
            rep = rep.with_last_modified(t);
        }
        if self.missing {
            rep = rep.missing();
        }
        if self.no_ranges {
            rep = rep.no_ranges();
        }
        rep
    }

    fn context(&self) -> Context {
        Context::new(HttpDate::from_unix_seconds(self.now).unwrap())
            .with_role(self.role)
            .with_unconditional_status(StatusCode::from_u16(self.status).unwrap())
            .with_last_modified_strength(self.strength)
            .with_epoch_policy(self.epoch)
    }
}

// ---- expected outcomes ------------------------------------------------------

const PROCEED: Outcome = Outcome::Proceed {
    range: RangeDecision::Absent,
};
/// What every method but GET proceeds with: Range plays no part (RFC 9110
/// §14.2), present or not.
const NOT_GET: Outcome = skip_range(RangeIgnoredBecause::NotGet);
const HONOUR: Outcome = Outcome::Proceed {
    range: RangeDecision::Honour,
};

const fn skip_range(why: RangeIgnoredBecause) -> Outcome {
    Outcome::Proceed {
        range: RangeDecision::Ignore(why),
    }
}

const fn not_modified_at(step: Step) -> Outcome {
    Outcome::NotModified { step }
}

const fn failed_at(step: Step) -> Outcome {
    Outcome::PreconditionFailed { step }
}

const fn ignored(why: IgnoredBecause) -> Outcome {
    Outcome::Ignored(why)
}

// ---- the helper ---------------------------------------------------------------

/// Evaluates `input` plain and traced, checks both give `expected`, checks
/// the trace's shape, and returns the trace's (stage, evaluation) pairs.
fn run(name: &str, input: &Case, expected: Outcome) -> Vec<(Stage, Evaluation)> {
    let headers = input.headers();
    let tag = input.tag();
    let rep = input.representation(tag.as_ref());
    let ctx = input.context();
    let request = Request::new(&input.method, &headers);

    let outcome = evaluate(request, &rep, &ctx);
    assert_eq!(outcome, expected, "case {name:?}: {input:?}");

    let mut trace = Trace::new();
    let traced = evaluate_traced(request, &rep, &ctx, &mut trace);
    assert_eq!(traced, outcome, "case {name:?}: traced evaluation differs");
    assert_eq!(trace.outcome(), Some(outcome), "case {name:?}");
    assert_trace_shape(name, &trace, outcome);
    trace.iter().map(|e| (e.stage(), e.evaluation())).collect()
}

/// One table row: a name, an input, the outcome expected.
fn check(name: &str, input: &Case, expected: Outcome) {
    run(name, input, expected);
}

/// What every trace must look like, whatever the input.
fn assert_trace_shape(name: &str, trace: &Trace<'_>, outcome: Outcome) {
    let entries = trace.entries();
    assert!(entries.len() <= Trace::CAPACITY, "case {name:?}");
    let first = entries.first().expect("a trace starts with the gate");
    assert_eq!(first.stage(), Stage::Gate, "case {name:?}");
    // Stages never go back.
    let order = |s: Stage| s.step().map_or(0, Step::number);
    assert!(
        entries
            .windows(2)
            .all(|w| order(w[0].stage()) <= order(w[1].stage())),
        "case {name:?}: stages out of order:\n{trace}"
    );
    // Every section cited is an RFC section.
    assert!(
        entries.iter().all(|e| e.section().starts_with("RFC 911")),
        "{trace}"
    );
    let last = entries.last().unwrap();
    match outcome {
        Outcome::Ignored(why) => {
            assert_eq!(entries.len(), 1, "case {name:?}");
            assert_eq!(last.evaluation(), Evaluation::Ignored(Reason::Gate(why)));
        }
        Outcome::NotModified { step } | Outcome::PreconditionFailed { step } => {
            assert_eq!(last.stage(), Stage::Step(step), "case {name:?}:\n{trace}");
            assert_eq!(
                last.evaluation(),
                Evaluation::False,
                "case {name:?}:\n{trace}"
            );
        }
        Outcome::Proceed { range } => {
            assert_eq!(last.stage(), Stage::Step(Step::Perform), "case {name:?}");
            let expected = match range {
                RangeDecision::Honour => Evaluation::True,
                RangeDecision::Absent => Evaluation::Ignored(Reason::Absent),
                // A method other than GET and no Range: the trace says the
                // Range is absent rather than ignored.
                RangeDecision::Ignore(RangeIgnoredBecause::NotGet) if last.lines().is_empty() => {
                    Evaluation::Ignored(Reason::Absent)
                }
                RangeDecision::Ignore(why) => Evaluation::Ignored(Reason::Range(why)),
            };
            assert_eq!(last.evaluation(), expected, "case {name:?}");
            // Steps 1 to 6 each appear (in a trace that proceeds, every step was
            // visited), plus the gate, plus at most one note.
            for step in Step::ALL {
                assert!(
                    trace.step(step).is_some(),
                    "case {name:?}: {step} missing:\n{trace}"
                );
            }
        }
    }
}

// ---- §13.2.1: the gate ------------------------------------------------------------

// proves: 9110-13.2.1-ignore-unless-2xx-or-412, 9110-13.2.1-ignore-connect-options-trace
// proves: 9111-4.3.2-cache-no-origin-only
#[test]
fn gate() {
    use IgnoredBecause::{NotStored, UnconditionalStatus};
    let failing = |m: Method| req(m).field(IF_MATCH, "\"other\"");
    #[rustfmt::skip]
    let table = [
        ("no conditions", get(), PROCEED),
        ("404 ignores everything", failing(Method::GET).status(404), ignored(UnconditionalStatus)),
        ("301 ignores", get().field(IF_NONE_MATCH, "\"a\"").status(301), ignored(UnconditionalStatus)),
        ("304 ignores", get().field(IF_NONE_MATCH, "\"a\"").status(304), ignored(UnconditionalStatus)),
        ("500 ignores", failing(Method::PUT).status(500), ignored(UnconditionalStatus)),
        ("100 ignores", failing(Method::PUT).status(100), ignored(UnconditionalStatus)),
        ("412 evaluates", failing(Method::PUT).status(412), failed_at(Step::IfMatch)),
        ("201 evaluates", failing(Method::POST).status(201), failed_at(Step::IfMatch)),
        ("299 evaluates", failing(Method::GET).status(299), failed_at(Step::IfMatch)),
        ("CONNECT", failing(Method::CONNECT), ignored(IgnoredBecause::Method)),
        ("OPTIONS", failing(Method::OPTIONS), ignored(IgnoredBecause::Method)),
        ("TRACE", failing(Method::TRACE), ignored(IgnoredBecause::Method)),
        ("status wins over method", failing(Method::TRACE).status(404), ignored(UnconditionalStatus)),
        ("DELETE evaluates", failing(Method::DELETE), failed_at(Step::IfMatch)),
        ("PATCH evaluates", failing(Method::PATCH), failed_at(Step::IfMatch)),
        ("extension method evaluates", failing(Method::from_bytes(b"PROPFIND").unwrap()), failed_at(Step::IfMatch)),
        ("cache without stored response", get().cache().missing().field(IF_NONE_MATCH, "*"), ignored(NotStored)),
        ("cache with stored response", get().cache().field(IF_NONE_MATCH, "*"), not_modified_at(Step::IfNoneMatch)),
        ("cache, HEAD evaluates", head().cache().field(IF_NONE_MATCH, "*"), not_modified_at(Step::IfNoneMatch)),
        // RFC 9111 §4.3.2 ¶3: no stored response satisfies another method.
        ("cache, PUT goes to the origin", put().cache().field(IF_NONE_MATCH, "*"), ignored(IgnoredBecause::CacheMethod)),
        ("cache, POST", req(Method::POST).cache().field(IF_NONE_MATCH, "*"), ignored(IgnoredBecause::CacheMethod)),
        ("cache, DELETE", req(Method::DELETE).cache().field(IF_NONE_MATCH, "\"a\""), ignored(IgnoredBecause::CacheMethod)),
        ("cache, PATCH", req(Method::PATCH).cache().field(IF_NONE_MATCH, "*"), ignored(IgnoredBecause::CacheMethod)),
        ("cache, extension method", failing(Method::from_bytes(b"PROPFIND").unwrap()).cache().field(IF_NONE_MATCH, "*"), ignored(IgnoredBecause::CacheMethod)),
        ("cache, lower-case get is an extension method", req(Method::from_bytes(b"get").unwrap()).cache().field(IF_NONE_MATCH, "*"), ignored(IgnoredBecause::CacheMethod)),
        ("cache, PUT without stored response", put().cache().missing().field(IF_NONE_MATCH, "*"), ignored(IgnoredBecause::CacheMethod)),
        ("cache, OPTIONS: §13.2.1 first", failing(Method::OPTIONS).cache(), ignored(IgnoredBecause::Method)),
        ("origin without representation", put().missing().field(IF_MATCH, "*"), failed_at(Step::IfMatch)),
    ];
    for (name, input, expected) in table {
        check(name, &input, expected);
    }
}

// ---- step 1: If-Match -------------------------------------------------------------

// proves: 9110-13.1.1-strong-comparison, 9110-13.1.1-evaluate, 9110-13.1.1-false-stops-method
// proves: 9110-13.1.1-respond-412, 9110-13.1.1-cache-may-ignore, 9110-5.6.1.2-recipient-list-syntax
// proves: 9110-5.6.1.2-skip-empty-elements
#[test]
fn step_1_if_match() {
    let ifm = |v: &str| put().field(IF_MATCH, v);
    let fail = failed_at(Step::IfMatch);
    #[rustfmt::skip]
    let table = [
        // absent → step 2
        ("absent", put(), NOT_GET),
        // rule 1: `*`
        ("* with a representation", ifm("*"), NOT_GET),
        ("* without validators", ifm("*").etag(None).last_modified(None), NOT_GET),
        ("* without representation", ifm("*").missing(), fail),
        // rule 2: a member matches, strong comparison
        ("match", ifm("\"a\""), NOT_GET),
        ("match in a list", ifm("\"x\", \"a\", \"y\""), NOT_GET),
        ("match with empty members", ifm(" , ,\"x\",, \"a\" ,"), NOT_GET),
        ("match on a later field line", ifm("\"x\"").field(IF_MATCH, "\"a\""), NOT_GET),
        ("weak member never matches", ifm("W/\"a\""), fail),
        ("weak current never matches", ifm("\"a\"").etag(Some("W/\"a\"")), fail),
        ("both weak", ifm("W/\"a\"").etag(Some("W/\"a\"")), fail),
        ("case-sensitive opaque", ifm("\"A\""), fail),
        // rule 3: otherwise false
        ("no member matches", ifm("\"x\", \"y\""), fail),
        ("no current entity-tag", ifm("\"a\"").etag(None), fail),
        ("list without representation", ifm("\"a\"").missing(), fail),
        ("empty value", ifm(""), fail),
        ("only commas", ifm(" , ,"), fail),
        // malformed: false (fail closed)
        ("unquoted", ifm("a"), fail),
        ("unterminated", ifm("\"a"), fail),
        ("* with a member", ifm("*, \"a\""), fail),
        ("* on two lines", ifm("*").field(IF_MATCH, "*"), fail),
        ("lower-case weak prefix", ifm("w/\"a\""), fail),
        ("matching member, malformed later line", ifm("\"a\"").field(IF_MATCH, "b"), fail),
        ("matching member, malformed later member", ifm("\"a\", b"), fail),
        // any method that passes the gate
        ("GET fails too", get().field(IF_MATCH, "\"x\""), fail),
        ("HEAD fails too", head().field(IF_MATCH, "\"x\""), fail),
        // a cache skips step 1
        ("cache ignores a false If-Match", get().field(IF_MATCH, "\"x\"").cache(), PROCEED),
        ("cache ignores a malformed If-Match", get().field(IF_MATCH, "x").cache(), PROCEED),
        // true → step 3, past If-Unmodified-Since
        ("true skips IUS", ifm("\"a\"").field(IF_UNMODIFIED_SINCE, date(LAST_MODIFIED - 1)), NOT_GET),
        ("true goes on to INM", ifm("\"a\"").field(IF_NONE_MATCH, "\"a\""), failed_at(Step::IfNoneMatch)),
    ];
    for (name, input, expected) in table {
        check(name, &input, expected);
    }
}

// ---- step 2: If-Unmodified-Since ------------------------------------------------------

// proves: 9110-13.1.4-ignore-if-im, 9110-13.1.4-ignore-invalid, 9110-13.1.4-ignore-without-date
// proves: 9110-13.1.4-origin-clock, 9110-13.1.4-evaluate, 9110-13.1.4-false-stops-method
// proves: 9110-13.1.4-respond-412, 9110-13.1.4-cache-may-ignore
#[test]
fn step_2_if_unmodified_since() {
    let ius = |secs: i64| put().field(IF_UNMODIFIED_SINCE, date(secs));
    let fail = failed_at(Step::IfUnmodifiedSince);
    #[rustfmt::skip]
    let table = [
        ("absent", put(), NOT_GET),
        ("modified before the date", ius(LAST_MODIFIED + 1), NOT_GET),
        ("modified at the date", ius(LAST_MODIFIED), NOT_GET),
        ("modified after the date", ius(LAST_MODIFIED - 1), fail),
        ("date in the future", ius(NOW + 86_400), NOT_GET),
        ("GET fails too", get().field(IF_UNMODIFIED_SINCE, date(LAST_MODIFIED - 1)), fail),
        ("rfc850 date", put().field(IF_UNMODIFIED_SINCE, "Tuesday, 14-Nov-23 22:13:19 GMT").last_modified(Some(NOW)), fail),
        ("asctime date", put().field(IF_UNMODIFIED_SINCE, "Tue Nov 14 22:13:20 2023").last_modified(Some(NOW)), NOT_GET),
        // ignored
        ("If-Match present", ius(LAST_MODIFIED - 1).field(IF_MATCH, "\"a\""), NOT_GET),
        ("several field lines", ius(LAST_MODIFIED - 1).field(IF_UNMODIFIED_SINCE, date(LAST_MODIFIED - 1)), NOT_GET),
        ("a list on one line", put().field(IF_UNMODIFIED_SINCE, format!("{}, {}", date(0), date(0))), NOT_GET),
        ("invalid date", put().field(IF_UNMODIFIED_SINCE, "yesterday"), NOT_GET),
        ("empty value", put().field(IF_UNMODIFIED_SINCE, ""), NOT_GET),
        ("lower-case gmt", put().field(IF_UNMODIFIED_SINCE, date(LAST_MODIFIED - 1).replace("GMT", "gmt")), NOT_GET),
        ("no Last-Modified", ius(LAST_MODIFIED - 1).last_modified(None), NOT_GET),
        ("no representation", ius(LAST_MODIFIED - 1).missing(), NOT_GET),
        ("cache", get().field(IF_UNMODIFIED_SINCE, date(LAST_MODIFIED - 1)).cache(), PROCEED),
        // true → step 3
        ("true goes on to INM", ius(LAST_MODIFIED).field(IF_NONE_MATCH, "*"), failed_at(Step::IfNoneMatch)),
    ];
    for (name, input, expected) in table {
        check(name, &input, expected);
    }
}

// ---- step 3: If-None-Match -----------------------------------------------------------

// proves: 9110-13.1.2-weak-comparison, 9110-13.1.2-evaluate, 9110-13.1.2-false-stops-method
// proves: 9110-13.1.2-304-or-412, 9110-5.6.1.2-recipient-list-syntax, 9110-5.6.1.2-skip-empty-elements
#[test]
fn step_3_if_none_match() {
    let inm = |m: Method, v: &str| req(m).field(IF_NONE_MATCH, v);
    let not_modified = not_modified_at(Step::IfNoneMatch);
    let fail = failed_at(Step::IfNoneMatch);
    #[rustfmt::skip]
    let table = [
        ("absent", get(), PROCEED),
        // rule 1: `*`
        ("* GET", inm(Method::GET, "*"), not_modified),
        ("* HEAD", inm(Method::HEAD, "*"), not_modified),
        ("* PUT", inm(Method::PUT, "*"), fail),
        ("* POST", inm(Method::POST, "*"), fail),
        ("* DELETE", inm(Method::DELETE, "*"), fail),
        ("* PUT without representation (create)", inm(Method::PUT, "*").missing(), NOT_GET),
        ("* without validators", inm(Method::GET, "*").etag(None).last_modified(None), not_modified),
        // rule 2: a member matches, weak comparison
        ("match GET", inm(Method::GET, "\"a\""), not_modified),
        ("match HEAD", inm(Method::HEAD, "\"a\""), not_modified),
        ("match PUT", inm(Method::PUT, "\"a\""), fail),
        ("weak member matches", inm(Method::GET, "W/\"a\""), not_modified),
        ("weak current matches", inm(Method::GET, "\"a\"").etag(Some("W/\"a\"")), not_modified),
        ("both weak", inm(Method::GET, "W/\"a\"").etag(Some("W/\"a\"")), not_modified),
        ("match in a list", inm(Method::GET, "\"x\", W/\"a\""), not_modified),
        ("match with empty members", inm(Method::GET, ",, \"x\" ,\"a\",,"), not_modified),
        ("match on a later line", inm(Method::GET, "\"x\"").field(IF_NONE_MATCH, "\"a\""), not_modified),
        // rule 3: otherwise true
        ("no member matches", inm(Method::GET, "\"x\", W/\"y\""), PROCEED),
        ("case-sensitive opaque", inm(Method::GET, "\"A\""), PROCEED),
        ("no current entity-tag", inm(Method::GET, "\"a\"").etag(None), PROCEED),
        ("list without representation", inm(Method::PUT, "\"a\"").missing(), NOT_GET),
        ("empty value", inm(Method::GET, ""), PROCEED),
        // malformed: true, and If-Modified-Since stays ignored
        ("unquoted", inm(Method::GET, "a"), PROCEED),
        ("* with a member", inm(Method::GET, "*, \"a\""), PROCEED),
        ("matching member, malformed later line", inm(Method::GET, "\"a\"").field(IF_NONE_MATCH, "b"), PROCEED),
        ("malformed PUT proceeds", inm(Method::PUT, "\"a"), NOT_GET),
        ("malformed keeps IMS ignored", inm(Method::GET, "a").field(IF_MODIFIED_SINCE, date(LAST_MODIFIED)), PROCEED),
        // true → step 5, past If-Modified-Since
        ("true skips IMS", inm(Method::GET, "\"x\"").field(IF_MODIFIED_SINCE, date(LAST_MODIFIED)), PROCEED),
        ("true goes on to Range", inm(Method::GET, "\"x\"").field(RANGE, "bytes=0-1"), HONOUR),
        // false for GET/HEAD: 304 only in place of a 200
        ("GET, unconditional 204", inm(Method::GET, "\"a\"").status(204), PROCEED),
        ("HEAD, unconditional 203", inm(Method::HEAD, "*").status(203), NOT_GET),
        ("GET, unconditional 412", inm(Method::GET, "\"a\"").status(412), PROCEED),
        ("GET, unconditional 206, with Range", inm(Method::GET, "\"a\"").status(206).field(RANGE, "bytes=0-1"), skip_range(RangeIgnoredBecause::NotOk)),
        ("PUT, unconditional 201", inm(Method::PUT, "*").status(201), fail),
        // a cache evaluates it
        ("cache", inm(Method::GET, "\"a\"").cache(), not_modified),
    ];
    for (name, input, expected) in table {
        check(name, &input, expected);
    }
}

// ---- step 4: If-Modified-Since -------------------------------------------------------

// proves: 9110-13.1.3-ignore-if-inm, 9110-13.1.3-ignore-invalid, 9110-13.1.3-ignore-without-date
// proves: 9110-13.1.3-origin-clock, 9110-13.1.3-evaluate, 9110-13.1.3-false-stops-method
// proves: 9110-13.1.3-respond-304, 9111-4.3.2-cache-evaluate
#[test]
fn step_4_if_modified_since() {
    let ims = |m: Method, secs: i64| req(m).field(IF_MODIFIED_SINCE, date(secs));
    let not_modified = not_modified_at(Step::IfModifiedSince);
    #[rustfmt::skip]
    let table = [
        ("absent", get(), PROCEED),
        ("modified after the date", ims(Method::GET, LAST_MODIFIED - 1), PROCEED),
        ("modified at the date", ims(Method::GET, LAST_MODIFIED), not_modified),
        ("modified before the date", ims(Method::GET, LAST_MODIFIED + 1), not_modified),
        ("HEAD", ims(Method::HEAD, LAST_MODIFIED), not_modified),
        ("date in the future", ims(Method::GET, NOW + 86_400), not_modified),
        ("rfc850 date", get().field(IF_MODIFIED_SINCE, "Tuesday, 14-Nov-23 22:13:20 GMT").last_modified(Some(NOW)), not_modified),
        ("asctime date", get().field(IF_MODIFIED_SINCE, "Tue Nov 14 22:13:19 2023").last_modified(Some(NOW)), PROCEED),
        // ignored
        ("If-None-Match present", ims(Method::GET, LAST_MODIFIED).field(IF_NONE_MATCH, "\"x\""), PROCEED),
        ("PUT", ims(Method::PUT, LAST_MODIFIED), NOT_GET),
        ("POST", ims(Method::POST, LAST_MODIFIED), NOT_GET),
        ("DELETE", ims(Method::DELETE, LAST_MODIFIED), NOT_GET),
        ("several field lines", ims(Method::GET, LAST_MODIFIED).field(IF_MODIFIED_SINCE, date(LAST_MODIFIED)), PROCEED),
        ("a list on one line", get().field(IF_MODIFIED_SINCE, format!("{}, {}", date(LAST_MODIFIED), date(LAST_MODIFIED))), PROCEED),
        ("invalid date", get().field(IF_MODIFIED_SINCE, "Sun, 31 Feb 2023 00:00:00 GMT"), PROCEED),
        ("wrong weekday", get().field(IF_MODIFIED_SINCE, date(LAST_MODIFIED).replacen(&date(LAST_MODIFIED)[..3], "Xyz", 1)), PROCEED),
        ("no Last-Modified", ims(Method::GET, LAST_MODIFIED).last_modified(None), PROCEED),
        ("no representation", ims(Method::GET, LAST_MODIFIED).missing(), PROCEED),
        // false: 304 only in place of a 200
        ("unconditional 204", ims(Method::GET, LAST_MODIFIED).status(204), PROCEED),
        ("unconditional 412", ims(Method::HEAD, LAST_MODIFIED).status(412), NOT_GET),
        // a cache evaluates it (against the stored Last-Modified or Date)
        ("cache", ims(Method::GET, LAST_MODIFIED).cache(), not_modified),
        // true → step 5
        ("true goes on to Range", ims(Method::GET, LAST_MODIFIED - 1).field(RANGE, "bytes=0-1"), HONOUR),
    ];
    for (name, input, expected) in table {
        check(name, &input, expected);
    }
}

// ---- step 5: If-Range (and what becomes of Range) --------------------------------------

// proves: 9110-13.1.5-ignore-without-range, 9110-13.1.5-ignore-without-range-support
// proves: 9110-13.1.5-evaluate, 9110-13.1.5-false-ignores-range, 9110-13.1.5-true-honours-range
// proves: 9110-14.2-ignore-range-unless-get
#[test]
fn step_5_if_range() {
    use RangeIgnoredBecause::*;
    let range = |m: Method| req(m).field(RANGE, "bytes=0-9");
    let if_range = |v: &str| range(Method::GET).field(IF_RANGE, v);
    let if_range_date = |secs: i64| range(Method::GET).field(IF_RANGE, date(secs));
    let false_ = skip_range(IfRangeFalse);
    #[rustfmt::skip]
    let table = [
        // no Range
        ("no Range", get(), PROCEED),
        ("If-Range without Range", get().field(IF_RANGE, "\"a\""), PROCEED),
        // Range without If-Range
        ("Range on GET", range(Method::GET), HONOUR),
        ("Range on HEAD", range(Method::HEAD), skip_range(NotGet)),
        ("Range on PUT", range(Method::PUT), skip_range(NotGet)),
        ("Range on POST with If-Range", range(Method::POST).field(IF_RANGE, "\"a\""), skip_range(NotGet)),
        ("unconditional 204", range(Method::GET).status(204), skip_range(NotOk)),
        ("no range support", range(Method::GET).no_ranges(), skip_range(NotSupported)),
        ("no range support, If-Range", if_range("\"x\"").no_ranges(), skip_range(NotSupported)),
        // entity-tag
        ("strong match", if_range("\"a\""), HONOUR),
        ("leading OWS", if_range("  \"a\""), HONOUR),
        ("no match", if_range("\"b\""), false_),
        ("weak tag", if_range("W/\"a\""), false_),
        ("weak current", if_range("\"a\"").etag(Some("W/\"a\"")), false_),
        ("no current entity-tag", if_range("\"a\"").etag(None), false_),
        ("malformed tag", if_range("\"a"), false_),
        ("a list", if_range("\"a\", \"b\""), false_),
        ("*", if_range("*"), false_),
        ("several field lines", if_range("\"a\"").field(IF_RANGE, "\"a\""), false_),
        // HTTP-date
        ("exact date", if_range_date(LAST_MODIFIED), HONOUR),
        ("later date", if_range_date(LAST_MODIFIED + 1), false_),
        ("earlier date", if_range_date(LAST_MODIFIED - 1), false_),
        ("no Last-Modified", if_range_date(LAST_MODIFIED).last_modified(None), false_),
        ("invalid date", if_range("Tue, 14 Nov 2023 25:00:00 GMT"), false_),
        ("garbage", if_range("bytes"), false_),
        ("empty", if_range(""), false_),
        // date strength (§8.8.2.2)
        ("auto: 1 s before now is strong", if_range_date(NOW - 1).last_modified(Some(NOW - 1)), HONOUR),
        ("auto: at now is weak", if_range_date(NOW).last_modified(Some(NOW)), false_),
        ("strong: at now", if_range_date(NOW).last_modified(Some(NOW)).strength(DateStrength::Strong), HONOUR),
        ("weak: long ago", if_range_date(LAST_MODIFIED).strength(DateStrength::Weak), false_),
        // a cache evaluates it
        ("cache", if_range("\"a\"").cache(), HONOUR),
        // earlier steps come first
        ("304 first", if_range("\"a\"").field(IF_NONE_MATCH, "\"a\""), not_modified_at(Step::IfNoneMatch)),
        ("412 first", if_range("\"a\"").field(IF_MATCH, "\"x\""), failed_at(Step::IfMatch)),
    ];
    for (name, input, expected) in table {
        check(name, &input, expected);
    }
}

// ---- the order of the steps -------------------------------------------------------------

// proves: 9110-13.2.2-evaluation-order
#[test]
fn evaluation_order() {
    let all_false = |m: Method| {
        req(m)
            .field(IF_MATCH, "\"x\"")
            .field(IF_UNMODIFIED_SINCE, date(LAST_MODIFIED - 1))
            .field(IF_NONE_MATCH, "\"a\"")
            .field(IF_MODIFIED_SINCE, date(LAST_MODIFIED))
            .field(RANGE, "bytes=0-1")
            .field(IF_RANGE, "\"x\"")
    };
    #[rustfmt::skip]
    let table = [
        ("If-Match first", all_false(Method::GET), failed_at(Step::IfMatch)),
        ("a true If-Match passes over If-Unmodified-Since", all_false(Method::GET).etag(Some("\"y\"")).field(IF_MATCH, "\"y\""), skip_range(RangeIgnoredBecause::IfRangeFalse)),
        ("If-Unmodified-Since before If-None-Match", get().field(IF_UNMODIFIED_SINCE, date(LAST_MODIFIED - 1)).field(IF_NONE_MATCH, "\"a\""), failed_at(Step::IfUnmodifiedSince)),
        ("If-None-Match before If-Modified-Since", get().field(IF_NONE_MATCH, "\"a\"").field(IF_MODIFIED_SINCE, date(LAST_MODIFIED - 1)), not_modified_at(Step::IfNoneMatch)),
        ("If-Modified-Since before If-Range", get().field(IF_MODIFIED_SINCE, date(LAST_MODIFIED)).field(RANGE, "bytes=0-1").field(IF_RANGE, "\"x\""), not_modified_at(Step::IfModifiedSince)),
        ("a cache starts at If-None-Match", all_false(Method::GET).cache(), not_modified_at(Step::IfNoneMatch)),
        ("PUT: 412 at If-None-Match when 1 and 2 pass", put().field(IF_MATCH, "*").field(IF_NONE_MATCH, "\"a\""), failed_at(Step::IfNoneMatch)),
        ("all true", get().field(IF_MATCH, "\"a\"").field(IF_NONE_MATCH, "\"b\"").field(RANGE, "bytes=0-1").field(IF_RANGE, "\"a\""), HONOUR),
    ];
    for (name, input, expected) in table {
        check(name, &input, expected);
    }
}

// ---- the policies (one row per decision of the contract) ------------------------------------

// proves: 9110-8.8.2.1-clamp-future-last-modified, 9110-13.1.3-ignore-without-date
// proves: 9110-13.1.2-304-or-412, 9111-4.3.2-cache-no-origin-only
#[test]
fn policies() {
    let at = |secs: i64, millis: u64| {
        UNIX_EPOCH + Duration::from_secs(secs as u64) + Duration::from_millis(millis)
    };
    #[rustfmt::skip]
    let table = [
        // 304 only when the unconditional status is exactly 200.
        ("304 needs 200: INM", get().field(IF_NONE_MATCH, "*").status(200), not_modified_at(Step::IfNoneMatch)),
        ("304 needs 200: INM with 203", get().field(IF_NONE_MATCH, "*").status(203), PROCEED),
        ("304 needs 200: IMS with 204", get().field(IF_MODIFIED_SINCE, date(LAST_MODIFIED)).status(204), PROCEED),
        // Cache without stored response: ignored.
        ("cache, missing", get().cache().missing().field(IF_NONE_MATCH, "*"), ignored(IgnoredBecause::NotStored)),
        // Last-Modified later than now is replaced by now.
        ("future LAST_MODIFIED clamped: IMS now", get().last_modified(Some(NOW + 100)).field(IF_MODIFIED_SINCE, date(NOW)), not_modified_at(Step::IfModifiedSince)),
        ("slow clock clamps LAST_MODIFIED", get().now(LAST_MODIFIED - 10).field(IF_MODIFIED_SINCE, date(LAST_MODIFIED - 10)), not_modified_at(Step::IfModifiedSince)),
        ("future LAST_MODIFIED clamped: IUS now", put().last_modified(Some(NOW + 100)).field(IF_UNMODIFIED_SINCE, date(NOW)), NOT_GET),
        ("future LAST_MODIFIED clamped: If-Range is weak", get().last_modified(Some(NOW + 100)).field(RANGE, "bytes=0-1").field(IF_RANGE, date(NOW)), skip_range(RangeIgnoredBecause::IfRangeFalse)),
        // Sub-second precision truncated.
        ("sub-second truncated: IMS", get().last_modified(None).last_modified_time(at(LAST_MODIFIED, 999)).field(IF_MODIFIED_SINCE, date(LAST_MODIFIED)), not_modified_at(Step::IfModifiedSince)),
        ("sub-second truncated: If-Range", get().last_modified(None).last_modified_time(at(LAST_MODIFIED, 500)).field(RANGE, "bytes=0-1").field(IF_RANGE, date(LAST_MODIFIED)), HONOUR),
        // EpochPolicy.
        ("epoch+1 absent: IMS ignored", get().last_modified(Some(1)).field(IF_MODIFIED_SINCE, date(1)), PROCEED),
        ("epoch absent: IUS ignored", put().last_modified(Some(0)).field(IF_UNMODIFIED_SINCE, date(-1)), NOT_GET),
        // Only Unix seconds 0 and 1 are placeholders: every other date is compared.
        ("before epoch compared: IMS", get().last_modified(Some(-86_400)).field(IF_MODIFIED_SINCE, date(0)), not_modified_at(Step::IfModifiedSince)),
        ("1969 LAST_MODIFIED later than IUS: 412", put().last_modified(Some(-14_182_940)).field(IF_UNMODIFIED_SINCE, date(-14_269_340)), failed_at(Step::IfUnmodifiedSince)),
        ("1969 LAST_MODIFIED earlier than IUS", put().last_modified(Some(-14_269_340)).field(IF_UNMODIFIED_SINCE, date(-14_182_940)), NOT_GET),
        ("year 0 LAST_MODIFIED later than IUS: 412", put().last_modified(Some(HttpDate::MIN.unix_seconds() + 1)).field(IF_UNMODIFIED_SINCE, date(HttpDate::MIN.unix_seconds())), failed_at(Step::IfUnmodifiedSince)),
        ("second -1 compared", put().last_modified(Some(-1)).field(IF_UNMODIFIED_SINCE, date(-2)), failed_at(Step::IfUnmodifiedSince)),
        ("epoch absent: IUS earlier ignored", put().last_modified(Some(0)).field(IF_UNMODIFIED_SINCE, date(-100)), NOT_GET),
        ("epoch+1 absent: IUS earlier ignored", put().last_modified(Some(1)).field(IF_UNMODIFIED_SINCE, date(0)), NOT_GET),
        ("future LAST_MODIFIED clamped to an epoch now is compared", get().now(0).last_modified(Some(3_600)).field(IF_MODIFIED_SINCE, date(0)), not_modified_at(Step::IfModifiedSince)),
        ("epoch+2 kept", get().last_modified(Some(2)).field(IF_MODIFIED_SINCE, date(2)), not_modified_at(Step::IfModifiedSince)),
        ("epoch+1 trusted", get().last_modified(Some(1)).field(IF_MODIFIED_SINCE, date(1)).epoch(EpochPolicy::Trust), not_modified_at(Step::IfModifiedSince)),
        ("epoch trusted: IUS", put().last_modified(Some(0)).field(IF_UNMODIFIED_SINCE, date(-1)).epoch(EpochPolicy::Trust), failed_at(Step::IfUnmodifiedSince)),
        ("epoch absent: If-Range date false", get().last_modified(Some(1)).field(RANGE, "bytes=0-1").field(IF_RANGE, date(1)), skip_range(RangeIgnoredBecause::IfRangeFalse)),
        // A leap second is read as :59 for IMS / IUS, and never matches If-Range.
        ("If-Range :60 never matches", get().last_modified(Some(LEAP_59)).field(RANGE, "bytes=0-1").field(IF_RANGE, "Sat, 31 Dec 2016 23:59:60 GMT"), skip_range(RangeIgnoredBecause::IfRangeFalse)),
        ("If-Range :60 rfc850", get().last_modified(Some(LEAP_59)).field(RANGE, "bytes=0-1").field(IF_RANGE, "Saturday, 31-Dec-16 23:59:60 GMT"), skip_range(RangeIgnoredBecause::IfRangeFalse)),
        ("If-Range :60 asctime", get().last_modified(Some(LEAP_59)).field(RANGE, "bytes=0-1").field(IF_RANGE, "Sat Dec 31 23:59:60 2016"), skip_range(RangeIgnoredBecause::IfRangeFalse)),
        ("If-Range :60, strong by the caller", get().last_modified(Some(LEAP_59)).strength(DateStrength::Strong).field(RANGE, "bytes=0-1").field(IF_RANGE, "Sat, 31 Dec 2016 23:59:60 GMT"), skip_range(RangeIgnoredBecause::IfRangeFalse)),
        ("If-Range :59 matches", get().last_modified(Some(LEAP_59)).field(RANGE, "bytes=0-1").field(IF_RANGE, "Sat, 31 Dec 2016 23:59:59 GMT"), HONOUR),
        ("IMS :60 read as :59", get().last_modified(Some(LEAP_59)).field(IF_MODIFIED_SINCE, "Sat, 31 Dec 2016 23:59:60 GMT"), not_modified_at(Step::IfModifiedSince)),
        // DateStrength::Auto: strong only if LAST_MODIFIED ≤ now − 1 s.
        ("auto strength: LAST_MODIFIED = now - 1", get().last_modified(Some(NOW - 1)).field(RANGE, "bytes=0-1").field(IF_RANGE, date(NOW - 1)), HONOUR),
        ("auto strength: LAST_MODIFIED = now", get().last_modified(Some(NOW)).field(RANGE, "bytes=0-1").field(IF_RANGE, date(NOW)), skip_range(RangeIgnoredBecause::IfRangeFalse)),
        // If-Range only for GET with Range on a resource that supports ranges.
        ("If-Range on HEAD", head().field(RANGE, "bytes=0-1").field(IF_RANGE, "\"x\""), skip_range(RangeIgnoredBecause::NotGet)),
        ("If-Range without Range", get().field(IF_RANGE, "\"x\""), PROCEED),
        ("If-Range, no range support", get().no_ranges().field(RANGE, "bytes=0-1").field(IF_RANGE, "\"a\""), skip_range(RangeIgnoredBecause::NotSupported)),
        // If-Range: tag if it starts with DQUOTE or W/", else a date; malformed → false.
        ("If-Range W/ prefix is a tag", get().field(RANGE, "bytes=0-1").field(IF_RANGE, "W/\"a\""), skip_range(RangeIgnoredBecause::IfRangeFalse)),
        ("If-Range W without slash is a date", get().field(RANGE, "bytes=0-1").field(IF_RANGE, "W\"a\""), skip_range(RangeIgnoredBecause::IfRangeFalse)),
        // The evaluator does not parse the ranges-specifier.
        ("Range not parsed", get().field(RANGE, "pages=many"), HONOUR),
        ("Range on non-GET ignored", req(Method::DELETE).field(RANGE, "bytes=0-1"), skip_range(RangeIgnoredBecause::NotGet)),
        // IMS/IUS with several lines or an invalid date: ignored; IMS only for GET/HEAD without INM.
        ("IMS several lines", get().field(IF_MODIFIED_SINCE, date(LAST_MODIFIED)).field(IF_MODIFIED_SINCE, date(LAST_MODIFIED)), PROCEED),
        ("IUS invalid", put().field(IF_UNMODIFIED_SINCE, "0"), NOT_GET),
        ("IMS with INM", get().field(IF_NONE_MATCH, "\"b\"").field(IF_MODIFIED_SINCE, date(LAST_MODIFIED)), PROCEED),
        ("IMS on PATCH", req(Method::PATCH).field(IF_MODIFIED_SINCE, date(LAST_MODIFIED)), NOT_GET),
        // Malformed If-Match: 412. Malformed If-None-Match: true, IMS still ignored.
        ("malformed If-Match", get().field(IF_MATCH, "nope"), failed_at(Step::IfMatch)),
        ("malformed INM, IMS false", get().field(IF_NONE_MATCH, "nope").field(IF_MODIFIED_SINCE, date(LAST_MODIFIED)), PROCEED),
    ];
    for (name, input, expected) in table {
        check(name, &input, expected);
    }
}

/// Any `SystemTime` is accepted, none panics, and the result is sensible.
#[test]
fn any_system_time() {
    let far = Duration::from_secs(1 << 40);
    let times = [
        UNIX_EPOCH,
        UNIX_EPOCH - Duration::from_nanos(1),
        UNIX_EPOCH - far,
        UNIX_EPOCH + far,
        UNIX_EPOCH + Duration::from_secs(253_402_300_800), // year 10000
        SystemTime::now(),
    ];
    for t in times {
        let input = get()
            .last_modified(None)
            .last_modified_time(t)
            .field(IF_MODIFIED_SINCE, date(NOW));
        let headers = input.headers();
        let rep = input.representation(None);
        let outcome = evaluate(Request::new(&Method::GET, &headers), &rep, &input.context());
        // Far future is clamped to now (≤ IMS: 304); the epoch itself is a
        // placeholder (IMS ignored); every date before it is compared.
        let expected = if t == UNIX_EPOCH {
            PROCEED
        } else {
            not_modified_at(Step::IfModifiedSince)
        };
        assert_eq!(outcome, expected, "{t:?}");
    }
    // Saturation: before year 0 and after year 9999.
    let rep = Representation::new().with_last_modified(UNIX_EPOCH - far);
    assert_eq!(rep.last_modified(), Some(HttpDate::MIN));
    let rep = Representation::new().with_last_modified(UNIX_EPOCH + far);
    assert_eq!(rep.last_modified(), Some(HttpDate::MAX));
    let rep = Representation::new().with_last_modified(UNIX_EPOCH - Duration::from_millis(1));
    assert_eq!(rep.last_modified().map(HttpDate::unix_seconds), Some(-1));
}

/// Request conversions see the same method and fields.
#[test]
fn request_from_http_types() {
    let full = http::Request::put("/x")
        .header(IF_MATCH, "\"x\"")
        .body(())
        .unwrap();
    let rep = Representation::new();
    let ctx = Context::new(HttpDate::from_unix_seconds(NOW).unwrap());
    assert_eq!(
        evaluate(Request::from(&full), &rep, &ctx),
        failed_at(Step::IfMatch)
    );
    let (parts, ()) = full.into_parts();
    assert_eq!(
        evaluate(Request::from(&parts), &rep, &ctx),
        failed_at(Step::IfMatch)
    );
}

/// `Outcome::status` and `deciding_step`.
#[test]
fn outcome_accessors() {
    use RangeIgnoredBecause::*;
    let ok = StatusCode::OK;
    #[rustfmt::skip]
    let table: [(Outcome, StatusCode, u16, Option<Step>); 8] = [
        (PROCEED, ok, 200, Some(Step::Perform)),
        (PROCEED, StatusCode::CREATED, 201, Some(Step::Perform)),
        (HONOUR, ok, 206, Some(Step::Perform)),
        (skip_range(IfRangeFalse), ok, 200, Some(Step::IfRange)),
        (skip_range(NotGet), StatusCode::NO_CONTENT, 204, Some(Step::Perform)),
        (not_modified_at(Step::IfModifiedSince), ok, 304, Some(Step::IfModifiedSince)),
        (failed_at(Step::IfNoneMatch), StatusCode::NO_CONTENT, 412, Some(Step::IfNoneMatch)),
        (ignored(IgnoredBecause::UnconditionalStatus), StatusCode::NOT_FOUND, 404, None),
    ];
    for (outcome, unconditional, status, step) in table {
        assert_eq!(
            outcome.status(unconditional).as_u16(),
            status,
            "{outcome:?}"
        );
        assert_eq!(outcome.deciding_step(), step, "{outcome:?}");
    }
}

// ---- the trace ------------------------------------------------------------------------

/// Runs `input` and compares the trace's (stage, evaluation) pairs.
fn check_trace(name: &str, input: &Case, expected: Outcome, stages: &[(Stage, Evaluation)]) {
    let got = run(name, input, expected);
    assert_eq!(got, stages, "case {name:?}");
}

#[test]
fn trace_stages() {
    use Evaluation::{False, Ignored, True};
    use Reason::*;
    const GATE: Stage = Stage::Gate;
    const S1: Stage = Stage::Step(Step::IfMatch);
    const S2: Stage = Stage::Step(Step::IfUnmodifiedSince);
    const S3: Stage = Stage::Step(Step::IfNoneMatch);
    const S4: Stage = Stage::Step(Step::IfModifiedSince);
    const S5: Stage = Stage::Step(Step::IfRange);
    const S6: Stage = Stage::Step(Step::Perform);
    let absent = Ignored(Absent);

    check_trace(
        "gate stops",
        &get().status(404),
        ignored(IgnoredBecause::UnconditionalStatus),
        &[(GATE, Ignored(Gate(IgnoredBecause::UnconditionalStatus)))],
    );
    check_trace(
        "nothing",
        &get(),
        PROCEED,
        &[
            (GATE, True),
            (S1, absent),
            (S2, absent),
            (S3, absent),
            (S4, absent),
            (S5, absent),
            (S6, absent),
        ],
    );
    check_trace(
        "If-Match false",
        &put().field(IF_MATCH, "\"x\""),
        failed_at(Step::IfMatch),
        &[(GATE, True), (S1, False)],
    );
    check_trace(
        "If-Match true, IUS ignored",
        &put()
            .field(IF_MATCH, "\"a\"")
            .field(IF_UNMODIFIED_SINCE, date(0)),
        NOT_GET,
        &[
            (GATE, True),
            (S1, True),
            (S2, Ignored(IfMatchPresent)),
            (S3, absent),
            (S4, absent),
            (S5, absent),
            (S6, absent),
        ],
    );
    check_trace(
        "IMS on PUT",
        &put().field(IF_MODIFIED_SINCE, date(0)),
        NOT_GET,
        &[
            (GATE, True),
            (S1, absent),
            (S2, absent),
            (S3, absent),
            (S4, Ignored(NotGetOrHead)),
            (S5, absent),
            (S6, absent),
        ],
    );
    check_trace(
        "cache",
        &get()
            .cache()
            .field(IF_MATCH, "\"x\"")
            .field(IF_NONE_MATCH, "\"x\""),
        PROCEED,
        &[
            (GATE, True),
            (S1, Ignored(OriginOnly)),
            (S2, absent),
            (S3, True),
            (S4, absent),
            (S5, absent),
            (S6, absent),
        ],
    );
    check_trace(
        "cache, PUT",
        &put().cache().field(IF_NONE_MATCH, "*"),
        ignored(IgnoredBecause::CacheMethod),
        &[(GATE, Ignored(Gate(IgnoredBecause::CacheMethod)))],
    );
    check_trace(
        "placeholder Last-Modified",
        &put()
            .last_modified(Some(0))
            .field(IF_UNMODIFIED_SINCE, date(-100)),
        NOT_GET,
        &[
            (GATE, True),
            (S1, absent),
            (S2, Ignored(Placeholder(HttpDate::UNIX_EPOCH))),
            (S3, absent),
            (S4, absent),
            (S5, absent),
            (S6, absent),
        ],
    );
    check_trace(
        "IUS ignored, INM malformed, IMS ignored",
        &get()
            .field(IF_UNMODIFIED_SINCE, "x")
            .field(IF_NONE_MATCH, "x")
            .field(IF_MODIFIED_SINCE, date(LAST_MODIFIED)),
        PROCEED,
        &[
            (GATE, True),
            (S1, absent),
            (S2, Ignored(InvalidDate)),
            (S3, True),
            (S4, Ignored(IfNoneMatchPresent)),
            (S5, absent),
            (S6, absent),
        ],
    );
    check_trace(
        "IMS several lines, no Last-Modified for IUS",
        &get()
            .last_modified(None)
            .field(IF_UNMODIFIED_SINCE, date(LAST_MODIFIED))
            .field(IF_MODIFIED_SINCE, date(LAST_MODIFIED))
            .field(IF_MODIFIED_SINCE, date(LAST_MODIFIED)),
        PROCEED,
        &[
            (GATE, True),
            (S1, absent),
            (S2, Ignored(NoLastModified)),
            (S3, absent),
            (S4, Ignored(ListOfDates)),
            (S5, absent),
            (S6, absent),
        ],
    );
    // The longest path: every stage, and the note that no 304 was possible.
    check_trace(
        "longest",
        &get()
            .status(204)
            .field(IF_MATCH, "\"a\"")
            .field(IF_UNMODIFIED_SINCE, date(LAST_MODIFIED))
            .field(IF_NONE_MATCH, "\"a\"")
            .field(IF_MODIFIED_SINCE, date(LAST_MODIFIED))
            .field(RANGE, "bytes=0-1")
            .field(IF_RANGE, "\"a\""),
        skip_range(RangeIgnoredBecause::NotOk),
        &[
            (GATE, True),
            (S1, True),
            (S2, Ignored(IfMatchPresent)),
            (S3, False),
            (S3, Ignored(NotModifiedNeedsOk)),
            (S4, Ignored(IfNoneMatchPresent)),
            (S5, Ignored(Range(RangeIgnoredBecause::NotOk))),
            (S6, Ignored(Range(RangeIgnoredBecause::NotOk))),
        ],
    );
    check_trace(
        "IMS false without 200",
        &head()
            .status(203)
            .field(IF_MODIFIED_SINCE, date(LAST_MODIFIED))
            .field(RANGE, "x"),
        skip_range(RangeIgnoredBecause::NotGet),
        &[
            (GATE, True),
            (S1, absent),
            (S2, absent),
            (S3, absent),
            (S4, False),
            (S4, Ignored(NotModifiedNeedsOk)),
            (S5, absent),
            (S6, Ignored(Range(RangeIgnoredBecause::NotGet))),
        ],
    );
    check_trace(
        "If-Range true",
        &get().field(RANGE, "bytes=0-1").field(IF_RANGE, "\"a\""),
        HONOUR,
        &[
            (GATE, True),
            (S1, absent),
            (S2, absent),
            (S3, absent),
            (S4, absent),
            (S5, True),
            (S6, True),
        ],
    );
    check_trace(
        "If-Range without Range",
        &get().field(IF_RANGE, "\"a\""),
        PROCEED,
        &[
            (GATE, True),
            (S1, absent),
            (S2, absent),
            (S3, absent),
            (S4, absent),
            (S5, Ignored(NoRange)),
            (S6, absent),
        ],
    );
}

/// The longest trace fills the capacity exactly.
#[test]
fn trace_capacity_is_exact() {
    let input = get()
        .status(204)
        .field(IF_MATCH, "\"a\"")
        .field(IF_UNMODIFIED_SINCE, date(LAST_MODIFIED))
        .field(IF_NONE_MATCH, "\"a\"")
        .field(IF_MODIFIED_SINCE, date(LAST_MODIFIED))
        .field(RANGE, "bytes=0-1")
        .field(IF_RANGE, "\"a\"");
    let headers = input.headers();
    let tag = input.tag();
    let rep = input.representation(tag.as_ref());
    let mut trace = Trace::new();
    evaluate_traced(
        Request::new(&input.method, &headers),
        &rep,
        &input.context(),
        &mut trace,
    );
    assert_eq!(trace.len(), Trace::CAPACITY);
}

/// What an entry holds: raw lines (borrowed), parse results, sections.
#[test]
fn trace_entries() {
    let headers = {
        let mut map = HeaderMap::new();
        map.append(IF_NONE_MATCH, HeaderValue::from_static("\"x\""));
        map.append(IF_NONE_MATCH, HeaderValue::from_static("W/\"a\", \"y\""));
        map.append(IF_MODIFIED_SINCE, HeaderValue::from_static("bad"));
        map.append(RANGE, HeaderValue::from_static("bytes=0-1"));
        map.append(
            IF_RANGE,
            HeaderValue::from_static("Tue, 14 Nov 2023 22:13:20 GMT"),
        );
        map
    };
    let tag = EntityTag::strong("a").unwrap();
    let rep = Representation::new()
        .with_etag(tag.as_tag())
        .with_last_modified(HttpDate::from_unix_seconds(NOW).unwrap());
    let ctx = Context::new(HttpDate::from_unix_seconds(NOW).unwrap())
        .with_unconditional_status(StatusCode::NO_CONTENT);
    let mut trace = Trace::new();
    let outcome = evaluate_traced(Request::new(&Method::GET, &headers), &rep, &ctx, &mut trace);
    assert_eq!(outcome, skip_range(RangeIgnoredBecause::NotOk));
    assert_eq!(trace.last_modified(), HttpDate::from_unix_seconds(NOW).ok());

    let inm = trace.step(Step::IfNoneMatch).unwrap();
    assert_eq!(inm.field(), Some(crate::Field::IfNoneMatch));
    assert_eq!(inm.lines().count(), 2);
    assert_eq!(inm.lines().first().unwrap(), "\"x\"");
    let lines: Vec<_> = inm.lines().iter().map(HeaderValue::as_bytes).collect();
    assert_eq!(lines, [&b"\"x\""[..], &b"W/\"a\", \"y\""[..]]);
    match inm.parsed() {
        Parsed::Tags { count, matched } => {
            assert_eq!(count, 3);
            assert_eq!(matched.map(|t| t.to_string()), Some("W/\"a\"".to_owned()));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(inm.evaluation(), Evaluation::False);
    assert_eq!(inm.section(), "RFC 9110 §13.1.2");

    // IMS is ignored before being parsed.
    let ims = trace.step(Step::IfModifiedSince).unwrap();
    assert_eq!(ims.parsed(), Parsed::NotParsed);
    assert_eq!(ims.lines().first().unwrap(), "bad");
    assert_eq!(ims.section(), "RFC 9110 §13.1.3");

    let perform = trace.step(Step::Perform).unwrap();
    assert_eq!(perform.field(), Some(crate::Field::Range));
    assert_eq!(perform.section(), "RFC 9110 §14.2");

    // A reused trace starts over.
    let empty = HeaderMap::new();
    evaluate_traced(Request::new(&Method::GET, &empty), &rep, &ctx, &mut trace);
    assert_eq!(trace.len(), 7);
    assert_eq!(trace.outcome(), Some(PROCEED));
}

/// The text `precond explain` prints.
#[test]
fn trace_display() {
    let input = get()
        .field(IF_MATCH, "\"a\", \"b\"")
        .field(IF_UNMODIFIED_SINCE, date(LAST_MODIFIED))
        .field(IF_NONE_MATCH, "\"x\"")
        .field(IF_NONE_MATCH, "W/\"y\"")
        .field(IF_MODIFIED_SINCE, date(LAST_MODIFIED))
        .field(RANGE, "bytes=0-1")
        .field(IF_RANGE, date(LAST_MODIFIED));
    let headers = input.headers();
    let tag = input.tag();
    let rep = input.representation(tag.as_ref());
    let mut trace = Trace::new();
    evaluate_traced(
        Request::new(&Method::GET, &headers),
        &rep,
        &input.context(),
        &mut trace,
    );
    let expected = [
        "gate: evaluate the conditions (RFC 9110 §13.2.1)",
        r#"step 1 If-Match: "\"a\", \"b\"" → 2 entity-tags, "a" matches → true (RFC 9110 §13.1.1)"#,
        r#"step 2 If-Unmodified-Since: "Tue, 14 Nov 2023 21:56:40 GMT" → ignored: If-Match is present (RFC 9110 §13.1.4)"#,
        r#"step 3 If-None-Match: "\"x\"", "W/\"y\"" → 2 entity-tags, none matches → true (RFC 9110 §13.1.2)"#,
        r#"step 4 If-Modified-Since: "Tue, 14 Nov 2023 21:56:40 GMT" → ignored: If-None-Match is present (RFC 9110 §13.1.3)"#,
        r#"step 5 If-Range: "Tue, 14 Nov 2023 21:56:40 GMT" → date Tue, 14 Nov 2023 21:56:40 GMT → true (RFC 9110 §13.1.5)"#,
        r#"step 6 Range: "bytes=0-1" → perform the method, processing the Range (RFC 9110 §14.2)"#,
        "=> proceed: process the Range (RFC 9110 §14.2)",
    ]
    .join("\n");
    assert_eq!(trace.to_string(), expected);

    // Gate, absent fields, malformed values, and the no-304 note.
    let input = get()
        .status(204)
        .field(IF_MATCH, "*")
        .field(IF_NONE_MATCH, "*")
        .field(IF_RANGE, b"\xe9t\xe9");
    let headers = input.headers();
    let tag = input.tag();
    let rep = input.representation(tag.as_ref());
    evaluate_traced(
        Request::new(&Method::GET, &headers),
        &rep,
        &input.context(),
        &mut trace,
    );
    let expected = [
        "gate: evaluate the conditions (RFC 9110 §13.2.1)",
        r#"step 1 If-Match: "*" → any (*) → true (RFC 9110 §13.1.1)"#,
        "step 2 If-Unmodified-Since: absent → skipped (RFC 9110 §13.2.2)",
        r#"step 3 If-None-Match: "*" → any (*) → false (RFC 9110 §13.1.2)"#,
        "step 3 If-None-Match: no 304: a 304 only stands for a 200, and the unconditional status is not 200 (RFC 9110 §15.4.5)",
        "step 4 If-Modified-Since: absent → skipped (RFC 9110 §13.2.2)",
        r#"step 5 If-Range: "\xe9t\xe9" → ignored: the request has no Range (RFC 9110 §13.1.5)"#,
        "step 6 Range: absent → perform the method (RFC 9110 §13.2.2)",
        "=> proceed: no Range",
    ]
    .join("\n");
    assert_eq!(trace.to_string(), expected);

    let input = get().status(500);
    let headers = input.headers();
    evaluate_traced(
        Request::new(&Method::GET, &headers),
        &rep,
        &input.context(),
        &mut trace,
    );
    assert_eq!(
        trace.to_string(),
        "gate: ignore every condition: the response without the conditions would be neither \
         2xx nor 412 (RFC 9110 §13.2.1)\n=> conditions ignored: the response without the \
         conditions would be neither 2xx nor 412 (RFC 9110 §13.2.1)"
    );
}

// ---- properties -------------------------------------------------------------------------

mod properties {
    use proptest::prelude::*;

    use super::*;

    /// Field values built from the tokens that matter, and noise.
    fn value() -> impl Strategy<Value = Vec<u8>> {
        let token = prop_oneof![
            Just(b"\"a\"".to_vec()),
            Just(b"W/\"a\"".to_vec()),
            Just(b"\"b\"".to_vec()),
            Just(b"*".to_vec()),
            Just(b",".to_vec()),
            Just(b" ".to_vec()),
            Just(date(LAST_MODIFIED).into_bytes()),
            Just(date(LAST_MODIFIED - 1).into_bytes()),
            Just(date(NOW).into_bytes()),
            Just(b"bytes=0-1".to_vec()),
            proptest::collection::vec(0x20u8..0x7f, 0..4),
        ];
        proptest::collection::vec(token, 0..4).prop_map(|parts| parts.concat())
    }

    fn field() -> impl Strategy<Value = HeaderName> {
        prop_oneof![
            Just(IF_MATCH),
            Just(IF_NONE_MATCH),
            Just(IF_MODIFIED_SINCE),
            Just(IF_UNMODIFIED_SINCE),
            Just(IF_RANGE),
            Just(RANGE),
            Just(header::CONTENT_TYPE),
        ]
    }

    fn input() -> impl Strategy<Value = Case> {
        let method = prop_oneof![
            Just(Method::GET),
            Just(Method::HEAD),
            Just(Method::PUT),
            Just(Method::POST),
            Just(Method::DELETE),
            Just(Method::OPTIONS),
        ];
        let etag = prop_oneof![Just(None), Just(Some("\"a\"")), Just(Some("W/\"a\""))];
        let last_modified = prop_oneof![
            Just(None),
            Just(Some(LAST_MODIFIED)),
            Just(Some(NOW)),
            Just(Some(NOW + 5)),
            Just(Some(1))
        ];
        let status = prop_oneof![
            Just(200u16),
            Just(204),
            Just(206),
            Just(304),
            Just(404),
            Just(412)
        ];
        (
            method,
            proptest::collection::vec((field(), value()), 0..6),
            etag,
            last_modified,
            any::<(bool, bool, bool)>(),
            status,
            0..3u8,
        )
            .prop_map(
                |(
                    method,
                    fields,
                    etag,
                    last_modified,
                    (missing, no_ranges, cache),
                    status,
                    strength,
                )| {
                    let mut input = req(method)
                        .etag(etag)
                        .last_modified(last_modified)
                        .status(status)
                        .strength(match strength {
                            0 => DateStrength::Auto,
                            1 => DateStrength::Strong,
                            _ => DateStrength::Weak,
                        });
                    input.fields = fields;
                    input.missing = missing;
                    input.no_ranges = no_ranges;
                    if cache {
                        input = input.cache();
                    }
                    input
                },
            )
    }

    proptest! {
        // proves: 9110-13.1.1-false-stops-method
        /// The plain and traced evaluations agree; the trace is well formed;
        /// a 304 stands only for a 200 to GET or HEAD; a malformed If-Match
        /// never lets an origin perform the method.
        #[test]
        fn evaluation_is_sound(input in input()) {
            let headers = input.headers();
            let tag = input.tag();
            let rep = input.representation(tag.as_ref());
            let ctx = input.context();
            let request = Request::new(&input.method, &headers);
            let outcome = evaluate(request, &rep, &ctx);
            let mut trace = Trace::new();
            prop_assert_eq!(evaluate_traced(request, &rep, &ctx, &mut trace), outcome);
            assert_trace_shape("property", &trace, outcome);

            if let Outcome::NotModified { .. } = outcome {
                prop_assert!(input.method == Method::GET || input.method == Method::HEAD);
                prop_assert_eq!(input.status, 200);
            }
            if outcome.range() == Some(RangeDecision::Honour) {
                prop_assert_eq!(&input.method, &Method::GET);
                prop_assert_eq!(input.status, 200);
            }
            let malformed_if_match = headers.contains_key(IF_MATCH)
                && precond_etag::match_list(
                    headers.get_all(IF_MATCH).iter().map(HeaderValue::as_bytes),
                    None,
                    precond_etag::Comparison::Strong,
                ).is_err();
            if malformed_if_match && input.role == Role::Origin {
                prop_assert!(!matches!(outcome, Outcome::Proceed { .. }), "{}", trace);
            }
        }
    }
}
