//! One evaluation's input as the user wrote it, and the one place where it
//! becomes precond's types.
//!
//! `precond explain` fills a [`Case`] from its flags and `precond check` from
//! a JSON object; both call [`Case::prepare`], so every rule about what an
//! input may be (a method is a token, a header line is a valid field line,
//! the entity-tag is an `entity-tag`, dates are HTTP-dates, the status is a
//! status code, the role and the policies are one of their names) lives
//! here once. Values are taken as bytes, as a field value is. Each
//! error names the [`Input`] at fault; the caller says how to spell it (a
//! flag, or a JSON path).

use http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use precond::{
    Context, DateStrength, EntityTag, EpochPolicy, HttpDate, Outcome, Representation, Request,
    Role, Trace, evaluate_traced,
};

use crate::text::shown;

/// One evaluation's input, as given: nothing is validated yet.
#[derive(Clone, Debug, Default)]
pub(crate) struct Case {
    /// The request method.
    pub(crate) method: String,
    /// The request's field lines, name and value, in order.
    pub(crate) headers: Vec<(Vec<u8>, Vec<u8>)>,
    /// The representation's entity-tag, as an ETag field value.
    pub(crate) etag: Option<Vec<u8>>,
    /// The representation's Last-Modified, an HTTP-date.
    pub(crate) last_modified: Option<Vec<u8>>,
    /// There is no current representation.
    pub(crate) missing: bool,
    /// The resource does not support range requests.
    pub(crate) no_ranges: bool,
    /// `origin` or `cache`; `None` for the library's default.
    pub(crate) role: Option<String>,
    /// The status without the conditions; `None` for the library's default.
    pub(crate) status: Option<u64>,
    /// The clock, an HTTP-date; `None` for the caller's clock reading.
    pub(crate) now: Option<Vec<u8>>,
    /// `treat-as-absent` or `trust`; `None` for the library's default.
    pub(crate) epoch_policy: Option<String>,
    /// `auto`, `strong` or `weak`; `None` for the library's default.
    pub(crate) date_strength: Option<String>,
}

/// Which input an [`InputError`] is about.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Input {
    /// The method.
    Method,
    /// The name of the field line at this index (from 0).
    HeaderName(usize),
    /// The value of the field line at this index (from 0).
    HeaderValue(usize),
    /// The representation's entity-tag.
    Etag,
    /// The representation's Last-Modified.
    LastModified,
    /// The role.
    Role,
    /// The status without the conditions.
    Status,
    /// The clock.
    Now,
    /// The epoch policy.
    EpochPolicy,
    /// The If-Range date strength.
    DateStrength,
}

/// An input that cannot be used, and why (a full sentence).
#[derive(Clone, PartialEq, Eq, Debug)]
pub(crate) struct InputError {
    /// The input at fault.
    pub(crate) input: Input,
    /// Why.
    pub(crate) message: String,
}

impl InputError {
    /// An error about `input`.
    fn new(input: Input, message: impl Into<String>) -> Self {
        InputError {
            input,
            message: message.into(),
        }
    }
}

/// A validated [`Case`], ready to evaluate.
#[derive(Clone, Debug)]
pub(crate) struct Prepared {
    /// The request method.
    method: Method,
    /// The request's field lines.
    headers: HeaderMap,
    /// The representation's entity-tag.
    etag: Option<EntityTag>,
    /// The representation's Last-Modified.
    last_modified: Option<HttpDate>,
    /// Whether there is a current representation.
    exists: bool,
    /// Whether the resource supports range requests.
    ranges: bool,
    /// Role, clock and status without the conditions.
    context: Context,
}

