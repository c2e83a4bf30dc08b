//! The hand-tuned scanner behind [`crate::match_list`].
//!
//! It accepts exactly the language of [`crate::grammar::field_value`] and
//! reports the same errors (rule, offset, line); the property tests in
//! `tests/agreement.rs` prove it on arbitrary bytes. What makes it fast:
//!
//! - bytes are checked eight at a time: one `u64` word tells whether any byte
//!   is outside `etagc`, or where the next byte worth a look is;
//! - a member is first read on the guess that it is as long as the wanted
//!   tag (a list tends to hold tags of one kind): a DQUOTE at that distance
//!   and two words settle it, and compare it;
//! - lists tend to repeat one shape (the same separator, then tags of one
//!   length, as hashes or revision ids are), so the scanner takes the
//!   records that follow a member as long as they have its shape: the
//!   separator must be the same bytes, the opaque-tag the same length, and
//!   one test per eight bytes settles a record. No search, no dependency
//!   from one record to the next, so the processor overlaps them. The usual
//!   shape (`", "`) is tried from a line's first member on, with the
//!   separator known when the loop is compiled; the match is looked for
//!   afterwards, among the records taken, by their first word. Anything else
//!   (and every error) goes through the general path;
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

/// `0xFF` in lanes `0..n` of a word (lane 0 is the first byte); all eight
/// from `n = 8` on.
#[inline(always)]
fn low_lanes(n: usize) -> u64 {
    u64::MAX.checked_shr(8 * (8 - n.min(8)) as u32).unwrap_or(0)
}

/// High bits in lanes `from..to` of a word; none when `from >= to`.
#[inline(always)]
fn lanes(from: usize, to: usize) -> u64 {
    HI & low_lanes(to) & !low_lanes(from)
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
    want: Option<Needle<'t>>,
    /// Whether weak members are out (strong comparison).
    strong: bool,
}

impl<'a> Tally<'a, '_> {
    /// Whether a member of this kind can match at all: a weak one never
    /// does under strong comparison.
    #[inline(always)]
    fn may_match(&self, weak: bool) -> bool {
        // spec: 9110-13.1.1-strong-comparison, 9110-13.1.2-weak-comparison
        !(self.strong && weak)
    }

    /// Keeps `opaque` as the first match (the search is over).
    #[inline(always)]
    fn first_match(&mut self, weak: bool, opaque: &'a [u8]) {
        self.matched = Some(opaque);
        self.matched_weak = weak;
        self.want = None;
    }

    /// Counts a member and checks whether it is the first match.
    #[inline(always)]
    fn member(&mut self, weak: bool, opaque: &'a [u8]) {
        self.count += 1;
        if self.want.is_some_and(|want| want.is(opaque)) && self.may_match(weak) {
            self.first_match(weak, opaque);
        }
    }

    /// The member whose opaque-tag starts at `line[start]`, read on the
    /// guess that it is as long as the wanted one (a list tends to hold tags
    /// of one kind): when the byte after that many is a DQUOTE and every one
    /// before it is `etagc`, that DQUOTE closes the member, which is counted
    /// and compared at once. Returns the closing DQUOTE; `None` when the
    /// guess does not hold (the search decides).
    #[inline(always)]
    fn member_like_want(&mut self, line: &'a [u8], start: usize, weak: bool) -> Option<usize> {
        let want = self.want?;
        let end = start + want.len();
        if line.get(end) != Some(&b'"') || want.len() > 16 {
            return None;
        }
        let opaque = line.get(start..end)?;
        let (head, tail) = head_and_tail(opaque)?;
        // No mark: every byte is in %x23-7E, so `etagc`.
        if outside_0x23_0x7e(head) | outside_0x23_0x7e(tail) != 0 {
            return None;
        }
        self.member(weak, opaque);
        Some(end)
    }
}

/// The opaque-tag a member must have to match, ready to be compared: at the
/// usual lengths, 8 to 16 bytes, as its first and last eight bytes (which
/// overlap below 16), so that a comparison is two words and no call.
#[derive(Clone, Copy)]
struct Needle<'t> {
    bytes: &'t [u8],
    head: u64,
    tail: u64,
}

