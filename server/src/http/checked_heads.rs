//! A connection whose request heads are checked ([`super::request_heads`])
//! before hyper reads them.
//!
//! A refused request ends the connection: hyper reads the end of the stream
//! after the requests before it, finishes their answers and shuts the
//! connection down, and only then is the refusal written.
//!
//! It also keeps the head time-out: a connection that sends no complete head
//! in time, counted from when it opened or its last answer was written, reads
//! an error and is closed. One timer serves the whole connection and is moved
//! only when it fires early; hyper's own time-out would arm a new one for
//! every request.

use super::chunked_framing::{ChunkedBody, Taken};
use super::request_heads::{BodyLength, Judgement, MAX_HEAD_BYTES, judge, refusal};
use axum::http::HeaderMap;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};
use std::time::{Duration, Instant};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// How many bytes are read from the socket at once.
const READ_CHUNK: usize = 8 * 1024;
/// How long what a refused client still sends is read and dropped after the
/// refusal: closing a socket with unread bytes resets it, and the reset can
/// destroy the refusal before the client has read it.
const LINGER: std::time::Duration = std::time::Duration::from_secs(2);

/// Where the reader is in the stream of requests.
#[derive(Debug)]
enum Position {
    /// At the start of a request's head.
    Head,
    /// Inside a body with this many bytes left.
    Body(u64),
    /// Inside a chunked body.
    Chunked(ChunkedBody),
    /// After a head whose body's end cannot be found (a transfer coding the
    /// server refuses, broken chunks): the rest goes to hyper as it is, and
    /// hyper refuses it.
    Unchecked,
    /// A request was refused: hyper reads the end of the stream.
    Refused,
}

