//! The checks of precond-fs's input parsing, behind the `fs_path` and
//! `fs_accept_encoding` fuzz targets: request paths
//! ([`precond_fs::path::relative_path`]) and Accept-Encoding
//! ([`precond_fs::coding`]).
//!
//! Each check states what the parser promises in terms that do not use the
//! parser: the path rules as a model over the once-decoded segments, and
//! Accept-Encoding weights as a model over a list built from known elements.

use std::path::{Component, Path, PathBuf};

use http::header::{ACCEPT_ENCODING, HeaderMap, HeaderValue};
use percent_encoding::{AsciiSet, CONTROLS, percent_decode, utf8_percent_encode};
use precond_fs::coding::{self, Coding};
use precond_fs::path::{Refused, relative_path};

use crate::invariants::Violation;

fn violation(invariant: &'static str, message: String) -> Result<(), Violation> {
    Err(Violation { invariant, message })
}

// ---------------------------------------------------------------------------
// request paths

/// The root the checks join relative paths to.
const ROOT: &str = "/srv/www";

/// `uri_path` through [`relative_path`]:
///
/// - a path accepted is relative, of ordinary names only (no root, no
///   prefix, no `.` or `..`), none holding a NUL or a backslash, and joined
///   to a root it stays under it with every component kept;
/// - it is exactly what the module's rule says, decoding once (on Unix,
///   where every other segment is one name): the percent-decoded path, split
///   at `/`, less empty and `.` segments; refused as `NotUtf8` when the
///   decoded bytes are not UTF-8, else for the first segment that is `..`
///   (`DotDot`), holds a NUL (`Nul`) or a backslash (`Backslash`);
/// - an accepted path, each name percent-encoded again, reads back to
///   itself (decoding happens once, not until nothing is left to decode).
pub fn check_path(uri_path: &str) -> Result<(), Violation> {
    let got = relative_path(uri_path);
    if let Ok(path) = &got {
        contained(uri_path, path)?;
        let encoded: String = path
            .components()
            .map(|c| {
                let name = c.as_os_str().to_string_lossy();
                format!("/{}", utf8_percent_encode(&name, NAME))
            })
            .collect();
        let again = relative_path(&encoded);
        if again.as_ref() != Ok(path) {
            return violation(
                "fs_path_decoded_once",
                format!(
                    "{uri_path:?} gives {path:?}; encoded again as {encoded:?} it gives {again:?}"
                ),
            );
        }
    }
    if cfg!(unix) {
        let want = model(uri_path);
        if got != want {
            return violation(
                "fs_path_rules",
                format!("{uri_path:?}: relative_path gives {got:?}, the rule {want:?}"),
            );
        }
    }
    Ok(())
}

/// What percent-encoding a name for the round trip escapes: controls, `%`,
/// `/`, space, `?` and `#`.
const NAME: &AsciiSet = &CONTROLS.add(b'%').add(b'/').add(b' ').add(b'?').add(b'#');

/// `path` is relative, of plain names, and stays under a root.
fn contained(uri_path: &str, path: &Path) -> Result<(), Violation> {
    let bad = |why: &str| {
        violation(
            "fs_path_contained",
            format!("{uri_path:?} gives {path:?}: {why}"),
        )
    };
    if path.is_absolute() || path.has_root() {
        return bad("not relative");
    }
    for c in path.components() {
        let Component::Normal(name) = c else {
            return bad("a component is not a plain name");
        };
        let bytes = name.as_encoded_bytes();
        if bytes.contains(&0) || bytes.contains(&b'\\') || bytes.contains(&b'/') {
            return bad("a name holds a NUL, a backslash or a slash");
        }
    }
    let root = Path::new(ROOT);
    let joined = root.join(path);
    if !joined.starts_with(root)
        || joined.components().count() != root.components().count() + path.components().count()
    {
        return bad("joined to the root it leaves it");
    }
    Ok(())
}

