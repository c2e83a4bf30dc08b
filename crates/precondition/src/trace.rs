//! The optional record of an evaluation: one entry per stage visited.
//!
//! [`evaluate_traced`](crate::evaluate_traced) fills a [`Trace`]: the §13.2.1
//! gate, then every step of §13.2.2 the evaluation reached, each with the
//! field it read (borrowed from the request), what the value parsed to, how
//! the step came out and the section that decided it. A trace has a fixed
//! capacity and never allocates; [`evaluate`](crate::evaluate) records
//! nothing and does no work for a trace.

use core::fmt;

use http::HeaderMap;
use http::header::{self, HeaderName, HeaderValue, ValueIter};
use precond_date::HttpDate;
use precond_etag::EntityTagRef;

use crate::outcome::{IgnoredBecause, Outcome, RangeDecision, RangeIgnoredBecause, Step};

/// Where in the evaluation an entry was recorded.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Stage {
    /// The RFC 9110 §13.2.1 check that decides whether conditions are
    /// evaluated at all (and RFC 9111 §4.3.2 for a cache).
    Gate,
    /// One of the six steps of RFC 9110 §13.2.2.
    Step(Step),
}

impl Stage {
    /// The step, or `None` for the gate.
    pub const fn step(self) -> Option<Step> {
        match self {
            Stage::Gate => None,
            Stage::Step(step) => Some(step),
        }
    }
}

/// `gate` or `step N`.
impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Stage::Gate => f.write_str("gate"),
            Stage::Step(step) => write!(f, "step {}", step.number()),
        }
    }
}

/// A request header field the evaluator reads.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Field {
    /// If-Match (RFC 9110 §13.1.1).
    IfMatch,
    /// If-Unmodified-Since (RFC 9110 §13.1.4).
    IfUnmodifiedSince,
    /// If-None-Match (RFC 9110 §13.1.2).
    IfNoneMatch,
    /// If-Modified-Since (RFC 9110 §13.1.3).
    IfModifiedSince,
    /// If-Range (RFC 9110 §13.1.5).
    IfRange,
    /// Range (RFC 9110 §14.2).
    Range,
}

impl Field {
    /// Every field the evaluator reads, in the order RFC 9110 §13.2.2 reads
    /// them: the five preconditions RFC 9110 §13.1 defines (§13.1.1 to
    /// §13.1.5), then Range (§14.2), which If-Range makes conditional.
    ///
    /// This is the one list of them: a layer that copies a request's
    /// conditions, or asks whether it has any, reads it here.
    ///
    /// ```
    /// use precond::Field;
    ///
    /// let preconditions = Field::ALL.iter().filter(|f| f.is_precondition());
    /// assert_eq!(preconditions.count(), 5);
    /// assert_eq!(Field::ALL.last(), Some(&Field::Range));
    /// ```
    pub const ALL: [Field; 6] = [
        Field::IfMatch,
        Field::IfUnmodifiedSince,
        Field::IfNoneMatch,
        Field::IfModifiedSince,
        Field::IfRange,
        Field::Range,
    ];

    /// Whether the field is a precondition (RFC 9110 §13.1): all but Range.
    /// A request whose only such field is Range is not conditional; Range is
    /// evaluated only after the preconditions, and only with If-Range does
    /// it depend on the validators (RFC 9110 §13.2.2 step 5, §14.2).
    pub const fn is_precondition(self) -> bool {
        !matches!(self, Field::Range)
    }

