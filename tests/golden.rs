//! Golden tests: every case under `fixtures/` (and every seed page under
//! `seeds/`) is cleaned by the library and compared with expected files that
//! were written by hand. See `fixtures/README.md` for the format.
//!
//! - `LINESIFT_CASE=NAME` runs only the cases whose name contains `NAME`
//!   (names look like `seeds/000_…`, `text/cookie_banner_en`, `html/semantic_article`).
//! - `LINESIFT_BLESS=1` overwrites the expected files with what the library
//!   produces now. Only for a deliberate change, and only followed by a
//!   line-by-line review of `git diff fixtures/`.
//! - `fixtures/known_failures.txt` lists cases allowed to fail for now (a
//!   listed case that passes fails the test; run on its own with
//!   `LINESIFT_CASE` it fails as usual); `LINESIFT_STRICT=1` ignores the list.
//!
//! Every case is run even when one fails; each failure prints a unified diff
//! (`-` expected, `+` actual), and the test fails once at the end with the list
//! of failing cases.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use linesift::{Document, Label};
use similar::TextDiff;

/// The repository root (where `Cargo.toml` is).
fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// What a case feeds to the library.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Text,
    Html,
}

/// One golden case: an input file and the expected files next to it.
#[derive(Debug)]
struct Case {
    /// `seeds/NAME`, `text/NAME` or `html/NAME`.
    name: String,
    input: PathBuf,
    mode: Mode,
    /// `NAME.labels`: text mode only, one line per non-blank input line.
    labels: PathBuf,
    /// `NAME.expected`: the `--title` text output.
    expected: PathBuf,
    /// `NAME.md`: the Markdown output, for the few cases that have one.
    markdown: PathBuf,
}

/// Files in `dir` with extension `ext`, sorted by name.
fn files_with_extension(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == ext))
        .collect();
    files.sort();
    files
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Every case: the seeds (goldens in `fixtures/seeds/`), `fixtures/text/*.txt`
/// and `fixtures/html/*.html`.
fn cases() -> Vec<Case> {
    let root = root();
    let fixtures = root.join("fixtures");
    let mut cases = Vec::new();
    let groups = [
        (
            "seeds",
            root.join("seeds"),
            fixtures.join("seeds"),
            "txt",
            Mode::Text,
        ),
        (
            "text",
            fixtures.join("text"),
            fixtures.join("text"),
            "txt",
            Mode::Text,
        ),
        (
            "html",
            fixtures.join("html"),
            fixtures.join("html"),
            "html",
            Mode::Html,
        ),
    ];
    for (group, input_dir, golden_dir, ext, mode) in groups {
        for input in files_with_extension(&input_dir, ext) {
            let stem = stem(&input);
            cases.push(Case {
                name: format!("{group}/{stem}"),
                labels: golden_dir.join(format!("{stem}.labels")),
                expected: golden_dir.join(format!("{stem}.expected")),
                markdown: golden_dir.join(format!("{stem}.md")),
                input,
                mode,
            });
        }
    }
    cases
}

/// The text column of a labels line: whitespace collapsed, so that the
/// alignment of a hand-written file does not matter.
/// Invisible characters (zero-width space and joiners, word joiner, BOM, soft
/// hyphen) are dropped, as the library drops them.
fn squash(text: &str) -> String {
    let visible: String = text
        .chars()
        .filter(|c| {
            !matches!(
                c,
                '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
            )
        })
        .collect();
    visible.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// One line of a labels file.
fn labels_line(line: &str, label: &str, text: &str) -> String {
    format!("{line:>4} {label:<10} {text}\n")
}

/// The labels the library gave, one line per input line that belongs to a block.
/// The text column is the input line itself (whitespace collapsed), so a reviewer
/// sees every line of the input and the decision on it.
fn actual_labels(doc: &Document, input: &str) -> String {
    let input = input.strip_prefix('\u{FEFF}').unwrap_or(input);
    // The same line breaks the library counts: \n, \r\n and a lone \r.
    let lines: Vec<&str> = input
        .split('\n')
        .flat_map(|l| {
            let l = l.strip_suffix('\r').unwrap_or(l);
            l.split('\r')
        })
        .collect();
    let mut out = String::new();
    for block in doc.blocks() {
        let label = block.label().as_str();
        match block.lines() {
            Some(span) => {
                for number in span.first..=span.last {
                    let text = number
                        .checked_sub(1)
                        .and_then(|i| lines.get(i))
                        .copied()
                        .unwrap_or("<no such line>");
                    out.push_str(&labels_line(&number.to_string(), label, &squash(text)));
                }
            }
            None => out.push_str(&labels_line("-", label, &squash(block.text()))),
        }
    }
    out
}

/// A hand-written labels file in canonical form: `#` comments and blank lines
/// dropped, columns re-aligned. Malformed lines are reported, not skipped.
fn canonical_labels(written: &str, file: &Path, problems: &mut Vec<String>) -> String {
    let mut out = String::new();
    for (index, line) in written.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let mut parts = trimmed.splitn(3, char::is_whitespace);
        let number = parts.next().unwrap_or_default();
        let label = parts.next().unwrap_or_default();
        let text = parts.next().unwrap_or_default();
        if number != "-" && number.parse::<usize>().is_err() {
            problems.push(format!(
                "{}:{}: expected a line number first, found {number:?}",
                file.display(),
                index + 1
            ));
        }
        if let Err(err) = label.parse::<Label>() {
            problems.push(format!("{}:{}: {err}", file.display(), index + 1));
        }
        out.push_str(&labels_line(number, label, &squash(text)));
    }
    out
}

