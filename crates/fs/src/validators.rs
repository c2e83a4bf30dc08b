//! Validators for files (RFC 9110 §8.8): a strong entity-tag and, when the
//! file has a real modification time, Last-Modified.
//!
//! # The entity-tag of a file
//!
//! A strong entity-tag must change whenever the bytes change (RFC 9110
//! §8.8.3). Reading every byte to hash it on every request is what a file
//! server cannot afford, so by default the tag is derived from the file's
//! [`FileStamp`]: its identity (device and inode on Unix), its length and its
//! modification time at the file system's full precision (nanoseconds on
//! most). The tag is SHA-256 of those numbers, truncated to 128 bits and
//! written in base64url: the same file gives the same tag in every process
//! and after every restart, and the tag reveals neither the inode nor the
//! exact time. A rename over the file (a new inode), a write (a new mtime)
//! and a truncation (a new length) each give a new tag.
//!
//! The identity matters for deployments that copy files with their times
//! kept (`cp -p`, `rsync -t`, unpacking an archive): a new file of the same
//! length and mtime still gets a new tag. A device number is not stable on
//! every system (network file systems, removable disks); when it changes the
//! tags change, which costs a full response, never a wrong 304.
//!
//! # Placeholder modification times
//!
//! Some trees carry a fixed mtime on every file: the Nix store sets Unix
//! second 1, reproducible builds and some archives set 0. There the mtime says
//! nothing, and a same-length rewrite in place would keep
//! identity + length + mtime, so a stamp tag could give a stale 304. A file
//! whose mtime is missing or is Unix second 0 or 1 (the evaluator's
//! [`EpochPolicy::TreatAsAbsent`](precond::EpochPolicy) bound) is therefore
//! tagged from a SHA-256 of its content ([`content_tag`]), and gets no
//! Last-Modified.
//!
//! Cost: hashing reads the whole file before the response starts, once per
//! request (SHA-256 runs at ~1.5 GB/s on a core with SHA extensions, ~0.4 GB/s
//! without; the read itself usually costs more). For a store known to be
//! immutable, [`ServeDir::cache_content_hashes`](crate::ServeDir::cache_content_hashes)
//! keeps the tags by stamp so each file is hashed once; it is opt-in because a
//! mutable file with a pinned mtime would keep a cached tag after a same-length
//! rewrite.

use std::collections::HashMap;
use std::io;
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use precond::{EntityTag, HttpDate};
use sha2::{Digest, Sha256};

/// The metadata that identifies one version of a file's bytes: identity,
/// length and modification time.
///
/// ```
/// # fn main() -> std::io::Result<()> {
/// use precond_fs::FileStamp;
///
/// let dir = std::env::temp_dir();
/// let path = dir.join(format!("precond-fs-stamp-{}", std::process::id()));
/// std::fs::write(&path, b"hello")?;
/// let stamp = FileStamp::from_metadata(&std::fs::metadata(&path)?);
/// assert_eq!(stamp.len(), 5);
/// assert!(stamp.modified().is_some());
/// std::fs::remove_file(&path)?;
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct FileStamp {
    dev: u64,
    ino: u64,
    len: u64,
    modified: Option<SystemTime>,
}

/// The latest modification time, in Unix seconds, that counts as a
/// placeholder: the same bound as precond's `EpochPolicy::TreatAsAbsent`.
const PLACEHOLDER_SECS: u64 = 1;

impl FileStamp {
    /// The stamp of a file from its metadata (`std::fs::metadata`, or
    /// `File::metadata` on an open handle, which is what [`ServeDir`](crate::ServeDir)
    /// uses so that the stamp describes the bytes it reads).
    ///
    /// On Unix the identity is the device and inode numbers; elsewhere there
    /// is none and the stamp is length and modification time only.
    pub fn from_metadata(meta: &std::fs::Metadata) -> Self {
        let (dev, ino) = identity(meta);
        FileStamp {
            dev,
            ino,
            len: meta.len(),
            modified: meta.modified().ok(),
        }
    }

    /// The file's length in bytes.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Whether the file is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The modification time, when the file system reports one.
    pub fn modified(&self) -> Option<SystemTime> {
        self.modified
    }

    /// The modification time if it is a real one: `None` when it is missing
    /// or is a placeholder (at or before Unix second 1, see the module docs).
    pub fn real_modified(&self) -> Option<SystemTime> {
        let t = self.modified?;
        match t.duration_since(UNIX_EPOCH) {
            Ok(since) if since.as_secs() <= PLACEHOLDER_SECS => None,
            // Before 1970 is a real (if odd) time: only 0 and 1 are placeholders.
            Ok(_) | Err(_) => Some(t),
        }
    }

