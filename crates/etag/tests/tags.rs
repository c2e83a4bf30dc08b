//! Single entity-tags: the grammar of RFC 9110 §8.8.3, the comparison table of
//! §8.8.3.2, constructors, formatting and conversions.

use http::HeaderValue;
use precond_etag::{Comparison, EntityTag, EntityTagRef, Error, Rule};

/// `Ok((weak, opaque))` or `Err((rule, offset))`.
type Expected<'a> = Result<(bool, &'a [u8]), (Rule, usize)>;

fn check(input: &[u8], expected: Expected<'_>) {
    let got = EntityTagRef::parse(input)
        .map(|tag| (tag.is_weak(), tag.opaque()))
        .map_err(|e| (e.rule(), e.offset()));
    assert_eq!(
        got,
        expected,
        "input {:?}",
        input.escape_ascii().to_string()
    );
    if let Err(e) = EntityTagRef::parse(input) {
        assert_eq!(e.line(), 0);
        // The owned parser agrees.
        assert_eq!(EntityTag::parse(input), Err(e));
    }
}

// Source: RFC 9110 §8.8.3 (the ETag examples), then our own edge cases.
#[test]
fn valid_entity_tags() {
    check(b"\"xyzzy\"", Ok((false, b"xyzzy")));
    check(b"W/\"xyzzy\"", Ok((true, b"xyzzy")));
    check(b"\"\"", Ok((false, b"")));
    check(b"W/\"\"", Ok((true, b"")));
    // OWS around the field value is not part of it.
    check(b" \t\"a\"\t ", Ok((false, b"a")));
    // A backslash is an ordinary etagc: nothing is unescaped.
    check(b"\"a\\\"", Ok((false, b"a\\")));
    check(b"\"\\\\n\"", Ok((false, b"\\\\n")));
    // Every visible byte but DQUOTE, and obs-text.
    check(
        b"\"!#$%&'()*+,-./:;<=>?@[]^_`{|}~\"",
        Ok((false, b"!#$%&'()*+,-./:;<=>?@[]^_`{|}~")),
    );
    check(b"\"\x80\xff\xc3\xa9\"", Ok((false, b"\x80\xff\xc3\xa9")));
    // `W/` only as a prefix; inside the quotes it is data.
    check(b"\"W/\"", Ok((false, b"W/")));
    check(b"W/\"W/\"", Ok((true, b"W/")));
}

#[test]
fn malformed_entity_tags() {
    check(b"", Err((Rule::EntityTag, 0)));
    check(b"   ", Err((Rule::EntityTag, 3)));
    check(b"xyzzy", Err((Rule::EntityTag, 0)));
    check(b"*", Err((Rule::EntityTag, 0)));
    check(b"'xyzzy'", Err((Rule::EntityTag, 0)));
    // The weakness indicator is case-sensitive and exactly `W/`.
    check(b"w/\"xyzzy\"", Err((Rule::Weak, 0)));
    check(b"W\"xyzzy\"", Err((Rule::Weak, 0)));
    check(b"W", Err((Rule::Weak, 0)));
    check(b" W/ \"xyzzy\"", Err((Rule::OpaqueTag, 3)));
    check(b"W/xyzzy", Err((Rule::OpaqueTag, 2)));
    check(b"W/", Err((Rule::OpaqueTag, 2)));
    // Unterminated: the error is at the end, where the DQUOTE was due.
    check(b"\"xyzzy", Err((Rule::OpaqueTag, 6)));
    check(b"\"", Err((Rule::OpaqueTag, 1)));
    check(b"W/\"xyzzy ", Err((Rule::Etagc, 8)));
    // Bytes that are not etagc.
    check(b"\"a b\"", Err((Rule::Etagc, 2)));
    check(b"\"a\tb\"", Err((Rule::Etagc, 2)));
    check(b"\"a\x7fb\"", Err((Rule::Etagc, 2)));
    check(b"\"a\x00b\"", Err((Rule::Etagc, 2)));
    check(b"\"a\r\n\"", Err((Rule::Etagc, 2)));
    // Something after the entity-tag.
    check(b"\"a\"\"b\"", Err((Rule::EntityTag, 3)));
    check(b"\"a\" x", Err((Rule::EntityTag, 4)));
    check(b"\"a\", \"b\"", Err((Rule::EntityTag, 3)));
    check(b"W/\"a\"/", Err((Rule::EntityTag, 5)));
}

fn check_comparison(a: &str, b: &str, strong: bool, weak: bool) {
    let a = EntityTagRef::parse(a.as_bytes()).unwrap();
    let b = EntityTagRef::parse(b.as_bytes()).unwrap();
    for (x, y) in [(a, b), (b, a)] {
        assert_eq!(x.strong_eq(y), strong, "strong {x} {y}");
        assert_eq!(x.weak_eq(y), weak, "weak {x} {y}");
        assert_eq!(x.matches(y, Comparison::Strong), strong, "strong {x} {y}");
        assert_eq!(x.matches(y, Comparison::Weak), weak, "weak {x} {y}");
    }
}