    /// The field name as the RFC writes it: `"If-Match"`, …, `"Range"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Field::IfMatch => "If-Match",
            Field::IfUnmodifiedSince => "If-Unmodified-Since",
            Field::IfNoneMatch => "If-None-Match",
            Field::IfModifiedSince => "If-Modified-Since",
            Field::IfRange => "If-Range",
            Field::Range => "Range",
        }
    }

    /// The `http` crate's name for the field (no allocation).
    pub fn header_name(self) -> HeaderName {
        match self {
            Field::IfMatch => header::IF_MATCH,
            Field::IfUnmodifiedSince => header::IF_UNMODIFIED_SINCE,
            Field::IfNoneMatch => header::IF_NONE_MATCH,
            Field::IfModifiedSince => header::IF_MODIFIED_SINCE,
            Field::IfRange => header::IF_RANGE,
            Field::Range => header::RANGE,
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The field lines an entry read, borrowed from the request, in order.
///
/// Nothing is copied when the entry is recorded: the lines are looked up in
/// the request's header map when asked for.
#[derive(Clone, Copy)]
pub struct Lines<'a> {
    source: Option<(&'a HeaderMap, Field)>,
}

impl<'a> Lines<'a> {
    const NONE: Lines<'static> = Lines { source: None };

    /// The field lines, in the order they were received.
    pub fn iter(&self) -> LinesIter<'a> {
        LinesIter {
            inner: self
                .source
                .map(|(map, field)| map.get_all(field.header_name()).into_iter()),
        }
    }

    /// The first field line, if any.
    pub fn first(&self) -> Option<&'a HeaderValue> {
        self.iter().next()
    }

    /// How many field lines there are.
    pub fn count(&self) -> usize {
        self.iter().count()
    }

    /// Whether there are none (the field is absent, or the entry reads no field).
    pub fn is_empty(&self) -> bool {
        self.first().is_none()
    }
}

impl fmt::Debug for Lines<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// The field lines, each in double quotes with bytes outside printable ASCII
/// escaped, separated by `, `.
impl fmt::Display for Lines<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, line) in self.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "\"{}\"", line.as_bytes().escape_ascii())?;
        }
        Ok(())
    }
}

impl PartialEq for Lines<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Eq for Lines<'_> {}

impl<'a> IntoIterator for Lines<'a> {
    type Item = &'a HeaderValue;
    type IntoIter = LinesIter<'a>;

    fn into_iter(self) -> LinesIter<'a> {
        self.iter()
    }
}

/// Iterator over the field lines of an entry ([`Lines::iter`]).
#[derive(Debug)]
pub struct LinesIter<'a> {
    inner: Option<ValueIter<'a, HeaderValue>>,
}

impl<'a> Iterator for LinesIter<'a> {
    type Item = &'a HeaderValue;

    fn next(&mut self) -> Option<&'a HeaderValue> {
        self.inner.as_mut()?.next()
    }
}

/// What a field's value parsed to.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Parsed<'a> {
    /// The field is not in the request.
    Absent,
    /// The value was not parsed: the field was ignored before its value
    /// mattered, or the entry reads no field (the gate, Range).
    NotParsed,
    /// If-Match / If-None-Match: `*`.
    Any,
    /// If-Match / If-None-Match: a list of `count` entity-tags (empty members
    /// not counted; RFC 9110 §5.6.1.2), and the first that matched the current
    /// entity-tag under the step's comparison, if any.
    Tags {
        /// Number of non-empty members, over all field lines.
        count: usize,
        /// The first member that matched.
        matched: Option<EntityTagRef<'a>>,
    },
    /// A value that is not `"*" / #entity-tag` (If-Match, If-None-Match) or not
    /// an entity-tag (If-Range).
    Malformed(precond_etag::Error),
    /// If-Range: an entity-tag.
    Tag(EntityTagRef<'a>),
    /// If-Modified-Since, If-Unmodified-Since, If-Range: an HTTP-date.
    Date(HttpDate),
    /// If-Range: an HTTP-date whose second is the leap second `60`, read as
    /// the date given (second 59). It never exactly matches a Last-Modified
    /// (RFC 9110 §13.1.5), which has no second 60.
    LeapSecond(HttpDate),
    /// If-Range: an HTTP-date, when the representation's Last-Modified is not
    /// a strong validator (RFC 9110 §8.8.2.2, [`DateStrength`](crate::DateStrength)):
    /// it never matches (§13.1.5).
    DateNotStrong(HttpDate),
    /// A value that is not a valid HTTP-date.
    InvalidDate(precond_date::Error),
    /// If-Modified-Since / If-Unmodified-Since on several field lines: a list
    /// of dates, which the field does not allow (RFC 9110 §13.1.3, §13.1.4).
    ListOfDates,
    /// If-Range on several field lines: not a single value.
    SeveralValues,
}

