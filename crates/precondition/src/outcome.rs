//! What the evaluator decides: the steps of RFC 9110 §13.2.2 and the outcome.

use core::fmt;

use http::StatusCode;

/// The six steps of RFC 9110 §13.2.2 ¶3, in their order.
///
/// ```
/// use precond::Step;
///
/// assert_eq!(Step::IfNoneMatch.number(), 3);
/// assert_eq!(Step::IfNoneMatch.section(), "RFC 9110 §13.1.2");
/// assert_eq!(Step::IfNoneMatch.as_str(), "if-none-match");
/// assert_eq!(Step::IfNoneMatch.to_string(), "step 3 (If-None-Match)");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum Step {
    /// Step 1: If-Match (origin only).
    IfMatch = 1,
    /// Step 2: If-Unmodified-Since, when If-Match is absent (origin only).
    IfUnmodifiedSince = 2,
    /// Step 3: If-None-Match.
    IfNoneMatch = 3,
    /// Step 4: If-Modified-Since, for GET and HEAD when If-None-Match is absent.
    IfModifiedSince = 4,
    /// Step 5: If-Range, for a GET with Range.
    IfRange = 5,
    /// Step 6: perform the method.
    Perform = 6,
}

impl Step {
    /// All six steps, in evaluation order.
    pub const ALL: [Step; 6] = [
        Step::IfMatch,
        Step::IfUnmodifiedSince,
        Step::IfNoneMatch,
        Step::IfModifiedSince,
        Step::IfRange,
        Step::Perform,
    ];

    /// The step's number in RFC 9110 §13.2.2 (1 to 6).
    pub const fn number(self) -> u8 {
        self as u8
    }

    /// The section that defines the step's precondition (`"RFC 9110 §13.1.1"`
    /// …); for [`Step::Perform`], §13.2.2 itself.
    pub const fn section(self) -> &'static str {
        match self {
            Step::IfMatch => "RFC 9110 §13.1.1",
            Step::IfUnmodifiedSince => "RFC 9110 §13.1.4",
            Step::IfNoneMatch => "RFC 9110 §13.1.2",
            Step::IfModifiedSince => "RFC 9110 §13.1.3",
            Step::IfRange => "RFC 9110 §13.1.5",
            Step::Perform => "RFC 9110 §13.2.2",
        }
    }

    /// A stable lower-case identifier: `"if-match"`, `"if-unmodified-since"`,
    /// `"if-none-match"`, `"if-modified-since"`, `"if-range"`, `"perform"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Step::IfMatch => "if-match",
            Step::IfUnmodifiedSince => "if-unmodified-since",
            Step::IfNoneMatch => "if-none-match",
            Step::IfModifiedSince => "if-modified-since",
            Step::IfRange => "if-range",
            Step::Perform => "perform",
        }
    }

    /// A short human name: the field the step evaluates (`"If-Match"` …), or
    /// `"perform the method"`.
    pub const fn title(self) -> &'static str {
        match self {
            Step::IfMatch => "If-Match",
            Step::IfUnmodifiedSince => "If-Unmodified-Since",
            Step::IfNoneMatch => "If-None-Match",
            Step::IfModifiedSince => "If-Modified-Since",
            Step::IfRange => "If-Range",
            Step::Perform => "perform the method",
        }
    }
}

/// `step N (Title)`.
impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "step {} ({})", self.number(), self.title())
    }
}