// Source: RFC 9110 §8.8.3.2, Table 3, row by row (both argument orders).
// proves: 9110-13.1.1-strong-comparison, 9110-13.1.2-weak-comparison
#[test]
fn comparison_table_of_rfc_9110() {
    check_comparison("W/\"1\"", "W/\"1\"", false, true);
    check_comparison("W/\"1\"", "W/\"2\"", false, false);
    check_comparison("W/\"1\"", "\"1\"", false, true);
    check_comparison("\"1\"", "\"1\"", true, true);
}

#[test]
fn comparison_is_byte_for_byte() {
    check_comparison("\"a\"", "\"A\"", false, false);
    check_comparison("\"a\"", " \"a\"\t", true, true);
    check_comparison("\"\"", "W/\"\"", false, true);
    check_comparison("\"ab\"", "\"abc\"", false, false);
    check_comparison("\"é\"", "\"é\"", true, true);
}

fn check_constructor(made: Result<EntityTag, Error>, expected: Result<&str, (Rule, usize)>) {
    if let Ok(tag) = &made {
        assert_eq!(tag.is_weak(), tag.to_string().starts_with("W/"), "{tag}");
        assert_eq!(tag.is_weak(), tag.as_tag().is_weak(), "{tag}");
    }
    let got = made
        .map(|tag| tag.to_string())
        .map_err(|e| (e.rule(), e.offset()));
    assert_eq!(got.as_deref().map_err(|e| *e), expected);
}

// proves: 9110-8.8.3-mark-weak
#[test]
fn validating_constructors() {
    check_constructor(EntityTag::strong("xyzzy"), Ok("\"xyzzy\""));
    check_constructor(EntityTag::weak("xyzzy"), Ok("W/\"xyzzy\""));
    check_constructor(EntityTag::strong(""), Ok("\"\""));
    check_constructor(EntityTag::weak(b"a,b"), Ok("W/\"a,b\""));
    check_constructor(EntityTag::strong("a\"b"), Err((Rule::Etagc, 1)));
    check_constructor(EntityTag::weak("ab c"), Err((Rule::Etagc, 2)));
    check_constructor(EntityTag::strong(b"\x7f"), Err((Rule::Etagc, 0)));
    check_constructor(EntityTag::strong(vec![b'a'; 3]), Ok("\"aaa\""));
    assert_eq!(
        EntityTagRef::weak(b"v1").map(EntityTagRef::into_owned),
        EntityTag::weak("v1")
    );
    assert!(EntityTagRef::strong(b"v 1").is_err());
}

fn check_encoding(made: &EntityTag, expected: &str) {
    assert_eq!(made.to_string(), expected);
    assert!(
        made.opaque()
            .iter()
            .all(|b| b.is_ascii_graphic() && *b != b'"')
    );
    assert_eq!(EntityTag::parse(expected.as_bytes()).as_ref(), Ok(made));
}

// Source: RFC 4648 §10 test vectors (base64url differs from base64 only in
// symbols 62 and 63, and we leave out the padding).
#[test]
fn digest_and_version_helpers() {
    check_encoding(&EntityTag::from_digest(b""), "\"\"");
    check_encoding(&EntityTag::from_digest(b"f"), "\"Zg\"");
    check_encoding(&EntityTag::from_digest(b"fo"), "\"Zm8\"");
    check_encoding(&EntityTag::from_digest(b"foo"), "\"Zm9v\"");
    check_encoding(&EntityTag::from_digest(b"foob"), "\"Zm9vYg\"");
    check_encoding(&EntityTag::from_digest(b"fooba"), "\"Zm9vYmE\"");
    check_encoding(&EntityTag::from_digest(b"foobar"), "\"Zm9vYmFy\"");
    check_encoding(&EntityTag::from_digest(&[0xfb, 0xff]), "\"-_8\"");
    check_encoding(&EntityTag::weak_from_digest(b"foobar"), "W/\"Zm9vYmFy\"");
    check_encoding(&EntityTag::from_digest_hex(b""), "\"\"");
    check_encoding(
        &EntityTag::from_digest_hex(&[0x00, 0x9f, 0xff]),
        "\"009fff\"",
    );
    check_encoding(&EntityTag::from_version(0), "\"0\"");
    check_encoding(
        &EntityTag::from_version(u64::MAX),
        "\"18446744073709551615\"",
    );
    check_encoding(&EntityTag::weak_from_version(42), "W/\"42\"");
}

