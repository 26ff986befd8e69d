//! What the DOM says about a block (HTML mode only).
//!
//! Text mode has none of this; the classifier reads it through
//! [`score_adjustment`] so that the shared stages stay blind to where a block
//! came from.

use crate::features::Features;

/// Class/id/role/tag tokens of a block's ancestors, as a bit set.
///
/// The boilerplate tokens say where a block sits (`<nav>`, `class="site-footer"`,
/// `id="comments"`); the content tokens say it sits in an article container.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Tokens(pub u32);

/// One kind of ancestor token. The discriminant is the bit in [`Tokens`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum Token {
    /// Navigation, menus, breadcrumbs, pagination.
    Nav,
    /// A page or section header.
    Header,
    /// A page footer.
    Footer,
    /// Asides and sidebars.
    Aside,
    /// Comment threads.
    Comment,
    /// Share and social-media widgets.
    Share,
    /// Related-article lists and recommendations.
    Related,
    /// Cookie and consent dialogs.
    Consent,
    /// Ads, promotions, newsletter and subscription prompts, sponsored boxes.
    Promo,
    /// Forms and dialogs.
    Form,
    /// Bylines, dates, tags, author boxes.
    Meta,
    /// Figure and photo captions.
    Caption,
    /// Article containers: article, main, content, post, entry, story, body, text.
    Content,
    /// The specific article words (article, post, entry, story): an element
    /// so named is the article even inside a wrapper with a boilerplate name.
    Article,
    /// An author box or bio (also counts as [`Token::Meta`]).
    Author,
}

impl Tokens {
    /// The tokens that mark boilerplate, strong enough to drop a block on their own.
    pub const STRONG: Tokens = Tokens(
        1 << Token::Nav as u8
            | 1 << Token::Footer as u8
            | 1 << Token::Aside as u8
            | 1 << Token::Comment as u8
            | 1 << Token::Share as u8
            | 1 << Token::Related as u8
            | 1 << Token::Consent as u8
            | 1 << Token::Promo as u8
            | 1 << Token::Form as u8,
    );

    /// True if the set holds `token`.
    pub fn has(self, token: Token) -> bool {
        self.0 & (1 << token as u8) != 0
    }

    /// Adds `token`.
    pub fn insert(&mut self, token: Token) {
        self.0 |= 1 << token as u8;
    }

    /// True if any token is in both sets.
    pub fn intersects(self, other: Tokens) -> bool {
        self.0 & other.0 != 0
    }

    /// The union of both sets.
    pub fn union(self, other: Tokens) -> Tokens {
        Tokens(self.0 | other.0)
    }

    /// The tokens of `self` not in `other`.
    pub fn minus(self, other: Tokens) -> Tokens {
        Tokens(self.0 & !other.0)
    }

    /// The strongest boilerplate token present, in a fixed priority order.
    pub fn strongest(self) -> Option<Token> {
        [
            Token::Consent,
            Token::Comment,
            Token::Share,
            Token::Related,
            Token::Promo,
            Token::Nav,
            Token::Form,
            Token::Footer,
            Token::Aside,
        ]
        .into_iter()
        .find(|t| self.has(*t))
    }
}

/// The element a block's text was collected in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) enum BlockTag {
    /// `<p>`.
    P,
    /// `<h1>`–`<h6>`.
    Heading(u8),
    /// `<li>`, `<dt>`, `<dd>`.
    ListItem,
    /// A table row or cell.
    Table,
    /// `<blockquote>`.
    Quote,
    /// `<pre>`.
    Pre,
    /// `<figcaption>`, `<caption>`.
    Caption,
    /// Any other block container (`<div>`, `<section>` …) or a `<br>`-separated line.
    #[default]
    Other,
}

/// DOM facts about one block. Filled in by the HTML segmenter.
#[derive(Debug, Clone, Default)]
pub(crate) struct DomHints {
    /// Characters of the block's text that sit inside `<a>` elements.
    pub link_chars: usize,
    /// The block element the text was collected in.
    pub tag: BlockTag,
    /// Form controls (`input`, `button`, `select`, `textarea`) in the block.
    pub form_controls: u16,
    /// Tokens of the block's ancestors (its own element and inline wrappers included).
    pub tokens: Tokens,
    /// Index of the innermost block element in the page's element table.
    pub element: u32,
    /// Position on the page: 0 at the first block, 1 at the last.
    pub position: f32,
}

/// How much the DOM hints move a block's score, and why.
///
/// Boilerplate containers (navigation, footer, comments, share, related,
/// consent, ads, forms) weigh heavily; link-dense text and form controls weigh
/// against a block; an article container or a heading inside one helps a little.
pub(crate) fn score_adjustment(
    hints: &DomHints,
    features: &Features,
    reasons: &mut crate::score::Reasons,
) -> f32 {
    let mut score = 0.0;
    let tokens = hints.tokens;
    if tokens.intersects(Tokens::STRONG) {
        score -= 3.0;
        reasons.push("dom:boilerplate-container".into());
    } else if tokens.has(Token::Header) || tokens.has(Token::Meta) {
        score -= 1.0;
        reasons.push("dom:header-or-meta".into());
    } else if tokens.has(Token::Content) {
        score += 0.5;
        reasons.push("dom:content-container".into());
    }
    let density = features.link_density;
    if density >= 0.6 {
        score -= 3.0;
        reasons.push("dom:link-dense".into());
    } else if density >= 0.3 {
        score -= 1.0;
        reasons.push("dom:links".into());
    }
    if hints.form_controls > 0 {
        score -= 2.0;
        reasons.push("dom:form".into());
    }
    match hints.tag {
        BlockTag::P if features.words >= 5 && density < 0.3 => {
            score += 0.5;
            reasons.push("dom:paragraph".into());
        }
        BlockTag::Caption => {
            score -= 1.0;
            reasons.push("dom:caption".into());
        }
        _ => {}
    }
    score
}
