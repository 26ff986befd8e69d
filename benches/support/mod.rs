//! What the benchmarks share: the evaluation pages, read once from disk.

use std::io::Read;
use std::path::PathBuf;

/// The decompressed pages of one render of the aeb set (`html`, `html_text`,
/// …) in file-name order, from `LINESIFT_DATA` or `../shared/data` beside the
/// repo; empty when the data is not there, so a bench without it measures
/// nothing rather than failing.
pub fn aeb_pages(render: &str) -> Vec<Vec<u8>> {
    let root = std::env::var_os("LINESIFT_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data"));
    let Ok(entries) = std::fs::read_dir(root.join("aeb").join(render)) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    paths.sort();
    paths
        .iter()
        .filter_map(|path| {
            let file = std::fs::File::open(path).ok()?;
            let mut page = Vec::new();
            flate2::read::MultiGzDecoder::new(file)
                .read_to_end(&mut page)
                .ok()?;
            Some(page)
        })
        .collect()
}

/// [`aeb_pages`] of a text render, as strings (the renders are UTF-8).
#[allow(dead_code)] // not every bench reads text
pub fn aeb_text_pages(render: &str) -> Vec<String> {
    aeb_pages(render)
        .into_iter()
        .filter_map(|page| String::from_utf8(page).ok())
        .collect()
}
