//! Where the bytes come from: the [`ByteSource`] trait and its three kinds of
//! implementors (bytes in memory, a file, any `AsyncRead + AsyncSeek`).

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};

use bytes::Bytes;
use tokio::io::{AsyncRead, AsyncSeek, ReadBuf};
use tokio::task::JoinHandle;

use crate::validators::{CHUNK, FileStamp, changed};

/// Content that can be read a byte span at a time, for streaming a response
/// body chunk by chunk with flat memory whatever the content's size.
///
/// The response body calls [`poll_read_at`](Self::poll_read_at) with offsets
/// that only grow within one span; spans of a `multipart/byteranges` response
/// may go back (RFC 9110 §14.6 lets a client ask for ranges in any order).
/// When every byte of the content the response carries has been read, and
/// before the last of them is sent, it calls [`poll_verify`](Self::poll_verify):
/// an error there ends the body with that error, so a client never receives a
/// complete response that mixes two versions of the content.
///
/// Implemented for [`Bytes`] (zero-copy slices), for [`FileSource`] (a file
/// read with positional reads, checked against its stamp) and for
/// [`Seekable`] (anything `AsyncRead + AsyncSeek`, such as
/// `tokio::fs::File`).
pub trait ByteSource: Send + Unpin {
    /// Reads at most `max` bytes (`max` ≥ 1) starting at `offset`. An empty
    /// result means the content ended before `offset`: the body reports it as
    /// an error (the content is shorter than the length it announced).
    fn poll_read_at(
        &mut self,
        cx: &mut Context<'_>,
        offset: u64,
        max: usize,
    ) -> Poll<io::Result<Bytes>>;

    /// Checks, once the response's last byte has been read and before it is
    /// sent, that the content read is still the one whose validators and
    /// length the response announced. The default has nothing to check.
    fn poll_verify(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let _ = cx;
        Poll::Ready(Ok(()))
    }
}

impl<S: ByteSource + ?Sized> ByteSource for Box<S> {
    fn poll_read_at(
        &mut self,
        cx: &mut Context<'_>,
        offset: u64,
        max: usize,
    ) -> Poll<io::Result<Bytes>> {
        (**self).poll_read_at(cx, offset, max)
    }

    fn poll_verify(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        (**self).poll_verify(cx)
    }
}

/// Bytes in memory: each read is a slice of the same buffer, nothing copied.
impl ByteSource for Bytes {
    fn poll_read_at(
        &mut self,
        _: &mut Context<'_>,
        offset: u64,
        max: usize,
    ) -> Poll<io::Result<Bytes>> {
        let len = self.len();
        let start = usize::try_from(offset).unwrap_or(len).min(len);
        let end = start.saturating_add(max).min(len);
        Poll::Ready(Ok(self.slice(start..end)))
    }
}

/// A file read with positional reads (`pread` on Unix) on tokio's blocking
/// pool, one chunk at a time (the next full chunk read ahead while this one
/// is sent), and checked against the [`FileStamp`] its
/// validators came from.
///
/// Each read takes the open file's metadata again right after its bytes, in
/// the same blocking task, and [`poll_verify`](ByteSource::poll_verify)
/// compares the one taken after the last read with the stamp: if the file's
/// identity, length or modification time differ (it was written, truncated or
/// grew while it was served), the body ends with an error and the connection
/// is closed before the last chunk, so the client sees a truncated response,
/// never a whole one. Taking it with the read costs one `fstat` per chunk and
/// saves a round trip to the blocking pool per response. A file that
/// shrinks during the response ends it the same way, at the read that finds
/// no bytes.
///
/// A rename over the path while the file is served changes nothing: the open
/// handle keeps reading the old file, whose bytes are the ones announced.
#[derive(Debug)]
pub struct FileSource {
    file: Arc<std::fs::File>,
    stamp: FileStamp,
    /// The read in flight: its offset, its size, its task.
    pending: Option<(u64, usize, JoinHandle<io::Result<Read>>)>,
    /// The file's stamp taken just after the last read the body received.
    read_stamp: Option<FileStamp>,
    /// The metadata taken on its own, when no read carried it.
    verify: Option<JoinHandle<io::Result<FileStamp>>>,
}

impl FileSource {
    /// Reads `file`, which had this `stamp` when its validators were taken
    /// (take the stamp from the open handle's metadata, not from the path).
    pub fn new(file: std::fs::File, stamp: FileStamp) -> Self {
        FileSource {
            file: Arc::new(file),
            stamp,
            pending: None,
            read_stamp: None,
            verify: None,
        }
    }

