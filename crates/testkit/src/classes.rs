//! Abstract input classes: the finite space the exhaustive proof enumerates
//! and the decision table is generated from.
//!
//! Every dimension of a request that §13.2 can react to is cut into the
//! classes that can behave differently — for If-Match: absent, `*`, a strong
//! match, a weak-only match, no match, malformed — and each class is rendered
//! as a concrete [`Case`] relative to the representation (a "match" is the
//! current entity-tag; "equal" is the current Last-Modified). The product of
//! all dimensions is [`Combination::COUNT`] cases.
//!
//! Fixed throughout: `now` is Wed, 01 May 2024 12:00:00 GMT, the resource
//! supports ranges, the If-Range date strength is `Auto`.

use std::ops::Range;

use http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header};
use precond_date::HttpDate;
use precond_etag::EntityTag;

use crate::model::{Case, IfRangeDates, Resource, Role};
use crate::render::{DateFormat, format_date};

/// `now`: Wed, 01 May 2024 12:00:00 GMT.
pub const NOW: i64 = 1_714_564_800;
/// An "old" Last-Modified: one day before `now` (a strong date validator under `Auto`).
pub const OLD: i64 = NOW - 86_400;

macro_rules! class {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $label:expr,)* }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
        pub enum $name { $($(#[$vmeta])* $variant,)* }

        impl $name {
            /// Every class, in table order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The class's name in the decision table.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label,)* }
            }

            /// The class's position in [`Self::ALL`].
            pub fn index(self) -> usize {
                self as usize
            }
        }
    };
}

class! {
    /// Representative methods.
    MethodClass {
        /// GET.
        Get => "GET",
        /// HEAD.
        Head => "HEAD",
        /// A state-changing method (PUT).
        Put => "PUT",
        /// A method §13.2.1 excludes (OPTIONS).
        Options => "OPTIONS",
        /// An extension method (PROPFIND).
        Extension => "PROPFIND",
    }
}

class! {
    /// If-Match and If-None-Match values, relative to the current entity-tag.
    TagCondition {
        /// Not sent.
        Absent => "absent",
        /// `*`.
        Star => "*",
        /// The current entity-tag exactly.
        Match => "match",
        /// The current opaque-tag marked weak (`W/"v1"`): matches weakly only.
        WeakMatch => "weak match",
        /// Another entity-tag.
        NoMatch => "no match",
        /// A list with a matching member and an unquoted one.
        Malformed => "malformed",
    }
}

class! {
    /// If-Modified-Since and If-Unmodified-Since values, relative to Last-Modified.
    DateCondition {
        /// Not sent.
        Absent => "absent",
        /// One second before Last-Modified.
        Earlier => "earlier",
        /// Last-Modified exactly.
        Equal => "equal",
        /// One second after Last-Modified.
        Later => "later",
        /// Not an HTTP-date (`UTC` zone).
        Invalid => "invalid",
        /// Two field lines, each a date that would decide if evaluated.
        List => "two lines",
    }
}

class! {
    /// If-Range values.
    IfRangeCondition {
        /// Not sent.
        Absent => "absent",
        /// The current opaque-tag, strong (`"v1"`).
        StrongTag => "strong tag, same opaque",
        /// The current opaque-tag, weak (`W/"v1"`).
        WeakTag => "weak tag",
        /// Another strong entity-tag.
        TagMismatch => "other tag",
        /// Last-Modified exactly.
        DateEqual => "date = Last-Modified",
        /// One second before Last-Modified.
        DateMismatch => "date ≠ Last-Modified",
        /// An unterminated entity-tag.
        Malformed => "malformed",
    }
}

class! {
    /// The Range field.
    RangeCondition {
        /// Not sent.
        Absent => "absent",
        /// `bytes=0-99`.
        Present => "present",
    }
}

class! {
    /// The current entity-tag.
    TagClass {
        /// No ETag.
        None => "none",
        /// `"v1"`.
        Strong => "strong",
        /// `W/"v1"`.
        Weak => "weak",
    }
}

class! {
    /// The current Last-Modified.
    DateClass {
        /// No Last-Modified.
        None => "none",
        /// A day before `now` (strong for If-Range under `Auto`).
        Old => "≤ now − 1 s",
        /// Equal to `now` (weak for If-Range under `Auto`).
        Now => "= now",
    }
}