    /// The strong entity-tag of this stamp: SHA-256 over the identity, the
    /// length and the modification time (seconds and nanoseconds, signed), and
    /// `coding` (the content coding of a precompressed sibling, so that each
    /// coding has its own tag, RFC 9110 §8.8.3.3), truncated to 16 bytes and
    /// written in base64url (22 characters).
    ///
    /// Only meaningful when [`real_modified`](Self::real_modified) is `Some`;
    /// [`Validators::for_file`] decides.
    pub fn tag(&self, coding: &str) -> EntityTag {
        let (secs, nanos) = match self.modified.map(|t| t.duration_since(UNIX_EPOCH)) {
            Some(Ok(d)) => (i128::from(d.as_secs()), d.subsec_nanos()),
            Some(Err(before)) => {
                let d = before.duration();
                (-i128::from(d.as_secs()), d.subsec_nanos())
            }
            None => (0, u32::MAX),
        };
        let mut h = Sha256::new();
        h.update(b"precond-fs stamp v1\0");
        h.update(self.dev.to_le_bytes());
        h.update(self.ino.to_le_bytes());
        h.update(self.len.to_le_bytes());
        h.update(secs.to_le_bytes());
        h.update(nanos.to_le_bytes());
        h.update(coding.as_bytes());
        let digest = h.finalize();
        EntityTag::from_digest(digest.get(..16).unwrap_or(&digest))
    }
}

#[cfg(unix)]
fn identity(meta: &std::fs::Metadata) -> (u64, u64) {
    use std::os::unix::fs::MetadataExt;
    (meta.dev(), meta.ino())
}

#[cfg(not(unix))]
fn identity(_: &std::fs::Metadata) -> (u64, u64) {
    (0, 0)
}

/// The validators a response for a file carries: a strong ETag, and
/// Last-Modified when the file has a real modification time.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Validators {
    etag: EntityTag,
    last_modified: Option<HttpDate>,
}

/// Where a file's entity-tag comes from.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum TagSource {
    /// From the [`FileStamp`] alone: no read.
    Stamp,
    /// From a hash of the content: the mtime is missing or a placeholder.
    Content,
}

impl Validators {
    /// Validators given directly (for content that is not a file).
    pub fn new(etag: EntityTag, last_modified: Option<HttpDate>) -> Self {
        Validators {
            etag,
            last_modified,
        }
    }

    /// Where the entity-tag of a file with this stamp comes from.
    pub fn tag_source(stamp: &FileStamp) -> TagSource {
        match stamp.real_modified() {
            Some(_) => TagSource::Stamp,
            None => TagSource::Content,
        }
    }

    /// The validators of a file whose tag comes from its stamp
    /// ([`TagSource::Stamp`]): the stamp tag and Last-Modified from the mtime
    /// (truncated to the second, RFC 9110 §5.6.7; none if it lies outside the
    /// years an HTTP-date can hold).
    ///
    /// For a stamp whose [`tag_source`](Self::tag_source) is
    /// [`TagSource::Content`], pass the tag [`content_tag`] computed:
    /// [`for_hashed_file`](Self::for_hashed_file).
    pub fn for_file(stamp: &FileStamp, coding: &str) -> Self {
        Validators {
            etag: stamp.tag(coding),
            last_modified: stamp
                .real_modified()
                .and_then(|t| HttpDate::from_system_time(t).ok()),
        }
    }

    /// The validators of a file tagged from its content: that tag and no
    /// Last-Modified (the mtime says nothing, see the module docs).
    pub fn for_hashed_file(etag: EntityTag) -> Self {
        Validators {
            etag,
            last_modified: None,
        }
    }

    /// The entity-tag (the ETag field).
    pub fn etag(&self) -> &EntityTag {
        &self.etag
    }

    /// The modification date (the Last-Modified field), if any.
    pub fn last_modified(&self) -> Option<HttpDate> {
        self.last_modified
    }

    /// The validators as the evaluator takes them.
    pub fn representation(&self) -> precond::Representation<'_> {
        let rep = precond::Representation::new().with_etag(self.etag.as_tag());
        match self.last_modified {
            Some(date) => rep.with_last_modified(date),
            None => rep,
        }
    }
}

/// The size of one read when hashing or streaming a file: 64 KiB.
pub(crate) const CHUNK: usize = 64 * 1024;