    /// Opens the file at `path` and takes its stamp from the open handle.
    pub async fn open(path: impl Into<std::path::PathBuf>) -> io::Result<Self> {
        let path = path.into();
        let (file, stamp) = blocking(move || {
            let file = std::fs::File::open(&path)?;
            let stamp = FileStamp::from_metadata(&file.metadata()?);
            Ok((file, stamp))
        })
        .await?;
        Ok(FileSource::new(file, stamp))
    }

    /// The stamp the file had when it was opened.
    pub fn stamp(&self) -> &FileStamp {
        &self.stamp
    }

    /// The open file (for reading it before serving, e.g. to hash it).
    pub fn file(&self) -> &std::fs::File {
        &self.file
    }
}

impl ByteSource for FileSource {
    fn poll_read_at(
        &mut self,
        cx: &mut Context<'_>,
        offset: u64,
        max: usize,
    ) -> Poll<io::Result<Bytes>> {
        if self
            .pending
            .as_ref()
            .is_some_and(|(at, size, _)| (*at, *size) != (offset, max))
        {
            // A read ahead that is not the one wanted: dropped unseen (it
            // finishes on the blocking pool).
            self.pending = None;
        }
        let file = &self.file;
        let (_, _, task) = self
            .pending
            .get_or_insert_with(|| (offset, max, read_task(file, offset, max)));
        let result = ready!(Pin::new(task).poll(cx));
        self.pending = None;
        let result = result
            .unwrap_or_else(|e| Err(io::Error::other(e)))
            .map(|read| {
                self.read_stamp = Some(read.stamp_after);
                read.bytes
            });
        // Read ahead: after a full chunk the next one is most likely wanted
        // next, so its read overlaps the sending of this one. At most two
        // chunks are held per response.
        if max == CHUNK && result.as_ref().is_ok_and(|c| c.len() == max) {
            let next = offset.saturating_add(max as u64);
            self.pending = Some((next, max, read_task(&self.file, next, max)));
        }
        Poll::Ready(result)
    }

    fn poll_verify(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let now = match self.read_stamp.take() {
            Some(stamp) => stamp,
            None => {
                let task = self.verify.get_or_insert_with(|| {
                    let file = Arc::clone(&self.file);
                    tokio::task::spawn_blocking(move || {
                        Ok(FileStamp::from_metadata(&file.metadata()?))
                    })
                });
                let result = ready!(Pin::new(task).poll(cx));
                self.verify = None;
                result.unwrap_or_else(|e| Err(io::Error::other(e)))?
            }
        };
        Poll::Ready(if now == self.stamp {
            Ok(())
        } else {
            Err(changed("the file changed while it was being served"))
        })
    }
}

/// What one read brings back: the bytes, and the file's stamp taken after them.
#[derive(Debug)]
struct Read {
    bytes: Bytes,
    stamp_after: FileStamp,
}

/// A positional read of at most `max` bytes at `offset`, then the file's
/// metadata, on the blocking pool.
fn read_task(file: &Arc<std::fs::File>, offset: u64, max: usize) -> JoinHandle<io::Result<Read>> {
    let file = Arc::clone(file);
    tokio::task::spawn_blocking(move || {
        let mut buf = vec![0; max];
        let n = read_at(&file, &mut buf, offset)?;
        buf.truncate(n);
        let stamp_after = FileStamp::from_metadata(&file.metadata()?);
        Ok(Read {
            bytes: Bytes::from(buf),
            stamp_after,
        })
    })
}

/// Runs `f` on tokio's blocking pool.
pub(crate) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> io::Result<T> + Send + 'static,
) -> io::Result<T> {
    tokio::task::spawn_blocking(f)
        .await
        .unwrap_or_else(|e| Err(io::Error::other(e)))
}

#[cfg(unix)]
pub(crate) fn read_at(file: &std::fs::File, buf: &mut [u8], offset: u64) -> io::Result<usize> {
    use std::os::unix::fs::FileExt;
    loop {
        match file.read_at(buf, offset) {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            other => return other,
        }
    }
}

#[cfg(windows)]
pub(crate) fn read_at(file: &std::fs::File, buf: &mut [u8], offset: u64) -> io::Result<usize> {
    use std::os::windows::fs::FileExt;
    file.seek_read(buf, offset)
}

/// Any `AsyncRead + AsyncSeek` as a [`ByteSource`]: seeks when a read does
/// not start where the last one ended, then reads into a fresh buffer of at
/// most `max` bytes. For example `Seekable::new(tokio::fs::File)` or
/// `Seekable::new(std::io::Cursor<Vec<u8>>)`.
///
/// It has nothing to verify: a caller whose content can change wraps it in
/// its own type and implements [`ByteSource::poll_verify`].
#[derive(Debug)]
pub struct Seekable<R> {
    inner: R,
    /// Where the next read starts without a seek; `None` after a failed or
    /// unfinished seek.
    pos: Option<u64>,
    seeking: Option<u64>,
    buf: Vec<u8>,
}

