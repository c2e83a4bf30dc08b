//! If-Match / If-None-Match field values: `"*" / #entity-tag`
//! (RFC 9110 §13.1.1, §13.1.2), read over all field lines (RFC 9110 §5.3).

use core::fmt;
use core::iter::FusedIterator;
use core::marker::PhantomData;

use crate::error::Error;
use crate::grammar::{self, Shape};
use crate::scan;
use crate::tag::{Comparison, EntityTagRef};

/// What a valid If-Match / If-None-Match field value holds, and which member
/// (if any) matched; the result of [`match_list`].
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum ListMatch<'a> {
    /// The field value is `*` (one field line, nothing else but OWS).
    Any,
    /// The field value is a list of entity-tags (possibly empty).
    Tags {
        /// The number of members, not counting empty list elements
        /// (RFC 9110 §5.6.1.2).
        count: usize,
        /// The first member, in field order, that matches the current
        /// entity-tag under the comparison asked for; `None` when none does
        /// or there is no current entity-tag.
        matched: Option<EntityTagRef<'a>>,
    },
}

/// Reads the field value of If-Match or If-None-Match, `"*" / #entity-tag`
/// (RFC 9110 §13.1.1, §13.1.2), from all its field lines as one list (RFC 9110
/// §5.3), and finds the first member that matches `current` under `how`.
///
/// - Recipient list rules (RFC 9110 §5.6.1.2): OWS around the value and
///   around each comma, and any number of empty elements, are accepted.
/// - A comma inside the quotes belongs to the opaque-tag.
/// - `*` must be the whole value: with another member, a comma or another
///   field line (even an empty one) it is malformed.
/// - No field lines, an empty value, or only commas: a valid empty list
///   (`Tags { count: 0, matched: None }`).
///
/// The whole value, every line, is validated even after a match: a
/// malformed value is an [`Error`] (which the evaluator treats as RFC 9110
/// §13.1.1 and §13.1.2 say for a value that is neither `*` nor a list).
/// One pass, linear in the input, no allocation.
///
/// Use [`Comparison::Strong`] for If-Match and [`Comparison::Weak`] for
/// If-None-Match.
///
/// ```
/// use http::header::{HeaderMap, HeaderValue, IF_NONE_MATCH};
/// use precond_etag::{Comparison, EntityTagRef, ListMatch, match_list};
///
/// let mut headers = HeaderMap::new();
/// headers.append(IF_NONE_MATCH, HeaderValue::from_static(r#""a", W/"b""#));
/// headers.append(IF_NONE_MATCH, HeaderValue::from_static(r#""c""#));
///
/// let current = EntityTagRef::parse(b"\"b\"")?;
/// let lines = headers.get_all(IF_NONE_MATCH).iter().map(HeaderValue::as_bytes);
/// let found = match_list(lines, Some(current), Comparison::Weak)?;
/// assert_eq!(
///     found,
///     ListMatch::Tags { count: 3, matched: Some(EntityTagRef::parse(b"W/\"b\"")?) },
/// );
/// # Ok::<(), precond_etag::Error>(())
/// ```
pub fn match_list<'a, I>(
    lines: I,
    current: Option<EntityTagRef<'_>>,
    how: Comparison,
) -> Result<ListMatch<'a>, Error>
where
    I: IntoIterator<Item = &'a [u8]>,
{
    // Only compare when a match is possible: with no current tag, or a weak
    // current tag under strong comparison, nothing can match.
    let strong = how == Comparison::Strong;
    let want = match current {
        Some(tag) if !(strong && tag.is_weak()) => Some(tag.opaque()),
        _ => None,
    };
    scan::field_value(lines, want, strong)
}

/// A validated If-Match / If-None-Match field value, `"*" / #entity-tag`
/// (RFC 9110 §13.1.1, §13.1.2), borrowed from its field lines, whose members
/// can be iterated lazily.
///
/// `L` is anything that can hand out the field lines more than once: a
/// `&GetAll<HeaderValue>` from [`http::HeaderMap::get_all`], a `&[&[u8]]`,
/// a `Vec<&[u8]>`, or the `[&[u8]; 1]` of [`TagList::parse`]. The whole value
/// is validated when the list is made, with the same rules as
/// [`match_list`]; iterating parses the members again, one at a time, without
/// allocating.
///
/// ```
/// use http::header::{HeaderMap, HeaderValue, IF_MATCH};
/// use precond_etag::{EntityTagRef, TagList};
///
/// let mut headers = HeaderMap::new();
/// headers.append(IF_MATCH, HeaderValue::from_static(r#""xyzzy", "r2d2xxxx""#));
/// headers.append(IF_MATCH, HeaderValue::from_static(r#" , "c3piozzzz""#));
///
/// let lines = headers.get_all(IF_MATCH);
/// let list = TagList::parse_lines(&lines)?;
/// assert!(!list.is_any());
/// assert_eq!(list.len(), 3);
/// let opaque: Vec<&[u8]> = list.iter().map(EntityTagRef::opaque).collect();
/// assert_eq!(opaque, [&b"xyzzy"[..], b"r2d2xxxx", b"c3piozzzz"]);
/// # Ok::<(), precond_etag::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct TagList<'a, L> {
    lines: L,
    any: bool,
    len: usize,
    borrowed: PhantomData<&'a [u8]>,
}

