//! The `linesift` command: a filter from scraped pages to article text, for
//! one page in a shell pipe, a tree of files, or JSON Lines in a pipeline.

// The same bar as the library: input must not be able to make the command panic.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
