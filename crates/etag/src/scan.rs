//! The fast reader behind [`crate::match_list`]: one pass over each field
//! line, a member at a time, the closing DQUOTE of an opaque-tag found eight
//! bytes at a time. Members that repeat the previous one's shape the way
//! most lists are written (`, "` and an opaque-tag of the same 8 to 16
//! bytes) are each checked and compared with two words, without a search.
//!
//! It reads exactly the language of [`crate::grammar::field_value`] (the
//! reference) and reports the same errors (rule, offset, line):
//! `tests/agreement.rs` proves it on arbitrary bytes, and debug builds check
//! every field line it reads against the grammar ([`Search::line`]). Each
//! byte is read at most twice, so the time is linear in the input; nothing is
//! allocated.

use crate::class::{is_etagc, trim_ows};
use crate::error::{Error, Kind};
use crate::list::ListMatch;
use crate::tag::EntityTagRef;

/// The field value of If-Match / If-None-Match over all its field lines, as
/// [`crate::grammar::field_value`] reads it, and the first member whose
/// opaque-tag is `want` (weak members left out when `strong`).
#[inline]
pub(crate) fn field_value<'a, B>(
    lines: impl IntoIterator<Item = &'a B>,
    want: Option<&[u8]>,
    strong: bool,
) -> Result<ListMatch<'a>, Error>
where
    B: AsRef<[u8]> + ?Sized + 'a,
{
    let mut lines = lines.into_iter().map(AsRef::as_ref);
    let mut search = Search {
        count: 0,
        matched: None,
        want: want.map(Wanted::new),
        strong,
    };
    let Some(first) = lines.next() else {
        return Ok(search.result());
    };
    let mut next = lines.next();
    if let Err((kind, offset)) = search.line(first) {
        // `*` is no list member: the reader stops at it. It is the whole
        // value when it is all of the first line but OWS and there is no
        // other line (RFC 9110 §13.1.1 ¶10, §13.1.2 ¶9).
        return if kind == Kind::Star && trim_ows(first) == b"*" {
            match next {
                None => Ok(ListMatch::Any),
                Some(_) => Err(Error::new(Kind::Star, 0, 1)),
            }
        } else {
            Err(Error::new(kind, offset, 0))
        };
    }
    let mut index = 1;
    while let Some(line) = next {
        search
            .line(line)
            .map_err(|(kind, offset)| Error::new(kind, offset, index))?;
        index += 1;
        next = lines.next();
    }
    Ok(search.result())
}

/// The members read so far, and the search for the first one that matches.
struct Search<'a, 't> {
    count: usize,
    /// The first member that matched.
    matched: Option<EntityTagRef<'a>>,
    /// The opaque-tag a member must have to match; `None` once one has, or
    /// when none can.
    want: Option<Wanted<'t>>,
    /// Whether weak members never match (strong comparison).
    strong: bool,
}