impl<R> Seekable<R> {
    /// Wraps a reader whose position is unknown (the first read seeks).
    pub fn new(inner: R) -> Self {
        Seekable {
            inner,
            pos: None,
            seeking: None,
            buf: Vec::new(),
        }
    }

    /// The reader.
    pub fn into_inner(self) -> R {
        self.inner
    }
}

impl<R: AsyncRead + AsyncSeek + Send + Unpin> ByteSource for Seekable<R> {
    fn poll_read_at(
        &mut self,
        cx: &mut Context<'_>,
        offset: u64,
        max: usize,
    ) -> Poll<io::Result<Bytes>> {
        if self.pos != Some(offset) {
            if self.seeking != Some(offset) {
                self.pos = None;
                Pin::new(&mut self.inner).start_seek(io::SeekFrom::Start(offset))?;
                self.seeking = Some(offset);
            }
            let at = ready!(Pin::new(&mut self.inner).poll_complete(cx));
            self.seeking = None;
            if at? != offset {
                return Poll::Ready(Err(changed("seek ended elsewhere")));
            }
            self.pos = Some(offset);
        }
        // A zeroed buffer, kept across a `Pending` read and handed over as
        // the chunk once filled (the next read starts a new one).
        self.buf.resize(max, 0);
        let mut read = ReadBuf::new(&mut self.buf);
        ready!(Pin::new(&mut self.inner).poll_read(cx, &mut read))?;
        let n = read.filled().len();
        let mut chunk = std::mem::take(&mut self.buf);
        chunk.truncate(n);
        self.pos = Some(offset.saturating_add(n as u64));
        Poll::Ready(Ok(Bytes::from(chunk)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn read(source: &mut impl ByteSource, offset: u64, max: usize) -> io::Result<Bytes> {
        std::future::poll_fn(|cx| source.poll_read_at(cx, offset, max)).await
    }

    /// A full chunk read starts the read of the next chunk; a shorter read
    /// (a range's end, the file's last bytes) starts nothing.
    #[tokio::test]
    async fn a_full_chunk_starts_reading_the_next_one() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("f");
        let bytes: Vec<u8> = (0..2 * CHUNK + 10).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &bytes).unwrap();
        let mut source = FileSource::open(&path).await.unwrap();
        let ahead = |s: &FileSource| s.pending.as_ref().map(|(at, max, _)| (*at, *max));

        let first = read(&mut source, 0, CHUNK).await.unwrap();
        assert_eq!(first, bytes[..CHUNK]);
        assert_eq!(ahead(&source), Some((CHUNK as u64, CHUNK)));
        // Not the read ahead: that one is dropped, and 10 bytes start nothing.
        let some = read(&mut source, 5, 10).await.unwrap();
        assert_eq!(some, bytes[5..15]);
        assert_eq!(ahead(&source), None);
        // The last chunk is short: nothing after it.
        let last = read(&mut source, 2 * CHUNK as u64, CHUNK).await.unwrap();
        assert_eq!(last, bytes[2 * CHUNK..]);
        assert_eq!(ahead(&source), None);
    }

    /// An error other than an interruption is returned, not retried.
    #[test]
    fn a_read_that_fails_says_so() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = std::fs::File::open(tmp.path()).unwrap();
        let mut buf = [0; 8];
        assert!(read_at(&dir, &mut buf, 0).is_err());
    }

    /// `Seekable` reads any span, in any order, seeking only when a read
    /// does not start where the last one ended.
    #[tokio::test]
    async fn a_seekable_reader_reads_spans_in_any_order() {
        let bytes: Vec<u8> = (0..1000).map(|i| (i % 251) as u8).collect();
        let mut source = Seekable::new(std::io::Cursor::new(bytes.clone()));
        for (offset, max) in [(100, 50), (150, 50), (0, 10), (990, 10), (500, 1)] {
            let got = read(&mut source, offset, max).await.unwrap();
            let start = offset as usize;
            assert_eq!(got, bytes[start..start + max], "{offset} {max}");
            assert_eq!(source.pos, Some(offset + max as u64));
        }
        // Past the end: no bytes (the body reports the content as short).
        assert_eq!(read(&mut source, 1000, 10).await.unwrap(), Bytes::new());
        assert_eq!(source.into_inner().position(), 1000);
    }
}