#[test]
fn display_and_exact_bytes() {
    let tag = EntityTag::weak(b"caf\xc3\xa9").unwrap();
    assert_eq!(tag.to_string(), "W/\"café\"");
    assert_eq!(tag.as_tag().to_string(), "W/\"café\"");
    assert_eq!(tag.as_tag().encoded_len(), 9);

    // obs-text that is not UTF-8: escaped in Display, exact bytes elsewhere.
    let tag = EntityTag::strong(b"a\xffb\x80").unwrap();
    assert_eq!(tag.to_string(), "\"a\\xffb\\x80\"");
    assert_ne!(
        EntityTag::strong(b"\xff").unwrap().to_string(),
        EntityTag::strong(b"\xfe").unwrap().to_string()
    );
    assert_eq!(tag.to_bytes(), b"\"a\xffb\x80\"");
    assert_eq!(tag.to_header_value().as_bytes(), b"\"a\xffb\x80\"");
    let mut written = Vec::new();
    tag.write_to(&mut written).unwrap();
    assert_eq!(written, b"\"a\xffb\x80\"");
    assert_eq!(EntityTag::parse(&written), Ok(tag.clone()));

    assert_eq!(
        format!("{:?}", EntityTag::weak(b"a\xff").unwrap()),
        "EntityTag { weak: true, opaque: \"a\\xff\" }"
    );
    assert_eq!(
        format!("{:?}", tag.as_tag()),
        "EntityTagRef { weak: false, opaque: \"a\\xffb\\x80\" }"
    );
}

#[test]
fn header_value_conversions() {
    let value = HeaderValue::from_static("W/\"xyzzy\"");
    let tag = EntityTag::try_from(&value).unwrap();
    assert_eq!(tag, EntityTag::weak("xyzzy").unwrap());
    assert_eq!(EntityTagRef::try_from(&value).unwrap(), tag.as_tag());
    assert_eq!(HeaderValue::from(&tag), value);
    assert_eq!(HeaderValue::from(tag.as_tag()), value);
    assert_eq!(HeaderValue::from(tag.clone()), value);
    assert_eq!(EntityTag::from(tag.as_tag()), tag);
    assert_eq!(EntityTagRef::from(&tag), tag.as_tag());

    let bad = HeaderValue::from_static("xyzzy");
    assert_eq!(
        EntityTag::try_from(&bad).map_err(|e| e.rule()),
        Err(Rule::EntityTag)
    );

    assert_eq!("\"a\"".parse::<EntityTag>(), EntityTag::strong("a"));
    assert_eq!(
        "W/ \"a\"".parse::<EntityTag>().map_err(|e| e.offset()),
        Err(2)
    );
}

#[test]
fn errors_are_sentences_naming_rule_and_offset() {
    let cases: [(&[u8], Rule, &str); 5] = [
        (
            b"\"a b\"",
            Rule::Etagc,
            "invalid entity-tag: the rule etagc does not match at byte 2: ",
        ),
        (
            b"w/\"a\"",
            Rule::Weak,
            "invalid entity-tag: the rule weak does not match at byte 0: ",
        ),
        (
            b"\"ab",
            Rule::OpaqueTag,
            "invalid entity-tag: the rule opaque-tag does not match at byte 3: ",
        ),
        (
            b"ab",
            Rule::EntityTag,
            "invalid entity-tag: the rule entity-tag does not match at byte 0: \
             an entity-tag starts with DQUOTE",
        ),
        // The same rule, but the tag was whole: what follows it is the fault.
        (
            b"\"a\" x",
            Rule::EntityTag,
            "invalid entity-tag: the rule entity-tag does not match at byte 4: \
             only optional whitespace may follow the entity-tag",
        ),
    ];
    for (input, rule, start) in cases {
        let err = EntityTagRef::parse(input).unwrap_err();
        assert_eq!(err.rule(), rule);
        let text = err.to_string();
        assert!(text.starts_with(start), "{text}");
        assert!(!text.ends_with('.'), "{text}");
    }
    // A later field line of a list is named, counting from 1 for people.
    let lines: [&[u8]; 2] = [b"\"a\"", b"\"b c\""];
    let err = precond_etag::match_list(lines, None, precond_etag::Comparison::Weak).unwrap_err();
    assert_eq!((err.rule(), err.offset(), err.line()), (Rule::Etagc, 2, 1));
    assert_eq!(
        err.to_string(),
        "invalid entity-tag: the rule etagc does not match at byte 2 of field line 2: \
         an opaque-tag holds only the bytes %x21, %x23-7E and %x80-FF \
         (no whitespace, control byte, DEL or DQUOTE)"
    );
    let names = [
        (Rule::EntityTag, "entity-tag"),
        (Rule::Weak, "weak"),
        (Rule::OpaqueTag, "opaque-tag"),
        (Rule::Etagc, "etagc"),
        (Rule::List, "#entity-tag"),
        (Rule::Star, "\"*\""),
    ];
    for (rule, name) in names {
        assert_eq!(rule.as_str(), name);
        assert_eq!(rule.to_string(), name);
    }
    let boxed: Box<dyn std::error::Error> = Box::new(EntityTagRef::parse(b"").unwrap_err());
    assert!(boxed.to_string().contains("entity-tag"));
}