class! {
    /// Whether a current representation exists.
    ExistsClass {
        /// It exists.
        Yes => "yes",
        /// It does not (no validators).
        No => "no",
    }
}

class! {
    /// Origin or cache.
    RoleClass {
        /// Origin server.
        Origin => "origin",
        /// Cache.
        Cache => "cache",
    }
}

class! {
    /// The status without the conditions.
    StatusClass {
        /// 200.
        Ok => "200",
        /// Another 2xx (204).
        OtherSuccess => "2xx ≠ 200",
        /// 3xx (301).
        Redirection => "3xx",
        /// 4xx other than 412 (404).
        ClientError => "4xx ≠ 412",
        /// 412.
        PreconditionFailed => "412",
        /// 5xx (500).
        ServerError => "5xx",
    }
}

/// One point of the enumerated space.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Combination {
    /// The method.
    pub method: MethodClass,
    /// If-Match.
    pub if_match: TagCondition,
    /// If-Unmodified-Since.
    pub if_unmodified_since: DateCondition,
    /// If-None-Match.
    pub if_none_match: TagCondition,
    /// If-Modified-Since.
    pub if_modified_since: DateCondition,
    /// If-Range.
    pub if_range: IfRangeCondition,
    /// Range.
    pub range: RangeCondition,
    /// Whether the representation exists (a missing one has neither tag nor date).
    pub exists: ExistsClass,
    /// The current entity-tag.
    pub etag: TagClass,
    /// The current Last-Modified.
    pub last_modified: DateClass,
    /// Origin or cache.
    pub role: RoleClass,
    /// The status without the conditions.
    pub status: StatusClass,
}

/// The dimensions, in the order of [`Combination::values`] and the table's columns.
pub const DIMENSIONS: [&str; 12] = [
    "role",
    "method",
    "status w/o conditions",
    "representation",
    "ETag",
    "Last-Modified",
    "If-Match",
    "If-Unmodified-Since",
    "If-None-Match",
    "If-Modified-Since",
    "If-Range",
    "Range",
];