impl Case {
    /// Validates every input and builds precond's request, representation
    /// and context. `clock` is the time used when the case gives no `now`;
    /// a two-digit rfc850 year in `now` is read against it, one in the
    /// Last-Modified against `now` (RFC 9110 §5.6.7).
    pub(crate) fn prepare(&self, clock: HttpDate) -> Result<Prepared, InputError> {
        let now = match &self.now {
            Some(text) => date(text, clock).map_err(|m| InputError::new(Input::Now, m))?,
            None => clock,
        };
        let method = Method::from_bytes(self.method.as_bytes()).map_err(|_| {
            InputError::new(
                Input::Method,
                format!(
                    "\"{}\" is not a method: a method is a non-empty token (RFC 9110 §9.1).",
                    shown(self.method.as_bytes())
                ),
            )
        })?;
        let mut headers = HeaderMap::new();
        for (index, (name, value)) in self.headers.iter().enumerate() {
            let name = HeaderName::from_bytes(name).map_err(|_| {
                InputError::new(
                    Input::HeaderName(index),
                    format!(
                        "\"{}\" is not a field name: a field name is a non-empty token (RFC 9110 §5.1).",
                        shown(name)
                    ),
                )
            })?;
            let value = HeaderValue::from_bytes(value).map_err(|_| {
                InputError::new(
                    Input::HeaderValue(index),
                    format!(
                        "\"{}\" is not a field value: it holds a control byte, which only HTAB may be \
                         (RFC 9110 §5.5).",
                        shown(value)
                    ),
                )
            })?;
            headers.append(name, value);
        }
        let etag = self
            .etag
            .as_deref()
            .map(|text| {
                EntityTag::parse(text).map_err(|e| {
                    // The error's own sentence without its "invalid
                    // entity-tag" opening, which the message already says.
                    let full = e.to_string();
                    let why = full.strip_prefix("invalid entity-tag: ").unwrap_or(&full);
                    InputError::new(
                        Input::Etag,
                        format!(
                            "\"{}\" is not an entity-tag: {why}. An entity-tag looks like \
                             '\"v1\"' or 'W/\"v1\"'.",
                            shown(text)
                        ),
                    )
                })
            })
            .transpose()?;
        let last_modified = self
            .last_modified
            .as_deref()
            .map(|text| date(text, now).map_err(|m| InputError::new(Input::LastModified, m)))
            .transpose()?;
        let mut context = Context::new(now);
        if let Some(name) = &self.role {
            context = context.with_role(role(name)?);
        }
        if let Some(code) = self.status {
            context = context.with_unconditional_status(status(code)?);
        }
        if let Some(name) = &self.epoch_policy {
            context = context.with_epoch_policy(named(Input::EpochPolicy, name, EPOCH_POLICIES)?);
        }
        if let Some(name) = &self.date_strength {
            context =
                context.with_last_modified_strength(named(Input::DateStrength, name, STRENGTHS)?);
        }
        Ok(Prepared {
            method,
            headers,
            etag,
            last_modified,
            exists: !self.missing,
            ranges: !self.no_ranges,
            context,
        })
    }
}

impl Prepared {
    /// The representation as precond sees it.
    pub(crate) fn representation(&self) -> Representation<'_> {
        let mut rep = Representation::new();
        if let Some(tag) = &self.etag {
            rep = rep.with_etag(tag.as_tag());
        }
        if let Some(date) = self.last_modified {
            rep = rep.with_last_modified(date);
        }
        if !self.exists {
            rep = rep.missing();
        }
        if !self.ranges {
            rep = rep.no_ranges();
        }
        rep
    }

    /// The evaluation context.
    pub(crate) fn context(&self) -> &Context {
        &self.context
    }

    /// Evaluates the case, recording the stages in `trace`.
    pub(crate) fn evaluate<'a>(&'a self, trace: &mut Trace<'a>) -> Outcome {
        let request = Request::new(&self.method, &self.headers);
        evaluate_traced(request, &self.representation(), &self.context, trace)
    }

    /// The status the outcome stands for: a Range to be processed is 206.
    pub(crate) fn status(&self, outcome: Outcome) -> StatusCode {
        outcome.status(self.context.unconditional_status())
    }
}

#[cfg(test)]
impl Prepared {
    /// The same validated inputs as the testkit's model, for its reference
    /// oracle and invariants (`vectors.rs`): plain data, so that what the
    /// oracle is given does not pass through the evaluator's input types
    /// beyond the role and status read back from the context.
    pub(crate) fn model(&self) -> precond_testkit::Case {
        let mut case = precond_testkit::Case::new(self.method.clone(), self.context.now());
        case.fields = self
            .headers
            .iter()
            .map(|(name, value)| (name.clone(), value.clone()))
            .collect();
        case.resource = precond_testkit::Resource {
            exists: self.exists,
            etag: self.etag.clone(),
            last_modified: self.last_modified,
            ranges: self.ranges,
        };
        case.role = match self.context.role() {
            Role::Origin => precond_testkit::Role::Origin,
            Role::Cache => precond_testkit::Role::Cache,
        };
        case.unconditional = self.context.unconditional_status();
        case
    }
}

/// An HTTP-date, a two-digit year read against `now`.
pub(crate) fn date(text: &[u8], now: HttpDate) -> Result<HttpDate, String> {
    HttpDate::parse_at(text, now).map_err(|e| {
        // The error's own sentence without its "invalid HTTP-date" opening,
        // which the message already says.
        let full = e.to_string();
        let why = full.strip_prefix("invalid HTTP-date: ").unwrap_or(&full);
        format!(
            "\"{}\" is not an HTTP-date: {why}. An HTTP-date looks like \
             'Sun, 06 Nov 1994 08:49:37 GMT' (RFC 9110 §5.6.7).",
            shown(text)
        )
    })
}

/// The clock: the HTTP-date `now` if given (a two-digit year read against
/// the system clock), else the system clock.
pub(crate) fn clock(now: Option<&[u8]>) -> Result<HttpDate, String> {
    let system = HttpDate::now();
    now.map_or(Ok(system), |text| date(text, system))
}

/// The standard method (RFC 9110 §9.3, RFC 5789) that `method` equals when
/// case is ignored, if it is not that method exactly: `get` is an extension
/// method, not GET (methods are case-sensitive, RFC 9110 §9.1).
pub(crate) fn standard_method_ignoring_case(method: &str) -> Option<&'static str> {
    const STANDARD: [&str; 9] = [
        "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH",
    ];
    STANDARD
        .into_iter()
        .find(|standard| method != *standard && method.eq_ignore_ascii_case(standard))
}