/// The module's rule, stated over the decoded segments (Unix).
fn model(uri_path: &str) -> Result<PathBuf, Refused> {
    let decoded: Vec<u8> = percent_decode(uri_path.as_bytes()).collect();
    let Ok(decoded) = String::from_utf8(decoded) else {
        return Err(Refused::NotUtf8);
    };
    let mut out = PathBuf::new();
    for segment in decoded.split('/').filter(|s| !s.is_empty() && *s != ".") {
        if segment == ".." {
            return Err(Refused::DotDot);
        }
        if segment.contains('\0') {
            return Err(Refused::Nul);
        }
        if segment.contains('\\') {
            return Err(Refused::Backslash);
        }
        out.push(segment);
    }
    Ok(out)
}

// ---------------------------------------------------------------------------
// Accept-Encoding

/// The codings precond-fs can serve from siblings.
const CODINGS: [Coding; 2] = [Coding::Br, Coding::Gzip];

/// The field lines `lines` (those that are valid field values):
///
/// - every weight is at most 1000 (q=1);
/// - the codings [`coding::accepted`] yields are those offered whose weight
///   is above 0, in the order offered;
/// - a coding with a weight above 0 is named, in any case, by some line, or
///   a line holds `*`;
/// - a coding no line names is refused once a line `NAME;q=0` is added
///   (q=0 means "not acceptable", §12.4.2, and its own entry outweighs `*`),
///   and its weight is otherwise unchanged by a line naming another coding;
/// - the lines joined by `", "` into one give the same weights (§5.3).
pub fn check_accept_encoding(lines: &[&[u8]]) -> Result<(), Violation> {
    let fields = field(lines);
    let shown = format!("{lines:?}");
    for offered in [
        &CODINGS[..],
        &[Coding::Gzip, Coding::Br],
        &[Coding::Gzip],
        &[],
    ] {
        let got: Vec<Coding> = coding::accepted(&fields, offered).collect();
        let want: Vec<Coding> = offered
            .iter()
            .copied()
            .filter(|&c| coding::weight(&fields, c) > 0)
            .collect();
        if got != want {
            return violation(
                "fs_accept_encoding_accepted",
                format!("{shown}: offered {offered:?}, accepted {got:?}, weights say {want:?}"),
            );
        }
    }
    let lowered: Vec<Vec<u8>> = lines.iter().map(|l| l.to_ascii_lowercase()).collect();
    let names = |name: &str| lowered.iter().any(|l| contains(l, name.as_bytes()));
    let star = lines.iter().any(|l| l.contains(&b'*'));
    for c in CODINGS {
        let w = coding::weight(&fields, c);
        if w > 1000 {
            return violation(
                "fs_accept_encoding_weight",
                format!("{shown}: {c:?} weighs {w}"),
            );
        }
        if w > 0 && !names(c.as_str()) && !star {
            return violation(
                "fs_accept_encoding_named",
                format!("{shown}: {c:?} weighs {w}, yet no line names it or *"),
            );
        }
        if !names(c.as_str()) {
            let mut refused = fields.clone();
            refused.append(
                ACCEPT_ENCODING,
                HeaderValue::from_static(match c {
                    Coding::Br => "br;q=0",
                    Coding::Gzip => "gzip;q=0",
                }),
            );
            let after = coding::weight(&refused, c);
            if after != 0 {
                return violation(
                    "fs_accept_encoding_q0",
                    format!(
                        "{shown}: with `{};q=0` added, {c:?} still weighs {after}",
                        c.as_str()
                    ),
                );
            }
            // A line naming another coding (valid, and not this one) changes
            // nothing for this one unless the field was malformed.
            let other = match c {
                Coding::Br => "gzip;q=0.5",
                Coding::Gzip => "br;q=0.5",
            };
            let mut more = fields.clone();
            more.append(ACCEPT_ENCODING, HeaderValue::from_static(other));
            let after = coding::weight(&more, c);
            if after != w {
                return violation(
                    "fs_accept_encoding_other",
                    format!("{shown}: with `{other}` added, {c:?} weighs {after}, not {w}"),
                );
            }
        }
    }
    let joined = lines.join(&b", "[..]);
    let mut one = HeaderMap::new();
    // Only when every line is a field value: the joined value is one too.
    if fields.len() == lines.len()
        && let Ok(v) = HeaderValue::from_bytes(&joined)
    {
        one.append(ACCEPT_ENCODING, v);
        for c in CODINGS {
            let (split, whole) = (coding::weight(&fields, c), coding::weight(&one, c));
            if split != whole {
                return violation(
                    "fs_accept_encoding_lines",
                    format!("{shown}: {c:?} weighs {split} over the lines, {whole} joined"),
                );
            }
        }
    }
    Ok(())
}

