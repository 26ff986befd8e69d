//! Checks every fuzz target runs on the document it got: each renderer works,
//! JSON output round-trips, and text-mode line spans are ordered and inside the input.
//!
//! A failed check panics, which libFuzzer reports as a crash with the input saved.

use linesift::{render, Document};

/// Runs every renderer and checks the invariants of `doc`.
/// `line_count` is the number of input lines for text mode, `None` for HTML.
pub fn check(doc: &Document, line_count: Option<usize>) {
    let _ = render::text(doc, true);
    let _ = render::explain(doc);
    let _ = render::markdown(doc);
    let json = render::json(doc);
    let back: Document = match serde_json::from_str(&json) {
        Ok(back) => back,
        Err(err) => panic!("JSON output does not parse back: {err}\n{json}"),
    };
    assert_eq!(&back, doc, "JSON round-trip changed the document");

    let mut previous_last = 0usize;
    for block in doc.blocks() {
        assert!(!block.text().is_empty(), "empty block");
        assert!(block.score().is_finite(), "score is not finite");
        if let Some(span) = block.lines() {
            assert!(span.first >= 1 && span.first <= span.last, "bad span {span:?}");
            assert!(span.first > previous_last, "spans overlap or go backwards");
            if let Some(count) = line_count {
                assert!(span.last <= count, "span {span:?} beyond {count} lines");
            }
            previous_last = span.last;
        }
    }
}

/// Lines as linesift counts them: split on `\n`, `\r\n` or a lone `\r`.
// Only the text target has line numbers to check.
#[allow(dead_code)]
pub fn count_lines(text: &str) -> usize {
    let mut count = 0;
    let mut chars = text.chars().peekable();
    let mut in_line = false;
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                count += 1;
                in_line = false;
            }
            '\n' => {
                count += 1;
                in_line = false;
            }
            _ => in_line = true,
        }
    }
    count + usize::from(in_line)
}
