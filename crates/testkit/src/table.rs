//! The decision table (`docs/decision-table.md`), generated from the
//! exhaustive enumeration.
//!
//! The oracle runs RFC 9110 §13.2 as phases — the §13.2.1 gate, steps 1 to 4,
//! and steps 5–6 — and records for each phase it reached the inputs that phase
//! read (its own applicability included) and how it ended: it decided, or the
//! evaluation went on. Given that a phase is reached, its result depends on
//! its reads alone, so each phase becomes a small truth table in which every
//! input it did not read is "any". The table is read like the RFC: take the
//! first section, find the row that matches, and either stop there or go on
//! to the next section.
//!
//! Every combination is then checked against the finished table: in every
//! phase the combination reaches, each matching row must say what the oracle
//! did. A table that over-claims cannot be produced.

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::classes::{self, Combination, DIMENSIONS, domains};
use crate::oracle::{
    Condition, Decision, Gate, Inputs, Phase, PhaseRecord, PhaseResult, Policies, RangeUse,
};

/// The command that regenerates `docs/decision-table.md`.
pub const COMMAND: &str =
    "cargo run --release -p precond-testkit --example decision_table > docs/decision-table.md";

const DIMS: usize = DIMENSIONS.len();

/// The input bit each dimension corresponds to, in [`DIMENSIONS`] order.
const CONSULTED: [Inputs; DIMS] = [
    Inputs::ROLE,
    Inputs::METHOD,
    Inputs::STATUS,
    Inputs::EXISTS,
    Inputs::ETAG,
    Inputs::LAST_MODIFIED,
    Inputs::IF_MATCH,
    Inputs::IF_UNMODIFIED_SINCE,
    Inputs::IF_NONE_MATCH,
    Inputs::IF_MODIFIED_SINCE,
    Inputs::IF_RANGE,
    Inputs::RANGE,
];

/// A row: for each dimension, the set of classes it covers (bit i = class i).
type Masks = [u32; DIMS];

/// What a row says.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
struct Outcome {
    result: PhaseResult,
    policies: Policies,
}

/// One row of one phase.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
struct Row {
    phase: Phase,
    masks: Masks,
    outcome: Outcome,
}

/// The table: rows per phase, merged and checked.
#[derive(Clone, Debug)]
pub struct Table {
    rows: Vec<Row>,
    combinations: usize,
}

fn full(domain_len: usize) -> u32 {
    if domain_len >= 32 {
        u32::MAX
    } else {
        (1u32 << domain_len) - 1
    }
}

fn masks_of(record: &PhaseRecord, values: &[usize; DIMS], full_masks: &Masks) -> Masks {
    std::array::from_fn(|d| {
        if CONSULTED
            .get(d)
            .is_some_and(|&bit| record.reads.contains(bit))
        {
            1 << values.get(d).copied().unwrap_or(0)
        } else {
            full_masks.get(d).copied().unwrap_or(u32::MAX)
        }
    })
}

fn covers(masks: &Masks, values: &[usize; DIMS]) -> bool {
    masks
        .iter()
        .zip(values)
        .all(|(mask, &value)| mask & (1 << value) != 0)
}

impl Table {
    /// Enumerates every combination through the oracle, builds and merges the
    /// rows, and checks the result against every combination again.
    pub fn build() -> Result<Table, String> {
        let domains = domains();
        let full_masks: Masks = std::array::from_fn(|d| full(domains.get(d).map_or(0, Vec::len)));
        let mut rows: HashMap<(Phase, Masks), Outcome> = HashMap::new();
        let mut combinations = 0;
        classes::visit(0..Combination::COUNT, |combination, case, headers| {
            combinations += 1;
            let verdict = case.oracle_with(headers);
            let values = combination.values();
            for (phase, record) in Phase::ALL.iter().zip(&verdict.phases) {
                let Some(record) = record else { continue };
                let outcome = Outcome {
                    result: record.result,
                    policies: record.policies,
                };
                let key = (*phase, masks_of(record, &values, &full_masks));
                match rows.insert(key, outcome) {
                    Some(previous) if previous != outcome => {
                        return Err(format!(
                            "in phase {phase:?}, {combination:?} gives {outcome:?}, but another combination with the same reads gives {previous:?}"
                        ));
                    }
                    _ => {}
                }
            }
            Ok(())
        })?;
        let mut rows: Vec<Row> = rows
            .into_iter()
            .map(|((phase, masks), outcome)| Row {
                phase,
                masks,
                outcome,
            })
            .collect();
        merge(&mut rows);
        rows.sort_by_key(sort_key);
        let table = Table { rows, combinations };
        table.check()?;
        Ok(table)
    }

