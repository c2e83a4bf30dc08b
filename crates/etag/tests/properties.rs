//! Property tests: round trips, the laws of the comparison functions
//! (RFC 9110 §8.8.3.2), and malformed input reported at the right place.

mod support;

use precond_etag::{Comparison, EntityTag, EntityTagRef, ListMatch, Rule, TagList, match_list};
use proptest::prelude::*;
use support::{entity_tag, utf8_entity_tag};

/// How to lay out a list: separators and where to break field lines.
#[derive(Clone, Debug)]
struct Layout {
    /// Per member: OWS before, empty elements before, OWS after, a line break
    /// before it.
    gaps: Vec<(&'static str, usize, &'static str, bool)>,
    trailing_commas: usize,
}

fn layout(members: usize) -> impl Strategy<Value = Layout> {
    let ows = prop::sample::select(vec!["", " ", "\t", " \t "]);
    (
        prop::collection::vec((ows.clone(), 0usize..3, ows, any::<bool>()), members),
        0usize..3,
    )
        .prop_map(|(gaps, trailing_commas)| Layout {
            gaps,
            trailing_commas,
        })
}

/// Writes `tags` as field lines following `layout`.
fn write_lines(tags: &[EntityTag], layout: &Layout) -> Vec<Vec<u8>> {
    let mut lines = vec![Vec::new()];
    for (index, (tag, (before, empties, after, new_line))) in
        tags.iter().zip(&layout.gaps).enumerate()
    {
        if *new_line && index > 0 {
            lines.push(Vec::new());
        }
        let line = lines.last_mut().unwrap();
        if !line.is_empty() {
            line.push(b',');
        }
        for _ in 0..*empties {
            line.extend_from_slice(before.as_bytes());
            line.push(b',');
        }
        line.extend_from_slice(before.as_bytes());
        line.extend_from_slice(&tag.to_bytes());
        line.extend_from_slice(after.as_bytes());
    }
    let last = lines.last_mut().unwrap();
    for _ in 0..layout.trailing_commas {
        last.extend_from_slice(b", ");
    }
    lines
}

fn tags_and_layout() -> impl Strategy<Value = (Vec<EntityTag>, Layout)> {
    prop::collection::vec(entity_tag(), 0..8).prop_flat_map(|tags| {
        let n = tags.len();
        (Just(tags), layout(n))
    })
}

