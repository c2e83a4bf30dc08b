//! The fast reader behind `match_list` against the nom grammar (the
//! reference, used by `TagList`): on arbitrary bytes they accept and reject
//! the same field values, report the same error (rule, offset and line), and
//! find the same members.

mod support;

use precond_etag::{Comparison, EntityTagRef, TagList, match_list};
use proptest::prelude::*;
use support::{entity_tag, grammar_lines};

/// Compares the two readers on `lines`, for `current` under both comparisons.
fn agree(lines: &[Vec<u8>], current: Option<EntityTagRef<'_>>) -> Result<(), TestCaseError> {
    let slices: Vec<&[u8]> = lines.iter().map(Vec::as_slice).collect();
    let reference = TagList::parse_lines(&slices[..]);
    for how in [Comparison::Strong, Comparison::Weak] {
        let fast = match_list(slices.iter().copied(), current, how);
        match &reference {
            Ok(list) => prop_assert_eq!(fast, Ok(list.list_match(current, how)), "{:?}", slices),
            // Same error: same rule, kind, offset and line.
            Err(e) => prop_assert_eq!(fast, Err(*e), "{:?}", slices),
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(support::config("proptest-regressions/agreement.txt"))]

    #[test]
    fn scanner_agrees_with_grammar_on_arbitrary_bytes(
        lines in prop::collection::vec(prop::collection::vec(any::<u8>(), 0..24), 0..4),
    ) {
        agree(&lines, None)?;
    }

    #[test]
    fn scanner_agrees_with_grammar_on_nearly_valid_lines(
        lines in grammar_lines(),
        current in entity_tag(),
    ) {
        agree(&lines, Some(current.as_tag()))?;
        agree(&lines, None)?;
    }

    #[test]
    fn scanner_agrees_on_long_tags(
        tags in prop::collection::vec(entity_tag(), 1..4),
        long in prop::collection::vec(support::etagc(), 0..40),
        cut in any::<prop::sample::Index>(),
        bad in prop::option::of(prop::sample::select(b"\x00 \"\x7f\t".to_vec())),
    ) {
        // A long opaque-tag (many eight-byte words), maybe truncated or with a
        // bad byte somewhere, between valid ones.
        let mut long_tag = b"W/\"".to_vec();
        long_tag.extend_from_slice(&long);
        long_tag.push(b'"');
        if let Some(bad) = bad {
            let at = 3 + cut.index(long.len() + 1);
            long_tag.insert(at, bad);
        }
        let mut line = Vec::new();
        for tag in &tags {
            line.extend_from_slice(&tag.to_bytes());
            line.extend_from_slice(b", ");
        }
        line.extend_from_slice(&long_tag);
        let truncated = line[..line.len() - cut.index(4)].to_vec();
        let current = tags[0].as_tag();
        agree(&[line.clone()], Some(current))?;
        agree(std::slice::from_ref(&truncated), Some(current))?;
        agree(&[truncated, line], Some(current))?;
    }
}

/// A separator between members, as lists repeat them.
fn separator() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![", ", ",", " , ", ",\t", ", ,", ",,, "])
}

