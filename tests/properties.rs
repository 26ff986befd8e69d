//! Property tests: over arbitrary Unicode text, arbitrary bytes and generated
//! line-structured pages, cleaning never panics, is deterministic, puts every
//! input line in exactly one block, keeps only input lines in input order,
//! and gives JSON that round-trips. Cleaning the cleaned text of every seed
//! and fixture again changes nothing.

use std::path::{Path, PathBuf};

use linesift::{Article, Cleaner, Document, InputKind, Label};
use proptest::prelude::*;

/// The text of `s` with whitespace, invisible characters and hyphens removed:
/// what must survive segmentation, which may re-join hard-wrapped lines
/// (a space for the break) and mend words hyphenated at a break.
fn squash(s: &str) -> String {
    s.chars()
        .filter(|&c| !(c.is_whitespace() || c.is_control() || is_invisible(c) || is_hyphen(c)))
        .collect()
}

/// Characters that carry no text (zero-width, joiners, BOM, soft hyphen).
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
    )
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// The input's lines as linesift counts them: split on `\n`, `\r\n` or a lone `\r`.
fn lines(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(['\n', '\r']) {
        out.push(&rest[..at]);
        let skip = if rest[at..].starts_with("\r\n") { 2 } else { 1 };
        rest = &rest[at + skip..];
    }
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}

/// The checks every text-mode document must pass against its input.
fn check_text_document(input: &str, doc: &Document) -> Result<(), TestCaseError> {
    let input = input.strip_prefix('\u{FEFF}').unwrap_or(input);
    let lines = lines(input);
    // Which block (by index) each line belongs to.
    let mut owner: Vec<Option<usize>> = vec![None; lines.len()];
    for (index, block) in doc.blocks().iter().enumerate() {
        prop_assert!(!block.text().is_empty(), "empty block {index}");
        let span = block.lines();
        prop_assert!(span.is_some(), "text-mode block without lines");
        let span = span.unwrap();
        prop_assert!(1 <= span.first && span.first <= span.last && span.last <= lines.len());
        for line in span.first..=span.last {
            prop_assert!(
                owner[line - 1].is_none(),
                "line {line} is in blocks {:?} and {index}",
                owner[line - 1]
            );
            owner[line - 1] = Some(index);
        }
        // The block's text is its lines' text: nothing added, dropped or reordered.
        let source: String = lines[span.first - 1..span.last].concat();
        prop_assert_eq!(
            squash(block.text()),
            squash(&source),
            "block {} ({:?}) is not its lines",
            index,
            span
        );
    }
    // Every line with text is in a block (spans are disjoint, checked above).
    for (number, (line, owner)) in lines.iter().zip(&owner).enumerate() {
        if !squash(line).is_empty() {
            prop_assert!(
                owner.is_some(),
                "line {} {:?} is in no block",
                number + 1,
                line
            );
        }
    }
    // Blocks are in input order.
    let firsts: Vec<usize> = doc
        .blocks()
        .iter()
        .filter_map(|b| b.lines())
        .map(|s| s.first)
        .collect();
    prop_assert!(
        firsts.windows(2).all(|w| w[0] < w[1]),
        "blocks out of order"
    );
    // The kept text is the kept blocks, in order.
    let kept: Vec<&str> = doc
        .blocks()
        .iter()
        .filter(|b| matches!(b.label(), Label::Heading | Label::Body))
        .map(|b| b.text())
        .collect();
    prop_assert_eq!(doc.text(), kept.join("\n"));
    if let Some(title) = doc.title() {
        prop_assert!(
            doc.blocks()
                .iter()
                .any(|b| b.label() == Label::Title && b.text().ends_with(title)),
            "the title {:?} is not a title block",
            title
        );
    }
    check_json(doc)
}

/// JSON output parses back to the same document.
fn check_json(doc: &Document) -> Result<(), TestCaseError> {
    let json = linesift::render::json(doc);
    let back: Document = serde_json::from_str(&json)
        .map_err(|err| TestCaseError::fail(format!("JSON does not parse back: {err}: {json}")))?;
    prop_assert_eq!(&back, doc);
    Ok(())
}

/// Words for generated pages: stopwords of a few languages (so the language
/// detector and the stopword features fire), content words, non-Latin words.
const WORDS: &[&str] = &[
    "the",
    "of",
    "and",
    "to",
    "in",
    "that",
    "was",
    "for",
    "on",
    "with",
    "der",
    "die",
    "und",
    "le",
    "la",
    "et",
    "el",
    "que",
    "minister",
    "river",
    "council",
    "budget",
    "week",
    "said",
    "would",
    "flood",
    "report",
    "Monday",
    "Paris",
    "city",
    "people",
    "years",
    "Zürich",
    "café",
    "naïve",
    "Москва",
    "東京",
    "القاهرة",
    "😀",
    "x2",
    "1,200",
    "U.S.",
    "e-mail",
    "well-known",
];

