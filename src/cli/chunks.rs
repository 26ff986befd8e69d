//! The input of the JSON Lines mode, cut into chunks of whole lines without
//! copying the lines.
//!
//! The input is read a block at a time straight into a buffer, and the
//! chunks cut from a block share that buffer: a chunk is the buffer and the
//! places of its lines in it. Only the start of the line a block ends in is
//! copied, to the front of the next block. When the last chunk of a block
//! has been cleaned, its buffer goes back to the reader for a later block,
//! so buffers are set up a few times in a run, not once per line. (Read
//! line by line into vectors of their own, every byte was copied once more,
//! and a 200 kB page of HTML grew its vector a dozen times and was copied at
//! each step, on the reader's thread, which the cleaning threads share the
//! cores with.)
//!
//! A line longer than the limit is counted but not kept: its bytes are
//! dropped as they are read, until it ends.

use std::io::{self, Read};
use std::ops::Range;
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::Arc;

/// Bytes read into a block. The buffer grows past this only to hold one
/// line longer than a block (up to the line limit).
const BLOCK: usize = 2 << 20;
/// A buffer that comes back larger than this (grown for a long line) is
/// freed rather than kept for later blocks.
const KEEP_BUFFER: usize = 2 * BLOCK;

/// One line of a [`Chunk`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// Counted from 1.
    pub number: u64,
    /// The line's length without its line end, when it is over the limit
    /// (its bytes are then not kept).
    pub too_long: Option<u64>,
    /// Where the line's bytes, without the line end, are in the block.
    span: Range<usize>,
}

/// Whole lines of the input, and the block they were read into.
pub struct Chunk {
    /// `None` only once dropped (see `Drop`).
    block: Option<Arc<Vec<u8>>>,
    lines: Vec<Line>,
    recycle: Sender<Vec<u8>>,
}

impl Chunk {
    /// The lines, each with its bytes without the line end (none for a line
    /// over the limit).
    pub fn lines(&self) -> impl Iterator<Item = (&Line, &[u8])> {
        let block: &[u8] = self.block.as_deref().map_or(&[], Vec::as_slice);
        self.lines
            .iter()
            .map(move |line| (line, block.get(line.span.clone()).unwrap_or_default()))
    }

    /// How many lines the chunk has.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// The bytes of its lines, line ends included.
    pub fn size(&self) -> usize {
        self.lines.iter().map(|line| line.span.len() + 1).sum()
    }

    /// The number of its first line.
    pub fn first_number(&self) -> u64 {
        self.lines.first().map_or(0, |line| line.number)
    }
}

impl Drop for Chunk {
    fn drop(&mut self) {
        give_back(self.block.take(), &self.recycle);
    }
}

/// Sends a block's buffer back to the reader if this was the last hold on
/// it and it is not oversized.
fn give_back(block: Option<Arc<Vec<u8>>>, recycle: &Sender<Vec<u8>>) {
    if let Some(Ok(buffer)) = block.map(Arc::try_unwrap) {
        if buffer.len() <= KEEP_BUFFER {
            // The reader may be gone (the stream ended); the buffer is freed then.
            let _ = recycle.send(buffer);
        }
    }
}

/// Cuts a byte stream into [`Chunk`]s of whole lines.
pub struct ChunkReader<R> {
    reader: R,
    /// The longest line kept, in bytes without its line end.
    limit: u64,
    /// A chunk ends at this many lines, or at the first line that brings
    /// its bytes to `max_bytes`.
    max_lines: usize,
    max_bytes: usize,
    /// Bytes read into a block ([`BLOCK`]; the tests set smaller ones).
    block_size: usize,
    /// The block lines are cut from; its first `filled` bytes are input.
    block: Arc<Vec<u8>>,
    filled: usize,
    /// Where the next line starts in the block.
    next: usize,
    /// Bytes of the next line already dropped (it is over the limit), and
    /// whether the last of them was a `\r`.
    dropped: u64,
    dropped_cr: bool,
    /// Lines cut so far.
    number: u64,
    /// The input has ended.
    ended: bool,
    /// A read error, returned once the whole lines read before it are.
    error: Option<io::Error>,
    recycle: Sender<Vec<u8>>,
    returned: Receiver<Vec<u8>>,
}

