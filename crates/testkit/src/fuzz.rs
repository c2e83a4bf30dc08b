//! The bodies of the fuzz targets, shared by `fuzz/` (libFuzzer, nightly)
//! and the corpus replay test (`tests/fuzz_replay.rs`, stable).
//!
//! Every target is a function from the fuzzer's raw bytes to
//! `Result<(), Violation>`: a fuzz target panics on `Err` (libFuzzer then
//! keeps the input as a crash), the replay test collects the `Err`s with the
//! file they came from. Any panic inside is a finding as well. [`TARGETS`]
//! lists them by the name of their fuzz target.
//!
//! | target | input | what must hold |
//! |---|---|---|
//! | [`etag`] | bytes as one entity-tag, and (split at `\n`) as the field lines of If-Match / If-None-Match | no panic; an accepted tag or list re-serialises to bytes that parse to the same thing (a tag: exactly the input less OWS); the fast list scanner and the nom grammar agree, errors included; the testkit's own list reader agrees on the shape and the members (RFC 9110 §8.8.3, §13.1.1, §13.1.2, §5.6.1.2) |
//! | [`date`] | bytes as an HTTP-date | no panic; an accepted value formats back to the input less OWS (IMF-fixdate byte for byte; the obsolete formats too, up to the leap second and asctime's zero-padded day) and the IMF-fixdate re-parses to the same instant; rfc850 years stay within 50 years of the clock; wherever `httpdate` accepts the value, the same instant, except the differences by design ([`peer::compare`], listed in the `precond-date` docs) (RFC 9110 §5.6.7) |
//! | [`evaluate`] | bytes decoded by [`arbitrary`] into a [`Case`] and a [`Perturbation`] | [`invariants::check_all`] (304- and 412-soundness, oracle equivalence, irrelevance), irrelevance under the decoded perturbation, and the traced evaluation agreeing with the plain one |
//! | [`raw_headers`] | a first line of choices (method, representation, role, status, clock), then field lines `<selector byte><value bytes>`: a name from [`RAW_NAMES`], any bytes as the value | as for `evaluate`: no panic, every evaluation invariant |
//! | [`range`] | a first byte of choices (representation length, coalescing gap, Content-Type, policy), then a Range value; the value is also read as a Content-Range | no panic; [`crate::range::check`]: resolve and parse agree, ranges inside the representation, parts disjoint and covering exactly the bytes asked in the order asked, 416 only when nothing is satisfiable, the plan's Content-Length equal to what it writes, Content-Range round trips (RFC 9110 §14, §15.3.7) |
//! | [`not_modified`] | field lines `<selector byte><value bytes>` of a 200: a name from [`RESPONSE_NAMES`], or a `name:value` line of its own | [`invariants::not_modified_keeps_validators`] (RFC 9110 §15.4.5) and shaping twice = shaping once |
//! | [`fs_path`] | bytes (invalid UTF-8 replaced) as the path of a request target | no panic; [`crate::fs::check_path`]: an accepted path is relative, of plain names (no `..`, no root or prefix, no NUL or backslash) and stays under a root it is joined to; it is exactly the module's rule over the once-decoded segments (Unix); re-encoded it reads back to itself |
//! | [`fs_accept_encoding`] | a first byte (even: the rest, split at `\n`, as Accept-Encoding field lines; odd: the rest builds a well-formed value from known elements) | no panic; [`crate::fs::check_accept_encoding`]: the codings accepted are offered ones with a weight above 0, in the order offered; weights at most 1000; a coding no line names is refused once `NAME;q=0` is added; one line or several give the same weights; on built values, the weights of the documented rule (RFC 9110 §12.5.3, §12.4.2, §5.6.1.2) |
//!
//! The functions are meant to be fast: they allocate only where the
//! comparison needs owned values (header maps, re-serialised text).

use std::fmt;
use std::sync::LazyLock;

