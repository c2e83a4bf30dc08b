//! The invariants: what must hold for every input, each a function named after
//! what it proves and returning a [`Violation`] that says precisely what broke.
//!
//! | invariant | proves |
//! |---|---|
//! | [`not_modified_is_sound`] | a 304 only answers a GET/HEAD that would have been 200, whose validators really match, and whose If-Match / If-Unmodified-Since did not fail (RFC 9110 §13.1.2, §13.1.3, §13.2.2, §15.4.5) |
//! | [`precondition_failed_is_sound`] | a 412 only when If-Match, If-Unmodified-Since (origin) or If-None-Match (not GET/HEAD) evaluated false (§13.1.1, §13.1.2, §13.1.4, §13.2.1, §15.5.13) |
//! | [`agrees_with_oracle`] | `precond` and the reference [oracle](crate::oracle) give the same status and deciding step |
//! | [`irrelevant_changes_are_irrelevant`] | unrelated fields, the order of fields of different names, and the split of a list field into lines (§5.3) never change the outcome |
//! | [`not_modified_keeps_validators`] | 304 shaping keeps the §15.4.5 fields exactly, Last-Modified only without ETag, and drops content metadata |
//!
//! The soundness invariants reason directly on the case (through the crate's
//! fact readers), never through the oracle's verdict, so they hold the oracle
//! to account too. [`check_all`] runs the evaluation invariants together; the
//! fuzz targets call it.

use std::borrow::Cow;
use std::fmt;

use http::{HeaderMap, HeaderName, HeaderValue, header};

use crate::compare;
use crate::facts::{self, DateField, TagList};
use crate::generate::Perturbation;
use crate::model::{Case, Role};

/// A broken invariant.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Violation {
    /// The invariant's name (its function's name).
    pub invariant: &'static str,
    /// What broke, with the evidence.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} violated: {}", self.invariant, self.message)
    }
}

impl std::error::Error for Violation {}

fn violation(invariant: &'static str, message: String) -> Result<(), Violation> {
    Err(Violation { invariant, message })
}

/// A case evaluated once by `precond`.
struct Evaluated<'c> {
    case: &'c Case,
    headers: Cow<'c, HeaderMap>,
    outcome: precond::Outcome,
    status: u16,
}

impl<'c> Evaluated<'c> {
    fn new(case: &'c Case) -> Self {
        Self::with_headers(case, Cow::Owned(case.headers()))
    }

    fn with_headers(case: &'c Case, headers: Cow<'c, HeaderMap>) -> Self {
        let outcome = case.evaluate_with(&headers);
        let status = outcome.status(case.unconditional).as_u16();
        Evaluated {
            case,
            headers,
            outcome,
            status,
        }
    }

