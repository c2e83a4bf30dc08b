//! From a request to an open file: path resolution under the root, the
//! index file, a precompressed sibling, the open handle and its validators.
//! Everything here blocks; [`ServeDir`](crate::ServeDir) runs it in one call
//! on tokio's blocking pool.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

use http::HeaderMap;

use crate::coding::{self, Coding};
use crate::path::{Refused, contained, relative_path};
use crate::source::read_at;
use crate::validators::{FileStamp, HashCache, TagSource, Validators, content_tag};

/// A file found and opened for a request.
#[derive(Debug)]
pub(crate) struct Found {
    pub(crate) file: File,
    pub(crate) stamp: FileStamp,
    pub(crate) validators: Validators,
    /// The file whose name gives the media type (the one asked for, not its
    /// sibling).
    pub(crate) named: PathBuf,
    /// The coding of the sibling served instead, if any.
    pub(crate) coding: Option<Coding>,
}

/// Why no file is served.
#[derive(Debug)]
pub(crate) enum Missing {
    /// Refused by the path rules.
    Refused,
    /// Nothing there, or not a regular file (a directory without an index).
    NotFound,
    /// The file system said no (permissions).
    Forbidden,
    /// Another error.
    Io,
}

impl From<io::Error> for Missing {
    fn from(e: io::Error) -> Self {
        match e.kind() {
            io::ErrorKind::NotFound | io::ErrorKind::NotADirectory => Missing::NotFound,
            io::ErrorKind::PermissionDenied => Missing::Forbidden,
            _ => Missing::Io,
        }
    }
}

impl From<Refused> for Missing {
    fn from(_: Refused) -> Self {
        Missing::Refused
    }
}

/// How a service looks files up.
#[derive(Clone, Debug)]
pub(crate) struct Lookup {
    /// The codings whose siblings may be served, in order of preference.
    pub(crate) precompressed: Vec<Coding>,
    /// Serve `index.html` for a directory.
    pub(crate) index: bool,
    pub(crate) hash_cache: Option<HashCache>,
}

impl Lookup {
    /// The file under `root` (canonical) that `uri_path` names.
    pub(crate) fn in_dir(
        &self,
        root: &Path,
        uri_path: &str,
        headers: &HeaderMap,
    ) -> Result<Found, Missing> {
        let rel = relative_path(uri_path)?;
        let mut real = contained(root, &root.join(rel))??;
        if std::fs::metadata(&real)?.is_dir() {
            // A directory is served by its index (RFC 9110 leaves the mapping
            // from target to file to the origin, §7.1).
            if !self.index {
                return Err(Missing::NotFound);
            }
            real = contained(root, &real.join("index.html"))??;
        } else if uri_path.ends_with('/') {
            // `/a.txt/` names a directory that does not exist; serving the
            // file there would break its relative links.
            return Err(Missing::NotFound);
        }
        self.open(Some(root), real, headers)
    }

    /// The file at `path` (or, inside `root` if given, a sibling of it).
    pub(crate) fn open(
        &self,
        root: Option<&Path>,
        named: PathBuf,
        headers: &HeaderMap,
    ) -> Result<Found, Missing> {
        for coding in coding::accepted(headers, &self.precompressed) {
            let mut name = named.clone().into_os_string();
            name.push(".");
            name.push(coding.extension());
            let sibling = PathBuf::from(name);
            let sibling = match root {
                Some(root) => match contained(root, &sibling) {
                    Ok(Ok(p)) => p,
                    Ok(Err(_)) | Err(_) => continue,
                },
                None => sibling,
            };
            match self.open_file(&sibling, coding.as_str()) {
                Ok((file, stamp, validators)) => {
                    return Ok(Found {
                        file,
                        stamp,
                        validators,
                        named,
                        coding: Some(coding),
                    });
                }
                Err(Missing::NotFound) => continue,
                Err(other) => return Err(other),
            }
        }
        let (file, stamp, validators) = self.open_file(&named, "")?;
        Ok(Found {
            file,
            stamp,
            validators,
            named,
            coding: None,
        })
    }