use arbitrary::{Arbitrary, Unstructured};
use http::header::{self, HeaderMap, HeaderName, HeaderValue};
use precond_date::{Format, HttpDate};
use precond_etag::{Comparison, EntityTag, EntityTagRef, TagList, match_list};

use crate::facts::{self, TagList as Shape};
use crate::generate::{self, Choices, Perturbation};
use crate::invariants::{self, Violation};
use crate::model::Case;
use crate::peer;
use crate::render::{self, DateFormat};

/// A fuzz target's body: the fuzzer's bytes in, a broken invariant out.
pub type Target = fn(&[u8]) -> Result<(), Violation>;

/// Every target, by the name of its fuzz target (`fuzz/fuzz_targets/<name>.rs`)
/// and of its corpus directory (`fuzz/corpus/<name>/`).
pub const TARGETS: [(&str, Target); 8] = [
    ("etag", etag),
    ("range", range),
    ("date", date),
    ("evaluate", evaluate),
    ("raw_headers", raw_headers),
    ("not_modified", not_modified),
    ("fs_path", fs_path),
    ("fs_accept_encoding", fs_accept_encoding),
];

/// The target named `name`.
pub fn target(name: &str) -> Option<Target> {
    TARGETS.iter().find(|(n, _)| *n == name).map(|&(_, t)| t)
}

fn violation(invariant: &'static str, message: String) -> Result<(), Violation> {
    Err(Violation { invariant, message })
}

/// The bytes as an escaped ASCII string, for messages.
fn shown(bytes: &[u8]) -> String {
    format!("\"{}\"", bytes.escape_ascii())
}

/// A `fmt::Write` that discards everything (to run `Display` code cheaply).
struct Sink;

impl fmt::Write for Sink {
    fn write_str(&mut self, _: &str) -> fmt::Result {
        Ok(())
    }
}

// ---------------------------------------------------------------------------
// etag

/// The `etag` target: `data` as one entity-tag (RFC 9110 §8.8.3) and, split
/// at `\n`, as the field lines of an If-Match / If-None-Match value
/// (§13.1.1, §13.1.2, read as one list by §5.3 and §5.6.1.2).
///
/// - an accepted entity-tag's canonical form is exactly the input without
///   the OWS around it, and parses back to the same tag, owned or borrowed;
/// - `match_list` (the fast scanner) and `TagList` (the nom grammar) agree
///   on every value, for no current tag, for the tag on the first line and
///   for the last member, under both comparisons; errors included;
/// - a matched member matches the current tag under that comparison;
/// - an accepted list re-serialised (`*`, or the members joined by `", "`)
///   parses back to the same members;
/// - the testkit's own list reader (which the oracle uses) finds the same
///   shape and the same members.
pub fn etag(data: &[u8]) -> Result<(), Violation> {
    single_tag(data)?;
    let lines: Vec<&[u8]> = data.split(|&b| b == b'\n').collect();
    tag_list(&lines)
}

fn single_tag(data: &[u8]) -> Result<(), Violation> {
    const NAME: &str = "etag_round_trip";
    let parsed = EntityTagRef::parse(data);
    let owned = EntityTag::parse(data);
    if parsed.map(EntityTagRef::into_owned) != owned {
        return violation(
            NAME,
            format!(
                "EntityTagRef::parse gives {parsed:?}, EntityTag::parse {owned:?} for {}",
                shown(data)
            ),
        );
    }
    let Ok(tag) = parsed else {
        return Ok(());
    };
    let canonical = tag.to_bytes();
    if canonical.as_slice() != facts::trim_ows(data) || canonical.len() != tag.encoded_len() {
        return violation(
            NAME,
            format!(
                "{} is accepted as {tag:?}, whose canonical form {} is not the input without OWS",
                shown(data),
                shown(&canonical)
            ),
        );
    }
    let again = EntityTagRef::parse(&canonical);
    if again != Ok(tag) || tag.to_header_value().as_bytes() != canonical.as_slice() {
        return violation(
            NAME,
            format!(
                "{tag:?} re-serialised as {} re-parses as {again:?}",
                shown(&canonical)
            ),
        );
    }
    // The comparison functions (RFC 9110 §8.8.3.2) on the tag itself.
    if !tag.weak_eq(tag) || tag.strong_eq(tag) == tag.is_weak() {
        return violation(
            NAME,
            format!(
                "{tag:?} compared with itself: weak {}, strong {}",
                tag.weak_eq(tag),
                tag.strong_eq(tag)
            ),
        );
    }
    Ok(())
}

