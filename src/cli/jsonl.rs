//! JSON Lines batch mode: one document per line in, one object per line out,
//! in order, with bounded memory.
//!
//! Three stages overlap: a reader thread cuts the input into windows of lines
//! (bounded in lines and in bytes), the rayon pool cleans a window in
//! parallel, and the calling thread writes the finished window in input order
//! while the next one is cleaned. Channels between the stages hold at most one
//! window each, so memory depends on the window size, never on the number of
//! documents.

use std::io::{self, BufRead, Write};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};

use super::line::{clean_line, error_line, Settings};
use super::progress::Progress;

/// Counts of one stream.
#[derive(Debug, Default, Clone, Copy)]
pub struct Outcome {
    /// Lines read (= lines written).
    pub lines: u64,
    /// Lines answered with an error object.
    pub failed: u64,
}

/// Why a stream stopped early.
#[derive(Debug)]
pub enum StreamError {
    /// Reading failed after `after_line` lines (all of them written).
    Read {
        /// The last line read whole.
        after_line: u64,
        /// The cause.
        error: io::Error,
    },
    /// Writing failed; nothing more can be written.
    Write(io::Error),
}

/// One input line.
struct RawLine {
    /// Counted from 1.
    number: u64,
    /// Without the line end; empty when the line was too long.
    bytes: Vec<u8>,
    /// The length, when over the limit (the bytes are then not kept).
    too_long: Option<u64>,
}

/// One output line (without its newline) and, for a failed line, the message.
struct Done {
    number: u64,
    json: String,
    error: Option<String>,
}

type Window = Vec<RawLine>;

/// Lines per window and thread: enough to keep every thread busy between the
/// synchronisation points at the end of a window.
const LINES_PER_THREAD: usize = 256;
/// Bytes per window and thread, and at most this many in all: four windows
/// or so are alive at once (one being read, one waiting, one cleaned, one
/// written). Large pages (HTML, ~200 kB) need this many bytes for a few dozen
/// pages per thread, so that the wait for the slowest page at the end of a
/// window stays a small part of the window's time.
const BYTES_PER_THREAD: usize = 8 << 20;
const MAX_WINDOW_BYTES: usize = 64 << 20;

/// Cleans the JSON Lines of `reader` into `out`. `name` is used in messages
/// (`None` for standard input).
pub fn run(
    reader: Box<dyn BufRead + Send>,
    out: &mut (dyn Write + Send),
    name: Option<&str>,
    settings: &Settings,
    progress: &Progress,
) -> Result<Outcome, (Outcome, StreamError)> {
    let threads = rayon::current_num_threads().max(1);
    let max_lines = LINES_PER_THREAD.saturating_mul(threads);
    let max_bytes = BYTES_PER_THREAD
        .saturating_mul(threads)
        .min(MAX_WINDOW_BYTES);
    let line_limit = settings.line_limit;

    std::thread::scope(|scope| {
        let (raw_tx, raw_rx) = sync_channel::<Result<Window, StreamError>>(1);
        let (done_tx, done_rx) = sync_channel::<Result<Vec<Done>, StreamError>>(1);
        scope.spawn(move || read_windows(reader, raw_tx, max_lines, max_bytes, line_limit));
        scope.spawn(move || clean_windows(raw_rx, done_tx, name, settings));
        write_windows(done_rx, out, name, progress)
    })
}

/// The reader stage: sends windows until the input ends, reading fails, or
/// the cleaner stage is gone.
fn read_windows(
    mut reader: Box<dyn BufRead + Send>,
    tx: SyncSender<Result<Window, StreamError>>,
    max_lines: usize,
    max_bytes: usize,
    line_limit: u64,
) {
    let mut number: u64 = 0;
    loop {
        let mut window = Vec::new();
        let mut bytes = 0usize;
        while window.len() < max_lines && bytes < max_bytes {
            let mut buf = Vec::new();
            match read_line_capped(&mut reader, &mut buf, line_limit) {
                Ok(None) => break,
                Ok(Some(length)) => {
                    number += 1;
                    strip_line_end(&mut buf);
                    let too_long = (length > line_limit).then_some(length);
                    if too_long.is_some() {
                        buf = Vec::new();
                    }
                    bytes += buf.len();
                    window.push(RawLine {
                        number,
                        bytes: buf,
                        too_long,
                    });
                }
                Err(error) => {
                    if !window.is_empty() && tx.send(Ok(window)).is_err() {
                        return;
                    }
                    let _ = tx.send(Err(StreamError::Read {
                        after_line: number,
                        error,
                    }));
                    return;
                }
            }
        }
        if window.is_empty() || tx.send(Ok(window)).is_err() {
            return;
        }
    }
}

/// The cleaning stage: each window is cleaned in parallel by the rayon pool,
/// results kept in input order.
fn clean_windows(
    rx: Receiver<Result<Window, StreamError>>,
    tx: SyncSender<Result<Vec<Done>, StreamError>>,
    name: Option<&str>,
    settings: &Settings,
) {
    use rayon::prelude::*;
    for window in rx {
        let window = match window {
            Ok(window) => window,
            Err(err) => {
                // Handed on in order: the writer has every window before it.
                let _ = tx.send(Err(err));
                return;
            }
        };
        let done: Vec<Done> = window
            .par_iter()
            .map(|raw| match clean_line(&raw.bytes, raw.too_long, settings) {
                Ok(json) => Done {
                    number: raw.number,
                    json,
                    error: None,
                },
                Err(message) => Done {
                    number: raw.number,
                    json: error_line(&message, raw.number, name),
                    error: Some(message),
                },
            })
            .collect();
        if tx.send(Ok(done)).is_err() {
            return;
        }
    }
}

