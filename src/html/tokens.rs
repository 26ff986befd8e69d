//! Class, id and role values become [`Tokens`].
//!
//! A value is split into word-ish parts — on `-`, `_`, spaces, digits and other
//! punctuation, and at lower-to-upper camelCase steps — and each part is looked
//! up whole, so `site-header` and `siteHeader` hold `header` while `head`,
//! `shadow` or `download` never count as `ad`.

use crate::hints::{Token, Tokens};

/// The longest part looked up; longer parts are no token.
const MAX_PART: usize = 16;

/// The tokens in a class or id value. Class names that are CMS taxonomy
/// descriptors (`category-…`, `tag-…`, `author-…`, `format-…`) name what the
/// page is about, not what the element is, and are skipped.
pub(crate) fn class_tokens(value: &str) -> Tokens {
    let mut tokens = Tokens::default();
    for name in value.split_ascii_whitespace() {
        if !is_taxonomy(name) {
            tokens = tokens.union(name_tokens(name));
        }
    }
    tokens
}

/// True for class names like `category-news`, `tag-sport`, `author-jane`,
/// `format-aside`, `has-sidebar`: a key and a value, not a role.
fn is_taxonomy(name: &str) -> bool {
    let Some((key, value)) = name.split_once(['-', '_']) else {
        return false;
    };
    !value.is_empty()
        && [
            "format", "category", "cat", "tag", "author", "type", "status", "postid", "layout",
            "template", "taxonomy", "term", "has", "is", "no", "single",
        ]
        .iter()
        .any(|k| key.eq_ignore_ascii_case(k))
}

/// The tokens in one class name or id.
fn name_tokens(value: &str) -> Tokens {
    let mut tokens = Tokens::default();
    let bytes = value.as_bytes();
    let mut start = 0usize;
    let mut index = 0usize;
    while index <= bytes.len() {
        let byte = bytes.get(index).copied();
        let boundary = match byte {
            None => true,
            Some(b) if !b.is_ascii_alphabetic() => true,
            // camelCase: an upper-case letter after a lower-case one starts a part.
            Some(b) if b.is_ascii_uppercase() && index > start => {
                bytes.get(index - 1).is_some_and(|p| p.is_ascii_lowercase())
            }
            _ => false,
        };
        if boundary {
            if let Some(part) = bytes.get(start..index) {
                if let Some(token) = part_token(part) {
                    tokens.insert(token);
                }
            }
            start = if byte.is_some_and(|b| b.is_ascii_uppercase()) {
                index
            } else {
                index + 1
            };
        }
        index += 1;
    }
    tokens
}

/// The token one part names, if any.
fn part_token(part: &[u8]) -> Option<Token> {
    if part.len() < 2 || part.len() > MAX_PART {
        return None;
    }
    let mut buffer = [0u8; MAX_PART];
    let lower = buffer.get_mut(..part.len())?;
    lower.copy_from_slice(part);
    lower.make_ascii_lowercase();
    let token = match &*lower {
        b"nav" | b"navbar" | b"navigation" | b"menu" | b"menubar" | b"breadcrumb"
        | b"breadcrumbs" | b"pagination" | b"pager" | b"topbar" | b"toolbar" | b"skip" => {
            Token::Nav
        }
        b"header" | b"masthead" | b"banner" => Token::Header,
        b"footer" | b"colophon" | b"copyright" => Token::Footer,
        b"aside" | b"sidebar" | b"rail" => Token::Aside,
        b"comment" | b"comments" | b"discussion" | b"replies" | b"respond" => Token::Comment,
        b"share" | b"sharing" | b"social" | b"sharebar" => Token::Share,
        b"related" | b"recommended" | b"recommendations" | b"popular" | b"trending" | b"teaser"
        | b"teasers" => Token::Related,
        b"cookie" | b"cookies" | b"consent" | b"gdpr" => Token::Consent,
        b"ad" | b"ads" | b"advert" | b"adverts" | b"advertisement" | b"advertising" | b"promo"
        | b"promos" | b"promotion" | b"newsletter" | b"subscribe" | b"subscription"
        | b"sponsor" | b"sponsored" | b"paywall" | b"signup" | b"popup" | b"modal" => Token::Promo,
        b"byline" | b"author" | b"dateline" | b"meta" | b"tags" | b"tag" | b"timestamp" => {
            Token::Meta
        }
        b"caption" | b"credit" | b"credits" => Token::Caption,
        b"article" | b"main" | b"content" | b"post" | b"entry" | b"story" | b"body" | b"text"
        | b"prose" => Token::Content,
        _ => return None,
    };
    Some(token)
}

/// The tokens an ARIA role names.
pub(crate) fn role_tokens(value: &str) -> Tokens {
    let mut tokens = Tokens::default();
    for role in value.split_ascii_whitespace() {
        let token = match role.to_ascii_lowercase().as_str() {
            "navigation" | "menu" | "menubar" | "search" => Token::Nav,
            "banner" => Token::Header,
            "contentinfo" => Token::Footer,
            "complementary" => Token::Aside,
            "dialog" | "alertdialog" => Token::Promo,
            "main" | "article" => Token::Content,
            _ => continue,
        };
        tokens.insert(token);
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has(value: &str, token: Token) -> bool {
        class_tokens(value).has(token)
    }

    #[test]
    fn parts_split_on_punctuation_and_camel_case() {
        assert!(has("site-header", Token::Header));
        assert!(has("siteHeader", Token::Header));
        assert!(has("main_nav", Token::Nav));
        assert!(has("js-share-buttons", Token::Share));
        assert!(has("CommentList", Token::Comment));
        assert!(has("entry-content", Token::Content));
        assert!(has("ad-slot", Token::Promo));
        assert!(has("top ads", Token::Promo));
    }

    #[test]
    fn tokens_are_matched_whole() {
        assert!(!has("head", Token::Promo));
        assert!(!has("shadow", Token::Promo));
        assert!(!has("download", Token::Promo));
        assert!(!has("loaded", Token::Promo));
        assert!(!has("headline", Token::Header));
        assert!(!has("navy", Token::Nav));
        assert!(class_tokens("").0 == 0);
    }

    #[test]
    fn taxonomy_class_names_are_not_roles() {
        assert!(!has("post format-aside category-news", Token::Aside));
        assert!(!has("entry author-someone tag-comments", Token::Meta));
        assert!(!has("tag-comments", Token::Comment));
        assert!(has("post format-aside", Token::Content));
        assert!(has("author-box", Token::Meta) || !is_taxonomy("author"));
    }

    #[test]
    fn roles() {
        assert!(role_tokens("navigation").has(Token::Nav));
        assert!(role_tokens("contentinfo").has(Token::Footer));
        assert!(role_tokens("main").has(Token::Content));
        assert_eq!(role_tokens("presentation"), Tokens::default());
    }
}
