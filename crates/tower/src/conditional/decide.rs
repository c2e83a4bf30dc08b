//! What the layer reads from requests and responses, and what it decides.

use http::header::{self, HeaderMap, HeaderName, HeaderValue};
use http::{Method, StatusCode};
use precond::{
    Context, EntityTagRef, Field, HttpDate, Outcome, RangeDecision, RangeIgnoredBecause,
    Representation, Request, evaluate,
};

use super::layer::Config;

/// Whether the request carries a conditional field (RFC 9110 §13.1). A Range
/// alone is not one: without If-Range there is nothing to evaluate for it.
///
/// One pass over the request's field names, each compared with the five:
/// cheaper than five hashed lookups for the dozen fields a request carries.
pub(crate) fn is_conditional(headers: &HeaderMap) -> bool {
    headers.keys().any(|name| {
        Field::ALL
            .iter()
            .any(|field| field.is_precondition() && field.header_name() == name)
    })
}

/// Whether the request carries a precondition that RFC 6585 §3 counts for
/// 428: If-Match, If-Unmodified-Since or If-None-Match (a create with
/// `If-None-Match: *` is conditional too).
pub(crate) fn has_precondition(headers: &HeaderMap) -> bool {
    headers.contains_key(header::IF_MATCH)
        || headers.contains_key(header::IF_UNMODIFIED_SINCE)
        || headers.contains_key(header::IF_NONE_MATCH)
}

/// A copy of the fields the evaluation reads ([`Field::ALL`]), every field
/// line of each, for use after the handler answered.
pub(crate) fn copy_conditions(headers: &HeaderMap) -> HeaderMap {
    let mut copy = HeaderMap::new();
    for field in Field::ALL {
        let name = field.header_name();
        for value in headers.get_all(&name) {
            copy.append(name.clone(), value.clone());
        }
    }
    copy
}

/// Removes Range and If-Range: what a false If-Range asks of the request
/// (RFC 9110 §13.1.5: the whole representation is sent).
pub(crate) fn drop_range(headers: &mut HeaderMap) {
    headers.remove(header::RANGE);
    headers.remove(header::IF_RANGE);
}

/// Whether the request is a GET with both Range and If-Range: the one case
/// where an inner 206 may have to be replaced.
pub(crate) fn may_need_recall(method: &Method, headers: &HeaderMap) -> bool {
    method == Method::GET
        && headers.contains_key(header::RANGE)
        && headers.contains_key(header::IF_RANGE)
}

/// The value of a field that must have one line (ETag, Last-Modified, Date):
/// `None` when it is absent or sent on several lines. Only list-based fields
/// may be split across lines (RFC 9110 §5.3); a validator that is not one
/// value is not compared at all, so it can never produce a 304.
pub(crate) fn singleton<'h>(headers: &'h HeaderMap, name: &HeaderName) -> Option<&'h HeaderValue> {
    let mut lines = headers.get_all(name).iter();
    let first = lines.next()?;
    lines.next().is_none().then_some(first)
}

/// What the layer does with a response the inner service gave.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Verdict {
    /// Send it as it is.
    Pass(Note),
    /// Replace it with a 304 built from its header fields.
    NotModified(Outcome),
    /// Replace it with a 412.
    Failed(Outcome),
    /// A 206 whose If-Range is false: ask again without Range and If-Range.
    Recall(Outcome),
}

/// What the trace header says about a response.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Note {
    /// The request carried no conditional field.
    NoConditions,
    /// Not a GET or HEAD, and no lookup: the layer does not evaluate it.
    NotGetOrHead,
    /// The inner service answered 304 itself.
    Inner304,
    /// The evaluation's outcome, before the handler or on its response.
    Outcome(Stage, Outcome),
    /// The 428 of `.require_precondition`.
    Required,
    /// The lookup failed.
    LookupFailed,
    /// A 206 with a false If-Range, replaced by the response to a second
    /// call without Range.
    Recalled,
}

/// Where the layer evaluated.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Stage {
    /// Before the handler, against the lookup's validators.
    Lookup,
    /// On the inner service's response.
    Response,
}

/// Evaluates a GET or HEAD against the response the inner service gave: its
/// status is the unconditional status (a 206 stands for the 200 it is part
/// of, RFC 9110 §14.2), its ETag and Last-Modified the current validators,
/// its Date (or the clock) `now`.
pub(crate) fn on_response(
    config: &Config,
    method: &Method,
    conditions: &HeaderMap,
    status: StatusCode,
    headers: &HeaderMap,
) -> Verdict {
    // A 304 from the inner service already is the answer.
    if status == StatusCode::NOT_MODIFIED {
        return Verdict::Pass(Note::Inner304);
    }
    let etag =
        singleton(headers, &header::ETAG).and_then(|v| EntityTagRef::parse(v.as_bytes()).ok());
    let last_modified =
        singleton(headers, &header::LAST_MODIFIED).and_then(|v| HttpDate::try_from(v).ok());
    let now = singleton(headers, &header::DATE)
        .and_then(|v| HttpDate::try_from(v).ok())
        .unwrap_or_else(|| config.now());
    let mut rep = Representation::new();
    if let Some(tag) = etag {
        rep = rep.with_etag(tag);
    }
    if let Some(date) = last_modified {
        rep = rep.with_last_modified(date);
    }
    let partial = status == StatusCode::PARTIAL_CONTENT;
    let unconditional = if partial { StatusCode::OK } else { status };
    let ctx = Context::new(now).with_unconditional_status(unconditional);
    let outcome = evaluate(Request::new(method, conditions), &rep, &ctx);
    match outcome {
        Outcome::NotModified { .. } => Verdict::NotModified(outcome),
        Outcome::PreconditionFailed { .. } => Verdict::Failed(outcome),
        Outcome::Proceed {
            range: RangeDecision::Ignore(RangeIgnoredBecause::IfRangeFalse),
        } if partial => Verdict::Recall(outcome),
        Outcome::Proceed { .. } | Outcome::Ignored(_) => {
            Verdict::Pass(Note::Outcome(Stage::Response, outcome))
        }
    }
}

