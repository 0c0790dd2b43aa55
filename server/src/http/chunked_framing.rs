//! Where a chunked request body ends (RFC 9112, 7.1), found as its bytes
//! arrive, so that `checked_heads` knows where the next request's head starts.
//!
//! Only the framing is read: the chunks' sizes, the line ends and the
//! trailer section. The bytes themselves go on to hyper, which decodes them.

/// A reader's place in a chunked body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChunkedBody {
    /// In a chunk-size line: the size so far, whether it has a digit yet,
    /// and whether the line has reached its extensions (after `;`).
    Size {
        /// The hexadecimal size read so far.
        size: u64,
        /// Whether a digit has been read.
        digits: bool,
        /// Whether the rest of the line is chunk extensions.
        extensions: bool,
    },
    /// Inside a chunk's data, with this many bytes left.
    Data(u64),
    /// After a chunk's data, before its line end.
    DataEnd,
    /// In the trailer section, after the last chunk; whether the current line is still empty.
    Trailer {
        /// Whether no byte but `\r` has come since the last line end.
        empty: bool,
    },
}

/// What [`ChunkedBody::take`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Taken {
    /// This many bytes belong to the body, and it goes on.
    More(usize),
    /// The body ends after this many bytes.
    Ended(usize),
    /// The framing is broken after this many good bytes: the server refuses it.
    Malformed(usize),
}

impl ChunkedBody {
    /// A body about to begin with its first chunk-size line.
    pub fn new() -> ChunkedBody {
        ChunkedBody::Size {
            size: 0,
            digits: false,
            extensions: false,
        }
    }

    /// Reads the framing of `bytes`, the next bytes of the body.
    pub fn take(&mut self, bytes: &[u8]) -> Taken {
        let mut at = 0;
        while at < bytes.len() {
            if let ChunkedBody::Data(left) = *self {
                let rest = bytes.len() - at;
                let skip = usize::try_from(left).map_or(rest, |left| left.min(rest));
                at += skip;
                let left = left - skip as u64;
                *self = if left == 0 {
                    ChunkedBody::DataEnd
                } else {
                    ChunkedBody::Data(left)
                };
                continue;
            }
            let byte = bytes[at];
            at += 1;
            *self = match (*self, byte) {
                (
                    ChunkedBody::Size {
                        size,
                        extensions: false,
                        ..
                    },
                    _,
                ) if byte.is_ascii_hexdigit() => {
                    let digit = u64::from(char::from(byte).to_digit(16).unwrap_or_default());
                    match size.checked_mul(16) {
                        Some(shifted) => ChunkedBody::Size {
                            size: shifted | digit,
                            digits: true,
                            extensions: false,
                        },
                        None => return Taken::Malformed(at - 1),
                    }
                }
                (ChunkedBody::Size { size, digits, .. }, b';' | b' ' | b'\t') => {
                    ChunkedBody::Size {
                        size,
                        digits,
                        extensions: true,
                    }
                }
                (ChunkedBody::Size { .. }, b'\r') => *self,
                (ChunkedBody::Size { size, digits, .. }, b'\n') => match (digits, size) {
                    (false, _) => return Taken::Malformed(at - 1),
                    (true, 0) => ChunkedBody::Trailer { empty: true },
                    (true, size) => ChunkedBody::Data(size),
                },
                (
                    ChunkedBody::Size {
                        extensions: true, ..
                    },
                    _,
                ) => *self,
                (ChunkedBody::DataEnd, b'\r') => ChunkedBody::DataEnd,
                (ChunkedBody::DataEnd, b'\n') => ChunkedBody::new(),
                (ChunkedBody::Trailer { empty: true }, b'\n') => return Taken::Ended(at),
                (ChunkedBody::Trailer { .. }, b'\n') => ChunkedBody::Trailer { empty: true },
                (ChunkedBody::Trailer { empty }, b'\r') => ChunkedBody::Trailer { empty },
                (ChunkedBody::Trailer { .. }, _) => ChunkedBody::Trailer { empty: false },
                _ => return Taken::Malformed(at - 1),
            };
        }
        Taken::More(at)
    }
}

impl Default for ChunkedBody {
    fn default() -> ChunkedBody {
        ChunkedBody::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &[u8] =
        b"5\r\nhello\r\n1A;name=value\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nX-Sum: 1\r\n\r\n";

    #[test]
    fn the_end_of_a_body_is_found_however_it_is_cut() {
        let stream = [BODY, b"GET / HTTP/1.1\r\n"].concat();
        for cut in [1, 2, 3, 7, BODY.len(), stream.len()] {
            let mut body = ChunkedBody::new();
            let mut used = 0;
            let mut ended = None;
            for piece in stream.chunks(cut) {
                match body.take(piece) {
                    Taken::More(n) => used += n,
                    Taken::Ended(n) => {
                        ended = Some(used + n);
                        break;
                    }
                    Taken::Malformed(n) => panic!("malformed at {}", used + n),
                }
            }
            assert_eq!(ended, Some(BODY.len()), "cut {cut}");
        }
    }

    #[test]
    fn broken_framing_is_malformed() {
        for broken in [
            &b"\r\n"[..],
            b"xyz\r\n",
            b"5\r\nhelloX",
            b"fffffffffffffffff1\r\n",
        ] {
            assert!(
                matches!(ChunkedBody::new().take(broken), Taken::Malformed(_)),
                "{}",
                String::from_utf8_lossy(broken)
            );
        }
    }
}