impl<R: Read> ChunkReader<R> {
    /// Reads `reader` in chunks of at most `max_lines` lines, ending a chunk
    /// at the line that brings it to `max_bytes`; lines over `limit` bytes
    /// are counted, not kept.
    pub fn new(reader: R, limit: u64, max_lines: usize, max_bytes: usize) -> ChunkReader<R> {
        let (recycle, returned) = channel();
        ChunkReader {
            reader,
            limit,
            // At least one line a chunk: a block is refilled only once no
            // whole line is left in it (see `refill`).
            max_lines: max_lines.max(1),
            max_bytes: max_bytes.max(1),
            block_size: BLOCK,
            block: Arc::new(Vec::new()),
            filled: 0,
            next: 0,
            dropped: 0,
            dropped_cr: false,
            number: 0,
            ended: false,
            error: None,
            recycle,
            returned,
        }
    }

    /// How many lines have been cut (the number of the last one).
    pub fn lines_read(&self) -> u64 {
        self.number
    }

    /// The next chunk, or `Ok(None)` at the end of the input. A read error
    /// comes after the chunk of the whole lines read before it; a line it
    /// cuts short is not counted.
    pub fn next_chunk(&mut self) -> io::Result<Option<Chunk>> {
        let mut lines = Vec::new();
        let mut bytes = 0usize;
        loop {
            while lines.len() < self.max_lines && bytes < self.max_bytes {
                let rest = self.block.get(self.next..self.filled).unwrap_or_default();
                let Some(at) = memchr::memchr(b'\n', rest) else {
                    break;
                };
                let start = self.next;
                self.next = start + at + 1;
                bytes += at + 1;
                lines.push(self.cut(start..start + at));
            }
            // A chunk never spans two blocks: each holds one block.
            if !lines.is_empty() {
                return Ok(Some(self.chunk(lines)));
            }
            if let Some(error) = self.error.take() {
                return Err(error);
            }
            if self.ended {
                // A last line without a line end.
                if self.next < self.filled || self.dropped > 0 {
                    let line = self.cut(self.next..self.filled);
                    self.next = self.filled;
                    return Ok(Some(self.chunk(vec![line])));
                }
                return Ok(None);
            }
            self.refill();
        }
    }

    /// The line at `span` of the block (without its `\n`), counted.
    fn cut(&mut self, span: Range<usize>) -> Line {
        self.number += 1;
        let bytes = self.block.get(span.clone()).unwrap_or_default();
        let cr = match bytes.last() {
            Some(&last) => last == b'\r',
            None => self.dropped_cr,
        };
        let length = (self.dropped + span.len() as u64).saturating_sub(u64::from(cr));
        let too_long = (length > self.limit).then_some(length);
        self.dropped = 0;
        self.dropped_cr = false;
        Line {
            number: self.number,
            too_long,
            span: match too_long {
                Some(_) => 0..0,
                None => span.start..span.end - usize::from(cr),
            },
        }
    }

    fn chunk(&self, lines: Vec<Line>) -> Chunk {
        Chunk {
            block: Some(Arc::clone(&self.block)),
            lines,
            recycle: self.recycle.clone(),
        }
    }