/// Turns a strong ETag into a weak one when the response has a content
/// coding other than `identity` (`.weaken_when_encoded()`).
///
/// RFC 9110 §8.8.3.3: content encoded differently is a different
/// representation and needs a different strong tag; a compression layer
/// that keeps the identity tag would make it lie, and a weak tag is what
/// stays true (weak comparison ignores the coding; If-Range and If-Match
/// compare strongly and so never match it).
pub(crate) fn weaken_if_encoded(headers: &mut HeaderMap) {
    let encoded = headers
        .get_all(header::CONTENT_ENCODING)
        .iter()
        .any(|v| !v.as_bytes().eq_ignore_ascii_case(b"identity"));
    if !encoded {
        return;
    }
    let weak = singleton(headers, &header::ETAG)
        .and_then(|v| EntityTagRef::parse(v.as_bytes()).ok())
        .filter(|tag| !tag.is_weak())
        .and_then(|tag| EntityTagRef::weak(tag.opaque()).ok())
        .map(EntityTagRef::to_header_value);
    if let Some(weak) = weak {
        headers.insert(header::ETAG, weak);
    }
}

impl Note {
    /// The trace header's value: what was decided and the section that
    /// decided it, in ASCII (`§` spelled `section`).
    pub(crate) fn header_value(self) -> HeaderValue {
        let text = match self {
            Note::NoConditions => return HeaderValue::from_static("no conditional fields"),
            Note::NotGetOrHead => {
                return HeaderValue::from_static(
                    "not evaluated: not GET or HEAD, and no lookup of the current validators",
                );
            }
            Note::Inner304 => {
                return HeaderValue::from_static("304 from the inner service, passed through");
            }
            Note::Required => {
                return HeaderValue::from_static("428 Precondition Required (RFC 6585 section 3)");
            }
            Note::LookupFailed => {
                return HeaderValue::from_static("lookup of the current validators failed");
            }
            Note::Recalled => {
                return HeaderValue::from_static(
                    "on the response: a 206 whose If-Range is false, replaced by the whole representation (RFC 9110 section 13.1.5)",
                );
            }
            Note::Outcome(stage, outcome) => {
                let stage = match stage {
                    Stage::Lookup => "before the handler",
                    Stage::Response => "on the response",
                };
                match outcome {
                    Outcome::NotModified { step } | Outcome::PreconditionFailed { step } => {
                        format!("{stage}: {outcome} ({})", step.section())
                    }
                    Outcome::Proceed {
                        range: RangeDecision::Honour,
                    } => format!("{stage}: proceed with the Range (RFC 9110 §13.2.2, §14.2)"),
                    Outcome::Proceed {
                        range: RangeDecision::Ignore(RangeIgnoredBecause::IfRangeFalse),
                    } => format!(
                        "{stage}: proceed without the Range, If-Range is false (RFC 9110 §13.1.5)"
                    ),
                    Outcome::Proceed { .. } => format!("{stage}: proceed (RFC 9110 §13.2.2)"),
                    Outcome::Ignored(_) => format!("{stage}: {outcome}"),
                }
            }
        };
        HeaderValue::try_from(text.replace('§', "section "))
            .unwrap_or(HeaderValue::from_static("precond"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The request is kept for a second call only for a GET with both Range
    /// and If-Range: any other request's answer is never replaced by a
    /// recall, so copying it would be waste.
    #[test]
    fn only_a_get_with_range_and_if_range_may_need_a_recall() {
        let mut cases = Vec::new();
        for method in [Method::GET, Method::HEAD, Method::PUT] {
            for range in [false, true] {
                for if_range in [false, true] {
                    let mut headers = HeaderMap::new();
                    if range {
                        headers.insert(header::RANGE, HeaderValue::from_static("bytes=0-0"));
                    }
                    if if_range {
                        headers.insert(header::IF_RANGE, HeaderValue::from_static("\"v\""));
                    }
                    if may_need_recall(&method, &headers) {
                        cases.push((method.clone(), range, if_range));
                    }
                }
            }
        }
        assert_eq!(cases, [(Method::GET, true, true)]);
    }
}
