//! What the evaluator is given: the request, the representation's validators
//! and the context (role, clock, unconditional status, policies).

use core::fmt;
use std::time::SystemTime;

use http::{HeaderMap, Method, StatusCode};
use precond_date::HttpDate;
use precond_etag::EntityTagRef;

/// The request as the evaluator sees it: its method and its header fields.
///
/// Only six fields are ever looked at: If-Match, If-None-Match,
/// If-Modified-Since, If-Unmodified-Since, If-Range and Range (RFC 9110 §13.1,
/// §14.2). Each is looked up at most once per evaluation.
///
/// ```
/// use http::{HeaderMap, Method};
/// use precond::Request;
///
/// let headers = HeaderMap::new();
/// let req = Request::new(&Method::GET, &headers);
/// assert_eq!(req.method(), Method::GET);
///
/// let full = http::Request::get("/").body(()).unwrap();
/// let req = Request::from(&full);
/// assert!(req.headers().is_empty());
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Request<'a> {
    method: &'a Method,
    headers: &'a HeaderMap,
}

impl<'a> Request<'a> {
    /// A request with this method and these header fields.
    pub fn new(method: &'a Method, headers: &'a HeaderMap) -> Self {
        Request { method, headers }
    }

    /// The request method.
    pub fn method(&self) -> &'a Method {
        self.method
    }

    /// The request header fields.
    pub fn headers(&self) -> &'a HeaderMap {
        self.headers
    }
}

impl<'a> From<&'a http::request::Parts> for Request<'a> {
    fn from(parts: &'a http::request::Parts) -> Self {
        Request::new(&parts.method, &parts.headers)
    }
}

impl<'a, B> From<&'a http::Request<B>> for Request<'a> {
    fn from(req: &'a http::Request<B>) -> Self {
        Request::new(req.method(), req.headers())
    }
}

/// The selected representation's current validators (RFC 9110 §8.8), built
/// step by step.
///
/// [`Representation::new`] describes a representation that exists, supports
/// range requests and has no validators. Give it the entity-tag and the
/// modification time you send in ETag and Last-Modified: RFC 9110 §8.8.3.1 and
/// §8.8.2.1 ask an origin to send them whenever it can determine them
/// reasonably and consistently, and an origin without a clock sends no
/// Last-Modified unless another system assigned it. The evaluator compares the
/// request's conditions with exactly these values.
///
/// For a cache ([`Role::Cache`]) these are the validators of the stored
/// response the cache would reuse (RFC 9111 §4.3.2).
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use precond::{EntityTag, Representation};
///
/// let tag = EntityTag::strong("v7").unwrap();
/// let rep = Representation::new()
///     .with_etag(tag.as_tag())
///     .with_last_modified(UNIX_EPOCH + Duration::from_millis(1_700_000_000_250));
/// assert_eq!(rep.etag(), Some(tag.as_tag()));
/// assert_eq!(rep.last_modified().map(|d| d.unix_seconds()), Some(1_700_000_000));
/// assert!(rep.exists() && rep.supports_ranges());
/// ```
///
/// Naming: a builder that takes a value is `with_` and the name of the
/// getter that returns it ([`with_etag`](Self::with_etag) and
/// [`etag`](Self::etag)); [`missing`](Self::missing) and
/// [`no_ranges`](Self::no_ranges) take none.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Representation<'a> {
    etag: Option<EntityTagRef<'a>>,
    last_modified: Option<HttpDate>,
    exists: bool,
    ranges: bool,
}

