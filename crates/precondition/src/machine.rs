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
//! Each state is a value carrying what an earlier stage found out that a
//! later rule depends on (the modification date, worked out once when the
//! gate opens; whether If-Match or If-None-Match was there). Each stage is a
//! function from its inputs to a [`Verdict`]: the field it read, what the
//! value parsed to, and true / false / ignored (with the reason). [`run`]
//! records each verdict, in one place, and takes the transition
//! [`Machine::next`] derives from it: the next state or the outcome. A step
//! whose field is absent (or ignored) passes to the next state. A false
//! condition whose 304 would not stand for a 200 also passes on, through
//! [`State::NoNotModified`] (see [`Context::with_unconditional_status`]).
//!
//! The machine is generic over a [`Recorder`]: [`evaluate`] uses [`NoTrace`],
//! whose `ENABLED = false` removes every line of tracing code, including the
//! header lookups only a trace needs.
//!
//! [`run`]: Machine::run

use http::header::{self, HeaderName, HeaderValue};
use http::{HeaderMap, Method, StatusCode};
use precond_date::HttpDate;
use precond_etag::{Comparison, ListMatch, match_list};

use crate::if_range::{IfRangeError, IfRangeValue};
use crate::input::{Context, DateStrength, EpochPolicy, Representation, Request, Role};
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

/// The representation's modification date as the conditions compare it,
/// worked out once, when the gate opens.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Modified {
    /// The Last-Modified given, truncated to the second and, if later than
    /// `now`, replaced by `now`.
    At(HttpDate),
    /// No modification date: none was given, or there is no current
    /// representation.
    Unknown,
    /// The Last-Modified given is a placeholder that
    /// [`EpochPolicy::TreatAsAbsent`] sets aside: no modification date.
    Placeholder(HttpDate),
}

/// The Last-Modified values, in Unix seconds, that
/// [`EpochPolicy::TreatAsAbsent`] reads as placeholders: the Unix epoch and
/// the second after it.
const EPOCH_PLACEHOLDERS: [i64; 2] = [0, 1];

impl Modified {
    fn of(rep: &Representation<'_>, ctx: &Context) -> Self {
        let Some(given) = rep.last_modified().filter(|_| rep.exists()) else {
            return Modified::Unknown;
        };
        // Design policy (EpochPolicy), permitted by RFC 9110 §8.8.2.1 ¶2 (how a
        // modification time is determined is the implementation's business)
        // and ¶1 (send one only when it can be determined reasonably and
        // consistently): Unix second 0 or 1, exactly, is what an unset file
        // time or a reproducible build writes, not a time the representation
        // changed. It counts as no date at all, so If-Modified-Since and
        // If-Unmodified-Since are ignored (§13.1.3 ¶5, §13.1.4 ¶5) and an
        // If-Range date is false (§13.1.5). Every other date, before 1970
        // included, is a modification date and is compared.
        if ctx.epoch_policy() == EpochPolicy::TreatAsAbsent
            && EPOCH_PLACEHOLDERS.contains(&given.unix_seconds())
        {
            return Modified::Placeholder(given);
        }
        // spec: 9110-8.8.2.1-clamp-future-last-modified
        // RFC 9110 §8.8.2.1 ¶4: a modification time later than the moment the
        // message originates is replaced by that moment; `now` stands for it.
        Modified::At(given.min(ctx.now()))
    }

    /// The date compared with, if any.
    fn date(self) -> Option<HttpDate> {
        match self {
            Modified::At(date) => Some(date),
            Modified::Unknown | Modified::Placeholder(_) => None,
        }
    }

    /// Why a date condition has nothing to compare with.
    fn absent_because(self) -> Reason {
        match self {
            Modified::Placeholder(date) => Reason::Placeholder(date),
            Modified::At(_) | Modified::Unknown => Reason::NoLastModified,
        }
    }
}

/// The states: the §13.2.1 gate, then one per step of §13.2.2, and the stop
/// after a false condition whose 304 cannot be sent. A state carries what an
/// earlier stage found out that its own rule depends on.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum State {
    Gate,
    IfMatch(Modified),
    IfUnmodifiedSince {
        modified: Modified,
        if_match: bool,
    },
    IfNoneMatch(Modified),
    IfModifiedSince {
        modified: Modified,
        if_none_match: bool,
    },
    /// A false If-None-Match or If-Modified-Since on GET or HEAD whose
    /// unconditional status is not 200: no 304, the evaluation goes on.
    NoNotModified {
        step: Step,
        modified: Modified,
    },
    IfRange(Modified),
    Perform {
        range: RangeDecision,
    },
}

