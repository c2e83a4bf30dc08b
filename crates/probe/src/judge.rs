//! The judge: what RFC 9110 requires for one case, decided by
//! [`precond::evaluate`] from the baseline's validators, compared with what
//! the server answered.

use core::fmt;

use http::header::{self, HeaderName};
use http::{HeaderMap, StatusCode};
use precond::{
    Context, HttpDate, Outcome, RangeDecision, Representation, Request, Role, Step, evaluate,
};
use precond_range::ContentRange;

use crate::battery::{Case, Target};
use crate::validators::Validators;

/// What a server answered to one case: any HTTP client can fill this in.
#[derive(Clone, Debug)]
pub struct Received {
    /// The status code.
    pub status: StatusCode,
    /// The header fields.
    pub fields: HeaderMap,
    /// The number of content bytes received.
    pub body_len: u64,
}

/// A case's result.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub enum Verdict {
    /// The answer is the one RFC 9110 requires.
    Pass,
    /// The answer differs from the preferred one, in a way the RFC allows.
    Allowed,
    /// The answer breaks a requirement.
    Fail,
}

impl Verdict {
    /// `"pass"`, `"allowed"` or `"fail"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Allowed => "allowed",
            Verdict::Fail => "fail",
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One observation about an answer: its verdict, the section, in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// [`Verdict::Allowed`] or [`Verdict::Fail`].
    pub verdict: Verdict,
    /// The section that decides it.
    pub section: &'static str,
    /// What was seen and what was required.
    pub message: String,
}

/// The judgement of one answer.
#[derive(Clone, Debug)]
pub struct Judgement {
    /// The worst verdict among the findings; [`Verdict::Pass`] without any.
    pub verdict: Verdict,
    /// The status RFC 9110 requires (for an origin server).
    pub required: StatusCode,
    /// The evaluator's outcome behind `required`.
    pub outcome: Outcome,
    /// The section that decides `required`.
    pub section: &'static str,
    /// Each departure from `required` and from the fields required.
    pub findings: Vec<Finding>,
}

/// Judges one answer.
///
/// The required status is [`precond::evaluate`]'s outcome for the case's
/// method and fields against the baseline's validators, with the received
/// response's Date as the clock (the baseline's if it has none). Then:
///
/// - a different status is a failure, unless the RFC permits it: 200 for a
///   Range (a server may ignore Range, RFC 9110 §14.2), 200 for a false
///   If-Modified-Since (evaluating it is a SHOULD, §13.1.3), the case's own
///   [`Leeway`](crate::Leeway), the answer a cache in front would give (RFC
///   9111 §4.3.2, when the baseline shows an Age or Via), or any status
///   other than 2xx and 412 to an unsafe method (its normal request checks
///   come first, §13.2.1);
/// - a 304 must repeat the ETag, Vary, Cache-Control, Content-Location,
///   Expires and Date the 200 carried (§15.4.5), and should carry no
///   Content-Type, Content-Encoding or Content-Language;
/// - a 206 must carry the Content-Range of the range asked for and exactly
///   its bytes (§14.4, §15.3.7); a 2xx to an unsafe case means the method was
///   performed although its condition was false.
///
/// ```
/// use http::{header, HeaderMap, HeaderValue, StatusCode};
/// use precond_probe::{battery, judge, Received, Validators, Verdict};
///
/// let mut fields = HeaderMap::new();
/// fields.insert(header::ETAG, HeaderValue::from_static("\"v1\""));
/// let base = Validators::from_response(StatusCode::OK, &fields, 11);
/// let case = battery(&base).into_iter().find(|c| c.id() == "inm-list").unwrap();
///
/// // A server that ignores lists answers 200.
/// let got = Received { status: StatusCode::OK, fields: fields.clone(), body_len: 11 };
/// let j = judge(&case, &base, &got);
/// assert_eq!((j.verdict, j.required), (Verdict::Fail, StatusCode::NOT_MODIFIED));
///
/// let got = Received { status: StatusCode::NOT_MODIFIED, fields, body_len: 0 };
/// assert_eq!(judge(&case, &base, &got).verdict, Verdict::Pass);
/// ```
pub fn judge(case: &Case, base: &Validators, got: &Received) -> Judgement {
    let now = date_of(&got.fields)
        .or(base.date())
        .or(base.last_modified())
        .unwrap_or_else(HttpDate::now);
    // For an unsafe method the status of its success is unknown; any 2xx
    // gives the same decision for the false conditions the unsafe cases carry.
    let unconditional = match case.target() {
        Target::Safe => base.status(),
        Target::Unsafe => StatusCode::NO_CONTENT,
    };
    let origin = decide(case, base, now, Role::Origin, unconditional);
    let required = required_status(case, origin, unconditional);
    let section = section_of(case, origin);
    let mut findings = Vec::new();

    if got.status != required {
        match allowance(case, base, now, unconditional, required, origin, got.status) {
            Some((section, why)) => findings.push(Finding {
                verdict: Verdict::Allowed,
                section,
                message: format!("{} instead of {}: {why}", show(got.status), show(required)),
            }),
            None => findings.push(Finding {
                verdict: Verdict::Fail,
                section,
                message: format!(
                    // `{:#}`: the outcome without its own citation, which
                    // would repeat (or contradict) the finding's section.
                    "{} instead of {}; the evaluator decides: {origin:#}",
                    show(got.status),
                    show(required)
                ),
            }),
        }
    }
    match got.status {
        StatusCode::NOT_MODIFIED => not_modified_fields(base, got, &mut findings),
        StatusCode::PARTIAL_CONTENT => partial_content(case, base, got, &mut findings),
        StatusCode::RANGE_NOT_SATISFIABLE => unsatisfied_range(base, got, &mut findings),
        _ => {}
    }
    let verdict = findings
        .iter()
        .map(|f| f.verdict)
        .max()
        .unwrap_or(Verdict::Pass);
    Judgement {
        verdict,
        required,
        outcome: origin,
        section,
        findings,
    }
}

