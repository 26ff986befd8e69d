//! Accuracy and throughput on the evaluation data (`../shared/data`).
//!
//! ```text
//! cargo run --release --example eval                       # every set and render
//! cargo run --release --example eval -- --set aeb --render html_text
//! cargo run --release --example eval -- --set aeb --render html_text --worst 10
//! cargo run --release --example eval -- --data DIR --dump /tmp/out   # write every output
//! ```
//!
//! Metrics, as in `../shared/data/README.md`:
//! - aeb: `\w+` tokens, 4-token shingles (multiset), per-page tp/fp/fn normalised
//!   to sum 1, precision and recall averaged over pages (pages with no predicted
//!   shingles leave the precision mean, pages with no true ones the recall mean),
//!   F1 the harmonic mean of the two averages.
//! - snippets: whitespace-normalised substring search; "with" snippets found are
//!   true positives, "without" snippets found are false positives.
//!
//! Throughput counts only the time spent cleaning (one thread, data in memory).
//! `cold MB/s` is a row's first pass over its pages, which also pays for
//! building the pattern automata's states (and, in the first row of a run,
//! for compiling the patterns) — what a single short run pays. `MB/s` and
//! `pages/s` are the steady state of a long batch: the median pass of the
//! passes that follow, at least [`MIN_PASSES`] and as many as fill
//! [`STEADY_TIME`]. One pass over a text render takes about 10 ms, and on
//! a shared machine one such pass swings by a quarter or more from the
//! next; the median of several is steadier (the minutes still differ).

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use linesift::{Cleaner, Config, InputKind};
use regex::Regex;

const RENDERS: [&str; 4] = ["html", "html_text", "inscriptis", "html_text_wrapped"];

/// The fewest steady-state passes a row times.
const MIN_PASSES: usize = 5;
/// The cleaning time a row's steady-state passes fill, at least.
const STEADY_TIME: Duration = Duration::from_millis(400);

struct Options {
    data: PathBuf,
    sets: Vec<String>,
    renders: Vec<String>,
    worst: usize,
    dump: Option<PathBuf>,
}

fn parse_args() -> Result<Options, String> {
    let mut options = Options {
        data: PathBuf::from("../shared/data"),
        sets: vec!["aeb".into(), "snippets".into()],
        renders: RENDERS.iter().map(|s| s.to_string()).collect(),
        worst: 0,
        dump: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--data" => options.data = PathBuf::from(value()?),
            "--set" => options.sets = vec![value()?],
            "--render" => options.renders = vec![value()?],
            "--worst" => options.worst = value()?.parse().map_err(|e| format!("--worst: {e}"))?,
            "--dump" => options.dump = Some(PathBuf::from(value()?)),
            "-h" | "--help" => {
                return Err("usage: eval [--data DIR] [--set aeb|snippets] [--render html|html_text|inscriptis|html_text_wrapped] [--worst N] [--dump DIR]".into())
            }
            other => return Err(format!("unknown argument {other:?}; try --help")),
        }
    }
    Ok(options)
}

fn read_gz(path: &Path) -> Result<Vec<u8>, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(file)
        .read_to_end(&mut out)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(out)
}

/// One page: its id, input bytes and what the answer is.
struct Page {
    id: String,
    input: Vec<u8>,
    truth: Truth,
}

enum Truth {
    Body(String),
    Snippets {
        with: Vec<String>,
        without: Vec<String>,
    },
}