impl State {
    fn stage(self) -> Stage {
        Stage::Step(match self {
            State::Gate => return Stage::Gate,
            State::IfMatch(_) => Step::IfMatch,
            State::IfUnmodifiedSince { .. } => Step::IfUnmodifiedSince,
            State::IfNoneMatch(_) => Step::IfNoneMatch,
            State::IfModifiedSince { .. } => Step::IfModifiedSince,
            State::NoNotModified { step, .. } => step,
            State::IfRange(_) => Step::IfRange,
            State::Perform { .. } => Step::Perform,
        })
    }
}

/// What a stage found: the field it is about (none for the gate and for
/// [`State::NoNotModified`]), what the field's value parsed to, and how the
/// stage came out. Its section follows from the stage and the evaluation
/// ([`Entry::section`]).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct Verdict<'a> {
    field: Option<Field>,
    parsed: Parsed<'a>,
    evaluation: Evaluation,
}

impl<'a> Verdict<'a> {
    /// A condition that was read and evaluated.
    fn read(field: Field, parsed: Parsed<'a>, holds: bool) -> Self {
        let evaluation = if holds {
            Evaluation::True
        } else {
            Evaluation::False
        };
        Verdict {
            field: Some(field),
            parsed,
            evaluation,
        }
    }

    /// A field that was read and then ignored.
    fn ignored(field: Field, parsed: Parsed<'a>, why: Reason) -> Self {
        Verdict {
            field: Some(field),
            parsed,
            evaluation: Evaluation::Ignored(why),
        }
    }

    /// A field ignored without being read (a trace still tells whether it
    /// was there).
    fn unread(field: Field, why: Reason) -> Self {
        Verdict::ignored(field, Parsed::NotParsed, why)
    }

    /// A field that is absent.
    fn absent(field: Field) -> Self {
        Verdict::ignored(field, Parsed::Absent, Reason::Absent)
    }

    /// A stage that reads no field.
    fn without_field(evaluation: Evaluation) -> Self {
        Verdict {
            field: None,
            parsed: Parsed::NotParsed,
            evaluation,
        }
    }
}

