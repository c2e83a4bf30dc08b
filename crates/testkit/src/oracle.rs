//! The reference oracle: RFC 9110 §13.1–§13.2 (with RFC 9111 §4.3.2 for a
//! cache) transcribed step by step, to be read next to the spec.
//!
//! It shares no evaluation code with `precond`: it reads single values with the
//! `precond-etag` and `precond-date` grammars, but splits lists, compares
//! entity-tags (§8.8.3.2) and compares dates itself (through the crate's
//! `facts` module, which the soundness invariants read too).
//!
//! It is derived from the RFC text alone, not from precond's design. Where
//! the RFC leaves a choice and the oracle copies one of the project's, the
//! code says so (**policy**), cites beside it the RFC sentence that permits
//! the choice, and records it in [`Verdict::policies`]; a choice no sentence
//! permits is a defect, not a policy. `docs/policies.md` lists each policy
//! with its sentence.
//!
//! Besides the decision, a [`Verdict`] records which inputs the decision
//! [`consulted`](Verdict::consulted): an input that was never read cannot have
//! changed the outcome. The decision table generator uses that to write "any".

use std::cell::Cell;

use http::{HeaderMap, HeaderName, Method, header};
use precond_date::HttpDate;
use precond_etag::EntityTagRef;

use crate::facts::{self, DateField, Lines, TagList};
use crate::model::{IfRangeDates, Resource, Role};

/// What the oracle is given: a request, the representation, the setting.
#[derive(Clone, Copy, Debug)]
pub struct Input<'a> {
    /// The request method.
    pub method: &'a Method,
    /// The request header fields.
    pub headers: &'a HeaderMap,
    /// The selected representation.
    pub resource: &'a Resource,
    /// Origin server or cache.
    pub role: Role,
    /// The status without the conditions (§13.2.1).
    pub unconditional: u16,
    /// The recipient's clock.
    pub now: HttpDate,
    /// How an If-Range date is judged strong.
    pub if_range_dates: IfRangeDates,
}

/// The steps of RFC 9110 §13.2.2, numbered as there.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
pub enum Step {
    /// Step 1: If-Match (§13.1.1).
    IfMatch = 1,
    /// Step 2: If-Unmodified-Since (§13.1.4).
    IfUnmodifiedSince = 2,
    /// Step 3: If-None-Match (§13.1.2).
    IfNoneMatch = 3,
    /// Step 4: If-Modified-Since (§13.1.3).
    IfModifiedSince = 4,
    /// Step 5: If-Range (§13.1.5).
    IfRange = 5,
    /// Step 6: perform the method.
    Perform = 6,
}

impl Step {
    /// The step's number in §13.2.2.
    pub fn number(self) -> u8 {
        self as u8
    }

    /// Where the evaluated field is defined.
    pub fn section(self) -> &'static str {
        match self {
            Step::IfMatch => "RFC 9110 §13.1.1",
            Step::IfUnmodifiedSince => "RFC 9110 §13.1.4",
            Step::IfNoneMatch => "RFC 9110 §13.1.2",
            Step::IfModifiedSince => "RFC 9110 §13.1.3",
            Step::IfRange => "RFC 9110 §13.1.5",
            Step::Perform => "RFC 9110 §13.2.2",
        }
    }

    /// The field the step evaluates, or `perform`.
    pub fn as_str(self) -> &'static str {
        match self {
            Step::IfMatch => "If-Match",
            Step::IfUnmodifiedSince => "If-Unmodified-Since",
            Step::IfNoneMatch => "If-None-Match",
            Step::IfModifiedSince => "If-Modified-Since",
            Step::IfRange => "If-Range",
            Step::Perform => "perform",
        }
    }
}

/// Why §13.2.1 (or RFC 9111 §4.3.2) says not to evaluate at all.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Gate {
    /// §13.2.1 ¶1: without the conditions the status would be neither 2xx nor 412.
    Status,
    /// §13.2.1 ¶2: CONNECT, OPTIONS, TRACE.
    Method,
    /// RFC 9111 §4.3.2 ¶3: a cache, and a request no stored response can
    /// satisfy (policy: any method but GET and HEAD).
    CacheMethod,
    /// RFC 9111 §4.3.2 ¶3 (policy): a cache with no stored response for the target.
    NoStoredResponse,
}

