//! The evaluator: the RFC 9110 §13.2.1 gate, then the six steps of §13.2.2.
//!
//! ```text
//!              ┌──────┐ ignore (§13.2.1, RFC 9111 §4.3.2)
//!   request ─▶ │ Gate │──────────────────────────────────────────▶ Ignored
//!              └──┬───┘
//!                 ▼            false
//!   1 IfMatch ────────────────────────────────────────────────────▶ 412
//!                 ▼            false
//!   2 IfUnmodifiedSince ──────────────────────────────────────────▶ 412
//!                 ▼            false: GET/HEAD → 304, others → 412
//!   3 IfNoneMatch ────────────────────────────────────────────────▶ 304 / 412
//!                 ▼            false (GET/HEAD only)
//!   4 IfModifiedSince ────────────────────────────────────────────▶ 304
//!                 ▼
//!   5 IfRange     (GET with Range: decides Honour / Ignore)
//!                 ▼
//!   6 Perform ────────────────────────────────────────────────────▶ Proceed
//! ```
//!
//! Each state is a value; its transition function reads what its rule needs
//! and returns the next state or the final outcome. A step whose field is
//! absent (or ignored) passes to the next state. A false condition whose 304
//! would not stand for a 200 also passes on (see
//! [`Context::with_unconditional_status`]).
//!
//! The machine is generic over a [`Recorder`]: [`evaluate`] uses [`NoTrace`],
//! whose `ENABLED = false` removes every line of tracing code, including the
//! header lookups only a trace needs.

use http::header::{self, HeaderName, HeaderValue};
use http::{HeaderMap, Method, StatusCode};
use precond_date::HttpDate;
use precond_etag::{Comparison, EntityTagRef, ListMatch, match_list};

use crate::input::{Context, DateStrength, Representation, Request, Role};
use crate::outcome::{IgnoredBecause, Outcome, RangeDecision, RangeIgnoredBecause, Step};
use crate::trace::{Entry, Evaluation, Field, Parsed, Reason, Stage, Trace};

/// Evaluates the request's preconditions for the selected representation, as
/// RFC 9110 §13.2 orders them.
///
/// Call it after the request's normal checks succeeded (authentication,
/// routing, method allowed…) and just before reading the request content or
/// performing the method (RFC 9110 §13.2.1 ¶1), with the status those checks
/// would give in [`Context::with_unconditional_status`].
///
/// No allocation, no panic, time linear in the size of the six fields read.
///
/// ```
/// use http::{header, HeaderMap, HeaderValue, Method};
/// use precond::{evaluate, Context, HttpDate, Outcome, Representation, Request, Step};
///
/// let modified = HttpDate::from_unix_seconds(1_700_000_000).unwrap();
/// let now = HttpDate::from_unix_seconds(1_700_000_500).unwrap();
/// let mut headers = HeaderMap::new();
/// headers.insert(header::IF_MODIFIED_SINCE, HeaderValue::from(modified));
///
/// let rep = Representation::new().with_last_modified(modified);
/// let outcome = evaluate(Request::new(&Method::GET, &headers), &rep, &Context::new(now));
/// assert_eq!(outcome, Outcome::NotModified { step: Step::IfModifiedSince });
/// ```
pub fn evaluate(req: Request<'_>, rep: &Representation<'_>, ctx: &Context) -> Outcome {
    Machine::new(req, rep, ctx, &mut NoTrace).run()
}

/// [`evaluate`], recording every stage in `trace` (which is cleared first).
///
/// The trace borrows the request's field values. It never allocates.
pub fn evaluate_traced<'a>(
    req: Request<'a>,
    rep: &Representation<'_>,
    ctx: &Context,
    trace: &mut Trace<'a>,
) -> Outcome {
    trace.clear();
    Machine::new(req, rep, ctx, trace).run()
}

