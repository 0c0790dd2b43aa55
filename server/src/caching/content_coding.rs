//! Content codings for bodies compressed once and served many times.
//!
//! The compression layer compresses every answer as it goes out: for a big
//! layer (6 MB of GeoJSON) that is a quarter of a second of a core per
//! request, and every reader who opens the map asks for it. A cached answer
//! is compressed once instead, in the background, and [`crate::caching::answer_cache`] hands
//! the result out for as long as the answer stays current.

use axum::body::Bytes;
use axum::http::HeaderValue;
use std::io::Write;

/// The codings a cached answer is kept in, besides none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coding {
    /// Brotli, which every current browser asks for.
    Brotli,
    /// Gzip, for every other client.
    Gzip,
}

/// Brotli window (log2 bytes), as brotli's own default.
const BROTLI_WINDOW: u32 = 22;

/// How hard a body is compressed, by how often it changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effort {
    /// An answer, compressed again whenever the data changes: brotli 6, better
    /// than the compression layer's 4, short of 11, whose time grows steeply.
    Answer,
    /// A file (the basemap), compressed once per change on disk, which may be
    /// never: the highest qualities, as the app's build uses for its own files.
    File,
}

impl Effort {
    fn brotli_quality(self) -> u32 {
        match self {
            Effort::Answer => 6,
            Effort::File => 11,
        }
    }

    fn gzip_level(self) -> flate2::Compression {
        match self {
            Effort::Answer => flate2::Compression::default(),
            Effort::File => flate2::Compression::best(),
        }
    }
}

impl Coding {
    /// Both codings, in the order of preference when a client weighs them alike.
    pub const ALL: [Coding; 2] = [Coding::Brotli, Coding::Gzip];

    /// Its `Content-Encoding` token.
    pub fn token(self) -> &'static str {
        match self {
            Coding::Brotli => "br",
            Coding::Gzip => "gzip",
        }
    }

    /// The extension of a file holding a body in this coding, compressed
    /// ahead of time beside the plain file (`app.wasm.br`).
    pub fn file_extension(self) -> &'static str {
        match self {
            Coding::Brotli => "br",
            Coding::Gzip => "gz",
        }
    }

    /// Its `Content-Encoding` header value.
    pub fn header_value(self) -> HeaderValue {
        HeaderValue::from_static(self.token())
    }

    /// `body` compressed in this coding, as hard as `effort` says.
    pub fn compress(self, body: &[u8], effort: Effort) -> std::io::Result<Bytes> {
        let mut out = Vec::with_capacity(body.len() / 4);
        match self {
            Coding::Brotli => {
                let mut writer = brotli::CompressorWriter::new(
                    &mut out,
                    64 * 1024,
                    effort.brotli_quality(),
                    BROTLI_WINDOW,
                );
                writer.write_all(body)?;
                writer.flush()?;
            }
            Coding::Gzip => {
                let mut writer = flate2::write::GzEncoder::new(&mut out, effort.gzip_level());
                writer.write_all(body)?;
                writer.finish()?;
            }
        }
        Ok(Bytes::from(out))
    }
}

/// The coding to answer a request with, from its `Accept-Encoding`: br or
/// gzip, whichever the client weighs more (br on a tie); `None` when it
/// accepts neither, or the header cannot be read.
pub fn preferred(accept_encoding: &HeaderValue) -> Option<Coding> {
    let header = accept_encoding.to_str().ok()?;
    let weight = |coding: Coding| -> f32 {
        let mut any = None;
        for item in header.split(',') {
            let mut parts = item.split(';');
            let name = parts.next().unwrap_or("").trim();
            let q = parts
                .find_map(|p| p.trim().strip_prefix("q=").or(p.trim().strip_prefix("Q=")))
                .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())
                .unwrap_or(0.0);
            if name.eq_ignore_ascii_case(coding.token()) {
                return q;
            }
            if name == "*" {
                any = Some(q);
            }
        }
        any.unwrap_or(0.0)
    };
    Coding::ALL
        .into_iter()
        .map(|coding| (coding, weight(coding)))
        .filter(|&(_, q)| q > 0.0)
        // Strictly greater: the earlier (preferred) coding keeps a tie.
        .fold(
            None,
            |best: Option<(Coding, f32)>, (coding, q)| match best {
                Some((_, best_q)) if best_q >= q => best,
                _ => Some((coding, q)),
            },
        )
        .map(|(coding, _)| coding)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn pick(header: &str) -> Option<Coding> {
        preferred(&HeaderValue::from_str(header).expect("a valid header"))
    }

    #[test]
    fn browsers_get_brotli_and_others_gzip() {
        assert_eq!(pick("gzip, deflate, br, zstd"), Some(Coding::Brotli));
        assert_eq!(pick("gzip"), Some(Coding::Gzip));
        assert_eq!(pick("GZIP;q=0.5"), Some(Coding::Gzip));
        assert_eq!(pick("*"), Some(Coding::Brotli));
    }

    #[test]
    fn weights_decide_and_zero_refuses() {
        assert_eq!(pick("br;q=0.2, gzip;q=0.8"), Some(Coding::Gzip));
        assert_eq!(pick("br;q=0, gzip"), Some(Coding::Gzip));
        assert_eq!(pick("br;q=0, gzip;q=0"), None);
        assert_eq!(pick("*;q=0, gzip"), Some(Coding::Gzip));
        assert_eq!(pick("identity"), None);
        assert_eq!(pick("deflate, zstd"), None);
        assert_eq!(pick(""), None);
        assert_eq!(pick("br;q=banana, gzip"), Some(Coding::Gzip));
    }

    #[test]
    fn compressed_bodies_decompress_to_the_original() {
        let body = br#"{"type":"FeatureCollection","features":[]}"#.repeat(200);
        for effort in [Effort::Answer, Effort::File] {
            let mut plain = Vec::new();
            brotli::Decompressor::new(
                &Coding::Brotli.compress(&body, effort).expect("compresses")[..],
                4096,
            )
            .read_to_end(&mut plain)
            .expect("brotli decodes");
            assert_eq!(plain, body);
            plain.clear();
            flate2::read::GzDecoder::new(
                &Coding::Gzip.compress(&body, effort).expect("compresses")[..],
            )
            .read_to_end(&mut plain)
            .expect("gzip decodes");
            assert_eq!(plain, body);
        }
    }

    #[test]
    fn files_are_compressed_harder_than_answers() {
        // Text with the repetition of GeoJSON and the variety of its numbers.
        let body: String = (0..4000)
            .map(|i| {
                format!(
                    "[{}.{:03}, {}.{:03}], ",
                    i % 97,
                    (i * 7919) % 1000,
                    i % 53,
                    (i * 104729) % 1000
                )
            })
            .collect();
        for coding in Coding::ALL {
            let answer = coding
                .compress(body.as_bytes(), Effort::Answer)
                .expect("compresses");
            let file = coding
                .compress(body.as_bytes(), Effort::File)
                .expect("compresses");
            assert!(
                file.len() < answer.len(),
                "{coding:?}: {} !< {}",
                file.len(),
                answer.len()
            );
        }
    }
}