    fn lines(&self, name: &HeaderName) -> facts::Lines<'_> {
        facts::lines(&self.headers, name)
    }

    /// A compact description of the case for messages.
    fn describe(&self) -> String {
        let case = self.case;
        let fields: Vec<String> = case
            .fields
            .iter()
            .map(|(n, v)| format!("{n}: {}", String::from_utf8_lossy(v.as_bytes())))
            .collect();
        format!(
            "[{} {:?} | {:?} role, unconditional {}, now {} | exists {}, etag {}, last-modified {}, ranges {} | If-Range dates {:?} | outcome {:?}]",
            case.method,
            fields,
            case.role,
            case.unconditional.as_u16(),
            case.now,
            case.resource.exists,
            case.resource
                .etag
                .as_ref()
                .map_or_else(|| "none".to_owned(), ToString::to_string),
            case.resource
                .last_modified
                .map_or_else(|| "none".to_owned(), |d| d.to_string()),
            case.resource.ranges,
            case.if_range_dates,
            self.outcome,
        )
    }

    /// Why §13.2.1 (or the cache policy) forbids evaluating at all, if it does.
    fn gate(&self) -> Option<&'static str> {
        let case = self.case;
        let status = case.unconditional.as_u16();
        if !(200..=299).contains(&status) && status != 412 {
            Some("the unconditional status is neither 2xx nor 412 (RFC 9110 §13.2.1 ¶1)")
        } else if facts::ignores_preconditions(&case.method) {
            Some("the method is CONNECT, OPTIONS or TRACE (RFC 9110 §13.2.1 ¶2)")
        } else if case.role == Role::Cache && !facts::is_get_or_head(&case.method) {
            Some("a cache cannot satisfy a method other than GET or HEAD (RFC 9111 §4.3.2 ¶3)")
        } else if case.role == Role::Cache && !case.resource.exists {
            Some("a cache has no stored response (RFC 9111 §4.3.2 ¶3, policy)")
        } else {
            None
        }
    }

    /// At the origin: the lost-update condition (If-Match, else
    /// If-Unmodified-Since) that evaluates false, described.
    fn failed_lost_update_condition(&self) -> Option<String> {
        if self.case.role != Role::Origin {
            return None;
        }
        let resource = &self.case.resource;
        match facts::read_tag_list(&self.lines(&header::IF_MATCH)) {
            TagList::Absent => {}
            TagList::Any => {
                return (!resource.exists)
                    .then(|| "If-Match: * without a current representation".to_owned());
            }
            TagList::Tags => {
                let current = facts::current_etag(resource);
                let matched = current.is_some_and(|c| {
                    facts::members(&self.lines(&header::IF_MATCH))
                        .any(|t| facts::strong_match(t, c))
                });
                return (!matched).then(|| {
                    format!(
                        "no If-Match member matches the current entity-tag ({}) strongly",
                        current.map_or_else(|| "none".to_owned(), |c| c.to_string())
                    )
                });
            }
            TagList::Malformed => return Some("If-Match is malformed (false, policy)".to_owned()),
        }
        let now = self.case.now;
        if let DateField::Date(date) =
            facts::read_date(&self.lines(&header::IF_UNMODIFIED_SINCE), now)
            && let Some(last_modified) = facts::current_last_modified(resource, now)
            && last_modified > date
        {
            return Some(format!(
                "If-Unmodified-Since ({date}) is earlier than Last-Modified ({last_modified})"
            ));
        }
        None
    }

    /// Whether If-None-Match is present and evaluates false.
    fn if_none_match_false(&self) -> bool {
        let resource = &self.case.resource;
        match facts::read_tag_list(&self.lines(&header::IF_NONE_MATCH)) {
            TagList::Any => resource.exists,
            TagList::Tags => facts::current_etag(resource).is_some_and(|c| {
                facts::members(&self.lines(&header::IF_NONE_MATCH)).any(|t| facts::weak_match(t, c))
            }),
            TagList::Absent | TagList::Malformed => false,
        }
    }
}

// ---------------------------------------------------------------------------

/// 304-soundness: `precond` answers 304 only
/// - for GET or HEAD (RFC 9110 §13.2.2 steps 3–4),
/// - when the response without the conditions would have been 200 (§15.4.5 ¶1),
/// - when the conditions may be evaluated at all (§13.2.1),
/// - when the client's validators really match: a member of If-None-Match
///   matches the current entity-tag weakly, or it is `*` and a current
///   representation exists; or, without If-None-Match, one valid
///   If-Modified-Since line is not earlier than Last-Modified (§13.1.2, §13.1.3),
/// - and never when If-Match or If-Unmodified-Since fails at the origin (§13.2.2 steps 1–2).
pub fn not_modified_is_sound(case: &Case) -> Result<(), Violation> {
    not_modified_sound(&Evaluated::new(case))
}

