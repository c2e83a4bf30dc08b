//! Strategies shared by the property tests.

#![allow(dead_code)]

use precond_etag::EntityTag;
use proptest::prelude::*;

/// An `etagc` byte, biased towards the interesting ones: list and grammar
/// punctuation (which is data inside the quotes), backslash and obs-text.
pub(crate) fn etagc() -> impl Strategy<Value = u8> {
    prop_oneof![
        4 => prop::sample::select(b"aAz09".to_vec()),
        2 => prop::sample::select(b",W/*\\!#~".to_vec()),
        1 => 0x21u8..=0x7E,
        1 => 0x80u8..=0xFF,
    ]
    .prop_filter("not etagc", |&b| b != b'"')
}

/// A valid entity-tag.
pub(crate) fn entity_tag() -> impl Strategy<Value = EntityTag> {
    (any::<bool>(), prop::collection::vec(etagc(), 0..12)).prop_map(|(weak, opaque)| {
        let made = if weak {
            EntityTag::weak(&opaque)
        } else {
            EntityTag::strong(&opaque)
        };
        made.expect("etagc bytes make a valid tag")
    })
}

/// A valid entity-tag whose opaque bytes are UTF-8.
pub(crate) fn utf8_entity_tag() -> impl Strategy<Value = EntityTag> {
    (any::<bool>(), "[!#-~\u{80}-\u{10FFFF}]{0,10}").prop_map(|(weak, opaque)| {
        let made = if weak {
            EntityTag::weak(&opaque)
        } else {
            EntityTag::strong(&opaque)
        };
        made.expect("visible characters but DQUOTE make a valid tag")
    })
}

/// Bytes that are mostly the grammar's own tokens, so that random lines are
/// often nearly valid and reach every branch of the parsers.
pub(crate) fn grammar_byte() -> impl Strategy<Value = u8> {
    prop_oneof![
        6 => prop::sample::select(b"\"\"\"W/,, \t*aw".to_vec()),
        2 => prop::sample::select(b"\\!~\x00\x7f\x80\xff\r\n\x0b".to_vec()),
        1 => any::<u8>(),
    ]
}

/// A field line made of grammar bytes and valid tags.
pub(crate) fn grammar_line() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        3 => grammar_byte().prop_map(|b| vec![b]),
        1 => entity_tag().prop_map(|t| t.to_bytes()),
        1 => Just(b", ".to_vec()),
    ];
    prop::collection::vec(piece, 0..12).prop_map(|pieces| pieces.concat())
}

/// One to four field lines (occasionally none).
pub(crate) fn grammar_lines() -> impl Strategy<Value = Vec<Vec<u8>>> {
    prop::collection::vec(grammar_line(), 0..4)
}

/// proptest's default configuration (which honours `PROPTEST_CASES`), with
/// failures kept in `proptest-regressions/<file>` (committed).
pub(crate) fn config(file: &'static str) -> ProptestConfig {
    ProptestConfig {
        failure_persistence: Some(Box::new(
            proptest::test_runner::FileFailurePersistence::Direct(file),
        )),
        ..ProptestConfig::default()
    }
}