/// The evaluator's decision for this case, in this role.
fn decide(
    case: &Case,
    base: &Validators,
    now: HttpDate,
    role: Role,
    unconditional: StatusCode,
) -> Outcome {
    let mut rep = Representation::new();
    if let Some(tag) = base.etag() {
        rep = rep.with_etag(tag.as_tag());
    }
    // RFC 9111 §4.3.2: a cache without a stored Last-Modified compares
    // If-Modified-Since with the stored response's Date.
    let modified = match role {
        Role::Cache => base.last_modified().or(base.date()),
        Role::Origin => base.last_modified(),
    };
    if let Some(lm) = modified {
        rep = rep.with_last_modified(lm);
    }
    let ctx = Context::new(now)
        .with_role(role)
        .with_unconditional_status(unconditional);
    evaluate(Request::new(case.method(), case.fields()), &rep, &ctx)
}

/// The status RFC 9110 requires: the evaluator's, except that a Range the
/// evaluator lets through resolves to what the case says when it is not a
/// 206 (RFC 9110 §14.2: 416 when no range is satisfiable, 200 for a Range
/// that must be ignored).
fn required_status(case: &Case, origin: Outcome, unconditional: StatusCode) -> StatusCode {
    match (origin, case.range_status()) {
        (
            Outcome::Proceed {
                range: RangeDecision::Honour,
            },
            Some(status),
        ) => status,
        _ => origin.status(unconditional),
    }
}

/// The section behind a decision: the step that decided, or the case's own.
fn section_of(case: &Case, outcome: Outcome) -> &'static str {
    match outcome.deciding_step() {
        Some(Step::Perform) | None => case.section(),
        Some(step) => step.section(),
    }
}