fn not_modified_sound(e: &Evaluated<'_>) -> Result<(), Violation> {
    const NAME: &str = "not_modified_is_sound";
    let case = e.case;
    let produced = matches!(e.outcome, precond::Outcome::NotModified { .. })
        || (e.status == 304 && case.unconditional.as_u16() != 304);
    if !produced {
        return Ok(());
    }
    if !facts::is_get_or_head(&case.method) {
        return violation(
            NAME,
            format!(
                "304 for method {}: only GET and HEAD are answered 304 {}",
                case.method,
                e.describe()
            ),
        );
    }
    if case.unconditional.as_u16() != 200 {
        return violation(
            NAME,
            format!(
                "304 where the response without the conditions is {}: a 304 stands in for a 200 (RFC 9110 §15.4.5) {}",
                case.unconditional.as_u16(),
                e.describe()
            ),
        );
    }
    if let Some(gate) = e.gate() {
        return violation(NAME, format!("304 although {gate} {}", e.describe()));
    }
    let resource = &case.resource;
    let inm = facts::read_tag_list(&e.lines(&header::IF_NONE_MATCH));
    let matched = match inm {
        TagList::Any => resource
            .exists
            .then_some(())
            .ok_or("If-None-Match is * but there is no current representation"),
        TagList::Tags => {
            let current = facts::current_etag(resource);
            current
                .is_some_and(|c| {
                    facts::members(&e.lines(&header::IF_NONE_MATCH))
                        .any(|t| facts::weak_match(t, c))
                })
                .then_some(())
                .ok_or("no If-None-Match member matches the current entity-tag weakly")
        }
        TagList::Malformed => {
            Err("If-None-Match is malformed, which is true (policy), never a match")
        }
        TagList::Absent => match facts::read_date(&e.lines(&header::IF_MODIFIED_SINCE), case.now) {
            DateField::Absent => Err("neither If-None-Match nor If-Modified-Since is present"),
            DateField::Lines => Err("If-Modified-Since has several lines and must be ignored"),
            DateField::Invalid => {
                Err("If-Modified-Since is not a valid HTTP-date and must be ignored")
            }
            DateField::Date(date) => match facts::current_last_modified(resource, case.now) {
                None => Err("If-Modified-Since without a Last-Modified must be ignored"),
                Some(last_modified) if last_modified > date => {
                    Err("Last-Modified is later than If-Modified-Since: modified")
                }
                Some(_) => Ok(()),
            },
        },
    };
    if let Err(why) = matched {
        return violation(NAME, format!("304 although {why} {}", e.describe()));
    }
    if let Some(failed) = e.failed_lost_update_condition() {
        return violation(
            NAME,
            format!(
                "304 although {failed}, which must give 412 first {}",
                e.describe()
            ),
        );
    }
    Ok(())
}

/// 412-soundness: `precond` answers 412 (where the unconditional response is not
/// itself 412) only when the conditions may be evaluated (§13.2.1) and one of
/// these evaluated false: If-Match, or without it If-Unmodified-Since, at the
/// origin (§13.1.1, §13.1.4); If-None-Match for a method other than GET/HEAD
/// (§13.1.2).
pub fn precondition_failed_is_sound(case: &Case) -> Result<(), Violation> {
    precondition_failed_sound(&Evaluated::new(case))
}

fn precondition_failed_sound(e: &Evaluated<'_>) -> Result<(), Violation> {
    const NAME: &str = "precondition_failed_is_sound";
    let case = e.case;
    let produced = matches!(e.outcome, precond::Outcome::PreconditionFailed { .. })
        || (e.status == 412 && case.unconditional.as_u16() != 412);
    if !produced {
        return Ok(());
    }
    if let Some(gate) = e.gate() {
        return violation(NAME, format!("412 although {gate} {}", e.describe()));
    }
    let lost_update = e.failed_lost_update_condition().is_some();
    let none_match = !facts::is_get_or_head(&case.method) && e.if_none_match_false();
    if !lost_update && !none_match {
        return violation(
            NAME,
            format!(
                "412 although no precondition evaluated false (If-Match / If-Unmodified-Since at the origin, If-None-Match for a method other than GET/HEAD) {}",
                e.describe()
            ),
        );
    }
    Ok(())
}

/// Oracle equivalence: `precond` and the reference oracle agree on the status
/// and on the deciding step (and on what becomes of Range).
pub fn agrees_with_oracle(case: &Case) -> Result<(), Violation> {
    agrees(&Evaluated::new(case))
}

fn agrees(e: &Evaluated<'_>) -> Result<(), Violation> {
    let verdict = e.case.oracle_with(&e.headers);
    let expected = compare::from_verdict(&verdict);
    let observed = compare::from_outcome(e.outcome, e.case.unconditional);
    if observed == expected {
        return Ok(());
    }
    violation(
        "agrees_with_oracle",
        format!(
            "precond answers {observed}, the oracle {expected} ({:?}; conditions {:?}; policies {:?}) {}",
            verdict.decision,
            verdict.conditions,
            verdict.policies.names().collect::<Vec<_>>(),
            e.describe()
        ),
    )
}

/// Irrelevance, under the [standard](Perturbation::standard) perturbation.
pub fn irrelevant_changes_are_irrelevant(case: &Case) -> Result<(), Violation> {
    irrelevant_changes_are_irrelevant_under(case, &Perturbation::standard())
}

