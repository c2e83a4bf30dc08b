//! If-Match / If-None-Match field values: `"*" / #entity-tag` (RFC 9110
//! §13.1.1, §13.1.2) over one or more field lines, with the recipient list
//! rules of §5.6.1.2.

use http::header::{HeaderMap, HeaderValue, IF_MATCH, IF_NONE_MATCH};
use precond_etag::{Comparison, EntityTagRef, Error, ListMatch, Rule, TagList, match_list};

/// What a field value reads as, for a table row.
#[derive(Debug, PartialEq)]
enum Read {
    /// `*`.
    Any,
    /// A list of these members, in canonical form.
    Tags(Vec<String>),
    /// Malformed: rule, line, offset.
    Bad(Rule, usize, usize),
}

fn tags(members: &[&str]) -> Read {
    Read::Tags(members.iter().map(ToString::to_string).collect())
}

/// Reads `lines` through both `TagList` (the nom grammar) and `match_list`
/// (the fast scanner), checks they agree, and compares with `expected`.
fn check(lines: &[&[u8]], expected: &Read) {
    let got = match TagList::parse_lines(lines) {
        Ok(list) if list.is_any() => Read::Any,
        Ok(list) => {
            let members: Vec<String> = list.iter().map(|tag| tag.to_string()).collect();
            assert_eq!(list.len(), members.len());
            Read::Tags(members)
        }
        Err(e) => Read::Bad(e.rule(), e.line(), e.offset()),
    };
    assert_eq!(&got, expected, "lines {lines:?}");

    let fast = match match_list(lines.iter().copied(), None, Comparison::Weak) {
        Ok(ListMatch::Any) => Read::Any,
        Ok(ListMatch::Tags { count, matched }) => {
            assert_eq!(matched, None);
            match &got {
                Read::Tags(members) => assert_eq!(count, members.len(), "{lines:?}"),
                _ => panic!("{lines:?}: match_list read a list of {count}"),
            }
            got
        }
        Err(e) => Read::Bad(e.rule(), e.line(), e.offset()),
    };
    assert_eq!(&fast, expected, "match_list, lines {lines:?}");
}

// Source: RFC 9110 §13.1.1 and §13.1.2 (the If-Match and If-None-Match examples).
#[test]
fn rfc_examples() {
    check(&[b"\"xyzzy\""], &tags(&["\"xyzzy\""]));
    check(&[b"W/\"xyzzy\""], &tags(&["W/\"xyzzy\""]));
    check(
        &[b"\"xyzzy\", \"r2d2xxxx\", \"c3piozzzz\""],
        &tags(&["\"xyzzy\"", "\"r2d2xxxx\"", "\"c3piozzzz\""]),
    );
    check(
        &[b"W/\"xyzzy\", W/\"r2d2xxxx\", W/\"c3piozzzz\""],
        &tags(&["W/\"xyzzy\"", "W/\"r2d2xxxx\"", "W/\"c3piozzzz\""]),
    );
    check(&[b"*"], &Read::Any);
}

// Source: RFC 9110 §5.6.1.2 (its example-list values, with entity-tags for tokens),
// then our own cases.
// proves: 9110-5.6.1.2-skip-empty-elements, 9110-5.6.1.2-recipient-list-syntax
#[test]
fn recipient_list_rules() {
    check(&[b"\"foo\",\"bar\""], &tags(&["\"foo\"", "\"bar\""]));
    check(&[b"\"foo\" ,\"bar\","], &tags(&["\"foo\"", "\"bar\""]));
    check(
        &[b"\"foo\" , ,\"bar\",\"charlie\""],
        &tags(&["\"foo\"", "\"bar\"", "\"charlie\""]),
    );
    // `#entity-tag` allows zero members: these are valid, empty lists.
    check(&[b""], &tags(&[]));
    check(&[b","], &tags(&[]));
    check(&[b",   ,"], &tags(&[]));
    check(&[b" \t "], &tags(&[]));
    check(&[], &tags(&[]));
    check(&[b",,,,\"a\",,,,"], &tags(&["\"a\""]));
    check(&[b"\t\"a\"\t,\tW/\"b\"\t"], &tags(&["\"a\"", "W/\"b\""]));
    // A comma inside the quotes belongs to the opaque-tag.
    check(&[b"\"a,b\", \"c\""], &tags(&["\"a,b\"", "\"c\""]));
    check(&[b"W/\",\""], &tags(&["W/\",\""]));
    check(&[b"\"\",\"\""], &tags(&["\"\"", "\"\""]));
    // A backslash does not escape the DQUOTE after it.
    check(&[b"\"a\\\", \"b\""], &tags(&["\"a\\\"", "\"b\""]));
}

