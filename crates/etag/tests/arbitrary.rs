//! The `arbitrary` feature: generated values are always valid.
#![cfg(feature = "arbitrary")]

mod support;

use arbitrary::{Arbitrary, Unstructured};
use precond_etag::{Comparison, EntityTag, EntityTagRef, Error, ListMatch, Rule};
use proptest::prelude::*;

proptest! {
    #![proptest_config(support::config("proptest-regressions/arbitrary.txt"))]

    #[test]
    fn arbitrary_entity_tags_are_valid(data in prop::collection::vec(any::<u8>(), 0..256)) {
        let mut u = Unstructured::new(&data);
        while let Ok(tag) = EntityTag::arbitrary(&mut u) {
            prop_assert_eq!(EntityTag::parse(&tag.to_bytes()), Ok(tag.clone()));
            if u.is_empty() {
                break;
            }
        }
        let mut u = Unstructured::new(&data);
        if let Ok(tag) = EntityTagRef::arbitrary(&mut u) {
            prop_assert_eq!(EntityTagRef::parse(&tag.to_bytes()).map(EntityTagRef::into_owned), Ok(tag.into_owned()));
        }
        let mut u = Unstructured::new(&data);
        let _ = Comparison::arbitrary(&mut u);
        let _ = Rule::arbitrary(&mut u);
        let _ = Error::arbitrary(&mut u);
        let _ = ListMatch::arbitrary(&mut u);
    }
}

#[test]
fn arbitrary_covers_both_comparisons_and_weaknesses() {
    let mut seen = [false; 4];
    for seed in 0u8..=255 {
        let data = [
            seed,
            seed.wrapping_mul(31),
            seed ^ 0x5a,
            seed.wrapping_mul(97),
            b'"',
            0x7f,
            b' ',
        ];
        let mut u = Unstructured::new(&data);
        if let Ok(how) = Comparison::arbitrary(&mut u) {
            seen[usize::from(how == Comparison::Weak)] = true;
        }
        let mut u = Unstructured::new(&data);
        if let Ok(tag) = EntityTag::arbitrary(&mut u) {
            seen[2 + usize::from(tag.is_weak())] = true;
            assert!(EntityTag::parse(&tag.to_bytes()).is_ok());
        }
    }
    assert_eq!(seen, [true; 4]);
}