/// The role named `name`, one of the names [`Role::as_str`] gives.
fn role(name: &str) -> Result<Role, InputError> {
    let roles = [Role::Origin, Role::Cache];
    roles
        .into_iter()
        .find(|role| role.as_str() == name)
        .ok_or_else(|| {
            InputError::new(
                Input::Role,
                format!(
                    "{name:?} is not a role: it is {:?} or {:?}.",
                    Role::Origin.as_str(),
                    Role::Cache.as_str()
                ),
            )
        })
}

/// The epoch policies, by [`EpochPolicy::as_str`].
pub(crate) const EPOCH_POLICIES: &[EpochPolicy] = &[EpochPolicy::TreatAsAbsent, EpochPolicy::Trust];

/// The If-Range date strengths, by [`DateStrength::as_str`].
pub(crate) const STRENGTHS: &[DateStrength] =
    &[DateStrength::Auto, DateStrength::Strong, DateStrength::Weak];

/// A value spelled as the library spells it (its `Display`).
fn named<T: Copy + std::fmt::Display>(
    input: Input,
    name: &str,
    all: &[T],
) -> Result<T, InputError> {
    all.iter()
        .copied()
        .find(|value| value.to_string() == name)
        .ok_or_else(|| {
            let names: Vec<String> = all.iter().map(|v| format!("{:?}", v.to_string())).collect();
            InputError::new(
                input,
                format!("{name:?} is not one of {}.", names.join(", ")),
            )
        })
}

/// A status code, 100 to 999.
fn status(code: u64) -> Result<StatusCode, InputError> {
    u16::try_from(code)
        .ok()
        .and_then(|code| StatusCode::from_u16(code).ok())
        .ok_or_else(|| {
            InputError::new(
                Input::Status,
                format!("{code} is not a status code (100 to 999)."),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clock() -> HttpDate {
        HttpDate::from_unix_seconds(1_714_564_800).unwrap()
    }

    /// Prepares `case` and returns the input at fault, if any.
    fn check(case: &Case, expected: Option<Input>) {
        let got = case.prepare(clock()).err().map(|e| e.input);
        assert_eq!(got, expected, "{case:?}");
    }

    fn get() -> Case {
        Case {
            method: "GET".to_owned(),
            ..Case::default()
        }
    }

    #[test]
    fn each_input_is_validated() {
        let header = |name: &[u8], value: &[u8]| Case {
            headers: vec![
                (b"Accept".to_vec(), b"*/*".to_vec()),
                (name.to_vec(), value.to_vec()),
            ],
            ..get()
        };
        let table = [
            (get(), None),
            (header(b"If-None-Match", "\"caf\u{e9}\"".as_bytes()), None),
            (header(b"If-None-Match", b"\"\xff\""), None),
            (header(b"If None Match", b"x"), Some(Input::HeaderName(1))),
            (header(b"", b"x"), Some(Input::HeaderName(1))),
            (header(b"X", b"a\nb"), Some(Input::HeaderValue(1))),
            (header(b"X", b"\x00"), Some(Input::HeaderValue(1))),
            (
                Case {
                    method: "G T".to_owned(),
                    ..get()
                },
                Some(Input::Method),
            ),
            (
                Case {
                    method: String::new(),
                    ..get()
                },
                Some(Input::Method),
            ),
            (
                Case {
                    etag: Some(b"v1".to_vec()),
                    ..get()
                },
                Some(Input::Etag),
            ),
            (
                Case {
                    last_modified: Some(b"yesterday".to_vec()),
                    ..get()
                },
                Some(Input::LastModified),
            ),
            (
                Case {
                    role: Some("proxy".to_owned()),
                    ..get()
                },
                Some(Input::Role),
            ),
            (
                Case {
                    role: Some("cache".to_owned()),
                    ..get()
                },
                None,
            ),
            (
                Case {
                    status: Some(99),
                    ..get()
                },
                Some(Input::Status),
            ),
            (
                Case {
                    status: Some(70_000),
                    ..get()
                },
                Some(Input::Status),
            ),
            (
                Case {
                    now: Some(b"now".to_vec()),
                    ..get()
                },
                Some(Input::Now),
            ),
            (
                Case {
                    etag: Some(b"\"\xff\"".to_vec()),
                    last_modified: Some(b"Sun, 06 Nov 1994 08:49:37 GMT".to_vec()),
                    epoch_policy: Some("trust".to_owned()),
                    date_strength: Some("weak".to_owned()),
                    ..get()
                },
                None,
            ),
            (
                Case {
                    epoch_policy: Some("absent".to_owned()),
                    ..get()
                },
                Some(Input::EpochPolicy),
            ),
            (
                Case {
                    date_strength: Some("Strong".to_owned()),
                    ..get()
                },
                Some(Input::DateStrength),
            ),
        ];
        for (case, expected) in table {
            check(&case, expected);
        }
    }
}