#[test]
fn several_field_lines_are_one_list() {
    check(&[b"\"a\"", b"\"b\""], &tags(&["\"a\"", "\"b\""]));
    check(
        &[b"\"a\",", b"", b" , W/\"b\""],
        &tags(&["\"a\"", "W/\"b\""]),
    );
    check(&[b"", b""], &tags(&[]));
    check(&[b"\"a\"", b"\"b\" \"c\""], &Read::Bad(Rule::List, 1, 4));
    check(&[b"\"a\"", b"", b"x"], &Read::Bad(Rule::EntityTag, 2, 0));
    // A tag cannot continue on the next line.
    check(&[b"\"a", b"b\""], &Read::Bad(Rule::OpaqueTag, 0, 2));
}

#[test]
fn star_must_stand_alone() {
    check(&[b"*"], &Read::Any);
    check(&[b" \t* \t"], &Read::Any);
    check(&[b"*,"], &Read::Bad(Rule::Star, 0, 0));
    check(&[b",*"], &Read::Bad(Rule::Star, 0, 1));
    check(&[b"*, \"a\""], &Read::Bad(Rule::Star, 0, 0));
    check(&[b"\"a\", *"], &Read::Bad(Rule::Star, 0, 5));
    check(&[b"*, *"], &Read::Bad(Rule::Star, 0, 0));
    check(&[b"**"], &Read::Bad(Rule::Star, 0, 0));
    check(&[b"* *"], &Read::Bad(Rule::Star, 0, 0));
    check(&[b"*\"a\""], &Read::Bad(Rule::Star, 0, 0));
    // Another field line, even an empty one, makes `*` part of a list.
    check(&[b"*", b"\"a\""], &Read::Bad(Rule::Star, 1, 0));
    check(&[b"*", b""], &Read::Bad(Rule::Star, 1, 0));
    check(&[b"*", b"*"], &Read::Bad(Rule::Star, 1, 0));
    check(&[b"\"a\"", b"*"], &Read::Bad(Rule::Star, 1, 0));
    check(&[b"", b" *"], &Read::Bad(Rule::Star, 1, 1));
    // Inside quotes it is data.
    check(&[b"\"*\""], &tags(&["\"*\""]));
}