/// A connection whose request heads are checked before the server reads them.
///
/// What the socket sends goes into one buffer that is allocated and zeroed
/// once, then read into in place: `buffer[start..judged]` is judged good and
/// waits for the server, `buffer[judged..filled]` waits to be judged.
#[derive(Debug)]
pub struct CheckedHeads<S> {
    inner: S,
    buffer: Vec<u8>,
    start: usize,
    judged: usize,
    filled: usize,
    position: Position,
    /// How much of the unjudged bytes the judge found to be a head not yet
    /// complete; 0 until it has judged them once.
    scanned: usize,
    /// The answer to a refused request, written when the server shuts the connection.
    refusal: Vec<u8>,
    /// How much of `refusal` is written.
    written: usize,
    /// Until when the rest of a refused request is read and dropped.
    linger: Option<Pin<Box<tokio::time::Sleep>>>,
    /// The headers every refusal carries (the security headers).
    headers: Arc<HeaderMap>,
    /// How long the client may take to send a complete head.
    head_timeout: Duration,
    /// Since when the connection has waited for a head: since it opened or
    /// its last answer was written; `None` while a request is being answered.
    waiting_since: Option<Instant>,
    /// Fires at the earliest moment the head time-out can have passed.
    head_timer: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl<S> CheckedHeads<S> {
    /// Checks the requests arriving on `inner`; refusals carry `headers`; a
    /// connection that takes longer than `head_timeout` to send a head is closed.
    pub fn new(inner: S, headers: Arc<HeaderMap>, head_timeout: Duration) -> CheckedHeads<S> {
        CheckedHeads {
            inner,
            buffer: Vec::new(),
            start: 0,
            judged: 0,
            filled: 0,
            position: Position::Head,
            scanned: 0,
            refusal: Vec::new(),
            written: 0,
            linger: None,
            headers,
            head_timeout,
            waiting_since: Some(Instant::now()),
            head_timer: None,
        }
    }

    /// Whether the head the connection is waiting for is overdue; if not, the
    /// timer is set to wake the reader when it would be.
    fn head_overdue(&mut self, cx: &mut Context<'_>) -> bool {
        let Some(since) = self.waiting_since else {
            return false;
        };
        let due = tokio::time::Instant::from_std(since + self.head_timeout);
        let timer = self
            .head_timer
            .get_or_insert_with(|| Box::pin(tokio::time::sleep_until(due)));
        loop {
            if timer.as_mut().poll(cx).is_pending() {
                return false;
            }
            // The timer fired: at the head's due time, or at an earlier one
            // since moved by an answer written meanwhile.
            if timer.deadline() >= due {
                return true;
            }
            timer.as_mut().reset(due);
        }
    }

    /// Notes that an answer is being written: the wait for the next head starts.
    fn answering(&mut self) {
        self.waiting_since = Some(Instant::now());
    }

    /// The bytes read and not judged yet.
    fn unread(&self) -> &[u8] {
        &self.buffer[self.judged..self.filled]
    }

    /// Whether the unread bytes are worth judging: the first bytes of a head
    /// always are (a whole head usually comes in one read, and the judge
    /// finds its end), later ones only if what came since the last judgement
    /// may end the head or breaks the limit. A head sent a byte at a time is
    /// so parsed twice and scanned once, not parsed once per byte.
    fn may_end_a_head(&self) -> bool {
        let unread = self.unread();
        if self.scanned == 0 {
            return !unread.is_empty();
        }
        let from = self.scanned.saturating_sub(2).min(unread.len());
        unread.len() >= MAX_HEAD_BYTES
            || unread[from..]
                .windows(2)
                .any(|pair| pair == b"\n\n" || pair == b"\n\r")
    }

    /// Judges what can be judged of the unread bytes; whether it judged anything.
    fn judge_unread(&mut self) -> bool {
        let unread = self.filled - self.judged;
        match self.position {
            Position::Head if self.may_end_a_head() => match judge(self.unread()) {
                Judgement::NeedMore => {
                    self.scanned = unread;
                    false
                }
                Judgement::Pass { len, body } => {
                    self.judged += len;
                    self.scanned = 0;
                    self.waiting_since = None;
                    self.position = match body {
                        BodyLength::Bytes(0) => Position::Head,
                        BodyLength::Bytes(n) => Position::Body(n),
                        BodyLength::Chunked => Position::Chunked(ChunkedBody::new()),
                        BodyLength::Coded => Position::Unchecked,
                    };
                    true
                }
                Judgement::Refuse(error) => {
                    tracing::debug!(%error, "refused a request head");
                    self.refusal = refusal(&error, &self.headers);
                    self.filled = self.judged;
                    self.position = Position::Refused;
                    true
                }
            },
            Position::Body(left) if unread > 0 => {
                let take = usize::try_from(left).map_or(unread, |l| l.min(unread));
                self.judged += take;
                let left = left - take as u64;
                self.position = if left == 0 {
                    Position::Head
                } else {
                    Position::Body(left)
                };
                true
            }
            Position::Chunked(mut body) if unread > 0 => {
                let unread = &self.buffer[self.judged..self.filled];
                let (used, next) = match body.take(unread) {
                    Taken::More(used) => (used, Position::Chunked(body)),
                    Taken::Ended(used) => (used, Position::Head),
                    Taken::Malformed(used) => (used, Position::Unchecked),
                };
                self.judged += used;
                self.position = next;
                if matches!(self.position, Position::Unchecked) {
                    self.judged = self.filled;
                }
                true
            }
            Position::Unchecked if unread > 0 => {
                self.judged = self.filled;
                true
            }
            _ => false,
        }
    }

    /// Room for at least one more read at the end of the buffer: what the
    /// server has read is dropped first, and the buffer grows only for a head
    /// longer than it holds.
    fn make_room(&mut self) {
        if self.start > 0 {
            self.buffer.copy_within(self.start..self.filled, 0);
            self.judged -= self.start;
            self.filled -= self.start;
            self.start = 0;
        }
        if self.buffer.len() - self.filled < READ_CHUNK {
            self.buffer.resize(self.filled + READ_CHUNK, 0);
        }
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for CheckedHeads<S> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        loop {
            if this.start < this.judged {
                let n = (this.judged - this.start).min(buf.remaining());
                buf.put_slice(&this.buffer[this.start..this.start + n]);
                this.start += n;
                if this.start == this.filled {
                    // All handed on: the next read starts at the front again.
                    (this.start, this.judged, this.filled) = (0, 0, 0);
                }
                return Poll::Ready(Ok(()));
            }
            if this.judge_unread() {
                continue;
            }
            if matches!(this.position, Position::Refused) {
                // The end of the stream, as far as the server can tell.
                return Poll::Ready(Ok(()));
            }
            this.make_room();
            let mut read = ReadBuf::new(&mut this.buffer[this.filled..]);
            let got = match Pin::new(&mut this.inner).poll_read(cx, &mut read) {
                Poll::Ready(Ok(())) => read.filled().len(),
                Poll::Ready(Err(error)) => return Poll::Ready(Err(error)),
                Poll::Pending => {
                    if matches!(this.position, Position::Head) && this.head_overdue(cx) {
                        return Poll::Ready(Err(io::Error::new(
                            io::ErrorKind::TimedOut,
                            "no complete request head in time",
                        )));
                    }
                    return Poll::Pending;
                }
            };
            if got == 0 {
                // The client has closed; a head cut short is dropped with it.
                return Poll::Ready(Ok(()));
            }
            this.filled += got;
        }
    }
}

impl<S: AsyncRead + AsyncWrite + Unpin> AsyncWrite for CheckedHeads<S> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        this.answering();
        Pin::new(&mut this.inner).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        this.answering();
        Pin::new(&mut this.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        // The server is done answering: now the refusal, if a request was refused.
        while this.written < this.refusal.len() {
            let n =
                ready!(Pin::new(&mut this.inner).poll_write(cx, &this.refusal[this.written..]))?;
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            this.written += n;
        }
        ready!(Pin::new(&mut this.inner).poll_flush(cx))?;
        ready!(Pin::new(&mut this.inner).poll_shutdown(cx))?;
        if !this.refusal.is_empty() {
            ready!(this.drain(cx));
        }
        Poll::Ready(Ok(()))
    }
}