/// Expected text: the final newline is optional in the file.
fn canonical_text(text: &str) -> String {
    let text = text.trim_end_matches(['\n', '\r']);
    if text.is_empty() {
        String::new()
    } else {
        format!("{text}\n")
    }
}

fn diff(expected: &str, actual: &str, what: &Path) -> String {
    let name = what.display().to_string();
    TextDiff::from_lines(expected, actual)
        .unified_diff()
        .context_radius(3)
        .header(&format!("{name} (expected)"), &format!("{name} (actual)"))
        .to_string()
}

/// Compares one output with its golden file (or blesses it). Returns the
/// failure report, if any.
fn check(
    path: &Path,
    canonical_expected: Option<String>,
    actual: &str,
    bless: bool,
) -> Option<String> {
    if bless {
        // Keep the comment lines that open a hand-written file (what the case shows).
        let header: String = fs::read_to_string(path)
            .unwrap_or_default()
            .lines()
            .take_while(|line| line.starts_with('#'))
            .map(|line| format!("{line}\n"))
            .collect();
        if let Err(err) = fs::write(path, header + actual) {
            return Some(format!("cannot write {}: {err}\n", path.display()));
        }
        return None;
    }
    match canonical_expected {
        None => Some(format!(
            "missing golden file {} (write it by hand; see fixtures/README.md)\n",
            path.display()
        )),
        Some(expected) if expected == actual => None,
        Some(expected) => Some(diff(&expected, actual, path)),
    }
}

/// Runs one case; returns a report of everything that differs.
fn run_case(case: &Case, bless: bool) -> Option<String> {
    let mut report = String::new();
    let bytes = match fs::read(&case.input) {
        Ok(bytes) => bytes,
        Err(err) => return Some(format!("cannot read {}: {err}\n", case.input.display())),
    };
    let result = match case.mode {
        Mode::Text => std::str::from_utf8(&bytes)
            .map_err(|err| format!("text fixtures must be UTF-8: {err}"))
            .and_then(|text| linesift::clean_text(text).map_err(|err| err.to_string())),
        Mode::Html => linesift::clean_html(&bytes).map_err(|err| err.to_string()),
    };
    let doc = match result {
        Ok(doc) => doc,
        Err(err) => return Some(format!("the library returned an error: {err}\n")),
    };
    let mut problems = Vec::new();

    if case.mode == Mode::Text {
        let input = String::from_utf8_lossy(&bytes);
        let actual = actual_labels(&doc, &input);
        let expected = fs::read_to_string(&case.labels)
            .ok()
            .map(|written| canonical_labels(&written, &case.labels, &mut problems));
        if let Some(failure) = check(&case.labels, expected, &actual, bless) {
            report.push_str(&failure);
        }
    }

    let actual = canonical_text(&linesift::render::text(&doc, true));
    let expected = fs::read_to_string(&case.expected)
        .ok()
        .map(|t| canonical_text(&t));
    if let Some(failure) = check(&case.expected, expected, &actual, bless) {
        report.push_str(&failure);
    }

    // Markdown goldens are optional: only the cases that have one are checked
    // (and blessed).
    if case.markdown.exists() {
        let actual = canonical_text(&linesift::render::markdown(&doc));
        let expected = fs::read_to_string(&case.markdown)
            .ok()
            .map(|t| canonical_text(&t));
        if let Some(failure) = check(&case.markdown, expected, &actual, bless) {
            report.push_str(&failure);
        }
    }

    for problem in problems {
        let _ = writeln!(report, "{problem}");
    }
    (!report.is_empty()).then_some(report)
}

