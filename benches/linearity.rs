//! Cost grows linearly: cleans 1×, 4× and 16× the same page, as text and as
//! HTML, and checks that the time per byte stays within 1.5× of the smallest.
//!
//! The page is the five seed documents one after the other (as HTML: a page
//! with a menu, headings, paragraphs and a footer around them), repeated.
//!
//!     cargo bench --bench linearity
//!
//! Besides criterion's report, the bench prints a table of nanoseconds per
//! byte for every size and the ratio to the cheapest, and ends with
//! `linearity: ok` or `linearity: FAILED` (exit status 1). Timings taken while
//! other jobs share the machine are noisy; run it on a quiet one to judge.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, Throughput};
use linesift::Cleaner;

/// The repetitions measured.
const SIZES: [usize; 3] = [1, 4, 16];
/// How much more a byte may cost at a larger size than at the cheapest one.
const MAX_RATIO: f64 = 1.5;

/// Total time and bytes cleaned, per (mode, repetitions).
type Totals = BTreeMap<(&'static str, usize), (Duration, u128)>;
static TOTALS: Mutex<Totals> = Mutex::new(BTreeMap::new());

fn seeds() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("seeds/ exists")
        .map(|e| e.expect("readable seeds/").path())
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("a UTF-8 seed"))
        .collect()
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// One text page: the seeds one after the other.
fn text_page() -> String {
    seeds().join("\n")
}

/// The body of one HTML page made of the seeds: each seed an article with its
/// first line as heading, a menu before and a footer after.
fn html_body() -> String {
    let mut out = String::new();
    for seed in seeds() {
        let mut lines = seed.lines().filter(|l| !l.trim().is_empty());
        out.push_str("<nav><ul><li><a href=\"/\">Home</a></li><li><a href=\"/world\">World</a></li></ul></nav>\n<article>");
        if let Some(title) = lines.next() {
            out.push_str(&format!("<h1>{}</h1>\n", escape(title)));
        }
        for line in lines {
            out.push_str(&format!("<p>{}</p>\n", escape(line)));
        }
        out.push_str(
            "</article><footer><p>&copy; 2026 <a href=\"/terms\">Terms</a></p></footer>\n",
        );
    }
    out
}

fn html_page(repeat: usize) -> String {
    format!(
        "<!DOCTYPE html><html><head><title>Page</title></head><body>{}</body></html>",
        html_body().repeat(repeat)
    )
}

fn measure(c: &mut Criterion, mode: &'static str, inputs: Vec<(usize, Vec<u8>)>) {
    let cleaner = Cleaner::default();
    let mut group = c.benchmark_group(format!("linearity-{mode}"));
    group.sample_size(20);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(3));
    for (repeat, input) in &inputs {
        group.throughput(Throughput::Bytes(input.len() as u64));
        group.bench_with_input(
            BenchmarkId::from_parameter(format!("{repeat}x")),
            input,
            |b, input| {
                b.iter_custom(|iters| {
                    let start = Instant::now();
                    for _ in 0..iters {
                        let doc = match mode {
                            "text" => cleaner.clean_text(
                                std::str::from_utf8(input).expect("the text page is UTF-8"),
                            ),
                            _ => cleaner.clean_html(input),
                        };
                        black_box(doc.expect("within the limits"));
                    }
                    let elapsed = start.elapsed();
                    let mut totals = TOTALS.lock().expect("not poisoned");
                    let entry = totals.entry((mode, *repeat)).or_default();
                    entry.0 += elapsed;
                    entry.1 += u128::from(iters) * input.len() as u128;
                    elapsed
                });
            },
        );
    }
    group.finish();
}

/// Prints the table and returns whether every mode stayed within [`MAX_RATIO`].
fn report() -> bool {
    let totals = TOTALS.lock().expect("not poisoned");
    let mut ok = true;
    println!("\nlinearity: time per byte, by size (ratio to the cheapest size of the mode)");
    println!(
        "{:<6} {:>6} {:>12} {:>10} {:>7}",
        "mode", "size", "bytes", "ns/byte", "ratio"
    );
    for mode in ["text", "html"] {
        let per_byte: Vec<(usize, u128, f64)> = SIZES
            .iter()
            .filter_map(|&repeat| {
                let (time, bytes) = totals.get(&(mode, repeat))?;
                Some((repeat, *bytes, time.as_nanos() as f64 / *bytes as f64))
            })
            .collect();
        let cheapest = per_byte
            .iter()
            .map(|(_, _, ns)| *ns)
            .fold(f64::INFINITY, f64::min);
        for (repeat, _, ns) in &per_byte {
            let ratio = ns / cheapest;
            ok &= ratio <= MAX_RATIO;
            let size = input_len(mode, *repeat);
            println!(
                "{mode:<6} {:>5}x {size:>12} {ns:>10.2} {ratio:>7.2}",
                repeat
            );
        }
    }
    println!("linearity: {}", if ok { "ok" } else { "FAILED" });
    ok
}

fn input_len(mode: &str, repeat: usize) -> usize {
    match mode {
        "text" => text_page().repeat(repeat).len(),
        _ => html_page(repeat).len(),
    }
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    let text = text_page();
    measure(
        &mut c,
        "text",
        SIZES
            .iter()
            .map(|&n| (n, text.repeat(n).into_bytes()))
            .collect(),
    );
    measure(
        &mut c,
        "html",
        SIZES
            .iter()
            .map(|&n| (n, html_page(n).into_bytes()))
            .collect(),
    );
    c.final_summary();
    // `cargo test --benches` (criterion's `--test`) runs each bench once to see
    // that it works: one run per size says nothing about cost.
    if std::env::args().any(|a| a == "--test") {
        return;
    }
    if !report() {
        std::process::exit(1);
    }
}
