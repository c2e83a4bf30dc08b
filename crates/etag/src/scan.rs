//! The hand-tuned scanner behind [`crate::match_list`].
//!
//! It accepts exactly the language of [`crate::grammar::field_value`] and
//! reports the same errors (rule, offset, line); the property tests in
//! `tests/agreement.rs` prove it on arbitrary bytes. What makes it fast:
//!
//! - bytes are checked eight at a time: one `u64` word tells whether any byte
//!   is outside `etagc`, or where the next byte worth a look is;
//! - lists tend to repeat one shape (the same separator, then tags of one
//!   length, as hashes or revision ids are), so after each member the scanner
//!   tries the shape of the previous one for the records that follow: the
//!   separator must be the same bytes, the opaque-tag the same length, and
//!   one test per eight bytes settles a record. No search, no dependency
//!   from one record to the next, so the processor overlaps them. Anything
//!   else (and every error) goes through the general path;
//! - members are compared in place, as words; nothing is copied or
//!   allocated.
//!
//! Every byte is looked at a bounded number of times: linear in the input.

use crate::class::{is_etagc, trim_ows};
use crate::error::{Error, Kind};
use crate::grammar::Shape;
use crate::tag::EntityTagRef;

/// `0x01` in every byte.
const LO: u64 = u64::from_le_bytes([0x01; 8]);
/// `0x80` in every byte.
const HI: u64 = u64::from_le_bytes([0x80; 8]);

/// Marks (with its high bit) exactly the bytes of `word` that are not
/// `etagc`: below `0x21`, DQUOTE or DEL. Every mark is exact, so lanes can be
/// masked out.
#[inline(always)]
fn non_etagc(word: u64) -> u64 {
    // The low seven bits of each byte; no sum below carries into the next byte.
    let low = word & !HI;
    let at_least_0x21 = low + LO * (0x80 - 0x21);
    let not_quote = (low ^ (LO * 0x22)) + LO * 0x7F;
    let del = low + LO;
    // Bytes 0x80-0xFF (obs-text) are etagc whatever their low bits.
    let etagc = (at_least_0x21 & not_quote & !del) | word;
    !etagc & HI
}

/// The eight bytes of `bytes` from `at`, as a little-endian word.
#[inline(always)]
fn word_at(bytes: &[u8], at: usize) -> Option<u64> {
    let chunk = bytes.get(at..)?.first_chunk::<8>()?;
    Some(u64::from_le_bytes(*chunk))
}

/// High bits in lanes `from..to` of a word (lane 0 is the first byte).
#[inline(always)]
fn lanes(from: usize, to: usize) -> u64 {
    if from >= to {
        return 0;
    }
    let above = HI << (8 * from.min(7));
    let below = HI >> (8 * (8 - to.min(8)));
    above & below
}

/// Marks (with its high bit) every byte of `word` outside `%x23-7E`: a
/// cheaper test than [`non_etagc`] that also marks `!` (`0x21`) and obs-text.
/// A byte `0x80`–`0xFF` may corrupt the marks above it, so a clean result
/// only counts where every lower lane is known to be below `0x80`.
#[inline(always)]
fn outside_0x23_0x7e(word: u64) -> u64 {
    let at_least_0x23 = word.wrapping_add(LO * 0x5D);
    let del_or_high = word.wrapping_add(LO) | word;
    !(at_least_0x23 & !del_or_high) & HI
}

