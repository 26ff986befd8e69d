//! JSON Lines batch mode: one document per line in, one object per line out,
//! in order, with bounded memory.
//!
//! A reader thread cuts the input into small chunks of lines and hands each
//! chunk to the rayon pool as its own task; the calling thread writes the
//! chunks' results in input order. There is no barrier: a thread that
//! finishes a chunk takes the next one at once, so one slow page holds up
//! only the writer, never the other threads. Memory is bounded because the
//! queue of chunks in flight (read, being cleaned, or cleaned and waiting to
//! be written) has a fixed length: the reader waits when it is full.

use std::io::{self, BufRead, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
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

/// What the writer receives, in input order: a chunk's results (when they
/// are ready) or the read error that ended the input.
enum Pending {
    Chunk {
        /// The number of the chunk's first line, and how many lines it has.
        first: u64,
        lines: usize,
        done: Receiver<Vec<Done>>,
    },
    ReadFailed(StreamError),
}

/// Lines per chunk: enough to make a task's overhead small, few enough that
/// the threads share the work evenly.
const CHUNK_LINES: usize = 32;
/// Bytes per chunk: large pages (HTML, ~200 kB) go a few to a chunk.
const CHUNK_BYTES: usize = 1 << 20;
/// Chunks in flight per thread: enough that a thread always finds work
/// while the writer waits for a slow chunk. Memory is bounded by this many
/// chunks (plus one line, itself capped by `--max-input-size`).
const CHUNKS_PER_THREAD: usize = 4;

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
    let in_flight = CHUNKS_PER_THREAD.saturating_mul(threads);
    std::thread::scope(|scope| {
        let (tx, rx) = sync_channel::<Pending>(in_flight);
        // `in_place_scope` runs the reader on this (non-pool) thread, so all
        // the pool's threads clean, and lets the tasks borrow `settings`.
        scope.spawn(move || {
            rayon::in_place_scope(|tasks| read_chunks(reader, &tx, tasks, name, settings))
        });
        write_chunks(rx, out, name, progress)
    })
}

/// The reader: cuts the input into chunks, spawns a cleaning task for each
/// and queues its result channel for the writer, until the input ends,
/// reading fails, or the writer is gone.
fn read_chunks<'scope>(
    mut reader: Box<dyn BufRead + Send>,
    tx: &SyncSender<Pending>,
    tasks: &rayon::Scope<'scope>,
    name: Option<&'scope str>,
    settings: &'scope Settings,
) {
    let line_limit = settings.line_limit;
    let mut number: u64 = 0;
    loop {
        let mut chunk = Vec::with_capacity(CHUNK_LINES);
        let mut bytes = 0usize;
        let mut failure = None;
        while chunk.len() < CHUNK_LINES && bytes < CHUNK_BYTES {
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
                    chunk.push(RawLine {
                        number,
                        bytes: buf,
                        too_long,
                    });
                }
                Err(error) => {
                    failure = Some(StreamError::Read {
                        after_line: number,
                        error,
                    });
                    break;
                }
            }
        }
        let ended = chunk.len() < CHUNK_LINES && bytes < CHUNK_BYTES;
        if !chunk.is_empty() {
            let (done_tx, done_rx) = sync_channel(1);
            // Queued before the task starts, so the writer sees chunks in order.
            let pending = Pending::Chunk {
                first: chunk.first().map_or(number, |raw| raw.number),
                lines: chunk.len(),
                done: done_rx,
            };
            if tx.send(pending).is_err() {
                return;
            }
            tasks.spawn(move |_| {
                // The writer may be gone (a write failed); nothing to do then.
                let _ = done_tx.send(clean_chunk(chunk, name, settings));
            });
        }
        if let Some(failure) = failure {
            let _ = tx.send(Pending::ReadFailed(failure));
            return;
        }
        if ended {
            return;
        }
    }
}

/// Cleans one chunk. A panic while cleaning a line (a bug: the library is
/// built not to panic) becomes that line's error object, so that no line is
/// ever dropped and the other threads go on.
fn clean_chunk(chunk: Vec<RawLine>, name: Option<&str>, settings: &Settings) -> Vec<Done> {
    chunk
        .into_iter()
        .map(|raw| {
            let cleaned = catch_unwind(AssertUnwindSafe(|| {
                clean_line(&raw.bytes, raw.too_long, settings)
            }))
            .unwrap_or_else(|_| {
                Err("internal error: linesift panicked on this line; please report it".into())
            });
            match cleaned {
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
            }
        })
        .collect()
}

/// The writer, on the calling thread: waits for each chunk in input order.
fn write_chunks(
    rx: Receiver<Pending>,
    out: &mut (dyn Write + Send),
    name: Option<&str>,
    progress: &Progress,
) -> Result<Outcome, (Outcome, StreamError)> {
    let mut outcome = Outcome::default();
    let shown = name.unwrap_or("<stdin>");
    for pending in rx {
        let chunk = match pending {
            Pending::Chunk { first, lines, done } => done
                .recv()
                .unwrap_or_else(|_| lost_chunk(first, lines, name)),
            Pending::ReadFailed(err) => return Err((outcome, err)),
        };
        let count = chunk.len() as u64;
        for done in chunk {
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

/// The answer for a chunk whose task ended without a result (it cannot,
/// short of a bug): an error object for each of its lines, so that none is
/// dropped silently.
fn lost_chunk(first: u64, lines: usize, name: Option<&str>) -> Vec<Done> {
    let message =
        "internal error: this line's cleaning task ended without a result; please report it";
    (first..first.saturating_add(lines as u64))
        .map(|number| Done {
            number,
            json: error_line(message, number, name),
            error: Some(message.to_string()),
        })
        .collect()
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
    fn many_chunks_keep_input_order() {
        // More lines than one chunk holds, so many chunks are cleaned at once.
        let mut input = String::new();
        for i in 0..(CHUNK_LINES * 2 * 3 + 7) {
            input.push_str(&format!("{{\"id\":{i},\"text\":\"\"}}\n"));
        }
        let (out, outcome) = run_on(&input, &settings());
        assert_eq!(outcome.lines as usize, CHUNK_LINES * 6 + 7);
        assert_eq!(outcome.failed, 0);
        for (i, line) in out.lines().enumerate() {
            let value: Value = serde_json::from_str(line).unwrap();
            assert_eq!(value["id"], Value::from(i));
        }
    }

    #[test]
    fn a_lost_chunk_still_answers_each_of_its_lines() {
        let done = lost_chunk(41, 3, Some("in.jsonl"));
        let numbers: Vec<u64> = done.iter().map(|d| d.number).collect();
        assert_eq!(numbers, [41, 42, 43]);
        for d in &done {
            let value: Value = serde_json::from_str(&d.json).unwrap();
            assert_eq!(value["line"], Value::from(d.number));
            assert_eq!(value["file"], "in.jsonl");
            assert!(d.error.as_deref().unwrap().starts_with("internal error"));
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
