//! HTML mode: the DOM becomes the same segments text mode makes.
//!
//! (Placeholder until the HTML issue lands: the markup is stripped to text and
//! cleaned as text.)

use crate::segment::Segment;

/// Decodes an HTML page and turns it into segments.
pub(crate) fn segment_html(bytes: &[u8]) -> (Vec<Segment>, Option<String>) {
    let text = crate::decode::decode_text(bytes);
    let document = scraper::Html::parse_document(&text);
    let mut out = String::new();
    for piece in document.root_element().text() {
        out.push_str(piece);
        out.push('\n');
    }
    (crate::segment::segment_text(&out), None)
}