impl fmt::Display for Parsed<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Parsed::Absent => f.write_str("absent"),
            Parsed::NotParsed => f.write_str("not parsed"),
            Parsed::Any => f.write_str("any (*)"),
            Parsed::Tags { count, matched } => {
                let plural = if *count == 1 { "" } else { "s" };
                write!(f, "{count} entity-tag{plural}, ")?;
                match matched {
                    Some(tag) => write!(f, "{tag} matches"),
                    None => f.write_str("none matches"),
                }
            }
            Parsed::Malformed(e) => write!(f, "malformed: {e}"),
            Parsed::Tag(tag) => write!(f, "entity-tag {tag}"),
            Parsed::Date(date) => write!(f, "date {date}"),
            Parsed::LeapSecond(date) => write!(
                f,
                "date with the leap second 23:59:60, read as {date}, never an exact match"
            ),
            Parsed::DateNotStrong(date) => write!(
                f,
                "date {date}, but Last-Modified is not a strong validator"
            ),
            Parsed::InvalidDate(e) => write!(f, "{e}"),
            Parsed::ListOfDates => f.write_str("several field lines (a list of dates)"),
            Parsed::SeveralValues => f.write_str("several field lines"),
        }
    }
}

/// How a stage came out.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Evaluation {
    /// The condition is true. For the gate: the conditions are evaluated. For
    /// step 6: the Range is to be processed.
    True,
    /// The condition is false.
    False,
    /// The field (or, for the gate, every condition; for step 6, the Range)
    /// is ignored, for this reason.
    Ignored(Reason),
}

impl Evaluation {
    /// A stable identifier: `"true"`, `"false"` or `"ignored"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Evaluation::True => "true",
            Evaluation::False => "false",
            Evaluation::Ignored(_) => "ignored",
        }
    }
}

impl fmt::Display for Evaluation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Evaluation::True => f.write_str("true"),
            Evaluation::False => f.write_str("false"),
            Evaluation::Ignored(Reason::Absent) => f.write_str("skipped"),
            Evaluation::Ignored(why) => write!(f, "ignored: {why}"),
        }
    }
}

/// Why a field (or all of them) was ignored.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Reason {
    /// The field is not in the request: the step does not apply (RFC 9110
    /// §13.2.2).
    Absent,
    /// A cache does not evaluate If-Match or If-Unmodified-Since (RFC 9111
    /// §4.3.2).
    OriginOnly,
    /// If-Unmodified-Since when If-Match is present (RFC 9110 §13.1.4).
    IfMatchPresent,
    /// If-Modified-Since when If-None-Match is present (RFC 9110 §13.1.3).
    IfNoneMatchPresent,
    /// If-Modified-Since with a method other than GET and HEAD (RFC 9110 §13.1.3).
    NotGetOrHead,
    /// If-Modified-Since / If-Unmodified-Since on several field lines (RFC 9110
    /// §13.1.3, §13.1.4).
    ListOfDates,
    /// If-Modified-Since / If-Unmodified-Since that is not a valid HTTP-date
    /// (RFC 9110 §13.1.3, §13.1.4).
    InvalidDate,
    /// The representation has no modification date (RFC 9110 §13.1.3,
    /// §13.1.4).
    NoLastModified,
    /// The representation's Last-Modified, this date, is a placeholder (Unix
    /// second 0 or 1) that [`EpochPolicy::TreatAsAbsent`](crate::EpochPolicy)
    /// reads as no modification date (RFC 9110 §13.1.3, §13.1.4).
    Placeholder(HttpDate),
    /// If-Range without Range (RFC 9110 §13.1.5).
    NoRange,
    /// A false If-None-Match / If-Modified-Since on a GET or HEAD whose
    /// unconditional status is not 200: a 304 stands only for a 200 (RFC 9110
    /// §15.4.5), so the request proceeds with its unconditional status.
    NotModifiedNeedsOk,
    /// All conditions are ignored (RFC 9110 §13.2.1, RFC 9111 §4.3.2).
    Gate(IgnoredBecause),
    /// The Range is ignored, and so is If-Range (RFC 9110 §14.2, §13.1.5).
    Range(RangeIgnoredBecause),
}

