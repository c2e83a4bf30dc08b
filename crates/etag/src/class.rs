//! Byte classes of the grammar as `[bool; 256]` lookup tables.

/// Builds a `[bool; 256]` table that is `true` for the bytes matching `$pat`.
macro_rules! byte_class {
    ($pat:pat) => {{
        let mut table = [false; 256];
        let mut byte: u8 = 0;
        loop {
            // The index is a `u8`, so it is always in bounds.
            #[allow(clippy::indexing_slicing)]
            {
                table[byte as usize] = matches!(byte, $pat);
            }
            if byte == u8::MAX {
                break;
            }
            byte += 1;
        }
        table
    }};
}

/// ```abnf
/// etagc    = %x21 / %x23-7E / obs-text
/// obs-text = %x80-FF
/// ```
/// (RFC 9110 §8.8.3, §5.5): any visible byte except DQUOTE, plus obs-text.
pub(crate) const ETAGC: [bool; 256] = byte_class!(0x21 | 0x23..=0x7E | 0x80..=0xFF);

/// ```abnf
/// OWS = *( SP / HTAB )
/// ```
/// (RFC 9110 §5.6.3): the bytes OWS is made of.
pub(crate) const WS: [bool; 256] = byte_class!(b' ' | b'\t');

/// Looks `byte` up in `table`.
#[inline(always)]
pub(crate) fn is(table: &[bool; 256], byte: u8) -> bool {
    // A `u8` always indexes a 256-entry table: the check is optimised away.
    table.get(usize::from(byte)).copied().unwrap_or(false)
}

/// `true` for an `etagc` byte.
#[inline(always)]
pub(crate) fn is_etagc(byte: u8) -> bool {
    is(&ETAGC, byte)
}

/// `true` for SP or HTAB.
#[inline(always)]
pub(crate) fn is_ws(byte: u8) -> bool {
    is(&WS, byte)
}

/// `value` without leading and trailing OWS.
pub(crate) fn trim_ows(value: &[u8]) -> &[u8] {
    let start = value.iter().position(|&b| !is_ws(b)).unwrap_or(value.len());
    let end = value
        .iter()
        .rposition(|&b| !is_ws(b))
        .map_or(start, |i| i + 1);
    value.get(start..end).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_match_the_abnf() {
        for byte in 0..=u8::MAX {
            let etagc = byte == 0x21 || (0x23..=0x7E).contains(&byte) || byte >= 0x80;
            assert_eq!(is_etagc(byte), etagc, "etagc {byte:#04x}");
            assert_eq!(
                is_ws(byte),
                byte == b' ' || byte == b'\t',
                "OWS {byte:#04x}"
            );
        }
    }

    #[test]
    fn trim() {
        assert_eq!(trim_ows(b" \t a b\t "), b"a b");
        assert_eq!(trim_ows(b" \t "), b"");
        assert_eq!(trim_ows(b""), b"");
    }
}
