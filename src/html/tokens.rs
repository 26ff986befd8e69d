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
    // `author-box`, `author_bio`: the element about the author, not the
    // author's name as a descriptor.
    if key.eq_ignore_ascii_case("author")
        && [
            "box",
            "bio",
            "info",
            "about",
            "description",
            "details",
            "profile",
            "card",
        ]
        .iter()
        .any(|v| value.eq_ignore_ascii_case(v))
    {
        return false;
    }
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
    let mut author_pending = false;
    let mut skip = false;
    let mut embed = false;
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
            if let Some(part) = bytes.get(start..index).filter(|p| !p.is_empty()) {
                if std::mem::take(&mut author_pending) && is_box_word(part) {
                    tokens.insert(Token::Author);
                }
                match part_token(part) {
                    Some(Token::Article) => {
                        tokens.insert(Token::Article);
                        tokens.insert(Token::Content);
                    }
                    // `author` names an author box only as the last part or
                    // before a box word (`author-box`, `m-author__bio`); in
                    // `displayed_author-jane-doe` it is a descriptor.
                    Some(Token::Author) => {
                        tokens.insert(Token::Meta);
                        author_pending = true;
                    }
                    // Decided at the end: see below.
                    _ if part.eq_ignore_ascii_case(b"skip") => skip = true,
                    None if part.eq_ignore_ascii_case(b"embed")
                        || part.eq_ignore_ascii_case(b"embedded") =>
                    {
                        embed = true;
                    }
                    Some(token) => tokens.insert(token),
                    None => {}
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
    if author_pending {
        tokens.insert(Token::Author);
    }
    // `skip-links` holds the "skip to content" links; `skip-main`,
    // `skip-content` is the element they jump to — the page's content.
    if skip && !tokens.has(Token::Content) {
        tokens.insert(Token::Nav);
    }
    // `social-embed`, `social-media-embed`: a post quoted in the article (a
    // tweet the story is about), not a row of share buttons.
    if embed {
        let mut share = Tokens::default();
        share.insert(Token::Share);
        tokens = tokens.minus(share);
    }
    tokens
}

/// Parts that, after `author`, make the element a box about the author.
fn is_box_word(part: &[u8]) -> bool {
    [
        &b"box"[..],
        b"bio",
        b"info",
        b"about",
        b"description",
        b"details",
        b"profile",
        b"card",
        b"wrap",
        b"wrapper",
        b"container",
        b"block",
        b"section",
    ]
    .iter()
    .any(|w| part.eq_ignore_ascii_case(w))
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
        b"related" | b"recommended" | b"recommendations" | b"popular" | b"trending" => {
            Token::Related
        }
        b"cookie" | b"cookies" | b"consent" | b"gdpr" => Token::Consent,
        b"ad" | b"ads" | b"advert" | b"adverts" | b"advertisement" | b"advertising" | b"promo"
        | b"promos" | b"promotion" | b"newsletter" | b"subscribe" | b"subscription"
        | b"sponsor" | b"sponsored" | b"signup" | b"popup" | b"modal" => Token::Promo,
        b"author" | b"authors" | b"bio" => Token::Author,
        b"byline" | b"dateline" | b"meta" | b"tags" | b"tag" | b"timestamp" => Token::Meta,
        b"caption" | b"credit" | b"credits" => Token::Caption,
        b"main" | b"content" | b"body" | b"text" | b"prose" => Token::Content,
        b"article" | b"post" | b"entry" | b"story" | b"hentry" => Token::Article,
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
        assert!(has("post", Token::Article) && has("post", Token::Content));
        assert!(!has("content", Token::Article));
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
    fn author_boxes_but_not_author_descriptors() {
        assert!(has("author-box", Token::Author));
        assert!(has("m-author__description", Token::Author));
        assert!(has("vcard author", Token::Author));
        assert!(has("field-cc-author", Token::Author));
        assert!(!has("displayed_author-jane-doe", Token::Author));
        assert!(!has("author-jane", Token::Author));
        assert!(has("author-box", Token::Meta));
    }

    #[test]
    fn a_skip_link_target_is_content_and_the_links_are_navigation() {
        assert!(has("skip-links", Token::Nav));
        assert!(has("skip", Token::Nav));
        assert!(!has("skip-main", Token::Nav) && has("skip-main", Token::Content));
        assert!(!has("skipContent", Token::Nav));
    }

    #[test]
    fn a_social_media_embed_is_no_share_widget() {
        assert!(has("social-share", Token::Share));
        assert!(!has("social-media-embed", Token::Share));
        assert!(!has("socialEmbed", Token::Share));
    }

    #[test]
    fn roles() {
        assert!(role_tokens("navigation").has(Token::Nav));
        assert!(role_tokens("contentinfo").has(Token::Footer));
        assert!(role_tokens("main").has(Token::Content));
        assert_eq!(role_tokens("presentation"), Tokens::default());
    }
}