/// The result of evaluating a request's preconditions.
///
/// Map it to a status with [`Outcome::status`]. Two choices stay with the
/// caller:
///
/// - [`Outcome::PreconditionFailed`] at [`Step::IfMatch`] or
///   [`Step::IfUnmodifiedSince`]: when the state change the request asks for
///   appears to be in place already, RFC 9110 §13.1.1 and §13.1.4 allow a 2xx
///   instead of the 412. The method must not be performed either way.
/// - [`Outcome::NotModified`]: send the headers a 200 would have carried,
///   shaped with [`not_modified_headers`](crate::not_modified_headers), and no
///   content (RFC 9110 §15.4.5).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum Outcome {
    /// No condition was evaluated (RFC 9110 §13.2.1, RFC 9111 §4.3.2): answer
    /// as if the request carried none. Range was not looked at either.
    Ignored(IgnoredBecause),
    /// Every condition passed (or was ignored): perform the method (§13.2.2
    /// step 6), using the Range field as `range` says.
    Proceed {
        /// What to do with the Range field.
        range: RangeDecision,
    },
    /// 304 Not Modified: a false If-None-Match or If-Modified-Since on a GET or
    /// HEAD whose unconditional response is 200 (§13.2.2 steps 3 and 4).
    NotModified {
        /// [`Step::IfNoneMatch`] or [`Step::IfModifiedSince`].
        step: Step,
    },
    /// 412 Precondition Failed: a false If-Match, If-Unmodified-Since, or
    /// If-None-Match on a method other than GET and HEAD (§13.2.2 steps 1–3).
    /// The method must not be performed.
    PreconditionFailed {
        /// [`Step::IfMatch`], [`Step::IfUnmodifiedSince`] or [`Step::IfNoneMatch`].
        step: Step,
    },
}

impl Outcome {
    /// The response status, given the status the response would have without
    /// the conditions (the one passed to
    /// [`Context::with_unconditional_status`](crate::Context::with_unconditional_status)).
    ///
    /// - `Ignored` and `Proceed` without an honoured Range: `unconditional`.
    /// - `Proceed` with [`RangeDecision::Honour`]: 206, provisionally. The
    ///   final status is the Range's resolution (`precond_range::resolve`):
    ///   206 when some range is satisfiable, 416 when none is, 200 when the
    ///   Range is ignored (an unknown unit, a malformed value, ranges a server
    ///   refuses; RFC 9110 §14.2).
    /// - `NotModified`: 304. `PreconditionFailed`: 412.
    ///
    /// ```
    /// use http::StatusCode;
    /// use precond::{Outcome, RangeDecision, Step};
    ///
    /// let honour = Outcome::Proceed { range: RangeDecision::Honour };
    /// assert_eq!(honour.status(StatusCode::OK), StatusCode::PARTIAL_CONTENT);
    /// let failed = Outcome::PreconditionFailed { step: Step::IfMatch };
    /// assert_eq!(failed.status(StatusCode::NO_CONTENT), StatusCode::PRECONDITION_FAILED);
    /// ```
    pub fn status(self, unconditional: StatusCode) -> StatusCode {
        match self {
            Outcome::Proceed {
                range: RangeDecision::Honour,
            } => StatusCode::PARTIAL_CONTENT,
            Outcome::NotModified { .. } => StatusCode::NOT_MODIFIED,
            Outcome::PreconditionFailed { .. } => StatusCode::PRECONDITION_FAILED,
            Outcome::Ignored(_) | Outcome::Proceed { .. } => unconditional,
        }
    }

    /// The step that decided: the failing step for 304 and 412;
    /// [`Step::IfRange`] when a false If-Range made the Range ignored;
    /// [`Step::Perform`] for any other `Proceed`; `None` when the conditions
    /// were ignored.
    pub fn deciding_step(self) -> Option<Step> {
        match self {
            Outcome::NotModified { step } | Outcome::PreconditionFailed { step } => Some(step),
            Outcome::Proceed {
                range: RangeDecision::Ignore(RangeIgnoredBecause::IfRangeFalse),
            } => Some(Step::IfRange),
            Outcome::Proceed { .. } => Some(Step::Perform),
            Outcome::Ignored(_) => None,
        }
    }

