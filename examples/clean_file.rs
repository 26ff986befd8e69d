//! Cleans one file and prints what came out: the smallest program around the
//! library, for measuring its peak memory (`benches/hostile-memory.sh`).
//!
//!     cargo run --release --example clean_file -- FILE [text|html|auto] [--unlimited] [--max-dom-depth N] [--print]
//!
//! `--unlimited` lifts `max_input_bytes` and `max_blocks`, to measure what
//! cleaning an input the defaults refuse would cost; `--max-dom-depth N` sets
//! that cap; `--print` prints the title and the text.

use linesift::{Cleaner, Config, InputKind};

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: clean_file FILE [text|html|auto] [--unlimited]");
        return std::process::ExitCode::from(2);
    };
    let kind = match args.get(1).map(String::as_str) {
        Some("text") => InputKind::Text,
        Some("html") => InputKind::Html,
        _ => InputKind::Auto,
    };
    let mut config = Config::default();
    if args.iter().any(|a| a == "--unlimited") {
        config.max_input_bytes = usize::MAX;
        config.max_blocks = usize::MAX;
    }
    if let Some(at) = args.iter().position(|a| a == "--max-dom-depth") {
        match args.get(at + 1).and_then(|n| n.parse().ok()) {
            Some(depth) => config.max_dom_depth = depth,
            None => {
                eprintln!("--max-dom-depth needs a number");
                return std::process::ExitCode::from(2);
            }
        }
    }
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(err) => {
            eprintln!("{path}: {err}");
            return std::process::ExitCode::from(2);
        }
    };
    match Cleaner::new(config).clean(&bytes, kind) {
        Ok(doc) => {
            let kept = doc.blocks().iter().filter(|b| b.is_kept()).count();
            println!("{path}: {} blocks, {kept} kept", doc.blocks().len());
            if args.iter().any(|a| a == "--print") {
                print!("{}", linesift::render::text(&doc, true));
            }
            std::process::ExitCode::SUCCESS
        }
        Err(err) => {
            println!("{path}: error: {err}");
            std::process::ExitCode::from(1)
        }
    }
}