/// What becomes of a Range header field once the method is performed.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum RangeUse {
    /// No Range field in the request.
    Absent,
    /// The Range is to be processed (206, or 416 by the caller's §14.2 judgement);
    /// `if_range` says whether an If-Range condition was evaluated true for it.
    Honoured {
        /// Whether step 5 ran and held.
        if_range: bool,
    },
    /// §14.2 ¶3: a method other than GET, Range or not.
    NotGet,
    /// §14.2 ¶7 (policy): the response without Range would not be 200.
    Not200,
    /// §13.1.5 ¶5, §14.2 ¶2: the resource does not support ranges.
    Unsupported,
    /// §13.1.5 ¶9: the If-Range condition is false.
    IfRangeFalse,
}

/// The oracle's decision.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Decision {
    /// The preconditions are ignored: the unconditional response stands.
    Ignored(Gate),
    /// 412 (Precondition Failed), decided at the step.
    PreconditionFailed(Step),
    /// 304 (Not Modified), decided at the step.
    NotModified(Step),
    /// The method is performed; the Range field is used as said.
    Perform(RangeUse),
}

impl Decision {
    /// The step that decided: `None` when §13.2.1 kept the evaluation from
    /// starting; the failing step for 304 and 412; step 5 when a false If-Range
    /// made the Range ignored; step 6 whenever else the method is performed
    /// (a true If-Range lets step 6 process the Range).
    pub fn step(self) -> Option<Step> {
        match self {
            Decision::Ignored(_) => None,
            Decision::PreconditionFailed(step) | Decision::NotModified(step) => Some(step),
            Decision::Perform(RangeUse::IfRangeFalse) => Some(Step::IfRange),
            Decision::Perform(_) => Some(Step::Perform),
        }
    }

    /// The response status, given the status without the conditions.
    pub fn status(self, unconditional: u16) -> u16 {
        match self {
            Decision::PreconditionFailed(_) => 412,
            Decision::NotModified(_) => 304,
            Decision::Perform(RangeUse::Honoured { .. }) => 206,
            Decision::Ignored(_) | Decision::Perform(_) => unconditional,
        }
    }
}

macro_rules! flags {
    ($(#[$meta:meta])* $name:ident { $($(#[$fmeta:meta])* $flag:ident = $bit:expr, $text:expr;)* }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
        pub struct $name(u32);

        impl $name {
            $($(#[$fmeta])* pub const $flag: $name = $name(1 << $bit);)*
            const NAMES: &'static [($name, &'static str)] = &[$(($name::$flag, $text)),*];

            /// Whether every flag of `other` is set.
            pub fn contains(self, other: $name) -> bool {
                self.0 & other.0 == other.0
            }

            /// Whether no flag is set.
            pub fn is_empty(self) -> bool {
                self.0 == 0
            }

            /// The set flags' names, in declaration order.
            pub fn names(self) -> impl Iterator<Item = &'static str> {
                Self::NAMES
                    .iter()
                    .filter(move |(flag, _)| self.contains(*flag))
                    .map(|(_, text)| *text)
            }

            /// The set flags, in declaration order.
            pub fn iter(self) -> impl Iterator<Item = $name> {
                Self::NAMES
                    .iter()
                    .filter(move |(flag, _)| self.contains(*flag))
                    .map(|(flag, _)| *flag)
            }

            fn with(self, other: $name) -> $name {
                $name(self.0 | other.0)
            }
        }
    };
}

flags! {
    /// The inputs a decision read.
    Inputs {
        /// The request method.
        METHOD = 0, "method";
        /// The status without the conditions.
        STATUS = 1, "status";
        /// Origin or cache.
        ROLE = 2, "role";
        /// Whether a current representation exists.
        EXISTS = 3, "exists";
        /// The current entity-tag.
        ETAG = 4, "etag";
        /// The current Last-Modified.
        LAST_MODIFIED = 5, "last-modified";
        /// Whether the resource supports ranges.
        RANGES = 6, "ranges";
        /// The If-Range date-strength setting.
        IF_RANGE_DATES = 7, "if-range-dates";
        /// The If-Match field.
        IF_MATCH = 8, "If-Match";
        /// The If-Unmodified-Since field.
        IF_UNMODIFIED_SINCE = 9, "If-Unmodified-Since";
        /// The If-None-Match field.
        IF_NONE_MATCH = 10, "If-None-Match";
        /// The If-Modified-Since field.
        IF_MODIFIED_SINCE = 11, "If-Modified-Since";
        /// The If-Range field.
        IF_RANGE = 12, "If-Range";
        /// The Range field.
        RANGE = 13, "Range";
    }
}