    /// A stable identifier of the kind of outcome: `"ignored"`, `"proceed"`,
    /// `"not-modified"` or `"precondition-failed"`.
    ///
    /// ```
    /// use precond::{Outcome, Step};
    ///
    /// assert_eq!(Outcome::NotModified { step: Step::IfNoneMatch }.as_str(), "not-modified");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            Outcome::Ignored(_) => "ignored",
            Outcome::Proceed { .. } => "proceed",
            Outcome::NotModified { .. } => "not-modified",
            Outcome::PreconditionFailed { .. } => "precondition-failed",
        }
    }

    /// The Range decision of a `Proceed`; `None` otherwise.
    pub fn range(self) -> Option<RangeDecision> {
        match self {
            Outcome::Proceed { range } => Some(range),
            Outcome::Ignored(_)
            | Outcome::NotModified { .. }
            | Outcome::PreconditionFailed { .. } => None,
        }
    }
}

/// For example `412 Precondition Failed at step 1 (If-Match)`, or
/// `proceed: ignore any Range: the method is not GET (RFC 9110 §14.2)`.
///
/// The alternate form (`{:#}`) leaves out the section a reason cites in
/// parentheses, for a caller that cites the section beside the text:
///
/// ```
/// use precond::{Outcome, RangeDecision, RangeIgnoredBecause};
///
/// let outcome = Outcome::Proceed { range: RangeDecision::Ignore(RangeIgnoredBecause::NotGet) };
/// assert_eq!(outcome.to_string(), "proceed: ignore any Range: the method is not GET (RFC 9110 §14.2)");
/// assert_eq!(format!("{outcome:#}"), "proceed: ignore any Range: the method is not GET");
/// ```
impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The reasons are written with `f` itself, so that `{:#}` reaches them.
        match self {
            Outcome::Ignored(why) => {
                f.write_str("conditions ignored: ")?;
                fmt::Display::fmt(why, f)
            }
            Outcome::Proceed { range } => {
                f.write_str("proceed: ")?;
                fmt::Display::fmt(range, f)
            }
            Outcome::NotModified { step } => write!(f, "304 Not Modified at {step}"),
            Outcome::PreconditionFailed { step } => {
                write!(f, "412 Precondition Failed at {step}")
            }
        }
    }
}

/// Why all conditions were ignored (RFC 9110 §13.2.1, RFC 9111 §4.3.2).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum IgnoredBecause {
    /// The response without the conditions would not be 2xx or 412 (RFC 9110
    /// §13.2.1 ¶1): a redirect or an error detected first wins.
    UnconditionalStatus,
    /// The method neither selects nor modifies a representation: CONNECT,
    /// OPTIONS or TRACE (RFC 9110 §13.2.1 ¶2).
    Method,
    /// A cache, and a method other than GET and HEAD: no stored response can
    /// satisfy the request, so its conditions are left to the origin it goes
    /// on to (RFC 9111 §4.3.2 ¶3).
    CacheMethod,
    /// A cache with no stored response for the target (RFC 9111 §4.3.2 ¶3).
    NotStored,
}

impl IgnoredBecause {
    /// The section that requires ignoring the conditions.
    pub const fn section(self) -> &'static str {
        match self {
            IgnoredBecause::UnconditionalStatus | IgnoredBecause::Method => "RFC 9110 §13.2.1",
            IgnoredBecause::CacheMethod | IgnoredBecause::NotStored => "RFC 9111 §4.3.2",
        }
    }

    /// A stable identifier: `"unconditional-status"`, `"method"`,
    /// `"cache-method"`, `"not-stored"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            IgnoredBecause::UnconditionalStatus => "unconditional-status",
            IgnoredBecause::Method => "method",
            IgnoredBecause::CacheMethod => "cache-method",
            IgnoredBecause::NotStored => "not-stored",
        }
    }

    /// Why, in words (without the section).
    pub(crate) const fn describe(self) -> &'static str {
        match self {
            IgnoredBecause::UnconditionalStatus => {
                "the response without the conditions would be neither 2xx nor 412"
            }
            IgnoredBecause::Method => {
                "the method neither selects nor modifies a representation (CONNECT, OPTIONS, TRACE)"
            }
            IgnoredBecause::CacheMethod => {
                "a cache cannot satisfy a method other than GET or HEAD from a stored response; \
                 the conditions are for the origin"
            }
            IgnoredBecause::NotStored => "the cache has no stored response for the target",
        }
    }
}

