//! Text-mode throughput: bytes of plain text cleaned per second on one core.
//!
//! Inputs are the seed pages in `seeds/` (real scraped news pages with their
//! boilerplate), one by one and all of them concatenated, so the figure covers
//! every stage: segmentation, features, patterns, scoring and the context pass.
//! The bar is 100 MB/s (issue 2). Run with `cargo bench --bench text`.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

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

criterion_group!(benches, text_throughput);
criterion_main!(benches);
