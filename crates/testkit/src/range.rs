//! precond-range's invariants (RFC 9110 §14, §15.3.7), shared by the property
//! tests (`tests/range.rs`) and the `range` fuzz target ([`crate::fuzz::range`]).
//!
//! [`check`] resolves a Range value against a length under a policy, plans the
//! 206 and asserts, against a reading of the same value through the separate
//! [`RangesSpecifier`] API and a plain byte-set union:
//!
//! - resolve and parse agree on what is malformed, with the same error;
//! - every resolved range lies inside the representation;
//! - the parts are disjoint and more than the coalescing gap apart;
//! - with no gap, the parts cover exactly the bytes asked (no more, no less);
//!   with a gap, at least those, each part starting and ending on an asked byte;
//! - the parts follow the order in which their first range was asked;
//! - 416 only when no range-spec selects a byte; the limits hold;
//! - the plan's Content-Length is the number of bytes its parts write, and
//!   every Content-Range it writes parses back to itself.

use std::fmt::Write as _;

use precond_range::{
    Boundary, ByteRange, ContentRange, Ignored, Plan, Policy, RangeSpec, RangesSpecifier,
    Resolution,
};

use crate::invariants::Violation;

fn violation(invariant: &'static str, message: String) -> Result<(), Violation> {
    Err(Violation { invariant, message })
}

/// Resolves `value` against `length` under `policy`, plans the 206 with
/// `content_type` and `boundary`, and checks every invariant above.
pub fn check(
    value: &[u8],
    length: u64,
    policy: &Policy,
    gap: u64,
    content_type: Option<&str>,
    boundary: &Boundary,
) -> Result<(), Violation> {
    let shown = format!("\"{}\" of {length}", value.escape_ascii());
    let policy = policy.coalesce_gap(gap);
    let resolution = policy.resolve(value, length);
    let parsed = RangesSpecifier::parse(value);
    let specs: Vec<RangeSpec> = parsed.map(|p| p.specs().collect()).unwrap_or_default();
    let asked: Vec<Option<ByteRange>> = specs.iter().map(|s| s.resolve(length)).collect();
    match (&resolution, &parsed) {
        (Resolution::Ignored(Ignored::Malformed(e)), Err(p)) if e == p => {}
        (Resolution::Ignored(Ignored::Malformed(e)), _) => {
            return violation(
                "range_resolve_agrees_with_parse",
                format!("{shown}: resolve says {e}, parse says {parsed:?}"),
            );
        }
        // A refusal may come before the error is read; an unknown unit is not
        // an error of the bytes grammar.
        (
            Resolution::Ignored(
                Ignored::TooManyRanges | Ignored::TooManyBytes | Ignored::Descending,
            ),
            Err(_),
        ) => return Ok(()),
        (Resolution::Ignored(Ignored::UnknownUnit), Err(p)) if p.offset() == 0 => return Ok(()),
        (_, Err(p)) => {
            return violation(
                "range_resolve_agrees_with_parse",
                format!("{shown}: parse fails ({p}) but resolve gives {resolution:?}"),
            );
        }
        (_, Ok(_)) => {}
    }
    let satisfiable: Vec<ByteRange> = asked.iter().flatten().copied().collect();
    match &resolution {
        Resolution::Partial(ranges) => {
            if policy == Policy::DEFAULT.coalesce_gap(gap) && specs.len() > precond_range::CAPACITY
            {
                return violation("range_limits", format!("{shown}: {} specs", specs.len()));
            }
            let parts = ranges.as_slice();
            if parts.is_empty() || ranges.complete_length() != length {
                return violation("range_partial_shape", format!("{shown}: {ranges:?}"));
            }
            for part in parts {
                if part.first() > part.last() || part.last() >= length {
                    return violation(
                        "range_inside_representation",
                        format!("{shown}: {part:?} outside 0..{length}"),
                    );
                }
            }
            let mut sorted = parts.to_vec();
            sorted.sort_by_key(|r| r.first());
            for pair in sorted.windows(2) {
                let [a, b] = pair else { continue };
                // More than `gap` bytes strictly between them.
                if b.first() <= a.last() || b.first() - a.last() - 1 <= gap {
                    return violation(
                        "range_parts_disjoint",
                        format!("{shown}: {a:?} and {b:?} with gap {gap}"),
                    );
                }
            }
            let asked_union = union(&satisfiable);
            let parts_union = union(parts);
            if gap == 0 && asked_union != parts_union {
                return violation(
                    "range_covers_exactly_the_asked_bytes",
                    format!("{shown}: asked {asked_union:?}, parts {parts_union:?}"),
                );
            }
            if gap > 0 {
                let covers = asked_union.iter().all(|a| {
                    parts_union
                        .iter()
                        .any(|p| p.first() <= a.first() && a.last() <= p.last())
                });
                let on_asked = |n: u64| satisfiable.iter().any(|a| a.first() <= n && n <= a.last());
                if !covers
                    || !parts
                        .iter()
                        .all(|p| on_asked(p.first()) && on_asked(p.last()))
                {
                    return violation(
                        "range_covers_the_asked_bytes",
                        format!("{shown}: asked {asked_union:?}, parts {parts:?}"),
                    );
                }
            }
            // Order: the index of the first asked range each part holds increases.
            let first_asked: Vec<Option<usize>> = parts
                .iter()
                .map(|p| {
                    satisfiable
                        .iter()
                        .position(|a| p.first() <= a.first() && a.last() <= p.last())
                })
                .collect();
            if first_asked.iter().any(Option::is_none)
                || !first_asked.windows(2).all(|w| matches!(w, [a, b] if a < b))
            {
                return violation(
                    "range_part_order",
                    format!("{shown}: parts {parts:?} from asked {satisfiable:?}"),
                );
            }
            let total: u128 = satisfiable.iter().map(|r| u128::from(r.len())).sum();
            if total > u128::from(length) * 2 && policy == Policy::DEFAULT.coalesce_gap(gap) {
                return violation("range_limits", format!("{shown}: {total} bytes asked"));
            }
            check_plan(&shown, ranges, content_type, boundary)?;
        }
        Resolution::Unsatisfiable(no) => {
            if !satisfiable.is_empty() || no.length() != length {
                return violation(
                    "range_416_only_when_unsatisfiable",
                    format!("{shown}: {satisfiable:?}"),
                );
            }
            round_trip(&shown, &no.content_range())?;
            if no.content_range().to_string() != format!("bytes */{length}") {
                return violation("range_416_content_range", shown);
            }
        }
        Resolution::Ignored(Ignored::EmptyRepresentation) => {
            let suffix = specs
                .iter()
                .any(|s| matches!(s, RangeSpec::Suffix { length: 1.. }));
            if length != 0 || !suffix {
                return violation("range_empty_representation", shown);
            }
        }
        Resolution::Ignored(Ignored::UnknownUnit) => {
            return violation("range_unknown_unit", format!("{shown}: parse accepted it"));
        }
        Resolution::Ignored(_) => {}
    }
    Ok(())
}