flags! {
    /// The project decisions (contract "Policies") a decision relied on.
    Policies {
        /// A malformed If-Match is false (fail closed).
        MALFORMED_IF_MATCH = 0, "malformed If-Match is false";
        /// A malformed If-None-Match is true (and still disables If-Modified-Since).
        MALFORMED_IF_NONE_MATCH = 1, "malformed If-None-Match is true";
        /// A false If-None-Match / If-Modified-Since on GET/HEAD yields 304 only when
        /// the unconditional status is 200; otherwise the request proceeds.
        NOT_MODIFIED_ONLY_FOR_200 = 2, "304 only in place of a 200";
        /// A cache without a stored response ignores the conditions.
        CACHE_WITHOUT_STORED_RESPONSE = 3, "cache without a stored response ignores conditions";
        /// If-Modified-Since / If-Unmodified-Since on several field lines are ignored.
        DATE_ON_SEVERAL_LINES = 4, "date field on several lines is ignored";
        /// A malformed If-Range (or one on several lines) is false.
        MALFORMED_IF_RANGE = 5, "malformed If-Range is false";
        /// An If-Range date is strong only if Last-Modified ≤ now − 1 s.
        IF_RANGE_DATE_STRENGTH = 6, "If-Range date strong only if Last-Modified <= now - 1 s";
        /// A Last-Modified of exactly Unix second 0 or 1 is a placeholder: absent.
        EPOCH_LAST_MODIFIED = 7, "Last-Modified of Unix second 0 or 1 is absent";
        /// A Last-Modified later than now is replaced by now.
        FUTURE_LAST_MODIFIED = 8, "future Last-Modified is replaced by now";
        /// Range is honoured only when the unconditional status is 200.
        RANGE_ONLY_FOR_200 = 9, "Range only in place of a 200";
        /// A cache can satisfy only GET and HEAD from a stored response.
        CACHE_ONLY_GET_HEAD = 10, "a cache satisfies only GET and HEAD";
    }
}

/// How one precondition evaluated.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Condition {
    /// Not looked at (absent, not applicable to the method or role, or an earlier step decided).
    NotEvaluated,
    /// Present but ignored by a MUST-ignore rule or a policy.
    Ignored,
    /// Evaluated true.
    True,
    /// Evaluated false.
    False,
}

/// How each precondition of the request fared.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Conditions {
    /// Step 1.
    pub if_match: Condition,
    /// Step 2.
    pub if_unmodified_since: Condition,
    /// Step 3.
    pub if_none_match: Condition,
    /// Step 4.
    pub if_modified_since: Condition,
    /// Step 5.
    pub if_range: Condition,
}

/// The parts of the procedure, in order: the §13.2.1 gate, steps 1–4, and
/// steps 5–6 together (If-Range and Range, then perform).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
pub enum Phase {
    /// §13.2.1 (and RFC 9111 §4.3.2 ¶3): whether to evaluate at all.
    Gate = 0,
    /// §13.2.2 step 1.
    IfMatch = 1,
    /// §13.2.2 step 2.
    IfUnmodifiedSince = 2,
    /// §13.2.2 step 3.
    IfNoneMatch = 3,
    /// §13.2.2 step 4.
    IfModifiedSince = 4,
    /// §13.2.2 steps 5 and 6.
    Perform = 5,
}

impl Phase {
    /// Every phase, in order.
    pub const ALL: [Phase; 6] = [
        Phase::Gate,
        Phase::IfMatch,
        Phase::IfUnmodifiedSince,
        Phase::IfNoneMatch,
        Phase::IfModifiedSince,
        Phase::Perform,
    ];
}

/// How a phase ended.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum PhaseResult {
    /// The phase decided the response.
    Decided(Decision),
    /// The evaluation went on to the next phase; the condition says why.
    Continue(Condition),
}

/// What one phase read, which policies it used, and how it ended. Each phase
/// reads the inputs its own applicability depends on (e.g. step 2 checks that
/// If-Match is absent), so a phase's result is a function of its reads alone,
/// given that it was reached.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct PhaseRecord {
    /// The inputs read in this phase.
    pub reads: Inputs,
    /// The policies used in this phase.
    pub policies: Policies,
    /// How the phase ended.
    pub result: PhaseResult,
}