/// Why, then the section in parentheses; the alternate form (`{:#}`) leaves
/// the section out.
impl fmt::Display for IgnoredBecause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.describe())?;
        cite(f, self.section())
    }
}

/// ` (section)` after a reason, except in the alternate form (`{:#}`).
fn cite(f: &mut fmt::Formatter<'_>, section: &str) -> fmt::Result {
    if f.alternate() {
        Ok(())
    } else {
        write!(f, " ({section})")
    }
}

/// What to do with the request's Range field when the method is performed.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum RangeDecision {
    /// The request has no Range field: send the full representation.
    Absent,
    /// Process the Range field (RFC 9110 §13.1.5, §14.2). precond does not
    /// parse the ranges-specifier: the caller resolves it against the
    /// representation (`precond_range::resolve`, a separate crate precond does
    /// not depend on), and the final status is that resolution's: 206, 416, or
    /// 200 when the Range is ignored (an unknown unit, a malformed value,
    /// ranges a server refuses; §14.2 always allows ignoring it).
    Honour,
    /// Ignore the Range field and send the full representation.
    Ignore(RangeIgnoredBecause),
}

impl RangeDecision {
    /// A stable identifier: `"absent"`, `"honour"` or `"ignore"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            RangeDecision::Absent => "absent",
            RangeDecision::Honour => "honour",
            RangeDecision::Ignore(_) => "ignore",
        }
    }
}

/// The alternate form (`{:#}`) leaves out the section cited in parentheses.
impl fmt::Display for RangeDecision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RangeDecision::Absent => f.write_str("no Range"),
            RangeDecision::Honour => {
                f.write_str("process the Range")?;
                cite(f, "RFC 9110 §14.2")
            }
            RangeDecision::Ignore(why) => {
                f.write_str("ignore any Range: ")?;
                fmt::Display::fmt(why, f)
            }
        }
    }
}

/// Why a Range field is ignored.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum RangeIgnoredBecause {
    /// Range handling is defined only for GET (RFC 9110 §14.2); HEAD
    /// included. Given for every other method, whether or not the request
    /// has a Range field: it plays no part, so it is not looked up.
    NotGet,
    /// The response without Range would not be 200: a 206 stands only for a
    /// 200 (RFC 9110 §14.2).
    NotOk,
    /// The resource does not support range requests
    /// ([`Representation::no_ranges`](crate::Representation::no_ranges); RFC
    /// 9110 §14, §13.1.5).
    NotSupported,
    /// The If-Range condition is false (RFC 9110 §13.1.5).
    IfRangeFalse,
}

impl RangeIgnoredBecause {
    /// The section that requires ignoring the Range.
    pub const fn section(self) -> &'static str {
        match self {
            RangeIgnoredBecause::NotGet | RangeIgnoredBecause::NotOk => "RFC 9110 §14.2",
            RangeIgnoredBecause::NotSupported => "RFC 9110 §14",
            RangeIgnoredBecause::IfRangeFalse => "RFC 9110 §13.1.5",
        }
    }

    /// A stable identifier: `"not-get"`, `"not-ok"`, `"not-supported"`,
    /// `"if-range-false"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            RangeIgnoredBecause::NotGet => "not-get",
            RangeIgnoredBecause::NotOk => "not-ok",
            RangeIgnoredBecause::NotSupported => "not-supported",
            RangeIgnoredBecause::IfRangeFalse => "if-range-false",
        }
    }
}

/// Why, then the section in parentheses; the alternate form (`{:#}`) leaves
/// the section out.
impl fmt::Display for RangeIgnoredBecause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let why = match self {
            RangeIgnoredBecause::NotGet => "the method is not GET",
            RangeIgnoredBecause::NotOk => "the response without Range would not be 200",
            RangeIgnoredBecause::NotSupported => "the resource does not support ranges",
            RangeIgnoredBecause::IfRangeFalse => "the If-Range condition is false",
        };
        f.write_str(why)?;
        cite(f, self.section())
    }
}
