//! Facts about a request and a representation, read without any evaluation
//! order: what a list header holds, whether a member matches, what date a
//! date header holds, what the current validators are after the policies.
//!
//! Both the oracle (which puts them in the §13.2.2 order) and the soundness
//! invariants (which reason about them directly) read through this module.
//! It uses the grammars of `precond-etag` and `precond-date` for single
//! values, and does its own list splitting and comparison.

use http::header::GetAll;
use http::{HeaderMap, HeaderName, HeaderValue};
use precond_date::HttpDate;
use precond_etag::EntityTagRef;

use crate::model::Resource;

/// `OWS = *( SP / HTAB )` (RFC 9110 §5.6.3).
fn is_ows(byte: u8) -> bool {
    byte == b' ' || byte == b'\t'
}

/// `value` without leading and trailing OWS.
pub(crate) fn trim_ows(value: &[u8]) -> &[u8] {
    let start = value
        .iter()
        .position(|&b| !is_ows(b))
        .unwrap_or(value.len());
    let end = value
        .iter()
        .rposition(|&b| !is_ows(b))
        .map_or(start, |i| i + 1);
    value.get(start..end).unwrap_or(&[])
}

/// The field lines of one field name.
pub(crate) type Lines<'a> = GetAll<'a, HeaderValue>;

/// Whether the field has at least one line.
pub(crate) fn present(lines: &Lines<'_>) -> bool {
    lines.iter().next().is_some()
}

/// The elements of one field line, split at the commas that separate list
/// elements (RFC 9110 §5.6.1): commas outside a quoted opaque-tag. Elements
/// come with OWS trimmed; empty elements are included (they are skipped by
/// the list readers and matter when re-splitting field lines).
pub(crate) struct Elements<'a> {
    rest: Option<&'a [u8]>,
}

impl<'a> Iterator for Elements<'a> {
    type Item = &'a [u8];

    fn next(&mut self) -> Option<&'a [u8]> {
        let line = self.rest?;
        let mut quoted = false;
        for (i, &byte) in line.iter().enumerate() {
            match byte {
                b'"' => quoted = !quoted,
                b',' if !quoted => {
                    self.rest = Some(line.get(i + 1..).unwrap_or(&[]));
                    return Some(trim_ows(line.get(..i).unwrap_or(&[])));
                }
                _ => {}
            }
        }
        self.rest = None;
        Some(trim_ows(line))
    }
}

/// Splits one field line into its list elements ([`Elements`]).
pub(crate) fn split_elements(line: &[u8]) -> Elements<'_> {
    Elements { rest: Some(line) }
}

/// The shape of an If-Match or If-None-Match value: `"*" / #entity-tag`
/// (RFC 9110 §13.1.1, §13.1.2), all field lines taken as one list (§5.3).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum TagList {
    /// The field is not in the request.
    Absent,
    /// `*`: one field line holding only `*` (and OWS).
    Any,
    /// A (possibly empty) list of entity-tags; see [`members`].
    Tags,
    /// Neither: a `*` next to anything else, or an element that is not an entity-tag.
    Malformed,
}

/// Reads the shape of a list header's field lines, validating every element.
pub(crate) fn read_tag_list(lines: &Lines<'_>) -> TagList {
    let mut iter = lines.iter();
    let Some(first) = iter.next() else {
        return TagList::Absent;
    };
    if trim_ows(first.as_bytes()) == b"*" && iter.next().is_none() {
        return TagList::Any;
    }
    for line in lines {
        for element in split_elements(line.as_bytes()) {
            // spec: 9110-5.6.1.2-skip-empty-elements, 9110-5.6.1.2-recipient-list-syntax
            if !element.is_empty() && EntityTagRef::parse(element).is_err() {
                return TagList::Malformed;
            }
        }
    }
    TagList::Tags
}

/// The members of a list whose shape is [`TagList::Tags`], in order, empty
/// elements skipped.
pub(crate) fn members<'a>(lines: &Lines<'a>) -> impl Iterator<Item = EntityTagRef<'a>> + use<'a> {
    lines
        .iter()
        .flat_map(|line| split_elements(line.as_bytes()))
        .filter(|element| !element.is_empty())
        .filter_map(|element| EntityTagRef::parse(element).ok())
}