/// The oracle's answer.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Verdict {
    /// What to do.
    pub decision: Decision,
    /// The response status (206 for an honoured Range).
    pub status: u16,
    /// Every input the decision read.
    pub consulted: Inputs,
    /// Every project policy the decision relied on.
    pub policies: Policies,
    /// How each precondition evaluated.
    pub conditions: Conditions,
    /// Each phase reached, in [`Phase::ALL`] order (`None`: not reached).
    pub phases: [Option<PhaseRecord>; 6],
}

impl Verdict {
    /// The deciding step ([`Decision::step`]).
    pub fn step(&self) -> Option<Step> {
        self.decision.step()
    }
}

/// Evaluates the request's preconditions in the order of RFC 9110 §13.2.2.
pub fn evaluate(input: &Input<'_>) -> Verdict {
    let oracle = Oracle {
        input,
        consulted: Cell::new(Inputs::default()),
        policies: Cell::new(Policies::default()),
        conditions: Cell::new(Conditions {
            if_match: Condition::NotEvaluated,
            if_unmodified_since: Condition::NotEvaluated,
            if_none_match: Condition::NotEvaluated,
            if_modified_since: Condition::NotEvaluated,
            if_range: Condition::NotEvaluated,
        }),
        phase_reads: Cell::new(Inputs::default()),
        phase_policies: Cell::new(Policies::default()),
        phases: Default::default(),
    };
    let decision = oracle.decide();
    Verdict {
        decision,
        status: decision.status(input.unconditional),
        consulted: oracle.consulted.get(),
        policies: oracle.policies.get(),
        conditions: oracle.conditions.get(),
        phases: oracle.phases.each_ref().map(Cell::get),
    }
}

/// The oracle's working state: every read of an input goes through an
/// accessor that records it.
struct Oracle<'i, 'a> {
    input: &'i Input<'a>,
    consulted: Cell<Inputs>,
    policies: Cell<Policies>,
    conditions: Cell<Conditions>,
    phase_reads: Cell<Inputs>,
    phase_policies: Cell<Policies>,
    phases: [Cell<Option<PhaseRecord>>; 6],
}

/// How a step ends: it decides, or the evaluation goes on.
enum Flow {
    Decide(Decision),
    Next(Condition),
}