/// Lines of known boilerplate kinds.
const BOILERPLATE: &[&str] = &[
    "Accept all cookies",
    "Home | World | Business | Sport",
    "Share on Facebook",
    "© 2026 Example Media. All rights reserved.",
    "Skip to content",
    "Related articles",
    "Leave a Reply",
    "Sign in",
    "By Jane Doe",
    "Updated 3 hours ago",
];

fn word() -> impl Strategy<Value = String> {
    prop::sample::select(WORDS).prop_map(str::to_string)
}

fn sentence(min: usize, max: usize) -> impl Strategy<Value = String> {
    (
        prop::collection::vec(word(), min..max),
        prop::sample::select(&[".", "!", "?", "", ":"][..]),
    )
        .prop_map(|(words, end)| {
            let mut s = words.join(" ");
            if let Some(first) = s.get(..1) {
                s = first.to_uppercase() + &s[1..];
            }
            s + end
        })
}

fn headline() -> impl Strategy<Value = String> {
    prop::collection::vec(word(), 2..9).prop_map(|words| {
        words
            .iter()
            .map(|w| {
                let mut c = w.chars();
                c.next()
                    .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                    .unwrap_or_default()
            })
            .collect::<Vec<_>>()
            .join(" ")
    })
}

/// A paragraph hard-wrapped at `width` columns, as a fixed-width dump has it.
fn wrapped_paragraph() -> impl Strategy<Value = Vec<String>> {
    (prop::collection::vec(sentence(6, 20), 2..6), 30usize..90).prop_map(|(sentences, width)| {
        let mut lines = vec![String::new()];
        for word in sentences.join(" ").split(' ') {
            let last = lines.last_mut().unwrap();
            if !last.is_empty() && last.chars().count() + 1 + word.chars().count() > width {
                lines.push(word.to_string());
            } else {
                if !last.is_empty() {
                    last.push(' ');
                }
                last.push_str(word);
            }
        }
        lines
    })
}

/// One line or group of lines of a page.
fn page_part() -> impl Strategy<Value = Vec<String>> {
    prop_oneof![
        4 => sentence(8, 40).prop_map(|s| vec![s]),
        2 => headline().prop_map(|s| vec![s]),
        2 => prop::sample::select(BOILERPLATE).prop_map(|s| vec![s.to_string()]),
        1 => (prop::sample::select(&["- ", "* ", "• ", "1. ", "a) "][..]), sentence(2, 10))
            .prop_map(|(bullet, s)| vec![bullet.to_string() + &s]),
        1 => Just(vec![String::new()]),
        1 => prop::sample::select(&[" \t ", "\u{A0}", "\u{200B}", "\0", "\u{FEFF}"][..]).prop_map(|s| vec![s.to_string()]),
        1 => wrapped_paragraph(),
        1 => "\\PC{0,80}".prop_map(|s| vec![s]),
    ]
}

/// A page: parts joined with one kind of line ending (sometimes mixed), with
/// some lines indented.
fn page() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(page_part(), 0..40),
        prop::sample::select(&["\n", "\r\n", "\r", "mixed"][..]),
        prop::collection::vec(prop::sample::select(&["", "", "", "  ", "\t"][..]), 64),
    )
        .prop_map(|(parts, ending, indents)| {
            let mut out = String::new();
            for (index, line) in parts.into_iter().flatten().enumerate() {
                out.push_str(indents[index % indents.len()]);
                out.push_str(&line);
                out.push_str(match ending {
                    "mixed" => ["\n", "\r\n", "\r"][index % 3],
                    other => other,
                });
            }
            out
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_is_cleaned_consistently(text in "\\PC*|(\\PC|[\n\r\t ])*") {
        let doc = linesift::clean_text(&text).unwrap();
        check_text_document(&text, &doc)?;
        prop_assert_eq!(linesift::clean_text(&text).unwrap(), doc, "not deterministic");
    }

    #[test]
    fn arbitrary_unicode_with_line_breaks(text in prop::collection::vec(any::<char>(), 0..400)
        .prop_map(|chars| chars.into_iter().collect::<String>())) {
        let doc = linesift::clean_text(&text).unwrap();
        check_text_document(&text, &doc)?;
    }

    #[test]
    fn generated_pages_are_cleaned_consistently(text in page()) {
        let doc = linesift::clean_text(&text).unwrap();
        check_text_document(&text, &doc)?;
        prop_assert_eq!(linesift::clean_text(&text).unwrap(), doc, "not deterministic");
    }

    #[test]
    fn arbitrary_bytes_never_fail(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        let cleaner = Cleaner::default();
        for kind in [InputKind::Auto, InputKind::Text, InputKind::Html] {
            let doc = cleaner.clean(&bytes, kind).unwrap();
            check_json(&doc)?;
            prop_assert_eq!(cleaner.clean(&bytes, kind).unwrap(), doc.clone(), "not deterministic");
            check_article(&cleaner.article(&bytes, kind).unwrap(), &doc)?;
        }
    }

    #[test]
    fn generated_pages_as_html_never_fail(text in page()) {
        let html = String::from("<html><body>")
            + &lines(&text).iter().map(|l| format!("<p>{l}</p>")).collect::<String>();
        let doc = linesift::clean_html(html.as_bytes()).unwrap();
        check_json(&doc)?;
        for block in doc.blocks() {
            prop_assert!(!block.text().is_empty());
        }
    }
}

/// An article is its document's title, text and language.
fn check_article(article: &Article, doc: &Document) -> Result<(), TestCaseError> {
    prop_assert_eq!(article.title(), doc.title());
    prop_assert_eq!(article.text(), doc.text());
    prop_assert_eq!(article.language(), doc.language());
    Ok(())
}

/// Every seed and every fixture input: `seeds/*.txt`, `fixtures/**/*.txt` and
/// `fixtures/**/*.html` (the goldens beside them are left out).
fn corpus() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "txt" || e == "html") {
                out.push(path);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    walk(&root.join("seeds"), &mut out);
    walk(&root.join("fixtures"), &mut out);
    out.sort();
    out
}