impl Reason {
    /// A stable identifier: `"absent"`, `"origin-only"`, `"if-match-present"`,
    /// `"if-none-match-present"`, `"not-get-or-head"`, `"list-of-dates"`,
    /// `"invalid-date"`, `"no-last-modified"`, `"placeholder"`, `"no-range"`,
    /// `"not-modified-needs-ok"`; for [`Reason::Gate`] and [`Reason::Range`],
    /// the identifier of the reason they carry
    /// ([`IgnoredBecause::as_str`], [`RangeIgnoredBecause::as_str`]).
    ///
    /// ```
    /// use precond::{Reason, RangeIgnoredBecause};
    ///
    /// assert_eq!(Reason::IfNoneMatchPresent.as_str(), "if-none-match-present");
    /// assert_eq!(Reason::Range(RangeIgnoredBecause::NotGet).as_str(), "not-get");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            Reason::Absent => "absent",
            Reason::OriginOnly => "origin-only",
            Reason::IfMatchPresent => "if-match-present",
            Reason::IfNoneMatchPresent => "if-none-match-present",
            Reason::NotGetOrHead => "not-get-or-head",
            Reason::ListOfDates => "list-of-dates",
            Reason::InvalidDate => "invalid-date",
            Reason::NoLastModified => "no-last-modified",
            Reason::Placeholder(_) => "placeholder",
            Reason::NoRange => "no-range",
            Reason::NotModifiedNeedsOk => "not-modified-needs-ok",
            Reason::Gate(why) => why.as_str(),
            Reason::Range(why) => why.as_str(),
        }
    }

    /// The section that requires ignoring.
    pub const fn section(self) -> &'static str {
        match self {
            Reason::Absent => "RFC 9110 §13.2.2",
            Reason::OriginOnly => "RFC 9111 §4.3.2",
            Reason::IfMatchPresent => "RFC 9110 §13.1.4",
            Reason::IfNoneMatchPresent | Reason::NotGetOrHead => "RFC 9110 §13.1.3",
            Reason::ListOfDates
            | Reason::InvalidDate
            | Reason::NoLastModified
            | Reason::Placeholder(_) => "RFC 9110 §13.1.3, §13.1.4",
            Reason::NoRange => "RFC 9110 §13.1.5",
            Reason::NotModifiedNeedsOk => "RFC 9110 §15.4.5",
            Reason::Gate(why) => why.section(),
            Reason::Range(why) => why.section(),
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::Absent => f.write_str("the field is absent"),
            Reason::OriginOnly => f.write_str("only an origin server evaluates it, not a cache"),
            Reason::IfMatchPresent => f.write_str("If-Match is present"),
            Reason::IfNoneMatchPresent => f.write_str("If-None-Match is present"),
            Reason::NotGetOrHead => f.write_str("the method is neither GET nor HEAD"),
            Reason::ListOfDates => f.write_str("the field has more than one member"),
            Reason::InvalidDate => f.write_str("the value is not a valid HTTP-date"),
            Reason::NoLastModified => f.write_str("the representation has no modification date"),
            Reason::Placeholder(date) => write!(
                f,
                "Last-Modified {date} is treated as a placeholder, not a modification date \
                 (epoch policy treat-as-absent)"
            ),
            Reason::NoRange => f.write_str("the request has no Range"),
            Reason::NotModifiedNeedsOk => {
                f.write_str("a 304 only stands for a 200, and the unconditional status is not 200")
            }
            Reason::Gate(why) => f.write_str(why.describe()),
            Reason::Range(why) => match why {
                RangeIgnoredBecause::NotGet => f.write_str("the method is not GET"),
                RangeIgnoredBecause::NotOk => {
                    f.write_str("the response without Range would not be 200")
                }
                RangeIgnoredBecause::NotSupported => {
                    f.write_str("the resource does not support ranges")
                }
                RangeIgnoredBecause::IfRangeFalse => f.write_str("the If-Range condition is false"),
            },
        }
    }
}