impl<'a> Oracle<'_, 'a> {
    // ----- recorded reads -------------------------------------------------

    fn read(&self, what: Inputs) {
        self.consulted.set(self.consulted.get().with(what));
        self.phase_reads.set(self.phase_reads.get().with(what));
    }

    fn policy(&self, which: Policies) {
        self.policies.set(self.policies.get().with(which));
        self.phase_policies
            .set(self.phase_policies.get().with(which));
    }

    /// Runs one phase, recording what it read and how it ended.
    fn phase(&self, phase: Phase, step: impl FnOnce(&Self) -> Flow) -> Option<Decision> {
        self.phase_reads.set(Inputs::default());
        self.phase_policies.set(Policies::default());
        let flow = step(self);
        let (result, decision) = match flow {
            Flow::Decide(decision) => (PhaseResult::Decided(decision), Some(decision)),
            Flow::Next(condition) => (PhaseResult::Continue(condition), None),
        };
        if let Some(slot) = self.phases.get(phase as usize) {
            slot.set(Some(PhaseRecord {
                reads: self.phase_reads.get(),
                policies: self.phase_policies.get(),
                result,
            }));
        }
        decision
    }

    fn note(&self, step: Step, condition: Condition) {
        let mut all = self.conditions.get();
        match step {
            Step::IfMatch => all.if_match = condition,
            Step::IfUnmodifiedSince => all.if_unmodified_since = condition,
            Step::IfNoneMatch => all.if_none_match = condition,
            Step::IfModifiedSince => all.if_modified_since = condition,
            Step::IfRange => all.if_range = condition,
            Step::Perform => {}
        }
        self.conditions.set(all);
    }

    fn method(&self) -> &'a Method {
        self.read(Inputs::METHOD);
        self.input.method
    }

    fn unconditional(&self) -> u16 {
        self.read(Inputs::STATUS);
        self.input.unconditional
    }

    fn role(&self) -> Role {
        self.read(Inputs::ROLE);
        self.input.role
    }

    fn exists(&self) -> bool {
        self.read(Inputs::EXISTS);
        self.input.resource.exists
    }

    fn field(&self, name: &HeaderName, what: Inputs) -> Lines<'a> {
        self.read(what);
        facts::lines(self.input.headers, name)
    }

    /// The current entity-tag; a missing representation has none.
    fn current_etag(&self) -> Option<EntityTagRef<'a>> {
        if !self.exists() {
            return None;
        }
        self.read(Inputs::ETAG);
        facts::current_etag(self.input.resource)
    }

    /// The current Last-Modified; a missing representation has none; the
    /// epoch and future-date policies apply.
    fn current_last_modified(&self) -> Option<HttpDate> {
        if !self.exists() {
            return None;
        }
        self.read(Inputs::LAST_MODIFIED);
        let resource = self.input.resource;
        if facts::epoch_policy_applies(resource) {
            self.policy(Policies::EPOCH_LAST_MODIFIED);
        }
        if facts::future_policy_applies(resource, self.input.now) {
            self.policy(Policies::FUTURE_LAST_MODIFIED);
        }
        facts::current_last_modified(resource, self.input.now)
    }

    // ----- the procedure --------------------------------------------------

    fn decide(&self) -> Decision {
        #[allow(clippy::type_complexity)] // a table of the six steps, read top to bottom
        // spec: 9110-13.2.2-evaluation-order
        let steps: [(Phase, fn(&Self) -> Flow); 6] = [
            (Phase::Gate, Self::gate),
            (Phase::IfMatch, Self::step_1),
            (Phase::IfUnmodifiedSince, Self::step_2),
            (Phase::IfNoneMatch, Self::step_3),
            (Phase::IfModifiedSince, Self::step_4),
            (Phase::Perform, |o| {
                Flow::Decide(Decision::Perform(o.range()))
            }),
        ];
        for (phase, step) in steps {
            if let Some(decision) = self.phase(phase, step) {
                return decision;
            }
        }
        // Unreachable: the last phase always decides.
        Decision::Perform(RangeUse::Absent)
    }

    /// §13.2.1 (and RFC 9111 §4.3.2 ¶3): whether to evaluate at all.
    fn gate(&self) -> Flow {
        // §13.2.1 ¶1: preconditions are ignored when the response without them
        // would have been neither 2xx nor 412.
        // spec: 9110-13.2.1-ignore-unless-2xx-or-412
        let status = self.unconditional();
        if !(200..=299).contains(&status) && status != 412 {
            return Flow::Decide(Decision::Ignored(Gate::Status));
        }
        // §13.2.1 ¶2: ignored for methods that neither select nor modify a
        // representation, such as CONNECT, OPTIONS and TRACE.
        // spec: 9110-13.2.1-ignore-connect-options-trace
        if facts::ignores_preconditions(self.method()) {
            return Flow::Decide(Decision::Ignored(Gate::Method));
        }
        // RFC 9111 §4.3.2 ¶3: a cache must not evaluate conditional fields in
        // a request with semantics that cannot be satisfied with a cached
        // response; they are meant for an inbound server.
        // Policy (which methods): RFC 9111 §4.3.2 ¶2 has a cache reuse a stored
        // 200 or 206, a response to GET (§14.2 defines 206 for GET, and a HEAD
        // is answered with the same header section as a GET, RFC 9111 §4.3.5):
        // every other method's semantics need the origin.
        // spec: 9111-4.3.2-cache-no-origin-only
        if self.role() == Role::Cache && !facts::is_get_or_head(self.method()) {
            self.policy(Policies::CACHE_ONLY_GET_HEAD);
            return Flow::Decide(Decision::Ignored(Gate::CacheMethod));
        }
        // RFC 9111 §4.3.2 ¶3: a cache must not evaluate conditions for a target
        // it has no stored response for. Policy: a cache told that there is no
        // current representation has none stored (the Representation is the
        // stored response's, RFC 9111 §4.3.2 ¶2).
        // spec: 9111-4.3.2-cache-no-origin-only
        if self.role() == Role::Cache && !self.exists() {
            self.policy(Policies::CACHE_WITHOUT_STORED_RESPONSE);
            return Flow::Decide(Decision::Ignored(Gate::NoStoredResponse));
        }
        Flow::Next(Condition::True)
    }

    /// §13.2.2 step 1: when the recipient is the origin server and If-Match is
    /// present. True → step 3; false → 412.
    fn step_1(&self) -> Flow {
        // spec: 9110-13.1.1-cache-may-ignore, 9111-4.3.2-cache-evaluate
        // RFC 9111 §4.3.2 ¶3–4: If-Match only applies to an origin server; a
        // cache must not evaluate it.
        if self.role() != Role::Origin {
            return Flow::Next(Condition::NotEvaluated);
        }
        let lines = self.field(&header::IF_MATCH, Inputs::IF_MATCH);
        if !facts::present(&lines) {
            return Flow::Next(Condition::NotEvaluated);
        }
        if self.if_match(&lines) {
            self.note(Step::IfMatch, Condition::True);
            Flow::Next(Condition::True)
        } else {
            self.note(Step::IfMatch, Condition::False);
            Flow::Decide(Decision::PreconditionFailed(Step::IfMatch))
        }
    }

    /// §13.2.2 step 2: when the recipient is the origin server, If-Match is
    /// absent and If-Unmodified-Since is present. True → step 3; false → 412.
    fn step_2(&self) -> Flow {
        // spec: 9110-13.1.4-cache-may-ignore, 9110-13.1.4-ignore-if-im
        // RFC 9111 §4.3.2 ¶3–4: If-Unmodified-Since only applies to an origin
        // server; a cache must not evaluate it.
        if self.role() != Role::Origin
            || facts::present(&self.field(&header::IF_MATCH, Inputs::IF_MATCH))
        {
            return Flow::Next(Condition::NotEvaluated);
        }
        let lines = self.field(&header::IF_UNMODIFIED_SINCE, Inputs::IF_UNMODIFIED_SINCE);
        if !facts::present(&lines) {
            return Flow::Next(Condition::NotEvaluated);
        }
        let condition = self.if_unmodified_since(&lines);
        self.note(Step::IfUnmodifiedSince, condition);
        if condition == Condition::False {
            Flow::Decide(Decision::PreconditionFailed(Step::IfUnmodifiedSince))
        } else {
            Flow::Next(condition)
        }
    }

    /// §13.2.2 step 3: when If-None-Match is present. True → step 5; false →
    /// 304 for GET/HEAD, 412 for other methods.
    fn step_3(&self) -> Flow {
        let lines = self.field(&header::IF_NONE_MATCH, Inputs::IF_NONE_MATCH);
        if !facts::present(&lines) {
            return Flow::Next(Condition::NotEvaluated);
        }
        if self.if_none_match(&lines) {
            self.note(Step::IfNoneMatch, Condition::True);
            return Flow::Next(Condition::True);
        }
        self.note(Step::IfNoneMatch, Condition::False);
        if facts::is_get_or_head(self.method()) {
            // spec: 9110-13.1.2-304-or-412
            // §13.1.2 ¶11: 304 (which §15.4.5 ¶1 defines as standing for a 200).
            self.not_modified(Step::IfNoneMatch)
        } else {
            // §13.1.2 ¶11: 412 for all other methods.
            Flow::Decide(Decision::PreconditionFailed(Step::IfNoneMatch))
        }
    }

    /// §13.2.2 step 4: when the method is GET or HEAD, If-None-Match is absent
    /// and If-Modified-Since is present. True → step 5; false → 304.
    fn step_4(&self) -> Flow {
        // spec: 9110-13.1.3-ignore-if-inm
        if !facts::is_get_or_head(self.method())
            || facts::present(&self.field(&header::IF_NONE_MATCH, Inputs::IF_NONE_MATCH))
        {
            return Flow::Next(Condition::NotEvaluated);
        }
        let lines = self.field(&header::IF_MODIFIED_SINCE, Inputs::IF_MODIFIED_SINCE);
        if !facts::present(&lines) {
            return Flow::Next(Condition::NotEvaluated);
        }
        let condition = self.if_modified_since(&lines);
        self.note(Step::IfModifiedSince, condition);
        if condition == Condition::False {
            self.not_modified(Step::IfModifiedSince)
        } else {
            Flow::Next(condition)
        }
    }

    /// The 304 of steps 3 and 4. Policy: only when the response without the
    /// conditions would be 200 (§15.4.5 ¶1: a 304 stands in for a 200); for
    /// another 2xx or 412 the request proceeds to steps 5–6 instead.
    fn not_modified(&self, step: Step) -> Flow {
        self.policy(Policies::NOT_MODIFIED_ONLY_FOR_200);
        if self.unconditional() == 200 {
            Flow::Decide(Decision::NotModified(step))
        } else {
            Flow::Next(Condition::False)
        }
    }

    /// §13.1.1 ¶8: evaluating If-Match (strong comparison, ¶2).
    fn if_match(&self, lines: &Lines<'a>) -> bool {
        match facts::read_tag_list(lines) {
            // Item 1: `*` holds when there is a current representation.
            TagList::Any => self.exists(),
            // spec: 9110-13.1.1-evaluate, 9110-13.1.1-strong-comparison
            // Item 2: a list holds when a member matches the current entity-tag,
            // compared strongly (¶2, §8.8.3.2).
            TagList::Tags => self.current_etag().is_some_and(|current| {
                facts::members(lines).any(|tag| facts::strong_match(tag, current))
            }),
            // Item 3: otherwise false. Policy: a malformed value is neither
            // `*` nor a list of entity-tags, so item 3 ("otherwise") covers it.
            TagList::Malformed => {
                self.policy(Policies::MALFORMED_IF_MATCH);
                false
            }
            TagList::Absent => true,
        }
    }

    /// §13.1.4 ¶8: evaluating If-Unmodified-Since, after the MUST-ignore rules.
    fn if_unmodified_since(&self, lines: &Lines<'a>) -> Condition {
        let date = match facts::read_date(lines, self.input.now) {
            DateField::Date(date) => date,
            // spec: 9110-13.1.4-ignore-invalid
            // ¶4: not a valid HTTP-date (a list of dates included) → ignored.
            // Policy: several field lines are such a list.
            DateField::Lines => {
                self.policy(Policies::DATE_ON_SEVERAL_LINES);
                return Condition::Ignored;
            }
            DateField::Invalid | DateField::Absent => return Condition::Ignored,
        };
        // spec: 9110-13.1.4-ignore-without-date
        // ¶5: no modification date available → ignored.
        let Some(last_modified) = self.current_last_modified() else {
            return Condition::Ignored;
        };
        // spec: 9110-13.1.4-evaluate, 9110-13.1.4-origin-clock
        // Item 1: true when Last-Modified is earlier than or equal to the date;
        // item 2: otherwise false.
        if last_modified <= date {
            Condition::True
        } else {
            Condition::False
        }
    }

    /// §13.1.2 ¶8: evaluating If-None-Match (weak comparison, ¶2).
    fn if_none_match(&self, lines: &Lines<'a>) -> bool {
        match facts::read_tag_list(lines) {
            // Item 1: `*` is false when there is a current representation.
            TagList::Any => !self.exists(),
            // spec: 9110-13.1.2-evaluate, 9110-13.1.2-weak-comparison
            // Item 2: a list is false when a member matches the current
            // entity-tag, compared weakly (¶2, §8.8.3.2).
            TagList::Tags => !self.current_etag().is_some_and(|current| {
                facts::members(lines).any(|tag| facts::weak_match(tag, current))
            }),
            // Item 3: otherwise true. Policy: a malformed value is neither `*`
            // nor a list of entity-tags, so item 3 ("otherwise") covers it; the
            // field is still present, so §13.1.3 ¶3 still has
            // If-Modified-Since ignored.
            TagList::Malformed => {
                self.policy(Policies::MALFORMED_IF_NONE_MATCH);
                true
            }
            TagList::Absent => true,
        }
    }

    /// §13.1.3 ¶10: evaluating If-Modified-Since, after the MUST-ignore rules.
    fn if_modified_since(&self, lines: &Lines<'a>) -> Condition {
        let date = match facts::read_date(lines, self.input.now) {
            DateField::Date(date) => date,
            // spec: 9110-13.1.3-ignore-invalid
            // ¶4: not a valid HTTP-date, or more than one member → ignored.
            // Policy: several field lines are more than one member.
            DateField::Lines => {
                self.policy(Policies::DATE_ON_SEVERAL_LINES);
                return Condition::Ignored;
            }
            DateField::Invalid | DateField::Absent => return Condition::Ignored,
        };
        // spec: 9110-13.1.3-ignore-without-date
        // ¶5: no modification date available → ignored.
        let Some(last_modified) = self.current_last_modified() else {
            return Condition::Ignored;
        };
        // spec: 9110-13.1.3-evaluate, 9110-13.1.3-origin-clock
        // Item 1: false when Last-Modified is earlier than or equal to the date;
        // item 2: otherwise true.
        if last_modified <= date {
            Condition::False
        } else {
            Condition::True
        }
    }

    /// Steps 5 and 6: what becomes of the Range field.
    fn range(&self) -> RangeUse {
        // spec: 9110-14.2-ignore-range-unless-get
        // §14.2 ¶3: range handling is defined for GET only, and step 5 of
        // §13.2.2 applies only when the method is GET: for any other method
        // the Range field plays no part, present or not.
        if self.method() != Method::GET {
            return RangeUse::NotGet;
        }
        let range = self.field(&header::RANGE, Inputs::RANGE);
        if !facts::present(&range) {
            // spec: 9110-13.1.5-ignore-without-range
            // §13.1.5 ¶4: If-Range without Range is ignored; step 6.
            return RangeUse::Absent;
        }
        // §14.2 ¶7: Range is evaluated only if the response without it would
        // be 200. Policy: the unconditional status stands for that response.
        self.policy(Policies::RANGE_ONLY_FOR_200);
        if self.unconditional() != 200 {
            return RangeUse::Not200;
        }
        // spec: 9110-13.1.5-ignore-without-range-support
        // §13.1.5 ¶4 and §14.2 ¶2: a resource without range support ignores
        // Range and If-Range.
        self.read(Inputs::RANGES);
        if !self.input.resource.ranges {
            return RangeUse::Unsupported;
        }
        let if_range = self.field(&header::IF_RANGE, Inputs::IF_RANGE);
        if !facts::present(&if_range) {
            // Step 6: perform the method, Range included.
            return RangeUse::Honoured { if_range: false };
        }
        // spec: 9110-13.1.5-evaluate, 9110-13.1.5-true-honours-range, 9110-13.1.5-false-ignores-range
        // Step 5: GET with Range and If-Range: evaluate If-Range.
        if self.if_range(&if_range) {
            self.note(Step::IfRange, Condition::True);
            RangeUse::Honoured { if_range: true }
        } else {
            // §13.1.5 ¶9: the Range field is ignored.
            self.note(Step::IfRange, Condition::False);
            RangeUse::IfRangeFalse
        }
    }

    /// §13.1.5 ¶7–8: evaluating If-Range.
    fn if_range(&self, lines: &Lines<'a>) -> bool {
        // `If-Range = entity-tag / HTTP-date` is a single value. Policy: several
        // field lines are malformed, and a malformed value is false.
        let mut iter = lines.iter();
        let (Some(line), None) = (iter.next(), iter.next()) else {
            self.policy(Policies::MALFORMED_IF_RANGE);
            return false;
        };
        let value = facts::trim_ows(line.as_bytes());
        // ¶5: an entity-tag is told from an HTTP-date by its first characters.
        if value.starts_with(b"\"") || value.starts_with(b"W/\"") {
            let Ok(tag) = EntityTagRef::parse(value) else {
                self.policy(Policies::MALFORMED_IF_RANGE);
                return false;
            };
            // ¶8 item 1: true when it matches the current entity-tag under the
            // strong comparison (a weak tag never does); item 2: otherwise false.
            return self
                .current_etag()
                .is_some_and(|current| facts::strong_match(tag, current));
        }
        let Ok(date) = HttpDate::parse_at(value, self.input.now) else {
            self.policy(Policies::MALFORMED_IF_RANGE);
            return false;
        };
        // ¶7 item 2 asks for an exact match. A valid HTTP-date holds ":60"
        // only as its second (minutes stop at 59, §5.6.7), and no
        // Last-Modified value names a second 60: such a date matches nothing,
        // although `HttpDate` reads it as second 59.
        let leap_second = value.windows(3).any(|w| w == b":60");
        // ¶7 item 1: false unless the date is a strong validator (§8.8.2.2).
        self.read(Inputs::IF_RANGE_DATES);
        if self.input.if_range_dates == IfRangeDates::Weak {
            return false;
        }
        let Some(last_modified) = self.current_last_modified() else {
            return false;
        };
        if self.input.if_range_dates == IfRangeDates::Auto {
            // Policy: strong only when Last-Modified is at least 1 s before
            // `now` (the response Date; a cache's stored Date). Permitted by
            // §8.8.2.2 ¶1: a date is weak unless strength can be deduced; its
            // first case lets an origin that knows the representation did not
            // change twice in that second deduce it, its third lets a cache
            // deduce it from a stored Date at least 1 s after Last-Modified,
            // and its last paragraph explains why the one second suffices.
            self.policy(Policies::IF_RANGE_DATE_STRENGTH);
            if last_modified.unix_seconds() >= self.input.now.unix_seconds() {
                return false;
            }
        }
        // ¶7 item 2: true when the date exactly matches Last-Modified; item 3:
        // otherwise false.
        !leap_second && date == last_modified
    }
}
