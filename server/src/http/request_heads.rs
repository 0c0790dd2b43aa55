//! What the server makes of a request's head before hyper reads it, and the
//! answer to one it refuses.
//!
//! Hyper refuses a head it cannot take (a URI over 64 KiB, too many or too
//! long headers, an unknown HTTP version) with an empty answer of its own.
//! [`judge`] has stricter limits, so `checked_heads` refuses such a request
//! first, like the app refuses: with a problem document and the security
//! headers. It also refuses an HTTP/1.1 request without exactly one `Host`,
//! which hyper lets through.

use super::error::{AppError, PROBLEM_JSON};
use axum::http::HeaderMap;

/// The most bytes of a request head (request line and headers) read.
pub const MAX_HEAD_BYTES: usize = 64 * 1024;
/// The most header fields of a request read.
pub const MAX_HEADERS: usize = 100;

/// What to make of the bytes read so far at the start of a request.
#[derive(Debug)]
pub enum Judgement {
    /// The head is not complete yet and within the limits.
    NeedMore,
    /// A complete, acceptable head of `len` bytes, followed by `body`.
    Pass {
        /// The head's length in bytes, up to and with the empty line.
        len: usize,
        /// How the request's body is delimited.
        body: BodyLength,
    },
    /// A head the server refuses, and why.
    Refuse(AppError),
}

/// How a request's body is delimited, as far as the head says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyLength {
    /// `Content-Length` bytes follow (0 without the header).
    Bytes(u64),
    /// Chunks delimit the body (`Transfer-Encoding` ending in `chunked`).
    Chunked,
    /// Another transfer coding, which the server refuses: the rest is left to hyper.
    Coded,
}

/// Judges the bytes at the start of a request, `bytes` holding at least all read so far.
///
/// One parse finds the end of the head and reads it: a head not complete yet
/// is judged again when more has arrived, and one already malformed is
/// refused at once.
pub fn judge(bytes: &[u8]) -> Judgement {
    let within = &bytes[..bytes.len().min(MAX_HEAD_BYTES)];
    // Uninitialised slots: zeroing a hundred of them cost more than parsing a small head.
    let mut headers = [const { std::mem::MaybeUninit::uninit() }; MAX_HEADERS];
    let mut request = httparse::Request::new(&mut []);
    let len = match request.parse_with_uninit_headers(within, &mut headers) {
        Ok(httparse::Status::Complete(len)) => len,
        Ok(httparse::Status::Partial) if bytes.len() < MAX_HEAD_BYTES => {
            return Judgement::NeedMore;
        }
        // No end of the head within the limit: without a whole request
        // line, the target is what is long.
        Ok(httparse::Status::Partial) => {
            return Judgement::Refuse(if bytes.contains(&b'\n') {
                too_large()
            } else {
                AppError::UriTooLong {
                    limit: MAX_HEAD_BYTES,
                }
            });
        }
        Err(httparse::Error::Version) => return Judgement::Refuse(AppError::VersionNotSupported),
        Err(httparse::Error::TooManyHeaders) => return Judgement::Refuse(too_large()),
        Err(error) => {
            return Judgement::Refuse(AppError::BadRequest(format!(
                "the request head is malformed: {error}"
            )));
        }
    };
    // What the checks need, in one pass over the header names.
    let mut hosts = 0_usize;
    let mut last_coding = None;
    let mut length = Ok(None);
    for header in &*request.headers {
        let name = header.name.as_bytes();
        match name.len() {
            4 if name.eq_ignore_ascii_case(b"host") => hosts += 1,
            14 if name.eq_ignore_ascii_case(b"content-length") => {
                length = length.and_then(|seen| one_length(seen, header.value));
            }
            17 if name.eq_ignore_ascii_case(b"transfer-encoding") => {
                last_coding = Some(header.value)
            }
            _ => {}
        }
    }
    if request.version == Some(1) && hosts != 1 {
        return Judgement::Refuse(AppError::BadRequest(
            "an HTTP/1.1 request must have exactly one Host header".into(),
        ));
    }
    if let Some(last) = last_coding {
        // The final coding is the one that delimits the body (RFC 9112, 6.3);
        // it overrides any Content-Length.
        let chunked = last
            .rsplit(|b| *b == b',')
            .next()
            .is_some_and(|coding| coding.trim_ascii().eq_ignore_ascii_case(b"chunked"));
        return Judgement::Pass {
            len,
            body: if chunked {
                BodyLength::Chunked
            } else {
                BodyLength::Coded
            },
        };
    }
    match length {
        Ok(length) => Judgement::Pass {
            len,
            body: BodyLength::Bytes(length.unwrap_or(0)),
        },
        Err(()) => Judgement::Refuse(AppError::BadRequest(
            "the request's Content-Length is not one number".into(),
        )),
    }
}

/// The body's length after a `Content-Length` header of `value`, given the
/// one `seen` before it: an error unless every such header says the same number.
fn one_length(seen: Option<u64>, value: &[u8]) -> Result<Option<u64>, ()> {
    let value = std::str::from_utf8(value)
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok());
    match (value, seen) {
        (Some(value), None) => Ok(Some(value)),
        (Some(value), Some(seen)) if value == seen => Ok(Some(seen)),
        _ => Err(()),
    }
}

fn too_large() -> AppError {
    AppError::HeadersTooLarge {
        limit: MAX_HEAD_BYTES,
        count: MAX_HEADERS,
    }
}