/// Receives what the machine does. Private: [`Trace`] is the public recorder.
pub(crate) trait Recorder<'a> {
    /// When false, the machine skips all tracing work, lookups included.
    const ENABLED: bool;
    /// A stage was evaluated.
    fn entry(&mut self, entry: Entry<'a>);
    /// The modification date the conditions are compared with, and the
    /// Last-Modified set aside as a placeholder, if any.
    fn last_modified(&mut self, date: Option<HttpDate>, placeholder: Option<HttpDate>);
    /// The evaluation ended.
    fn outcome(&mut self, outcome: Outcome);
}

/// The recorder of [`evaluate`]: records nothing.
pub(crate) struct NoTrace;

impl<'a> Recorder<'a> for NoTrace {
    const ENABLED: bool = false;
    fn entry(&mut self, _: Entry<'a>) {}
    fn last_modified(&mut self, _: Option<HttpDate>, _: Option<HttpDate>) {}
    fn outcome(&mut self, _: Outcome) {}
}

impl<'a> Recorder<'a> for Trace<'a> {
    const ENABLED: bool = true;
    fn entry(&mut self, entry: Entry<'a>) {
        self.push(entry);
    }
    fn last_modified(&mut self, date: Option<HttpDate>, placeholder: Option<HttpDate>) {
        self.set_last_modified(date, placeholder);
    }
    fn outcome(&mut self, outcome: Outcome) {
        self.set_outcome(outcome);
    }
}

/// The states: the §13.2.1 gate, then one per step of §13.2.2. A state
/// carries what an earlier step found out that its own rule depends on.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum State {
    Gate,
    IfMatch,
    IfUnmodifiedSince { if_match: bool },
    IfNoneMatch,
    IfModifiedSince { if_none_match: bool },
    IfRange,
    Perform { range: RangeDecision },
}

/// What a transition returns.
enum Transition {
    Next(State),
    Done(Outcome),
}

struct Machine<'m, 'a, 'r, R> {
    method: &'a Method,
    headers: &'a HeaderMap,
    rep: &'m Representation<'r>,
    ctx: &'m Context,
    recorder: &'m mut R,
    /// The modification date compared with, set by the gate.
    last_modified: Option<HttpDate>,
}