impl<'a> Search<'a, '_> {
    /// The list read so far.
    fn result(&self) -> ListMatch<'a> {
        ListMatch::Tags {
            count: self.count,
            matched: self.matched,
        }
    }

    /// Reads one field line of `#entity-tag` (RFC 9110 §5.6.1.2); on error
    /// the kind and the offset. Debug builds check the answer against the
    /// grammar.
    #[inline(always)]
    fn line(&mut self, line: &'a [u8]) -> Result<(), (Kind, usize)> {
        #[cfg(debug_assertions)]
        let (count, want) = (self.count, self.want.map(|want| want.opaque));
        let read = self.read_line(line);
        #[cfg(debug_assertions)]
        {
            let found =
                read.map(|()| (self.count - count, self.matched.filter(|_| want.is_some())));
            debug_assert_eq!(
                found,
                crate::grammar::first_match_in_line(line, want, self.strong),
                "the fast reader and the grammar disagree on {:?}",
                line.escape_ascii().to_string()
            );
        }
        read
    }

    /// [`Search::line`] without the check.
    #[inline(always)]
    fn read_line(&mut self, line: &'a [u8]) -> Result<(), (Kind, usize)> {
        let mut at = 0;
        loop {
            // A list position: OWS and empty elements, then a member or the
            // end of the line.
            let byte = loop {
                match line.get(at) {
                    // spec: 9110-5.6.1.2-skip-empty-elements
                    Some(b' ' | b'\t' | b',') => at += 1,
                    Some(&byte) => break byte,
                    None => return Ok(()),
                }
            };
            let (weak, start) = match byte {
                b'"' => (false, at + 1),
                b'W' => match (line.get(at + 1), line.get(at + 2)) {
                    (Some(b'/'), Some(b'"')) => (true, at + 3),
                    (Some(b'/'), _) => return Err((Kind::OpenQuote, at + 2)),
                    _ => return Err((Kind::WeakPrefix, at)),
                },
                b'w' if line.get(at + 1) == Some(&b'/') => return Err((Kind::WeakPrefix, at)),
                b'*' => return Err((Kind::Star, at)),
                _ => return Err((Kind::TagStart, at)),
            };
            let end = match self.as_long_as_wanted(line, start) {
                Some(end) => end,
                None => closing_quote(line, start)?,
            };
            let opaque = line.get(start..end).unwrap_or_default();
            self.member(weak, opaque);
            let end = self.same_shape_run(line, end, opaque.len());
            at = end + 1;
            // After a member: OWS, then a comma or the end of the line.
            if let Some([b',', b' ', ..]) = line.get(at..) {
                at += 2;
                continue;
            }
            loop {
                match line.get(at) {
                    Some(b' ' | b'\t') => at += 1,
                    // The list position's loop above skips the comma.
                    Some(b',') => break,
                    Some(_) => return Err((Kind::Separator, at)),
                    None => return Ok(()),
                }
            }
        }
    }

    /// The closing DQUOTE of an opaque-tag that starts at `line[start]` and
    /// is as long as the wanted one (8 to 16 bytes), when it is: each of its
    /// bytes in %x23-7E (so `etagc` and not DQUOTE), a DQUOTE after them.
    /// Checked with two words, without a search: a client usually sends back
    /// a tag of the length the server gives its tags.
    #[inline(always)]
    fn as_long_as_wanted(&self, line: &[u8], start: usize) -> Option<usize> {
        let want = self.want?;
        want.words()?;
        let end = start + want.opaque.len();
        let (opaque, b"\"") = line.get(start..=end)?.split_last_chunk::<1>()? else {
            return None;
        };
        let (head, tail) = head_and_tail(opaque)?;
        (outside_0x23_0x7e(head) | outside_0x23_0x7e(tail) == 0).then_some(end)
    }

    /// Counts a member and keeps it if it is the first match.
    #[inline(always)]
    fn member(&mut self, weak: bool, opaque: &'a [u8]) {
        self.count += 1;
        if self.want.is_some_and(|want| want.is(opaque)) {
            self.matched_if(weak, opaque);
        }
    }

    /// Keeps the member whose opaque-tag is the wanted one as the first
    /// match, unless it is weak under strong comparison.
    #[inline(always)]
    fn matched_if(&mut self, weak: bool, opaque: &'a [u8]) {
        // spec: 9110-13.1.1-strong-comparison, 9110-13.1.2-weak-comparison
        if !(self.strong && weak) {
            self.matched = Some(EntityTagRef::from_valid(weak, opaque));
            self.want = None;
        }
    }

    /// The strong members that follow the one whose closing DQUOTE is at
    /// `end` in the shape most lists repeat: `, "`, an opaque-tag as long as
    /// that one's (8 to 16 bytes), its DQUOTE. Each is validated and compared
    /// with two words, without searching for its end. Returns the last
    /// closing DQUOTE taken (`end` when none was); the bytes after it are read
    /// as usual. `len` only chooses the members this loop may take: each one
    /// is checked in full, so any `len` reads the same list.
    #[inline(always)]
    fn same_shape_run(&mut self, line: &'a [u8], end: usize, len: usize) -> usize {
        let member_len = len + 4;
        // From the closing DQUOTE: `", "`, the opaque-tag, `"`.
        let from = line.get(end..).unwrap_or_default();
        if !(8..=16).contains(&len) || from.len() <= member_len {
            return end;
        }
        let want = self
            .want
            .filter(|want| want.opaque.len() == len)
            .and_then(Wanted::words);
        let run = Run::read(from, member_len, want.unwrap_or(Run::NONE));
        self.count += run.taken;
        // The members taken are `member_len` bytes each from `end`; the
        // matched one's opaque-tag starts four bytes into its own.
        let matched = run
            .matched
            .and_then(|before| from.get(before * member_len + 4..(before + 1) * member_len));
        if let Some(opaque) = matched {
            self.matched_if(false, opaque);
        }
        end + run.taken * member_len
    }
}