/// A strong entity-tag from the SHA-256 of everything `read` yields, with
/// `coding` mixed in as [`FileStamp::tag`] does: the full 32 bytes in
/// base64url (43 characters).
///
/// `read` is called with a buffer until it returns 0 (end of content), and at
/// most `len / CHUNK + 2` times: content longer than `len` is an error
/// (`InvalidData`: the file changed while it was being hashed), and so is
/// content shorter than `len`.
pub fn content_tag(
    mut read: impl FnMut(&mut [u8]) -> io::Result<usize>,
    len: u64,
    coding: &str,
) -> io::Result<EntityTag> {
    let mut h = Sha256::new();
    h.update(b"precond-fs content v1\0");
    h.update(coding.as_bytes());
    h.update([0]);
    let mut buf = vec![0; CHUNK];
    let mut seen: u64 = 0;
    loop {
        let n = read(&mut buf)?;
        if n == 0 {
            break;
        }
        let chunk = buf
            .get(..n)
            .ok_or_else(|| changed("read more than its buffer"))?;
        seen = seen.saturating_add(n as u64);
        if seen > len {
            return Err(changed("the file grew while it was being hashed"));
        }
        h.update(chunk);
    }
    if seen != len {
        return Err(changed("the file shrank while it was being hashed"));
    }
    Ok(EntityTag::from_digest(&h.finalize()))
}

pub(crate) fn changed(what: &'static str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, what)
}

/// Content tags kept by [`FileStamp`], for trees known to be immutable (see
/// the module docs). Holds at most `capacity` tags; when full, it is emptied
/// and starts again (a simple bound, not an LRU: a miss only costs a hash).
#[derive(Clone, Debug)]
pub(crate) struct HashCache {
    inner: Arc<Mutex<HashMap<(FileStamp, &'static str), EntityTag>>>,
    capacity: usize,
}

impl HashCache {
    pub(crate) fn new(capacity: usize) -> Self {
        HashCache {
            inner: Arc::default(),
            capacity,
        }
    }

    pub(crate) fn get(&self, stamp: &FileStamp, coding: &'static str) -> Option<EntityTag> {
        let map = self.inner.lock().ok()?;
        map.get(&(*stamp, coding)).cloned()
    }

