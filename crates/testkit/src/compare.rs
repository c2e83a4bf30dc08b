//! What the oracle and `precond` are compared on.
//!
//! Both answers are reduced to an [`Observation`]: the status, the kind of
//! decision with its reason (why the conditions were ignored, which step
//! failed, what becomes of Range), and the deciding step. This module only
//! translates types; it evaluates nothing.

use std::fmt;

use http::StatusCode;

use crate::oracle::{self, Decision, Gate, RangeUse, Verdict};

/// A decision, reduced to what both evaluators must agree on.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Kind {
    /// §13.2.1 / RFC 9111 §4.3.2: the conditions are not evaluated.
    Ignored(Gate),
    /// 412 at this step.
    PreconditionFailed(oracle::Step),
    /// 304 at this step.
    NotModified(oracle::Step),
    /// The method is performed without a Range field.
    Perform,
    /// The method is performed and Range is to be processed.
    RangeHonoured,
    /// The method is performed and Range is ignored, for this reason.
    RangeIgnored(RangeUse),
}

/// One evaluator's answer, comparable with the other's.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Observation {
    /// The response status.
    pub status: u16,
    /// The decision.
    pub kind: Kind,
    /// The deciding step, in `precond`'s convention (`Outcome::deciding_step`):
    /// the failing step for 304 and 412; step 5 when a false If-Range made the
    /// Range ignored; step 6 for any other performed method; none when ignored.
    pub step: Option<oracle::Step>,
}

impl fmt::Display for Observation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ", self.status)?;
        match self.kind {
            Kind::Ignored(gate) => write!(f, "(conditions ignored: {gate:?})")?,
            Kind::PreconditionFailed(step) | Kind::NotModified(step) => {
                write!(f, "(step {}, {} false)", step.number(), step.as_str())?;
            }
            Kind::Perform => write!(f, "(perform, no Range)")?,
            Kind::RangeHonoured => write!(f, "(perform, Range honoured)")?,
            Kind::RangeIgnored(why) => write!(f, "(perform, Range ignored: {why:?})")?,
        }
        match self.step {
            Some(step) => write!(f, ", deciding step {}", step.number()),
            None => write!(f, ", no deciding step"),
        }
    }
}

/// The oracle's verdict as an observation.
pub fn from_verdict(verdict: &Verdict) -> Observation {
    let kind = match verdict.decision {
        Decision::Ignored(gate) => Kind::Ignored(gate),
        Decision::PreconditionFailed(step) => Kind::PreconditionFailed(step),
        Decision::NotModified(step) => Kind::NotModified(step),
        Decision::Perform(RangeUse::Absent) => Kind::Perform,
        Decision::Perform(RangeUse::Honoured { .. }) => Kind::RangeHonoured,
        Decision::Perform(why) => Kind::RangeIgnored(why),
    };
    Observation {
        status: verdict.status,
        kind,
        step: verdict.step(),
    }
}

/// `precond`'s outcome as an observation.
pub fn from_outcome(outcome: precond::Outcome, unconditional: StatusCode) -> Observation {
    use precond::{IgnoredBecause, Outcome, RangeDecision, RangeIgnoredBecause};
    let kind = match outcome {
        Outcome::Ignored(why) => Kind::Ignored(match why {
            IgnoredBecause::UnconditionalStatus => Gate::Status,
            IgnoredBecause::Method => Gate::Method,
            IgnoredBecause::CacheMethod => Gate::CacheMethod,
            IgnoredBecause::NotStored => Gate::NoStoredResponse,
        }),
        Outcome::PreconditionFailed { step } => Kind::PreconditionFailed(step_of(step)),
        Outcome::NotModified { step } => Kind::NotModified(step_of(step)),
        Outcome::Proceed { range } => match range {
            RangeDecision::Absent => Kind::Perform,
            RangeDecision::Honour => Kind::RangeHonoured,
            RangeDecision::Ignore(why) => Kind::RangeIgnored(match why {
                RangeIgnoredBecause::NotGet => RangeUse::NotGet,
                RangeIgnoredBecause::NotOk => RangeUse::Not200,
                RangeIgnoredBecause::NotSupported => RangeUse::Unsupported,
                RangeIgnoredBecause::IfRangeFalse => RangeUse::IfRangeFalse,
            }),
        },
    };
    Observation {
        status: outcome.status(unconditional).as_u16(),
        kind,
        step: outcome.deciding_step().map(step_of),
    }
}

/// `precond`'s step in the oracle's terms.
pub fn step_of(step: precond::Step) -> oracle::Step {
    match step {
        precond::Step::IfMatch => oracle::Step::IfMatch,
        precond::Step::IfUnmodifiedSince => oracle::Step::IfUnmodifiedSince,
        precond::Step::IfNoneMatch => oracle::Step::IfNoneMatch,
        precond::Step::IfModifiedSince => oracle::Step::IfModifiedSince,
        precond::Step::IfRange => oracle::Step::IfRange,
        precond::Step::Perform => oracle::Step::Perform,
    }
}