    /// Starts a new block with the start of the line the old one ends in,
    /// and reads into it until it is full, the input ends or fails, or a
    /// read that did not fill it brought a whole line (input from a pipe
    /// comes as it is written, and its lines are not held back until a
    /// block is full).
    fn refill(&mut self) {
        let carry = self.block.get(self.next..self.filled).unwrap_or_default();
        let mut buffer = self.returned.try_recv().unwrap_or_default();
        let size = self.block_size.max(carry.len().saturating_mul(2));
        if buffer.len() < size {
            // Zeroed once; a buffer that comes back keeps its length.
            buffer.resize(size, 0);
        }
        let mut filled = carry.len();
        if let Some(front) = buffer.get_mut(..filled) {
            front.copy_from_slice(carry);
        }
        let old = std::mem::replace(&mut self.block, Arc::new(Vec::new()));
        give_back(Some(old), &self.recycle);
        // Bytes searched for a `\n` without finding one: the carried start
        // of a line has none, or `next_chunk` would have cut it.
        let mut searched = filled;
        loop {
            if filled == buffer.len() {
                let has_line = buffer
                    .get(searched..filled)
                    .is_some_and(|new| memchr::memchr(b'\n', new).is_some());
                if has_line {
                    break;
                }
                searched = filled;
                if filled as u64 > self.limit.saturating_add(1) {
                    // One line fills the buffer and is over the limit even
                    // if its last byte is the `\r` of a `\r\n`: drop it as it
                    // comes, counting it.
                    self.dropped += filled as u64;
                    self.dropped_cr = buffer.get(filled - 1) == Some(&b'\r');
                    filled = 0;
                    searched = 0;
                } else {
                    // Room for a line up to the limit and its `\r\n`.
                    let room = usize::try_from(self.limit.saturating_add(2)).unwrap_or(usize::MAX);
                    let grown = buffer.len().saturating_mul(2).min(room).max(filled + 1);
                    buffer.resize(grown, 0);
                }
            }
            let Some(space) = buffer.get_mut(filled..) else {
                break;
            };
            let asked = space.len();
            match self.reader.read(space) {
                Ok(0) => {
                    self.ended = true;
                    break;
                }
                Ok(n) => {
                    let new = buffer.get(filled..filled + n).unwrap_or_default();
                    filled += n;
                    if n < asked && memchr::memchr(b'\n', new).is_some() {
                        break;
                    }
                }
                Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
                Err(err) => {
                    self.error = Some(err);
                    break;
                }
            }
        }
        self.block = Arc::new(buffer);
        self.filled = filled;
        self.next = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A reader that hands out its bytes in the given read sizes (cycled),
    /// is interrupted before every third read, and fails at `fail_at` bytes.
    struct Jerky {
        bytes: Vec<u8>,
        at: usize,
        sizes: Vec<usize>,
        reads: usize,
        fail_at: Option<usize>,
    }

    impl Read for Jerky {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            self.reads += 1;
            if self.reads.is_multiple_of(3) {
                return Err(io::ErrorKind::Interrupted.into());
            }
            if self.fail_at.is_some_and(|fail| self.at >= fail) {
                return Err(io::Error::other("disk on fire"));
            }
            let end = self.fail_at.unwrap_or(usize::MAX).min(self.bytes.len());
            let size = self.sizes[self.reads % self.sizes.len()].max(1);
            let n = size.min(buf.len()).min(end - self.at);
            buf[..n].copy_from_slice(&self.bytes[self.at..self.at + n]);
            self.at += n;
            Ok(n)
        }
    }

    /// What the lines of `bytes` must come out as: split at every `\n`, a
    /// last line without one kept if not empty, one `\r` taken off the end;
    /// the bytes of a line over `limit` not kept.
    fn expected(bytes: &[u8], limit: u64) -> Vec<(Option<u64>, Vec<u8>)> {
        let mut lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
        if lines.last().is_some_and(|last| last.is_empty()) {
            lines.pop();
        }
        lines
            .into_iter()
            .map(|line| {
                let line = line.strip_suffix(b"\r").unwrap_or(line);
                let length = line.len() as u64;
                match length > limit {
                    true => (Some(length), Vec::new()),
                    false => (None, line.to_vec()),
                }
            })
            .collect()
    }

    /// A line as read: its number, its length if over the limit, its bytes.
    type LineRead = (u64, Option<u64>, Vec<u8>);

    /// Every line of `reader`, chunk by chunk, and the error that ended it.
    fn read_all(
        reader: &mut ChunkReader<Jerky>,
        max_lines: usize,
        max_bytes: usize,
    ) -> (Vec<LineRead>, Option<io::Error>) {
        let mut lines = Vec::new();
        loop {
            match reader.next_chunk() {
                Ok(Some(chunk)) => {
                    assert!(chunk.len() >= 1 && chunk.len() <= max_lines);
                    assert_eq!(chunk.first_number(), lines.len() as u64 + 1);
                    let sizes: Vec<usize> = chunk.lines().map(|(_, b)| b.len() + 1).collect();
                    // Only the last line may take the chunk to max_bytes.
                    assert!(sizes[..sizes.len() - 1].iter().sum::<usize>() < max_bytes.max(1));
                    for (line, bytes) in chunk.lines() {
                        lines.push((line.number, line.too_long, bytes.to_vec()));
                    }
                }
                Ok(None) => return (lines, None),
                Err(err) => return (lines, Some(err)),
            }
        }
    }