fn tag_list(lines: &[&[u8]]) -> Result<(), Violation> {
    const NAME: &str = "etag_list_readers_agree";
    let reference = TagList::parse_lines(lines);
    if let Err(e) = &reference {
        let line = lines.get(e.line());
        if line.is_none_or(|line| e.offset() > line.len()) {
            return violation(
                NAME,
                format!("error {e:?} points outside the field lines {lines:?}"),
            );
        }
    }
    let first = lines
        .first()
        .and_then(|line| EntityTagRef::parse(line).ok());
    let last = reference.as_ref().ok().and_then(|list| list.iter().last());
    for current in [None, first, last] {
        for how in [Comparison::Strong, Comparison::Weak] {
            let fast = match_list(lines.iter().copied(), current, how);
            let expected = match &reference {
                Ok(list) => Ok(list.list_match(current, how)),
                Err(e) => Err(*e),
            };
            if fast != expected {
                return violation(
                    NAME,
                    format!(
                        "match_list gives {fast:?}, TagList {expected:?} for current {current:?} ({how:?}) and lines {}",
                        shown_lines(lines)
                    ),
                );
            }
            if let (
                Ok(precond_etag::ListMatch::Tags {
                    matched: Some(m), ..
                }),
                Some(c),
            ) = (fast, current)
                && !m.matches(c, how)
            {
                return violation(
                    NAME,
                    format!("match_list says {m:?} matches {c:?} ({how:?}), it does not"),
                );
            }
        }
    }
    if let Ok(list) = &reference {
        list_round_trip(list, lines)?;
    }
    agrees_with_facts(lines, reference.as_ref().ok())
}

fn shown_lines(lines: &[&[u8]]) -> String {
    let shown: Vec<String> = lines.iter().map(|l| shown(l)).collect();
    format!("[{}]", shown.join(", "))
}

fn list_round_trip(list: &TagList<'_, &[&[u8]]>, lines: &[&[u8]]) -> Result<(), Violation> {
    const NAME: &str = "etag_list_round_trip";
    let mut text = Vec::new();
    if list.is_any() {
        text.push(b'*');
    }
    for (i, member) in list.iter().enumerate() {
        if i > 0 {
            text.extend_from_slice(b", ");
        }
        text.extend_from_slice(&member.to_bytes());
    }
    let again = TagList::parse(&text);
    let same = again.as_ref().is_ok_and(|again| {
        again.is_any() == list.is_any() && again.len() == list.len() && again.iter().eq(list.iter())
    });
    if !same || list.iter().count() != list.len() {
        return violation(
            NAME,
            format!(
                "{} (any: {}, {} members) re-serialised as {} re-parses as {again:?}",
                shown_lines(lines),
                list.is_any(),
                list.len(),
                shown(&text)
            ),
        );
    }
    // Display writes the same text when the opaque-tags are UTF-8.
    if let Ok(utf8) = std::str::from_utf8(&text)
        && list.to_string() != utf8
    {
        return violation(
            NAME,
            format!("TagList displays as {:?}, not {utf8:?}", list.to_string()),
        );
    }
    Ok(())
}

