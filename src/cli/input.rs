//! Finding the inputs (files, directories, standard input) and opening them,
//! gzip included.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use flate2::bufread::MultiGzDecoder;

use super::progress::Progress;

/// One thing to clean: standard input or a file.
#[derive(Debug, Clone)]
pub struct Input {
    /// The file, or `None` for standard input.
    pub path: Option<PathBuf>,
    /// Where its output goes below `--out-dir`: the path relative to the
    /// directory it was found in, or the file name for a file named directly.
    pub relative: PathBuf,
}

impl Input {
    /// The name used in messages.
    pub fn name(&self) -> String {
        match &self.path {
            Some(path) => path.display().to_string(),
            None => String::from("<stdin>"),
        }
    }

    /// The size on disk, if it is a file (for the progress bar's ETA).
    pub fn size_hint(&self) -> Option<u64> {
        let path = self.path.as_ref()?;
        std::fs::metadata(path).ok().map(|m| m.len())
    }

    /// True when the name says gzip.
    pub fn is_gz_name(&self) -> bool {
        self.path.as_deref().is_some_and(has_gz_extension)
    }
}

/// True for `*.gz`.
pub fn has_gz_extension(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"))
}

/// A problem with one input: the name and what went wrong.
#[derive(Debug)]
pub struct InputError {
    /// The file (or `<stdin>`).
    pub name: String,
    /// What went wrong, in words a user can act on.
    pub reason: String,
}

/// Turns the FILE arguments into inputs: `-` and no arguments mean standard
/// input; directories are walked when `recursive` is set (in sorted order, so
/// that runs are repeatable) and reported otherwise.
pub fn collect(files: &[PathBuf], recursive: bool) -> (Vec<Input>, Vec<InputError>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    if files.is_empty() {
        inputs.push(Input {
            path: None,
            relative: PathBuf::from("stdin"),
        });
    }
    for path in files {
        if path.as_os_str() == "-" {
            inputs.push(Input {
                path: None,
                relative: PathBuf::from("stdin"),
            });
            continue;
        }
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => {
                if recursive {
                    walk(path, &mut inputs, &mut errors);
                } else {
                    errors.push(InputError {
                        name: path.display().to_string(),
                        reason: String::from("is a directory; add -r to clean the files in it"),
                    });
                }
            }
            // Missing or unreadable files are reported when they are opened,
            // in their place in the order.
            _ => inputs.push(Input {
                path: Some(path.clone()),
                relative: path
                    .file_name()
                    .map_or_else(|| PathBuf::from("stdin"), PathBuf::from),
            }),
        }
    }
    (inputs, errors)
}

/// Adds every regular file below `root`. Symbolic links to directories are not
/// followed, so a link loop cannot make the walk endless; the walk keeps its
/// own stack, so deep trees cannot overflow the call stack.
fn walk(root: &Path, inputs: &mut Vec<Input>, errors: &mut Vec<InputError>) {
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(err) => {
                errors.push(InputError {
                    name: dir.display().to_string(),
                    reason: format!("cannot list the directory: {err}"),
                });
                continue;
            }
        };
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        let mut subdirs = Vec::new();
        for path in paths {
            let is_dir = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir());
            if is_dir {
                subdirs.push(path);
            } else if std::fs::metadata(&path).is_ok_and(|m| m.is_dir()) {
                // A link to a directory: skipped on purpose (see above).
            } else {
                let relative = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
                inputs.push(Input {
                    path: Some(path),
                    relative,
                });
            }
        }
        // Files of a directory come before its subdirectories, in name order.
        stack.extend(subdirs.into_iter().rev());
    }
}

/// Opens an input for buffered reading, decompressing gzip (recognised by its
/// magic bytes, whatever the name).
pub fn open(input: &Input, progress: &Progress) -> io::Result<Box<dyn BufRead + Send>> {
    let raw: Box<dyn Read + Send> = match &input.path {
        Some(path) => Box::new(progress.counting(File::open(path)?)),
        None => Box::new(progress.counting(io::stdin())),
    };
    open_reader(raw)
}

/// Wraps a reader: buffered, and decompressed when it starts like gzip.
pub fn open_reader(raw: Box<dyn Read + Send>) -> io::Result<Box<dyn BufRead + Send>> {
    const BUFFER: usize = 256 * 1024;
    let mut reader = BufReader::with_capacity(BUFFER, raw);
    let head = reader.fill_buf()?;
    if head.starts_with(&[0x1f, 0x8b]) {
        Ok(Box::new(BufReader::with_capacity(
            BUFFER,
            MultiGzDecoder::new(reader),
        )))
    } else {
        Ok(Box::new(reader))
    }
}

/// Reads a whole input, refusing more than `limit` bytes without ever holding
/// more than `limit + 1` of them.
pub fn read_all(mut reader: impl Read, limit: u64) -> io::Result<Result<Vec<u8>, u64>> {
    let mut bytes = Vec::new();
    reader
        .by_ref()
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Ok(Err(limit));
    }
    Ok(Ok(bytes))
}

/// Describes an I/O error met while reading, gzip's own errors made plain.
pub fn describe_read_error(err: &io::Error) -> String {
    match err.kind() {
        io::ErrorKind::InvalidInput | io::ErrorKind::InvalidData | io::ErrorKind::UnexpectedEof => {
            format!("cannot decode it (damaged or truncated gzip?): {err}")
        }
        _ => format!("cannot read it: {err}"),
    }
}
