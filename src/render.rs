//! Rendering a [`Document`]: plain text, JSON, Markdown and the `--explain` table.

use std::fmt::Write as _;

use crate::document::Document;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// The article text: headings and body, one block per line.
    #[default]
    Text,
    /// The whole document — title, language, every block with label, score and reasons — as JSON.
    Json,
    /// One line per block with its label, score and reasons, aligned for a terminal.
    Explain,
    /// The article as Markdown.
    Markdown,
}

/// Renders the article as plain text, the title first if `with_title` is set.
///
/// ```
/// let doc = linesift::clean_text("Storm Hits Coast\nThe storm reached the coast on Monday night, and thousands of homes lost power.\n").unwrap();
/// assert_eq!(
///     linesift::render::text(&doc, true),
///     "Storm Hits Coast\nThe storm reached the coast on Monday night, and thousands of homes lost power.\n"
/// );
/// ```
pub fn text(doc: &Document, with_title: bool) -> String {
    let mut out = String::new();
    if with_title {
        if let Some(title) = doc.title() {
            out.push_str(title);
            out.push('\n');
        }
    }
    for block in doc.body_blocks() {
        out.push_str(block.text());
        out.push('\n');
    }
    out
}

/// Renders the document as one line of JSON.
///
/// ```
/// let doc = linesift::clean_text("Accept cookies\n").unwrap();
/// let json = linesift::render::json(&doc);
/// assert!(json.contains("\"label\":\"consent\""));
/// ```
pub fn json(doc: &Document) -> String {
    // Serialising plain data with string keys cannot fail.
    serde_json::to_string(doc).unwrap_or_default()
}

/// Renders every block as one line: line numbers (text mode), label, score,
/// the text (cut to fit) and the reasons.
///
/// ```
/// let doc = linesift::clean_text("Accept cookies\n").unwrap();
/// let table = linesift::render::explain(&doc);
/// assert!(table.contains("consent"));
/// assert!(table.contains("pattern:consent"));
/// ```
pub fn explain(doc: &Document) -> String {
    const TEXT_WIDTH: usize = 60;
    let mut out = String::new();
    for block in doc.blocks() {
        let lines = match block.lines() {
            Some(span) if span.first == span.last => span.first.to_string(),
            Some(span) => format!("{}-{}", span.first, span.last),
            None => String::from("-"),
        };
        let mark = if block.is_kept() { '+' } else { '-' };
        let mut shown: String = block.text().chars().take(TEXT_WIDTH).collect();
        if block.text().chars().nth(TEXT_WIDTH).is_some() {
            shown.pop();
            shown.push('…');
        }
        let reasons = block.reasons().join(", ");
        let _ = writeln!(
            out,
            "{lines:>7} {mark} {label:<10} {score:>6.2}  {shown:<width$}  [{reasons}]",
            label = block.label().as_str(),
            score = block.score(),
            width = TEXT_WIDTH,
        );
    }
    out
}

/// Renders the article as Markdown: `#` title, `##` headings, paragraphs
/// separated by blank lines, list items as `-` or `1.` items.
///
/// ```
/// let doc = linesift::clean_text("Storm Hits Coast\nThe storm reached the coast on Monday night, and thousands of homes lost power.\n").unwrap();
/// assert_eq!(
///     linesift::render::markdown(&doc),
///     "# Storm Hits Coast\n\nThe storm reached the coast on Monday night, and thousands of homes lost power.\n"
/// );
/// ```
pub fn markdown(doc: &Document) -> String {
    use crate::document::BlockKind;
    let mut out = String::new();
    if let Some(title) = doc.title() {
        let _ = writeln!(out, "# {title}");
    }
    let mut previous: Option<BlockKind> = None;
    for block in doc.body_blocks() {
        let kind = block.kind();
        let is_item = matches!(kind, BlockKind::ListItem | BlockKind::OrderedListItem);
        let continues_list = is_item && previous == Some(kind);
        if !out.is_empty() && !continues_list {
            out.push('\n');
        }
        match (block.label(), kind) {
            (crate::Label::Heading, _) | (_, BlockKind::Heading) => {
                let _ = writeln!(out, "## {}", block.text());
            }
            (_, BlockKind::ListItem) => {
                let item = crate::segment::list_marker(block.text())
                    .and_then(|(_, len)| block.text().get(len..))
                    .unwrap_or(block.text());
                let _ = writeln!(out, "- {item}");
            }
            (_, BlockKind::Quote) => {
                let _ = writeln!(out, "> {}", block.text());
            }
            _ => {
                let _ = writeln!(out, "{}", block.text());
            }
        }
        previous = Some(kind);
    }
    out
}
