//! Hostile input: whatever a crawler can find. Every case gives a clean
//! document or a clear error, and none panics.
//!
//! These are correctness tests, not timings (speed is measured by
//! `benches/linearity.rs`); the largest inputs are sized to keep the suite to
//! seconds in release mode (`cargo test --release`).
//!
//! `cargo test --release --test hostile -- --ignored write_inputs` writes every
//! input to `$HOSTILE_DIR` (default `target/hostile`) so that
//! `benches/hostile-memory.sh` can measure peak memory on each.

use linesift::{BlockKind, Cleaner, Config, Document, Error, InputKind};

const MIB: usize = 1024 * 1024;

/// A sentence the classifier keeps as body text when it stands among others like it.
const SENTENCE: &str = "The committee said on Monday that the new rules would take effect in the spring, after a long public consultation.";

/// A cleaner whose size limits are out of the way, for inputs meant to be cleaned whole.
fn unlimited() -> Cleaner {
    Cleaner::new(Config {
        max_input_bytes: usize::MAX,
        max_blocks: usize::MAX,
        ..Config::default()
    })
}

/// All the text of a document's blocks, kept or not.
fn all_text(doc: &Document) -> String {
    doc.blocks()
        .iter()
        .map(|b| b.text())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Checks what holds for every document: blocks non-empty and in line order,
/// the renderers work, the JSON output parses back to the same document.
fn sane(doc: &Document) {
    let mut last = 0;
    for block in doc.blocks() {
        assert!(!block.text().is_empty(), "empty block");
        assert!(block.score().is_finite(), "score {}", block.score());
        if let Some(span) = block.lines() {
            assert!(span.first > last && span.first <= span.last, "{span:?}");
            last = span.last;
        }
    }
    let _ = linesift::render::explain(doc);
    let _ = linesift::render::markdown(doc);
    let json = linesift::render::json(doc);
    let back: Document = serde_json::from_str(&json).expect("JSON output parses");
    assert_eq!(&back, doc);
}

/// The hostile inputs, by name: (name, bytes, kind). Shared by the tests and
/// the writer of the memory-measurement inputs.
mod inputs {
    use super::{MIB, SENTENCE};

    pub fn invalid_utf8() -> Vec<u8> {
        let mut out = Vec::new();
        for i in 0..2000u32 {
            out.extend_from_slice(SENTENCE.as_bytes());
            // Lone continuation bytes, an overlong encoding, a truncated sequence,
            // surrogates encoded as UTF-8, and bytes never valid in UTF-8.
            out.extend_from_slice(match i % 5 {
                0 => b" \x80\xbf ",
                1 => b" \xc0\xaf ",
                2 => b" \xe2\x82 ",
                3 => b" \xed\xa0\x80 ",
                _ => b" \xfe\xff ",
            });
            out.push(b'\n');
        }
        out
    }

    pub fn nul_bytes() -> Vec<u8> {
        let mut out = Vec::new();
        for _ in 0..1000 {
            out.extend_from_slice(SENTENCE.replace(' ', "\0 ").as_bytes());
            out.extend_from_slice(b"\n\0\0\0\n");
        }
        out.extend(std::iter::repeat_n(0u8, MIB));
        out
    }

    /// One line of words, `size` bytes, no newline.
    pub fn single_line(size: usize) -> Vec<u8> {
        SENTENCE
            .bytes()
            .chain(std::iter::once(b' '))
            .cycle()
            .take(size)
            .collect()
    }

    /// `count` lines: sentences with short menu-like lines among them.
    pub fn many_lines(count: usize) -> Vec<u8> {
        let mut out = String::with_capacity(count * 40);
        for i in 0..count {
            match i % 4 {
                0 => out.push_str(SENTENCE),
                1 => out.push_str("Home"),
                2 => out.push_str("It rained all week, and the river rose."),
                _ => out.push_str(&format!("Item {i}")),
            }
            out.push('\n');
        }
        out.into_bytes()
    }

    pub fn nested_divs(depth: usize) -> Vec<u8> {
        let mut out = String::from("<html><body>");
        out.push_str(&"<div>".repeat(depth));
        out.push_str(SENTENCE);
        out.push_str(&"</div>".repeat(depth));
        out.push_str("</body></html>");
        out.into_bytes()
    }

    /// `count` start tags never closed: formatting elements (which the parser
    /// re-opens across blocks), spans, and paragraphs, with text between.
    pub fn unclosed_tags(count: usize) -> Vec<u8> {
        let mut out = String::from("<html><body>");
        for i in 0..count {
            out.push_str(["<b>", "<i>", "<span>", "<p>", "<a href=x>", "<font>"][i % 6]);
            out.push_str("word ");
        }
        out.into_bytes()
    }

    /// `elements` formatting elements, each with its own attributes, left
    /// open inside a paragraph, then `paragraphs` paragraphs of `text`. The
    /// parser reopens every open formatting element at each paragraph (and
    /// its "Noah's Ark" limit of three applies only to identical ones), so
    /// unguarded this builds `elements × paragraphs` elements.
    pub fn reopened_formatting(elements: usize, paragraphs: usize, text: &str) -> Vec<u8> {
        let mut out = String::from("<html><body><p>");
        for i in 0..elements {
            out.push_str(["<b class=b", "<i class=i", "<font color=c", "<em id=e"][i % 4]);
            out.push_str(&format!("{i}>"));
        }
        for _ in 0..paragraphs {
            out.push_str("<p>");
            out.push_str(text);
        }
        out.into_bytes()
    }

    pub fn huge_attribute(size: usize) -> Vec<u8> {
        let mut out = String::from("<html><body><div title=\"");
        out.push_str(&"x".repeat(size));
        out.push_str("\"><p>");
        out.push_str(SENTENCE);
        out.push_str("</p></div></body></html>");
        out.into_bytes()
    }

    pub fn wide_table(columns: usize) -> Vec<u8> {
        let mut out = String::from("<html><body><p>");
        out.push_str(SENTENCE);
        out.push_str("</p><table><tr>");
        for i in 0..columns {
            out.push_str(&format!("<td>cell {i}</td>"));
        }
        out.push_str("</tr></table></body></html>");
        out.into_bytes()
    }

    pub fn zalgo() -> Vec<u8> {
        // Every letter carries a stack of combining marks above and below.
        let marks: String = ('\u{0300}'..='\u{036F}').collect();
        let mut out = String::new();
        for _ in 0..50 {
            for c in SENTENCE.chars() {
                out.push(c);
                if c.is_alphabetic() {
                    out.push_str(&marks);
                }
            }
            out.push('\n');
        }
        out.into_bytes()
    }

    pub fn right_to_left() -> Vec<u8> {
        let lines = [
            "\u{202E}This line is reversed by a right-to-left override.\u{202C}",
            "ذكرت اللجنة يوم الاثنين أن القواعد الجديدة ستدخل حيز التنفيذ في الربيع.",
            "הוועדה אמרה ביום שני שהכללים החדשים ייכנסו לתוקף באביב.",
            "\u{200F}\u{202B}mixed עברית and English\u{202C}\u{200E}",
        ];
        lines.join("\n").repeat(100).into_bytes()
    }

    pub fn emoji_only() -> Vec<u8> {
        // Plain emoji, skin tones, ZWJ families, flags and keycaps.
        "😀🎉👍\n👨‍👩‍👧‍👦 👍🏽 🇫🇷🇯🇵\n1️⃣ #️⃣ ❤️‍🔥\n".repeat(200).into_bytes()
    }

    pub fn mixed_line_endings() -> Vec<u8> {
        b"First line here.\r\nSecond line, a little longer.\rThird.\nFourth line, the last one of all.\r\n".to_vec()
    }

    /// Every input with its kind, for the memory measurement.
    pub fn all() -> Vec<(&'static str, Vec<u8>, &'static str)> {
        vec![
            ("invalid-utf8", invalid_utf8(), "text"),
            ("nul-bytes", nul_bytes(), "text"),
            ("single-line-100mb", single_line(100 * MIB), "text"),
            ("million-lines", many_lines(1_000_000), "text"),
            ("nested-divs-100k", nested_divs(100_000), "html"),
            ("unclosed-tags-100k", unclosed_tags(100_000), "html"),
            (
                "reopened-formatting",
                reopened_formatting(10_000, 200_000, "x"),
                "html",
            ),
            ("attribute-10mb", huge_attribute(10 * MIB), "html"),
            ("table-10k-columns", wide_table(10_000), "html"),
            ("zalgo", zalgo(), "text"),
            ("right-to-left", right_to_left(), "text"),
            ("emoji-only", emoji_only(), "text"),
            ("mixed-line-endings", mixed_line_endings(), "text"),
            ("empty", Vec::new(), "text"),
            (
                "whitespace-only",
                b" \t\n\r\n\x0b\x0c  \n".repeat(1000),
                "text",
            ),
        ]
    }
}

#[test]
fn invalid_utf8_is_decoded_not_dropped() {
    let bytes = inputs::invalid_utf8();
    for kind in [InputKind::Text, InputKind::Auto, InputKind::Html] {
        let doc = Cleaner::default().clean(&bytes, kind).expect("cleans");
        sane(&doc);
        // The valid text around the bad bytes survives.
        assert!(all_text(&doc).contains("the new rules would take effect"));
    }
}

#[test]
fn nul_bytes_are_spaces() {
    let doc = Cleaner::default()
        .clean(&inputs::nul_bytes(), InputKind::Text)
        .expect("cleans");
    sane(&doc);
    let text = all_text(&doc);
    assert!(!text.contains('\0'));
    assert!(text.contains("The committee said on Monday"));
}

#[test]
fn line_of_100_mb_is_refused_by_default_with_a_clear_error() {
    let bytes = inputs::single_line(100 * MIB);
    let err = Cleaner::default()
        .clean(&bytes, InputKind::Text)
        .expect_err("over the 64 MiB default");
    assert_eq!(
        err,
        Error::InputTooLarge {
            size: 100 * MIB,
            limit: 64 * MIB
        }
    );
    assert!(err.to_string().contains("max_input_bytes"));
}

#[test]
fn line_of_100_mb_is_cleaned_when_allowed() {
    let bytes = inputs::single_line(100 * MIB);
    let doc = unlimited().clean(&bytes, InputKind::Text).expect("cleans");
    sane(&doc);
    assert_eq!(doc.blocks().len(), 1);
    let block = &doc.blocks()[0];
    assert_eq!(block.lines().map(|s| (s.first, s.last)), Some((1, 1)));
    // Whitespace normalisation keeps every byte but a trailing space.
    assert_eq!(block.text().len(), bytes.trim_ascii_end().len());
}

#[test]
fn million_lines_are_refused_by_default_with_a_clear_error() {
    let bytes = inputs::many_lines(1_000_000);
    let err = Cleaner::default()
        .clean(&bytes, InputKind::Text)
        .expect_err("over the block limit");
    assert_eq!(
        err,
        Error::TooManyBlocks {
            count: 1_000_000,
            limit: 100_000
        }
    );
    assert!(err.to_string().contains("max_blocks"));
}

#[test]
fn million_lines_are_cleaned_when_allowed() {
    let bytes = inputs::many_lines(1_000_000);
    let doc = unlimited().clean(&bytes, InputKind::Text).expect("cleans");
    sane(&doc);
    // Every line is in exactly one block: the spans (checked ordered by `sane`)
    // cover all million lines, none blank, without gaps. (Lines may be re-joined:
    // the sentence lines all have one length, which looks hard-wrapped.)
    let covered: usize = doc
        .blocks()
        .iter()
        .filter_map(|b| b.lines())
        .map(|s| s.last - s.first + 1)
        .sum();
    assert_eq!(covered, 1_000_000);
    assert_eq!(
        doc.blocks().last().and_then(|b| b.lines()).map(|s| s.last),
        Some(1_000_000)
    );
}

#[test]
fn deeply_nested_divs_keep_their_text() {
    let doc = Cleaner::default()
        .clean(&inputs::nested_divs(100_000), InputKind::Auto)
        .expect("cleans");
    sane(&doc);
    assert!(all_text(&doc).contains("the new rules would take effect"));
}

/// Regression: with 2 000 nested `<div>`s around the article, the nesting
/// guard removed the `<h1>` past the depth cap and the page lost its title.
#[test]
fn deep_page_keeps_its_heading_as_title() {
    let depth = 2000;
    let page = "<html><body>".to_string()
        + &"<div class=\"n\">".repeat(depth)
        + "<h1>Storm Closes the Harbour</h1><p>"
        + SENTENCE
        + "</p><p>"
        + SENTENCE
        + "</p>"
        + &"</div>".repeat(depth)
        + "</body></html>";
    let doc = Cleaner::default()
        .clean_html(page.as_bytes())
        .expect("cleans");
    sane(&doc);
    assert_eq!(doc.title(), Some("Storm Closes the Harbour"));
}

#[test]
fn unclosed_tags_keep_their_text() {
    let doc = Cleaner::default()
        .clean(&inputs::unclosed_tags(100_000), InputKind::Html)
        .expect("cleans");
    sane(&doc);
    let words = all_text(&doc).matches("word").count();
    assert_eq!(words, 100_000, "every word between the tags is in a block");
}

#[test]
fn reopened_formatting_elements_keep_the_page_cleaned() {
    let doc = Cleaner::default()
        .clean(
            &inputs::reopened_formatting(2_000, 2_000, SENTENCE),
            InputKind::Html,
        )
        .expect("cleans");
    sane(&doc);
    let blocks = doc.blocks().iter().filter(|b| b.text() == SENTENCE).count();
    assert_eq!(blocks, 2_000, "each paragraph is still a block of its own");
    assert_eq!(
        doc.text().matches(SENTENCE).count(),
        2_000,
        "and kept as body text"
    );
}

#[test]
fn huge_attribute_is_ignored_and_the_text_kept() {
    let doc = Cleaner::default()
        .clean(&inputs::huge_attribute(10 * MIB), InputKind::Html)
        .expect("cleans");
    sane(&doc);
    let text = all_text(&doc);
    assert!(text.contains("the new rules would take effect"));
    assert!(!text.contains("xxxx"), "attribute values are not text");
}

#[test]
fn wide_table_keeps_every_cell() {
    let doc = Cleaner::default()
        .clean(&inputs::wide_table(10_000), InputKind::Html)
        .expect("cleans");
    sane(&doc);
    let text = all_text(&doc);
    assert!(text.contains("cell 0"));
    assert!(text.contains("cell 9999"));
}

#[test]
fn zalgo_keeps_its_marks() {
    let bytes = inputs::zalgo();
    let doc = Cleaner::default()
        .clean(&bytes, InputKind::Text)
        .expect("cleans");
    sane(&doc);
    assert!(!doc.blocks().is_empty());
    // Combining marks are not whitespace: the text comes back unchanged.
    let first_line = std::str::from_utf8(&bytes)
        .expect("UTF-8")
        .lines()
        .next()
        .expect("a line");
    assert_eq!(doc.blocks()[0].text(), first_line);
}

#[test]
fn right_to_left_text_is_kept_as_it_is() {
    let doc = Cleaner::default()
        .clean(&inputs::right_to_left(), InputKind::Text)
        .expect("cleans");
    sane(&doc);
    let text = all_text(&doc);
    assert!(text.contains("ذكرت اللجنة يوم الاثنين"));
    assert!(text.contains("הוועדה אמרה ביום שני"));
    // Direction marks and overrides are formatting, not whitespace: kept.
    assert!(text.contains('\u{202E}'));
}

#[test]
fn emoji_only_text_gives_blocks_and_no_words() {
    let doc = Cleaner::default()
        .clean(&inputs::emoji_only(), InputKind::Text)
        .expect("cleans");
    sane(&doc);
    assert_eq!(doc.blocks().len(), 600);
    let text = all_text(&doc);
    assert!(text.contains("👍🏽"));
    assert!(text.contains("🇫🇷🇯🇵"));
    // A ZWJ sequence comes back whole: the joiner is text, not whitespace.
    assert!(text.contains("👨\u{200D}👩\u{200D}👧\u{200D}👦"));
}

#[test]
fn mixed_line_endings_count_lines_alike() {
    let doc = Cleaner::default()
        .clean(&inputs::mixed_line_endings(), InputKind::Text)
        .expect("cleans");
    sane(&doc);
    let spans: Vec<(usize, usize)> = doc
        .blocks()
        .iter()
        .filter_map(|b| b.lines())
        .map(|s| (s.first, s.last))
        .collect();
    assert_eq!(spans, [(1, 1), (2, 2), (3, 3), (4, 4)]);
    assert_eq!(doc.blocks()[2].text(), "Third.");
}

#[test]
fn empty_input_is_an_empty_document() {
    for kind in [InputKind::Auto, InputKind::Text, InputKind::Html] {
        let doc = Cleaner::default().clean(b"", kind).expect("cleans");
        sane(&doc);
        assert!(doc.blocks().is_empty());
        assert!(doc.is_empty());
        assert_eq!(doc.text(), "");
        assert_eq!(doc.title(), None);
    }
}

#[test]
fn whitespace_only_input_is_an_empty_document() {
    let bytes = " \t\n\r\n\x0b\x0c \u{a0}\n".repeat(1000).into_bytes();
    for kind in [InputKind::Auto, InputKind::Text, InputKind::Html] {
        let doc = Cleaner::default().clean(&bytes, kind).expect("cleans");
        sane(&doc);
        assert!(doc.blocks().is_empty(), "{kind:?}: {:?}", doc.blocks());
    }
}

#[test]
fn block_limit_counts_only_non_blank_lines() {
    let cleaner = Cleaner::new(Config {
        max_blocks: 3,
        ..Config::default()
    });
    // Three text lines and many blank or whitespace-only ones: within the limit.
    let ok = "one\n\n  \n\t\ntwo\r\n\r\nthree\n\n\n";
    assert!(cleaner.clean_text(ok).is_ok());
    assert_eq!(
        cleaner.clean_text("one\ntwo\nthree\nfour"),
        Err(Error::TooManyBlocks { count: 4, limit: 3 })
    );
}

#[test]
fn block_limit_applies_to_html() {
    let cleaner = Cleaner::new(Config {
        max_blocks: 10,
        ..Config::default()
    });
    let page = "<html><body>".to_string() + &"<p>A paragraph.</p>".repeat(50);
    match cleaner.clean_html(page.as_bytes()) {
        Err(Error::TooManyBlocks { count, limit: 10 }) => assert!(count > 10),
        other => panic!("expected TooManyBlocks, got {other:?}"),
    }
}

#[test]
fn kinds_are_structure_not_judgement() {
    // A list of 10 000 bullets: each a list item, whatever its label.
    let text = "- item\n".repeat(10_000);
    let doc = Cleaner::default().clean_text(&text).expect("cleans");
    sane(&doc);
    assert!(doc.blocks().iter().all(|b| b.kind() == BlockKind::ListItem));
}

/// Writes every hostile input to `$HOSTILE_DIR` (default `target/hostile`) as
/// `<name>.<kind>`, for `benches/hostile-memory.sh`.
#[test]
#[ignore = "writes files for the memory measurement"]
fn write_inputs() {
    let dir = std::env::var("HOSTILE_DIR").unwrap_or_else(|_| "target/hostile".into());
    std::fs::create_dir_all(&dir).expect("create the output folder");
    for (name, bytes, kind) in inputs::all() {
        let path = std::path::Path::new(&dir).join(format!("{name}.{kind}"));
        std::fs::write(&path, bytes).expect("write an input");
    }
}
