//! Text-mode throughput: bytes of plain text cleaned per second on one core.
//!
//! Inputs are the seed pages in `seeds/` (real scraped news pages with their
//! boilerplate), one by one and all of them concatenated, so the figure covers
//! every stage: segmentation, features, patterns, scoring and the context pass.
//! When the evaluation data is present (`../shared/data`, or the directory in
//! `LINESIFT_DATA`), a second group cleans the 85 `aeb/html_text` pages, the
//! input the bar is measured on, all concatenated (steady state over thousands
//! of blocks), and page by page as whole documents and as articles alone
//! (`Cleaner::article_str`, no blocks built: what `--jsonl` cleans with).
//! The bar is 100 MB/s (issue 2). Run with `cargo bench --bench text`.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use linesift::InputKind;

mod support;

fn seeds() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut pages: Vec<(String, String)> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|entry| {
                    let name = entry.file_name().to_string_lossy().into_owned();
                    let text = std::fs::read_to_string(entry.path()).ok()?;
                    Some((name, text))
                })
                .collect()
        })
        .unwrap_or_default();
    pages.sort();
    pages
}

fn text_throughput(c: &mut Criterion) {
    let pages = seeds();
    assert!(!pages.is_empty(), "no seed pages found in seeds/");
    let cleaner = linesift::Cleaner::default();
    // Warm up the compiled patterns once, outside the measurements.
    let _ = cleaner.clean_text("warm up");

    let mut group = c.benchmark_group("text");
    let all: String = pages
        .iter()
        .map(|(_, text)| text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    group.throughput(Throughput::Bytes(all.len() as u64));
    group.bench_function("all_seeds", |b| {
        b.iter(|| cleaner.clean_text(std::hint::black_box(&all)))
    });
    for (name, text) in &pages {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(name.as_str(), |b| {
            b.iter(|| cleaner.clean_text(std::hint::black_box(text)))
        });
    }
    group.finish();
}

fn aeb_text_throughput(c: &mut Criterion) {
    let pages = support::aeb_text_pages("html_text");
    if pages.is_empty() {
        return;
    }
    let cleaner = linesift::Cleaner::default();
    let _ = cleaner.clean_text("warm up");
    let all = pages.join("\n");
    let mut group = c.benchmark_group("aeb_html_text");
    group.sample_size(20);
    group.throughput(Throughput::Bytes(all.len() as u64));
    // The pages one by one (as a batch cleans them) and as one long input.
    group.bench_function("each_page", |b| {
        b.iter(|| {
            for page in &pages {
                let _ = cleaner.clean_text(std::hint::black_box(page));
            }
        })
    });
    group.bench_function("concatenated", |b| {
        b.iter(|| cleaner.clean_text(std::hint::black_box(&all)))
    });
    // The article alone (title and text, no blocks), page by page: what
    // `--jsonl` asks of the library for each document.
    group.bench_function("each_page_article", |b| {
        b.iter(|| {
            for page in &pages {
                let _ = cleaner.article_str(std::hint::black_box(page), InputKind::Text);
            }
        })
    });
    group.finish();
}

criterion_group!(benches, text_throughput, aeb_text_throughput);
criterion_main!(benches);