/// Why a status other than the required one is still allowed, if it is.
fn allowance(
    case: &Case,
    base: &Validators,
    now: HttpDate,
    unconditional: StatusCode,
    required: StatusCode,
    origin: Outcome,
    got: StatusCode,
) -> Option<(&'static str, &'static str)> {
    // The case's own leeway first: it names the more precise reason.
    if let Some(l) = case.case_leeway().filter(|l| l.status == got) {
        return Some((l.section, l.why));
    }
    let ranged = matches!(
        required,
        StatusCode::PARTIAL_CONTENT | StatusCode::RANGE_NOT_SATISFIABLE
    );
    if ranged && got == StatusCode::OK {
        return Some(("RFC 9110 §14.2", "a server may ignore the Range field"));
    }
    if matches!(
        origin,
        Outcome::NotModified {
            step: Step::IfModifiedSince
        }
    ) && got == StatusCode::OK
    {
        return Some((
            "RFC 9110 §13.1.3",
            "evaluating If-Modified-Since is recommended (SHOULD), not required",
        ));
    }
    if base.cache().is_some() {
        let cache = decide(case, base, now, Role::Cache, unconditional).status(unconditional);
        if cache == got {
            return Some((
                "RFC 9111 §4.3.2",
                "a cache in front (Age / Via) evaluates the conditions this way",
            ));
        }
    }
    if case.target() == Target::Unsafe
        && !got.is_success()
        && got != StatusCode::PRECONDITION_FAILED
    {
        return Some((
            "RFC 9110 §13.2.1",
            "the server refused the method in its normal request checks, before any condition",
        ));
    }
    None
}

/// The fields a 304 must repeat from the 200 (RFC 9110 §15.4.5 ¶2).
const REPEATED: [HeaderName; 6] = [
    header::CACHE_CONTROL,
    header::CONTENT_LOCATION,
    header::DATE,
    header::ETAG,
    header::EXPIRES,
    header::VARY,
];

/// Representation metadata a 304 should not carry (RFC 9110 §15.4.5 ¶3).
const METADATA: [HeaderName; 3] = [
    header::CONTENT_TYPE,
    header::CONTENT_ENCODING,
    header::CONTENT_LANGUAGE,
];

fn not_modified_fields(base: &Validators, got: &Received, findings: &mut Vec<Finding>) {
    for name in &REPEATED {
        if base.fields().contains_key(name) && !got.fields.contains_key(name) {
            findings.push(Finding {
                verdict: Verdict::Fail,
                section: "RFC 9110 §15.4.5",
                message: format!("the 304 lacks {name}, which the 200 carried"),
            });
        }
    }
    if let (Some(sent), Some(now)) = (
        base.fields().get(header::ETAG),
        got.fields.get(header::ETAG),
    ) && sent != now
    {
        findings.push(Finding {
            verdict: Verdict::Fail,
            section: "RFC 9110 §15.4.5",
            message: format!("the 304's ETag {now:?} is not the 200's {sent:?}"),
        });
    }
    for name in &METADATA {
        if got.fields.contains_key(name) {
            findings.push(Finding {
                verdict: Verdict::Allowed,
                section: "RFC 9110 §15.4.5",
                message: format!(
                    "the 304 carries {name} (representation metadata it should not send)"
                ),
            });
        }
    }
}

fn partial_content(case: &Case, base: &Validators, got: &Received, findings: &mut Vec<Finding>) {
    let Some(range) = case.byte_range() else {
        return;
    };
    let asked = precond_range::ByteRange::new(range.first, range.last);
    let wanted = asked.and_then(|r| ContentRange::satisfied(r, base.length()));
    let content_range = got.fields.get(header::CONTENT_RANGE);
    // The complete length may be sent as unknown (`*`, RFC 9110 §14.4).
    let right = content_range
        .and_then(|v| ContentRange::parse(v.as_bytes()).ok())
        .is_some_and(|c| {
            c.range() == asked
                && (c.complete_length().is_none() || c.complete_length() == base.length())
        });
    if !right {
        let wanted = wanted.map_or_else(String::new, |w| w.to_string());
        findings.push(Finding {
            verdict: Verdict::Fail,
            section: "RFC 9110 §14.4",
            message: format!("the 206's Content-Range is {content_range:?}, not \"{wanted}\""),
        });
    }
    if case.method() == http::Method::GET && got.body_len != range.len() {
        findings.push(Finding {
            verdict: Verdict::Fail,
            section: "RFC 9110 §15.3.7",
            message: format!(
                "the 206 carried {} bytes for a range of {}",
                got.body_len,
                range.len()
            ),
        });
    }
}