/// The index of the DQUOTE that closes an opaque-tag whose content starts at
/// `from`, having checked that every byte before it is `etagc`.
#[inline(always)]
fn closing_quote(line: &[u8], from: usize) -> Result<usize, (Kind, usize)> {
    let mut at = from;
    loop {
        let rest = line.get(at..).unwrap_or_default();
        let (word, valid) = match rest.first_chunk::<8>() {
            Some(chunk) => (u64::from_le_bytes(*chunk), 8),
            None => {
                // The last few bytes, padded with NUL, which always stops:
                // the line's last eight bytes shifted down (no buffer to
                // store bytewise and load back as a word, which stalls).
                let word = match line.last_chunk::<8>() {
                    Some(&last) => {
                        u64::from_le_bytes(last).checked_shr(8 * (8 - rest.len()) as u32)
                    }
                    None => None,
                };
                let word = word.unwrap_or_else(|| {
                    let mut buf = [0u8; 8];
                    for (slot, &byte) in buf.iter_mut().zip(rest) {
                        *slot = byte;
                    }
                    u64::from_le_bytes(buf)
                });
                (word, rest.len())
            }
        };
        // The cheap test marks DQUOTE, every byte that is not `etagc`, and
        // also `!` and obs-text; its lowest mark is always exact.
        let mask = outside_0x23_0x7e(word);
        if mask == 0 {
            // A word without a mark is always a full one (padding is marked).
            at += 8;
            continue;
        }
        let stop = (mask.trailing_zeros() / 8) as usize;
        if stop >= valid {
            return Err((Kind::CloseQuote, line.len()));
        }
        let stop = at + stop;
        match line.get(stop) {
            Some(b'"') => return Ok(stop),
            // `!` or obs-text: go on after it.
            Some(&byte) if is_etagc(byte) => at = stop + 1,
            _ => return Err((Kind::TagByte, stop)),
        }
    }
}

/// What [`field_value`] found: the value's shape, its number of members and
/// the first member that matched.
///
/// The match is kept as its two parts, not as an `Option<EntityTagRef>`:
/// moving that enum copies its padding byte by byte, which the processor
/// cannot forward from the stores that wrote it (a stall that cost a third
/// of a one-tag scan).
pub(crate) struct Found<'a> {
    pub(crate) shape: Shape,
    pub(crate) count: usize,
    /// The opaque-tag of the first member that matched.
    pub(crate) matched: Option<&'a [u8]>,
    /// Whether that member is weak.
    pub(crate) matched_weak: bool,
}

impl<'a> Found<'a> {
    /// A valid empty list: no field line, or only OWS and commas.
    const EMPTY_LIST: Self = Found {
        shape: Shape::List,
        count: 0,
        matched: None,
        matched_weak: false,
    };

    /// `*`.
    const ANY: Self = Found {
        shape: Shape::Any,
        count: 0,
        matched: None,
        matched_weak: false,
    };

    /// The member that matched.
    #[inline(always)]
    pub(crate) fn matched(&self) -> Option<EntityTagRef<'a>> {
        self.matched
            .map(|opaque| EntityTagRef::from_valid(self.matched_weak, opaque))
    }
}

/// The members a scan has counted, and the search for a match.
struct Tally<'a, 't> {
    count: usize,
    /// The first match, in two parts (see [`Found`]).
    matched: Option<&'a [u8]>,
    matched_weak: bool,
    /// The opaque-tag a member must have to match; `None` once a member
    /// matched, or when none can.
    want: Option<&'t [u8]>,
    /// Whether weak members are out (strong comparison).
    strong: bool,
}

impl<'a> Tally<'a, '_> {
    /// Counts a member and checks whether it is the first match.
    #[inline(always)]
    fn member(&mut self, weak: bool, opaque: &'a [u8]) {
        self.count += 1;
        if let Some(want) = self.want {
            // spec: 9110-13.1.1-strong-comparison, 9110-13.1.2-weak-comparison
            if opaque.len() == want.len() && !(self.strong && weak) && same_bytes(opaque, want) {
                self.matched = Some(opaque);
                self.matched_weak = weak;
                self.want = None;
            }
        }
    }
}

/// `a == b` for slices of equal length, without a call for the usual
/// entity-tag lengths.
#[inline(always)]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let words = |s: &[u8]| match (s.first_chunk::<8>(), s.last_chunk::<8>()) {
        (Some(head), Some(tail)) => Some((u64::from_le_bytes(*head), u64::from_le_bytes(*tail))),
        _ => None,
    };
    match (words(a), words(b)) {
        (Some(a_words), Some(b_words)) if a.len() <= 16 => a_words == b_words,
        _ => a == b,
    }
}

/// The shape of a member that followed another one: the bytes from the
/// previous closing DQUOTE to its opaque-tag (OWS, comma, `W/`, DQUOTE) and
/// the length of its opaque-tag. A *record* is such a separator, the
/// opaque-tag and its closing DQUOTE; records of one shape follow each other
/// without a byte between them.
#[derive(Clone, Copy)]
struct Stride {
    /// The separator bytes, little-endian, in the low `gap_len` lanes.
    gap: u64,
    /// `0xFF` in the low `gap_len` lanes.
    gap_mask: u64,
    gap_len: usize,
    len: usize,
    weak: bool,
}