impl<'t> Needle<'t> {
    #[inline(always)]
    fn new(bytes: &'t [u8]) -> Self {
        let (head, tail) = head_and_tail(bytes).unwrap_or_default();
        Needle { bytes, head, tail }
    }

    /// The length of the opaque-tag.
    #[inline(always)]
    fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Whether `opaque` is this opaque-tag.
    #[inline(always)]
    fn is(&self, opaque: &[u8]) -> bool {
        if opaque.len() != self.bytes.len() {
            return false;
        }
        match head_and_tail(opaque) {
            Some(words) if opaque.len() <= 16 => words == (self.head, self.tail),
            _ => opaque == self.bytes,
        }
    }
}

/// The first eight bytes of `bytes` as a word, zeros after a shorter one.
#[inline(always)]
fn prefix_word(bytes: &[u8]) -> u64 {
    match bytes.first_chunk::<8>() {
        Some(head) => u64::from_le_bytes(*head),
        None => bytes
            .iter()
            .rev()
            .fold(0, |word, &byte| (word << 8) | u64::from(byte)),
    }
}

/// The first and the last eight bytes of `bytes`, as words; `None` when it
/// is shorter than a word.
#[inline(always)]
fn head_and_tail(bytes: &[u8]) -> Option<(u64, u64)> {
    let (head, tail) = (bytes.first_chunk::<8>()?, bytes.last_chunk::<8>()?);
    Some((u64::from_le_bytes(*head), u64::from_le_bytes(*tail)))
}

/// The bytes from a member's closing DQUOTE to the next member's opaque-tag:
/// OWS, a comma, OWS, then `W/"` or `"`. A list that repeats a shape repeats
/// its separator, and the record loop compares each record's first word with
/// it.
///
/// The usual separators are types of their own, known when the loop is
/// compiled: it then needs no register for them, and a record costs a third
/// less than with a separator read from the list.
trait Gap: Copy {
    /// The bytes, little-endian, in the low [`Gap::len`] lanes.
    fn word(self) -> u64;
    /// The number of bytes, 1 to 8 (there is at least the DQUOTE).
    fn len(self) -> usize;
    /// Whether the separator ends in `W/"`: the member after it is weak.
    fn weak(self) -> bool;

    /// `0xFF` in the low [`Gap::len`] lanes.
    #[inline(always)]
    fn mask(self) -> u64 {
        low_lanes(self.len())
    }

    /// High bits in the lanes of a record's first word after the separator.
    #[inline(always)]
    fn after(self) -> u64 {
        lanes(self.len(), 8)
    }
}

/// `, "` before a strong member (`WEAK = false`), `, W/"` before a weak one:
/// how most lists separate their members.
#[derive(Clone, Copy)]
struct Usual<const WEAK: bool>;

impl<const WEAK: bool> Gap for Usual<WEAK> {
    #[inline(always)]
    fn word(self) -> u64 {
        u64::from_le_bytes(if WEAK {
            *b", W/\"\0\0\0"
        } else {
            *b", \"\0\0\0\0\0"
        })
    }

    #[inline(always)]
    fn len(self) -> usize {
        if WEAK { 5 } else { 3 }
    }

    #[inline(always)]
    fn weak(self) -> bool {
        WEAK
    }
}

/// Any other separator of at most eight bytes, as the list wrote it.
#[derive(Clone, Copy)]
struct Seen {
    word: u64,
    len: usize,
    weak: bool,
}

impl Gap for Seen {
    #[inline(always)]
    fn word(self) -> u64 {
        self.word
    }

    #[inline(always)]
    fn len(self) -> usize {
        self.len
    }

    #[inline(always)]
    fn weak(self) -> bool {
        self.weak
    }
}

/// The shape of the members that follow one: their separator and the length
/// of their opaque-tag. A *record* is such a separator, the opaque-tag and
/// its closing DQUOTE; records of one shape follow each other without a byte
/// between them.
#[derive(Clone, Copy)]
struct Stride<G> {
    gap: G,
    len: usize,
}