/// The testkit's own list reader (used by the oracle and the soundness
/// invariants) against the etag crate, where the lines are field values.
fn agrees_with_facts(
    lines: &[&[u8]],
    reference: Option<&TagList<'_, &[&[u8]]>>,
) -> Result<(), Violation> {
    let mut map = HeaderMap::new();
    for line in lines {
        match HeaderValue::from_bytes(line) {
            Ok(value) => {
                map.append(header::IF_NONE_MATCH, value);
            }
            // Not a field value: no request can carry it.
            Err(_) => return Ok(()),
        }
    }
    let field = facts::lines(&map, &header::IF_NONE_MATCH);
    let shape = facts::read_tag_list(&field);
    let agree = match (shape, reference) {
        (Shape::Any, Some(list)) => list.is_any(),
        (Shape::Tags, Some(list)) => !list.is_any() && facts::members(&field).eq(list.iter()),
        (Shape::Malformed, None) => true,
        _ => false,
    };
    if agree {
        Ok(())
    } else {
        violation(
            "etag_facts_agree",
            format!(
                "the testkit reads {} as {shape:?}, precond-etag as {:?}",
                shown_lines(lines),
                reference.map(|l| (l.is_any(), l.iter().collect::<Vec<_>>()))
            ),
        )
    }
}

// ---------------------------------------------------------------------------
// date

/// The clocks the `date` target reads every input at: [`peer::NOW`] (where
/// it compares with `httpdate`), the
/// edges of the range, the Unix epoch, leap days (whose date 50 years on
/// does not exist) and the eve of a century.
pub const DATE_CLOCKS: [HttpDate; 7] = [
    peer::NOW,
    HttpDate::MIN,
    HttpDate::MAX,
    HttpDate::UNIX_EPOCH,
    clock(1_709_208_000), // 2024-02-29T12:00:00Z
    clock(951_782_400),   // 2000-02-29T00:00:00Z
    clock(946_684_799),   // 1999-12-31T23:59:59Z
];

const fn clock(unix: i64) -> HttpDate {
    match HttpDate::from_unix_seconds(unix) {
        Ok(date) => date,
        Err(_) => HttpDate::UNIX_EPOCH,
    }
}

/// The `date` target: `data` as an HTTP-date (RFC 9110 §5.6.7), read at
/// each of the [`DATE_CLOCKS`] (the rfc850 year window moves with them).
///
/// - an accepted value is a real instant in range whose civil fields build
///   it back; it formats (as IMF-fixdate, and in its own format with the
///   testkit's independent renderer) to the input without OWS, except that a
///   leap second `23:59:60` reads as `23:59:59` and an asctime day may be
///   zero-padded; the IMF-fixdate parses back to the same instant;
/// - an rfc850-date's year is the latest one with its two digits that puts
///   the timestamp no more than 50 years after the clock;
/// - `HttpDate::parse_at` and `parse_with_format` agree;
/// - wherever `httpdate` 1.0.3 accepts the value, it is accepted here as the
///   same instant, except for the differences the `precond-date` docs list
///   (two-digit year window, whitespace other than OWS, the byte after an
///   rfc850 `date2`).
pub fn date(data: &[u8]) -> Result<(), Violation> {
    for now in DATE_CLOCKS {
        let parsed = HttpDate::parse_with_format(data, now);
        let at = HttpDate::parse_at(data, now);
        if parsed.map(|(d, _)| d) != at {
            return violation(
                "date_round_trip",
                format!(
                    "{} at {now}: parse_with_format gives {parsed:?}, parse_at {at:?}",
                    shown(data)
                ),
            );
        }
        match parsed {
            Ok((when, format)) => accepted_date(data, when, format, now)?,
            Err(e) if e.offset() > data.len() => {
                return violation(
                    "date_round_trip",
                    format!("error {e:?} points outside {}", shown(data)),
                );
            }
            Err(_) => {}
        }
    }
    agrees_with_httpdate(data)
}