#[test]
fn malformed_lists() {
    // Unquoted members.
    check(&[b"xyzzy"], &Read::Bad(Rule::EntityTag, 0, 0));
    check(&[b"\"a\", b"], &Read::Bad(Rule::EntityTag, 0, 5));
    check(&[b"\"a\", w/\"b\""], &Read::Bad(Rule::Weak, 0, 5));
    check(&[b"W \"a\""], &Read::Bad(Rule::Weak, 0, 0));
    check(&[b"W/ \"a\""], &Read::Bad(Rule::OpaqueTag, 0, 2));
    // Members not separated by a comma, and trailing garbage.
    check(&[b"\"a\" \"b\""], &Read::Bad(Rule::List, 0, 4));
    check(&[b"\"a\"\"b\""], &Read::Bad(Rule::List, 0, 3));
    check(&[b"\"a\"W/\"b\""], &Read::Bad(Rule::List, 0, 3));
    check(&[b"\"a\", \"b\" ;"], &Read::Bad(Rule::List, 0, 9));
    check(&[b"\"a\";q=1"], &Read::Bad(Rule::List, 0, 3));
    // Bad bytes and unterminated tags.
    check(&[b"\"a\", \"b c\""], &Read::Bad(Rule::Etagc, 0, 7));
    check(&[b"\"a\", \"b"], &Read::Bad(Rule::OpaqueTag, 0, 7));
    check(&[b"\"a\", \"b,"], &Read::Bad(Rule::OpaqueTag, 0, 8));
    check(&[b"\""], &Read::Bad(Rule::OpaqueTag, 0, 1));
    // Two members of 17 bytes, the second with a bad byte in the middle:
    // every byte is checked, not only the first and last eight.
    check(
        &[b"\"0123456789abcdefg\", \"01234567 abcdefgh\", \"a\""],
        &Read::Bad(Rule::Etagc, 0, 30),
    );
    check(
        &[b"\"0123456789abcdefg\", \"01234567\"abcdefgh\", \"a\""],
        &Read::Bad(Rule::List, 0, 31),
    );
    // Whitespace other than SP and HTAB is not OWS.
    check(&[b"\"a\",\r\n\"b\""], &Read::Bad(Rule::EntityTag, 0, 4));
    check(&[b"\x0b\"a\""], &Read::Bad(Rule::EntityTag, 0, 0));
}

fn check_match(
    lines: &[&[u8]],
    current: &str,
    how: Comparison,
    expected: Option<(usize, Option<&str>)>,
) {
    let current = EntityTagRef::parse(current.as_bytes()).unwrap();
    let got = match_list(lines.iter().copied(), Some(current), how);
    let expected = match expected {
        None => ListMatch::Any,
        Some((count, matched)) => ListMatch::Tags {
            count,
            matched: matched.map(|m| EntityTagRef::parse(m.as_bytes()).unwrap()),
        },
    };
    assert_eq!(got, Ok(expected), "{lines:?} {current} {how:?}");
    // TagList (the nom grammar) gives the same answer.
    let list = TagList::parse_lines(lines).unwrap();
    assert_eq!(list.list_match(Some(current), how), expected);
}

// Source: RFC 9110 §13.1.1 (strong comparison for If-Match) and §13.1.2
// (weak comparison for If-None-Match), with the examples' tags.
// proves: 9110-13.1.1-strong-comparison, 9110-13.1.2-weak-comparison
#[test]
fn members_match_under_the_comparison_asked_for() {
    let list: &[&[u8]] = &[b"\"xyzzy\", \"r2d2xxxx\", \"c3piozzzz\""];
    check_match(
        list,
        "\"r2d2xxxx\"",
        Comparison::Strong,
        Some((3, Some("\"r2d2xxxx\""))),
    );
    check_match(list, "W/\"r2d2xxxx\"", Comparison::Strong, Some((3, None)));
    check_match(
        list,
        "W/\"r2d2xxxx\"",
        Comparison::Weak,
        Some((3, Some("\"r2d2xxxx\""))),
    );
    check_match(list, "\"nope\"", Comparison::Weak, Some((3, None)));

    let weak: &[&[u8]] = &[b"W/\"xyzzy\", W/\"r2d2xxxx\", W/\"c3piozzzz\""];
    check_match(weak, "\"xyzzy\"", Comparison::Strong, Some((3, None)));
    check_match(weak, "W/\"xyzzy\"", Comparison::Strong, Some((3, None)));
    check_match(
        weak,
        "\"c3piozzzz\"",
        Comparison::Weak,
        Some((3, Some("W/\"c3piozzzz\""))),
    );

    // The first matching member in field order, across lines.
    let mixed: &[&[u8]] = &[b"W/\"a\", \"b\"", b"\"a\""];
    check_match(mixed, "\"a\"", Comparison::Weak, Some((3, Some("W/\"a\""))));
    check_match(mixed, "\"a\"", Comparison::Strong, Some((3, Some("\"a\""))));
    check_match(&[b"*"], "\"a\"", Comparison::Strong, None);
    check_match(&[b""], "\"a\"", Comparison::Weak, Some((0, None)));
    check_match(
        &[b"\"\""],
        "W/\"\"",
        Comparison::Weak,
        Some((1, Some("\"\""))),
    );
}