/// The whole answer to a refused request, as bytes on the wire.
pub fn refusal(error: &AppError, headers: &HeaderMap) -> Vec<u8> {
    let (status, body) = error.problem_document();
    let mut answer = format!(
        "HTTP/1.1 {} {}\r\ncontent-type: {PROBLEM_JSON}\r\ncontent-length: {}\r\nconnection: close\r\n",
        status.as_u16(),
        status.canonical_reason().unwrap_or("Error"),
        body.len()
    )
    .into_bytes();
    for (name, value) in headers {
        answer.extend_from_slice(name.as_str().as_bytes());
        answer.extend_from_slice(b": ");
        answer.extend_from_slice(value.as_bytes());
        answer.extend_from_slice(b"\r\n");
    }
    answer.extend_from_slice(b"\r\n");
    answer.extend_from_slice(&body);
    answer
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status_of(bytes: &[u8]) -> Option<u16> {
        match judge(bytes) {
            Judgement::Refuse(error) => Some(error.problem_document().0.as_u16()),
            _ => None,
        }
    }

    #[test]
    fn a_plain_get_passes_with_no_body() {
        let head = b"GET / HTTP/1.1\r\nHost: a\r\n\r\nGET /next";
        match judge(head) {
            Judgement::Pass { len, body } => {
                assert_eq!(len, head.len() - "GET /next".len());
                assert_eq!(body, BodyLength::Bytes(0));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_head_not_yet_complete_waits() {
        assert!(matches!(
            judge(b"GET / HTTP/1.1\r\nHost: a\r\n"),
            Judgement::NeedMore
        ));
        assert!(matches!(judge(b"\r\n"), Judgement::NeedMore));
    }

    #[test]
    fn http_1_1_needs_exactly_one_host_and_http_1_0_none() {
        assert_eq!(status_of(b"GET / HTTP/1.1\r\n\r\n"), Some(400));
        assert_eq!(
            status_of(b"GET / HTTP/1.1\r\nHost: a\r\nhost: b\r\n\r\n"),
            Some(400)
        );
        assert_eq!(status_of(b"GET / HTTP/1.0\r\n\r\n"), None);
    }

    #[test]
    fn oversized_targets_heads_and_unknown_versions_are_refused() {
        let mut long_target = b"GET /".to_vec();
        long_target.resize(MAX_HEAD_BYTES + 1, b'a');
        assert_eq!(status_of(&long_target), Some(414));
        let mut long_head = b"GET / HTTP/1.1\r\nHost: a\r\n".to_vec();
        while long_head.len() <= MAX_HEAD_BYTES {
            long_head.extend_from_slice(b"X-Padding: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n");
        }
        assert_eq!(status_of(&long_head), Some(431));
        let many: String = (0..=MAX_HEADERS).map(|i| format!("X-{i}: a\r\n")).collect();
        assert_eq!(
            status_of(format!("GET / HTTP/1.1\r\nHost: a\r\n{many}\r\n").as_bytes()),
            Some(431)
        );
        assert_eq!(status_of(b"GET / HTTP/2.0\r\nHost: a\r\n\r\n"), Some(505));
        assert_eq!(status_of(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"), Some(505));
    }

    #[test]
    fn a_malformed_head_is_refused_before_it_ends_and_a_long_one_when_it_passes_the_limit() {
        assert_eq!(status_of(b"GET / HTTP/1.1\r\nBad Name: a\r\n"), Some(400));
        let mut long_value = b"GET / HTTP/1.1\r\nHost: a\r\nX-Long: ".to_vec();
        long_value.resize(MAX_HEAD_BYTES + 10, b'a');
        assert!(matches!(
            judge(&long_value[..MAX_HEAD_BYTES - 1]),
            Judgement::NeedMore
        ));
        long_value.extend_from_slice(b"\r\n\r\n");
        assert_eq!(status_of(&long_value), Some(431));
    }

    #[test]
    fn a_head_followed_by_the_next_is_judged_alone() {
        let first = b"GET /a HTTP/1.1\r\nHost: a\r\n\r\n";
        let both = [first.as_slice(), b"GET /b HTTP/1.1\r\n\r\n"].concat();
        assert!(matches!(
            judge(&both),
            Judgement::Pass { len, body: BodyLength::Bytes(0) } if len == first.len()
        ));
    }

    #[test]
    fn bodies_are_delimited_by_content_length_or_left_to_the_server() {
        assert!(matches!(
            judge(b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello"),
            Judgement::Pass {
                body: BodyLength::Bytes(5),
                ..
            }
        ));
        assert!(matches!(
            judge(b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, Chunked\r\n\r\n"),
            Judgement::Pass {
                body: BodyLength::Chunked,
                ..
            }
        ));
        assert!(matches!(
            judge(b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip\r\n\r\n"),
            Judgement::Pass {
                body: BodyLength::Coded,
                ..
            }
        ));
        assert_eq!(
            status_of(
                b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n"
            ),
            Some(400)
        );
    }

    #[test]
    fn a_refusal_is_a_problem_document_with_the_given_headers() {
        let mut headers = HeaderMap::new();
        headers.insert("x-content-type-options", "nosniff".parse().expect("value"));
        let answer =
            String::from_utf8(refusal(&AppError::VersionNotSupported, &headers)).expect("text");
        assert!(
            answer.starts_with("HTTP/1.1 505 HTTP Version Not Supported\r\n"),
            "{answer}"
        );
        assert!(
            answer.contains("content-type: application/problem+json\r\n"),
            "{answer}"
        );
        assert!(
            answer.contains("x-content-type-options: nosniff\r\n"),
            "{answer}"
        );
        let body = answer.split("\r\n\r\n").nth(1).expect("body");
        assert!(
            answer.contains(&format!("content-length: {}\r\n", body.len())),
            "{answer}"
        );
        assert!(body.contains("\"status\":505"), "{body}");
    }
}