impl<S: AsyncRead + Unpin> CheckedHeads<S> {
    /// Reads and drops what the refused client still sends, until it closes
    /// or [`LINGER`] has passed.
    fn drain(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        let linger = self
            .linger
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(LINGER)));
        if self.buffer.len() < READ_CHUNK {
            self.buffer.resize(READ_CHUNK, 0);
        }
        loop {
            if linger.as_mut().poll(cx).is_ready() {
                return Poll::Ready(());
            }
            let mut read = ReadBuf::new(&mut self.buffer);
            match Pin::new(&mut self.inner).poll_read(cx, &mut read) {
                Poll::Ready(Ok(())) if !read.filled().is_empty() => {}
                Poll::Ready(_) => return Poll::Ready(()),
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// Sends `pieces` one write at a time and reads what passes, `read_size` bytes at a time.
    async fn passed_through(pieces: &[&[u8]], read_size: usize) -> Vec<u8> {
        let (mut client, server) = tokio::io::duplex(1 << 20);
        let mut checked =
            CheckedHeads::new(server, Arc::new(HeaderMap::new()), Duration::from_secs(60));
        let owned: Vec<Vec<u8>> = pieces.iter().map(|p| p.to_vec()).collect();
        let writer = tokio::spawn(async move {
            for piece in owned {
                client.write_all(&piece).await.expect("write");
                tokio::task::yield_now().await;
            }
            client.shutdown().await.expect("shutdown");
        });
        let mut out = Vec::new();
        let mut chunk = vec![0u8; read_size];
        loop {
            let n = checked.read(&mut chunk).await.expect("read");
            if n == 0 {
                break;
            }
            out.extend_from_slice(&chunk[..n]);
        }
        writer.await.expect("writer");
        out
    }

    const GET: &[u8] = b"GET /a HTTP/1.1\r\nHost: x\r\n\r\n";
    const POST: &[u8] = b"POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello";

    #[tokio::test]
    async fn good_requests_pass_unchanged_however_they_are_cut() {
        let stream = [GET, POST, GET].concat();
        for cut in [1, 3, 7, 29, stream.len()] {
            let pieces: Vec<&[u8]> = stream.chunks(cut).collect();
            for read_size in [1, 5, 64, 16 * 1024] {
                assert_eq!(
                    passed_through(&pieces, read_size).await,
                    stream,
                    "cut {cut}, read {read_size}"
                );
            }
        }
    }

    #[tokio::test]
    async fn heads_after_a_chunked_body_are_judged() {
        let chunked =
            b"POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n";
        let bad = b"GET /d HTTP/1.1\r\n\r\n";
        let stream = [GET, chunked.as_slice(), GET, bad.as_slice(), GET].concat();
        let passed = [GET, chunked.as_slice(), GET].concat();
        for cut in [1, 5, stream.len()] {
            let pieces: Vec<&[u8]> = stream.chunks(cut).collect();
            assert_eq!(passed_through(&pieces, 1024).await, passed, "cut {cut}");
        }
    }

    #[tokio::test]
    async fn a_head_longer_than_one_read_passes_whole() {
        let long = format!("GET /{} HTTP/1.1\r\nHost: x\r\n\r\n", "a".repeat(20_000));
        let stream = [long.as_bytes(), GET].concat();
        assert_eq!(passed_through(&[&stream], 4096).await, stream);
    }

    #[tokio::test]
    async fn a_refused_head_ends_the_stream_after_the_requests_before_it() {
        let bad = b"GET /c HTTP/1.1\r\n\r\n";
        let stream = [GET, bad.as_slice(), GET].concat();
        assert_eq!(passed_through(&[&stream], 1024).await, GET);
    }
}