impl Default for Representation<'_> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'a> Representation<'a> {
    /// A current representation that supports range requests and has no
    /// validators yet.
    pub const fn new() -> Self {
        Representation {
            etag: None,
            last_modified: None,
            exists: true,
            ranges: true,
        }
    }

    /// Its current entity-tag, the value of the ETag field (RFC 9110 §8.8.3).
    pub const fn with_etag(mut self, tag: EntityTagRef<'a>) -> Self {
        self.etag = Some(tag);
        self
    }

    /// Its last modification time, the value of the Last-Modified field (RFC
    /// 9110 §8.8.2): an [`HttpDate`], or a [`SystemTime`] at any precision
    /// (see [`LastModified`] for how it becomes a date).
    ///
    /// A time of exactly Unix second 0 or 1 is a placeholder and counts as
    /// absent unless [`EpochPolicy::Trust`] says otherwise; every other time
    /// (before 1970 included) is a modification date. A time later than the
    /// context's `now` is replaced by `now` when evaluating (RFC 9110
    /// §8.8.2.1).
    ///
    /// What stays with the application (RFC 9110 §8.8.2.1): send Last-Modified
    /// on its responses whenever it can tell a modification time reasonably and
    /// consistently; read that time as close as it can to the moment it fixes
    /// the response's Date (the `now` of [`Context::new`]); never send a value
    /// later than that Date; and, without a clock, send one only when another
    /// system assigned it. The value given here should be the same one the
    /// response carries.
    pub fn with_last_modified(mut self, time: impl Into<LastModified>) -> Self {
        self.last_modified = Some(time.into().date());
        self
    }

    /// There is no current representation (for a cache: no stored response).
    ///
    /// The validators given are then not used: with nothing selected, no
    /// entity-tag matches and there is no modification date (RFC 9110 §13.1.1,
    /// §13.1.2, §13.1.3, §13.1.4). For [`Role::Cache`] all conditions are
    /// ignored (RFC 9111 §4.3.2).
    pub const fn missing(mut self) -> Self {
        self.exists = false;
        self
    }

    /// The target resource does not support range requests: Range and
    /// If-Range are ignored (RFC 9110 §14, §13.1.5). Range support is optional
    /// for a server; one that never serves parts calls this for every
    /// representation.
    pub const fn no_ranges(mut self) -> Self {
        self.ranges = false;
        self
    }

    /// The entity-tag given with [`with_etag`](Self::with_etag).
    pub const fn etag(&self) -> Option<EntityTagRef<'a>> {
        self.etag
    }

    /// The modification time given with
    /// [`with_last_modified`](Self::with_last_modified), truncated to the
    /// second (before the §8.8.2.1 clamp and the epoch policy, which depend on
    /// the [`Context`]).
    pub const fn last_modified(&self) -> Option<HttpDate> {
        self.last_modified
    }

    /// Whether there is a current representation (false after
    /// [`missing`](Self::missing)).
    pub const fn exists(&self) -> bool {
        self.exists
    }

    /// Whether the resource supports range requests (false after
    /// [`no_ranges`](Self::no_ranges)).
    pub const fn supports_ranges(&self) -> bool {
        self.ranges
    }

    /// The entity-tag the conditions are compared with: none when there is no
    /// current representation.
    pub(crate) fn current_etag(&self) -> Option<EntityTagRef<'a>> {
        if self.exists { self.etag } else { None }
    }
}

/// A modification time as [`Representation::with_last_modified`] takes it:
/// from an [`HttpDate`] as it is, or from a [`SystemTime`] at any precision.
///
/// An HTTP-date has one-second resolution, so a `SystemTime` is truncated to
/// its second toward the past (design policy: a sub-second part never makes
/// the representation look newer than the Last-Modified field the client
/// received, RFC 9110 §5.6.7). A time outside the years 0000–9999 saturates at
/// [`HttpDate::MIN`] or [`HttpDate::MAX`]; this never panics.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use precond::{HttpDate, LastModified};
///
/// let date = HttpDate::from_unix_seconds(1_700_000_000).unwrap();
/// let time = UNIX_EPOCH + Duration::from_millis(1_700_000_000_999);
/// assert_eq!(LastModified::from(time).date(), date);
/// assert_eq!(LastModified::from(date).date(), date);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct LastModified(HttpDate);

impl LastModified {
    /// The date, to the second.
    pub const fn date(self) -> HttpDate {
        self.0
    }
}

impl From<HttpDate> for LastModified {
    fn from(date: HttpDate) -> Self {
        LastModified(date)
    }
}

impl From<SystemTime> for LastModified {
    fn from(time: SystemTime) -> Self {
        LastModified(HttpDate::saturating_from_system_time(time))
    }
}

/// Who evaluates: an origin server or a cache (RFC 9110 §13.2.2, RFC 9111 §4.3.2).
///
/// A server that is neither the origin for the target resource nor able to
/// act as a cache for it must not evaluate the conditions at all and must
/// forward them (RFC 9110 §13.2.1 ¶2): such a server does not call
/// [`evaluate`](crate::evaluate).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum Role {
    /// The origin server: all six steps of RFC 9110 §13.2.2.
    #[default]
    Origin,
    /// A cache answering from a stored 200 or 206 response (RFC 9111
    /// §4.3.2). It evaluates no condition of a request whose method is not
    /// GET or HEAD, since no stored response can satisfy it (the request goes
    /// on to the origin, RFC 9111 §4.3.2 ¶3;
    /// [`IgnoredBecause::CacheMethod`](crate::IgnoredBecause::CacheMethod)),
    /// nor any when it has no stored response (see
    /// [`Representation::missing`]). If-Match and If-Unmodified-Since are for
    /// the origin only, so steps 1 and 2 are skipped (RFC 9111 §4.3.2 ¶3–4).
    ///
    /// A cache passes its stored response's Date as the `now` of
    /// [`Context::new`]: [`DateStrength::Auto`] deduces whether an If-Range
    /// date is strong from the Date stored with the validator (RFC 9110
    /// §8.8.2.2, third case), not from the time of the request.
    ///
    /// When the stored response has no Last-Modified, RFC 9111 §4.3.2 asks a
    /// cache to evaluate If-Modified-Since against the stored Date (or, without
    /// one, the time the response was received): pass that time as
    /// [`Representation::with_last_modified`].
    Cache,
}