/// One stage of an evaluation.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Entry<'a> {
    stage: Stage,
    field: Option<Field>,
    lines: Lines<'a>,
    parsed: Parsed<'a>,
    evaluation: Evaluation,
}

impl<'a> Entry<'a> {
    const EMPTY: Entry<'static> = Entry {
        stage: Stage::Gate,
        field: None,
        lines: Lines::NONE,
        parsed: Parsed::NotParsed,
        evaluation: Evaluation::True,
    };

    pub(crate) fn new(
        stage: Stage,
        field: Option<(&'a HeaderMap, Field)>,
        parsed: Parsed<'a>,
        evaluation: Evaluation,
    ) -> Self {
        Entry {
            stage,
            field: field.map(|(_, f)| f),
            lines: Lines { source: field },
            parsed,
            evaluation,
        }
    }

    /// The gate or the step.
    pub fn stage(&self) -> Stage {
        self.stage
    }

    /// The step, or `None` for the gate.
    pub fn step(&self) -> Option<Step> {
        self.stage.step()
    }

    /// The header field this entry is about: `None` for the gate and for the
    /// note that a false condition gave no 304 ([`Reason::NotModifiedNeedsOk`]).
    /// Step 6 is about Range.
    pub fn field(&self) -> Option<Field> {
        self.field
    }

    /// The raw field lines read (empty when the field is absent).
    pub fn lines(&self) -> Lines<'a> {
        self.lines
    }

    /// What the value parsed to.
    pub fn parsed(&self) -> Parsed<'a> {
        self.parsed
    }

    /// How the stage came out.
    pub fn evaluation(&self) -> Evaluation {
        self.evaluation
    }

    /// The section whose rule decided the stage, as `"RFC 9110 §13.1.2"`:
    /// the [`Reason`]'s when the stage was ignored, otherwise the one that
    /// defines the stage ([`Step::section`]; the gate's is §13.2.1, step 6
    /// processing the Range is §14.2, and an If-Range date compared with a
    /// Last-Modified that is not strong is §8.8.2.2).
    pub fn section(&self) -> &'static str {
        match (self.stage, self.evaluation) {
            (_, Evaluation::Ignored(why)) => why.section(),
            (Stage::Gate, _) => "RFC 9110 §13.2.1",
            (Stage::Step(Step::Perform), _) => "RFC 9110 §14.2",
            (Stage::Step(_), _) if matches!(self.parsed, Parsed::DateNotStrong(_)) => {
                "RFC 9110 §8.8.2.2"
            }
            (Stage::Step(step), _) => step.section(),
        }
    }
}

