//! A connection whose request heads are checked ([`super::request_heads`])
//! before hyper reads them.
//!
//! A refused request ends the connection: hyper reads the end of the stream
//! after the requests before it, finishes their answers and shuts the
//! connection down, and only then is the refusal written.

use super::request_heads::{BodyLength, Judgement, MAX_HEAD_BYTES, judge, refusal};
use axum::http::HeaderMap;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};
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
    /// After a body of unknown length: the rest goes to hyper as it is.
    Unchecked,
    /// A request was refused: hyper reads the end of the stream.
    Refused,
}

/// A connection whose request heads are checked before the server reads them.
#[derive(Debug)]
pub struct CheckedHeads<S> {
    inner: S,
    /// Bytes read from the socket and not judged yet.
    unread: Vec<u8>,
    /// Bytes judged good that the server has not read yet.
    passed: Vec<u8>,
    position: Position,
    /// How much of `unread` is known to hold no end of a head.
    scanned: usize,
    /// The answer to a refused request, written when the server shuts the connection.
    refusal: Vec<u8>,
    /// How much of `refusal` is written.
    written: usize,
    /// Until when the rest of a refused request is read and dropped.
    linger: Option<Pin<Box<tokio::time::Sleep>>>,
    /// The headers every refusal carries (the security headers).
    headers: Arc<HeaderMap>,
}

impl<S> CheckedHeads<S> {
    /// Checks the requests arriving on `inner`; refusals carry `headers`.
    pub fn new(inner: S, headers: Arc<HeaderMap>) -> CheckedHeads<S> {
        CheckedHeads {
            inner,
            unread: Vec::new(),
            passed: Vec::new(),
            position: Position::Head,
            scanned: 0,
            refusal: Vec::new(),
            written: 0,
            linger: None,
            headers,
        }
    }

    /// Whether the bytes read since the last judgement may end a head or
    /// break the limit; a head sent a byte at a time is then scanned once, not
    /// once per byte.
    fn may_end_a_head(&self) -> bool {
        let from = self.scanned.saturating_sub(2).min(self.unread.len());
        self.unread.len() >= MAX_HEAD_BYTES
            || self.unread[from..]
                .windows(2)
                .any(|pair| pair == b"\n\n" || pair == b"\n\r")
    }

    /// Moves what can be judged from `unread` to `passed`; whether it moved anything.
    fn judge_unread(&mut self) -> bool {
        match self.position {
            Position::Head if self.may_end_a_head() => match judge(&self.unread) {
                Judgement::NeedMore => {
                    self.scanned = self.unread.len();
                    false
                }
                Judgement::Pass { len, body } => {
                    self.passed.extend(self.unread.drain(..len));
                    self.scanned = 0;
                    self.position = match body {
                        BodyLength::Bytes(0) => Position::Head,
                        BodyLength::Bytes(n) => Position::Body(n),
                        BodyLength::Coded => Position::Unchecked,
                    };
                    true
                }
                Judgement::Refuse(error) => {
                    tracing::debug!(%error, "refused a request head");
                    self.refusal = refusal(&error, &self.headers);
                    self.unread.clear();
                    self.position = Position::Refused;
                    true
                }
            },
            Position::Body(left) if !self.unread.is_empty() => {
                let take =
                    usize::try_from(left).map_or(self.unread.len(), |l| l.min(self.unread.len()));
                self.passed.extend(self.unread.drain(..take));
                let left = left - take as u64;
                self.position = if left == 0 {
                    Position::Head
                } else {
                    Position::Body(left)
                };
                true
            }
            Position::Unchecked if !self.unread.is_empty() => {
                self.passed.append(&mut self.unread);
                true
            }
            _ => false,
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
            if !this.passed.is_empty() {
                let n = this.passed.len().min(buf.remaining());
                buf.put_slice(&this.passed[..n]);
                this.passed.drain(..n);
                return Poll::Ready(Ok(()));
            }
            if this.judge_unread() {
                continue;
            }
            if matches!(this.position, Position::Refused) {
                // The end of the stream, as far as the server can tell.
                return Poll::Ready(Ok(()));
            }
            let mut chunk = [0u8; READ_CHUNK];
            let mut read = ReadBuf::new(&mut chunk);
            ready!(Pin::new(&mut this.inner).poll_read(cx, &mut read))?;
            if read.filled().is_empty() {
                // The client has closed; a head cut short is dropped with it.
                return Poll::Ready(Ok(()));
            }
            this.unread.extend_from_slice(read.filled());
        }
    }
}

impl<S: AsyncRead + AsyncWrite + Unpin> AsyncWrite for CheckedHeads<S> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().inner).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().inner).poll_write_vectored(cx, bufs)
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
        let mut chunk = [0u8; READ_CHUNK];
        loop {
            if linger.as_mut().poll(cx).is_ready() {
                return Poll::Ready(());
            }
            let mut read = ReadBuf::new(&mut chunk);
            match Pin::new(&mut self.inner).poll_read(cx, &mut read) {
                Poll::Ready(Ok(())) if !read.filled().is_empty() => {}
                Poll::Ready(_) => return Poll::Ready(()),
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}