fn accepted_date(
    data: &[u8],
    when: HttpDate,
    format: Format,
    now: HttpDate,
) -> Result<(), Violation> {
    const NAME: &str = "date_round_trip";
    let fail = |what: String| {
        violation(
            NAME,
            format!(
                "{} read at {now} as {when} ({}): {what}",
                shown(data),
                format.as_str()
            ),
        )
    };
    let civil = HttpDate::from_civil(
        when.year(),
        when.month(),
        when.day(),
        when.hour(),
        when.minute(),
        when.second(),
    );
    if civil != Ok(when) || !(HttpDate::MIN..=HttpDate::MAX).contains(&when) {
        return fail(format!("its civil fields build {civil:?}"));
    }
    let imf = when.imf_fixdate();
    let rendered = render::format_date(when, DateFormat::ImfFixdate);
    if imf.as_slice() != rendered.as_bytes() || when.to_string() != rendered {
        return fail(format!(
            "formatted as {}, rendered independently as {rendered:?}",
            shown(&imf)
        ));
    }
    let back = HttpDate::parse_with_format(&imf, now);
    if back != Ok((when, Format::ImfFixdate)) {
        return fail(format!(
            "its IMF-fixdate {} re-parses as {back:?}",
            shown(&imf)
        ));
    }
    // Formatted in its own format, the input comes back.
    let own = render::format_date(
        when,
        match format {
            Format::ImfFixdate => DateFormat::ImfFixdate,
            Format::Rfc850 => DateFormat::Rfc850,
            Format::Asctime => DateFormat::Asctime,
        },
    );
    let mut expected = facts::trim_ows(data).to_vec();
    // A leap second is read as the second before it (precond-date docs).
    let leap = expected.windows(5).position(|w| w == b"59:60");
    if let Some(at) = leap
        && let Some(second) = expected.get_mut(at + 3..at + 5)
    {
        second.copy_from_slice(b"59");
    }
    // `date3 = month SP ( 2DIGIT / ( SP DIGIT ) )`: "06" and " 6" alike.
    if format == Format::Asctime
        && let Some(pad @ b'0') = expected.get_mut(8)
    {
        *pad = b' ';
    }
    if own.as_bytes() != expected.as_slice() {
        return fail(format!(
            "rendered in its own format as {own:?}, expected {}",
            shown(&expected)
        ));
    }
    // RFC 9110 §5.6.7: the latest year with the two digits whose timestamp (as written, a leap
    // second included) is not after `now`'s fields with the year plus 50.
    if format == Format::Rfc850 {
        let second = if leap.is_some() { 60 } else { when.second() };
        let rest = (when.month(), when.day(), when.hour(), when.minute(), second);
        let limit = (
            u32::from(now.year()) + 50,
            (
                now.month(),
                now.day(),
                now.hour(),
                now.minute(),
                now.second(),
            ),
        );
        let digits = u32::from(when.year() % 100);
        let window = (0..=99u32)
            .map(|century| century * 100 + digits)
            .filter(|&year| (year, rest) <= limit)
            .max();
        if window != Some(u32::from(when.year())) {
            return fail(format!(
                "the 50-year window at {now} puts the two-digit year in {window:?}"
            ));
        }
    }
    Ok(())
}

/// Every value `httpdate` accepts is accepted here as the same instant, but
/// for the differences by design ([`peer::compare`]).
fn agrees_with_httpdate(input: &[u8]) -> Result<(), Violation> {
    match peer::compare(input) {
        Ok(_) => Ok(()),
        Err(peer::Disagreement { theirs, ours }) => violation(
            "date_agrees_with_httpdate",
            format!(
                "{}: httpdate reads {theirs}, precond-date (at {}) {ours:?}",
                shown(input),
                peer::NOW
            ),
        ),
    }
}

// ---------------------------------------------------------------------------
// evaluate and raw_headers