/// What [`Search::same_shape_run`] read: its own function, so that its loop
/// has the registers to itself whatever the reader is inlined into. Inlined,
/// and keeping a flag and the matched slice, the loop kept its count, the
/// length and pointers on the stack: 45 instructions a member against 35
/// (callgrind, `benches/examples/etag_instructions.rs`).
struct Run {
    /// The members taken.
    taken: usize,
    /// How many were taken before the first whose words were the wanted ones.
    matched: Option<usize>,
}

impl Run {
    /// The words wanted when none is: a member taken here has no NUL (it
    /// is outside %x23-7E), so they never compare equal and the loop keeps
    /// no flag.
    const NONE: (u64, u64) = (0, 0);

    /// The members of `member_len - 4` bytes of opaque-tag that follow the
    /// closing DQUOTE at the start of `from`, and the first whose words are
    /// `want`.
    #[inline(never)]
    fn read(from: &[u8], member_len: usize, mut want: (u64, u64)) -> Self {
        let mut rest = from;
        let mut taken = 0;
        let mut matched = None;
        while let Some((words, next)) = same_shape(rest, member_len) {
            if words == want {
                matched = Some(taken);
                want = Self::NONE;
            }
            taken += 1;
            rest = next;
        }
        Run { taken, matched }
    }
}

/// The member after the closing DQUOTE at the start of `rest` when it is in
/// the shape of [`Search::same_shape_run`]: `, "`, an opaque-tag of
/// `member_len - 4` bytes (8 to 16), each in %x23-7E (so `etagc` and not
/// DQUOTE), `"`. Its opaque-tag's first and last eight bytes as words, and
/// `rest` from its closing DQUOTE.
#[inline(always)]
fn same_shape(rest: &[u8], member_len: usize) -> Option<((u64, u64), &[u8])> {
    let member = rest.get(..=member_len)?;
    let next = rest.get(member_len..)?;
    let (b"\", \"", quoted) = member.split_first_chunk::<4>()? else {
        return None;
    };
    let (opaque, b"\"") = quoted.split_last_chunk::<1>()? else {
        return None;
    };
    let words = head_and_tail(opaque)?;
    (outside_0x23_0x7e(words.0) | outside_0x23_0x7e(words.1) == 0).then_some((words, next))
}

/// The opaque-tag a member must have to match.
#[derive(Clone, Copy)]
struct Wanted<'t> {
    opaque: &'t [u8],
}

impl<'t> Wanted<'t> {
    fn new(opaque: &'t [u8]) -> Self {
        Wanted { opaque }
    }

    /// Its first and last eight bytes (overlapping below 16) when it is 8 to
    /// 16 bytes long, the usual lengths: a comparison is then two words.
    /// Read again where needed rather than kept: the reader's loops need
    /// the registers more than two loads.
    #[inline(always)]
    fn words(self) -> Option<(u64, u64)> {
        head_and_tail(self.opaque).filter(|_| self.opaque.len() <= 16)
    }

    /// Whether `opaque` is the wanted opaque-tag.
    #[inline(always)]
    fn is(self, opaque: &[u8]) -> bool {
        opaque.len() == self.opaque.len()
            && match self.words() {
                Some(words) => head_and_tail(opaque) == Some(words),
                None => opaque == self.opaque,
            }
    }
}

