//! What the JSON Lines batch mode costs on top of the library.
//!
//! The same documents (the `aeb/html_text` renders of the evaluation data,
//! packed one per JSON line) go through three paths, each reported in MB/s of
//! JSON Lines input on one thread:
//!
//! - `library`: `Cleaner::article_str` on the documents alone (no JSON), as
//!   the command cleans a line's document for its text;
//! - `json_only`: what `--jsonl` adds per line — parse the object, decode the
//!   field, set `text`, serialise — with the whole document written back
//!   uncleaned (an upper bound: the cleaned text is shorter);
//! - `line`: both, as the command does for each line.
//!
//! `json_only` should be a small fraction of `line`. The data is looked for in
//! `$LINESIFT_DATA`, then `../shared/data` beside the crate; without it the
//! bench says so and measures nothing. Run: `cargo bench --bench batch`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use linesift::{Article, Cleaner, InputKind};

// The command's own per-line code, so that what is measured is what runs.
// (Its unit tests are not built into a bench, which leaves their imports unused.)
#[allow(dead_code, unused_imports)]
#[path = "../src/cli/json.rs"]
mod json;
#[allow(dead_code)]
#[path = "../src/cli/line.rs"]
mod line;

mod support;

/// The documents, and the same documents as JSON lines.
fn corpus() -> Option<(Vec<String>, Vec<String>)> {
    let docs = support::aeb_text_pages("html_text");
    if docs.is_empty() {
        return None;
    }
    let lines = docs
        .iter()
        .enumerate()
        .map(|(i, text)| serde_json::json!({ "id": i, "text": text }).to_string())
        .collect();
    Some((docs, lines))
}

fn batch(c: &mut Criterion) {
    let Some((docs, lines)) = corpus() else {
        eprintln!("batch bench: no evaluation data (set LINESIFT_DATA); nothing measured");
        return;
    };
    let bytes: usize = lines.iter().map(|l| l.len() + 1).sum();
    let cleaner = Cleaner::default();
    let settings = line::Settings {
        cleaner: cleaner.clone(),
        kind: InputKind::Text,
        field: String::from("text"),
        shape: line::Shape::Text,
        title: false,
        line_limit: u64::MAX,
    };
    let mut group = c.benchmark_group("jsonl");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("library", |b| {
        b.iter(|| {
            for doc in &docs {
                black_box(
                    cleaner
                        .article_str(doc, InputKind::Text)
                        .map(Article::into_text)
                        .unwrap_or_default(),
                );
            }
        })
    });
    group.bench_function("json_only", |b| {
        b.iter(|| {
            // The document decoded and written back whole: an upper bound,
            // since the cleaned text written back is shorter.
            for line in &lines {
                if let Ok(parsed) = line::parse_line(line.as_bytes(), "text") {
                    let text = json::json_str(&parsed.source);
                    let mut out = String::new();
                    line::write_object_into(&mut out, &parsed.members, vec![("text", text)]);
                    black_box(out);
                }
            }
        })
    });
    group.bench_function("line", |b| {
        b.iter(|| {
            for line in &lines {
                let mut out = String::new();
                black_box(line::clean_line_into(
                    &mut out,
                    line.as_bytes(),
                    None,
                    &settings,
                ))
                .ok();
                black_box(out);
            }
        })
    });
    group.finish();
}

criterion_group!(benches, batch);
criterion_main!(benches);