impl<'a> TagList<'a, [&'a [u8]; 1]> {
    /// Parses a field value given as one field line.
    ///
    /// ```
    /// use precond_etag::TagList;
    ///
    /// assert!(TagList::parse(b" * ")?.is_any());
    /// assert_eq!(TagList::parse(b"\"a\", ,W/\"b\",")?.len(), 2);
    /// assert!(TagList::parse(b"*, \"a\"").is_err());
    /// # Ok::<(), precond_etag::Error>(())
    /// ```
    pub fn parse(value: &'a [u8]) -> Result<Self, Error> {
        TagList::parse_lines([value])
    }
}

impl<'a, L, B> TagList<'a, L>
where
    L: IntoIterator<Item = &'a B> + Clone,
    B: AsRef<[u8]> + ?Sized + 'a,
{
    /// Parses and validates a field value given as its field lines, in order;
    /// they are read as one list (RFC 9110 §5.3). No lines at all make a
    /// valid empty list.
    pub fn parse_lines(lines: L) -> Result<Self, Error> {
        let mut len = 0usize;
        let shape = grammar::field_value(lines.clone(), |_| len += 1)?;
        Ok(TagList {
            lines,
            any: shape == Shape::Any,
            len,
            borrowed: PhantomData,
        })
    }

    /// `true` when the field value is `*`.
    pub fn is_any(&self) -> bool {
        self.any
    }

    /// The number of members, not counting empty list elements (0 for `*`).
    pub fn len(&self) -> usize {
        self.len
    }

    /// `true` when there are no members: an empty list, or `*`.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The members, in field order (none for `*`).
    pub fn iter(&self) -> Members<'a, L::IntoIter> {
        Members {
            lines: self.lines.clone().into_iter(),
            rest: None,
            done: self.any,
        }
    }

    /// The first member that matches `current` under `how`.
    pub fn find(&self, current: EntityTagRef<'_>, how: Comparison) -> Option<EntityTagRef<'a>> {
        self.iter().find(|member| member.matches(current, how))
    }

    /// The same answer [`match_list`] gives for these field lines.
    pub fn list_match(&self, current: Option<EntityTagRef<'_>>, how: Comparison) -> ListMatch<'a> {
        if self.any {
            return ListMatch::Any;
        }
        ListMatch::Tags {
            count: self.len,
            matched: current.and_then(|current| self.find(current, how)),
        }
    }
}

/// The canonical form: `*`, or the members joined by `", "` (nothing for an
/// empty list), each written as [`EntityTagRef`]'s `Display` does.
impl<'a, L, B> fmt::Display for TagList<'a, L>
where
    L: IntoIterator<Item = &'a B> + Clone,
    B: AsRef<[u8]> + ?Sized + 'a,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.any {
            return f.write_str("*");
        }
        for (index, member) in self.iter().enumerate() {
            if index > 0 {
                f.write_str(", ")?;
            }
            fmt::Display::fmt(&member, f)?;
        }
        Ok(())
    }
}

impl<'a, L, B> IntoIterator for &TagList<'a, L>
where
    L: IntoIterator<Item = &'a B> + Clone,
    B: AsRef<[u8]> + ?Sized + 'a,
{
    type Item = EntityTagRef<'a>;
    type IntoIter = Members<'a, L::IntoIter>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<'a, L, B> IntoIterator for TagList<'a, L>
where
    L: IntoIterator<Item = &'a B> + Clone,
    B: AsRef<[u8]> + ?Sized + 'a,
{
    type Item = EntityTagRef<'a>;
    type IntoIter = Members<'a, L::IntoIter>;

    fn into_iter(self) -> Self::IntoIter {
        Members {
            lines: self.lines.into_iter(),
            rest: None,
            done: self.any,
        }
    }
}

/// The members of a [`TagList`], in field order, across its field lines.
#[derive(Clone, Debug)]
pub struct Members<'a, I> {
    lines: I,
    /// What is left of the current field line after a comma; `None` between
    /// lines.
    rest: Option<&'a [u8]>,
    done: bool,
}

impl<'a, I, B> Iterator for Members<'a, I>
where
    I: Iterator<Item = &'a B>,
    B: AsRef<[u8]> + ?Sized + 'a,
{
    type Item = EntityTagRef<'a>;

    fn next(&mut self) -> Option<EntityTagRef<'a>> {
        while !self.done {
            let rest = match self.rest {
                Some(rest) => rest,
                None => match self.lines.next() {
                    Some(line) => line.as_ref(),
                    None => break,
                },
            };
            // The list was validated; should a line read differently now,
            // stop rather than yield anything unchecked.
            let Ok((rest, member)) = grammar::element(rest) else {
                break;
            };
            let Ok((rest, more)) = grammar::separator(rest) else {
                break;
            };
            self.rest = more.then_some(rest);
            if member.is_some() {
                return member;
            }
        }
        self.done = true;
        None
    }
}

impl<'a, I, B> FusedIterator for Members<'a, I>
where
    I: Iterator<Item = &'a B>,
    B: AsRef<[u8]> + ?Sized + 'a,
{
}
