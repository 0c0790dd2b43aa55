//! The edition's files written with their `.br` (brotli, quality 11) and
//! `.gz` (gzip, level 9) beside them, as `scripts/precompress.mjs` does for
//! the app's build: a static host that serves pre-compressed files (nginx's
//! `gzip_static` and `brotli_static`, most CDNs) sends them as they are.

use super::ExportSiteError;
use std::io::Write;
use std::path::Path;

/// Files of these kinds are compressed; images and fonts already are.
const COMPRESSIBLE: [&str; 6] = ["wasm", "js", "css", "svg", "html", "json"];

/// Brotli's highest quality: compressed once, downloaded by every reader.
const BROTLI_QUALITY: u32 = 11;
/// Brotli's largest window (log2 bytes), as `precompress.mjs` asks for.
const BROTLI_WINDOW: u32 = 24;

/// Whether a file of this name gets a `.br` and a `.gz` beside it.
pub fn is_compressible(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| COMPRESSIBLE.contains(&e))
}

/// `body` in brotli at the highest quality.
pub fn brotli(body: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len() / 3);
    {
        let mut writer =
            brotli::CompressorWriter::new(&mut out, 4096, BROTLI_QUALITY, BROTLI_WINDOW);
        writer.write_all(body)?;
        writer.flush()?;
    }
    Ok(out)
}

/// `body` in gzip at level 9.
pub fn gzip(body: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut writer = flate2::write::GzEncoder::new(
        Vec::with_capacity(body.len() / 3),
        flate2::Compression::best(),
    );
    writer.write_all(body)?;
    writer.finish()
}

/// Writes `body` at `path` (making its folder), and, for a compressible
/// kind, its `.br` and `.gz`. `compressed` are those two already made for
/// these very bytes (the app build's own), used as they are.
pub fn write(
    path: &Path,
    body: &[u8],
    compressed: Option<(Vec<u8>, Vec<u8>)>,
) -> Result<u64, ExportSiteError> {
    let io = |source: std::io::Error| ExportSiteError::Io {
        path: path.to_path_buf(),
        source,
    };
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder).map_err(io)?;
    }
    std::fs::write(path, body).map_err(io)?;
    let mut bytes = body.len() as u64;
    if !is_compressible(path) {
        return Ok(bytes);
    }
    let (br, gz) = match compressed {
        Some(pair) => pair,
        None => (brotli(body).map_err(io)?, gzip(body).map_err(io)?),
    };
    for (suffix, coded) in [("br", br), ("gz", gz)] {
        let mut name = path.as_os_str().to_owned();
        name.push(format!(".{suffix}"));
        std::fs::write(&name, &coded).map_err(io)?;
        bytes += coded.len() as u64;
    }
    Ok(bytes)
}

/// The `.br` and `.gz` beside `source` when both are at least as new as it
/// (so made from these bytes by the build), else `None`.
pub fn made_beside(source: &Path) -> Option<(Vec<u8>, Vec<u8>)> {
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let plain = modified(source)?;
    let beside = |suffix: &str| {
        let mut name = source.as_os_str().to_owned();
        name.push(format!(".{suffix}"));
        let path = std::path::PathBuf::from(name);
        (modified(&path)? >= plain).then(|| std::fs::read(&path).ok())?
    };
    Some((beside("br")?, beside("gz")?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn both_codings_give_back_the_body() {
        let body = "{\"features\":[]}".repeat(200).into_bytes();
        let mut plain = Vec::new();
        brotli::Decompressor::new(&brotli(&body).expect("compresses")[..], 4096)
            .read_to_end(&mut plain)
            .expect("brotli decodes");
        assert_eq!(plain, body);
        let mut plain = Vec::new();
        flate2::read::GzDecoder::new(&gzip(&body).expect("compresses")[..])
            .read_to_end(&mut plain)
            .expect("gzip decodes");
        assert_eq!(plain, body);
    }

    #[test]
    fn pictures_are_not_compressed_again() {
        assert!(is_compressible(Path::new("a/items.json")));
        assert!(is_compressible(Path::new("atlas-app-0123_bg.wasm")));
        assert!(!is_compressible(Path::new("icon.png")));
        assert!(!is_compressible(Path::new("items.json.br")));
    }
}