    /// Opens a regular file and takes its validators from the open handle,
    /// so they describe the bytes that will be read.
    fn open_file(
        &self,
        path: &Path,
        coding: &'static str,
    ) -> Result<(File, FileStamp, Validators), Missing> {
        let file = File::open(path)?;
        let meta = file.metadata()?;
        if !meta.is_file() {
            return Err(Missing::NotFound);
        }
        let stamp = FileStamp::from_metadata(&meta);
        let validators = match Validators::tag_source(&stamp) {
            TagSource::Stamp => Validators::for_file(&stamp, coding),
            TagSource::Content => {
                let cached = self.hash_cache.as_ref().and_then(|c| c.get(&stamp, coding));
                let tag = match cached {
                    Some(tag) => tag,
                    None => {
                        let mut offset = 0u64;
                        let tag = content_tag(
                            |buf| {
                                let n = read_at(&file, buf, offset)?;
                                offset = offset.saturating_add(n as u64);
                                Ok(n)
                            },
                            stamp.len(),
                            coding,
                        )?;
                        if let Some(cache) = &self.hash_cache {
                            cache.put(stamp, coding, tag.clone());
                        }
                        tag
                    }
                };
                Validators::for_hashed_file(tag)
            }
        };
        Ok((file, stamp, validators))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;
    use http::header::ACCEPT_ENCODING;
    use proptest::prelude::*;
    use std::io::Read;

    /// A served root `www/` beside a secret file, with links inside and out.
    struct Tree {
        _tmp: tempfile::TempDir,
        root: PathBuf,
    }

    const SECRET: &[u8] = b"SECRET outside the root";

    /// What the file system's answer becomes: nothing there (404), not
    /// allowed (403), anything else (500). A permission error cannot be
    /// made on a disk here, where the tests run as root, so it is named.
    #[test]
    fn io_errors_say_why_nothing_is_served() {
        use io::ErrorKind::*;
        for (kind, want) in [
            (NotFound, "NotFound"),
            (NotADirectory, "NotFound"),
            (PermissionDenied, "Forbidden"),
            (InvalidData, "Io"),
            (Other, "Io"),
        ] {
            let got = Missing::from(io::Error::from(kind));
            assert_eq!(format!("{got:?}"), want, "{kind:?}");
        }
    }

    fn tree() -> Tree {
        let tmp = tempfile::tempdir().unwrap();
        let base = tmp.path().canonicalize().unwrap();
        let root = base.join("www");
        std::fs::create_dir_all(root.join("sub/deeper")).unwrap();
        std::fs::create_dir_all(root.join("noindex")).unwrap();
        std::fs::write(base.join("secret.txt"), SECRET).unwrap();
        std::fs::create_dir_all(base.join("outside")).unwrap();
        std::fs::write(base.join("outside/index.html"), SECRET).unwrap();
        std::fs::write(root.join("index.html"), b"www index").unwrap();
        std::fs::write(root.join("a.txt"), b"inside a").unwrap();
        std::fs::write(root.join("a.txt.gz"), b"gzip of a").unwrap();
        std::fs::write(root.join("a.txt.br"), b"br of a").unwrap();
        std::fs::write(root.join("sub/index.html"), b"sub index").unwrap();
        std::fs::write(root.join("sub/deeper/b.txt"), b"inside b").unwrap();
        std::fs::write(root.join("%2e%2e"), b"a file named %2e%2e").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::symlink;
            symlink(base.join("secret.txt"), root.join("escape.txt")).unwrap();
            symlink("../secret.txt", root.join("relative-escape.txt")).unwrap();
            symlink(base.join("outside"), root.join("outdir")).unwrap();
            symlink("/etc", root.join("etc")).unwrap();
            symlink("a.txt", root.join("alias.txt")).unwrap();
            symlink("sub/deeper", root.join("deep")).unwrap();
            symlink(base.join("secret.txt"), root.join("b.txt.gz")).unwrap();
            std::fs::write(root.join("b.txt"), b"inside b plain").unwrap();
            symlink(
                base.join("outside/index.html"),
                root.join("sub/deeper/index.html"),
            )
            .unwrap();
        }
        Tree { _tmp: tmp, root }
    }