/// The writer stage, on the calling thread.
fn write_windows(
    rx: Receiver<Result<Vec<Done>, StreamError>>,
    out: &mut (dyn Write + Send),
    name: Option<&str>,
    progress: &Progress,
) -> Result<Outcome, (Outcome, StreamError)> {
    let mut outcome = Outcome::default();
    let shown = name.unwrap_or("<stdin>");
    for window in rx {
        let window = window.map_err(|err| (outcome, err))?;
        let count = window.len() as u64;
        for done in window {
            outcome.lines += 1;
            if let Some(message) = &done.error {
                outcome.failed += 1;
                progress.message(&format!("linesift: {shown}:{}: {message}", done.number));
            }
            let written = out
                .write_all(done.json.as_bytes())
                .and_then(|()| out.write_all(b"\n"));
            if let Err(err) = written {
                return Err((outcome, StreamError::Write(err)));
            }
        }
        progress.documents_done(count);
    }
    Ok(outcome)
}

/// Drops a trailing `\n` or `\r\n`.
fn strip_line_end(buf: &mut Vec<u8>) {
    if buf.last() == Some(&b'\n') {
        buf.pop();
        if buf.last() == Some(&b'\r') {
            buf.pop();
        }
    }
}

/// Reads one line (with its `\n`) into `buf` and returns its length, or `None`
/// at the end of the input. Past `limit` bytes the rest of the line is read
/// and counted but not kept, so one huge line cannot exhaust memory.
fn read_line_capped(
    reader: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    limit: u64,
) -> io::Result<Option<u64>> {
    // Room for the limit and a `\r\n`.
    let keep = usize::try_from(limit.saturating_add(2)).unwrap_or(usize::MAX);
    let mut length: u64 = 0;
    loop {
        let available = match reader.fill_buf() {
            Ok(available) => available,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
            Err(err) => return Err(err),
        };
        if available.is_empty() {
            return Ok((length > 0).then_some(length));
        }
        let (chunk, ends) = match memchr::memchr(b'\n', available) {
            Some(at) => (available.get(..=at).unwrap_or(available), true),
            None => (available, false),
        };
        let n = chunk.len();
        if buf.len() < keep {
            let room = keep - buf.len();
            buf.extend_from_slice(chunk.get(..n.min(room)).unwrap_or(chunk));
        }
        length += n as u64;
        reader.consume(n);
        if ends {
            return Ok(Some(length));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::line::Shape;
    use linesift::{Cleaner, InputKind};
    use serde_json::Value;

    fn settings() -> Settings {
        Settings {
            cleaner: Cleaner::default(),
            kind: InputKind::Text,
            field: "text".into(),
            shape: Shape::Text,
            title: false,
            line_limit: 1 << 20,
        }
    }

    fn run_on(input: &str, settings: &Settings) -> (String, Outcome) {
        let reader: Box<dyn BufRead + Send> = Box::new(io::Cursor::new(input.as_bytes().to_vec()));
        let mut out = Vec::new();
        let outcome = run(reader, &mut out, None, settings, &Progress::hidden())
            .unwrap_or_else(|(_, err)| panic!("stream failed: {err:?}"));
        (String::from_utf8(out).unwrap(), outcome)
    }

    #[test]
    fn capped_reads_count_but_do_not_keep_long_lines() {
        let mut reader = io::Cursor::new(b"0123456789\nab\r\nlast".to_vec());
        let mut buf = Vec::new();
        assert_eq!(
            read_line_capped(&mut reader, &mut buf, 4).unwrap(),
            Some(11)
        );
        assert_eq!(buf, b"012345");
        buf.clear();
        assert_eq!(read_line_capped(&mut reader, &mut buf, 4).unwrap(), Some(4));
        assert_eq!(buf, b"ab\r\n");
        buf.clear();
        assert_eq!(read_line_capped(&mut reader, &mut buf, 4).unwrap(), Some(4));
        assert_eq!(buf, b"last");
        buf.clear();
        assert_eq!(read_line_capped(&mut reader, &mut buf, 4).unwrap(), None);
    }

    #[test]
    fn windows_smaller_than_the_input_keep_order() {
        // More lines than one window holds, so several windows pass the pipeline.
        let mut input = String::new();
        for i in 0..(LINES_PER_THREAD * 2 * 3 + 7) {
            input.push_str(&format!("{{\"id\":{i},\"text\":\"\"}}\n"));
        }
        let (out, outcome) = run_on(&input, &settings());
        assert_eq!(outcome.lines as usize, LINES_PER_THREAD * 6 + 7);
        assert_eq!(outcome.failed, 0);
        for (i, line) in out.lines().enumerate() {
            let value: Value = serde_json::from_str(line).unwrap();
            assert_eq!(value["id"], Value::from(i));
        }
    }

    #[test]
    fn messages_name_what_is_wrong() {
        let (out, outcome) = run_on("[1]\n{\"text\":3}\n{}\n\n", &settings());
        assert_eq!(outcome.failed, 4);
        let errors: Vec<String> = out
            .lines()
            .map(|l| {
                serde_json::from_str::<Value>(l).unwrap()["error"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        assert!(
            errors[0].contains("an array, not a JSON object"),
            "{errors:?}"
        );
        assert!(
            errors[1].contains("is a number, not a string"),
            "{errors:?}"
        );
        assert!(errors[2].contains("no field \"text\""), "{errors:?}");
        assert!(errors[3].contains("empty line"), "{errors:?}");
    }
}