    /// Every combination, in every phase it reaches, matches only rows that
    /// say what the oracle did there, and at least one.
    fn check(&self) -> Result<(), String> {
        classes::visit(0..Combination::COUNT, |combination, case, headers| {
            let verdict = case.oracle_with(headers);
            let values = combination.values();
            for (phase, record) in Phase::ALL.iter().zip(&verdict.phases) {
                let Some(record) = record else { continue };
                let mut matched = false;
                for row in self.rows.iter().filter(|r| r.phase == *phase) {
                    if !covers(&row.masks, &values) {
                        continue;
                    }
                    matched = true;
                    if row.outcome.result != record.result
                        || row.outcome.policies != record.policies
                    {
                        return Err(format!(
                            "row {row:?} matches {combination:?}, which gives {record:?} in that phase"
                        ));
                    }
                }
                if !matched {
                    return Err(format!("no row of phase {phase:?} matches {combination:?}"));
                }
            }
            Ok(())
        })
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether the table has no rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The table as Markdown.
    pub fn to_markdown(&self) -> String {
        render(self)
    }
}

/// Merges rows of one phase that differ in exactly one dimension and say the
/// same thing, until no two rows can be merged.
fn merge(rows: &mut Vec<Row>) {
    loop {
        let before = rows.len();
        for d in 0..DIMS {
            let mut groups: HashMap<(Phase, Masks, Outcome), u32> = HashMap::new();
            for row in rows.iter() {
                let mut key = row.masks;
                if let Some(slot) = key.get_mut(d) {
                    *slot = 0;
                }
                *groups.entry((row.phase, key, row.outcome)).or_insert(0) |=
                    row.masks.get(d).copied().unwrap_or(0);
            }
            *rows = groups
                .into_iter()
                .map(|((phase, mut masks, outcome), mask)| {
                    if let Some(slot) = masks.get_mut(d) {
                        *slot = mask;
                    }
                    Row {
                        phase,
                        masks,
                        outcome,
                    }
                })
                .collect();
        }
        if rows.len() == before {
            break;
        }
    }
}

fn sort_key(row: &Row) -> (Phase, bool, String, [u32; DIMS]) {
    // Within a phase: decisions first, then by result, then by the classes.
    let order: [u32; DIMS] = std::array::from_fn(|d| {
        let m = row.masks.get(d).copied().unwrap_or(0);
        m.trailing_zeros() * 64 + (32 - m.count_ones())
    });
    (
        row.phase,
        matches!(row.outcome.result, PhaseResult::Continue(_)),
        result(row.phase, row.outcome.result),
        order,
    )
}

fn result(phase: Phase, result: PhaseResult) -> String {
    let next = match phase {
        Phase::Gate => "step 1",
        Phase::IfMatch | Phase::IfUnmodifiedSince => "step 3",
        Phase::IfNoneMatch | Phase::IfModifiedSince => "step 5",
        Phase::Perform => "",
    };
    match result {
        PhaseResult::Decided(decision) => match decision {
            Decision::Ignored(Gate::Status) => {
                "**ignored** (§13.2.1 ¶1): unconditional response".into()
            }
            Decision::Ignored(Gate::Method) => {
                "**ignored** (§13.2.1 ¶2): unconditional response".into()
            }
            Decision::Ignored(Gate::CacheMethod) => {
                "**ignored** (RFC 9111 §4.3.2 ¶3): not GET/HEAD at a cache; on to the origin".into()
            }
            Decision::Ignored(Gate::NoStoredResponse) => {
                "**ignored** (RFC 9111 §4.3.2 ¶3): unconditional response".into()
            }
            Decision::PreconditionFailed(_) => "false → **412**".into(),
            Decision::NotModified(_) => "false → **304**".into(),
            Decision::Perform(range) => match range {
                RangeUse::Absent => "perform: unconditional status".into(),
                RangeUse::Honoured { if_range: true } => {
                    "If-Range true → **206**: process Range".into()
                }
                RangeUse::Honoured { if_range: false } => "**206**: process Range".into(),
                RangeUse::NotGet => {
                    "perform: unconditional status (Range only for GET, §14.2)".into()
                }
                RangeUse::Not200 => "perform; Range ignored (not in place of a 200, §14.2)".into(),
                RangeUse::Unsupported => "perform; Range ignored (not supported)".into(),
                RangeUse::IfRangeFalse => {
                    "If-Range false → perform; Range ignored (§13.1.5)".into()
                }
            },
        },
        PhaseResult::Continue(condition) => match condition {
            Condition::NotEvaluated => format!("not applicable → {next}"),
            Condition::Ignored => format!("ignored → {next}"),
            Condition::True if phase == Phase::Gate => format!("evaluate → {next}"),
            Condition::True => format!("true → {next}"),
            Condition::False => format!("false, but not in place of a 200 → {next}"),
        },
    }
}

const SECTIONS: [(&str, &str); 6] = [
    (
        "Gate: whether to evaluate at all",
        "RFC 9110 §13.2.1: preconditions are ignored when the response without them would be neither 2xx nor 412, and for CONNECT, OPTIONS and TRACE; RFC 9111 §4.3.2 ¶3: a cache does not evaluate them for a request no stored response can satisfy (any method but GET and HEAD) or for a target it has no stored response for.",
    ),
    (
        "Step 1: If-Match",
        "RFC 9110 §13.2.2 step 1, §13.1.1. Origin server only (RFC 9111 §4.3.2). `*` is true when a current representation exists; a list is true when a member equals the current entity-tag under the strong comparison (§8.8.3.2). True → step 3 (step 2 is skipped); false → 412.",
    ),
    (
        "Step 2: If-Unmodified-Since",
        "RFC 9110 §13.2.2 step 2, §13.1.4. Origin server only, and only without If-Match. False when Last-Modified is later than the date; ignored when the value is not one valid HTTP-date or there is no Last-Modified. False → 412.",
    ),
    (
        "Step 3: If-None-Match",
        "RFC 9110 §13.2.2 step 3, §13.1.2. `*` is false when a current representation exists; a list is false when a member equals the current entity-tag under the weak comparison (§8.8.3.2). False → 304 for GET and HEAD, 412 for other methods.",
    ),
    (
        "Step 4: If-Modified-Since",
        "RFC 9110 §13.2.2 step 4, §13.1.3. GET and HEAD only, and only without If-None-Match. False when Last-Modified is not later than the date; ignored when the value is not one valid HTTP-date or there is no Last-Modified. False → 304.",
    ),
    (
        "Steps 5 and 6: If-Range, Range, perform",
        "RFC 9110 §13.2.2 steps 5–6, §13.1.5, §14.2. Range is used only with GET, in place of a 200, on a resource that supports it. If-Range (only looked at then) is true for an entity-tag equal to the current one under the strong comparison, or a date that is a strong validator (§8.8.2.2) and equals Last-Modified exactly; false → Range ignored.",
    ),
];

const ALL_POLICIES: [Policies; 11] = [
    Policies::MALFORMED_IF_MATCH,
    Policies::MALFORMED_IF_NONE_MATCH,
    Policies::NOT_MODIFIED_ONLY_FOR_200,
    Policies::CACHE_WITHOUT_STORED_RESPONSE,
    Policies::DATE_ON_SEVERAL_LINES,
    Policies::MALFORMED_IF_RANGE,
    Policies::IF_RANGE_DATE_STRENGTH,
    Policies::EPOCH_LAST_MODIFIED,
    Policies::FUTURE_LAST_MODIFIED,
    Policies::RANGE_ONLY_FOR_200,
    Policies::CACHE_ONLY_GET_HEAD,
];

const POLICY_TEXT: [&str; 11] = [
    "a malformed If-Match is false → 412 (§13.1.1 ¶8 item 3: a value that is neither `*` nor a list of entity-tags is \"otherwise\"; fail closed)",
    "a malformed If-None-Match is true (§13.1.2 ¶8 item 3, \"otherwise\"); If-Modified-Since stays ignored, If-None-Match being present (§13.1.3 ¶3)",
    "a false If-None-Match / If-Modified-Since on GET/HEAD gives 304 only when the status without the conditions is 200 (§15.4.5 ¶1: a 304 stands in for a 200); otherwise the request proceeds to steps 5–6",
    "a cache without a stored response (no current representation) ignores the conditions (RFC 9111 §4.3.2 ¶3: none for a target it has no stored response for)",
    "If-Modified-Since / If-Unmodified-Since on several field lines is a list of dates (§5.3), which must be ignored (§13.1.3 ¶4, §13.1.4 ¶4)",
    "a malformed If-Range, or one on several field lines, is false → Range ignored (§13.1.5 ¶7–8, \"otherwise, the condition is false\")",
    "an If-Range date is a strong validator only when Last-Modified is at least 1 s before `now`, the response's Date or a cache's stored Date (§8.8.2.2 ¶1, first and third cases); `DateStrength::Strong` / `Weak` override",
    "a Last-Modified of exactly Unix second 0 or 1 is a placeholder and counts as absent (`EpochPolicy::TreatAsAbsent`; §13.1.3 ¶5, §13.1.4 ¶5: no modification date available); every other date, before 1970 included, is compared (not in this enumeration: see `tests/vectors/`)",
    "a Last-Modified later than `now` is replaced by `now` (§8.8.2.1 ¶4; not in this enumeration)",
    "Range is processed only when the status without the conditions is 200 (§14.2 ¶7: Range is evaluated only if the result without it would be 200)",
    "a cache evaluates the conditions only for GET and HEAD, the methods a stored 200 / 206 can satisfy; every other method's conditions are left to the origin (RFC 9111 §4.3.2 ¶2–3)",
];

fn policy_numbers(policies: Policies) -> String {
    ALL_POLICIES
        .iter()
        .enumerate()
        .filter(|(_, p)| policies.contains(**p))
        .map(|(i, _)| format!("P{}", i + 1))
        .collect::<Vec<_>>()
        .join(" ")
}

fn cell(mask: u32, labels: &[&str]) -> String {
    if mask == full(labels.len()) {
        return "any".into();
    }
    #[allow(clippy::type_complexity)]
    let (chosen, others): (Vec<(usize, &&str)>, Vec<(usize, &&str)>) = labels
        .iter()
        .enumerate()
        .partition(|(i, _)| mask & (1 << i) != 0);
    let names = |list: Vec<(usize, &&str)>| {
        list.into_iter()
            .map(|(_, l)| format!("`{l}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if chosen.len() > 2 && others.len() < chosen.len() {
        format!("any but {}", names(others))
    } else {
        names(chosen)
    }
}

fn render(table: &Table) -> String {
    let domains = domains();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<!-- Generated by `{COMMAND}`; do not edit by hand. -->"
    );
    let _ = writeln!(
        out,
        "# Decision table: RFC 9110 §13.2 as precond evaluates it\n"
    );
    let _ = writeln!(
        out,
        "How precond decides between ignoring the conditions, 412, 304, 206 and performing the method. \
Generated from an exhaustive enumeration: every combination of the input classes below ({} in all) was run \
through the reference oracle of `precond-testkit` (a step-by-step transcription of RFC 9110 §13.1–§13.2 and \
RFC 9111 §4.3.2), and the exhaustive test in `crates/testkit/tests/exhaustive.rs` proves that `precond` \
decides every one of them as the oracle does.\n",
        table.combinations
    );
    let _ = writeln!(
        out,
        "**How to read it.** The sections are the phases of §13.2, in order. Start with the first section, find the \
row that matches the request, and either stop (a decision) or go on to the section the row names. A cell \
lists the classes the row covers; **any** means the phase does not look at that input; a column the whole \
section never looks at is left out. Rows marked P1–P11 depend on a project policy (listed at the end). {} \
rows in all.\n",
        table.len()
    );
    let _ = writeln!(
        out,
        "Fixed throughout: `now` = Wed, 01 May 2024 12:00:00 GMT; the resource supports ranges; If-Range dates are \
judged with `DateStrength::Auto`.\n"
    );
    let _ = writeln!(out, "| input | classes |\n|---|---|");
    let notes: [&str; DIMS] = [
        "origin server; cache (RFC 9111 §4.3.2: GET and HEAD only; steps 1–2 do not apply)",
        "GET; HEAD; PUT (state-changing); OPTIONS (§13.2.1); PROPFIND (an extension method)",
        "the status without the conditions: 200; 204; 301; 404; 412; 500",
        "whether a current representation exists (a missing one has no validators)",
        "the current entity-tag: none; `\"v1\"`; `W/\"v1\"`",
        "the current Last-Modified: none; a day before `now`; equal to `now`",
        "absent; `*`; the current entity-tag exactly; `W/\"v1\"`; `\"v2\"`; `\"v1\", v2`",
        "absent; Last-Modified − 1 s; Last-Modified; Last-Modified + 1 s; a date in `UTC`; two field lines",
        "as If-Match",
        "as If-Unmodified-Since",
        "absent; `\"v1\"`; `W/\"v1\"`; `\"v2\"`; Last-Modified; Last-Modified − 1 s; `\"v1` (no closing quote)",
        "absent; `bytes=0-99`",
    ];
    for (d, name) in DIMENSIONS.iter().enumerate() {
        let labels = domains
            .get(d)
            .map(|l| {
                l.iter()
                    .map(|x| format!("`{x}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "| {name} | {labels} — {} |",
            notes.get(d).copied().unwrap_or("")
        );
    }
    let _ = writeln!(
        out,
        "\nDates are rendered as IMF-fixdate relative to the current Last-Modified (a day before `now` when there \
is none). A missing representation is only combined with no ETag and no Last-Modified. \"two field lines\" \
repeats a date that would decide if it were evaluated (Last-Modified − 1 s for If-Unmodified-Since, \
Last-Modified for If-Modified-Since).\n"
    );

    for (phase, (title, why)) in Phase::ALL.iter().zip(SECTIONS) {
        let rows: Vec<&Row> = table.rows.iter().filter(|r| r.phase == *phase).collect();
        let _ = writeln!(out, "## {title}\n\n{why}\n");
        let shown: Vec<usize> = (0..DIMS)
            .filter(|&d| {
                let all = full(domains.get(d).map_or(0, Vec::len));
                rows.iter().any(|r| r.masks.get(d).copied() != Some(all))
            })
            .collect();
        let _ = write!(out, "|");
        for &d in &shown {
            let _ = write!(out, " {} |", DIMENSIONS.get(d).copied().unwrap_or(""));
        }
        let _ = writeln!(out, " result | policy |");
        let _ = writeln!(out, "|{}", "---|".repeat(shown.len() + 2));
        for row in rows {
            let _ = write!(out, "|");
            for &d in &shown {
                let labels = domains.get(d).map_or(&[][..], Vec::as_slice);
                let _ = write!(
                    out,
                    " {} |",
                    cell(row.masks.get(d).copied().unwrap_or(0), labels)
                );
            }
            let _ = writeln!(
                out,
                " {} | {} |",
                result(*phase, row.outcome.result),
                policy_numbers(row.outcome.policies)
            );
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(
        out,
        "## Policies\n\nChoices the RFC leaves to the implementation, taken by the project, each with the RFC sentence that permits it (the oracle cites it beside its code; `docs/policies.md` has the audit).\n"
    );
    for (i, (policy, text)) in ALL_POLICIES.iter().zip(POLICY_TEXT).enumerate() {
        let name = policy.names().next().unwrap_or("");
        let _ = writeln!(out, "- **P{}** ({name}): {text}", i + 1);
    }
    out
}
