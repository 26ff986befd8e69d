//! Cleans the given plain-text files as text, `ROUNDS` times over, and prints
//! the throughput: the smallest steady-state loop around the text pipeline,
//! for profilers (`perf record`, `valgrind --tool=callgrind`), which want one
//! process doing nothing but cleaning.
//!
//!     cargo run --release --example profile_text -- ROUNDS FILE...
//!
//! The patterns are compiled before the clock starts; with `ROUNDS` = 1 the
//! figure includes warming the lazy DFA caches, with more it approaches the
//! steady state of a long batch. With two rounds or more it also prints the
//! median and the fastest of the rounds after the first (each round cleans
//! every file once): on a shared machine, whose speed drifts by a quarter
//! from one minute to the next, these say more than the mean.

use linesift::Cleaner;

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(rounds) = args.first().and_then(|n| n.parse::<usize>().ok()) else {
        eprintln!("usage: profile_text ROUNDS FILE...");
        return std::process::ExitCode::from(2);
    };
    let mut pages = Vec::new();
    for path in args.iter().skip(1) {
        match std::fs::read_to_string(path) {
            Ok(text) => pages.push(text),
            Err(err) => {
                eprintln!("{path}: {err}");
                return std::process::ExitCode::from(2);
            }
        }
    }
    let cleaner = Cleaner::default();
    // Compiles the patterns outside the measurement.
    let _ = cleaner.clean_text("warm up");
    let bytes: usize = pages.iter().map(String::len).sum();
    let start = std::time::Instant::now();
    let mut kept = 0;
    let mut round_secs = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let round_start = std::time::Instant::now();
        for page in &pages {
            match cleaner.clean_text(page) {
                Ok(doc) => kept += doc.text().len(),
                Err(err) => {
                    eprintln!("{err}");
                    return std::process::ExitCode::FAILURE;
                }
            }
        }
        round_secs.push(round_start.elapsed().as_secs_f64().max(1e-9));
    }
    let secs = start.elapsed().as_secs_f64().max(1e-9);
    println!(
        "{} pages, {bytes} bytes, {rounds} rounds: {:.1} MB/s ({kept} bytes kept)",
        pages.len(),
        (bytes * rounds) as f64 / secs / 1e6
    );
    let mut steady = round_secs.split_off(1.min(round_secs.len()));
    steady.sort_by(f64::total_cmp);
    if let (Some(&fastest), Some(&median)) = (steady.first(), steady.get(steady.len() / 2)) {
        println!(
            "rounds after the first: median {:.1} MB/s, fastest {:.1} MB/s",
            bytes as f64 / median / 1e6,
            bytes as f64 / fastest / 1e6
        );
    }
    std::process::ExitCode::SUCCESS
}