/// The `evaluate` target: `data` decoded by `arbitrary` (the same
/// generators as the property tests, see [`generate`]) into a [`Case`] and
/// a [`Perturbation`]; every evaluation invariant ([`invariants::check_all`]),
/// irrelevance under the perturbation, and the traced evaluation agreeing
/// with the plain one.
pub fn evaluate(data: &[u8]) -> Result<(), Violation> {
    let mut u = Unstructured::new(data);
    let (Ok(case), Ok(perturbation)) = (Case::arbitrary(&mut u), Perturbation::arbitrary(&mut u))
    else {
        return Ok(());
    };
    invariants::check_all(&case)?;
    invariants::irrelevant_changes_are_irrelevant_under(&case, &perturbation)?;
    traced_agrees(&case)
}

/// The field names of the `raw_headers` target, chosen by a line's first
/// byte (modulo their number): the six conditional fields, then fields an
/// evaluator must not read.
pub static RAW_NAMES: [HeaderName; 12] = [
    header::IF_MATCH,
    header::IF_NONE_MATCH,
    header::IF_MODIFIED_SINCE,
    header::IF_UNMODIFIED_SINCE,
    header::IF_RANGE,
    header::RANGE,
    header::ETAG,
    header::LAST_MODIFIED,
    header::DATE,
    header::CACHE_CONTROL,
    header::ACCEPT,
    HeaderName::from_static("x-if-match"),
];

/// The `raw_headers` target: the first line of `data` (up to `\n`) is a
/// string of choices, one byte each, for everything but the fields (method,
/// representation, role, unconditional status, clock, If-Range date setting;
/// see [`generate::case`]); every further line is a field line, its first
/// byte choosing the name from [`RAW_NAMES`], the rest its value (bytes no
/// field value may hold become `?`). Every evaluation invariant holds, and
/// the traced evaluation agrees with the plain one.
pub fn raw_headers(data: &[u8]) -> Result<(), Violation> {
    let mut lines = data.split(|&b| b == b'\n');
    let choices = lines.next().unwrap_or_default();
    let mut case = generate::case(&mut Choices::new(
        choices.iter().map(|&b| u16::from(b)).collect(),
    ));
    case.fields = lines
        .filter_map(|line| {
            let (&selector, value) = line.split_first()?;
            let name = RAW_NAMES.get(usize::from(selector) % RAW_NAMES.len())?;
            Some((name.clone(), generate::field_value(value)))
        })
        .collect();
    invariants::check_all(&case)?;
    traced_agrees(&case)
}