    fn jerky(bytes: &[u8], sizes: Vec<usize>, fail_at: Option<usize>) -> Jerky {
        Jerky {
            bytes: bytes.to_vec(),
            at: 0,
            sizes,
            reads: 0,
            fail_at,
        }
    }

    #[test]
    fn lines_come_out_whole_and_numbered() {
        let input = b"one\ntwo\r\n\nthree";
        let mut reader = ChunkReader::new(jerky(input, vec![2], None), 100, 2, 1 << 20);
        reader.block_size = 4;
        let (lines, error) = read_all(&mut reader, 2, 1 << 20);
        assert!(error.is_none());
        let got: Vec<(u64, &[u8])> = lines.iter().map(|(n, _, b)| (*n, b.as_slice())).collect();
        assert_eq!(
            got,
            [
                (1, &b"one"[..]),
                (2, &b"two"[..]),
                (3, &b""[..]),
                (4, &b"three"[..])
            ]
        );
        assert_eq!(reader.lines_read(), 4);
    }

    #[test]
    fn a_line_over_the_limit_is_counted_not_kept() {
        let long = "x".repeat(50);
        let input = format!("short\n{long}\r\nabcd\r\nabcde\n{long}");
        let mut reader = ChunkReader::new(jerky(input.as_bytes(), vec![7], None), 4, 32, 1 << 20);
        reader.block_size = 8;
        let (lines, error) = read_all(&mut reader, 32, 1 << 20);
        assert!(error.is_none());
        let got: Vec<(Option<u64>, &[u8])> =
            lines.iter().map(|(_, t, b)| (*t, b.as_slice())).collect();
        assert_eq!(
            got,
            [
                (Some(5), &b""[..]),
                (Some(50), &b""[..]),
                (None, &b"abcd"[..]),
                (Some(5), &b""[..]),
                (Some(50), &b""[..]),
            ]
        );
    }

    #[test]
    fn the_lines_before_a_read_error_come_first() {
        let input = b"a\nb\nc\npartial line";
        let mut reader = ChunkReader::new(jerky(input, vec![3], Some(9)), 100, 32, 1 << 20);
        reader.block_size = 4;
        let (lines, error) = read_all(&mut reader, 32, 1 << 20);
        assert_eq!(error.map(|e| e.to_string()), Some("disk on fire".into()));
        let got: Vec<&[u8]> = lines.iter().map(|(_, _, b)| b.as_slice()).collect();
        assert_eq!(got, [&b"a"[..], b"b", b"c"]);
        assert_eq!(reader.lines_read(), 3);
    }

    #[test]
    fn buffers_come_back_once_their_chunks_are_dropped() {
        let input = "line\n".repeat(1000);
        let mut reader = ChunkReader::new(jerky(input.as_bytes(), vec![64], None), 100, 4, 1 << 20);
        reader.block_size = 64;
        let mut chunks = 0;
        while let Some(chunk) = reader.next_chunk().unwrap() {
            chunks += 1;
            drop(chunk);
        }
        assert!(chunks >= 250);
        // Each block's buffer went back when its last chunk was dropped and
        // was taken up again: no more than two were ever made.
        let kept: Vec<Vec<u8>> = reader.returned.try_iter().collect();
        assert!(kept.len() <= 2, "{} buffers", kept.len());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn any_input_read_any_way_gives_its_lines(
            input in proptest::collection::vec(prop_oneof![
                6 => Just(b'a'), 2 => Just(b'\n'), 1 => Just(b'\r'), 1 => any::<u8>(),
            ], 0..300),
            sizes in proptest::collection::vec(1usize..40, 1..5),
            block in 1usize..48,
            limit in 0u64..40,
            max_lines in 1usize..6,
            max_bytes in 0usize..60,
        ) {
            let mut reader = ChunkReader::new(jerky(&input, sizes, None), limit, max_lines, max_bytes);
            reader.block_size = block;
            let (lines, error) = read_all(&mut reader, max_lines, max_bytes);
            prop_assert!(error.is_none());
            let want = expected(&input, limit);
            let got: Vec<(Option<u64>, Vec<u8>)> =
                lines.iter().map(|(_, t, b)| (*t, b.clone())).collect();
            prop_assert_eq!(got, want);
            let numbers: Vec<u64> = lines.iter().map(|(n, _, _)| *n).collect();
            prop_assert_eq!(numbers, (1..=lines.len() as u64).collect::<Vec<_>>());
        }
    }
}
