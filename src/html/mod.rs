//! HTML mode: the DOM becomes the same segments text mode makes.
//!
//! - [`crate::decode::decode_html`] turns bytes into text (BOM, declared
//!   charset, sniffing);
//! - [`prepare::prepare_html`] caps absurd nesting (which html5ever
//!   parses in quadratic time) and empties scripts and styles, which nothing
//!   reads but the parser would tokenize and copy;
//! - [`walk`] parses it with `scraper` and walks the tree once, iteratively,
//!   into segments carrying [`crate::hints::DomHints`];
//! - the shared stages (features, score, context) classify them;
//! - [`region`] applies what only the DOM knows afterwards (the article
//!   container, boilerplate subtrees) and [`title`] picks the title.

mod prepare;
pub(crate) mod region;
pub(crate) mod title;
mod tokens;
pub(crate) mod walk;

pub(crate) use walk::Walked;

/// Decodes, prepares and parses an HTML page and walks it into segments;
/// `max_depth` caps the element nesting the parser sees.
pub(crate) fn segment_html(bytes: &[u8], max_depth: usize) -> Walked {
    segment_decoded_html(&crate::decode::decode_html(bytes), max_depth)
}

/// [`segment_html`] of a page already decoded: its charset declaration, if
/// any, is not acted on (the text is Unicode whatever the page says).
pub(crate) fn segment_decoded_html(text: &str, max_depth: usize) -> Walked {
    let prepared = prepare::prepare_html(text, max_depth);
    let document = scraper::Html::parse_document(&prepared);
    walk::walk(&document)
}

#[cfg(test)]
mod tests {
    use crate::{clean_html, BlockKind, Label};