/// The strong comparison function of RFC 9110 §8.8.3.2: neither weak, same opaque-tag.
pub(crate) fn strong_match(a: EntityTagRef<'_>, b: EntityTagRef<'_>) -> bool {
    !a.is_weak() && !b.is_weak() && a.opaque() == b.opaque()
}

/// The weak comparison function of RFC 9110 §8.8.3.2: same opaque-tag, weakness ignored.
pub(crate) fn weak_match(a: EntityTagRef<'_>, b: EntityTagRef<'_>) -> bool {
    a.opaque() == b.opaque()
}

/// What a single-valued date header (If-Modified-Since, If-Unmodified-Since) holds.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum DateField {
    /// The field is not in the request.
    Absent,
    /// More than one field line: a list of dates (RFC 9110 §13.1.3 ¶4, §13.1.4 ¶4; policy).
    Lines,
    /// One field line that is not an HTTP-date (RFC 9110 §13.1.3 ¶4, §13.1.4 ¶4).
    Invalid,
    /// One field line holding a valid HTTP-date.
    Date(HttpDate),
}

/// Reads a date header's field lines; rfc850 years are resolved against `now`.
pub(crate) fn read_date(lines: &Lines<'_>, now: HttpDate) -> DateField {
    let mut iter = lines.iter();
    match (iter.next(), iter.next()) {
        (None, _) => DateField::Absent,
        (Some(only), None) => match HttpDate::parse_at(only.as_bytes(), now) {
            Ok(date) => DateField::Date(date),
            Err(_) => DateField::Invalid,
        },
        (Some(_), Some(_)) => DateField::Lines,
    }
}

/// The field lines named `name` in `headers`.
pub(crate) fn lines<'a>(headers: &'a HeaderMap, name: &HeaderName) -> Lines<'a> {
    headers.get_all(name)
}

/// The current entity-tag: none when there is no current representation.
pub(crate) fn current_etag(resource: &Resource) -> Option<EntityTagRef<'_>> {
    if resource.exists {
        resource.etag.as_ref().map(precond_etag::EntityTag::as_tag)
    } else {
        None
    }
}

/// The current Last-Modified, in this order:
/// - none when there is no current representation;
/// - policy (epoch): the value given, when it is exactly Unix second 0 or 1,
///   is a placeholder and counts as absent. Permitted by RFC 9110 §13.1.3 ¶5
///   and §13.1.4 ¶5, which foresee a resource with no modification date
///   available, and §8.8.2.1 ¶1–2 (a Last-Modified is sent only when it can
///   be determined reasonably; how is the implementation's business): an
///   unset file time is no modification date. Every other date, before 1970
///   included, is one;
/// - RFC 9110 §8.8.2.1 ¶4: a value later than `now` (the message origination
///   date) is replaced by `now`.
pub(crate) fn current_last_modified(resource: &Resource, now: HttpDate) -> Option<HttpDate> {
    if !resource.exists || epoch_policy_applies(resource) {
        return None;
    }
    let date = resource.last_modified?;
    // spec: 9110-8.8.2.1-clamp-future-last-modified
    Some(if date > now { now } else { date })
}

/// Whether the epoch policy erased a Last-Modified value: one given as
/// exactly `Thu, 01 Jan 1970 00:00:00 GMT` or `00:00:01 GMT`.
pub(crate) fn epoch_policy_applies(resource: &Resource) -> bool {
    resource.exists
        && resource
            .last_modified
            .is_some_and(|d| d.unix_seconds() == 0 || d.unix_seconds() == 1)
}

/// Whether the future-date policy moved a Last-Modified value back to `now`.
pub(crate) fn future_policy_applies(resource: &Resource, now: HttpDate) -> bool {
    resource.exists && resource.last_modified.is_some_and(|d| d > now)
}

/// Whether `method` is GET or HEAD.
pub(crate) fn is_get_or_head(method: &http::Method) -> bool {
    method == http::Method::GET || method == http::Method::HEAD
}

/// RFC 9110 §13.2.1 ¶2: methods that neither select nor modify a representation.
pub(crate) fn ignores_preconditions(method: &http::Method) -> bool {
    method == http::Method::CONNECT
        || method == http::Method::OPTIONS
        || method == http::Method::TRACE
}