    pub(crate) fn put(&self, stamp: FileStamp, coding: &'static str, tag: EntityTag) {
        if let Ok(mut map) = self.inner.lock() {
            if map.len() >= self.capacity {
                map.clear();
            }
            if self.capacity > 0 {
                map.insert((stamp, coding), tag);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn stamp(ino: u64, len: u64, modified: Option<SystemTime>) -> FileStamp {
        FileStamp {
            dev: 7,
            ino,
            len,
            modified,
        }
    }

    fn at(secs: u64, nanos: u32) -> Option<SystemTime> {
        Some(UNIX_EPOCH + Duration::new(secs, nanos))
    }

    #[test]
    fn every_stamp_field_and_the_coding_change_the_tag() {
        let base = stamp(1, 10, at(1_700_000_000, 5));
        let tag = base.tag("");
        assert!(!tag.is_weak());
        assert_eq!(tag.opaque().len(), 22);
        assert_eq!(tag, base.tag(""), "deterministic");
        let others = [
            FileStamp { dev: 8, ..base },
            stamp(2, 10, at(1_700_000_000, 5)),
            stamp(1, 11, at(1_700_000_000, 5)),
            stamp(1, 10, at(1_700_000_001, 5)),
            stamp(1, 10, at(1_700_000_000, 6)),
            stamp(1, 10, None),
        ];
        for other in others {
            assert_ne!(other.tag(""), tag, "{other:?}");
        }
        assert_ne!(base.tag("gzip"), tag);
        assert_ne!(base.tag("gzip"), base.tag("br"));
    }

    #[test]
    fn times_before_1970_are_told_apart_from_after() {
        let before = stamp(1, 1, Some(UNIX_EPOCH - Duration::from_secs(5)));
        let after = stamp(1, 1, at(5, 0));
        assert_ne!(before.tag(""), after.tag(""));
        assert!(before.real_modified().is_some());
    }

    #[test]
    fn seconds_0_and_1_and_a_missing_mtime_are_placeholders() {
        for m in [at(0, 0), at(1, 0), at(1, 999_999_999), None] {
            let s = stamp(1, 1, m);
            assert_eq!(s.real_modified(), None, "{m:?}");
            assert_eq!(Validators::tag_source(&s), TagSource::Content);
        }
        let s = stamp(1, 1, at(2, 0));
        assert_eq!(Validators::tag_source(&s), TagSource::Stamp);
        let v = Validators::for_file(&s, "");
        assert_eq!(v.last_modified().map(HttpDate::unix_seconds), Some(2));
    }

    // proves: 9110-8.8.2.1-send-last-modified
    #[test]
    fn last_modified_is_the_mtime_truncated_to_the_second() {
        let s = stamp(1, 1, at(1_700_000_000, 999_000_000));
        let v = Validators::for_file(&s, "");
        assert_eq!(
            v.last_modified().map(HttpDate::unix_seconds),
            Some(1_700_000_000)
        );
        let rep = v.representation();
        assert_eq!(rep.etag(), Some(v.etag().as_tag()));
    }

    fn reader(data: &[u8]) -> impl FnMut(&mut [u8]) -> io::Result<usize> + '_ {
        let mut rest = data;
        move |buf| {
            let n = rest.len().min(buf.len()).min(1000);
            let (head, tail) = rest.split_at(n);
            buf[..n].copy_from_slice(head);
            rest = tail;
            Ok(n)
        }
    }

    #[test]
    fn content_tags_depend_on_bytes_and_coding_and_check_the_length() {
        let a = content_tag(reader(b"hello world"), 11, "").unwrap();
        assert_eq!(a.opaque().len(), 43);
        assert_eq!(a, content_tag(reader(b"hello world"), 11, "").unwrap());
        assert_ne!(a, content_tag(reader(b"hello wurld"), 11, "").unwrap());
        assert_ne!(a, content_tag(reader(b"hello world"), 11, "gzip").unwrap());
        let big = vec![3u8; 3 * CHUNK + 17];
        let t = content_tag(reader(&big), big.len() as u64, "").unwrap();
        assert_ne!(t, a);
        for len in [10, 12] {
            let err = content_tag(reader(b"hello world"), len, "").unwrap_err();
            assert_eq!(err.kind(), io::ErrorKind::InvalidData, "{len}");
        }
    }

    #[test]
    fn the_hash_cache_is_bounded() {
        let cache = HashCache::new(2);
        let tag = EntityTag::from_version(1);
        for ino in 0..5 {
            cache.put(stamp(ino, 1, None), "", tag.clone());
        }
        assert_eq!(cache.get(&stamp(4, 1, None), ""), Some(tag));
        assert_eq!(cache.get(&stamp(4, 1, None), "gzip"), None);
        assert!(cache.inner.lock().unwrap().len() <= 2);
    }

    /// Up to `capacity` tags are kept together; the next one empties the
    /// cache first. A capacity of 0 keeps nothing.
    #[test]
    fn the_hash_cache_keeps_capacity_tags_then_starts_again() {
        let cache = HashCache::new(2);
        let tag = |v| EntityTag::from_version(v);
        cache.put(stamp(1, 1, None), "", tag(1));
        cache.put(stamp(2, 1, None), "", tag(2));
        assert_eq!(cache.get(&stamp(1, 1, None), ""), Some(tag(1)));
        assert_eq!(cache.get(&stamp(2, 1, None), ""), Some(tag(2)));
        cache.put(stamp(3, 1, None), "", tag(3));
        assert_eq!(cache.get(&stamp(1, 1, None), ""), None);
        assert_eq!(cache.get(&stamp(2, 1, None), ""), None);
        assert_eq!(cache.get(&stamp(3, 1, None), ""), Some(tag(3)));

        let none = HashCache::new(0);
        none.put(stamp(1, 1, None), "", tag(1));
        assert_eq!(none.get(&stamp(1, 1, None), ""), None);
    }

    /// A stamp's length says whether the file is empty; on Unix its identity
    /// is the device and inode, so two files alike in length and time differ.
    #[test]
    fn a_stamp_has_the_files_length_and_identity() {
        let tmp = tempfile::tempdir().unwrap();
        let time = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let mut stamps = Vec::new();
        for (name, bytes) in [("a", &b""[..]), ("b", b"x"), ("c", b"x")] {
            let path = tmp.path().join(name);
            std::fs::write(&path, bytes).unwrap();
            let file = std::fs::File::options().write(true).open(&path).unwrap();
            file.set_modified(time).unwrap();
            stamps.push(FileStamp::from_metadata(&file.metadata().unwrap()));
        }
        let [empty, b, c] = stamps.try_into().unwrap();
        assert_eq!((empty.len(), empty.is_empty()), (0, true));
        assert_eq!((b.len(), b.is_empty()), (1, false));
        assert_eq!((b.modified(), c.modified()), (Some(time), Some(time)));
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let meta = std::fs::metadata(tmp.path().join("b")).unwrap();
            assert_eq!((b.dev, b.ino), (meta.dev(), meta.ino()));
            assert_ne!(b, c);
            assert_ne!(b.tag(""), c.tag(""));
        }
    }
}