impl Stride {
    /// The shape of the member whose opaque-tag is `line[start..end]`, after
    /// the previous member's closing DQUOTE at `gap_start - 1`; `None` when
    /// the separator is longer than a word.
    #[inline(always)]
    fn of(line: &[u8], gap_start: usize, start: usize, end: usize, weak: bool) -> Option<Self> {
        let gap_len = start - gap_start;
        if gap_len > 8 {
            return None;
        }
        let gap_mask = u64::MAX >> (8 * (8 - gap_len));
        Some(Stride {
            gap: word_at(line, gap_start)? & gap_mask,
            gap_mask,
            gap_len,
            len: end - start,
            weak,
        })
    }

    /// The usual shape of the member after the one at `line[start..end]`:
    /// `, "` (or `, W/"` after a weak member) and an opaque-tag of the same
    /// length. Any shape whose separator is valid list syntax is sound for
    /// [`repeat`]: it only takes records that match it exactly.
    #[inline(always)]
    fn usual(start: usize, end: usize, weak: bool) -> Self {
        const STRONG: u64 = u64::from_le_bytes(*b", \"\0\0\0\0\0");
        const WEAK: u64 = u64::from_le_bytes(*b", W/\"\0\0\0");
        let (gap, gap_len) = if weak { (WEAK, 5) } else { (STRONG, 3) };
        Stride {
            gap,
            gap_mask: u64::MAX >> (8 * (8 - gap_len)),
            gap_len,
            len: end - start,
            weak,
        }
    }

    /// Whether the record after the closing DQUOTE at `end` starts with this
    /// shape's separator.
    #[inline(always)]
    fn likely_next(&self, line: &[u8], end: usize) -> bool {
        word_at(line, end + 1).is_some_and(|word| (word ^ self.gap) & self.gap_mask == 0)
    }

    /// The length of a record.
    fn record_len(&self) -> usize {
        self.gap_len + self.len + 1
    }
}

/// The fast path: takes members of the same shape as `stride` for as long as
/// they come, from the closing DQUOTE at `end`; returns the last closing
/// DQUOTE taken. Every byte it accepts is one the general path would accept
/// the same way.
#[inline(never)]
fn repeat<'a>(line: &'a [u8], end: usize, stride: Stride, tally: &mut Tally<'a, '_>) -> usize {
    // Members of this shape can only match when their length is right.
    let want = tally
        .want
        .filter(|want| want.len() == stride.len && !(tally.strong && stride.weak));
    let records = line.get(end + 1..).unwrap_or_default();
    let record_len = stride.record_len();
    let (taken, matched) = if record_len >= 8 {
        repeat_records(records, stride, want)
    } else {
        repeat_short_records(records, stride, want)
    };
    tally.count += taken;
    if let Some(index) = matched {
        let start = end + 1 + index * record_len + stride.gap_len;
        tally.matched = Some(line.get(start..start + stride.len).unwrap_or_default());
        tally.matched_weak = stride.weak;
        tally.want = None;
    }
    end + taken * record_len
}

/// [`repeat`] for records of eight bytes or more: each is checked with one
/// word per eight bytes, without a search. Returns the number of records
/// taken and the index of the first whose opaque-tag is `want`.
#[inline(always)]
fn repeat_records(records: &[u8], stride: Stride, want: Option<&[u8]>) -> (usize, Option<usize>) {
    let Stride {
        gap,
        gap_mask,
        gap_len,
        len,
        ..
    } = stride;
    let record_len = gap_len + len + 1;
    // The words: the first (separator, then opaque-tag), the last (opaque-tag,
    // then the closing DQUOTE in lane 7) and whole words of opaque-tag between.
    let last = record_len - 8;
    let first_opaque = lanes(gap_len, record_len - 1);
    let middle = (record_len.saturating_sub(9)) / 8;
    // The first word and the middle ones cover the record's first
    // `8 * (middle + 1)` bytes; the last word tests only the opaque bytes
    // after them (often none: then it is not tested at all).
    let covered = gap_len.max(8 * (middle + 1));
    let last_opaque = lanes(covered.saturating_sub(last), 7);
    let masks = RecordMasks {
        gap,
        gap_mask,
        first_opaque,
        last_opaque,
        middle,
    };
    // One loop per number of whole middle words, so that the words of a
    // record come from fixed-size arrays.
    match middle {
        0 => take_records::<8>(records, record_len, gap_len, &masks, want),
        1 => take_records::<16>(records, record_len, gap_len, &masks, want),
        2 => take_records::<24>(records, record_len, gap_len, &masks, want),
        3 => take_records::<32>(records, record_len, gap_len, &masks, want),
        4 => take_records::<40>(records, record_len, gap_len, &masks, want),
        _ => take_records::<48>(records, record_len, gap_len, &masks, want),
    }
}

