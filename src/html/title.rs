//! The title: from `<h1>`, `og:title`, JSON-LD `headline` or `<title>`,
//! preferring the one the page's own text agrees with.

use super::walk::TitleSources;
use crate::hints::{BlockTag, Tokens};
use crate::segment::Segment;

/// Separators between a page title and the site name in `<title>`.
const SEPARATORS: [&str; 7] = [" | ", " - ", " – ", " — ", " :: ", " · ", " // "];

/// The chosen title and, if the page shows it as a block, that block's index.
pub(crate) fn choose(
    sources: &TitleSources,
    segments: &[Segment],
) -> Option<(String, Option<usize>)> {
    let h1s: Vec<usize> = segments
        .iter()
        .enumerate()
        .filter(|(_, s)| {
            s.dom.as_ref().is_some_and(|d| {
                d.tag == BlockTag::Heading(1) && !d.tokens.intersects(Tokens::STRONG)
            })
        })
        .map(|(i, _)| i)
        .collect();
    let headline = json_ld_headline(&sources.json_ld);
    let stripped = sources.title_tag.as_deref().map(strip_site_name);
    let metadata: Vec<&str> = [sources.og_title.as_deref(), headline.as_deref(), stripped]
        .into_iter()
        .flatten()
        .chain(sources.title_tag.as_deref())
        .collect();

    // An <h1> the metadata agrees with.
    for &index in &h1s {
        let Some(segment) = segments.get(index) else {
            continue;
        };
        if metadata.iter().any(|m| agrees(segment.content(), m)) {
            return Some((segment.content().to_string(), Some(index)));
        }
    }
    // Metadata the page shows as a heading or a short block.
    for meta in &metadata {
        let found = segments.iter().position(|s| {
            s.content().len() <= 400
                && s.dom
                    .as_ref()
                    .is_some_and(|d| !d.tokens.intersects(Tokens::STRONG))
                && agrees(s.content(), meta)
        });
        if let Some(index) = found {
            let text = segments.get(index).map(|s| s.content().to_string())?;
            return Some((text, Some(index)));
        }
    }
    if let Some(&index) = h1s.first() {
        let text = segments.get(index).map(|s| s.content().to_string())?;
        return Some((text, Some(index)));
    }
    let fallback = sources
        .og_title
        .clone()
        .or(headline)
        .or_else(|| stripped.map(str::to_string))?;
    Some((fallback, None))
}

/// True if two titles say the same: equal after case and punctuation are
/// dropped, or one is the other plus a site name.
fn agrees(text: &str, meta: &str) -> bool {
    let a = fold(text);
    let b = fold(meta);
    if a.is_empty() || b.is_empty() {
        return false;
    }
    if a == b {
        return true;
    }
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    // One contains the other and covers most of it (a site name or a kicker added).
    short.len() * 2 >= long.len() && short.len() >= 12 && long.contains(short.as_str())
}

/// Lower-case letters and digits only.
fn fold(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// `<title>` without a site name: the longest part around the separators.
pub(crate) fn strip_site_name(title: &str) -> &str {
    for separator in SEPARATORS {
        if title.contains(separator) {
            return title
                .split(separator)
                .map(str::trim)
                .max_by_key(|part| {
                    part.split_whitespace().count() * 1000 + 999 - part.len().min(999)
                })
                .filter(|part| !part.is_empty())
                .unwrap_or(title);
        }
    }
    title
}

/// The first `headline` string of the JSON-LD scripts.
fn json_ld_headline(scripts: &[String]) -> Option<String> {
    for script in scripts {
        let Ok(value) = serde_json::from_str::<serde_json::Value>(script) else {
            continue;
        };
        // Iterative search: JSON-LD can nest deeply (@graph, mainEntity …).
        let mut stack = vec![&value];
        while let Some(value) = stack.pop() {
            match value {
                serde_json::Value::Object(map) => {
                    if let Some(serde_json::Value::String(headline)) = map.get("headline") {
                        let (text, _) = crate::segment::normalize_line(headline);
                        if !text.is_empty() {
                            return Some(text);
                        }
                    }
                    stack.extend(map.values().rev());
                }
                serde_json::Value::Array(items) => stack.extend(items.iter().rev()),
                _ => {}
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_name_suffix_is_stripped() {
        assert_eq!(
            strip_site_name("Rain expected all week across the north | Example Times"),
            "Rain expected all week across the north"
        );
        assert_eq!(
            strip_site_name("Daily Paper - Council approves the new budget after long night"),
            "Council approves the new budget after long night"
        );
        assert_eq!(strip_site_name("No separator here"), "No separator here");
    }

    #[test]
    fn headline_from_nested_json_ld() {
        let scripts = vec![String::from(
            r#"{"@graph":[{"@type":"WebSite","name":"X"},{"@type":"NewsArticle","headline":"Bridge  reopens"}]}"#,
        )];
        assert_eq!(
            json_ld_headline(&scripts).as_deref(),
            Some("Bridge reopens")
        );
        assert_eq!(json_ld_headline(&[String::from("{not json")]), None);
    }

    #[test]
    fn agreement_ignores_case_punctuation_and_site_names() {
        assert!(agrees(
            "Bridge Reopens After Repairs",
            "bridge reopens after repairs!"
        ));
        assert!(agrees(
            "Bridge reopens after repairs",
            "Bridge reopens after repairs | Daily Paper"
        ));
        assert!(!agrees("Sport", "Bridge reopens after repairs"));
    }
}
