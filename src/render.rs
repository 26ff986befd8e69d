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
/// separated by blank lines, `-` and `1.` list items, `>` quotes, fenced
/// preformatted text, and runs of table rows as a Markdown table (the first
/// row as its header).
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
    let mut number = 0usize;
    let mut columns = 0usize;
    for block in doc.body_blocks() {
        // Text mode only knows a heading by its label; a list item or table
        // row the context pass took for a heading keeps its structure.
        let kind = match (block.label(), block.kind()) {
            (crate::Label::Heading, BlockKind::Paragraph) => BlockKind::Heading,
            (_, kind) => kind,
        };
        let continues = previous == Some(kind)
            && matches!(
                kind,
                BlockKind::ListItem | BlockKind::OrderedListItem | BlockKind::TableRow
            );
        if !out.is_empty() && !continues {
            out.push('\n');
        }
        if !continues {
            number = 0;
        }
        match kind {
            BlockKind::Heading => {
                let _ = writeln!(out, "## {}", block.text());
            }
            BlockKind::ListItem => {
                let _ = writeln!(out, "- {}", item_text(block));
            }
            BlockKind::OrderedListItem => {
                number += 1;
                let _ = writeln!(out, "{number}. {}", item_text(block));
            }
            BlockKind::Quote => {
                for line in block.text().lines() {
                    let _ = writeln!(out, "> {line}");
                }
            }
            BlockKind::Preformatted => {
                let _ = writeln!(out, "```\n{}\n```", block.text());
            }
            BlockKind::TableRow => {
                let cells: Vec<&str> = block.text().split(" | ").collect();
                if continues {
                    let mut row = cells;
                    row.resize(columns.max(row.len()), "");
                    let _ = writeln!(out, "| {} |", row.join(" | "));
                } else {
                    columns = cells.len();
                    let _ = writeln!(out, "| {} |", cells.join(" | "));
                    let _ = writeln!(out, "|{}", " --- |".repeat(columns));
                }
            }
            BlockKind::Paragraph => {
                let _ = writeln!(out, "{}", block.text());
            }
        }
        previous = Some(kind);
    }
    out
}

/// A list item's text without the bullet or number text mode keeps.
fn item_text(block: &crate::document::Block) -> &str {
    if block.lines().is_none() {
        // HTML list items carry no marker of their own.
        return block.text();
    }
    crate::segment::list_marker(block.text())
        .and_then(|(_, len)| block.text().get(len..))
        .unwrap_or(block.text())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_from_html_structure() {
        let long = "The committee published its report on Monday, and it found that the scheme had worked well in every town that tried it.";
        let second = "Delays fell in all of the towns, and the councils spent less on the buses than they had in the year before the trial.";
        let third = "The council will vote on the recommendations at its next meeting, which is expected to take place in the spring.";
        let page = format!(
            "<html><head><title>Scheme works, report says | Daily Example</title></head><body><article>\
             <h1>Scheme works, report says</h1><p>{long}</p><h2>What it found</h2><p>{second}</p>\
             <ul><li>Fewer delays in the towns</li><li>Lower costs for the councils</li></ul>\
             <ol><li>Extend the scheme</li><li>Review it in a year</li></ol>\
             <blockquote>It worked better than any of us expected, said the chair.</blockquote>\
             <table><tr><th>Town</th><th>Delay</th></tr><tr><td>North</td><td>-20%</td></tr><tr><td>South</td><td>-15%</td></tr></table>\
             <p>{third}</p></article></body></html>"
        );
        let doc = crate::clean_html(page.as_bytes()).expect("cleaned");
        let md = markdown(&doc);
        let expected = format!(
            "# Scheme works, report says\n\n{long}\n\n## What it found\n\n{second}\n\n\
             - Fewer delays in the towns\n- Lower costs for the councils\n\n\
             1. Extend the scheme\n2. Review it in a year\n\n\
             > It worked better than any of us expected, said the chair.\n\n\
             | Town | Delay |\n| --- | --- |\n| North | -20% |\n| South | -15% |\n\n{third}\n"
        );
        assert_eq!(md, expected);
    }
}
