//! Where cleaned text goes: standard output or one file per input below
//! `--out-dir`, gzip-compressed on request.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use flate2::write::GzEncoder;
use flate2::Compression;

use super::input::{has_gz_extension, Input};

/// A buffered output stream, compressed or not. Call [`Sink::finish`] at the
/// end: it flushes the buffer and writes gzip's trailer.
pub enum Sink {
    /// Written as it is.
    Plain(BufWriter<Box<dyn Write + Send>>),
    /// Gzip-compressed.
    Gzip(GzEncoder<BufWriter<Box<dyn Write + Send>>>),
}

impl Sink {
    /// Wraps `inner`, compressing when `gzip` is set.
    pub fn new(inner: Box<dyn Write + Send>, gzip: bool) -> Sink {
        const BUFFER: usize = 256 * 1024;
        let buffered = BufWriter::with_capacity(BUFFER, inner);
        if gzip {
            // Level 6 is gzip's own default: a fair trade of speed for size.
            Sink::Gzip(GzEncoder::new(buffered, Compression::new(6)))
        } else {
            Sink::Plain(buffered)
        }
    }

    /// Standard output.
    pub fn stdout(gzip: bool) -> Sink {
        Sink::new(raw_stdout(), gzip)
    }

    /// Flushes everything, gzip's trailer included.
    pub fn finish(self) -> io::Result<()> {
        match self {
            Sink::Plain(mut writer) => writer.flush(),
            Sink::Gzip(encoder) => encoder.finish()?.flush(),
        }
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Sink::Plain(w) => w.write(buf),
            Sink::Gzip(w) => w.write(buf),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match self {
            Sink::Plain(w) => w.write_all(buf),
            Sink::Gzip(w) => w.write_all(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Plain(w) => w.flush(),
            Sink::Gzip(w) => w.flush(),
        }
    }
}

/// Standard output without the standard library's own buffer, which is
/// line-buffered: it looks for the last newline of every write, and this
/// command writes whole buffers of lines. (Nothing else writes to standard
/// output, so no other buffer can interleave with this one.)
#[cfg(unix)]
fn raw_stdout() -> Box<dyn Write + Send> {
    use std::os::fd::AsFd;
    match io::stdout().as_fd().try_clone_to_owned() {
        Ok(fd) => Box::new(File::from(fd)),
        // No descriptor to copy (standard output closed): writing through the
        // standard library's handle reports that as it would.
        Err(_) => Box::new(io::stdout()),
    }
}

#[cfg(not(unix))]
fn raw_stdout() -> Box<dyn Write + Send> {
    Box::new(io::stdout())
}

/// The output path of `input` below `out_dir`, and whether it is compressed:
/// gzip when `--gzip` is given or the input's name ends in `.gz`; a `.gz` name
/// is added to compressed outputs and dropped from plain ones.
pub fn out_path(out_dir: &Path, input: &Input, gzip_flag: bool) -> (PathBuf, bool) {
    let compressed = gzip_flag || input.is_gz_name();
    let mut path = out_dir.join(&input.relative);
    match (compressed, has_gz_extension(&path)) {
        (true, false) => {
            let mut name = path.as_os_str().to_os_string();
            name.push(".gz");
            path = PathBuf::from(name);
        }
        (false, true) => {
            path.set_extension("");
        }
        _ => {}
    }
    (path, compressed)
}

/// Creates the file at `path` (and its parent directories) as a [`Sink`].
pub fn create(path: &Path, gzip: bool) -> io::Result<Sink> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    Ok(Sink::new(Box::new(File::create(path)?), gzip))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(relative: &str) -> Input {
        Input {
            path: Some(PathBuf::from("in").join(relative)),
            relative: PathBuf::from(relative),
        }
    }

    #[test]
    fn out_paths_keep_the_relative_path_and_follow_compression() {
        let dir = Path::new("out");
        assert_eq!(
            out_path(dir, &input("a/b.txt"), false),
            (PathBuf::from("out/a/b.txt"), false)
        );
        assert_eq!(
            out_path(dir, &input("a/b.txt"), true),
            (PathBuf::from("out/a/b.txt.gz"), true)
        );
        assert_eq!(
            out_path(dir, &input("b.txt.gz"), false),
            (PathBuf::from("out/b.txt.gz"), true)
        );
    }
}