    fn lookup() -> Lookup {
        Lookup {
            precompressed: vec![Coding::Br, Coding::Gzip],
            index: true,
            hash_cache: None,
        }
    }

    fn read(found: &mut Found) -> Vec<u8> {
        let mut out = Vec::new();
        found.file.read_to_end(&mut out).unwrap();
        out
    }

    fn get(t: &Tree, path: &str, accept: Option<&str>) -> Result<Vec<u8>, Missing> {
        let mut h = HeaderMap::new();
        if let Some(a) = accept {
            h.insert(ACCEPT_ENCODING, HeaderValue::from_str(a).unwrap());
        }
        lookup().in_dir(&t.root, path, &h).map(|mut f| read(&mut f))
    }

    #[test]
    fn files_indexes_and_links_inside_the_root_are_served() {
        let t = tree();
        let table: &[(&str, &[u8])] = &[
            ("/a.txt", b"inside a"),
            ("/", b"www index"),
            ("", b"www index"),
            ("/sub", b"sub index"),
            ("/sub/", b"sub index"),
            ("/sub/deeper/b.txt", b"inside b"),
            ("/./sub/./deeper//b.txt", b"inside b"),
            ("/%61.txt", b"inside a"),
            ("/%252e%252e", b"a file named %2e%2e"),
            #[cfg(unix)]
            ("/alias.txt", b"inside a"),
            #[cfg(unix)]
            ("/deep/b.txt", b"inside b"),
        ];
        for (path, body) in table {
            assert_eq!(get(&t, path, None).unwrap(), *body, "{path}");
        }
    }

    #[test]
    fn hostile_paths_never_read_outside_the_root() {
        let t = tree();
        let table: &[&str] = &[
            "/../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2e%2e%2fsecret.txt",
            "/sub/%2e%2e/%2e%2e/secret.txt",
            "/..%5csecret.txt",
            "/%5c..%5csecret.txt",
            "/..\\secret.txt",
            "/secret.txt%00.html",
            "/%252e%252e/secret.txt",
            "/%25252e%25252e/secret.txt",
            "//secret.txt",
            "/%2fsecret.txt",
            "/escape.txt",
            "/relative-escape.txt",
            "/outdir/",
            "/outdir/index.html",
            "/etc/passwd",
            "/etc/hostname",
            "/sub/deeper/",
            "/missing.txt",
            "/noindex",
            "/a.txt/",
            "/a.txt/x",
        ];
        for path in table {
            match get(&t, path, None) {
                Ok(body) => panic!("{path} served {:?}", String::from_utf8_lossy(&body)),
                Err(Missing::Refused | Missing::NotFound) => {}
                Err(other) => panic!("{path}: {other:?}"),
            }
        }
    }

    #[test]
    fn siblings_in_order_of_preference_when_accepted() {
        let t = tree();
        assert_eq!(get(&t, "/a.txt", Some("gzip, br")).unwrap(), b"br of a");
        assert_eq!(
            get(&t, "/a.txt", Some("gzip, br;q=0")).unwrap(),
            b"gzip of a"
        );
        assert_eq!(get(&t, "/a.txt", Some("identity")).unwrap(), b"inside a");
        let mut h = HeaderMap::new();
        h.insert(ACCEPT_ENCODING, HeaderValue::from_static("gzip"));
        let plain = lookup()
            .in_dir(&t.root, "/a.txt", &HeaderMap::new())
            .unwrap();
        let gz = lookup().in_dir(&t.root, "/a.txt", &h).unwrap();
        assert_eq!(gz.coding, Some(Coding::Gzip));
        assert_eq!(
            gz.named, plain.named,
            "the media type comes from the name asked for"
        );
        assert_ne!(gz.validators.etag(), plain.validators.etag());
        #[cfg(unix)]
        {
            // A sibling that is a link out of the root is skipped.
            assert_eq!(get(&t, "/b.txt", Some("gzip")).unwrap(), b"inside b plain");
        }
    }