fn load(data: &Path, set: &str, render: &str) -> Result<Vec<Page>, String> {
    let dir = data.join(set);
    let mut pages = Vec::new();
    match set {
        "aeb" => {
            let truth: serde_json::Value = serde_json::from_slice(
                &std::fs::read(dir.join("ground-truth.json")).map_err(|e| e.to_string())?,
            )
            .map_err(|e| e.to_string())?;
            let object = truth
                .as_object()
                .ok_or("ground-truth.json is not an object")?;
            let mut ids: Vec<&String> = object.keys().collect();
            ids.sort();
            for id in ids {
                let body = object[id]["articleBody"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string();
                let file = if render == "html" {
                    dir.join("html").join(format!("{id}.html.gz"))
                } else {
                    dir.join(render).join(format!("{id}.txt.gz"))
                };
                pages.push(Page {
                    id: id.clone(),
                    input: read_gz(&file)?,
                    truth: Truth::Body(body),
                });
            }
        }
        "snippets" => {
            let eval: serde_json::Value = serde_json::from_slice(
                &std::fs::read(dir.join("evaldata.json")).map_err(|e| e.to_string())?,
            )
            .map_err(|e| e.to_string())?;
            let object = eval.as_object().ok_or("evaldata.json is not an object")?;
            let mut urls: Vec<&String> = object.keys().collect();
            urls.sort();
            let strings = |v: &serde_json::Value| -> Vec<String> {
                v.as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(|s| s.as_str().map(normalize_ws))
                            .collect()
                    })
                    .unwrap_or_default()
            };
            for url in urls {
                let entry = &object[url];
                let file = entry["file"].as_str().ok_or("entry without file")?;
                let path = if render == "html" {
                    dir.join("html").join(format!("{file}.gz"))
                } else {
                    dir.join(render).join(format!("{file}.txt.gz"))
                };
                pages.push(Page {
                    id: file.to_string(),
                    input: read_gz(&path)?,
                    truth: Truth::Snippets {
                        with: strings(&entry["with"]),
                        without: strings(&entry["without"]),
                    },
                });
            }
        }
        other => return Err(format!("unknown set {other:?}")),
    }
    Ok(pages)
}