impl Role {
    /// `"origin"` or `"cache"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Role::Origin => "origin",
            Role::Cache => "cache",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether the representation's Last-Modified is a strong validator, which an
/// If-Range date needs (RFC 9110 §13.1.5, §8.8.2.2).
///
/// [`Auto`](Self::Auto) compares Last-Modified with the context's `now`. An
/// origin passes the Date of the response it is about to send; a cache
/// ([`Role::Cache`]) must pass its stored response's Date, which is what
/// §8.8.2.2 compares for an intermediate cache.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum DateStrength {
    /// Strong only if Last-Modified is at least one second before `now` (the
    /// response's Date; for a cache, the stored response's Date): RFC 9110
    /// §8.8.2.2 deduces strength from a Date at least one second after
    /// Last-Modified, since two changes within the second of Last-Modified
    /// would otherwise go unseen.
    #[default]
    Auto,
    /// The caller knows the representation cannot change twice within one
    /// second (§8.8.2.2, first case): always strong.
    Strong,
    /// Never strong: an If-Range date is always false.
    Weak,
}

impl DateStrength {
    /// `"auto"`, `"strong"` or `"weak"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            DateStrength::Auto => "auto",
            DateStrength::Strong => "strong",
            DateStrength::Weak => "weak",
        }
    }
}

impl fmt::Display for DateStrength {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a Last-Modified of exactly Unix second 0 or 1
/// (`Thu, 01 Jan 1970 00:00:00 GMT` or `00:00:01 GMT`) means.
///
/// Those two values are what an unset file time or a reproducible build
/// (`SOURCE_DATE_EPOCH=0` or `1`) writes: placeholders, not times the
/// representation changed. Comparing with them would answer 304 to almost
/// every If-Modified-Since. Every other date, before 1970 included, is a
/// modification date and is always compared: a Last-Modified in 1969 later
/// than an If-Unmodified-Since date makes the condition false (412, RFC 9110
/// §13.1.4).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum EpochPolicy {
    /// A placeholder is treated as no modification date (the default):
    /// If-Modified-Since and If-Unmodified-Since are ignored and an If-Range
    /// date is false; the trace says the placeholder was set aside.
    #[default]
    TreatAsAbsent,
    /// The date is used as given.
    Trust,
}

impl EpochPolicy {
    /// `"treat-as-absent"` or `"trust"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            EpochPolicy::TreatAsAbsent => "treat-as-absent",
            EpochPolicy::Trust => "trust",
        }
    }
}

impl fmt::Display for EpochPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How an evaluation is set up: the clock, the role, the status the response
/// would have without the conditions, and the policies.
///
/// The evaluator never reads a clock: `now` is the origination time of the
/// response (its Date field, RFC 9110 §6.6.1). RFC 9110 §8.8.2.1 asks an
/// origin to read Last-Modified as close as possible to the moment it fixes
/// Date, so take both together.
///
/// ```
/// use http::StatusCode;
/// use precond::{Context, DateStrength, EpochPolicy, HttpDate, Role};
///
/// let now = HttpDate::from_unix_seconds(1_700_000_000).unwrap();
/// let ctx = Context::new(now)
///     .with_role(Role::Cache)
///     .with_unconditional_status(StatusCode::NO_CONTENT)
///     .with_last_modified_strength(DateStrength::Strong)
///     .with_epoch_policy(EpochPolicy::Trust);
/// assert_eq!(ctx.now(), now);
/// assert_eq!(ctx.role(), Role::Cache);
/// assert_eq!(ctx.unconditional_status(), StatusCode::NO_CONTENT);
/// ```
///
/// Naming, as for [`Representation`]: `with_role` sets what `role` returns.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Context {
    now: HttpDate,
    role: Role,
    unconditional: StatusCode,
    strength: DateStrength,
    epoch_policy: EpochPolicy,
}