/// Golden files whose input is gone: a renamed or deleted fixture must take its
/// goldens with it.
fn orphans(cases: &[Case]) -> Vec<String> {
    let fixtures = root().join("fixtures");
    let known: std::collections::HashSet<&Path> = cases
        .iter()
        .flat_map(|c| {
            // HTML cases have no labels file: a stray one is an orphan too.
            let labels = (c.mode == Mode::Text).then_some(c.labels.as_path());
            [
                Some(c.expected.as_path()),
                Some(c.markdown.as_path()),
                labels,
            ]
        })
        .flatten()
        .collect();
    let mut orphans = Vec::new();
    for dir in ["seeds", "text", "html"] {
        for ext in ["labels", "expected", "md"] {
            for path in files_with_extension(&fixtures.join(dir), ext) {
                if !known.contains(path.as_path()) {
                    orphans.push(path.display().to_string());
                }
            }
        }
    }
    orphans
}

#[test]
fn golden() {
    let bless = std::env::var_os("LINESIFT_BLESS").is_some_and(|v| !v.is_empty() && v != "0");
    let only = std::env::var("LINESIFT_CASE")
        .ok()
        .filter(|s| !s.is_empty());
    let all = cases();
    assert!(
        all.iter().any(|c| c.name.starts_with("seeds/")),
        "no seed pages found in {}",
        root().join("seeds").display()
    );
    let orphans = orphans(&all);
    let selected: Vec<&Case> = all
        .iter()
        .filter(|c| only.as_deref().is_none_or(|o| c.name.contains(o)))
        .collect();
    assert!(
        !selected.is_empty(),
        "LINESIFT_CASE={:?} matches no case",
        only.unwrap_or_default()
    );

    let known = known_failures();
    let unknown: Vec<&str> = known
        .iter()
        .filter(|k| !all.iter().any(|c| &c.name == *k))
        .map(String::as_str)
        .collect();
    assert!(
        unknown.is_empty(),
        "fixtures/known_failures.txt names cases that do not exist: {}",
        unknown.join(", ")
    );
    let mut failed = Vec::new();
    let mut known_failed = Vec::new();
    let mut fixed = Vec::new();
    for case in &selected {
        // Run on its own (LINESIFT_CASE), a known failure is an ordinary one,
        // so that its diff is shown.
        let is_known = only.is_none() && known.iter().any(|k| k == &case.name);
        match run_case(case, bless) {
            Some(_) if is_known => {
                eprintln!("known failure (fixtures/known_failures.txt): {}", case.name);
                known_failed.push(case.name.as_str());
            }
            Some(report) => {
                eprintln!("\n==== FAIL {} ====\n{report}", case.name);
                failed.push(case.name.as_str());
            }
            None if is_known && !bless => fixed.push(case.name.as_str()),
            None => {}
        }
    }
    eprintln!(
        "\ngolden: {} of {} cases passed, {} failed, {} known failures{}",
        selected.len() - failed.len() - known_failed.len(),
        selected.len(),
        failed.len(),
        known_failed.len(),
        if bless {
            " (blessed: review `git diff fixtures/` line by line)"
        } else {
            ""
        }
    );
    assert!(
        orphans.is_empty(),
        "golden files without an input: {}",
        orphans.join(", ")
    );
    assert!(
        failed.is_empty(),
        "{} golden case(s) failed (diffs above; `-` expected, `+` actual):\n  {}\n\
         Run one with LINESIFT_CASE=NAME; after a deliberate change, re-bless with \
         LINESIFT_BLESS=1 and review the diff line by line.",
        failed.len(),
        failed.join("\n  ")
    );
    assert!(
        fixed.is_empty(),
        "listed in fixtures/known_failures.txt but passing now; remove them from the list:\n  {}",
        fixed.join("\n  ")
    );
}

/// Cases allowed to fail for now, one name per line in
/// `fixtures/known_failures.txt` (`#` comments). Strict both ways: a listed
/// case that passes fails the test, so the list can only shrink.
/// `LINESIFT_STRICT=1` ignores the list.
fn known_failures() -> Vec<String> {
    if std::env::var_os("LINESIFT_STRICT").is_some_and(|v| !v.is_empty() && v != "0") {
        return Vec::new();
    }
    let path = root().join("fixtures").join("known_failures.txt");
    fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(|line| {
            line.split('#')
                .next()
                .unwrap_or_default()
                .trim()
                .to_string()
        })
        .filter(|line| !line.is_empty())
        .collect()
}
