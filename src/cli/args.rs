//! The command line: every flag, its help text and the worked examples.

use std::path::PathBuf;

use clap::{Parser, ValueEnum};

/// Worked examples shown by `--help` (not by `-h`, which stays short).
const EXAMPLES: &str = "\
Examples:
  Clean one page fetched from the web (HTML is recognised on its own):
    curl -s \"$URL\" | linesift

  Clean a text dump and see why each line was kept or dropped:
    linesift page.txt
    linesift --explain page.txt

  Clean a whole directory tree into another, one cleaned file per page,
  at the same relative path (gzipped pages are read as they are):
    linesift -r pages/ --out-dir clean/

  Clean a crawl in JSON Lines: the page is in the \"html\" field; each output
  line is the input object with \"text\" set to the cleaned text, in the same
  order, one output line for every input line:
    linesift --jsonl --field html --input html < crawl.jsonl > clean.jsonl

  The same with gzip on both ends, the labels of every block, and two threads:
    linesift --jsonl --output json --threads 2 --gzip crawl.jsonl.gz > clean.jsonl.gz

Exit status: 0 when every input was cleaned; 1 when any file, page or JSON line
failed (each failure is reported on stderr with its file and line, and in JSON
Lines mode also as an {\"error\": ..., \"line\": N} output line); 2 for a usage error.";

/// Strip boilerplate from scraped web pages: menus, cookie banners, share rows,
/// related links, comment forms and legal footers go; the article stays.
///
/// Reads plain text or HTML from the files named, or from standard input, and
/// writes the cleaned article text to standard output.
#[derive(Debug, Parser)]
#[command(
    name = "linesift",
    version,
    about,
    long_about,
    after_long_help = EXAMPLES,
    after_help = "Run `linesift --help` for worked examples."
)]
pub struct Args {
    /// Files to clean; with none, or with `-`, standard input is read. Files
    /// ending in `.gz` (or starting with gzip's magic bytes) are decompressed.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// Treat each input as plain text or as HTML; `auto` looks at the first
    /// bytes of every page (of every JSON Lines document) for markup.
    #[arg(long, value_enum, value_name = "KIND", default_value_t = InputArg::Auto)]
    pub input: InputArg,

    /// Write the article as plain text, as JSON with every block's label, score
    /// and reasons, or as Markdown.
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = OutputArg::Text)]
    pub output: OutputArg,

    /// Put the article's title first (in JSON Lines mode: add a "title" field).
    #[arg(long)]
    pub title: bool,

    /// Instead of the article, print every line of the page with its label,
    /// score and the reasons for it, aligned for a terminal.
    #[arg(long, conflicts_with = "jsonl")]
    pub explain: bool,

    /// Read JSON Lines: every input line is a JSON object holding one document;
    /// every output line is that object with "text" set to the cleaned text.
    #[arg(long)]
    pub jsonl: bool,

    /// In JSON Lines mode, take the document from this field.
    #[arg(long, value_name = "NAME", default_value = "text", requires = "jsonl")]
    pub field: String,

    /// Clean with this many threads at once (default: every core). With 1,
    /// linesift runs on one thread alone: reading, cleaning and writing take
    /// turns, as a pipeline running one linesift per core expects.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,

    /// Also clean every file inside directories named as FILE, recursively.
    #[arg(short = 'r', long)]
    pub recursive: bool,

    /// Write one cleaned file per input into this directory, at the same
    /// relative path, instead of writing to standard output.
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,

    /// Compress the output with gzip (with --out-dir, the files get a `.gz`
    /// name). Inputs are decompressed whether or not this is given.
    #[arg(long)]
    pub gzip: bool,

    /// Show no progress bar and no summary; errors are still reported.
    #[arg(short, long)]
    pub quiet: bool,

    /// Refuse pages (and JSON lines) larger than this, e.g. `500000`, `20MB`,
    /// `64MiB`; a refused page is reported, the others still cleaned.
    #[arg(long, value_name = "SIZE", value_parser = parse_size, default_value = "64MiB")]
    pub max_input_size: u64,

    /// Refuse pages that make more than this many blocks (non-blank lines, or
    /// HTML block elements); a refused page is reported, the others still cleaned.
    #[arg(long, value_name = "N", default_value_t = linesift::Config::default().max_blocks)]
    pub max_blocks: usize,
}

/// The `--input` choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputArg {
    /// Look for markup in each page.
    Auto,
    /// Plain text.
    Text,
    /// HTML, in any encoding.
    Html,
}

/// The `--output` choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputArg {
    /// The article: headings and body, one block per line.
    Text,
    /// Every block with its label, score and reasons, as JSON.
    Json,
    /// The article as Markdown.
    Markdown,
}

impl From<InputArg> for linesift::InputKind {
    fn from(arg: InputArg) -> Self {
        match arg {
            InputArg::Auto => linesift::InputKind::Auto,
            InputArg::Text => linesift::InputKind::Text,
            InputArg::Html => linesift::InputKind::Html,
        }
    }
}

/// Parses a byte size: a whole number with an optional unit, decimal (`KB`,
/// `MB`, `GB`) or binary (`KiB`, `MiB`, `GiB`); `K`, `M`, `G` are binary.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: u64 = number
        .parse()
        .map_err(|_| format!("{text:?} is not a size; write e.g. 500000, 20MB or 64MiB"))?;
    let factor: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "kb" => 1_000,
        "mb" => 1_000_000,
        "gb" => 1_000_000_000,
        "k" | "kib" => 1 << 10,
        "m" | "mib" => 1 << 20,
        "g" | "gib" => 1 << 30,
        other => {
            return Err(format!(
                "unknown unit {other:?}; use B, KB, MB, GB, KiB, MiB or GiB"
            ))
        }
    };
    number
        .checked_mul(factor)
        .ok_or_else(|| format!("{text:?} is too large"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("1000"), Ok(1000));
        assert_eq!(parse_size("20MB"), Ok(20_000_000));
        assert_eq!(parse_size("64MiB"), Ok(64 << 20));
        assert_eq!(parse_size("2 k"), Ok(2048));
        assert!(parse_size("MB").is_err());
        assert!(parse_size("3 parsecs").is_err());
        assert!(parse_size("99999999999999999999GB").is_err());
    }

    #[test]
    fn clap_definition_is_consistent() {
        use clap::CommandFactory;
        Args::command().debug_assert();
    }
}