/// What [`repeat_records`] checks each record against.
struct RecordMasks {
    gap: u64,
    gap_mask: u64,
    /// The lanes of the first word that hold opaque-tag bytes, and those of
    /// the last word that hold opaque-tag bytes no other word has tested.
    first_opaque: u64,
    last_opaque: u64,
    /// The number of whole words of opaque-tag between them.
    middle: usize,
}

/// `true` when `record` has the shape `masks` describe, every opaque byte
/// passing `test` (marks of bytes that are out). `LEAD` is the number of
/// leading bytes read as fixed words: the first word and up to five middle
/// ones; further middle words are read one by one.
#[inline(always)]
fn fits<const LEAD: usize>(record: &[u8], masks: &RecordMasks, test: impl Fn(u64) -> u64) -> bool {
    const QUOTE_LANE: u64 = 0xFF << 56;
    const QUOTE: u64 = 0x22 << 56;
    let (Some(lead), Some(closing)) = (record.first_chunk::<LEAD>(), record.last_chunk::<8>())
    else {
        return false;
    };
    let (words, _) = lead.as_chunks::<8>();
    let Some((first, middle)) = words.split_first() else {
        return false;
    };
    let (first, closing) = (u64::from_le_bytes(*first), u64::from_le_bytes(*closing));
    let mut bad = ((first ^ masks.gap) & masks.gap_mask)
        | ((closing ^ QUOTE) & QUOTE_LANE)
        | (test(first) & masks.first_opaque);
    if masks.last_opaque != 0 {
        bad |= test(closing) & masks.last_opaque;
    }
    for word in middle {
        bad |= test(u64::from_le_bytes(*word));
    }
    if masks.middle >= LEAD / 8 {
        let extra = masks.middle + 1 - LEAD / 8;
        let rest = record.get(LEAD..).unwrap_or_default();
        match rest.as_chunks::<8>().0.get(..extra) {
            Some(words) => {
                for word in words {
                    bad |= test(u64::from_le_bytes(*word));
                }
            }
            None => bad |= HI,
        }
    }
    bad == 0
}

/// The loop of [`repeat_records`] for one `LEAD` (see [`fits`]).
#[inline(always)]
fn take_records<const LEAD: usize>(
    records: &[u8],
    record_len: usize,
    gap_len: usize,
    masks: &RecordMasks,
    mut want: Option<&[u8]>,
) -> (usize, Option<usize>) {
    // The cheap byte test is sound here: the lanes below any opaque lane are
    // separator bytes, which must equal the (ASCII) separator anyway. When it
    // fails (a `!` or obs-text), the exact test decides.
    let record_ok = |record: &[u8]| {
        fits::<LEAD>(record, masks, outside_0x23_0x7e) || fits::<LEAD>(record, masks, non_etagc)
    };
    let mut taken = 0;
    let mut matched = None;
    for record in records.chunks_exact(record_len) {
        if !record_ok(record) {
            break;
        }
        if let Some(wanted) = want
            && same_bytes(
                record.get(gap_len..record_len - 1).unwrap_or_default(),
                wanted,
            )
        {
            matched = Some(taken);
            want = None;
        }
        taken += 1;
    }
    (taken, matched)
}