    // proves: 9110-8.8.2.1-send-last-modified
    #[test]
    fn a_placeholder_mtime_gets_a_content_tag_and_no_last_modified() {
        let t = tree();
        let path = t.root.join("pinned.txt");
        std::fs::write(&path, b"version one").unwrap();
        let file = std::fs::File::options().write(true).open(&path).unwrap();
        file.set_modified(std::time::UNIX_EPOCH + std::time::Duration::from_secs(1))
            .unwrap();
        let first = lookup()
            .in_dir(&t.root, "/pinned.txt", &HeaderMap::new())
            .unwrap();
        assert_eq!(first.validators.last_modified(), None);
        assert_eq!(first.validators.etag().opaque().len(), 43, "a content hash");
        // Rewritten in place with the same length and the same pinned mtime:
        // the stamp is unchanged, the tag is not.
        std::fs::write(&path, b"version two").unwrap();
        file.set_modified(std::time::UNIX_EPOCH + std::time::Duration::from_secs(1))
            .unwrap();
        let second = lookup()
            .in_dir(&t.root, "/pinned.txt", &HeaderMap::new())
            .unwrap();
        assert_eq!(second.stamp, first.stamp);
        assert_ne!(second.validators.etag(), first.validators.etag());
        // With the cache (opt-in), the first tag is kept: that is its cost.
        let cached = Lookup {
            hash_cache: Some(HashCache::new(8)),
            ..lookup()
        };
        let a = cached
            .in_dir(&t.root, "/pinned.txt", &HeaderMap::new())
            .unwrap();
        std::fs::write(&path, b"version 333").unwrap();
        file.set_modified(std::time::UNIX_EPOCH + std::time::Duration::from_secs(1))
            .unwrap();
        let b = cached
            .in_dir(&t.root, "/pinned.txt", &HeaderMap::new())
            .unwrap();
        assert_eq!(a.validators.etag(), b.validators.etag());
    }

    /// Pieces hostile paths are made of.
    fn piece() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "..",
            ".",
            "%2e",
            "%2E",
            "%2e%2e",
            "%252e",
            "%2f",
            "%2F",
            "%5c",
            "\\",
            "/",
            "//",
            "%00",
            "%25",
            "a.txt",
            "sub",
            "deeper",
            "b.txt",
            "escape.txt",
            "outdir",
            "relative-escape.txt",
            "etc",
            "passwd",
            "secret.txt",
            "index.html",
            "deep",
            "%c0%ae",
            "alias.txt",
            "~",
            ":",
            "C:",
            "%3a",
        ])
    }

    /// Whatever the request path, what is opened lies inside the root and is
    /// never the secret.
    #[test]
    fn no_request_reads_outside_the_root() {
        let t = tree();
        let paths = (prop::collection::vec(piece(), 0..8), any::<bool>());
        let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
            cases: 512,
            ..ProptestConfig::default()
        });
        runner
            .run(&paths, |(pieces, lead)| {
                let mut path = if lead {
                    String::from("/")
                } else {
                    String::new()
                };
                path.push_str(&pieces.join("/"));
                if let Ok(mut found) = lookup().in_dir(&t.root, &path, &HeaderMap::new()) {
                    prop_assert!(
                        found.named.starts_with(&t.root),
                        "{path} → {:?}",
                        found.named
                    );
                    prop_assert_ne!(read(&mut found), SECRET.to_vec(), "{}", path);
                }
                Ok(())
            })
            .unwrap();
    }
}
