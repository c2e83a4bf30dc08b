//! The one fast path of the Range grammar: the shape clients write
//! (`bytes=` and range-specs of at most 19 digits, with OWS and commas
//! between them) read with plain byte loops, no combinators.
//!
//! Each function answers only for input it reads exactly as the nom grammar
//! (`crate::grammar`) does, with the same result and the same input left;
//! for anything else (another unit, an empty list element, a longer number,
//! an error of any kind) it answers `None` and the caller asks the grammar,
//! which also words every error. `tests` proves this on every short input
//! over the bytes the grammar treats differently and on arbitrary input, and
//! debug builds check every answer (`crate::spec`).

use crate::spec::RangeSpec;

/// A value that starts with exactly `bytes=`: the range-set after the `=`
/// and the unit, as `grammar::ranges_specifier` reads them.
#[inline]
pub(crate) fn ranges_specifier(value: &[u8]) -> Option<(&[u8], &[u8])> {
    let (head, rest) = value.split_first_chunk::<6>()?;
    let (unit, _) = head.split_last_chunk::<1>()?;
    (head == b"bytes=").then_some((rest, unit))
}

/// One list element and what follows it, as `grammar::element` and then
/// `grammar::separator` read them: the input after the separator, the
/// range-spec, and whether a comma (`true`) or the end (`false`) followed.
/// `None` for an empty element and for anything the grammar must read.
#[inline]
pub(crate) fn element(input: &[u8]) -> Option<(&[u8], RangeSpec, bool)> {
    let rest = ows(input);
    let (spec, rest) = match rest.split_first() {
        Some((b'-', digits)) => {
            let (length, rest) = position(digits)?;
            (RangeSpec::Suffix { length: length? }, rest)
        }
        Some((b'0'..=b'9', _)) => {
            let (first, rest) = position(rest)?;
            let first = first?;
            let rest = rest.strip_prefix(b"-")?;
            match position(rest)? {
                (Some(last), after) if last >= first => (RangeSpec::Int { first, last }, after),
                // last-pos below first-pos: the grammar words the error.
                (Some(_), _) => return None,
                (None, _) => (RangeSpec::From { first }, rest),
            }
        }
        _ => return None,
    };
    match ows(rest).split_first() {
        None => Some((&[], spec, false)),
        Some((b',', after)) => Some((after, spec, true)),
        Some(_) => None,
    }
}

/// `OWS = *( SP / HTAB )`, skipped.
#[inline(always)]
fn ows(mut input: &[u8]) -> &[u8] {
    while let Some((b' ' | b'\t', rest)) = input.split_first() {
        input = rest;
    }
    input
}

/// The most digits read here: any 19 digits fit in a `u64`.
const MAX_DIGITS: usize = 19;

/// `*DIGIT` at the start of `input`: its value (`None` without a digit) and
/// the input after it. `None` altogether for more than [`MAX_DIGITS`] digits,
/// which the grammar reads (saturating).
#[inline(always)]
fn position(input: &[u8]) -> Option<(Option<u64>, &[u8])> {
    let mut value = 0_u64;
    let mut rest = input;
    let mut count = 0;
    while let Some((&byte, after)) = rest.split_first() {
        let digit = byte.wrapping_sub(b'0');
        if digit > 9 {
            break;
        }
        if count == MAX_DIGITS {
            return None;
        }
        value = value * 10 + u64::from(digit);
        count += 1;
        rest = after;
    }
    Some(((count > 0).then_some(value), rest))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grammar;

    /// The grammar's answer for one element and its separator, in the fast
    /// path's terms (`None` where the fast path may not answer).
    fn reference(input: &[u8]) -> Option<(&[u8], RangeSpec, bool)> {
        let (rest, spec) = grammar::element(input).ok()?;
        let (rest, more) = grammar::separator(rest).ok()?;
        Some((rest, spec?, more))
    }

    fn agree(input: &[u8]) {
        if let Some(fast) = element(input) {
            assert_eq!(
                Some(fast),
                reference(input),
                "{:?}",
                input.escape_ascii().to_string()
            );
        }
        if let Some((rest, unit)) = ranges_specifier(input) {
            assert_eq!(
                grammar::ranges_specifier(input),
                Ok((rest, unit)),
                "{:?}",
                input.escape_ascii().to_string()
            );
        }
    }

    /// Every input up to 7 bytes over the bytes the two readers tell apart.
    #[test]
    fn agrees_with_the_grammar_on_every_short_input() {
        const ALPHABET: &[u8] = b"09-, \t=x";
        let mut answered = 0;
        let mut input = Vec::new();
        for len in 0..=7_u32 {
            for mut n in 0..ALPHABET.len().pow(len) {
                input.clear();
                for _ in 0..len {
                    input.push(ALPHABET[n % ALPHABET.len()]);
                    n /= ALPHABET.len();
                }
                agree(&input);
                answered += usize::from(element(&input).is_some());
            }
        }
        // The fast path answers often enough to be the fast path.
        assert!(answered > 10_000, "{answered}");
    }

    #[test]
    fn answers_the_usual_shapes_and_leaves_the_rest() {
        let int = |first, last| RangeSpec::Int { first, last };
        assert_eq!(element(b"0-499"), Some((&b""[..], int(0, 499), false)));
        assert_eq!(element(b" 1-2 , x"), Some((&b" x"[..], int(1, 2), true)));
        assert_eq!(
            element(b"-500,"),
            Some((&b""[..], RangeSpec::Suffix { length: 500 }, true))
        );
        assert_eq!(
            element(b"9500-\t"),
            Some((&b""[..], RangeSpec::From { first: 9500 }, false))
        );
        let max = b"9999999999999999999-9999999999999999999";
        assert_eq!(
            element(max),
            Some((
                &b""[..],
                int(9_999_999_999_999_999_999, 9_999_999_999_999_999_999),
                false
            ))
        );
        for left in [
            &b"99999999999999999999-"[..],
            b"0-99999999999999999999",
            b"-99999999999999999999",
            b"5-4",
            b",",
            b" ",
            b"",
            b"1-2 3",
            b"-",
            b"1",
            b"x",
        ] {
            assert_eq!(element(left), None, "{:?}", left.escape_ascii().to_string());
        }
        assert_eq!(
            ranges_specifier(b"bytes=1-"),
            Some((&b"1-"[..], &b"bytes"[..]))
        );
        assert_eq!(ranges_specifier(b"Bytes=1-"), None);
        assert_eq!(ranges_specifier(b" bytes=1-"), None);
    }

    proptest::proptest! {
        #[test]
        fn agrees_with_the_grammar_on_arbitrary_input(
            input in proptest::collection::vec(
                proptest::sample::select(b"0123456789-, \t=bytesx\0".to_vec()), 0..48),
        ) {
            agree(&input);
        }

        #[test]
        fn agrees_on_numbers_of_any_length(first in "[0-9]{1,24}", last in "[0-9]{0,24}", tail in "[ ,x]{0,2}") {
            agree(format!("{first}-{last}{tail}").as_bytes());
            agree(format!("-{first}{tail}").as_bytes());
        }
    }
}