#[test]
fn a_match_does_not_excuse_a_malformed_rest() {
    let current = EntityTagRef::parse(b"\"a\"").unwrap();
    let got = match_list([&b"\"a\", b"[..]], Some(current), Comparison::Weak);
    assert_eq!(
        got.map_err(|e| (e.rule(), e.offset())),
        Err((Rule::EntityTag, 5))
    );
    let got = match_list([&b"\"a\""[..], b"*"], Some(current), Comparison::Weak);
    assert_eq!(got.map_err(|e| (e.rule(), e.line())), Err((Rule::Star, 1)));
    // No current tag: nothing matches, the value is still read.
    assert_eq!(
        match_list([&b"\"a\""[..]], None, Comparison::Weak),
        Ok(ListMatch::Tags {
            count: 1,
            matched: None
        })
    );
}

#[test]
fn header_map_field_lines() -> Result<(), Error> {
    let mut headers = HeaderMap::new();
    headers.append(IF_NONE_MATCH, HeaderValue::from_static("\"a\", "));
    headers.append(IF_NONE_MATCH, HeaderValue::from_static("W/\"b\""));
    headers.append(IF_MATCH, HeaderValue::from_static("*"));

    let current = EntityTagRef::parse(b"\"b\"")?;
    let inm = headers.get_all(IF_NONE_MATCH);
    let found = match_list(
        inm.iter().map(HeaderValue::as_bytes),
        Some(current),
        Comparison::Weak,
    )?;
    assert_eq!(
        found,
        ListMatch::Tags {
            count: 2,
            matched: Some(EntityTagRef::parse(b"W/\"b\"")?)
        }
    );

    let list = TagList::parse_lines(&inm)?;
    assert_eq!(list.to_string(), "\"a\", W/\"b\"");
    assert_eq!(list.find(current, Comparison::Strong), None);
    assert_eq!(
        list.find(current, Comparison::Weak),
        Some(EntityTagRef::parse(b"W/\"b\"")?)
    );
    assert_eq!((&list).into_iter().count(), 2);
    assert!(!list.is_any() && !list.is_empty() && list.len() == 2);
    assert_eq!(list.into_iter().count(), 2);

    let im = headers.get_all(IF_MATCH);
    let list = TagList::parse_lines(&im)?;
    assert!(list.is_any() && list.is_empty());
    assert_eq!(list.iter().next(), None);
    assert_eq!(list.to_string(), "*");
    assert_eq!(
        match_list(
            im.iter().map(HeaderValue::as_bytes),
            None,
            Comparison::Strong
        )?,
        ListMatch::Any
    );
    Ok(())
}

#[test]
fn tag_list_sources() -> Result<(), Error> {
    let owned: Vec<Vec<u8>> = vec![b"\"a\"".to_vec(), b"\"b\"".to_vec()];
    let list = TagList::parse_lines(&owned)?;
    assert_eq!(list.len(), 2);
    let borrowed: Vec<&[u8]> = owned.iter().map(Vec::as_slice).collect();
    let list = TagList::parse_lines(borrowed)?;
    assert_eq!(list.to_string(), "\"a\", \"b\"");
    let strs = ["\"a\"", "W/\"b\""];
    let list = TagList::parse_lines(&strs[..])?;
    assert_eq!(list.to_string(), "\"a\", W/\"b\"");
    let single = TagList::parse(b" ,\"a\" ,")?;
    assert_eq!(
        single.iter().map(EntityTagRef::opaque).collect::<Vec<_>>(),
        [b"a"]
    );
    // The iterator is fused.
    let mut members = single.iter();
    assert!(members.next().is_some());
    assert_eq!(members.next(), None);
    assert_eq!(members.next(), None);
    Ok(())
}