/// The union of `ranges` as sorted, merged, non-adjacent ranges.
fn union(ranges: &[ByteRange]) -> Vec<ByteRange> {
    let mut sorted = ranges.to_vec();
    sorted.sort_by_key(|r| r.first());
    let mut out: Vec<ByteRange> = Vec::new();
    for r in sorted {
        match out.last_mut() {
            Some(last) if r.first() <= last.last().saturating_add(1) => {
                if let Some(merged) = ByteRange::new(last.first(), last.last().max(r.last())) {
                    *last = merged;
                }
            }
            _ => out.push(r),
        }
    }
    out
}

/// A Content-Range formats to text that parses back to it, of the length it says.
fn round_trip(shown: &str, content_range: &ContentRange) -> Result<(), Violation> {
    let text = content_range.to_string();
    match ContentRange::parse(text.as_bytes()) {
        Ok(parsed)
            if parsed == *content_range && text.len() as u64 == content_range.formatted_len() =>
        {
            Ok(())
        }
        other => violation(
            "range_content_range_round_trip",
            format!("{shown}: {content_range:?} -> {text:?} -> {other:?}"),
        ),
    }
}

/// The plan's Content-Length equals the bytes it writes; every Content-Range round trips.
fn check_plan(
    shown: &str,
    ranges: &precond_range::Ranges,
    content_type: Option<&str>,
    boundary: &Boundary,
) -> Result<(), Violation> {
    let plan = match ranges.plan(content_type, boundary) {
        Ok(plan) => plan,
        Err(error) => {
            let bad_type =
                content_type.is_some_and(|t| t.bytes().any(|b| b.is_ascii_control() && b != b'\t'));
            return if bad_type || ranges.total() > u64::MAX / 2 {
                Ok(())
            } else {
                violation("range_plan", format!("{shown}: {error}"))
            };
        }
    };
    match &plan {
        Plan::Single(range, _) => {
            if ranges.len() != 1 || plan.content_length() != range.len() {
                return violation("range_single_part", format!("{shown}: {plan:?}"));
            }
            match plan.content_range() {
                Some(content_range) => round_trip(shown, &content_range)?,
                None => {
                    return violation("range_single_part", format!("{shown}: no Content-Range"));
                }
            }
        }
        Plan::Multipart(multipart) => {
            if ranges.len() < 2 || plan.content_range().is_some() {
                return violation("range_multipart", format!("{shown}: {plan:?}"));
            }
            let mut written: u128 = 0;
            let mut head = String::new();
            for part in multipart.parts() {
                head.clear();
                let _ = write!(head, "{}", part.head());
                if head.len() as u64 != part.head().len() {
                    return violation(
                        "range_plan_length",
                        format!("{shown}: head {head:?} is not {} bytes", part.head().len()),
                    );
                }
                round_trip(shown, &part.content_range())?;
                let expected = format!("Content-Range: {}\r\n\r\n", part.content_range());
                if !head.ends_with(&expected) || part.content_range().range() != Some(part.range())
                {
                    return violation("range_part_content_range", format!("{shown}: {head:?}"));
                }
                written += u128::from(part.head().len()) + u128::from(part.range().len());
            }
            let tail = multipart.tail().to_string();
            written += tail.len() as u128;
            if tail.len() as u64 != multipart.tail().len()
                || written != u128::from(multipart.content_length())
            {
                return violation(
                    "range_plan_length",
                    format!(
                        "{shown}: writes {written}, says {}",
                        multipart.content_length()
                    ),
                );
            }
        }
    }
    Ok(())
}

/// `value` as a Content-Range: when it parses, formatting it gives text that
/// parses to the same value (RFC 9110 §14.4).
pub fn check_content_range(value: &[u8]) -> Result<(), Violation> {
    match ContentRange::parse(value) {
        Ok(content_range) => round_trip(&format!("\"{}\"", value.escape_ascii()), &content_range),
        Err(_) => Ok(()),
    }
}