/// A 416 should say how long the representation is (RFC 9110 §15.5.17,
/// §14.4: `Content-Range: bytes */length`).
fn unsatisfied_range(base: &Validators, got: &Received, findings: &mut Vec<Finding>) {
    let Some(length) = base.length() else {
        return;
    };
    let wanted = ContentRange::unsatisfied(length);
    let content_range = got.fields.get(header::CONTENT_RANGE);
    if content_range.and_then(|v| ContentRange::parse(v.as_bytes()).ok()) != Some(wanted) {
        findings.push(Finding {
            verdict: Verdict::Allowed,
            section: "RFC 9110 §15.5.17",
            message: format!(
                "the 416's Content-Range is {content_range:?}, not \"{wanted}\" (a SHOULD)"
            ),
        });
    }
}

fn date_of(fields: &HeaderMap) -> Option<HttpDate> {
    fields
        .get(header::DATE)
        .and_then(|v| HttpDate::parse(v.as_bytes()).ok())
}

/// `304 Not Modified`.
fn show(status: StatusCode) -> String {
    format!(
        "{} {}",
        status.as_u16(),
        status.canonical_reason().unwrap_or("")
    )
    .trim_end()
    .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::battery::battery;
    use http::HeaderValue;

    fn base() -> Validators {
        let mut fields = HeaderMap::new();
        fields.insert(header::ETAG, HeaderValue::from_static("\"v1\""));
        Validators::from_response(StatusCode::OK, &fields, 100)
    }

    fn got(status: u16, content_range: Option<&'static str>) -> Received {
        let mut fields = HeaderMap::new();
        fields.insert(header::ETAG, HeaderValue::from_static("\"v1\""));
        if let Some(cr) = content_range {
            fields.insert(header::CONTENT_RANGE, HeaderValue::from_static(cr));
        }
        Received {
            status: StatusCode::from_u16(status).unwrap(),
            fields,
            body_len: 0,
        }
    }

    /// A 200's fields with Last-Modified a day before Date, and the ETag
    /// `"v1"` when `etag`.
    fn dated(etag: bool) -> HeaderMap {
        let mut fields = HeaderMap::new();
        if etag {
            fields.insert(header::ETAG, HeaderValue::from_static("\"v1\""));
        }
        fields.insert(
            header::LAST_MODIFIED,
            HeaderValue::from_static("Tue, 14 Nov 2023 22:13:20 GMT"),
        );
        fields.insert(
            header::DATE,
            HeaderValue::from_static("Wed, 15 Nov 2023 22:13:20 GMT"),
        );
        fields
    }

    fn verdict(id: &str, answer: &Received) -> (Verdict, StatusCode) {
        let base = base();
        let case = battery(&base).into_iter().find(|c| c.id() == id).unwrap();
        let j = judge(&case, &base, answer);
        (j.verdict, j.required)
    }

    // proves: 9110-14.2-send-416, 9110-15.5.17-416-content-range, 9110-13.2.2-evaluation-order
    #[test]
    fn an_unsatisfiable_range_requires_416_with_the_length() {
        let required = StatusCode::RANGE_NOT_SATISFIABLE;
        assert_eq!(
            verdict("range-unsatisfiable", &got(416, Some("bytes */100"))),
            (Verdict::Pass, required)
        );
        assert_eq!(
            verdict("range-unsatisfiable", &got(416, None)),
            (Verdict::Allowed, required)
        );
        assert_eq!(
            verdict("range-unsatisfiable", &got(200, None)),
            (Verdict::Allowed, required)
        );
        assert_eq!(
            verdict("range-unsatisfiable", &got(206, Some("bytes 0-99/100"))).0,
            Verdict::Fail
        );
        // The preconditions come first: a matching If-None-Match is a 304.
        let (v, required) = verdict(
            "range-unsatisfiable-inm-match",
            &got(416, Some("bytes */100")),
        );
        assert_eq!((v, required), (Verdict::Fail, StatusCode::NOT_MODIFIED));
    }

    // proves: 9110-15.3.7.1-single-content-range, 9110-14.4-send-complete-length
    #[test]
    fn a_206_content_range_is_read_by_the_grammar_not_compared_as_text() {
        let with = |content_range: &'static str| Received {
            body_len: 4,
            ..got(206, Some(content_range))
        };
        let required = StatusCode::PARTIAL_CONTENT;
        // The unit is case-insensitive (RFC 9110 §14.1); the complete
        // length may be unknown (§14.4).
        for right in ["bytes 0-3/100", "BYTES 0-3/100", "bytes 0-3/*"] {
            assert_eq!(
                verdict("range", &with(right)),
                (Verdict::Pass, required),
                "{right}"
            );
        }
        for wrong in [
            "bytes 0-4/100",
            "bytes 1-3/100",
            "bytes 0-3/99",
            "bytes 0-3",
            "0-3/100",
        ] {
            assert_eq!(verdict("range", &with(wrong)).0, Verdict::Fail, "{wrong}");
        }
        // A 416's Content-Range: `*/length`, the unit in any case.
        assert_eq!(
            verdict("range-unsatisfiable", &got(416, Some("Bytes */100"))),
            (Verdict::Pass, StatusCode::RANGE_NOT_SATISFIABLE)
        );
        assert_eq!(
            verdict("range-unsatisfiable", &got(416, Some("bytes */99"))).0,
            Verdict::Allowed
        );
    }

    // proves: 9110-13.1.5-evaluate
    #[test]
    fn a_date_if_range_answered_200_is_allowed_by_13_1_5_not_14_2() {
        let fields = dated(false);
        let base = Validators::from_response(StatusCode::OK, &fields, 100);
        let case = battery(&base)
            .into_iter()
            .find(|c| c.id() == "ir-date")
            .unwrap();
        let answer = Received {
            status: StatusCode::OK,
            fields: fields.clone(),
            body_len: 100,
        };
        let j = judge(&case, &base, &answer);
        assert_eq!(
            (j.verdict, j.required),
            (Verdict::Allowed, StatusCode::PARTIAL_CONTENT)
        );
        assert_eq!(j.findings[0].section, "RFC 9110 §13.1.5");
        assert!(
            j.findings[0].message.contains("§8.8.2.2"),
            "{:?}",
            j.findings
        );
        // The leeway is for 200 only: a 412 is still wrong.
        let answer = Received {
            status: StatusCode::PRECONDITION_FAILED,
            fields,
            body_len: 0,
        };
        assert_eq!(judge(&case, &base, &answer).verdict, Verdict::Fail);
    }

    /// A finding is printed as `message (section)`: the message itself cites
    /// no section in parentheses, so that none appears twice (`… (RFC 9110
    /// §14.2) (RFC 9110 §14.2)`) or beside another. Every case, against
    /// every status a server might answer.
    #[test]
    fn a_finding_cites_its_section_once() {
        let fields = dated(true);
        let base = Validators::from_response(StatusCode::OK, &fields, 100);
        let mut failures = 0;
        for case in battery(&base) {
            for status in [200, 204, 206, 304, 412, 416] {
                let answer = Received {
                    status: StatusCode::from_u16(status).unwrap(),
                    fields: fields.clone(),
                    body_len: 0,
                };
                for f in judge(&case, &base, &answer).findings {
                    let line = format!("{} ({})", f.message, f.section);
                    assert_eq!(line.matches("(RFC ").count(), 1, "{}: {line}", case.id());
                    failures += usize::from(f.verdict == Verdict::Fail);
                }
            }
        }
        // The cases above include the evaluator's decisions that cite a
        // section of their own (an ignored Range, a Range to process).
        assert!(failures > 50, "{failures}");
    }

    // proves: 9110-14.2-ignore-unknown-unit, 9110-14.2-may-reject-abusive-ranges, 9110-14.2-send-206
    #[test]
    fn a_range_to_ignore_requires_200() {
        for id in ["range-unknown-unit", "range-malformed"] {
            assert_eq!(
                verdict(id, &got(200, None)),
                (Verdict::Pass, StatusCode::OK),
                "{id}"
            );
        }
        // An unknown unit must be ignored (RFC 9110 §14.2 ¶4); an invalid
        // ranges-specifier may also be rejected (¶5).
        assert_eq!(
            verdict("range-unknown-unit", &got(416, None)).0,
            Verdict::Fail
        );
        assert_eq!(
            verdict("range-malformed", &got(416, None)).0,
            Verdict::Allowed
        );
        assert_eq!(
            verdict("range-im-other", &got(412, None)).1,
            StatusCode::PRECONDITION_FAILED
        );
        assert_eq!(
            verdict("range-multi", &got(206, None)),
            (Verdict::Pass, StatusCode::PARTIAL_CONTENT)
        );
    }
}
