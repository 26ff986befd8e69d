//! The progress bar: documents done, input MB/s and the time left, on stderr,
//! drawn only when stderr is a terminal and `--quiet` is not given.

use std::io::{self, IsTerminal, Read};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Progress of the whole run. Cheap to clone; every clone updates the same bar.
#[derive(Clone)]
pub struct Progress {
    bar: Option<ProgressBar>,
    documents: Arc<AtomicU64>,
}

impl Progress {
    /// A bar over `total` input bytes (unknown for standard input), or no bar
    /// at all when `quiet` is set or stderr is not a terminal.
    pub fn new(total: Option<u64>, quiet: bool) -> Progress {
        let documents = Arc::new(AtomicU64::new(0));
        if quiet || !io::stderr().is_terminal() {
            return Progress {
                bar: None,
                documents,
            };
        }
        let (bar, template) = match total {
            Some(total) => (
                ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr()),
                "{spinner} {msg} [{wide_bar}] {binary_bytes}/{binary_total_bytes} \
                 {binary_bytes_per_sec}, ETA {eta}",
            ),
            None => (
                ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()),
                "{spinner} {msg}, {binary_bytes} read, {binary_bytes_per_sec}, {elapsed}",
            ),
        };
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.enable_steady_tick(Duration::from_millis(200));
        bar.set_message("0 documents");
        Progress {
            bar: Some(bar),
            documents,
        }
    }

    /// A bar that draws nothing.
    #[cfg(test)]
    pub fn hidden() -> Progress {
        Progress::new(None, true)
    }

    /// Counts `n` more input bytes read.
    pub fn read(&self, n: u64) {
        if let Some(bar) = &self.bar {
            bar.inc(n);
        }
    }

    /// Counts `n` more documents done.
    pub fn documents_done(&self, n: u64) {
        let total = self.documents.fetch_add(n, Ordering::Relaxed) + n;
        if let Some(bar) = &self.bar {
            bar.set_message(format!("{total} documents"));
        }
    }

    /// Prints a message on stderr without tearing the bar.
    pub fn message(&self, text: &str) {
        match &self.bar {
            Some(bar) => bar.suspend(|| eprintln!("{text}")),
            None => eprintln!("{text}"),
        }
    }

    /// Removes the bar.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }

    /// Wraps a reader so that the bytes read from it move the bar.
    pub fn counting<R: Read>(&self, inner: R) -> Counting<R> {
        Counting {
            inner,
            progress: self.clone(),
        }
    }
}

/// A reader that reports the bytes it reads to the [`Progress`].
pub struct Counting<R> {
    inner: R,
    progress: Progress,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.progress.read(n as u64);
        Ok(n)
    }
}