/// The index of the DQUOTE that closes an opaque-tag whose content starts at
/// `line[from]`, every byte before it checked to be `etagc`; on error the
/// kind and the offset.
#[inline(always)]
fn closing_quote(line: &[u8], from: usize) -> Result<usize, (Kind, usize)> {
    let mut at = from;
    loop {
        let rest = line.get(at..).unwrap_or_default();
        // The next eight bytes, or the last few padded with NUL (which is
        // not `etagc`, so a word is always a stop or eight valid bytes).
        let (word, valid) = match rest.first_chunk::<8>() {
            Some(chunk) => (u64::from_le_bytes(*chunk), 8),
            None => (last_bytes(line, rest), rest.len()),
        };
        let mask = outside_0x23_0x7e(word);
        if mask == 0 {
            at += 8;
            continue;
        }
        // The lowest mark is exact: the first byte outside %x23-7E.
        let stop = (mask.trailing_zeros() / 8) as usize;
        if stop >= valid {
            return Err((Kind::CloseQuote, line.len()));
        }
        let stop = at + stop;
        match line.get(stop) {
            Some(b'"') => return Ok(stop),
            // `!` or obs-text: `etagc` outside %x23-7E; go on after it.
            Some(&byte) if is_etagc(byte) => at = stop + 1,
            _ => return Err((Kind::TagByte, stop)),
        }
    }
}

/// `0x01` in every byte.
const LO: u64 = u64::from_le_bytes([0x01; 8]);
/// `0x80` in every byte.
const HI: u64 = u64::from_le_bytes([0x80; 8]);

/// Marks (with its high bit) every byte of `word` outside `%x23-7E`: DQUOTE
/// and every byte that is not `etagc`, and also `!` (`0x21`) and obs-text,
/// which are. The lowest mark is always exact; a byte `0x80`–`0xFF` may
/// corrupt the marks above it.
#[inline(always)]
fn outside_0x23_0x7e(word: u64) -> u64 {
    let at_least_0x23 = word.wrapping_add(LO * 0x5D);
    let del_or_high = word.wrapping_add(LO) | word;
    !(at_least_0x23 & !del_or_high) & HI
}

/// `rest`, the last bytes of `line` (fewer than eight), as the low lanes of
/// a little-endian word, NUL above them: the line's last word shifted down
/// when the line has one.
#[inline(always)]
fn last_bytes(line: &[u8], rest: &[u8]) -> u64 {
    match line.last_chunk::<8>() {
        Some(&last) => u64::from_le_bytes(last)
            .checked_shr(8 * (8 - rest.len()) as u32)
            .unwrap_or(0),
        None => {
            let mut word = [0; 8];
            for (lane, &byte) in word.iter_mut().zip(rest) {
                *lane = byte;
            }
            u64::from_le_bytes(word)
        }
    }
}