/// Irrelevance: adding `p.extra` (unrelated fields), reordering fields of
/// different names as `p.reorder` says, and splitting If-Match / If-None-Match
/// lines at their list commas (RFC 9110 §5.3, §5.6.1) — each alone and all
/// together — leave `precond`'s outcome unchanged.
pub fn irrelevant_changes_are_irrelevant_under(
    case: &Case,
    p: &Perturbation,
) -> Result<(), Violation> {
    let baseline = case.evaluate();
    let mut all = case.clone();
    all.fields.extend(p.extra.iter().cloned());
    all.fields = reorder(&all.fields, p.reorder);
    if p.split_lists {
        all.fields = split_lists(&all.fields);
    }
    let mut variants = vec![
        (
            "unrelated fields added",
            with_fields(case, {
                let mut f = case.fields.clone();
                f.extend(p.extra.iter().cloned());
                f
            }),
        ),
        (
            "fields of different names reordered",
            with_fields(case, reorder(&case.fields, p.reorder)),
        ),
        ("all changes together", all),
    ];
    if p.split_lists {
        variants.push((
            "list fields split at their commas",
            with_fields(case, split_lists(&case.fields)),
        ));
    }
    for (what, variant) in variants {
        let outcome = variant.evaluate();
        if outcome != baseline {
            let fields: Vec<String> = variant
                .fields
                .iter()
                .map(|(n, v)| format!("{n}: {}", String::from_utf8_lossy(v.as_bytes())))
                .collect();
            return violation(
                "irrelevant_changes_are_irrelevant",
                format!(
                    "{what} changed the outcome from {baseline:?} to {outcome:?}; changed fields {fields:?} {}",
                    Evaluated::new(case).describe()
                ),
            );
        }
    }
    Ok(())
}

fn with_fields(case: &Case, fields: Vec<(HeaderName, HeaderValue)>) -> Case {
    Case {
        fields,
        ..case.clone()
    }
}

/// Reorders fields of different names: the names (in order of first
/// appearance) are rotated by `by` and reversed when `by` is odd; each name's
/// lines keep their relative order.
pub fn reorder(fields: &[(HeaderName, HeaderValue)], by: u16) -> Vec<(HeaderName, HeaderValue)> {
    let mut names: Vec<&HeaderName> = Vec::new();
    for (name, _) in fields {
        if !names.contains(&name) {
            names.push(name);
        }
    }
    if !names.is_empty() {
        let len = names.len();
        names.rotate_left(usize::from(by) % len);
    }
    if by % 2 == 1 {
        names.reverse();
    }
    names
        .into_iter()
        .flat_map(|name| fields.iter().filter(move |(n, _)| n == name).cloned())
        .collect()
}

/// Splits every If-Match / If-None-Match line at its list commas (commas
/// outside quoted opaque-tags) into one line per element, OWS trimmed.
pub fn split_lists(fields: &[(HeaderName, HeaderValue)]) -> Vec<(HeaderName, HeaderValue)> {
    let mut out = Vec::with_capacity(fields.len());
    for (name, value) in fields {
        if *name == header::IF_MATCH || *name == header::IF_NONE_MATCH {
            for element in facts::split_elements(value.as_bytes()) {
                match HeaderValue::from_bytes(element) {
                    Ok(v) => out.push((name.clone(), v)),
                    Err(_) => out.push((name.clone(), value.clone())),
                }
            }
        } else {
            out.push((name.clone(), value.clone()));
        }
    }
    out
}

/// The fields a 304 must carry as the 200 would have (RFC 9110 §15.4.5 ¶2).
pub const NOT_MODIFIED_KEEPS: [HeaderName; 6] = [
    header::CACHE_CONTROL,
    header::CONTENT_LOCATION,
    header::DATE,
    header::ETAG,
    header::EXPIRES,
    header::VARY,
];

/// Content and representation metadata a 304 must not carry (§15.4.5 ¶3),
/// and Trailer: a 304 ends with its header section, with no content and no
/// trailers (§15.4.5 ¶5), so there are none to announce.
pub const NOT_MODIFIED_DROPS: [HeaderName; 7] = [
    header::CONTENT_TYPE,
    header::CONTENT_LENGTH,
    header::CONTENT_ENCODING,
    header::CONTENT_LANGUAGE,
    header::CONTENT_RANGE,
    header::TRANSFER_ENCODING,
    header::TRAILER,
];