proptest! {
    #![proptest_config(support::config("proptest-regressions/agreement.txt"))]

    // Lists of one shape (what most clients send), then one byte changed
    // anywhere: the fast reader must accept and reject exactly what the
    // grammar does, whatever the length of the tags.
    #[test]
    fn scanner_agrees_on_lists_of_one_shape(
        count in prop_oneof![2usize..24, 24usize..44],
        len in prop_oneof![0usize..20, 20usize..80],
        weak in any::<bool>(),
        sep in separator(),
        seed in prop::collection::vec(support::etagc(), 80),
        change in prop::option::of((any::<prop::sample::Index>(), support::grammar_byte())),
        cut in 0usize..3,
        want in any::<prop::sample::Index>(),
        flip in any::<bool>(),
        shorter in prop_oneof![3 => Just(0usize), 1 => 1usize..3],
        grow in prop::option::of((any::<prop::sample::Index>(), 1usize..3)),
    ) {
        let mut line = Vec::new();
        let mut tags = Vec::new();
        // Maybe one member longer than the others, starting with the bytes
        // it would have at their length.
        let grown = grow.map(|(at, extra)| (at.index(count), extra));
        let mut shortened = None;
        for index in 0..count {
            if index > 0 {
                line.extend_from_slice(sep.as_bytes());
            }
            // Different opaque bytes per member, one length.
            let mut opaque: Vec<u8> = (0..len).map(|i| seed[(i + index) % seed.len()]).collect();
            if let Some((at, extra)) = grown
                && at == index
            {
                shortened = Some(opaque.clone());
                opaque.extend(std::iter::repeat_n(b'g', extra));
            }
            let tag = if weak { precond_etag::EntityTag::weak(&opaque) } else { precond_etag::EntityTag::strong(&opaque) };
            let tag = tag.unwrap();
            line.extend_from_slice(&tag.to_bytes());
            tags.push(tag);
        }
        if let Some((at, byte)) = change {
            let at = at.index(line.len());
            line[at] = byte;
        }
        line.truncate(line.len() - cut.min(line.len()));
        // The current tag: one of the members, maybe of the other kind
        // (weak or strong) or shorter than all of them, so that reading a
        // member as long as the current one is a wrong guess; with a longer
        // member, its beginning (as long as the others): a record that
        // starts like the current tag without being it.
        let chosen = want.get(&tags).as_tag();
        let opaque = match &shortened {
            Some(opaque) => &opaque[..],
            None => &chosen.opaque()[..chosen.opaque().len().saturating_sub(shorter)],
        };
        let current = if chosen.is_weak() != flip {
            precond_etag::EntityTag::weak(opaque)
        } else {
            precond_etag::EntityTag::strong(opaque)
        };
        let current = current.unwrap();
        agree(&[line.clone()], Some(current.as_tag()))?;
        agree(&[line.clone(), line], None)?;
    }
}

proptest! {
    #![proptest_config(support::config("proptest-regressions/agreement.txt"))]

    // The value a client sends back most: exactly the current entity-tag
    // (weak or strong, either side, as long as hashes are), maybe with one
    // byte changed, cut short, with OWS, followed by another member or by
    // another field line.
    #[test]
    fn scanner_agrees_on_the_current_tag_sent_back(
        weak in any::<bool>(),
        opaque in prop_oneof![
            prop::collection::vec(support::etagc(), 0..12),
            prop::collection::vec(support::etagc(), 12..44),
        ],
        member_weak in any::<bool>(),
        change in prop::option::of((any::<prop::sample::Index>(), support::grammar_byte())),
        cut in 0usize..2,
        ows in any::<bool>(),
        more in any::<bool>(),
        second in prop::option::of(grammar_lines()),
    ) {
        let current = if weak {
            precond_etag::EntityTag::weak(&opaque)
        } else {
            precond_etag::EntityTag::strong(&opaque)
        };
        let current = current.unwrap();
        let mut line = if member_weak { b"W/\"".to_vec() } else { b"\"".to_vec() };
        line.extend_from_slice(&opaque);
        line.push(b'"');
        if more {
            line.extend_from_slice(b", \"x\"");
        }
        if let Some((at, byte)) = change {
            let at = at.index(line.len());
            line[at] = byte;
        }
        line.truncate(line.len() - cut);
        if ows {
            line.insert(0, b' ');
        }
        let mut lines = vec![line];
        lines.extend(second.into_iter().flatten());
        agree(&lines, Some(current.as_tag()))?;
    }
}

/// Every byte at every position of a member of the shape the fast reader
/// takes with two words (`, "`, as long as the one before, 8 to 16 bytes):
/// bytes only one of the two words covers included.
#[test]
fn scanner_agrees_on_every_byte_of_a_same_shape_member() {
    for len in 8..=16 {
        let first = vec![b'a'; len];
        let last = vec![b'c'; len];
        for at in 0..len {
            for byte in 0..=u8::MAX {
                let mut middle = vec![b'b'; len];
                middle[at] = byte;
                let mut line = Vec::new();
                for (index, opaque) in [&first, &middle, &last].into_iter().enumerate() {
                    if index > 0 {
                        line.extend_from_slice(b", ");
                    }
                    line.push(b'"');
                    line.extend_from_slice(opaque);
                    line.push(b'"');
                }
                let current = precond_etag::EntityTag::strong(&last).unwrap();
                agree(std::slice::from_ref(&line), Some(current.as_tag())).unwrap();
            }
        }
    }
}