impl Stride<Seen> {
    /// The shape of the member whose opaque-tag is `line[start..end]`, after
    /// the previous member's closing DQUOTE at `gap_start - 1`; `None` when
    /// the separator is longer than a word.
    #[inline(always)]
    fn of(line: &[u8], gap_start: usize, start: usize, end: usize, weak: bool) -> Option<Self> {
        let len = start - gap_start;
        if len > 8 {
            return None;
        }
        let word = word_at(line, gap_start)? & low_lanes(len);
        Some(Stride {
            gap: Seen { word, len, weak },
            len: end - start,
        })
    }
}

impl<const WEAK: bool> Stride<Usual<WEAK>> {
    /// The usual shape after a member whose opaque-tag is `len` bytes long:
    /// `, "` (or `, W/"`) and an opaque-tag of that length.
    #[inline(always)]
    fn usual(len: usize) -> Self {
        Stride {
            gap: Usual::<WEAK>,
            len,
        }
    }
}

impl<G: Gap> Stride<G> {
    /// The length of a record.
    #[inline(always)]
    fn record_len(&self) -> usize {
        self.gap.len() + self.len + 1
    }

    /// Takes the records of this shape that follow the closing DQUOTE at
    /// `end`, when a cheap look says there may be one: a DQUOTE where its
    /// closing one would be. Returns the last closing DQUOTE taken (`end`
    /// when none was).
    #[inline(always)]
    fn take<'a>(self, line: &'a [u8], end: usize, tally: &mut Tally<'a, '_>) -> usize {
        if line.get(end + self.record_len()) == Some(&b'"') {
            repeat(line, end, self, tally)
        } else {
            end
        }
    }
}

/// The fast path: takes members of the same shape as `stride` for as long as
/// they come, from the closing DQUOTE at `end`; returns the last closing
/// DQUOTE taken. Every byte it accepts is one the general path would accept
/// the same way.
#[inline(never)]
fn repeat<'a, G: Gap>(
    line: &'a [u8],
    end: usize,
    stride: Stride<G>,
    tally: &mut Tally<'a, '_>,
) -> usize {
    // Members of this shape can only match when their length is right.
    let want = tally
        .want
        .filter(|want| want.len() == stride.len && tally.may_match(stride.gap.weak()));
    let records = line.get(end + 1..).unwrap_or_default();
    let record_len = stride.record_len();
    let (taken, matched) = if record_len > 8 {
        repeat_records(records, stride, want)
    } else {
        repeat_short_records(records, stride, want)
    };
    tally.count += taken;
    if let Some(opaque) = matched {
        tally.first_match(stride.gap.weak(), opaque);
    }
    end + taken * record_len
}

/// [`repeat`] for records longer than a word: each is checked with one word
/// per eight bytes, without a search. Returns the number of records taken
/// and the first opaque-tag among them that is `want`.
#[inline(always)]
fn repeat_records<'a, G: Gap>(
    records: &'a [u8],
    stride: Stride<G>,
    want: Option<Needle<'_>>,
) -> (usize, Option<&'a [u8]>) {
    let record_len = stride.record_len();
    // The words: the first (separator, then opaque-tag), the last (opaque-tag,
    // then the closing DQUOTE in lane 7) and whole words of opaque-tag between.
    let middle = (record_len - 9) / 8;
    // The first word and the middle ones cover the record's first
    // `8 * (middle + 1)` bytes; the last word, from `record_len - 8`, tests
    // only the opaque bytes after them (often none: then it is not tested).
    let covered = 8 * (middle + 1);
    // (Spelled out rather than with `lanes`: the compiler then keeps the
    // record loop's values in registers, 5% fewer instructions per record.)
    let last_opaque = (HI >> 8) & (HI << (8 * (covered + 8 - record_len).min(7)));
    let masks = RecordMasks {
        gap: stride.gap,
        last_opaque,
        middle,
    };
    // One loop per number of whole middle words, so that the words of a
    // record come from fixed-size arrays.
    match middle {
        0 => take_records::<8, G>(records, record_len, &masks, want),
        1 => take_records::<16, G>(records, record_len, &masks, want),
        2 => take_records::<24, G>(records, record_len, &masks, want),
        3 => take_records::<32, G>(records, record_len, &masks, want),
        4 => take_records::<40, G>(records, record_len, &masks, want),
        _ => take_records::<48, G>(records, record_len, &masks, want),
    }
}