/// 304 shaping: after `precond::not_modified_headers` on the fields of a 200,
/// every RFC 9110 §15.4.5 field (Cache-Control, Content-Location, Date, ETag,
/// Expires, Vary) is there exactly as before (all lines, in order);
/// Last-Modified is kept exactly when there is no ETag and gone otherwise;
/// content metadata is gone; fields that are not representation metadata
/// (Set-Cookie, Server, others not named `Content-*` or `*-Digest`) are kept.
pub fn not_modified_keeps_validators(ok_headers: &HeaderMap) -> Result<(), Violation> {
    const NAME: &str = "not_modified_keeps_validators";
    let mut shaped = ok_headers.clone();
    precond::not_modified_headers(&mut shaped);
    let lines = |map: &HeaderMap, name: &HeaderName| -> Vec<HeaderValue> {
        map.get_all(name).iter().cloned().collect()
    };
    for name in &NOT_MODIFIED_KEEPS {
        let (before, after) = (lines(ok_headers, name), lines(&shaped, name));
        if before != after {
            return violation(
                NAME,
                format!(
                    "{name} was {before:?} in the 200 but {after:?} in the 304 (RFC 9110 §15.4.5 ¶2)"
                ),
            );
        }
    }
    let before = lines(ok_headers, &header::LAST_MODIFIED);
    let after = lines(&shaped, &header::LAST_MODIFIED);
    let expected = if ok_headers.contains_key(header::ETAG) {
        Vec::new()
    } else {
        before.clone()
    };
    if after != expected {
        return violation(
            NAME,
            format!(
                "Last-Modified was {before:?} in the 200 (ETag {}) but {after:?} in the 304; expected {expected:?}",
                if ok_headers.contains_key(header::ETAG) {
                    "present"
                } else {
                    "absent"
                }
            ),
        );
    }
    for name in &NOT_MODIFIED_DROPS {
        if shaped.contains_key(name) {
            return violation(
                NAME,
                format!(
                    "{name} (content metadata) is still in the 304: {:?}",
                    lines(&shaped, name)
                ),
            );
        }
    }
    // Every other field is kept, except content metadata beyond the six above
    // (`Content-*`, `*-Digest`, the legacy `Digest`), which is left to
    // precond's judgement.
    let listed: Vec<&HeaderName> = NOT_MODIFIED_KEEPS
        .iter()
        .chain(&NOT_MODIFIED_DROPS)
        .chain([&header::LAST_MODIFIED])
        .collect();
    let judged = |name: &HeaderName| {
        name.as_str().starts_with("content-")
            || name.as_str().ends_with("-digest")
            || name.as_str() == "digest"
    };
    for name in ok_headers
        .keys()
        .filter(|n| !listed.contains(n) && !judged(n))
    {
        let (before, after) = (lines(ok_headers, name), lines(&shaped, name));
        if before != after {
            return violation(
                NAME,
                format!(
                    "{name} is not representation metadata but was {before:?} in the 200 and {after:?} in the 304"
                ),
            );
        }
    }
    if shaped.len() > ok_headers.len() {
        return violation(
            NAME,
            format!("the 304 has fields the 200 did not: {shaped:?}"),
        );
    }
    Ok(())
}

/// The evaluation invariants on one evaluation: 304-soundness, 412-soundness,
/// oracle equivalence (what the exhaustive proof runs).
pub fn check_evaluation(case: &Case) -> Result<(), Violation> {
    let e = Evaluated::new(case);
    not_modified_sound(&e)?;
    precondition_failed_sound(&e)?;
    agrees(&e)
}

/// [`check_evaluation`] with `headers` standing for `case.headers()`
/// (the exhaustive enumeration builds each header map once for many cases).
pub fn check_evaluation_with(case: &Case, headers: &HeaderMap) -> Result<(), Violation> {
    let e = Evaluated::with_headers(case, Cow::Borrowed(headers));
    not_modified_sound(&e)?;
    precondition_failed_sound(&e)?;
    agrees(&e)
}

/// Every evaluation invariant: [`check_evaluation`] and
/// [`irrelevant_changes_are_irrelevant`]. Fuzz targets call this.
pub fn check_all(case: &Case) -> Result<(), Violation> {
    check_evaluation(case)?;
    irrelevant_changes_are_irrelevant(case)
}