/// [`repeat`] for records shorter than a word (tiny tags such as `,"a"`).
#[inline(always)]
fn repeat_short_records(
    records: &[u8],
    stride: Stride,
    mut want: Option<&[u8]>,
) -> (usize, Option<usize>) {
    let record_len = stride.record_len();
    let mut taken = 0;
    let mut matched = None;
    for record in records.chunks_exact(record_len) {
        let (gap, rest) = record.split_at(stride.gap_len.min(record.len()));
        let (opaque, quote) = rest.split_at(stride.len.min(rest.len()));
        let gap_ok = gap
            .iter()
            .rev()
            .fold(0u64, |word, &b| (word << 8) | u64::from(b))
            == stride.gap;
        if !(gap_ok && quote == b"\"" && opaque.iter().all(|&b| is_etagc(b))) {
            break;
        }
        if want == Some(opaque) {
            matched = Some(taken);
            want = None;
        }
        taken += 1;
    }
    (taken, matched)
}

/// Scans one field line of `#entity-tag` (RFC 9110 §5.6.1.2), tallying its
/// members. On error: the kind and the offset.
#[inline(always)]
fn scan_line<'a>(line: &'a [u8], tally: &mut Tally<'a, '_>) -> Result<(), (Kind, usize)> {
    let mut at = 0;
    // Where the bytes after the previous member's closing DQUOTE start;
    // `None` before the first member of the line.
    let mut gap_start = None;
    loop {
        if gap_start.is_some() {
            // After a member: OWS, then a comma or the end of the line. Most
            // lists use `", "`.
            if line.get(at..at + 2) == Some(b", ") {
                at += 2;
            } else {
                loop {
                    match line.get(at) {
                        Some(b' ' | b'\t') => at += 1,
                        Some(b',') => {
                            at += 1;
                            break;
                        }
                        Some(_) => return Err((Kind::Separator, at)),
                        None => return Ok(()),
                    }
                }
            }
        }
        // A list position: OWS and empty elements, then a member or the end.
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
        let mut end = closing_quote(line, start)?;
        tally.member(weak, line.get(start..end).unwrap_or_default());
        // While the next members repeat this one's shape, take them without
        // searching.
        if let Some(gap_start) = gap_start {
            // A cheap look first: a DQUOTE where the next closing one would
            // be, then the same separator.
            let record_len = end + 1 - gap_start;
            if line.get(end + record_len) == Some(&b'"')
                && let Some(stride) = Stride::of(line, gap_start, start, end, weak)
                && stride.likely_next(line, end)
            {
                end = repeat(line, end, stride, tally);
            }
        } else {
            // After the first member there is no previous shape yet: guess
            // the usual one, `", "` and a member like this one, so that a
            // short list does not pay for a second member on the general
            // path. A wrong guess takes nothing.
            let stride = Stride::usual(start, end, weak);
            if line.get(end + stride.record_len()) == Some(&b'"') && stride.likely_next(line, end) {
                end = repeat(line, end, stride, tally);
            }
        }
        at = end + 1;
        gap_start = Some(at);
    }
}

/// The commonest field value of all, a client sending back the one
/// entity-tag it was given: a field line that is exactly `"want"` or
/// `W/"want"`. What [`field_value`] finds for it, without scanning; `None`
/// for any other line (the scanner decides).
///
/// `want` is the opaque-tag of a valid entity-tag (only `etagc` bytes, so no
/// DQUOTE): the line is then exactly one valid member.
#[inline(always)]
fn sole_member<'a>(line: &'a [u8], want: Option<&[u8]>, strong: bool) -> Option<Found<'a>> {
    let want = want?;
    debug_assert!(want.iter().all(|&b| is_etagc(b)), "want is an opaque-tag");
    let (weak, quoted) = match line.strip_prefix(b"W/") {
        Some(rest) => (true, rest),
        None => (false, line),
    };
    let opaque = quoted.strip_prefix(b"\"")?.strip_suffix(b"\"")?;
    if opaque.len() != want.len() || !same_bytes(opaque, want) {
        return None;
    }
    // RFC 9110 §8.8.3.2: a weak member never matches under strong comparison.
    let matched = !(weak && strong);
    Some(Found {
        shape: Shape::List,
        count: 1,
        matched: matched.then_some(opaque),
        matched_weak: matched && weak,
    })
}

