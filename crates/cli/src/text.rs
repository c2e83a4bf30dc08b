//! Human-readable diagnostics.

use std::io::{self, Write};

use crate::json::ParseError;

/// Writes `error: <what>: <message>`, then the value with a caret under the
/// byte where the rule failed, and the rule and offset.
pub(crate) fn invalid(
    err: &mut impl Write,
    value: &[u8],
    what: &str,
    error: &ParseError,
) -> io::Result<()> {
    writeln!(err, "error: {what}: {}", error.message)?;
    let (shown, column) = render(value, error.offset);
    writeln!(err, "  {shown}")?;
    writeln!(
        err,
        "  {:column$}^ rule {}, offset {}",
        "", error.rule, error.offset
    )
}

/// The value as the user typed it, for a terminal: printable characters as
/// they are, control characters and bytes that are not UTF-8 as `\xNN`.
pub(crate) fn shown(value: &[u8]) -> String {
    render(value, 0).0
}

/// The value for a terminal, and the column where byte `offset` is shown.
///
/// Printable characters are shown as they are; control characters, and
/// bytes that are not UTF-8, as `\xNN` (`\t` for HTAB).
fn render(value: &[u8], offset: usize) -> (String, usize) {
    let mut shown = String::new();
    let mut column = None;
    let mut at = 0;
    let mut piece = |bytes_len: usize, text: &str, shown: &mut String| {
        if column.is_none() && at + bytes_len > offset {
            column = Some(shown.chars().count());
        }
        shown.push_str(text);
        at += bytes_len;
    };
    for chunk in value.utf8_chunks() {
        for c in chunk.valid().chars() {
            let mut buf = [0; 4];
            let encoded = c.encode_utf8(&mut buf);
            let text = match c {
                '\t' => "\\t".to_owned(),
                '\n' => "\\n".to_owned(),
                '\r' => "\\r".to_owned(),
                c if c.is_control() => encoded.bytes().map(|b| format!("\\x{b:02x}")).collect(),
                _ => encoded.to_owned(),
            };
            piece(c.len_utf8(), &text, &mut shown);
        }
        for b in chunk.invalid() {
            piece(1, &format!("\\x{b:02x}"), &mut shown);
        }
    }
    let column = column.unwrap_or_else(|| shown.chars().count());
    (shown, column)
}

#[cfg(test)]
mod tests {
    use super::render;

    fn check(value: &[u8], offset: usize, expected: (&str, usize)) {
        let (shown, column) = render(value, offset);
        assert_eq!(
            (shown.as_str(), column),
            expected,
            "{}",
            value.escape_ascii()
        );
    }

    #[test]
    fn the_caret_column_counts_what_is_shown() {
        let table: [(&[u8], usize, (&str, usize)); 7] = [
            (b"W/\"v7\" x", 7, ("W/\"v7\" x", 7)),
            (b"", 0, ("", 0)),
            (b"\"x", 2, ("\"x", 2)),
            (b"\"a\x01\"", 3, ("\"a\\x01\"", 6)),
            (b"\t\"a\"", 1, ("\\t\"a\"", 2)),
            ("caf\u{e9} x".as_bytes(), 6, ("caf\u{e9} x", 5)),
            (b"\xff\"", 1, ("\\xff\"", 4)),
        ];
        for (value, offset, expected) in table {
            check(value, offset, expected);
        }
    }
}
