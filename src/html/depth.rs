//! A nesting cap applied to the markup before parsing.
//!
//! html5ever checks "is this element in scope" by walking its stack of open
//! elements, so a page of 100 000 nested `<div>`s takes quadratic time to
//! parse (about a minute). No real page nests that deep, so a cheap byte scan
//! estimates the depth; only if it passes [`MAX_DEPTH`] are the opening tags
//! beyond it (and as many closing tags) left out, which keeps their text.

use std::borrow::Cow;

/// Deepest nesting kept. Real pages stay well below 200.
pub(crate) const MAX_DEPTH: usize = 512;

/// Elements whose end tag may be left out, or that have none: they do not
/// count towards the depth, since unclosed ones would inflate it.
fn uncounted(name: &[u8]) -> bool {
    const NAMES: [&[u8]; 33] = [
        b"area",
        b"base",
        b"br",
        b"col",
        b"embed",
        b"hr",
        b"img",
        b"input",
        b"link",
        b"meta",
        b"source",
        b"track",
        b"wbr",
        b"param",
        b"keygen",
        b"p",
        b"li",
        b"dt",
        b"dd",
        b"tr",
        b"td",
        b"th",
        b"option",
        b"optgroup",
        b"thead",
        b"tbody",
        b"tfoot",
        b"colgroup",
        b"caption",
        b"html",
        b"head",
        b"body",
        b"frame",
    ];
    NAMES.iter().any(|n| n.eq_ignore_ascii_case(name))
}

/// Elements whose content is raw text: tags inside them are not tags.
fn raw_text(name: &[u8]) -> bool {
    [
        &b"script"[..],
        b"style",
        b"textarea",
        b"title",
        b"xmp",
        b"plaintext",
    ]
    .iter()
    .any(|n| n.eq_ignore_ascii_case(name))
}

/// One tag found by the scan.
struct Tag<'a> {
    start: usize,
    end: usize,
    name: &'a [u8],
    closing: bool,
    self_closing: bool,
}

/// Scans `html` tag by tag and calls `on_tag` for each element tag.
fn scan<'a>(html: &'a [u8], mut on_tag: impl FnMut(&Tag<'a>)) {
    let mut at = 0usize;
    while let Some(offset) = memchr::memchr(b'<', html.get(at..).unwrap_or_default()) {
        let start = at + offset;
        let rest = html.get(start..).unwrap_or_default();
        if rest.starts_with(b"<!--") {
            at = memchr::memmem::find(rest, b"-->").map_or(html.len(), |e| start + e + 3);
            continue;
        }
        let closing = rest.get(1) == Some(&b'/');
        let name_start = start + 1 + usize::from(closing);
        let name_len = html
            .get(name_start..)
            .unwrap_or_default()
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
            .count();
        let Some(name) = html
            .get(name_start..name_start + name_len)
            .filter(|n| n.first().is_some_and(u8::is_ascii_alphabetic))
        else {
            at = start + 1;
            continue;
        };
        let end = memchr::memchr(b'>', rest).map_or(html.len(), |e| start + e + 1);
        let self_closing = html.get(end.saturating_sub(2)) == Some(&b'/');
        on_tag(&Tag {
            start,
            end,
            name,
            closing,
            self_closing,
        });
        at = end;
        if !closing && raw_text(name) {
            // Skip to the matching end tag (ASCII case-insensitive).
            let body = html.get(at..).unwrap_or_default();
            let mut search = 0usize;
            at = html.len();
            while let Some(o) = memchr::memmem::find(body.get(search..).unwrap_or_default(), b"</")
            {
                let candidate = search + o + 2;
                if body
                    .get(candidate..candidate + name.len())
                    .is_some_and(|n| n.eq_ignore_ascii_case(name))
                {
                    at = end + search + o;
                    break;
                }
                search = candidate;
            }
        }
    }
}

/// The markup with nesting beyond [`MAX_DEPTH`] removed; borrowed when the
/// page never nests that deep (nearly always).
pub(crate) fn cap_depth(html: &str) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut depth = 0usize;
    let mut too_deep = false;
    scan(bytes, |tag| {
        if uncounted(tag.name) || tag.self_closing {
            return;
        }
        if tag.closing {
            depth = depth.saturating_sub(1);
        } else {
            depth += 1;
            too_deep |= depth > MAX_DEPTH;
        }
    });
    if !too_deep {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut copied = 0usize;
    let mut depth = 0usize;
    let mut dropped = 0usize;
    scan(bytes, |tag| {
        if uncounted(tag.name) || tag.self_closing {
            return;
        }
        let drop = if tag.closing {
            if dropped > 0 {
                dropped -= 1;
                true
            } else {
                depth = depth.saturating_sub(1);
                false
            }
        } else if depth >= MAX_DEPTH {
            dropped += 1;
            true
        } else {
            depth += 1;
            false
        };
        if drop {
            // Tags start at '<' and end after '>', both ASCII: valid char boundaries.
            out.push_str(html.get(copied..tag.start).unwrap_or_default());
            copied = tag.end;
        }
    });
    out.push_str(html.get(copied..).unwrap_or_default());
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shallow_pages_are_untouched() {
        let page =
            "<html><body><div><p>one<p>two<ul><li>a<li>b</ul><br><img src=x></div></body></html>";
        assert!(matches!(cap_depth(page), Cow::Borrowed(_)));
    }

    #[test]
    fn deep_nesting_is_capped_and_text_kept() {
        let depth = MAX_DEPTH * 3;
        let page = format!(
            "{}<b>deep text</b>{}",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        let capped = cap_depth(&page);
        assert_eq!(capped.matches("<div>").count(), MAX_DEPTH);
        assert_eq!(capped.matches("</div>").count(), MAX_DEPTH);
        // The <b> is beyond the cap too: the tags go, the text stays.
        assert!(capped.contains("deep text"));
        assert!(!capped.contains("<b>"));
    }

    #[test]
    fn tags_in_scripts_and_comments_are_not_counted() {
        let inner = "<div>".repeat(MAX_DEPTH + 10);
        let page = format!("<script>var s = '{inner}';</script><!-- {inner} --><p>x</p>");
        assert!(matches!(cap_depth(&page), Cow::Borrowed(_)));
    }
}