/// What [`repeat_records`] checks each record against.
struct RecordMasks<G> {
    gap: G,
    /// The lanes of the last word that hold opaque-tag bytes no other word
    /// has tested.
    last_opaque: u64,
    /// The number of whole words of opaque-tag between the first and the
    /// last.
    middle: usize,
}

/// `true` when `record` has the shape `masks` describe, every opaque byte
/// passing `test` (marks of bytes that are out). `LEAD` is the number of
/// leading bytes read as fixed words: the first word and up to five middle
/// ones; further middle words are read one by one.
#[inline(always)]
fn fits<const LEAD: usize, G: Gap>(
    record: &[u8],
    masks: &RecordMasks<G>,
    test: impl Fn(u64) -> u64,
) -> bool {
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
    let mut bad = ((first ^ masks.gap.word()) & masks.gap.mask())
        | ((closing ^ QUOTE) & QUOTE_LANE)
        | (test(first) & masks.gap.after());
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
fn take_records<'a, const LEAD: usize, G: Gap>(
    records: &'a [u8],
    record_len: usize,
    masks: &RecordMasks<G>,
    want: Option<Needle<'_>>,
) -> (usize, Option<&'a [u8]>) {
    let gap_len = masks.gap.len();
    // The cheap byte test is sound here: the lanes below any opaque lane are
    // separator bytes, which must equal the (ASCII) separator anyway. When it
    // fails (a `!` or obs-text), the exact test decides.
    let record_ok = |record: &[u8]| {
        fits::<LEAD, G>(record, masks, outside_0x23_0x7e)
            || fits::<LEAD, G>(record, masks, non_etagc)
    };
    let mut taken = 0;
    for record in records.chunks_exact(record_len) {
        if !record_ok(record) {
            break;
        }
        taken += 1;
    }
    // Then the match, among the records taken. One whose opaque-tag is
    // `want` has a first word known in advance: only a record with that
    // first word is compared in full.
    let matched = want.and_then(|wanted| {
        let opaque = prefix_word(wanted.bytes)
            .checked_shl(8 * gap_len as u32)
            .unwrap_or(0);
        let word = masks.gap.word() | opaque;
        let lanes = low_lanes(gap_len + wanted.len());
        records
            .chunks_exact(record_len)
            .take(taken)
            .filter(|record| {
                record
                    .first_chunk::<8>()
                    .is_some_and(|first| (u64::from_le_bytes(*first) ^ word) & lanes == 0)
            })
            .map(|record| record.get(gap_len..record_len - 1).unwrap_or_default())
            .find(|opaque| wanted.is(opaque))
    });
    (taken, matched)
}

/// [`repeat`] for records of a word or less (tiny tags such as `,"a"`).
#[inline(always)]
fn repeat_short_records<'a, G: Gap>(
    records: &'a [u8],
    stride: Stride<G>,
    mut want: Option<Needle<'_>>,
) -> (usize, Option<&'a [u8]>) {
    let record_len = stride.record_len();
    let gap_len = stride.gap.len();
    let mut taken = 0;
    let mut matched = None;
    for record in records.chunks_exact(record_len) {
        let (gap, rest) = record.split_at(gap_len.min(record.len()));
        let (opaque, quote) = rest.split_at(stride.len.min(rest.len()));
        let gap_ok = prefix_word(gap) == stride.gap.word();
        if !(gap_ok && quote == b"\"" && opaque.iter().all(|&b| is_etagc(b))) {
            break;
        }
        if want.is_some_and(|wanted| wanted.is(opaque)) {
            matched = Some(opaque);
            want = None;
        }
        taken += 1;
    }
    (taken, matched)
}