/// `precond::evaluate_traced` gives the outcome `evaluate` gives and records
/// it; every trace entry can be displayed.
fn traced_agrees(case: &Case) -> Result<(), Violation> {
    let headers = case.headers();
    let outcome = case.evaluate_with(&headers);
    let representation = case.representation();
    let mut trace = precond::Trace::new();
    let traced = precond::evaluate_traced(
        precond::Request::new(&case.method, &headers),
        &representation,
        &case.context(),
        &mut trace,
    );
    if traced != outcome || trace.outcome() != Some(outcome) {
        return violation(
            "traced_evaluation_agrees",
            format!(
                "evaluate gives {outcome:?}, evaluate_traced {traced:?} (recorded {:?}) for {case:?}",
                trace.outcome()
            ),
        );
    }
    for entry in trace.iter() {
        let _ = fmt::write(&mut Sink, format_args!("{entry}"));
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// not_modified

/// The field names of the `not_modified` target, chosen by a line's first
/// byte (modulo their number plus one; the extra choice reads the rest of the
/// line as `name:value`): the fields RFC 9110 §15.4.5 keeps
/// ([`invariants::NOT_MODIFIED_KEEPS`]), Last-Modified, the content metadata
/// it drops ([`invariants::NOT_MODIFIED_DROPS`]), more content metadata, and
/// fields that are not representation metadata.
pub static RESPONSE_NAMES: LazyLock<Vec<HeaderName>> = LazyLock::new(|| {
    let others = [
        header::CONTENT_DISPOSITION,
        HeaderName::from_static("content-md5"),
        HeaderName::from_static("content-digest"),
        HeaderName::from_static("repr-digest"),
        HeaderName::from_static("digest"),
        header::SET_COOKIE,
        header::SERVER,
        header::AGE,
        header::ACCEPT_RANGES,
        header::CONTENT_SECURITY_POLICY,
        header::WARNING,
        HeaderName::from_static("x-request-id"),
    ];
    invariants::NOT_MODIFIED_KEEPS
        .into_iter()
        .chain([header::LAST_MODIFIED])
        .chain(invariants::NOT_MODIFIED_DROPS)
        .chain(others)
        .collect()
});

/// The `not_modified` target: every line of `data` is a field line of a 200
/// (see [`RESPONSE_NAMES`]); 304 shaping keeps the RFC 9110 §15.4.5 fields
/// ([`invariants::not_modified_keeps_validators`]), and shaping a shaped
/// header section changes nothing.
pub fn not_modified(data: &[u8]) -> Result<(), Violation> {
    let mut map = HeaderMap::new();
    for line in data.split(|&b| b == b'\n') {
        let Some((&selector, rest)) = line.split_first() else {
            continue;
        };
        let choice = usize::from(selector) % (RESPONSE_NAMES.len() + 1);
        let (name, value) = match RESPONSE_NAMES.get(choice) {
            Some(name) => (name.clone(), rest),
            None => {
                let colon = rest.iter().position(|&b| b == b':').unwrap_or(rest.len());
                let (name, value) = rest.split_at(colon);
                match HeaderName::from_bytes(name) {
                    Ok(name) => (name, value.get(1..).unwrap_or_default()),
                    Err(_) => continue,
                }
            }
        };
        if map.try_append(name, generate::field_value(value)).is_err() {
            break;
        }
    }
    invariants::not_modified_keeps_validators(&map)?;
    let mut once = map.clone();
    precond::not_modified_headers(&mut once);
    let mut twice = once.clone();
    precond::not_modified_headers(&mut twice);
    if once != twice {
        return violation(
            "not_modified_is_idempotent",
            format!("shaping {map:?} gives {once:?}, shaping that again {twice:?}"),
        );
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// range

/// The representation lengths the `range` target picks from (first byte, bits 0-2).
pub const RANGE_LENGTHS: [u64; 8] = [0, 1, 10, 100, 10_000, 1000, u64::MAX - 1, u64::MAX];

/// The `range` target: `data[0]` chooses the representation length (bits
/// 0-2, from [`RANGE_LENGTHS`]), the coalescing gap (bits 3-4: 0, 0, 1, 80),
/// whether parts carry a Content-Type (bit 5) and the policy (bit 6: strict,
/// bit 7: lax; default otherwise); the rest is a Range field value, and is
/// also read as a Content-Range. Asserts [`crate::range::check`] and
/// [`crate::range::check_content_range`] (RFC 9110 §14, §15.3.7).
pub fn range(data: &[u8]) -> Result<(), Violation> {
    use precond_range::{Boundary, Policy};

    let Some((&choices, value)) = data.split_first() else {
        return Ok(());
    };
    let length = RANGE_LENGTHS
        .get(usize::from(choices & 0b111))
        .copied()
        .unwrap_or(0);
    let gap = [0, 0, 1, 80]
        .get(usize::from((choices >> 3) & 0b11))
        .copied()
        .unwrap_or(0);
    let content_type = (choices & 0b10_0000 != 0).then_some("text/plain; charset=utf-8");
    let policy = match choices >> 6 {
        0b01 => Policy::DEFAULT.max_ranges(4).max_descending_small(1, 1000),
        0b10 => Policy::DEFAULT
            .max_ranges(1000)
            .overlap_factor(u64::MAX)
            .max_descending_small(usize::MAX, 0),
        _ => Policy::DEFAULT,
    };
    let boundary = Boundary::derive(value);
    crate::range::check(value, length, &policy, gap, content_type, &boundary)?;
    crate::range::check_content_range(value)
}

// ---------------------------------------------------------------------------
// precond-fs

/// The `fs_path` target: `data` (invalid UTF-8 replaced by U+FFFD) as the
/// path of a request target, through `precond_fs::path::relative_path`;
/// asserts [`crate::fs::check_path`].
pub fn fs_path(data: &[u8]) -> Result<(), Violation> {
    crate::fs::check_path(&String::from_utf8_lossy(data))
}

/// The `fs_accept_encoding` target: `data[0]` even, the rest split at `\n`
/// as Accept-Encoding field lines ([`crate::fs::check_accept_encoding`]);
/// odd, the rest builds a well-formed value whose weights are known
/// ([`crate::fs::check_accept_encoding_model`]).
pub fn fs_accept_encoding(data: &[u8]) -> Result<(), Violation> {
    match data.split_first() {
        Some((choice, rest)) if choice & 1 == 1 => crate::fs::check_accept_encoding_model(rest),
        Some((_, rest)) => {
            let lines: Vec<&[u8]> = rest.split(|b| *b == b'\n').collect();
            crate::fs::check_accept_encoding(&lines)
        }
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One check helper: `target` accepts `input` without a violation.
    fn check(target: Target, input: &[u8]) {
        if let Err(v) = target(input) {
            panic!("{}: {v}", shown(input));
        }
    }

    #[test]
    fn targets_hold_on_typical_inputs() {
        for (target, input) in [
            (etag as Target, &b"W/\"xyzzy\""[..]),
            (etag, b" \"a\", W/\"b\"\n\"c\"\t"),
            (etag, b"*"),
            (etag, b"*\n\"a\""),
            (etag, b""),
            (date, b"Sun, 06 Nov 1994 08:49:37 GMT"),
            (date, b"Sunday, 06-Nov-94 08:49:37 GMT"),
            (date, b"Sun Nov  6 08:49:37 1994"),
            (date, b"Sun Nov 06 08:49:37 1994"),
            (date, b"Wed, 31 Dec 2025 23:59:60 GMT"),
            (date, b"\r\nSun, 06 Nov 1994 08:49:37 GMT"),
            (date, b"Thursday, 01-Jan-70 00:00:00 GMT"),
            (date, b"Sunday, 06-Nov-94X08:49:37 GMT"),
            // The campaign's one finding (in the harness): trailing OWS
            // after an rfc850-date whose separator httpdate ignores.
            (date, b"Sunday, 06-Nov-05X08:49:37 GMT\t"),
            (evaluate, b""),
            (
                evaluate,
                b"\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c",
            ),
            (raw_headers, b""),
            (raw_headers, b"\n\x01\"v1\"\n\x00*"),
            (
                not_modified,
                b"\x03\"v1\"\n\x06Tue, 30 Apr 2024 12:00:00 GMT\n\x18x-a:1",
            ),
        ] {
            check(target, input);
        }
    }

    #[test]
    fn clocks_are_the_documented_instants() {
        let civil = |y, mo, d, h, mi, s| HttpDate::from_civil(y, mo, d, h, mi, s).unwrap();
        assert_eq!(
            DATE_CLOCKS,
            [
                civil(2026, 5, 1, 12, 0, 0),
                HttpDate::MIN,
                HttpDate::MAX,
                civil(1970, 1, 1, 0, 0, 0),
                civil(2024, 2, 29, 12, 0, 0),
                civil(2000, 2, 29, 0, 0, 0),
                civil(1999, 12, 31, 23, 59, 59),
            ]
        );
    }

    #[test]
    fn every_target_is_listed_once() {
        let names: Vec<&str> = TARGETS.iter().map(|(n, _)| *n).collect();
        assert_eq!(
            names,
            [
                "etag",
                "range",
                "date",
                "evaluate",
                "raw_headers",
                "not_modified",
                "fs_path",
                "fs_accept_encoding"
            ]
        );
        assert!(target("date").is_some());
        assert!(target("nope").is_none());
    }
}