/// One line, for example
/// `step 3 If-None-Match: "\"a\"" → 1 entity-tag, "a" matches → false (RFC 9110 §13.1.2)`:
/// the stage, the field and its raw lines, what they parsed to, the
/// evaluation, and the deciding section.
impl fmt::Display for Entry<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.stage)?;
        match (self.field, self.stage) {
            (Some(field), _) => write!(f, " {field}:")?,
            (None, Stage::Step(step)) => write!(f, " {}:", step.title())?,
            (None, Stage::Gate) => f.write_str(":")?,
        }
        // The parts after the colon, joined by arrows.
        let mut parts = Parts { f, first: true };
        if !self.lines.is_empty() {
            parts.next(format_args!("{}", self.lines))?;
        }
        match self.parsed {
            Parsed::NotParsed => {}
            parsed => parts.next(format_args!("{parsed}"))?,
        }
        match (self.stage, self.evaluation) {
            (Stage::Gate, Evaluation::True) => {
                parts.next(format_args!("evaluate the conditions"))?;
            }
            (Stage::Gate, Evaluation::Ignored(why)) => {
                parts.next(format_args!("ignore every condition: {why}"))?;
            }
            (Stage::Step(Step::Perform), Evaluation::True) => {
                parts.next(format_args!("perform the method, processing the Range"))?;
            }
            (Stage::Step(Step::Perform), Evaluation::Ignored(Reason::Absent)) => {
                parts.next(format_args!("perform the method"))?;
            }
            (Stage::Step(Step::Perform), Evaluation::Ignored(why)) => {
                parts.next(format_args!(
                    "perform the method, ignoring any Range: {why}"
                ))?;
            }
            (_, Evaluation::Ignored(why @ Reason::NotModifiedNeedsOk)) => {
                parts.next(format_args!("no 304: {why}"))?;
            }
            (_, evaluation) => parts.next(format_args!("{evaluation}"))?,
        }
        write!(parts.f, " ({})", self.section())
    }
}

/// Writes parts separated by ` → `, the first after a space.
struct Parts<'f, 'g> {
    f: &'f mut fmt::Formatter<'g>,
    first: bool,
}

impl Parts<'_, '_> {
    fn next(&mut self, part: fmt::Arguments<'_>) -> fmt::Result {
        let sep = if self.first { " " } else { " → " };
        self.first = false;
        write!(self.f, "{sep}{part}")
    }
}

/// The record of one evaluation, filled by
/// [`evaluate_traced`](crate::evaluate_traced).
///
/// It holds at most [`Trace::CAPACITY`] entries in a fixed array (an
/// evaluation never produces more): no allocation, whether tracing or not.
/// Values are borrowed from the request, hence the lifetime.
///
/// ```
/// use http::{header, HeaderMap, HeaderValue, Method};
/// use precond::{evaluate_traced, Context, EntityTag, Evaluation, HttpDate, Outcome,
///               Representation, Request, Stage, Step, Trace};
///
/// let mut headers = HeaderMap::new();
/// headers.insert(header::IF_NONE_MATCH, HeaderValue::from_static("\"v1\""));
/// let tag = EntityTag::strong("v1").unwrap();
/// let rep = Representation::new().with_etag(tag.as_tag());
/// let ctx = Context::new(HttpDate::from_unix_seconds(1_700_000_000).unwrap());
///
/// let mut trace = Trace::new();
/// let outcome = evaluate_traced(Request::new(&Method::GET, &headers), &rep, &ctx, &mut trace);
/// assert_eq!(outcome, Outcome::NotModified { step: Step::IfNoneMatch });
/// assert_eq!(trace.outcome(), Some(outcome));
///
/// let last = trace.entries().last().unwrap();
/// assert_eq!(last.stage(), Stage::Step(Step::IfNoneMatch));
/// assert_eq!(last.evaluation(), Evaluation::False);
/// assert_eq!(last.section(), "RFC 9110 §13.1.2");
/// assert_eq!(
///     last.to_string(),
///     r#"step 3 If-None-Match: "\"v1\"" → 1 entity-tag, "v1" matches → false (RFC 9110 §13.1.2)"#,
/// );
/// ```
#[derive(Clone, Debug)]
pub struct Trace<'a> {
    entries: [Entry<'a>; Trace::CAPACITY],
    len: usize,
    last_modified: Option<HttpDate>,
    placeholder: Option<HttpDate>,
    outcome: Option<Outcome>,
}