impl Context {
    /// An origin server whose response without the conditions would be 200,
    /// with the default policies ([`DateStrength::Auto`],
    /// [`EpochPolicy::TreatAsAbsent`]).
    ///
    /// `now` is the Date the response will carry: the Last-Modified the
    /// application reads for [`Representation::with_last_modified`] should be read
    /// as close as possible to the moment it fixes this value (RFC 9110
    /// §8.8.2.1), and a Last-Modified later than `now` is compared as `now`.
    ///
    /// A cache ([`Role::Cache`]) passes the Date of the stored response it
    /// would reuse: [`DateStrength::Auto`] judges an If-Range date strong only
    /// when that Date is at least one second after the stored Last-Modified
    /// (RFC 9110 §8.8.2.2). The time of the request would make a date look
    /// strong that the stored response never showed to be.
    ///
    /// ```
    /// use http::{header, HeaderMap, HeaderValue, Method};
    /// use precond::{evaluate, Context, HttpDate, Outcome, RangeDecision, Representation,
    ///               Request, Role};
    ///
    /// // The stored 200: Date and Last-Modified in the same second.
    /// let stored_date = HttpDate::from_unix_seconds(1_700_000_000)?;
    /// let stored = Representation::new().with_last_modified(stored_date);
    /// let ctx = Context::new(stored_date).with_role(Role::Cache);
    ///
    /// let mut headers = HeaderMap::new();
    /// headers.insert(header::RANGE, HeaderValue::from_static("bytes=0-99"));
    /// headers.insert(header::IF_RANGE, HeaderValue::from(stored_date));
    /// let outcome = evaluate(Request::new(&Method::GET, &headers), &stored, &ctx);
    /// // Not a strong validator for this stored response: the full response.
    /// assert!(matches!(outcome, Outcome::Proceed { range: RangeDecision::Ignore(_) }));
    /// # Ok::<(), precond::date::RangeError>(())
    /// ```
    pub const fn new(now: HttpDate) -> Self {
        Context {
            now,
            role: Role::Origin,
            unconditional: StatusCode::OK,
            strength: DateStrength::Auto,
            epoch_policy: EpochPolicy::TreatAsAbsent,
        }
    }

    /// Who evaluates (default [`Role::Origin`]).
    pub const fn with_role(mut self, role: Role) -> Self {
        self.role = role;
        self
    }

    /// The status the response would have if the request carried none of the
    /// conditional fields and no Range (default 200), decided after the
    /// server's normal request checks (RFC 9110 §13.2.1 ¶1).
    ///
    /// - Anything but 2xx or 412 (a redirect, 404, 401…): every condition is
    ///   ignored ([`Outcome::Ignored`](crate::Outcome::Ignored)).
    /// - A 304 stands only for a 200 (RFC 9110 §15.4.5 ¶1), and so does a 206
    ///   (§14.2): for a GET or HEAD whose unconditional status is another
    ///   2xx (or 412), a false If-None-Match or If-Modified-Since lets the
    ///   request proceed with that status, and Range is ignored.
    /// - For a PUT, DELETE or POST pass the status its success would have
    ///   (200, 201, 204…); a false condition gives 412 whatever it is.
    pub const fn with_unconditional_status(mut self, status: StatusCode) -> Self {
        self.unconditional = status;
        self
    }

    /// How strong the representation's Last-Modified is for If-Range (default
    /// [`DateStrength::Auto`]).
    pub const fn with_last_modified_strength(mut self, strength: DateStrength) -> Self {
        self.strength = strength;
        self
    }

    /// What a Last-Modified of exactly Unix second 0 or 1 means (default
    /// [`EpochPolicy::TreatAsAbsent`]).
    pub const fn with_epoch_policy(mut self, policy: EpochPolicy) -> Self {
        self.epoch_policy = policy;
        self
    }

    /// The evaluation's clock reading.
    pub const fn now(&self) -> HttpDate {
        self.now
    }

    /// The role set with [`with_role`](Self::with_role).
    pub const fn role(&self) -> Role {
        self.role
    }

    /// The status set with [`with_unconditional_status`](Self::with_unconditional_status).
    pub const fn unconditional_status(&self) -> StatusCode {
        self.unconditional
    }

    /// The strength set with [`with_last_modified_strength`](Self::with_last_modified_strength).
    pub const fn last_modified_strength(&self) -> DateStrength {
        self.strength
    }

    /// The policy set with [`with_epoch_policy`](Self::with_epoch_policy).
    pub const fn epoch_policy(&self) -> EpochPolicy {
        self.epoch_policy
    }
}

#[cfg(feature = "arbitrary")]
impl<'a> arbitrary::Arbitrary<'a> for Context {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        let status = StatusCode::from_u16(u.int_in_range(100..=999)?)
            .map_err(|_| arbitrary::Error::IncorrectFormat)?;
        Ok(Context::new(HttpDate::arbitrary(u)?)
            .with_role(Role::arbitrary(u)?)
            .with_unconditional_status(status)
            .with_last_modified_strength(DateStrength::arbitrary(u)?)
            .with_epoch_policy(EpochPolicy::arbitrary(u)?))
    }
}

#[cfg(feature = "arbitrary")]
impl<'a> arbitrary::Arbitrary<'a> for Representation<'a> {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(Representation {
            etag: Option::<EntityTagRef<'a>>::arbitrary(u)?,
            last_modified: Option::<HttpDate>::arbitrary(u)?,
            exists: bool::arbitrary(u)?,
            ranges: bool::arbitrary(u)?,
        })
    }
}