impl<'m, 'a, 'r, R: Recorder<'a>> Machine<'m, 'a, 'r, R> {
    fn new(
        req: Request<'a>,
        rep: &'m Representation<'r>,
        ctx: &'m Context,
        recorder: &'m mut R,
    ) -> Self {
        Machine {
            method: req.method(),
            headers: req.headers(),
            rep,
            ctx,
            recorder,
            last_modified: None,
        }
    }

    fn run(mut self) -> Outcome {
        let mut state = State::Gate;
        // Every transition moves strictly forward (Gate, steps 1 to 6), so the
        // loop ends after at most seven turns.
        loop {
            let transition = match state {
                State::Gate => self.gate(),
                State::IfMatch => self.if_match(),
                State::IfUnmodifiedSince { if_match } => self.if_unmodified_since(if_match),
                State::IfNoneMatch => self.if_none_match(),
                State::IfModifiedSince { if_none_match } => self.if_modified_since(if_none_match),
                State::IfRange => self.if_range(),
                State::Perform { range } => self.perform(range),
            };
            match transition {
                Transition::Next(next) => state = next,
                Transition::Done(outcome) => {
                    self.recorder.outcome(outcome);
                    return outcome;
                }
            }
        }
    }

    // ---- transitions -------------------------------------------------------

    /// RFC 9110 §13.2.1 (and RFC 9111 §4.3.2): whether to evaluate at all.
    fn gate(&mut self) -> Transition {
        let status = self.ctx.unconditional_status();
        let ignored = if !(status.is_success() || status == StatusCode::PRECONDITION_FAILED) {
            // spec: 9110-13.2.1-ignore-unless-2xx-or-412
            // RFC 9110 §13.2.1 ¶1: when the response without the conditions
            // would be anything but 2xx or 412, every condition is ignored (the
            // earlier redirect or error wins).
            Some(IgnoredBecause::UnconditionalStatus)
        } else if *self.method == Method::CONNECT
            || *self.method == Method::OPTIONS
            || *self.method == Method::TRACE
        {
            // spec: 9110-13.2.1-ignore-connect-options-trace
            // RFC 9110 §13.2.1 ¶2: methods that neither select nor modify a
            // representation ignore the conditional fields.
            Some(IgnoredBecause::Method)
        } else if self.ctx.role() == Role::Cache && !self.is_get_or_head() {
            // spec: 9111-4.3.2-cache-no-origin-only
            // RFC 9111 §4.3.2 ¶3: a cache must not evaluate the conditions of
            // a request whose semantics no cached response can satisfy; only
            // GET and HEAD can be answered from a stored response, so any
            // other method goes on to the origin with its conditions.
            Some(IgnoredBecause::CacheMethod)
        } else if self.ctx.role() == Role::Cache && !self.rep.exists() {
            // spec: 9111-4.3.2-cache-no-origin-only
            // RFC 9111 §4.3.2 ¶3: a cache with no stored response for the
            // target leaves the conditions to an inbound server.
            Some(IgnoredBecause::NotStored)
        } else {
            None
        };
        match ignored {
            Some(why) => {
                self.note(
                    Stage::Gate,
                    None,
                    Parsed::NotParsed,
                    Evaluation::Ignored(Reason::Gate(why)),
                    why.section(),
                );
                Transition::Done(Outcome::Ignored(why))
            }
            None => {
                self.last_modified = self.rep.current_last_modified(self.ctx);
                if R::ENABLED {
                    let placeholder = self.rep.placeholder(self.ctx);
                    self.recorder.last_modified(self.last_modified, placeholder);
                }
                self.note(
                    Stage::Gate,
                    None,
                    Parsed::NotParsed,
                    Evaluation::True,
                    "RFC 9110 §13.2.1",
                );
                Transition::Next(State::IfMatch)
            }
        }
    }

    /// RFC 9110 §13.2.2 ¶3 step 1: If-Match, at an origin server.
    fn if_match(&mut self) -> Transition {
        const STEP: Stage = Stage::Step(Step::IfMatch);
        match self.ctx.role() {
            Role::Origin => {}
            Role::Cache => {
                // spec: 9110-13.1.1-cache-may-ignore, 9111-4.3.2-cache-no-origin-only
                // RFC 9111 §4.3.2 ¶4: If-Match is for the origin; a cache
                // skips step 1 (as RFC 9110 §13.1.1 allows).
                self.note_unread(STEP, Field::IfMatch, Reason::OriginOnly);
                return Transition::Next(State::IfUnmodifiedSince { if_match: false });
            }
        }
        let lines = self.headers.get_all(header::IF_MATCH);
        if lines.iter().next().is_none() {
            self.note_absent(STEP, Field::IfMatch);
            return Transition::Next(State::IfUnmodifiedSince { if_match: false });
        }
        // spec: 9110-13.1.1-strong-comparison, 9110-5.6.1.2-recipient-list-syntax
        // RFC 9110 §13.1.1: members are compared with the current entity-tag
        // by the strong function; all field lines form one list (§5.3).
        let list = match_list(
            lines.iter().map(HeaderValue::as_bytes),
            self.rep.current_etag(),
            Comparison::Strong,
        );
        // spec: 9110-13.1.1-evaluate
        let holds = match list {
            // §13.1.1 rule 1: `*` is true when a current representation exists.
            Ok(ListMatch::Any) => self.rep.exists(),
            // §13.1.1 rule 2: a list is true when one of its members matches.
            Ok(ListMatch::Tags {
                matched: Some(_), ..
            }) => true,
            // §13.1.1 rule 3: anything else is false: a list where nothing
            // matches (an empty one included), and, by design policy, a value
            // that is not `"*" / #entity-tag` (fail closed: a malformed
            // If-Match never lets the method proceed).
            _ => false,
        };
        let parsed = match list {
            Ok(ListMatch::Any) => Parsed::Any,
            Ok(ListMatch::Tags { count, matched }) => Parsed::Tags { count, matched },
            Err(e) => Parsed::Malformed(e),
        };
        self.note_read(STEP, Field::IfMatch, parsed, holds, "RFC 9110 §13.1.1");
        if holds {
            // §13.2.2 step 1: true continues (step 2 then ignores
            // If-Unmodified-Since, §13.1.4).
            Transition::Next(State::IfUnmodifiedSince { if_match: true })
        } else {
            // spec: 9110-13.1.1-false-stops-method, 9110-13.1.1-respond-412
            // §13.2.2 step 1: false answers 412; the method is not performed.
            Transition::Done(Outcome::PreconditionFailed {
                step: Step::IfMatch,
            })
        }
    }

    /// RFC 9110 §13.2.2 ¶3 step 2: If-Unmodified-Since, at an origin server,
    /// without If-Match.
    fn if_unmodified_since(&mut self, if_match: bool) -> Transition {
        const STEP: Stage = Stage::Step(Step::IfUnmodifiedSince);
        const NEXT: Transition = Transition::Next(State::IfNoneMatch);
        match self.ctx.role() {
            Role::Origin => {}
            Role::Cache => {
                // spec: 9110-13.1.4-cache-may-ignore, 9111-4.3.2-cache-no-origin-only
                // RFC 9111 §4.3.2 ¶4: If-Unmodified-Since is for the origin.
                self.note_unread(STEP, Field::IfUnmodifiedSince, Reason::OriginOnly);
                return NEXT;
            }
        }
        if if_match {
            // spec: 9110-13.1.4-ignore-if-im
            // RFC 9110 §13.1.4: If-Match, when present, replaces this field.
            self.note_unread(STEP, Field::IfUnmodifiedSince, Reason::IfMatchPresent);
            return NEXT;
        }
        let Some((date, last_modified)) =
            self.date_condition(STEP, Field::IfUnmodifiedSince, header::IF_UNMODIFIED_SINCE)
        else {
            return NEXT;
        };
        // spec: 9110-13.1.4-evaluate, 9110-13.1.4-origin-clock
        // RFC 9110 §13.1.4: true when the representation was last modified at
        // or before the given date, otherwise false. The date is taken as on
        // our clock: compared as is.
        let holds = last_modified <= date;
        self.note_read(
            STEP,
            Field::IfUnmodifiedSince,
            Parsed::Date(date),
            holds,
            "RFC 9110 §13.1.4",
        );
        if holds {
            NEXT
        } else {
            // spec: 9110-13.1.4-false-stops-method, 9110-13.1.4-respond-412
            // §13.2.2 step 2: false answers 412; the method is not performed.
            Transition::Done(Outcome::PreconditionFailed {
                step: Step::IfUnmodifiedSince,
            })
        }
    }

    /// RFC 9110 §13.2.2 ¶3 step 3: If-None-Match (origin and cache).
    fn if_none_match(&mut self) -> Transition {
        const STEP: Stage = Stage::Step(Step::IfNoneMatch);
        let lines = self.headers.get_all(header::IF_NONE_MATCH);
        if lines.iter().next().is_none() {
            self.note_absent(STEP, Field::IfNoneMatch);
            return Transition::Next(State::IfModifiedSince {
                if_none_match: false,
            });
        }
        // spec: 9110-13.1.2-weak-comparison, 9110-5.6.1.2-recipient-list-syntax
        // RFC 9110 §13.1.2: members are compared with the current entity-tag
        // by the weak function; all field lines form one list (§5.3).
        let list = match_list(
            lines.iter().map(HeaderValue::as_bytes),
            self.rep.current_etag(),
            Comparison::Weak,
        );
        // spec: 9110-13.1.2-evaluate
        let holds = match list {
            // §13.1.2 rule 1: `*` is false when a current representation exists.
            Ok(ListMatch::Any) => !self.rep.exists(),
            // §13.1.2 rule 2: a list is false when one of its members matches.
            Ok(ListMatch::Tags {
                matched: Some(_), ..
            }) => false,
            // §13.1.2 rule 3: anything else is true: a list where nothing
            // matches, and, by design policy, a value that is not
            // `"*" / #entity-tag` (a malformed field never yields a 304).
            _ => true,
        };
        let parsed = match list {
            Ok(ListMatch::Any) => Parsed::Any,
            Ok(ListMatch::Tags { count, matched }) => Parsed::Tags { count, matched },
            Err(e) => Parsed::Malformed(e),
        };
        self.note_read(STEP, Field::IfNoneMatch, parsed, holds, "RFC 9110 §13.1.2");
        // §13.2.2 step 3: true continues to step 5; step 4 then ignores
        // If-Modified-Since (§13.1.3), so the state says If-None-Match was here.
        let next = Transition::Next(State::IfModifiedSince {
            if_none_match: true,
        });
        if holds {
            return next;
        }
        // spec: 9110-13.1.2-false-stops-method, 9110-13.1.2-304-or-412
        // §13.2.2 step 3: false answers 304 for GET and HEAD, 412 otherwise.
        if self.is_get_or_head() {
            self.not_modified(Step::IfNoneMatch).unwrap_or(next)
        } else {
            Transition::Done(Outcome::PreconditionFailed {
                step: Step::IfNoneMatch,
            })
        }
    }

    /// RFC 9110 §13.2.2 ¶3 step 4: If-Modified-Since, for GET and HEAD without
    /// If-None-Match.
    fn if_modified_since(&mut self, if_none_match: bool) -> Transition {
        const STEP: Stage = Stage::Step(Step::IfModifiedSince);
        const NEXT: Transition = Transition::Next(State::IfRange);
        if if_none_match {
            // spec: 9110-13.1.3-ignore-if-inm
            // RFC 9110 §13.1.3: If-None-Match, when present, replaces this
            // field. Not even looked up unless tracing.
            self.note_unread(STEP, Field::IfModifiedSince, Reason::IfNoneMatchPresent);
            return NEXT;
        }
        if !self.is_get_or_head() {
            // spec: 9110-13.1.3-ignore-invalid
            // RFC 9110 §13.1.3: only GET and HEAD evaluate it.
            self.note_unread(STEP, Field::IfModifiedSince, Reason::NotGetOrHead);
            return NEXT;
        }
        let Some((date, last_modified)) =
            self.date_condition(STEP, Field::IfModifiedSince, header::IF_MODIFIED_SINCE)
        else {
            return NEXT;
        };
        // spec: 9110-13.1.3-evaluate, 9110-13.1.3-origin-clock
        // RFC 9110 §13.1.3: false when the representation was last modified at
        // or before the given date, otherwise true. The date is taken as on
        // our clock: compared as is.
        let holds = last_modified > date;
        self.note_read(
            STEP,
            Field::IfModifiedSince,
            Parsed::Date(date),
            holds,
            "RFC 9110 §13.1.3",
        );
        if holds {
            NEXT
        } else {
            // spec: 9110-13.1.3-false-stops-method, 9110-13.1.3-respond-304
            // §13.2.2 step 4: false answers 304.
            self.not_modified(Step::IfModifiedSince).unwrap_or(NEXT)
        }
    }

    /// RFC 9110 §13.2.2 ¶3 step 5: what becomes of Range, If-Range included.
    fn if_range(&mut self) -> Transition {
        const STEP: Stage = Stage::Step(Step::IfRange);
        let ignore = |why| {
            Transition::Next(State::Perform {
                range: RangeDecision::Ignore(why),
            })
        };
        if *self.method != Method::GET {
            // spec: 9110-14.2-ignore-range-unless-get
            // RFC 9110 §14.2: range handling is defined for GET only (HEAD
            // included in "not GET"); If-Range goes with it (§13.2.2 step 5
            // applies only "when the method is GET"). Whether a Range is
            // there or not, it is not processed: not even looked up.
            self.note_unread(
                STEP,
                Field::IfRange,
                Reason::Range(RangeIgnoredBecause::NotGet),
            );
            return ignore(RangeIgnoredBecause::NotGet);
        }
        let range = self.headers.get_all(header::RANGE);
        if range.iter().next().is_none() {
            // spec: 9110-13.1.5-ignore-without-range
            // RFC 9110 §13.1.5: If-Range without Range is ignored.
            self.note_unread(STEP, Field::IfRange, Reason::NoRange);
            return Transition::Next(State::Perform {
                range: RangeDecision::Absent,
            });
        }
        if self.ctx.unconditional_status() != StatusCode::OK {
            // RFC 9110 §14.2: Range is evaluated only when the response
            // without it would be 200 (a 206 stands for part of a 200).
            self.note_unread(
                STEP,
                Field::IfRange,
                Reason::Range(RangeIgnoredBecause::NotOk),
            );
            return ignore(RangeIgnoredBecause::NotOk);
        }
        if !self.rep.supports_ranges() {
            // spec: 9110-13.1.5-ignore-without-range-support
            // RFC 9110 §14 and §13.1.5: a resource without range support
            // ignores Range, and so If-Range.
            self.note_unread(
                STEP,
                Field::IfRange,
                Reason::Range(RangeIgnoredBecause::NotSupported),
            );
            return ignore(RangeIgnoredBecause::NotSupported);
        }
        let lines = self.headers.get_all(header::IF_RANGE);
        let mut iter = lines.iter();
        let Some(first) = iter.next() else {
            // §13.2.2 step 6: a plain Range request; the Range is processed.
            self.note_absent(STEP, Field::IfRange);
            return Transition::Next(State::Perform {
                range: RangeDecision::Honour,
            });
        };
        // spec: 9110-13.1.5-evaluate
        let (holds, parsed, section) = if iter.next().is_some() {
            // Design policy: If-Range is one value; several field lines are
            // malformed, and a malformed If-Range is false.
            (false, Parsed::SeveralValues, "RFC 9110 §13.1.5")
        } else {
            self.if_range_value(first.as_bytes())
        };
        self.note_read(STEP, Field::IfRange, parsed, holds, section);
        if holds {
            // spec: 9110-13.1.5-true-honours-range
            // §13.2.2 step 5: true, so the Range is processed (206).
            Transition::Next(State::Perform {
                range: RangeDecision::Honour,
            })
        } else {
            // spec: 9110-13.1.5-false-ignores-range
            // §13.1.5: false, so the Range is ignored (200).
            ignore(RangeIgnoredBecause::IfRangeFalse)
        }
    }

    /// RFC 9110 §13.2.2 ¶3 step 6: perform the method.
    fn perform(&mut self, range: RangeDecision) -> Transition {
        let (evaluation, section) = match range {
            RangeDecision::Honour => (Evaluation::True, "RFC 9110 §14.2"),
            RangeDecision::Absent => (Evaluation::Ignored(Reason::Absent), "RFC 9110 §13.2.2"),
            RangeDecision::Ignore(why) => (Evaluation::Ignored(Reason::Range(why)), why.section()),
        };
        if R::ENABLED {
            // A method other than GET does not look Range up (§14.2); a trace
            // does, so as not to claim it ignored a field that was not sent.
            let (evaluation, section) = match range {
                RangeDecision::Ignore(RangeIgnoredBecause::NotGet)
                    if !self.headers.contains_key(header::RANGE) =>
                {
                    (Evaluation::Ignored(Reason::Absent), "RFC 9110 §13.2.2")
                }
                _ => (evaluation, section),
            };
            let parsed = if evaluation == Evaluation::Ignored(Reason::Absent) {
                Parsed::Absent
            } else {
                Parsed::NotParsed
            };
            self.note(
                Stage::Step(Step::Perform),
                Some(Field::Range),
                parsed,
                evaluation,
                section,
            );
        }
        Transition::Done(Outcome::Proceed { range })
    }

    // ---- helpers -----------------------------------------------------------

    /// RFC 9110 §13.1.5: evaluates one If-Range value. Returns whether it
    /// holds, what it parsed to and the section that decided.
    fn if_range_value(&self, value: &'a [u8]) -> (bool, Parsed<'a>, &'static str) {
        // §13.1.5: an entity-tag starts with DQUOTE or `W/"`, anything else
        // is read as an HTTP-date. Leading OWS is skipped for the choice only
        // (both parsers trim OWS themselves).
        let start = value
            .iter()
            .position(|&b| b != b' ' && b != b'\t')
            .and_then(|i| value.get(i..))
            .unwrap_or(&[]);
        if start.starts_with(b"\"") || start.starts_with(b"W/\"") {
            return match EntityTagRef::parse(value) {
                // Design policy: a malformed If-Range is false.
                Err(e) => (false, Parsed::Malformed(e), "RFC 9110 §13.1.5"),
                // §13.1.5 entity-tag rules 1 and 2: true only on a strong
                // match with the current entity-tag, so never for a weak tag.
                Ok(tag) => {
                    let holds = self
                        .rep
                        .current_etag()
                        .is_some_and(|current| tag.strong_eq(current));
                    (holds, Parsed::Tag(tag), "RFC 9110 §13.1.5")
                }
            };
        }
        let (date, parsed) = match HttpDate::parse_detailed(value, self.ctx.now()) {
            Ok(read) if read.leap_second() => (read.date(), Parsed::LeapSecond(read.date())),
            Ok(read) => (read.date(), Parsed::Date(read.date())),
            // Design policy: a malformed If-Range is false.
            Err(e) => return (false, Parsed::InvalidDate(e), "RFC 9110 §13.1.5"),
        };
        let Some(last_modified) = self.last_modified else {
            // §13.1.5 date rule 3: nothing to match.
            return (false, parsed, "RFC 9110 §13.1.5");
        };
        // §13.1.5 date rule 1: false unless the date is a strong validator.
        let strong = match self.ctx.last_modified_strength() {
            DateStrength::Strong => true,
            DateStrength::Weak => false,
            // Design policy, from RFC 9110 §8.8.2.2: strong when Last-Modified
            // is at least one second before the response's Date (`now`).
            DateStrength::Auto => last_modified.unix_seconds() < self.ctx.now().unix_seconds(),
        };
        if !strong {
            return (false, parsed, "RFC 9110 §8.8.2.2");
        }
        // spec: 9110-13.1.5-evaluate
        // §13.1.5 date rules 2 and 3: true on an exact match only. A date
        // written with second 60 is read as second 59 (precond-date), but it
        // names no second a Last-Modified can hold: never an exact match.
        let exact = date == last_modified && !matches!(parsed, Parsed::LeapSecond(_));
        (exact, parsed, "RFC 9110 §13.1.5")
    }

    /// A false If-None-Match / If-Modified-Since on GET or HEAD: 304 when the
    /// unconditional status is 200; `None` (go on) otherwise.
    fn not_modified(&mut self, step: Step) -> Option<Transition> {
        if self.ctx.unconditional_status() == StatusCode::OK {
            return Some(Transition::Done(Outcome::NotModified { step }));
        }
        // Design policy, from RFC 9110 §15.4.5 ¶1: a 304 tells the client to
        // use its stored copy as if it were the content of a 200. With another
        // unconditional status (204, 412…) there is no such 200: the request
        // proceeds with its unconditional status instead.
        self.note(
            Stage::Step(step),
            None,
            Parsed::NotParsed,
            Evaluation::Ignored(Reason::NotModifiedNeedsOk),
            Reason::NotModifiedNeedsOk.section(),
        );
        None
    }

    /// Reads an If-Modified-Since or If-Unmodified-Since field (exactly one
    /// field line holding a valid HTTP-date) and returns the date it holds
    /// with the modification date to compare it with, or records why the
    /// field is ignored and returns `None`. The two fields share these rules
    /// (RFC 9110 §13.1.3, §13.1.4).
    fn date_condition(
        &mut self,
        stage: Stage,
        field: Field,
        name: HeaderName,
    ) -> Option<(HttpDate, HttpDate)> {
        let lines = self.headers.get_all(name);
        let mut iter = lines.iter();
        let Some(first) = iter.next() else {
            self.note_absent(stage, field);
            return None;
        };
        if iter.next().is_some() {
            // spec: 9110-13.1.3-ignore-invalid, 9110-13.1.4-ignore-invalid
            // A list of dates is not an HTTP-date.
            self.note_ignored(stage, field, Parsed::ListOfDates, Reason::ListOfDates);
            return None;
        }
        let date = match HttpDate::parse_at(first.as_bytes(), self.ctx.now()) {
            Ok(date) => date,
            Err(e) => {
                // spec: 9110-13.1.3-ignore-invalid, 9110-13.1.4-ignore-invalid
                self.note_ignored(stage, field, Parsed::InvalidDate(e), Reason::InvalidDate);
                return None;
            }
        };
        let Some(last_modified) = self.last_modified else {
            // spec: 9110-13.1.3-ignore-without-date, 9110-13.1.4-ignore-without-date
            // No modification date, nothing to compare.
            if R::ENABLED {
                let why = self
                    .rep
                    .placeholder(self.ctx)
                    .map_or(Reason::NoLastModified, Reason::Placeholder);
                self.note_ignored(stage, field, Parsed::Date(date), why);
            }
            return None;
        };
        Some((date, last_modified))
    }

    fn is_get_or_head(&self) -> bool {
        *self.method == Method::GET || *self.method == Method::HEAD
    }

    // ---- recording (no-ops unless R::ENABLED) -------------------------------

    fn note(
        &mut self,
        stage: Stage,
        field: Option<Field>,
        parsed: Parsed<'a>,
        evaluation: Evaluation,
        section: &'static str,
    ) {
        if R::ENABLED {
            let source = field.map(|f| (self.headers, f));
            self.recorder
                .entry(Entry::new(stage, source, parsed, evaluation, section));
        }
    }

    /// A field that was read and evaluated.
    fn note_read(
        &mut self,
        stage: Stage,
        field: Field,
        parsed: Parsed<'a>,
        holds: bool,
        section: &'static str,
    ) {
        let evaluation = if holds {
            Evaluation::True
        } else {
            Evaluation::False
        };
        self.note(stage, Some(field), parsed, evaluation, section);
    }

    /// A field that was read and then ignored.
    fn note_ignored(&mut self, stage: Stage, field: Field, parsed: Parsed<'a>, why: Reason) {
        self.note(
            stage,
            Some(field),
            parsed,
            Evaluation::Ignored(why),
            why.section(),
        );
    }

    /// A field that is absent.
    fn note_absent(&mut self, stage: Stage, field: Field) {
        self.note(
            stage,
            Some(field),
            Parsed::Absent,
            Evaluation::Ignored(Reason::Absent),
            Reason::Absent.section(),
        );
    }

    /// A field ignored without being read: only a trace looks it up, to tell
    /// "absent" from "ignored".
    fn note_unread(&mut self, stage: Stage, field: Field, why: Reason) {
        if R::ENABLED {
            let present = self.headers.contains_key(field.header_name());
            if present {
                self.note(
                    stage,
                    Some(field),
                    Parsed::NotParsed,
                    Evaluation::Ignored(why),
                    why.section(),
                );
            } else {
                self.note_absent(stage, field);
            }
        }
    }
}