/// The field value of If-Match / If-None-Match over all its field lines, as
/// [`crate::grammar::field_value`] reads it: its shape, its number of members
/// and the first member equal to `want` (weak members excluded when
/// `strong`).
#[inline]
pub(crate) fn field_value<'a, B>(
    lines: impl IntoIterator<Item = &'a B>,
    want: Option<&[u8]>,
    strong: bool,
) -> Result<Found<'a>, Error>
where
    B: AsRef<[u8]> + ?Sized + 'a,
{
    let mut lines = lines.into_iter().map(AsRef::as_ref);
    let Some(first) = lines.next() else {
        return Ok(Found::EMPTY_LIST);
    };
    let mut next = lines.next();
    if next.is_none()
        && let Some(found) = sole_member(first, want, strong)
    {
        return Ok(found);
    }
    if trim_ows(first) == b"*" {
        return match next {
            None => Ok(Found::ANY),
            Some(_) => Err(Error::new(Kind::Star, 0, 1)),
        };
    }
    let mut tally = Tally {
        count: 0,
        matched: None,
        matched_weak: false,
        want,
        strong,
    };
    scan_line(first, &mut tally).map_err(|(kind, offset)| Error::new(kind, offset, 0))?;
    let mut index = 1;
    while let Some(line) = next {
        scan_line(line, &mut tally).map_err(|(kind, offset)| Error::new(kind, offset, index))?;
        index += 1;
        next = lines.next();
    }
    Ok(Found {
        shape: Shape::List,
        count: tally.count,
        matched: tally.matched,
        matched_weak: tally.matched_weak,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(word: [u8; 8]) {
        let exact = non_etagc(u64::from_le_bytes(word));
        for (lane, &byte) in word.iter().enumerate() {
            let marked = exact & (0x80 << (8 * lane)) != 0;
            assert_eq!(marked, !is_etagc(byte), "non_etagc {word:02x?} lane {lane}");
        }
        // The cheap test: its lowest mark is the first byte outside 0x23-0x7E.
        let cheap = outside_0x23_0x7e(u64::from_le_bytes(word));
        let first = word
            .iter()
            .position(|b| !(0x23..=0x7E).contains(b))
            .map_or(8, |i| i as u32);
        let got = if cheap == 0 {
            8
        } else {
            cheap.trailing_zeros() / 8
        };
        assert_eq!(got, first, "outside_0x23_0x7e {word:02x?}");
    }

    #[test]
    fn word_tests_find_non_etagc_bytes() {
        for byte in 0..=u8::MAX {
            for pos in 0..8 {
                let mut word = [b'a'; 8];
                word[pos] = byte;
                check(word);
                // Borrow-prone neighbours below and above.
                let mut word = [0x80; 8];
                word[pos] = byte;
                check(word);
                let mut word = [0x21; 8];
                word[pos] = byte;
                if pos > 0 {
                    word[pos - 1] = 0x00;
                }
                check(word);
                let mut word = [0xFF; 8];
                word[pos] = byte;
                word[7 - pos] = 0x22;
                check(word);
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
        // The last word of a line longer than eight bytes, read shifted.
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
    }

    #[test]
    fn lane_masks() {
        assert_eq!(lanes(0, 8), HI);
        assert_eq!(lanes(0, 0), 0);
        assert_eq!(lanes(3, 3), 0);
        assert_eq!(lanes(5, 2), 0);
        assert_eq!(lanes(1, 2), 0x80 << 8);
        assert_eq!(lanes(0, 7), HI >> 8);
        assert_eq!(lanes(7, 8), 0x80 << 56);
        assert_eq!(lanes(2, 12), HI << 16);
    }

    #[test]
    fn the_cheap_test_marks_all_but_0x23_to_0x7e() {
        for byte in 0..=u8::MAX {
            for pos in 0..8 {
                let mut word = [b'a'; 8];
                word[pos] = byte;
                let marks = outside_0x23_0x7e(u64::from_le_bytes(word));
                assert_eq!(marks == 0, (0x23..=0x7E).contains(&byte), "{word:02x?}");
                // Lanes below a high byte are exact.
                for lane in 0..pos {
                    assert_eq!(marks & (0x80 << (8 * lane)), 0);
                }
            }
        }
    }
}