/// The valid field values of `lines` as Accept-Encoding field lines.
fn field(lines: &[&[u8]]) -> HeaderMap {
    let mut fields = HeaderMap::new();
    for line in lines {
        if let Ok(v) = HeaderValue::from_bytes(line) {
            fields.append(ACCEPT_ENCODING, v);
        }
    }
    fields
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The elements the model builds lists from: a coding as written, and
/// whether (and as which coding) it names one precond-fs serves.
const ELEMENTS: [(&str, Option<Coding>, bool); 8] = [
    ("gzip", Some(Coding::Gzip), false),
    ("GZip", Some(Coding::Gzip), false),
    ("br", Some(Coding::Br), false),
    ("BR", Some(Coding::Br), false),
    ("*", None, true),
    ("identity", None, false),
    ("deflate", None, false),
    ("x-gzip", None, false),
];

/// qvalues as written and in thousandths; `None` writes no weight (q=1).
const QVALUES: [(Option<&str>, u16); 12] = [
    (None, 1000),
    (Some("0"), 0),
    (Some("0.0"), 0),
    (Some("0.000"), 0),
    (Some("0.001"), 1),
    (Some("0.5"), 500),
    (Some("0.25"), 250),
    (Some("0.999"), 999),
    (Some("1"), 1000),
    (Some("1."), 1000),
    (Some("1.000"), 1000),
    (Some("0."), 0),
];

/// OWS choices around separators and weights.
const OWS: [&str; 4] = ["", " ", "\t", "  "];

/// A well-formed Accept-Encoding value built from `data` (two bytes an
/// element: which coding, which qvalue and spacing, whether a new field
/// line starts), and its weights by the rule precond-fs documents (a
/// coding's own entry, the highest if listed twice, else `*`'s, else 0):
/// the parser must find the same.
pub fn check_accept_encoding_model(data: &[u8]) -> Result<(), Violation> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let (mut own_br, mut own_gzip, mut any) = (None::<u16>, None::<u16>, None::<u16>);
    for pair in data.chunks_exact(2).take(64) {
        let &[a, b] = pair else { continue };
        let Some(&(name, coding, star)) = ELEMENTS.get(usize::from(a & 7)) else {
            continue;
        };
        let Some(&(q, weight)) = QVALUES.get(usize::from(b >> 4) % QVALUES.len()) else {
            continue;
        };
        let ows = |bits: u8| OWS.get(usize::from(bits & 3)).copied().unwrap_or("");
        if !line.is_empty() {
            line.push_str(ows(a >> 3));
            line.push(',');
        }
        if a & 0x20 != 0 {
            // an empty element (§5.6.1.2: skipped by a recipient)
            line.push(',');
        }
        line.push_str(ows(a >> 6));
        line.push_str(name);
        if let Some(q) = q {
            line.push_str(ows(b));
            line.push(';');
            line.push_str(ows(b >> 2));
            line.push_str(if b & 1 != 0 { "Q=" } else { "q=" });
            line.push_str(q);
        }
        match coding {
            Some(Coding::Br) => own_br = own_br.max(Some(weight)),
            Some(Coding::Gzip) => own_gzip = own_gzip.max(Some(weight)),
            None if star => any = any.max(Some(weight)),
            None => {}
        }
        if a & 0x10 != 0 {
            lines.push(std::mem::take(&mut line));
        }
    }
    lines.push(line);
    let bytes: Vec<&[u8]> = lines.iter().map(|l| l.as_bytes()).collect();
    let fields = field(&bytes);
    for c in CODINGS {
        let own = match c {
            Coding::Br => own_br,
            Coding::Gzip => own_gzip,
        };
        let want = own.or(any).unwrap_or(0);
        let got = coding::weight(&fields, c);
        if got != want {
            return violation(
                "fs_accept_encoding_model",
                format!("{lines:?}: {c:?} weighs {got}, the rule says {want}"),
            );
        }
    }
    check_accept_encoding(&bytes)
}