    fn run_with_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
        std::thread::Builder::new()
            .stack_size(2 * 1024 * 1024)
            .spawn(f)
            .expect("spawn")
            .join()
            .expect("no stack overflow")
    }

    #[test]
    fn hundred_thousand_nested_elements_do_not_overflow_the_stack() {
        let doc = run_with_small_stack(|| {
            let depth = 100_000;
            let mut page = String::with_capacity(depth * 12 + 200);
            page.push_str("<html><body>");
            for _ in 0..depth {
                page.push_str("<div>");
            }
            page.push_str("<p>The river rose by two metres overnight, and the town closed the old bridge until the water falls again.</p>");
            for _ in 0..depth {
                page.push_str("</div>");
            }
            page.push_str("</body></html>");
            clean_html(page.as_bytes()).expect("cleaned")
        });
        assert!(
            doc.text().contains("closed the old bridge"),
            "{}",
            doc.text()
        );
    }

    #[test]
    fn hundred_thousand_unclosed_inline_elements_do_not_overflow_the_stack() {
        let doc = run_with_small_stack(|| {
            let mut page = String::from(
                "<p>Start of the story, which goes on for a while before anything happens at all.",
            );
            for _ in 0..100_000 {
                page.push_str("<span><b>");
            }
            page.push_str("end");
            clean_html(page.as_bytes()).expect("cleaned")
        });
        assert!(doc
            .blocks()
            .iter()
            .any(|b| b.text().starts_with("Start of the story")));
    }

    #[test]
    fn utf16_page_is_capped_and_its_script_dropped() {
        // The guard runs on the decoded page, so UTF-16 nesting is capped like UTF-8's.
        let page = "<html><body>".to_string()
            + &"<div>".repeat(2_000)
            + "<script>var hiddenCode = '<p>';</script><p>The ferry runs again from Monday, twice a day, after the storm damage to the pier was repaired.</p>";
        let mut bytes = vec![0xFF, 0xFE];
        for unit in page.encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let walked = super::segment_html(&bytes, 64);
        let texts: Vec<&str> = walked.segments.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, ["The ferry runs again from Monday, twice a day, after the storm damage to the pier was repaired."]);
        // 64 levels of divs, plus html and body, not 2 000.
        assert!(walked.elements.len() < 100, "{}", walked.elements.len());
    }

    #[test]
    fn hidden_and_non_text_elements_are_dropped() {
        let page = br#"<html><head><title>T</title><style>p { color: red }</style></head><body>
            <script>var secretScript = 1;</script><noscript>Enable scripts now</noscript>
            <template><p>Template text here</p></template><svg><text>Svg label</text></svg>
            <div hidden>Hidden attribute text</div><div aria-hidden="true">Aria hidden text</div>
            <div style="display: none">Display none text</div>
            <p>Visible words of the article remain, and they read like a sentence.</p></body></html>"#;
        let doc = clean_html(page).expect("cleaned");
        let all: Vec<&str> = doc.blocks().iter().map(|b| b.text()).collect();
        let joined = all.join("\n");
        for gone in [
            "secretScript",
            "Enable scripts",
            "Template text",
            "Svg label",
            "Hidden attribute",
            "Aria hidden",
            "Display none",
            "color: red",
        ] {
            assert!(!joined.contains(gone), "{gone} in {joined}");
        }
        assert!(joined.contains("Visible words of the article remain"));
    }

    #[test]
    fn blocks_follow_block_elements_and_br_breaks_lines() {
        let page = b"<body><div>Outer text <p>Inner <a href='#'>linked</a> paragraph</p> tail text<br>after break</div>\
            <ul><li>First item</li><li>Second item</li></ul><ol><li>Numbered</li></ol>\
            <h2>Sub heading</h2><blockquote>Quoted words</blockquote>\
            <table><tr><th>Name</th><th>Age</th></tr><tr><td>Ann</td><td>31</td></tr></table></body>";
        let doc = clean_html(page).expect("cleaned");
        let blocks: Vec<(&str, BlockKind)> =
            doc.blocks().iter().map(|b| (b.text(), b.kind())).collect();
        assert_eq!(
            blocks,
            vec![
                ("Outer text", BlockKind::Paragraph),
                ("Inner linked paragraph", BlockKind::Paragraph),
                ("tail text\nafter break", BlockKind::Paragraph),
                ("First item", BlockKind::ListItem),
                ("Second item", BlockKind::ListItem),
                ("Numbered", BlockKind::OrderedListItem),
                ("Sub heading", BlockKind::Heading),
                ("Quoted words", BlockKind::Quote),
                ("Name | Age", BlockKind::TableRow),
                ("Ann | 31", BlockKind::TableRow),
            ]
        );
    }

    #[test]
    fn related_list_inside_article_is_dropped_and_body_kept() {
        let body = "The council met on Tuesday evening and voted to rebuild the footbridge over the river before the winter floods arrive. ";
        let page = format!(
            "<html><body><nav><a href='/'>Home</a> <a href='/a'>World</a></nav><article><h1>Footbridge to be rebuilt</h1>\
             <p>{body}</p><p>{body}Work will start next month.</p>\
             <div class='related-posts'><h3>More stories</h3><ul><li><a href='/x'>The mayor explains why the budget went up again this year after all</a></li>\
             <li><a href='/y'>Ten things you did not know about the river and its long history</a></li></ul></div></article>\
             <footer>Contact us</footer></body></html>"
        );
        let doc = clean_html(page.as_bytes()).expect("cleaned");
        assert_eq!(doc.title(), Some("Footbridge to be rebuilt"));
        let text = doc.text();
        assert!(text.contains("Work will start next month."), "{text}");
        assert!(!text.contains("mayor explains"), "{text}");
        assert!(!text.contains("Home"), "{text}");
        let related = doc
            .blocks()
            .iter()
            .find(|b| b.text().contains("mayor explains"))
            .expect("block");
        assert_eq!(related.label(), Label::Related);
    }

    #[test]
    fn body_in_anonymous_divs_is_found() {
        let body = "Residents said the new bus line had cut their trip to work by half, and the city plans to add two more lines next year. ";
        let page = format!(
            "<html><body><div><div><a href='/'>Home</a></div><div><a href='/n'>News</a></div></div>\
             <div><div><div>{body}</div><div>{body}They hope the trams follow.</div></div></div>\
             <div><div><a href='/p'>Privacy</a> <a href='/t'>Terms</a></div></div></body></html>"
        );
        let doc = clean_html(page.as_bytes()).expect("cleaned");
        let text = doc.text();
        assert!(text.contains("They hope the trams follow."), "{text}");
        assert!(!text.contains("Privacy"), "{text}");
        assert!(!text.contains("News"), "{text}");
    }
}