#[test]
fn seeds_and_fixtures_pass_the_text_checks() {
    let files = corpus();
    assert!(files.len() >= 5, "the five seeds at least");
    for path in files {
        let bytes = std::fs::read(&path).unwrap();
        let doc = Cleaner::default().clean(&bytes, InputKind::Auto).unwrap();
        check_json(&doc).unwrap();
        if InputKind::Auto.resolve(&bytes) == InputKind::Text {
            let text = String::from_utf8_lossy(&bytes);
            if let Err(err) = check_text_document(&text, &doc) {
                panic!("{}: {err}", path.display());
            }
        }
    }
}

/// `clean_str` (a string decoded on its way in, as `--jsonl` has) gives what
/// `clean` gives for the string's bytes, whatever the kind: every seed and
/// fixture, and each with a byte-order mark before it (which both drop).
/// `article` and `article_str` give the same document's title, text and
/// language.
#[test]
fn a_string_cleans_as_its_bytes_do() {
    let cleaner = Cleaner::default();
    let mut checked = 0;
    for path in corpus() {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        for text in [text.clone(), format!("\u{feff}{text}")] {
            for kind in [InputKind::Auto, InputKind::Text, InputKind::Html] {
                let from_bytes = cleaner.clean(text.as_bytes(), kind).unwrap();
                let from_str = cleaner.clean_str(&text, kind).unwrap();
                assert_eq!(from_str, from_bytes, "{} as {kind:?}", path.display());
                for article in [
                    cleaner.article(text.as_bytes(), kind).unwrap(),
                    cleaner.article_str(&text, kind).unwrap(),
                ] {
                    if let Err(err) = check_article(&article, &from_bytes) {
                        panic!("{} as {kind:?}: {err}", path.display());
                    }
                }
                checked += 1;
            }
        }
    }
    assert!(checked >= 5 * 6, "the seeds at least: {checked}");
}

/// Cleaning the cleaned text again changes nothing: what linesift keeps, it keeps.
#[test]
fn cleaning_cleaned_text_is_idempotent() {
    let mut failures = Vec::new();
    for path in corpus() {
        let bytes = std::fs::read(&path).unwrap();
        let once = Cleaner::default().clean(&bytes, InputKind::Auto).unwrap();
        let text = once.text();
        let twice = linesift::clean_text(&text).unwrap().text();
        if twice != text {
            let diff = similar::TextDiff::from_lines(&text, &twice)
                .unified_diff()
                .header("cleaned once", "cleaned twice")
                .to_string();
            failures.push(format!("{}:\n{diff}", path.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The checker itself catches broken documents: a block's text changed, a
/// line in two blocks, a line left out, blocks out of order. (Documents are
/// built through JSON, the only way to make one outside the crate.)
#[test]
fn the_checks_catch_broken_documents() {
    let input = "Rain Expected All Week\nForecasters said on Monday that the rain would last until Sunday, and that rivers in the north could flood.\nShare on Facebook\n";
    let doc = linesift::clean_text(input).unwrap();
    assert!(check_text_document(input, &doc).is_ok());
    let json: serde_json::Value = serde_json::from_str(&linesift::render::json(&doc)).unwrap();
    let broken = |edit: &dyn Fn(&mut serde_json::Value)| {
        let mut json = json.clone();
        edit(&mut json);
        let doc: Document = serde_json::from_value(json).unwrap();
        check_text_document(input, &doc).is_err()
    };
    assert!(broken(
        &|j| j["blocks"][1]["text"] = "Forecasters said on Tuesday".into()
    ));
    assert!(broken(
        &|j| j["blocks"][1]["lines"] = serde_json::json!({"first": 1, "last": 2})
    ));
    assert!(broken(&|j| {
        j["blocks"].as_array_mut().unwrap().remove(2);
    }));
    assert!(broken(&|j| j["blocks"].as_array_mut().unwrap().swap(0, 1)));
}
