//! JSON Lines batch mode: one document per line in, one object per line out,
//! in order, with bounded memory.
//!
//! A reader thread cuts the input into small chunks of lines (see
//! `chunks.rs`) and hands each chunk to the rayon pool as its own task; the
//! calling thread writes the chunks' results in input order. There is no
//! barrier: a thread that finishes a chunk takes the next one at once, so
//! one slow page holds up only the writer, never the other threads. Memory
//! is bounded because the queue of chunks in flight (read, being cleaned,
//! or cleaned and waiting to be written) has a fixed length: the reader
//! waits when it is full.
//!
//! With one thread (`--threads 1`) there is no reader thread and no pool:
//! the calling thread reads a chunk, cleans it and writes it, in turn. One
//! thread then means one thread, as a pipeline that runs one `linesift` per
//! core expects, not one cleaning thread with a reader and a writer on the
//! side taking a share of another core.

use std::io::{self, BufRead, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};

use super::chunks::{Chunk, ChunkReader};
use super::line::{clean_line_into, error_line, Settings};
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

/// A chunk's output: the objects of its lines, each ended by a newline, and
/// the line number and message of each failed one.
struct Cleaned {
    lines: u64,
    json: String,
    errors: Vec<(u64, String)>,
}

/// What the writer receives, in input order: a chunk's results (when they
/// are ready) or the read error that ended the input.
enum Pending {
    Chunk {
        /// The number of the chunk's first line, and how many lines it has.
        first: u64,
        lines: usize,
        done: Receiver<Cleaned>,
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
/// chunks, each holding on to the block it was cut from (2 MiB, or one line
/// capped by `--max-input-size`), and the block being read.
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
    if threads == 1 {
        // No reader thread and no pool: each chunk is read, cleaned and
        // written in turn.
        let mut chunks = ChunkReader::new(reader, settings.line_limit, CHUNK_LINES, CHUNK_BYTES);
        let mut outcome = Outcome::default();
        loop {
            match chunks.next_chunk() {
                Ok(Some(chunk)) => {
                    let cleaned = clean_chunk(chunk, name, settings);
                    write_chunk(&cleaned, out, name, progress, &mut outcome)?;
                }
                Ok(None) => return Ok(outcome),
                Err(error) => {
                    let after_line = chunks.lines_read();
                    return Err((outcome, StreamError::Read { after_line, error }));
                }
            }
        }
    }
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
    reader: Box<dyn BufRead + Send>,
    tx: &SyncSender<Pending>,
    tasks: &rayon::Scope<'scope>,
    name: Option<&'scope str>,
    settings: &'scope Settings,
) {
    let mut chunks = ChunkReader::new(reader, settings.line_limit, CHUNK_LINES, CHUNK_BYTES);
    loop {
        let chunk = match chunks.next_chunk() {
            Ok(Some(chunk)) => chunk,
            Ok(None) => return,
            Err(error) => {
                let after_line = chunks.lines_read();
                let _ = tx.send(Pending::ReadFailed(StreamError::Read { after_line, error }));
                return;
            }
        };
        let (done_tx, done_rx) = sync_channel(1);
        // Queued before the task starts, so the writer sees chunks in order.
        let pending = Pending::Chunk {
            first: chunk.first_number(),
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
}

/// Cleans one chunk. A panic while cleaning a line (a bug: the library is
/// built not to panic) becomes that line's error object, so that no line is
/// ever dropped and the other threads go on.
fn clean_chunk(chunk: Chunk, name: Option<&str>, settings: &Settings) -> Cleaned {
    let mut cleaned = Cleaned {
        lines: chunk.len() as u64,
        // The objects written back are about as long as the lines read
        // (longer with `--output json`): one allocation, seldom grown.
        json: String::with_capacity(chunk.size() + chunk.size() / 8),
        errors: Vec::new(),
    };
    for (line, bytes) in chunk.lines() {
        let json = &mut cleaned.json;
        let start = json.len();
        let result = catch_unwind(AssertUnwindSafe(|| {
            clean_line_into(json, bytes, line.too_long, settings)
        }))
        .unwrap_or_else(|_| {
            Err("internal error: linesift panicked on this line; please report it".into())
        });
        if let Err(message) = result {
            // Whatever a panic left half written goes.
            json.truncate(start);
            json.push_str(&error_line(&message, line.number, name));
            cleaned.errors.push((line.number, message));
        }
        json.push('\n');
    }
    cleaned
}

/// The writer, on the calling thread: waits for each chunk in input order.
fn write_chunks(
    rx: Receiver<Pending>,
    out: &mut (dyn Write + Send),
    name: Option<&str>,
    progress: &Progress,
) -> Result<Outcome, (Outcome, StreamError)> {
    let mut outcome = Outcome::default();
    for pending in rx {
        let chunk = match pending {
            Pending::Chunk { first, lines, done } => done
                .recv()
                .unwrap_or_else(|_| lost_chunk(first, lines, name)),
            Pending::ReadFailed(err) => return Err((outcome, err)),
        };
        write_chunk(&chunk, out, name, progress, &mut outcome)?;
    }
    Ok(outcome)
}

/// Writes a cleaned chunk, reports its errors and counts it in `outcome`.
fn write_chunk(
    chunk: &Cleaned,
    out: &mut (dyn Write + Send),
    name: Option<&str>,
    progress: &Progress,
    outcome: &mut Outcome,
) -> Result<(), (Outcome, StreamError)> {
    let shown = name.unwrap_or("<stdin>");
    for (number, message) in &chunk.errors {
        progress.message(&format!("linesift: {shown}:{number}: {message}"));
    }
    if let Err(err) = out.write_all(chunk.json.as_bytes()) {
        return Err((*outcome, StreamError::Write(err)));
    }
    outcome.lines += chunk.lines;
    outcome.failed += chunk.errors.len() as u64;
    progress.documents_done(chunk.lines);
    Ok(())
}

/// The answer for a chunk whose task ended without a result (it cannot,
/// short of a bug): an error object for each of its lines, so that none is
/// dropped silently.
fn lost_chunk(first: u64, lines: usize, name: Option<&str>) -> Cleaned {
    let message =
        "internal error: this line's cleaning task ended without a result; please report it";
    let mut cleaned = Cleaned {
        lines: lines as u64,
        json: String::new(),
        errors: Vec::new(),
    };
    for number in (first..).take(lines) {
        cleaned.json.push_str(&error_line(message, number, name));
        cleaned.json.push('\n');
        cleaned.errors.push((number, message.to_string()));
    }
    cleaned
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

    /// Runs the stream where `rayon::current_num_threads()` is 1 (the
    /// one-thread path) and where it is 3 (reader, cleaning tasks, writer);
    /// both must give the same output and counts.
    fn run_on(input: &str, settings: &Settings) -> (String, Outcome) {
        let run_with = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            pool.install(|| {
                let reader: Box<dyn BufRead + Send> =
                    Box::new(io::Cursor::new(input.as_bytes().to_vec()));
                let mut out = Vec::new();
                let outcome = run(reader, &mut out, None, settings, &Progress::hidden())
                    .unwrap_or_else(|(_, err)| panic!("stream failed: {err:?}"));
                (String::from_utf8(out).unwrap(), outcome)
            })
        };
        let (one, one_outcome) = run_with(1);
        let (three, three_outcome) = run_with(3);
        assert_eq!(one, three, "one thread and three differ");
        assert_eq!(
            (one_outcome.lines, one_outcome.failed),
            (three_outcome.lines, three_outcome.failed)
        );
        (one, one_outcome)
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
        let lost = lost_chunk(41, 3, Some("in.jsonl"));
        assert_eq!(lost.lines, 3);
        let numbers: Vec<u64> = lost.errors.iter().map(|(n, _)| *n).collect();
        assert_eq!(numbers, [41, 42, 43]);
        assert!(lost.json.ends_with('\n'));
        let objects: Vec<Value> = lost
            .json
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect();
        assert_eq!(objects.len(), 3);
        for (value, (number, message)) in objects.iter().zip(&lost.errors) {
            assert_eq!(value["line"], Value::from(*number));
            assert_eq!(value["file"], "in.jsonl");
            assert_eq!(value["error"], Value::from(message.as_str()));
            assert!(message.starts_with("internal error"));
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