fn normalize_ws(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn shingles<'a>(tokens: &'a [&'a str]) -> HashMap<&'a [&'a str], usize> {
    let mut out = HashMap::new();
    if tokens.is_empty() {
        return out;
    }
    let n = 4.min(tokens.len());
    for window in tokens.windows(n) {
        *out.entry(window).or_insert(0) += 1;
    }
    out
}

/// Normalised (tp, fp, fn) of one page, the benchmark's way.
fn shingle_match(word: &Regex, truth: &str, predicted: &str) -> (f64, f64, f64) {
    let t: Vec<&str> = word.find_iter(truth).map(|m| m.as_str()).collect();
    let p: Vec<&str> = word.find_iter(predicted).map(|m| m.as_str()).collect();
    let ts = shingles(&t);
    let ps = shingles(&p);
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    for (key, &tc) in &ts {
        let pc = ps.get(key).copied().unwrap_or(0);
        tp += tc.min(pc);
        fn_ += tc.saturating_sub(pc);
    }
    for (key, &pc) in &ps {
        let tc = ts.get(key).copied().unwrap_or(0);
        fp += pc.saturating_sub(tc);
    }
    let sum = (tp + fp + fn_) as f64;
    if sum == 0.0 {
        return (0.0, 0.0, 0.0);
    }
    (tp as f64 / sum, fp as f64 / sum, fn_ as f64 / sum)
}

struct Row {
    precision: f64,
    recall: f64,
    f1: f64,
    bytes: usize,
    pages: usize,
    /// The median steady-state pass over the pages.
    elapsed: Duration,
    /// The first pass, with the one-off costs.
    cold: Duration,
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

/// Cleans every page once; the outputs and the time spent cleaning.
fn clean_all(
    cleaner: &Cleaner,
    pages: &[Page],
    kind: InputKind,
) -> Result<(Vec<String>, Duration), String> {
    let mut outputs = Vec::with_capacity(pages.len());
    let mut elapsed = Duration::ZERO;
    for page in pages {
        let start = Instant::now();
        let doc = cleaner
            .clean(&page.input, kind)
            .map_err(|e| format!("{}: {e}", page.id))?;
        let text = doc.text();
        elapsed += start.elapsed();
        outputs.push(text);
    }
    Ok((outputs, elapsed))
}

fn evaluate(options: &Options, set: &str, render: &str) -> Result<Row, String> {
    let pages = load(&options.data, set, render)?;
    let cleaner = Cleaner::new(Config::default());
    let kind = if render == "html" {
        InputKind::Html
    } else {
        InputKind::Text
    };
    // The first pass is timed as `cold`: it pays for compiling the patterns
    // (if no earlier row did) and for building the lazy DFAs' states. The
    // passes after it over the same pages are the steady state a long batch
    // runs at; each must give the same outputs.
    let (outputs, cold) = clean_all(&cleaner, &pages, kind)?;
    let mut passes = Vec::new();
    while passes.len() < MIN_PASSES || passes.iter().sum::<Duration>() < STEADY_TIME {
        let (again, elapsed) = clean_all(&cleaner, &pages, kind)?;
        if again != outputs {
            return Err("another pass over the same pages gave different outputs".into());
        }
        passes.push(elapsed);
    }
    passes.sort();
    let elapsed = passes.get(passes.len() / 2).copied().unwrap_or(cold);
    if let Some(dir) = &options.dump {
        let dir = dir.join(set).join(render);
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        for (page, text) in pages.iter().zip(&outputs) {
            std::fs::write(dir.join(format!("{}.txt", page.id)), text)
                .map_err(|e| e.to_string())?;
        }
    }
    let bytes = pages.iter().map(|p| p.input.len()).sum();
    let word = Regex::new(r"\w+").map_err(|e| e.to_string())?;
    let (precision, recall, per_page) = match set {
        "aeb" => {
            let (mut ps, mut rs, mut per_page) = (Vec::new(), Vec::new(), Vec::new());
            for (page, text) in pages.iter().zip(&outputs) {
                let Truth::Body(body) = &page.truth else {
                    continue;
                };
                let (tp, fp, fn_) = shingle_match(&word, body, text);
                let p = (tp + fp > 0.0).then(|| tp / (tp + fp));
                let r = (tp + fn_ > 0.0).then(|| tp / (tp + fn_));
                ps.extend(p);
                rs.extend(r);
                per_page.push((
                    f1(p.unwrap_or(0.0), r.unwrap_or(0.0)),
                    p.unwrap_or(0.0),
                    r.unwrap_or(0.0),
                    &page.id,
                ));
            }
            let mean = |v: &[f64]| {
                if v.is_empty() {
                    0.0
                } else {
                    v.iter().sum::<f64>() / v.len() as f64
                }
            };
            (mean(&ps), mean(&rs), per_page)
        }
        _ => {
            let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
            let mut per_page = Vec::new();
            for (page, text) in pages.iter().zip(&outputs) {
                let Truth::Snippets { with, without } = &page.truth else {
                    continue;
                };
                let text = normalize_ws(text);
                let found_with = with.iter().filter(|s| text.contains(s.as_str())).count();
                let found_without = without.iter().filter(|s| text.contains(s.as_str())).count();
                tp += found_with;
                fn_ += with.len() - found_with;
                fp += found_without;
                let p = if found_with + found_without == 0 {
                    0.0
                } else {
                    found_with as f64 / (found_with + found_without) as f64
                };
                let r = if with.is_empty() {
                    1.0
                } else {
                    found_with as f64 / with.len() as f64
                };
                per_page.push((f1(p, r), p, r, &page.id));
            }
            let p = tp as f64 / (tp + fp).max(1) as f64;
            let r = tp as f64 / (tp + fn_).max(1) as f64;
            (p, r, per_page)
        }
    };
    if options.worst > 0 {
        let mut per_page = per_page;
        per_page.sort_by(|a, b| a.0.total_cmp(&b.0));
        for (f, p, r, id) in per_page.iter().take(options.worst) {
            eprintln!("  worst {set}/{render} {id}: F1 {f:.3} P {p:.3} R {r:.3}");
        }
    }
    Ok(Row {
        precision,
        recall,
        f1: f1(precision, recall),
        bytes,
        pages: pages.len(),
        elapsed,
        cold,
    })
}

fn main() {
    let options = match parse_args() {
        Ok(options) => options,
        Err(message) => {
            eprintln!("{message}");
            std::process::exit(2);
        }
    };
    println!(
        "{:<9} {:<18} {:>5} {:>9} {:>7} {:>7} {:>8} {:>8} {:>9}",
        "set", "render", "pages", "precision", "recall", "F1", "MB/s", "pages/s", "cold MB/s"
    );
    let mut failed = false;
    for set in &options.sets {
        for render in &options.renders {
            match evaluate(&options, set, render) {
                Ok(row) => {
                    let secs = row.elapsed.as_secs_f64().max(1e-9);
                    let cold_secs = row.cold.as_secs_f64().max(1e-9);
                    println!(
                        "{:<9} {:<18} {:>5} {:>9.3} {:>7.3} {:>7.3} {:>8.1} {:>8.0} {:>9.1}",
                        set,
                        render,
                        row.pages,
                        row.precision,
                        row.recall,
                        row.f1,
                        row.bytes as f64 / secs / 1e6,
                        row.pages as f64 / secs,
                        row.bytes as f64 / cold_secs / 1e6
                    );
                }
                Err(message) => {
                    eprintln!("eval {set}/{render}: {message}");
                    failed = true;
                }
            }
        }
    }
    if failed {
        std::process::exit(1);
    }
}