/// Each dimension's class labels, in [`DIMENSIONS`] order.
pub fn domains() -> [Vec<&'static str>; 12] {
    fn labels<T: Copy>(all: &[T], label: fn(T) -> &'static str) -> Vec<&'static str> {
        all.iter().map(|&c| label(c)).collect()
    }
    [
        labels(RoleClass::ALL, RoleClass::label),
        labels(MethodClass::ALL, MethodClass::label),
        labels(StatusClass::ALL, StatusClass::label),
        labels(ExistsClass::ALL, ExistsClass::label),
        labels(TagClass::ALL, TagClass::label),
        labels(DateClass::ALL, DateClass::label),
        labels(TagCondition::ALL, TagCondition::label),
        labels(DateCondition::ALL, DateCondition::label),
        labels(TagCondition::ALL, TagCondition::label),
        labels(DateCondition::ALL, DateCondition::label),
        labels(IfRangeCondition::ALL, IfRangeCondition::label),
        labels(RangeCondition::ALL, RangeCondition::label),
    ]
}

/// The representation classes: nine existing ones (tag × date) and one missing.
const REPRESENTATIONS: usize = 10;

fn representation(index: usize) -> (ExistsClass, TagClass, DateClass) {
    if index >= 9 {
        return (ExistsClass::No, TagClass::None, DateClass::None);
    }
    let tag = TagClass::ALL
        .get(index / 3)
        .copied()
        .unwrap_or(TagClass::None);
    let date = DateClass::ALL
        .get(index % 3)
        .copied()
        .unwrap_or(DateClass::None);
    (ExistsClass::Yes, tag, date)
}

/// Mixed-radix digits: takes `n`'s lowest digit in base `base`.
fn digit<T: Copy>(n: &mut usize, all: &[T]) -> Option<T> {
    let base = all.len().max(1);
    let value = all.get(*n % base).copied();
    *n /= base;
    value
}

impl Combination {
    /// Combinations per method class.
    pub const PER_METHOD: usize = 6 * 6 * 6 * 6 * 7 * 2 * REPRESENTATIONS * 2 * 6;
    /// The size of the whole space.
    pub const COUNT: usize = 5 * Self::PER_METHOD;

    /// The combination numbered `index` (`0..COUNT`), or none past the end.
    pub fn from_index(index: usize) -> Option<Self> {
        if index >= Self::COUNT {
            return None;
        }
        let mut n = index;
        let status = digit(&mut n, StatusClass::ALL)?;
        let role = digit(&mut n, RoleClass::ALL)?;
        let rep = n % REPRESENTATIONS;
        n /= REPRESENTATIONS;
        let (exists, etag, last_modified) = representation(rep);
        let range = digit(&mut n, RangeCondition::ALL)?;
        let if_range = digit(&mut n, IfRangeCondition::ALL)?;
        let if_modified_since = digit(&mut n, DateCondition::ALL)?;
        let if_none_match = digit(&mut n, TagCondition::ALL)?;
        let if_unmodified_since = digit(&mut n, DateCondition::ALL)?;
        let if_match = digit(&mut n, TagCondition::ALL)?;
        let method = digit(&mut n, MethodClass::ALL)?;
        Some(Combination {
            method,
            if_match,
            if_unmodified_since,
            if_none_match,
            if_modified_since,
            if_range,
            range,
            exists,
            etag,
            last_modified,
            role,
            status,
        })
    }

    /// Every combination.
    pub fn all() -> impl Iterator<Item = Combination> {
        (0..Self::COUNT).filter_map(Self::from_index)
    }

    /// The class of each dimension, as indices into [`domains`], in [`DIMENSIONS`] order.
    pub fn values(&self) -> [usize; 12] {
        [
            self.role.index(),
            self.method.index(),
            self.status.index(),
            self.exists.index(),
            self.etag.index(),
            self.last_modified.index(),
            self.if_match.index(),
            self.if_unmodified_since.index(),
            self.if_none_match.index(),
            self.if_modified_since.index(),
            self.if_range.index(),
            self.range.index(),
        ]
    }

    /// The combination as a concrete case.
    pub fn case(&self) -> Case {
        let now = instant(NOW);
        let method = match self.method {
            MethodClass::Get => Method::GET,
            MethodClass::Head => Method::HEAD,
            MethodClass::Put => Method::PUT,
            MethodClass::Options => Method::OPTIONS,
            MethodClass::Extension => Method::from_bytes(b"PROPFIND").unwrap_or(Method::PATCH),
        };
        let etag = match self.etag {
            TagClass::None => None,
            TagClass::Strong => EntityTag::parse(b"\"v1\"").ok(),
            TagClass::Weak => EntityTag::parse(b"W/\"v1\"").ok(),
        };
        let last_modified = match self.last_modified {
            DateClass::None => None,
            DateClass::Old => Some(instant(OLD)),
            DateClass::Now => Some(now),
        };
        let exists = self.exists == ExistsClass::Yes;
        let current_tag: &[u8] = match self.etag {
            TagClass::Weak => b"W/\"v1\"",
            TagClass::None | TagClass::Strong => b"\"v1\"",
        };
        let anchor = last_modified.unwrap_or_else(|| instant(OLD)).unix_seconds();
        let imf = |unix: i64| format_date(instant(unix), DateFormat::ImfFixdate).into_bytes();

        let mut fields: Vec<(HeaderName, Vec<u8>)> = Vec::new();
        let tags = |condition: TagCondition| -> Option<Vec<u8>> {
            Some(match condition {
                TagCondition::Absent => return None,
                TagCondition::Star => b"*".to_vec(),
                TagCondition::Match => current_tag.to_vec(),
                TagCondition::WeakMatch => b"W/\"v1\"".to_vec(),
                TagCondition::NoMatch => b"\"v2\"".to_vec(),
                TagCondition::Malformed => b"\"v1\", v2".to_vec(),
            })
        };
        // `decisive` is the date a two-line list repeats: one that would decide
        // (fail) if the list were evaluated.
        let dates = |condition: DateCondition, decisive: i64| -> Vec<Vec<u8>> {
            match condition {
                DateCondition::Absent => vec![],
                DateCondition::Earlier => vec![imf(anchor - 1)],
                DateCondition::Equal => vec![imf(anchor)],
                DateCondition::Later => vec![imf(anchor + 1)],
                DateCondition::Invalid => {
                    vec![
                        String::from_utf8_lossy(&imf(anchor))
                            .replace("GMT", "UTC")
                            .into_bytes(),
                    ]
                }
                DateCondition::List => vec![imf(decisive), imf(decisive)],
            }
        };
        if let Some(value) = tags(self.if_match) {
            fields.push((header::IF_MATCH, value));
        }
        for value in dates(self.if_unmodified_since, anchor - 1) {
            fields.push((header::IF_UNMODIFIED_SINCE, value));
        }
        if let Some(value) = tags(self.if_none_match) {
            fields.push((header::IF_NONE_MATCH, value));
        }
        for value in dates(self.if_modified_since, anchor) {
            fields.push((header::IF_MODIFIED_SINCE, value));
        }
        let if_range = match self.if_range {
            IfRangeCondition::Absent => None,
            IfRangeCondition::StrongTag => Some(b"\"v1\"".to_vec()),
            IfRangeCondition::WeakTag => Some(b"W/\"v1\"".to_vec()),
            IfRangeCondition::TagMismatch => Some(b"\"v2\"".to_vec()),
            IfRangeCondition::DateEqual => Some(imf(anchor)),
            IfRangeCondition::DateMismatch => Some(imf(anchor - 1)),
            IfRangeCondition::Malformed => Some(b"\"v1".to_vec()),
        };
        if let Some(value) = if_range {
            fields.push((header::IF_RANGE, value));
        }
        if self.range == RangeCondition::Present {
            fields.push((header::RANGE, b"bytes=0-99".to_vec()));
        }
        Case {
            method,
            fields: fields
                .into_iter()
                .filter_map(|(n, v)| HeaderValue::from_bytes(&v).ok().map(|v| (n, v)))
                .collect(),
            resource: Resource {
                exists,
                etag,
                last_modified,
                ranges: true,
            },
            role: self.role.role(),
            unconditional: self.status.code(),
            now,
            if_range_dates: IfRangeDates::Auto,
        }
    }
}

impl RoleClass {
    /// The role.
    pub fn role(self) -> Role {
        match self {
            RoleClass::Origin => Role::Origin,
            RoleClass::Cache => Role::Cache,
        }
    }
}

impl StatusClass {
    /// The representative status code.
    pub fn code(self) -> StatusCode {
        match self {
            StatusClass::Ok => StatusCode::OK,
            StatusClass::OtherSuccess => StatusCode::NO_CONTENT,
            StatusClass::Redirection => StatusCode::MOVED_PERMANENTLY,
            StatusClass::ClientError => StatusCode::NOT_FOUND,
            StatusClass::PreconditionFailed => StatusCode::PRECONDITION_FAILED,
            StatusClass::ServerError => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

/// Calls `visit` with every combination numbered in `indices`, its case, and
/// the case's header map, stopping at the first error.
///
/// Role and status are the lowest digits of the numbering, so consecutive
/// combinations mostly share their fields and representation: the case and
/// its header map are built once per such run and only role and status are
/// changed in between (the enumeration is dominated by building cases).
pub fn visit<E>(
    indices: Range<usize>,
    mut visit: impl FnMut(&Combination, &Case, &HeaderMap) -> Result<(), E>,
) -> Result<(), E> {
    let mut current: Option<(Combination, Case, HeaderMap)> = None;
    for index in indices {
        let Some(combination) = Combination::from_index(index) else {
            break;
        };
        let reusable = current.as_ref().is_some_and(|(previous, _, _)| {
            Combination {
                role: combination.role,
                status: combination.status,
                ..*previous
            } == combination
        });
        if !reusable {
            let case = combination.case();
            let headers = case.headers();
            current = Some((combination, case, headers));
        }
        if let Some((previous, case, headers)) = current.as_mut() {
            *previous = combination;
            case.role = combination.role.role();
            case.unconditional = combination.status.code();
            visit(previous, case, headers)?;
        }
    }
    Ok(())
}

impl MethodClass {
    /// The numbers of this method class's combinations.
    pub fn indices(self) -> Range<usize> {
        let start = self.index() * Combination::PER_METHOD;
        start..start + Combination::PER_METHOD
    }
}

fn instant(unix: i64) -> HttpDate {
    HttpDate::from_unix_seconds(unix).unwrap_or(HttpDate::UNIX_EPOCH)
}