/// Reads the member whose opaque-tag starts at `line[start]` (after its
/// opening DQUOTE) and tallies it; returns its closing DQUOTE.
#[inline(always)]
fn member<'a>(
    line: &'a [u8],
    start: usize,
    weak: bool,
    tally: &mut Tally<'a, '_>,
) -> Result<usize, (Kind, usize)> {
    if let Some(end) = tally.member_like_want(line, start, weak) {
        return Ok(end);
    }
    let end = closing_quote(line, start)?;
    tally.member(weak, line.get(start..end).unwrap_or_default());
    Ok(end)
}

/// The start of a line as most lists begin: a member right away, then maybe
/// more of the usual shape (`", "` and members as long as the first), taken
/// without searching so that a short list does not pay for its second
/// member on the general path. Returns the last closing DQUOTE taken;
/// `None` when the line starts otherwise (the general path reads it).
#[inline(always)]
fn first_members<'a>(
    line: &'a [u8],
    tally: &mut Tally<'a, '_>,
) -> Result<Option<usize>, (Kind, usize)> {
    let weak = match line.first() {
        Some(b'"') => false,
        Some(b'W') if line.get(1..3) == Some(b"/\"") => true,
        _ => return Ok(None),
    };
    let start = if weak { 3 } else { 1 };
    let end = member(line, start, weak, tally)?;
    let len = end - start;
    Ok(Some(if weak {
        Stride::<Usual<true>>::usual(len).take(line, end, tally)
    } else {
        Stride::<Usual<false>>::usual(len).take(line, end, tally)
    }))
}

/// Scans one field line of `#entity-tag` (RFC 9110 §5.6.1.2), tallying its
/// members. On error: the kind and the offset.
#[inline(always)]
fn scan_line<'a>(line: &'a [u8], tally: &mut Tally<'a, '_>) -> Result<(), (Kind, usize)> {
    // Where the bytes after the previous member's closing DQUOTE start;
    // `None` before the first member of the line.
    let mut gap_start = first_members(line, tally)?.map(|end| end + 1);
    let mut at = gap_start.unwrap_or(0);
    if gap_start == Some(line.len()) {
        // All of it was taken.
        return Ok(());
    }
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
        let mut end = member(line, start, weak, tally)?;
        // While the next members repeat this one's shape (its separator
        // too, so from the second member of a line on), take them without
        // searching.
        if let Some(gap_start) = gap_start
            && let Some(stride) = Stride::of(line, gap_start, start, end, weak)
        {
            end = stride.take(line, end, tally);
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
fn sole_member<'a>(line: &'a [u8], want: Option<Needle<'_>>, strong: bool) -> Option<Found<'a>> {
    let want = want?;
    debug_assert!(
        want.bytes.iter().all(|&b| is_etagc(b)),
        "want is an opaque-tag"
    );
    // The length tells which of the two it can be.
    let quoted = match line.len().checked_sub(want.len()) {
        Some(2) => line,
        Some(4) => line.strip_prefix(b"W/")?,
        _ => return None,
    };
    let weak = quoted.len() < line.len();
    let opaque = quoted.strip_prefix(b"\"")?.strip_suffix(b"\"")?;
    if !want.is(opaque) {
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
    let want = want.map(Needle::new);
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
    let mut tally = Tally {
        count: 0,
        matched: None,
        matched_weak: false,
        want,
        strong,
    };
    if let Err((kind, offset)) = scan_line(first, &mut tally) {
        // `*` is no list member: the scanner stops at it. It is the whole
        // value when it is all of the first line but its OWS and the only
        // line (RFC 9110 §13.1.2).
        return if kind == Kind::Star && trim_ows(first) == b"*" {
            match next {
                None => Ok(Found::ANY),
                Some(_) => Err(Error::new(Kind::Star, 0, 1)),
            }
        } else {
            Err(Error::new(kind, offset, 0))
        };
    }
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
