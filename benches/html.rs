//! HTML-mode throughput: pages cleaned per second on one core.
//!
//! Two inputs: the hand-written pages in `fixtures/html/` (always there), and,
//! when the evaluation data is present (`../shared/data`, or the directory in
//! `LINESIFT_DATA`), the 85 real pages of `aeb/html` — the pages the issue's
//! bar (≥ 300 pages/s) is measured on. Next to the full cleaning, the same
//! pages are only parsed, whole, by `scraper`: the cost of a cleaner that
//! hands the parser the page as it is. linesift's cleaning can come out
//! cheaper, because it first empties what it never reads (scripts, styles,
//! unread attributes, inline SVG; see `html::prepare::prepare_html`).
//! Run with `cargo bench --bench html`.

use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

mod support;

fn fixtures() -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/html");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "html"))
                .collect()
        })
        .unwrap_or_default();
    paths.sort();
    paths.iter().filter_map(|p| std::fs::read(p).ok()).collect()
}

fn bench_pages(c: &mut Criterion, name: &str, pages: &[Vec<u8>]) {
    if pages.is_empty() {
        return;
    }
    let cleaner = linesift::Cleaner::default();
    // Compile the patterns once, outside the measurements.
    let _ = cleaner.clean_html(b"<p>warm up</p>");
    let mut group = c.benchmark_group(name);
    group.sample_size(10);
    group.throughput(Throughput::Elements(pages.len() as u64));
    group.bench_function("clean_html", |b| {
        b.iter(|| {
            for page in pages {
                let _ = cleaner.clean_html(std::hint::black_box(page));
            }
        })
    });
    group.bench_function("scraper_parse_only", |b| {
        b.iter(|| {
            for page in pages {
                let text = String::from_utf8_lossy(page);
                std::hint::black_box(scraper::Html::parse_document(&text));
            }
        })
    });
    group.finish();
}

fn html_throughput(c: &mut Criterion) {
    let fixtures = fixtures();
    assert!(!fixtures.is_empty(), "no pages found in fixtures/html/");
    bench_pages(c, "html_fixtures", &fixtures);
    bench_pages(c, "aeb_html", &support::aeb_pages("html"));
}

criterion_group!(benches, html_throughput);
criterion_main!(benches);
