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

use linesift::{Cleaner, InputKind};
use serde_json::{Map, Value};

use super::args::OutputArg;
use super::progress::Progress;

/// What to do with every line.
pub struct Settings {
    /// The cleaner (its limit is `--max-input-size`).
    pub cleaner: Cleaner,
    /// `--input`, applied to each document.
    pub kind: InputKind,
    /// `--field`: where the document is.
    pub field: String,
    /// `--output`.
    pub output: OutputArg,
    /// `--title`: add a `title` field.
    pub title: bool,
    /// Lines longer than this many bytes are refused without being kept in memory.
    pub line_limit: u64,
    /// Threads cleaning at once, to size the window.
    pub threads: usize,
}

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
/// Bytes per window and thread, and at most this many in all: three windows
/// or so are alive at once (one being read, one cleaned, one written).
const BYTES_PER_THREAD: usize = 2 << 20;
const MAX_WINDOW_BYTES: usize = 32 << 20;

/// Cleans the JSON Lines of `reader` into `out`. `name` is used in messages
/// (`None` for standard input).
pub fn run(
    reader: Box<dyn BufRead + Send>,
    out: &mut (dyn Write + Send),
    name: Option<&str>,
    settings: &Settings,
    progress: &Progress,
) -> Result<Outcome, (Outcome, StreamError)> {
    let threads = settings.threads.max(1);
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
            .map(|raw| match clean_line(raw, settings) {
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

/// The output object of a line that could not be cleaned.
fn error_line(message: &str, number: u64, name: Option<&str>) -> String {
    let mut object = Map::new();
    object.insert("error".into(), Value::String(message.to_string()));
    object.insert("line".into(), Value::from(number));
    if let Some(name) = name {
        object.insert("file".into(), Value::String(name.to_string()));
    }
    Value::Object(object).to_string()
}

/// Cleans one line: the input object with `text` set to the cleaned text (and
/// `title`, `blocks` on request), or the reason it cannot be.
fn clean_line(raw: &RawLine, settings: &Settings) -> Result<String, String> {
    if let Some(length) = raw.too_long {
        return Err(format!(
            "the line is {length} bytes, over the limit of {} bytes; raise --max-input-size to clean it",
            settings.line_limit
        ));
    }
    if raw.bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(String::from(
            "empty line; expected a JSON object with the document in it",
        ));
    }
    let value: Value =
        serde_json::from_slice(&raw.bytes).map_err(|err| format!("not valid JSON: {err}"))?;
    let mut object = match value {
        Value::Object(object) => object,
        other => {
            return Err(format!(
                "the line is {}, not a JSON object",
                describe(&other)
            ))
        }
    };
    let field = &settings.field;
    let document = match object.get(field) {
        Some(Value::String(document)) => settings
            .cleaner
            .clean(document.as_bytes(), settings.kind)
            .map_err(|err| format!("field {field:?}: {err}"))?,
        Some(other) => {
            return Err(format!(
                "field {field:?} is {}, not a string",
                describe(other)
            ))
        }
        None => {
            return Err(format!(
                "no field {field:?} in the object; name the document's field with --field"
            ))
        }
    };
    let text = match settings.output {
        OutputArg::Markdown => linesift::render::markdown(&document),
        OutputArg::Text | OutputArg::Json => document.text(),
    };
    object.insert("text".into(), Value::String(text));
    if settings.title || settings.output == OutputArg::Json {
        let title = document
            .title()
            .map_or(Value::Null, |t| Value::String(t.to_string()));
        object.insert("title".into(), title);
    }
    if settings.output == OutputArg::Json {
        let blocks = document
            .blocks()
            .iter()
            .map(|block| {
                let mut entry = Map::new();
                entry.insert("label".into(), Value::from(block.label().as_str()));
                entry.insert("score".into(), Value::from(f64::from(block.score())));
                entry.insert(
                    "reasons".into(),
                    Value::Array(
                        block
                            .reasons()
                            .iter()
                            .map(|r| Value::String(r.to_string()))
                            .collect(),
                    ),
                );
                entry.insert("text".into(), Value::String(block.text().to_string()));
                Value::Object(entry)
            })
            .collect();
        object.insert("blocks".into(), Value::Array(blocks));
    }
    Ok(Value::Object(object).to_string())
}

/// "an array", "a number"… for messages.
fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
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

    fn settings() -> Settings {
        Settings {
            cleaner: Cleaner::default(),
            kind: InputKind::Text,
            field: "text".into(),
            output: OutputArg::Text,
            title: false,
            line_limit: 1 << 20,
            threads: 2,
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