/// The first and the last eight bytes of `bytes` (overlapping below 16),
/// as words; `None` when it is shorter than eight.
#[inline(always)]
fn head_and_tail(bytes: &[u8]) -> Option<(u64, u64)> {
    let (head, tail) = (bytes.first_chunk::<8>()?, bytes.last_chunk::<8>()?);
    Some((u64::from_le_bytes(*head), u64::from_le_bytes(*tail)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_word_test_marks_all_but_0x23_to_0x7e() {
        for byte in 0..=u8::MAX {
            for pos in 0..8 {
                for fill in [b'a', 0x21, 0x7E, 0x23] {
                    let mut word = [fill; 8];
                    word[pos] = byte;
                    let marks = outside_0x23_0x7e(u64::from_le_bytes(word));
                    let first = word
                        .iter()
                        .position(|b| !(0x23..=0x7E).contains(b))
                        .map_or(8, |i| i as u32);
                    let got = if marks == 0 {
                        8
                    } else {
                        marks.trailing_zeros() / 8
                    };
                    assert_eq!(got, first, "{word:02x?}");
                }
            }
        }
    }

    #[test]
    fn closing_quote_in_and_after_full_words() {
        assert_eq!(closing_quote(b"\"\"", 1), Ok(1));
        assert_eq!(closing_quote(b"\"0123456789abcdef\"", 1), Ok(17));
        assert_eq!(
            closing_quote(b"\"0123456789abcdef", 1),
            Err((Kind::CloseQuote, 17))
        );
        assert_eq!(closing_quote(b"\"01234567 9", 1), Err((Kind::TagByte, 9)));
        assert_eq!(closing_quote(b"\"0123456\x7f", 1), Err((Kind::TagByte, 8)));
        assert_eq!(closing_quote(b"\"0123456789\"", 1), Ok(11));
        assert_eq!(closing_quote(b"\"0123456\"x", 1), Ok(8));
        assert_eq!(
            closing_quote(b"\"01234567\x7f9", 1),
            Err((Kind::TagByte, 9))
        );
        assert_eq!(
            closing_quote(b"\"0123456789", 1),
            Err((Kind::CloseQuote, 11))
        );
        assert_eq!(closing_quote(b"\"01234567!\"", 1), Ok(10));
        assert_eq!(closing_quote(b"\"\x80\xff!\"", 1), Ok(4));
    }

    /// A search for `want` under weak comparison, nothing read yet.
    fn search(want: Option<&[u8]>) -> Search<'_, '_> {
        Search {
            count: 0,
            matched: None,
            want: want.map(Wanted::new),
            strong: false,
        }
    }

    // The two shortcuts change no answer (the agreement tests prove that);
    // these prove they are taken where they are meant to be.
    #[test]
    fn a_member_as_long_as_the_wanted_one_is_read_without_a_search() {
        let line = b"\"a\", \"0123456789\", \"0123456789ab\"";
        let ten = search(Some(b"abcdefghij"));
        assert_eq!(ten.as_long_as_wanted(line, 6), Some(16));
        // Another length, a wanted tag outside 8 to 16 bytes, none wanted:
        // left to the search.
        assert_eq!(ten.as_long_as_wanted(line, 20), None);
        assert_eq!(search(Some(b"abcdefg")).as_long_as_wanted(line, 6), None);
        assert_eq!(search(None).as_long_as_wanted(line, 6), None);
    }

    #[test]
    fn members_in_the_first_ones_shape_are_taken_as_a_run() {
        let line = b"\"0123456789\", \"abcdefghij\", \"klmnopqrst\", \"uvwxyz0123\", \"short\"";
        let mut ten = search(Some(b"klmnopqrst"));
        // After the first member (closing DQUOTE at 11): three of 14 bytes.
        assert_eq!(ten.same_shape_run(line, 11, 10), 11 + 3 * 14);
        assert_eq!(ten.count, 3);
        assert_eq!(
            ten.matched.map(EntityTagRef::opaque),
            Some(&b"klmnopqrst"[..])
        );
        // Up to the line's last byte, and no further.
        let line = b"\"0123456789\", \"abcdefghij\"";
        assert_eq!(search(None).same_shape_run(line, 11, 10), 25);
        assert_eq!(search(None).same_shape_run(&line[..24], 11, 10), 11);
        // Shorter than 8 or longer than 16 bytes: no run, whatever follows.
        let seven = b"\"0123456\", \"abcdefg\", \"hijklmn\"";
        assert_eq!(search(None).same_shape_run(seven, 8, 7), 8);
        let seventeen = b"\"0123456789abcdefg\", \"01234567 abcdefgh\", \"a\", \"b\"";
        assert_eq!(search(None).same_shape_run(seventeen, 18, 17), 18);
    }

    #[test]
    fn the_last_bytes_of_a_line_are_the_low_lanes_of_a_word() {
        // Byte `i` in bits `8 * i` and up: the little-endian word, by sums.
        let word = |bytes: &[u8]| -> u64 {
            (0..)
                .zip(bytes)
                .map(|(i, &b)| u64::from(b) << (8 * i))
                .sum()
        };
        // A line of eight bytes or more, and a shorter one.
        let long = b"\"0123456789";
        let short = b"\"01234";
        for line in [&long[..], &short[..]] {
            for start in line.len().saturating_sub(7)..=line.len() {
                let rest = &line[start..];
                assert_eq!(last_bytes(line, rest), word(rest), "{line:?} {start}");
            }
        }
    }

    #[test]
    fn wanted_is_its_bytes_at_every_length() {
        let a = b"0123456789abcdefghij";
        for len in 0..=a.len() {
            let want = Wanted::new(&a[..len]);
            let mut b = *a;
            assert!(want.is(&b[..len]));
            assert!(len == 0 || !want.is(&b[..len - 1]));
            for i in 0..len {
                b[i] ^= 1;
                assert!(!want.is(&b[..len]), "{len} {i}");
                b[i] ^= 1;
            }
        }
    }
}
