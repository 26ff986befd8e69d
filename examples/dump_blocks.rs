//! Prints every block of every page of the evaluation data: label, score,
//! reasons and text, one block a line, under a `== FILE` header per page.
//!
//!     cargo run --release --example dump_blocks -- [DATA_DIR] > /tmp/before.txt
//!
//! A change meant to make linesift faster must leave every result as it
//! was: run this before and after and compare the two dumps byte for byte
//! (`cmp`). It covers the three text renders and the HTML of both sets
//! (`../shared/data` by default, see its README).

use std::error::Error;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use linesift::{Cleaner, Config, InputKind};

const SETS: [&str; 2] = ["aeb", "snippets"];
const RENDERS: [&str; 4] = ["html_text", "inscriptis", "html_text_wrapped", "html"];

fn main() -> Result<(), Box<dyn Error>> {
    let data = std::env::args()
        .nth(1)
        .map_or_else(|| PathBuf::from("../shared/data"), PathBuf::from);
    let cleaner = Cleaner::new(Config::default());
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for set in SETS {
        for render in RENDERS {
            let kind = if render == "html" {
                InputKind::Html
            } else {
                InputKind::Text
            };
            for file in sorted_files(&data.join(set).join(render))? {
                writeln!(out, "== {}", file.display())?;
                match cleaner.clean(&read_gz(&file)?, kind) {
                    Ok(doc) => {
                        for block in doc.blocks() {
                            writeln!(
                                out,
                                "{:?} {:.6} {:?} {:?}",
                                block.label(),
                                block.score(),
                                block.reasons(),
                                block.text()
                            )?;
                        }
                    }
                    Err(err) => writeln!(out, "error: {err}")?,
                }
            }
        }
    }
    out.flush()?;
    Ok(())
}

/// The files of a directory, sorted by name so that two dumps line up.
fn sorted_files(dir: &Path) -> Result<Vec<PathBuf>, Box<dyn Error>> {
    let mut files = std::fs::read_dir(dir)
        .map_err(|err| format!("{}: {err}", dir.display()))?
        .map(|entry| entry.map(|entry| entry.path()))
        .collect::<Result<Vec<_>, _>>()?;
    files.sort();
    Ok(files)
}

fn read_gz(path: &Path) -> Result<Vec<u8>, Box<dyn Error>> {
    let mut bytes = Vec::new();
    flate2::read::MultiGzDecoder::new(std::fs::File::open(path)?)
        .read_to_end(&mut bytes)
        .map_err(|err| format!("{}: {err}", path.display()))?;
    Ok(bytes)
}
