//! From a request's path to a file under the served root, refusing every path
//! that could leave it.
//!
//! The request path is percent-decoded exactly once (RFC 3986 §2.4: decoding
//! twice would turn `%252e` into `.`), then split on `/` into segments. Empty
//! and `.` segments are dropped; a segment that is `..`, or holds a NUL, a
//! backslash, or anything the platform reads as a root or a drive prefix is
//! refused outright rather than resolved: no legitimate link needs them, and
//! refusing them leaves nothing to get wrong. What remains is a relative path
//! of ordinary names, joined to the root. Symbolic links are then resolved
//! by the service before it opens anything, which refuses a target outside the root.
//!
//! What this does not defend against: someone who can write inside the root
//! and swaps a directory for a symbolic link between the check and the open.
//! Serve trees that untrusted users cannot write to.

use std::ffi::OsStr;
use std::path::{Component, Path, PathBuf};

use percent_encoding::percent_decode_str;

/// Why a request path was refused.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Refused {
    /// The decoded path is not UTF-8.
    NotUtf8,
    /// A segment is `..`.
    DotDot,
    /// A segment holds a NUL byte.
    Nul,
    /// A segment holds a backslash (a separator on Windows).
    Backslash,
    /// A segment is not one ordinary file name on this platform (a drive
    /// prefix such as `C:` on Windows, a root).
    NotAName,
    /// The file, once symbolic links are resolved, lies outside the root.
    OutsideRoot,
}

impl core::fmt::Display for Refused {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            Refused::NotUtf8 => "the decoded path is not UTF-8",
            Refused::DotDot => "a path segment is `..`",
            Refused::Nul => "a path segment holds a NUL byte",
            Refused::Backslash => "a path segment holds a backslash",
            Refused::NotAName => "a path segment is not a plain file name",
            Refused::OutsideRoot => "the path leads outside the served root",
        })
    }
}

impl std::error::Error for Refused {}

/// The relative file path a request path names, or why it is refused.
///
/// `uri_path` is the path of the request target as sent (`Uri::path()`),
/// still percent-encoded; any query has been cut off already.
///
/// ```
/// use std::path::PathBuf;
/// use precond_fs::path::{relative_path, Refused};
///
/// assert_eq!(relative_path("/a/./b%20c//d.txt"), Ok(PathBuf::from("a/b c/d.txt")));
/// assert_eq!(relative_path("/a/%2e%2e/etc/passwd"), Err(Refused::DotDot));
/// // Decoded once: `%252e%252e` is the name `%2e%2e`, not `..`.
/// assert_eq!(relative_path("/%252e%252e"), Ok(PathBuf::from("%2e%2e")));
/// ```
pub fn relative_path(uri_path: &str) -> Result<PathBuf, Refused> {
    let decoded = percent_decode_str(uri_path)
        .decode_utf8()
        .map_err(|_| Refused::NotUtf8)?;
    let mut out = PathBuf::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => continue,
            ".." => return Err(Refused::DotDot),
            _ => {}
        }
        if segment.contains('\0') {
            return Err(Refused::Nul);
        }
        if segment.contains('\\') {
            return Err(Refused::Backslash);
        }
        if !is_one_name(segment) {
            return Err(Refused::NotAName);
        }
        out.push(segment);
    }
    Ok(out)
}

/// Whether the platform reads `segment` as exactly one ordinary name.
fn is_one_name(segment: &str) -> bool {
    let mut parts = Path::new(segment).components();
    matches!(
        (parts.next(), parts.next()),
        (Some(Component::Normal(name)), None) if name == OsStr::new(segment)
    )
}

/// `path` with its symbolic links resolved, if that lies inside `root`
/// (itself already canonical); otherwise [`Refused::OutsideRoot`].
///
/// Runs blocking file system calls: call it from `spawn_blocking`.
pub(crate) fn contained(root: &Path, path: &Path) -> std::io::Result<Result<PathBuf, Refused>> {
    let real = std::fs::canonicalize(path)?;
    Ok(if real.starts_with(root) {
        Ok(real)
    } else {
        Err(Refused::OutsideRoot)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_say_why() {
        for (refused, text) in [
            (Refused::NotUtf8, "the decoded path is not UTF-8"),
            (Refused::DotDot, "a path segment is `..`"),
            (Refused::Nul, "a path segment holds a NUL byte"),
            (Refused::Backslash, "a path segment holds a backslash"),
            (Refused::NotAName, "a path segment is not a plain file name"),
            (
                Refused::OutsideRoot,
                "the path leads outside the served root",
            ),
        ] {
            assert_eq!(refused.to_string(), text);
        }
    }

    #[test]
    fn hostile_paths_are_refused() {
        // Each is refused by the path rules alone, before any file is touched.
        let table: &[(&str, Refused)] = &[
            ("/..", Refused::DotDot),
            ("/../etc/passwd", Refused::DotDot),
            ("/a/../../etc/passwd", Refused::DotDot),
            ("/%2e%2e/etc/passwd", Refused::DotDot),
            ("/%2E%2E/etc/passwd", Refused::DotDot),
            ("/.%2e/x", Refused::DotDot),
            ("/a/%2f..%2f..%2fetc", Refused::DotDot),
            ("/..%2fetc%2fpasswd", Refused::DotDot),
            ("/a%00.txt", Refused::Nul),
            ("/a%00/../b", Refused::Nul),
            ("/..\\..\\etc\\passwd", Refused::Backslash),
            ("/..%5c..%5cetc%5cpasswd", Refused::Backslash),
            ("/a%5c..%5c..%2f..", Refused::Backslash),
            ("/%ff%fe", Refused::NotUtf8),
            ("/%c0%ae%c0%ae/etc", Refused::NotUtf8),
        ];
        for (path, why) in table {
            assert_eq!(relative_path(path), Err(*why), "{path}");
        }
    }

    #[test]
    fn absolute_and_empty_segments_stay_under_the_root() {
        // `//etc/passwd` and `/%2fetc` are not absolute paths once decoded:
        // empty segments are dropped and the rest is relative.
        for path in ["//etc/passwd", "/%2fetc/passwd", "///etc//passwd"] {
            assert_eq!(
                relative_path(path),
                Ok(PathBuf::from("etc/passwd")),
                "{path}"
            );
        }
        for path in ["/", "", "/./", "/%2e/"] {
            assert_eq!(relative_path(path), Ok(PathBuf::new()), "{path}");
        }
    }

    #[test]
    fn decoding_happens_once() {
        assert_eq!(
            relative_path("/%252e%252e/%252fetc"),
            Ok(PathBuf::from("%2e%2e/%2fetc"))
        );
        assert_eq!(
            relative_path("/caf%C3%A9.txt"),
            Ok(PathBuf::from("café.txt"))
        );
        assert_eq!(
            relative_path("/..a/b..c/...").map(|p| p.components().count()),
            Ok(3)
        );
    }
}
