//! The model: one owned, self-contained test case, and the bridge to `precond`.
//!
//! A [`Case`] holds everything an evaluation depends on — the request method,
//! its header field lines in order, the selected representation's state
//! ([`Resource`]), the recipient's [`Role`], the status the response would have
//! had without the conditions, the clock, and the If-Range date-strength
//! setting. It is plain data: generators produce it, property tests shrink it,
//! fuzz targets receive it, and the CLI's conformance-vector test builds it
//! from each vector it has read.
//!
//! The bridge methods ([`Case::headers`], [`Case::representation`],
//! [`Case::context`], [`Case::evaluate`]) are the only place where the model
//! meets `precond`'s API; the oracle reads the same [`http::HeaderMap`] through
//! [`Case::oracle`].

use http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use precond_date::HttpDate;
use precond_etag::EntityTag;

use crate::oracle;

/// Who evaluates the preconditions (RFC 9110 §13.2.2; RFC 9111 §4.3.2).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Role {
    /// The origin server: all six steps.
    Origin,
    /// A cache answering from a stored response: steps 1 and 2 skipped.
    Cache,
}

/// How an If-Range HTTP-date is judged strong (RFC 9110 §8.8.2.2, §13.1.5).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum IfRangeDates {
    /// Policy: strong only when Last-Modified is at least one second before `now`.
    Auto,
    /// The caller vouches that Last-Modified is a strong validator.
    Strong,
    /// The caller says Last-Modified is weak: an If-Range date never matches.
    Weak,
}

/// The state of the selected representation (RFC 9110 §8.8) as the server knows it.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct Resource {
    /// Whether the target has a current representation (for `*`, §13.1.1–§13.1.2).
    /// A missing representation has no validators: `etag` and `last_modified`
    /// are then not passed on to either evaluator.
    pub exists: bool,
    /// The current entity-tag (the ETag field value, §8.8.3).
    pub etag: Option<EntityTag>,
    /// The current Last-Modified value (§8.8.2), before the §8.8.2.1 policies.
    pub last_modified: Option<HttpDate>,
    /// Whether the resource supports Range requests (§14.2).
    pub ranges: bool,
}

impl Resource {
    /// An existing representation without validators that supports ranges.
    pub fn new() -> Self {
        Resource {
            exists: true,
            etag: None,
            last_modified: None,
            ranges: true,
        }
    }
}

impl Default for Resource {
    fn default() -> Self {
        Self::new()
    }
}

/// One evaluation's complete input, owned.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Case {
    /// The request method.
    pub method: Method,
    /// The request's header field lines, in the order received.
    pub fields: Vec<(HeaderName, HeaderValue)>,
    /// The selected representation.
    pub resource: Resource,
    /// Origin server or cache.
    pub role: Role,
    /// The status the response would have had without the conditions (§13.2.1).
    pub unconditional: StatusCode,
    /// The recipient's clock (the Date of the response).
    pub now: HttpDate,
    /// How an If-Range date is judged strong.
    pub if_range_dates: IfRangeDates,
}

impl Case {
    /// A `method` request without header fields at time `now`, to an origin
    /// server, for an existing representation without validators, that would
    /// otherwise be answered 200.
    pub fn new(method: Method, now: HttpDate) -> Self {
        Case {
            method,
            fields: Vec::new(),
            resource: Resource::new(),
            role: Role::Origin,
            unconditional: StatusCode::OK,
            now,
            if_range_dates: IfRangeDates::Auto,
        }
    }

    /// Appends a field line; a value that is not a valid `HeaderValue` is
    /// reported back as an error (the case is unchanged).
    pub fn push_field(&mut self, name: HeaderName, value: &[u8]) -> Result<(), InvalidValue> {
        let value = HeaderValue::from_bytes(value).map_err(|_| InvalidValue)?;
        self.fields.push((name, value));
        Ok(())
    }

    /// The field lines as an `http::HeaderMap` (lines of one name keep their order).
    pub fn headers(&self) -> HeaderMap {
        let mut map = HeaderMap::with_capacity(self.fields.len());
        for (name, value) in &self.fields {
            map.append(name.clone(), value.clone());
        }
        map
    }

    /// The field lines named `name`, in order.
    pub fn lines<'a>(&'a self, name: &'a HeaderName) -> impl Iterator<Item = &'a [u8]> + 'a {
        self.fields
            .iter()
            .filter(move |(n, _)| n == name)
            .map(|(_, v)| v.as_bytes())
    }

    /// The representation as `precond` sees it. A missing representation
    /// carries no validators.
    pub fn representation(&self) -> precond::Representation<'_> {
        let resource = &self.resource;
        let mut rep = precond::Representation::new();
        if !resource.exists {
            rep = rep.missing();
        } else {
            if let Some(tag) = &resource.etag {
                rep = rep.with_etag(tag.as_tag());
            }
            if let Some(date) = resource.last_modified {
                rep = rep.with_last_modified(date);
            }
        }
        if !resource.ranges {
            rep = rep.no_ranges();
        }
        rep
    }

    /// The evaluation context as `precond` sees it (default epoch policy).
    pub fn context(&self) -> precond::Context {
        precond::Context::new(self.now)
            .with_role(match self.role {
                Role::Origin => precond::Role::Origin,
                Role::Cache => precond::Role::Cache,
            })
            .with_unconditional_status(self.unconditional)
            .with_last_modified_strength(match self.if_range_dates {
                IfRangeDates::Auto => precond::DateStrength::Auto,
                IfRangeDates::Strong => precond::DateStrength::Strong,
                IfRangeDates::Weak => precond::DateStrength::Weak,
            })
    }

    /// Runs `precond::evaluate` on this case.
    pub fn evaluate(&self) -> precond::Outcome {
        self.evaluate_with(&self.headers())
    }

    /// Runs `precond::evaluate` with `headers` standing for the case's fields.
    pub fn evaluate_with(&self, headers: &HeaderMap) -> precond::Outcome {
        let request = precond::Request::new(&self.method, headers);
        precond::evaluate(request, &self.representation(), &self.context())
    }

    /// The status `precond` answers with.
    pub fn status(&self) -> StatusCode {
        self.evaluate().status(self.unconditional)
    }

    /// Runs the reference oracle on this case.
    pub fn oracle(&self) -> oracle::Verdict {
        self.oracle_with(&self.headers())
    }

    /// Runs the reference oracle with `headers` standing for the case's fields.
    pub fn oracle_with(&self, headers: &HeaderMap) -> oracle::Verdict {
        oracle::evaluate(&oracle::Input {
            method: &self.method,
            headers,
            resource: &self.resource,
            role: self.role,
            unconditional: self.unconditional.as_u16(),
            now: self.now,
            if_range_dates: self.if_range_dates,
        })
    }
}

/// A field value with bytes that no `HeaderValue` may hold (CTLs other than HTAB, DEL).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct InvalidValue;

impl std::fmt::Display for InvalidValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the field value holds a byte that HTTP does not allow in a field value")
    }
}

impl std::error::Error for InvalidValue {}
