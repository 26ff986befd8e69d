//! The `linesift` command: a filter from scraped pages to article text.

use std::io::{self, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, ValueEnum};
use linesift::{Cleaner, Config, InputKind};

/// Strip boilerplate from scraped web pages: menus, cookie banners, share rows,
/// related links, comment forms and legal footers go; the article stays.
#[derive(Debug, Parser)]
#[command(name = "linesift", version, about, long_about = None)]
struct Args {
    /// Files to clean; none, or `-`, reads standard input.
    files: Vec<PathBuf>,

    /// What the input is; `auto` looks for markup.
    #[arg(long, value_enum, default_value_t = InputArg::Auto)]
    input: InputArg,

    /// What to print.
    #[arg(long, value_enum, default_value_t = OutputArg::Text)]
    output: OutputArg,

    /// Print the title line first (text output).
    #[arg(long)]
    title: bool,

    /// Print every block with its label, score and reasons instead of the text.
    #[arg(long)]
    explain: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum InputArg {
    Auto,
    Text,
    Html,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum OutputArg {
    Text,
    Json,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let cleaner = Cleaner::new(Config::default());
    let kind = match args.input {
        InputArg::Auto => InputKind::Auto,
        InputArg::Text => InputKind::Text,
        InputArg::Html => InputKind::Html,
    };
    let mut failed = false;
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let inputs: Vec<Option<PathBuf>> = if args.files.is_empty() {
        vec![None]
    } else {
        args.files
            .iter()
            .map(|p| (p.as_os_str() != "-").then(|| p.clone()))
            .collect()
    };
    for input in inputs {
        let name = input
            .as_ref()
            .map_or("<stdin>".to_string(), |p| p.display().to_string());
        let bytes = match &input {
            Some(path) => std::fs::read(path),
            None => {
                let mut buf = Vec::new();
                io::stdin().read_to_end(&mut buf).map(|_| buf)
            }
        };
        let bytes = match bytes {
            Ok(bytes) => bytes,
            Err(err) => {
                eprintln!("linesift: {name}: {err}");
                failed = true;
                continue;
            }
        };
        let doc = match cleaner.clean(&bytes, kind) {
            Ok(doc) => doc,
            Err(err) => {
                eprintln!("linesift: {name}: {err}");
                failed = true;
                continue;
            }
        };
        let rendered = if args.explain {
            linesift::render::explain(&doc)
        } else {
            match args.output {
                OutputArg::Text => linesift::render::text(&doc, args.title),
                OutputArg::Json => linesift::render::json(&doc) + "\n",
            }
        };
        if let Err(err) = out.write_all(rendered.as_bytes()) {
            if err.kind() == io::ErrorKind::BrokenPipe {
                return ExitCode::SUCCESS;
            }
            eprintln!("linesift: writing output: {err}");
            return ExitCode::FAILURE;
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