proptest! {
    #![proptest_config(support::config("proptest-regressions/properties.txt"))]

    #[test]
    fn display_then_parse_is_identity(tag in utf8_entity_tag()) {
        let text = tag.to_string();
        prop_assert_eq!(text.parse::<EntityTag>(), Ok(tag.clone()));
        prop_assert_eq!(EntityTagRef::parse(text.as_bytes()), Ok(tag.as_tag()));
    }

    #[test]
    fn exact_bytes_then_parse_is_identity(tag in entity_tag()) {
        let bytes = tag.to_bytes();
        prop_assert_eq!(bytes.len(), tag.as_tag().encoded_len());
        prop_assert_eq!(EntityTag::parse(&bytes), Ok(tag.clone()));
        let value = http::HeaderValue::from(&tag);
        prop_assert_eq!(value.as_bytes(), &bytes[..]);
        prop_assert_eq!(EntityTag::try_from(&value), Ok(tag.clone()));
        let mut written = Vec::new();
        tag.write_to(&mut written).unwrap();
        prop_assert_eq!(written, bytes);
    }

    #[test]
    fn helpers_always_make_valid_tags(digest in prop::collection::vec(any::<u8>(), 0..48), version in any::<u64>()) {
        for tag in [
            EntityTag::from_digest(&digest),
            EntityTag::weak_from_digest(&digest),
            EntityTag::from_digest_hex(&digest),
            EntityTag::from_version(version),
            EntityTag::weak_from_version(version),
        ] {
            prop_assert_eq!(tag.to_string().parse::<EntityTag>(), Ok(tag.clone()));
            prop_assert!(tag.opaque().is_ascii());
        }
        prop_assert_eq!(EntityTag::from_digest(&digest).opaque().len(), (digest.len() * 4).div_ceil(3));
        prop_assert_eq!(EntityTag::from_digest_hex(&digest).opaque().len(), digest.len() * 2);
    }

    // proves: 9110-13.1.1-strong-comparison, 9110-13.1.2-weak-comparison
    #[test]
    fn comparison_laws(a in entity_tag(), b in entity_tag()) {
        let (a, b) = (a.as_tag(), b.as_tag());
        // Strong implies weak.
        prop_assert!(!a.strong_eq(b) || a.weak_eq(b));
        // Both are symmetric.
        prop_assert_eq!(a.weak_eq(b), b.weak_eq(a));
        prop_assert_eq!(a.strong_eq(b), b.strong_eq(a));
        // Strong comparison never matches a weak tag.
        if a.is_weak() || b.is_weak() {
            prop_assert!(!a.strong_eq(b));
        }
        // Weak comparison is reflexive; strong only for strong tags.
        prop_assert!(a.weak_eq(a));
        prop_assert_eq!(a.strong_eq(a), !a.is_weak());
        // Weak comparison is exactly equality of the opaque bytes.
        prop_assert_eq!(a.weak_eq(b), a.opaque() == b.opaque());
        prop_assert_eq!(a.matches(b, Comparison::Strong), a.strong_eq(b));
        prop_assert_eq!(a.matches(b, Comparison::Weak), a.weak_eq(b));
    }

    // proves: 9110-5.6.1.2-skip-empty-elements, 9110-5.6.1.2-recipient-list-syntax
    #[test]
    fn lists_round_trip((tags, layout) in tags_and_layout(), pick in any::<prop::sample::Index>(), strong in any::<bool>()) {
        let lines = write_lines(&tags, &layout);
        let slices: Vec<&[u8]> = lines.iter().map(Vec::as_slice).collect();

        let list = TagList::parse_lines(&slices[..]).unwrap();
        prop_assert!(!list.is_any());
        let members: Vec<EntityTag> = list.iter().map(EntityTagRef::into_owned).collect();
        prop_assert_eq!(&members, &tags);

        // The canonical form reads back to the same members.
        let text = list.to_string();
        if tags.iter().all(|t| std::str::from_utf8(t.opaque()).is_ok()) {
            let again = TagList::parse(text.as_bytes()).unwrap();
            let again: Vec<EntityTag> = again.iter().map(EntityTagRef::into_owned).collect();
            prop_assert_eq!(&again, &tags);
        }

        // match_list counts every member and finds the first match.
        let how = if strong { Comparison::Strong } else { Comparison::Weak };
        let current = if tags.is_empty() { EntityTag::strong("none").unwrap() } else { pick.get(&tags).clone() };
        let expected = tags.iter().find(|t| t.as_tag().matches(current.as_tag(), how)).map(EntityTag::as_tag);
        prop_assert_eq!(
            match_list(slices.iter().copied(), Some(current.as_tag()), how),
            Ok(ListMatch::Tags { count: tags.len(), matched: expected })
        );
    }

    #[test]
    fn a_bad_byte_in_an_opaque_tag_is_reported_where_it_is(
        tag in entity_tag(),
        bad in prop::sample::select(b"\x00\x01\t\n\r \x7f".to_vec()),
        at in any::<prop::sample::Index>(),
        lead in 0usize..3,
    ) {
        let mut bytes = tag.to_bytes();
        let open = bytes.iter().position(|&b| b == b'"').unwrap() + 1;
        let close = bytes.len() - 1;
        let pos = open + at.index(close - open + 1);
        bytes.insert(pos, bad);
        let mut line = b" ".repeat(lead);
        line.extend_from_slice(&bytes);

        let err = EntityTagRef::parse(&line).unwrap_err();
        prop_assert_eq!((err.rule(), err.offset()), (Rule::Etagc, lead + pos));
        let err = match_list([&line[..]], None, Comparison::Weak).unwrap_err();
        prop_assert_eq!((err.rule(), err.offset(), err.line()), (Rule::Etagc, lead + pos, 0));
    }

    #[test]
    fn an_unterminated_tag_is_reported_at_the_end(tag in entity_tag(), lines_before in 0usize..3) {
        let mut bytes = tag.to_bytes();
        bytes.pop();
        let err = EntityTagRef::parse(&bytes).unwrap_err();
        prop_assert_eq!((err.rule(), err.offset()), (Rule::OpaqueTag, bytes.len()));
        let mut lines: Vec<&[u8]> = vec![b"\"ok\""; lines_before];
        lines.push(&bytes);
        let err = match_list(lines, None, Comparison::Weak).unwrap_err();
        prop_assert_eq!((err.rule(), err.offset(), err.line()), (Rule::OpaqueTag, bytes.len(), lines_before));
    }
}