/// What a transition returns.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
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
        }
    }

    fn run(mut self) -> Outcome {
        let mut state = State::Gate;
        // Every transition moves strictly forward (gate, steps 1 to 6, at
        // most one stop without a 304 in between), so the loop ends after at
        // most eight turns.
        loop {
            let verdict = self.verdict(state);
            let transition = self.next(state, verdict.evaluation);
            self.record(state, verdict, transition);
            match transition {
                Transition::Next(next) => state = next,
                Transition::Done(outcome) => return outcome,
            }
        }
    }

    /// The verdict of the stage `state` stands for.
    fn verdict(&self, state: State) -> Verdict<'a> {
        match state {
            State::Gate => self.gate(),
            State::IfMatch(_) => self.if_match(),
            State::IfUnmodifiedSince { modified, if_match } => {
                self.if_unmodified_since(if_match, modified)
            }
            State::IfNoneMatch(_) => self.if_none_match(),
            State::IfModifiedSince {
                modified,
                if_none_match,
            } => self.if_modified_since(if_none_match, modified),
            State::NoNotModified { .. } => {
                Verdict::without_field(Evaluation::Ignored(Reason::NotModifiedNeedsOk))
            }
            State::IfRange(modified) => self.if_range(modified),
            State::Perform { range } => Self::perform(range),
        }
    }

    /// RFC 9110 §13.2.2 ¶3: where a stage's evaluation leads.
    fn next(&self, state: State, evaluation: Evaluation) -> Transition {
        use Evaluation::{False, Ignored, True};
        use Transition::{Done, Next};
        match state {
            State::Gate => match evaluation {
                Ignored(Reason::Gate(why)) => Done(Outcome::Ignored(why)),
                _ => Next(State::IfMatch(Modified::of(self.rep, self.ctx))),
            },
            State::IfMatch(modified) => match evaluation {
                // spec: 9110-13.1.1-false-stops-method, 9110-13.1.1-respond-412
                // Step 1: false answers 412; the method is not performed.
                False => Done(Outcome::PreconditionFailed {
                    step: Step::IfMatch,
                }),
                // True continues, and step 2 then ignores If-Unmodified-Since
                // (§13.1.4).
                _ => Next(State::IfUnmodifiedSince {
                    modified,
                    if_match: evaluation == True,
                }),
            },
            State::IfUnmodifiedSince { modified, .. } => match evaluation {
                // spec: 9110-13.1.4-false-stops-method, 9110-13.1.4-respond-412
                // Step 2: false answers 412; the method is not performed.
                False => Done(Outcome::PreconditionFailed {
                    step: Step::IfUnmodifiedSince,
                }),
                _ => Next(State::IfNoneMatch(modified)),
            },
            State::IfNoneMatch(modified) => match evaluation {
                // spec: 9110-13.1.2-false-stops-method, 9110-13.1.2-304-or-412
                // Step 3: false answers 304 for GET and HEAD, 412 otherwise.
                False if self.is_get_or_head() => self.not_modified(Step::IfNoneMatch, modified),
                False => Done(Outcome::PreconditionFailed {
                    step: Step::IfNoneMatch,
                }),
                // True continues to step 5: step 4 then ignores
                // If-Modified-Since (§13.1.3), so the state says If-None-Match
                // was here.
                True => Next(State::IfModifiedSince {
                    modified,
                    if_none_match: true,
                }),
                Ignored(_) => Next(State::IfModifiedSince {
                    modified,
                    if_none_match: false,
                }),
            },
            State::IfModifiedSince { modified, .. } => match evaluation {
                // spec: 9110-13.1.3-false-stops-method, 9110-13.1.3-respond-304
                // Step 4: false answers 304.
                False => self.not_modified(Step::IfModifiedSince, modified),
                _ => Next(State::IfRange(modified)),
            },
            State::NoNotModified { step, modified } => Next(match step {
                Step::IfNoneMatch => State::IfModifiedSince {
                    modified,
                    if_none_match: true,
                },
                _ => State::IfRange(modified),
            }),
            State::IfRange(_) => Next(State::Perform {
                range: match evaluation {
                    // spec: 9110-13.1.5-true-honours-range
                    // Step 5: true, so the Range is processed (206); without
                    // If-Range, a plain Range request (step 6) likewise.
                    True | Ignored(Reason::Absent) => RangeDecision::Honour,
                    // spec: 9110-13.1.5-false-ignores-range
                    // §13.1.5: false, so the Range is ignored (200).
                    False => RangeDecision::Ignore(RangeIgnoredBecause::IfRangeFalse),
                    Ignored(Reason::Range(why)) => RangeDecision::Ignore(why),
                    // Reason::NoRange: there is no Range to process.
                    Ignored(_) => RangeDecision::Absent,
                },
            }),
            State::Perform { range } => Done(Outcome::Proceed { range }),
        }
    }

    /// A false If-None-Match / If-Modified-Since on GET or HEAD: 304 when the
    /// unconditional status is 200; otherwise the evaluation goes on.
    fn not_modified(&self, step: Step, modified: Modified) -> Transition {
        if self.ctx.unconditional_status() == StatusCode::OK {
            return Transition::Done(Outcome::NotModified { step });
        }
        // Design policy, from RFC 9110 §15.4.5 ¶1: a 304 tells the client to
        // use its stored copy as if it were the content of a 200. With another
        // unconditional status (204, 412…) there is no such 200: the request
        // proceeds with its unconditional status instead.
        Transition::Next(State::NoNotModified { step, modified })
    }

    // ---- the stages ----------------------------------------------------------

    /// RFC 9110 §13.2.1 (and RFC 9111 §4.3.2): whether to evaluate at all.
    fn gate(&self) -> Verdict<'a> {
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
        Verdict::without_field(match ignored {
            Some(why) => Evaluation::Ignored(Reason::Gate(why)),
            None => Evaluation::True,
        })
    }

    /// RFC 9110 §13.2.2 ¶3 step 1: If-Match, at an origin server.
    fn if_match(&self) -> Verdict<'a> {
        const FIELD: Field = Field::IfMatch;
        match self.ctx.role() {
            Role::Origin => {}
            Role::Cache => {
                // spec: 9110-13.1.1-cache-may-ignore, 9111-4.3.2-cache-no-origin-only
                // RFC 9111 §4.3.2 ¶4: If-Match is for the origin; a cache
                // skips step 1 (as RFC 9110 §13.1.1 allows).
                return Verdict::unread(FIELD, Reason::OriginOnly);
            }
        }
        let lines = self.headers.get_all(header::IF_MATCH);
        if lines.iter().next().is_none() {
            return Verdict::absent(FIELD);
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
        let (parsed, holds) = match list {
            // §13.1.1 rule 1: `*` is true when a current representation exists.
            Ok(ListMatch::Any) => (Parsed::Any, self.rep.exists()),
            // §13.1.1 rules 2 and 3: a list is true when one of its members
            // matches, false otherwise (an empty one included).
            Ok(ListMatch::Tags { count, matched }) => {
                (Parsed::Tags { count, matched }, matched.is_some())
            }
            // §13.1.1 rule 3 and design policy: a value that is not
            // `"*" / #entity-tag` is false (fail closed: a malformed If-Match
            // never lets the method proceed).
            Err(e) => (Parsed::Malformed(e), false),
        };
        Verdict::read(FIELD, parsed, holds)
    }

    /// RFC 9110 §13.2.2 ¶3 step 2: If-Unmodified-Since, at an origin server,
    /// without If-Match.
    fn if_unmodified_since(&self, if_match: bool, modified: Modified) -> Verdict<'a> {
        const FIELD: Field = Field::IfUnmodifiedSince;
        match self.ctx.role() {
            Role::Origin => {}
            Role::Cache => {
                // spec: 9110-13.1.4-cache-may-ignore, 9111-4.3.2-cache-no-origin-only
                // RFC 9111 §4.3.2 ¶4: If-Unmodified-Since is for the origin.
                return Verdict::unread(FIELD, Reason::OriginOnly);
            }
        }
        if if_match {
            // spec: 9110-13.1.4-ignore-if-im
            // RFC 9110 §13.1.4: If-Match, when present, replaces this field.
            return Verdict::unread(FIELD, Reason::IfMatchPresent);
        }
        let (date, last_modified) =
            match self.date_condition(FIELD, header::IF_UNMODIFIED_SINCE, modified) {
                Ok(dates) => dates,
                Err(ignored) => return ignored,
            };
        // spec: 9110-13.1.4-evaluate, 9110-13.1.4-origin-clock
        // RFC 9110 §13.1.4: true when the representation was last modified at
        // or before the given date, otherwise false. The date is taken as on
        // our clock: compared as is.
        let holds = last_modified <= date;
        Verdict::read(FIELD, Parsed::Date(date), holds)
    }

    /// RFC 9110 §13.2.2 ¶3 step 3: If-None-Match (origin and cache).
    fn if_none_match(&self) -> Verdict<'a> {
        const FIELD: Field = Field::IfNoneMatch;
        let lines = self.headers.get_all(header::IF_NONE_MATCH);
        if lines.iter().next().is_none() {
            return Verdict::absent(FIELD);
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
        let (parsed, holds) = match list {
            // §13.1.2 rule 1: `*` is false when a current representation exists.
            Ok(ListMatch::Any) => (Parsed::Any, !self.rep.exists()),
            // §13.1.2 rules 2 and 3: a list is false when one of its members
            // matches, true otherwise.
            Ok(ListMatch::Tags { count, matched }) => {
                (Parsed::Tags { count, matched }, matched.is_none())
            }
            // §13.1.2 rule 3 and design policy: a value that is not
            // `"*" / #entity-tag` is true (a malformed field never yields a
            // 304).
            Err(e) => (Parsed::Malformed(e), true),
        };
        Verdict::read(FIELD, parsed, holds)
    }

    /// RFC 9110 §13.2.2 ¶3 step 4: If-Modified-Since, for GET and HEAD without
    /// If-None-Match.
    fn if_modified_since(&self, if_none_match: bool, modified: Modified) -> Verdict<'a> {
        const FIELD: Field = Field::IfModifiedSince;
        if if_none_match {
            // spec: 9110-13.1.3-ignore-if-inm
            // RFC 9110 §13.1.3: If-None-Match, when present, replaces this
            // field. Not even looked up unless tracing.
            return Verdict::unread(FIELD, Reason::IfNoneMatchPresent);
        }
        if !self.is_get_or_head() {
            // spec: 9110-13.1.3-ignore-invalid
            // RFC 9110 §13.1.3: only GET and HEAD evaluate it.
            return Verdict::unread(FIELD, Reason::NotGetOrHead);
        }
        let (date, last_modified) =
            match self.date_condition(FIELD, header::IF_MODIFIED_SINCE, modified) {
                Ok(dates) => dates,
                Err(ignored) => return ignored,
            };
        // spec: 9110-13.1.3-evaluate, 9110-13.1.3-origin-clock
        // RFC 9110 §13.1.3: false when the representation was last modified at
        // or before the given date, otherwise true. The date is taken as on
        // our clock: compared as is.
        let holds = last_modified > date;
        Verdict::read(FIELD, Parsed::Date(date), holds)
    }

    /// RFC 9110 §13.2.2 ¶3 step 5: what becomes of Range, If-Range included.
    fn if_range(&self, modified: Modified) -> Verdict<'a> {
        const FIELD: Field = Field::IfRange;
        if *self.method != Method::GET {
            // spec: 9110-14.2-ignore-range-unless-get
            // RFC 9110 §14.2: range handling is defined for GET only (HEAD
            // included in "not GET"); If-Range goes with it (§13.2.2 step 5
            // applies only "when the method is GET"). Whether a Range is
            // there or not, it is not processed: not even looked up.
            return Verdict::unread(FIELD, Reason::Range(RangeIgnoredBecause::NotGet));
        }
        if !self.headers.contains_key(header::RANGE) {
            // spec: 9110-13.1.5-ignore-without-range
            // RFC 9110 §13.1.5: If-Range without Range is ignored.
            return Verdict::unread(FIELD, Reason::NoRange);
        }
        if self.ctx.unconditional_status() != StatusCode::OK {
            // RFC 9110 §14.2: Range is evaluated only when the response
            // without it would be 200 (a 206 stands for part of a 200).
            return Verdict::unread(FIELD, Reason::Range(RangeIgnoredBecause::NotOk));
        }
        if !self.rep.supports_ranges() {
            // spec: 9110-13.1.5-ignore-without-range-support
            // RFC 9110 §14 and §13.1.5: a resource without range support
            // ignores Range, and so If-Range.
            return Verdict::unread(FIELD, Reason::Range(RangeIgnoredBecause::NotSupported));
        }
        let lines = self.headers.get_all(header::IF_RANGE);
        let mut iter = lines.iter();
        let Some(first) = iter.next() else {
            return Verdict::absent(FIELD);
        };
        // spec: 9110-13.1.5-evaluate
        if iter.next().is_some() {
            // Design policy: If-Range is one value; several field lines are
            // malformed, and a malformed If-Range is false.
            return Verdict::read(FIELD, Parsed::SeveralValues, false);
        }
        let parsed = self.if_range_value(first.as_bytes(), modified);
        // §13.1.5: true on a strong match with the current entity-tag (so
        // never for a weak tag), or on an exact match of a strong date.
        let holds = match parsed {
            Parsed::Tag(tag) => self
                .rep
                .current_etag()
                .is_some_and(|current| tag.strong_eq(current)),
            Parsed::Date(date) => modified.date() == Some(date),
            _ => false,
        };
        Verdict::read(FIELD, parsed, holds)
    }

    /// RFC 9110 §13.2.2 ¶3 step 6: perform the method, with the Range as
    /// step 5 decided.
    fn perform(range: RangeDecision) -> Verdict<'a> {
        let (parsed, evaluation) = match range {
            RangeDecision::Honour => (Parsed::NotParsed, Evaluation::True),
            RangeDecision::Absent => (Parsed::Absent, Evaluation::Ignored(Reason::Absent)),
            // A method other than GET does not look Range up (§14.2); a trace
            // does, so as not to claim it ignored a field that was not sent.
            RangeDecision::Ignore(why) => {
                (Parsed::NotParsed, Evaluation::Ignored(Reason::Range(why)))
            }
        };
        Verdict {
            field: Some(Field::Range),
            parsed,
            evaluation,
        }
    }

    // ---- helpers -------------------------------------------------------------

    /// RFC 9110 §13.1.5: reads one If-Range value as its rules see it: an
    /// entity-tag, a date to compare exactly, or a value that cannot match (a
    /// malformed one, a leap second, a date when Last-Modified is not a
    /// strong validator).
    fn if_range_value(&self, value: &'a [u8], modified: Modified) -> Parsed<'a> {
        let read = match IfRangeValue::parse(value, self.ctx.now()) {
            Ok(IfRangeValue::Tag(tag)) => return Parsed::Tag(tag),
            Ok(IfRangeValue::Date(read)) => read,
            // Design policy: a malformed If-Range is false.
            Err(IfRangeError::Tag(e)) => return Parsed::Malformed(e),
            Err(IfRangeError::Date(e)) => return Parsed::InvalidDate(e),
        };
        let date = read.date();
        if let Some(last_modified) = modified.date() {
            // §13.1.5 date rule 1: false unless the date is a strong validator.
            let strong = match self.ctx.last_modified_strength() {
                DateStrength::Strong => true,
                DateStrength::Weak => false,
                // Design policy, from RFC 9110 §8.8.2.2: strong when Last-Modified
                // is at least one second before the response's Date (`now`).
                DateStrength::Auto => last_modified.unix_seconds() < self.ctx.now().unix_seconds(),
            };
            if !strong {
                return Parsed::DateNotStrong(date);
            }
        }
        // spec: 9110-13.1.5-evaluate
        // §13.1.5 date rules 2 and 3: true on an exact match only (so never
        // without a modification date). A date written with second 60 is read
        // as second 59 (precond-date), but it names no second a Last-Modified
        // can hold: never an exact match.
        if read.leap_second() {
            Parsed::LeapSecond(date)
        } else {
            Parsed::Date(date)
        }
    }

    /// Reads an If-Modified-Since or If-Unmodified-Since field (exactly one
    /// field line holding a valid HTTP-date) and returns the date it holds
    /// with the modification date to compare it with, or the verdict that
    /// ignores the field. The two fields share these rules (RFC 9110 §13.1.3,
    /// §13.1.4).
    fn date_condition(
        &self,
        field: Field,
        name: HeaderName,
        modified: Modified,
    ) -> Result<(HttpDate, HttpDate), Verdict<'a>> {
        let lines = self.headers.get_all(name);
        let mut iter = lines.iter();
        let Some(first) = iter.next() else {
            return Err(Verdict::absent(field));
        };
        if iter.next().is_some() {
            // spec: 9110-13.1.3-ignore-invalid, 9110-13.1.4-ignore-invalid
            // A list of dates is not an HTTP-date.
            return Err(Verdict::ignored(
                field,
                Parsed::ListOfDates,
                Reason::ListOfDates,
            ));
        }
        let date = match HttpDate::parse_at(first.as_bytes(), self.ctx.now()) {
            Ok(date) => date,
            // spec: 9110-13.1.3-ignore-invalid, 9110-13.1.4-ignore-invalid
            Err(e) => {
                return Err(Verdict::ignored(
                    field,
                    Parsed::InvalidDate(e),
                    Reason::InvalidDate,
                ));
            }
        };
        // spec: 9110-13.1.3-ignore-without-date, 9110-13.1.4-ignore-without-date
        // No modification date, nothing to compare.
        let Some(last_modified) = modified.date() else {
            let why = modified.absent_because();
            return Err(Verdict::ignored(field, Parsed::Date(date), why));
        };
        Ok((date, last_modified))
    }

    fn is_get_or_head(&self) -> bool {
        *self.method == Method::GET || *self.method == Method::HEAD
    }

    // ---- recording (a no-op unless R::ENABLED) -------------------------------

    /// Records a stage's verdict, the modification date when the gate opens,
    /// and the outcome when the evaluation ends.
    fn record(&mut self, state: State, verdict: Verdict<'a>, transition: Transition) {
        if !R::ENABLED {
            return;
        }
        let verdict = match verdict {
            // A field ignored unread: the trace looks it up, to tell "absent"
            // from "ignored".
            Verdict {
                field: Some(field),
                parsed: Parsed::NotParsed,
                evaluation: Evaluation::Ignored(_),
            } if !self.headers.contains_key(field.header_name()) => Verdict::absent(field),
            verdict => verdict,
        };
        let source = verdict.field.map(|field| (self.headers, field));
        self.recorder.entry(Entry::new(
            state.stage(),
            source,
            verdict.parsed,
            verdict.evaluation,
        ));
        match transition {
            Transition::Next(State::IfMatch(modified)) => {
                let placeholder = match modified {
                    Modified::Placeholder(date) => Some(date),
                    Modified::At(_) | Modified::Unknown => None,
                };
                self.recorder.last_modified(modified.date(), placeholder);
            }
            Transition::Next(_) => {}
            Transition::Done(outcome) => self.recorder.outcome(outcome),
        }
    }
}