impl Default for Trace<'_> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'a> Trace<'a> {
    /// The most entries one evaluation records: the gate, steps 1 to 6, and
    /// the note that a false condition gave no 304 (at most one).
    pub const CAPACITY: usize = 8;

    /// An empty trace.
    pub const fn new() -> Self {
        Trace {
            entries: [Entry::EMPTY; Trace::CAPACITY],
            len: 0,
            last_modified: None,
            placeholder: None,
            outcome: None,
        }
    }

    /// The entries, in the order the stages were visited.
    pub fn entries(&self) -> &[Entry<'a>] {
        self.entries.get(..self.len).unwrap_or(&[])
    }

    /// An iterator over the entries.
    pub fn iter(&self) -> core::slice::Iter<'_, Entry<'a>> {
        self.entries().iter()
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The entry of `step`, if the evaluation reached it.
    pub fn step(&self, step: Step) -> Option<&Entry<'a>> {
        self.iter()
            .find(|e| e.stage == Stage::Step(step) && e.field.is_some())
    }

    /// The outcome of the evaluation (`None` before one ran).
    pub fn outcome(&self) -> Option<Outcome> {
        self.outcome
    }

    /// The modification date the conditions were compared with: the
    /// representation's Last-Modified after the RFC 9110 §8.8.2.1 clamp to
    /// `now` and the [`EpochPolicy`](crate::EpochPolicy). `None` when there is
    /// none, or when the gate stopped the evaluation.
    pub fn last_modified(&self) -> Option<HttpDate> {
        self.last_modified
    }

    /// The representation's Last-Modified when the
    /// [`EpochPolicy`](crate::EpochPolicy) set it aside as a placeholder (Unix
    /// second 0 or 1); [`last_modified`](Self::last_modified) is then `None`.
    pub fn placeholder(&self) -> Option<HttpDate> {
        self.placeholder
    }

    /// Empties the trace.
    pub fn clear(&mut self) {
        self.len = 0;
        self.last_modified = None;
        self.placeholder = None;
        self.outcome = None;
    }

    pub(crate) fn push(&mut self, entry: Entry<'a>) {
        // The capacity covers every path (tested); were it ever exceeded, the
        // extra entry is dropped rather than panicking.
        if let Some(slot) = self.entries.get_mut(self.len) {
            *slot = entry;
            self.len += 1;
        }
    }

    pub(crate) fn set_last_modified(
        &mut self,
        date: Option<HttpDate>,
        placeholder: Option<HttpDate>,
    ) {
        self.last_modified = date;
        self.placeholder = placeholder;
    }

    pub(crate) fn set_outcome(&mut self, outcome: Outcome) {
        self.outcome = Some(outcome);
    }
}

impl<'t, 'a> IntoIterator for &'t Trace<'a> {
    type Item = &'t Entry<'a>;
    type IntoIter = core::slice::Iter<'t, Entry<'a>>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// One line per entry (after the gate, a line saying when Last-Modified was
/// set aside as a placeholder), then `=> ` and the outcome.
impl fmt::Display for Trace<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for entry in self {
            writeln!(f, "{entry}")?;
            if let (Stage::Gate, Some(date)) = (entry.stage, self.placeholder) {
                writeln!(
                    f,
                    "  Last-Modified {date} treated as a placeholder: no modification date \
                     (epoch policy treat-as-absent)"
                )?;
            }
        }
        match self.outcome {
            // A method other than GET without a Range: nothing was ignored.
            Some(Outcome::Proceed {
                range: RangeDecision::Ignore(RangeIgnoredBecause::NotGet),
            }) if self.range_absent() => write!(f, "=> proceed: {}", RangeDecision::Absent),
            Some(outcome) => write!(f, "=> {outcome}"),
            None => f.write_str("=> (not evaluated)"),
        }
    }
}

impl Trace<'_> {
    /// Whether step 6 found no Range in the request.
    fn range_absent(&self) -> bool {
        self.iter().any(|e| {
            e.stage == Stage::Step(Step::Perform)
                && e.evaluation == Evaluation::Ignored(Reason::Absent)
        })
    }
}
