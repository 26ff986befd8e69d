//! The DOM walk: one pass over the parsed tree, in document order, without
//! recursion, that turns block elements' own text into [`Segment`]s with
//! [`DomHints`], and collects the title sources on the way.

use std::collections::HashMap;

use ego_tree::iter::Edge;
use scraper::node::Element;
use scraper::{Html, Node};

use super::tokens::{class_tokens, role_tokens};
use crate::document::BlockKind;
use crate::hints::{BlockTag, DomHints, Token, Tokens};
use crate::segment::Segment;

/// One block element of the page, for choosing the article container.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ElementInfo {
    /// Index of the enclosing block element (`u32::MAX` for the root).
    pub parent: u32,
    /// The element's own tokens (tag, class, id, role).
    pub tokens: Tokens,
}

/// What the walk found besides the blocks.
#[derive(Debug, Default)]
pub(crate) struct TitleSources {
    /// The text of `<title>`.
    pub title_tag: Option<String>,
    /// `og:title` or `twitter:title`.
    pub og_title: Option<String>,
    /// The raw text of JSON-LD scripts, parsed later only if needed.
    pub json_ld: Vec<String>,
}

/// The result of the walk.
#[derive(Debug, Default)]
pub(crate) struct Walked {
    pub segments: Vec<Segment>,
    pub elements: Vec<ElementInfo>,
    pub titles: TitleSources,
}

/// How the walk treats an element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// Its text and subtree are not part of the page's text.
    Skip,
    /// A block boundary: text before and after it are different blocks.
    Block(BlockTag),
    /// A line break inside a block.
    Break,
    /// A link: its text counts towards link density.
    Link,
    /// A table cell: cells of one row are joined with ` | `.
    Cell,
    /// A form control: counted, its text dropped.
    Control,
    /// Inline markup: text flows through.
    Inline,
}

fn role_of(name: &str) -> Role {
    match name {
        "script" | "style" | "noscript" | "template" | "svg" | "iframe" | "object" | "embed"
        | "canvas" | "video" | "audio" | "map" | "math" | "datalist" => Role::Skip,
        "p" => Role::Block(BlockTag::P),
        "h1" => Role::Block(BlockTag::Heading(1)),
        "h2" => Role::Block(BlockTag::Heading(2)),
        "h3" => Role::Block(BlockTag::Heading(3)),
        "h4" => Role::Block(BlockTag::Heading(4)),
        "h5" => Role::Block(BlockTag::Heading(5)),
        "h6" => Role::Block(BlockTag::Heading(6)),
        "li" | "dt" | "dd" => Role::Block(BlockTag::ListItem),
        "tr" | "table" | "thead" | "tbody" | "tfoot" => Role::Block(BlockTag::Table),
        "blockquote" => Role::Block(BlockTag::Quote),
        "pre" => Role::Block(BlockTag::Pre),
        "figcaption" | "caption" => Role::Block(BlockTag::Caption),
        "div" | "section" | "article" | "main" | "header" | "footer" | "nav" | "aside" | "ul"
        | "ol" | "dl" | "form" | "fieldset" | "legend" | "figure" | "address" | "center"
        | "details" | "summary" | "dialog" | "hgroup" | "menu" | "dir" | "body" | "html" | "hr"
        | "frameset" | "frame" | "noframes" | "search" => Role::Block(BlockTag::Other),
        "br" => Role::Break,
        "a" => Role::Link,
        "td" | "th" => Role::Cell,
        "input" | "button" | "select" | "textarea" | "option" | "optgroup" => Role::Control,
        _ => Role::Inline,
    }
}

/// Tokens a tag name carries by itself.
fn tag_tokens(name: &str) -> Tokens {
    let mut tokens = Tokens::default();
    let token = match name {
        "nav" | "menu" => Token::Nav,
        "header" => Token::Header,
        "footer" => Token::Footer,
        "aside" => Token::Aside,
        "form" | "dialog" => Token::Form,
        "article" | "main" => Token::Content,
        "figcaption" | "caption" => Token::Caption,
        _ => return tokens,
    };
    tokens.insert(token);
    tokens
}

/// The tokens of each class value met so far in the page: a page
/// repeats a few dozen values on thousands of elements, and splitting one is
/// dearer than looking it up.
type ClassCache<'d> = HashMap<&'d str, Tokens>;

/// What one element's attributes say.
#[derive(Default)]
struct Attrs {
    tokens: Tokens,
    hidden: bool,
}

/// Only the attributes in [`super::prepare::READ_ATTRIBUTES`] reach the
/// parser: reading a new one here means adding it there.
fn read_attrs<'d>(element: &'d Element, class_cache: &mut ClassCache<'d>) -> Attrs {
    let mut out = Attrs::default();
    for (name, value) in element.attrs() {
        match name {
            "class" => {
                let tokens = *class_cache
                    .entry(value)
                    .or_insert_with(|| class_tokens(value));
                out.tokens = out.tokens.union(tokens);
            }
            // Ids are unique on a page: nothing to cache.
            "id" => out.tokens = out.tokens.union(class_tokens(value)),
            "role" => out.tokens = out.tokens.union(role_tokens(value)),
            "hidden" => out.hidden = true,
            "aria-hidden" => out.hidden |= value.trim().eq_ignore_ascii_case("true"),
            "style" => out.hidden |= style_hides(value),
            _ => {}
        }
    }
    out
}

/// True if an inline style says `display: none` or `visibility: hidden`.
fn style_hides(style: &str) -> bool {
    let compact: String = style
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    compact.contains("display:none") || compact.contains("visibility:hidden")
}

/// An open block element.
#[derive(Debug, Clone, Copy)]
struct Frame {
    tag: BlockTag,
    element: u32,
    /// Tokens of this element and all its ancestors.
    tokens: Tokens,
    /// The part of `tokens` that came from tag names.
    tag_tokens: Tokens,
    /// Inside an `<ol>`.
    ordered: bool,
    /// Inside a `<blockquote>`.
    quote: bool,
    /// Inside a `<pre>`.
    pre: bool,
}

impl Frame {
    /// The inherited tokens without the boilerplate ones that came from class
    /// names (tag-name tokens stay).
    fn class_tokens_cleared(&self) -> Tokens {
        let mut boilerplate = Tokens::STRONG;
        boilerplate.insert(Token::Header);
        boilerplate.insert(Token::Meta);
        self.tokens.minus(boilerplate).union(self.tag_tokens)
    }
}

/// An open element of any kind (blocks also push a [`Frame`]).
#[derive(Debug, Clone, Copy)]
enum Open {
    Block,
    Inline { tokens: Tokens },
    Link,
    Cell,
    Skip,
    Title,
    JsonLd,
    Other,
}

/// The block being collected.
#[derive(Default)]
struct Buffer {
    text: String,
    pending_space: bool,
    /// A `<br>` came since the last character.
    pending_newline: bool,
    link_chars: usize,
    form_controls: u16,
    tokens: Tokens,
    cells: u16,
}

impl Buffer {
    /// Empties the buffer, keeping the text's allocation.
    fn reset(&mut self) {
        self.text.clear();
        self.pending_space = false;
        self.pending_newline = false;
        self.link_chars = 0;
        self.form_controls = 0;
        self.tokens = Tokens::default();
        self.cells = 0;
    }

    fn push_text(&mut self, piece: &str, in_link: bool, pre: bool) {
        let mut rest = piece;
        while !rest.is_empty() {
            // A run of visible ASCII (most text) goes in at once.
            let run = rest.bytes().take_while(|b| b.is_ascii_graphic()).count();
            if let (Some(visible), Some(after)) = (rest.get(..run), rest.get(run..)) {
                if run > 0 {
                    self.before_visible(in_link);
                    self.text.push_str(visible);
                    if in_link {
                        self.link_chars += run;
                    }
                    rest = after;
                    continue;
                }
            }
            let mut chars = rest.chars();
            let Some(c) = chars.next() else { break };
            rest = chars.as_str();
            // Soft hyphens (`&shy;`) stay, as in text mode: they are part of
            // the words they sit in and text copied from the page has them.
            if crate::segment::is_invisible(c) {
                continue;
            }
            if pre && c == '\n' {
                if !self.text.is_empty() {
                    self.text.push('\n');
                }
                self.pending_space = false;
                continue;
            }
            if c.is_whitespace() || c.is_control() {
                self.pending_space = !self.text.is_empty();
                continue;
            }
            self.before_visible(in_link);
            self.text.push(c);
            if in_link {
                self.link_chars += 1;
            }
        }
    }

    /// Puts in the line break or space pending before a visible character.
    fn before_visible(&mut self, in_link: bool) {
        if self.pending_newline {
            self.text.push('\n');
            self.pending_newline = false;
            self.pending_space = false;
        } else if self.pending_space {
            self.text.push(' ');
            self.pending_space = false;
            if in_link {
                self.link_chars += 1;
            }
        }
    }
}

/// Walks the document. See the module docs.
pub(crate) fn walk(document: &Html) -> Walked {
    let mut out = Walked::default();
    let mut class_cache = ClassCache::new();
    let mut frames: Vec<Frame> = vec![Frame {
        tag: BlockTag::Other,
        element: 0,
        tokens: Tokens::default(),
        tag_tokens: Tokens::default(),
        ordered: false,
        quote: false,
        pre: false,
    }];
    out.elements.push(ElementInfo {
        parent: u32::MAX,
        tokens: Tokens::default(),
    });
    let mut opened: Vec<Open> = Vec::new();
    let mut skip_depth = 0usize;
    let mut link_depth = 0usize;
    let mut inline_tokens = Tokens::default();
    let mut buffer = Buffer::default();
    let mut side_text = String::new();
    let mut blank_before = true;

    for edge in document.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Text(text) => {
                    if matches!(opened.last(), Some(Open::Title | Open::JsonLd)) {
                        side_text.push_str(&text.text);
                        continue;
                    }
                    if skip_depth > 0 {
                        continue;
                    }
                    let Some(frame) = frames.last() else { continue };
                    buffer.tokens = buffer.tokens.union(frame.tokens).union(inline_tokens);
                    buffer.push_text(&text.text, link_depth > 0, frame.pre);
                }
                Node::Element(element) => {
                    let name = element.name();
                    if skip_depth > 0 {
                        skip_depth += 1;
                        opened.push(Open::Skip);
                        continue;
                    }
                    let role = role_of(name);
                    if role == Role::Control {
                        buffer.form_controls = buffer.form_controls.saturating_add(1);
                    }
                    if name == "title" && out.titles.title_tag.is_none() {
                        side_text.clear();
                        opened.push(Open::Title);
                        continue;
                    }
                    if name == "meta" {
                        read_meta(element, &mut out.titles);
                    }
                    if name == "script"
                        && element
                            .attr("type")
                            .is_some_and(|t| t.eq_ignore_ascii_case("application/ld+json"))
                    {
                        side_text.clear();
                        opened.push(Open::JsonLd);
                        continue;
                    }
                    if matches!(role, Role::Skip | Role::Control) {
                        skip_depth = 1;
                        opened.push(Open::Skip);
                        continue;
                    }
                    let mut attrs = read_attrs(element, &mut class_cache);
                    if matches!(name, "html" | "body") {
                        // Their classes describe the page (its template, its
                        // section), not a part of it.
                        attrs.tokens = Tokens::default();
                    }
                    if attrs.hidden {
                        skip_depth = 1;
                        opened.push(Open::Skip);
                        continue;
                    }
                    let Some(parent) = frames.last().copied() else {
                        continue;
                    };
                    match role {
                        Role::Block(tag) => {
                            flush(&mut out, &mut buffer, &frames, &mut blank_before);
                            blank_before = true;
                            // The nearest name wins for the article words: a
                            // `class="post"` inside a wrapper whose classes say
                            // "menu" or "sidebar" is the article. Only class
                            // names are overridden, never <nav>/<aside>/<footer>.
                            let inherited_tokens = if attrs.tokens.has(Token::Article)
                                && !attrs.tokens.intersects(Tokens::STRONG)
                            {
                                parent.class_tokens_cleared()
                            } else {
                                parent.tokens
                            };
                            let tokens =
                                inherited_tokens.union(tag_tokens(name)).union(attrs.tokens);
                            let index = u32::try_from(out.elements.len()).unwrap_or(u32::MAX);
                            out.elements.push(ElementInfo {
                                parent: parent.element,
                                tokens: tag_tokens(name).union(attrs.tokens),
                            });
                            let inherited = match (tag, parent.tag) {
                                // A paragraph or div inside a list item or a
                                // quote keeps the item's or quote's kind.
                                (BlockTag::P | BlockTag::Other, BlockTag::ListItem) => {
                                    BlockTag::ListItem
                                }
                                (BlockTag::Other, BlockTag::Table) if name == "div" => {
                                    BlockTag::Table
                                }
                                _ => tag,
                            };
                            frames.push(Frame {
                                tag: inherited,
                                element: index,
                                tokens,
                                tag_tokens: parent.tag_tokens.union(tag_tokens(name)),
                                ordered: match name {
                                    "ol" => true,
                                    "ul" | "menu" | "dl" => false,
                                    _ => parent.ordered,
                                },
                                quote: parent.quote || tag == BlockTag::Quote,
                                pre: parent.pre || tag == BlockTag::Pre,
                            });
                            opened.push(Open::Block);
                        }
                        Role::Break => {
                            // A line break inside the block, not a new block:
                            // lines broken by <br> (addresses, verse, hard-wrapped
                            // posts) are judged together.
                            buffer.pending_newline = !buffer.text.is_empty();
                            opened.push(Open::Other);
                        }
                        Role::Link => {
                            link_depth += 1;
                            let tokens = inline_tokens;
                            inline_tokens = inline_tokens.union(attrs.tokens);
                            opened.push(Open::Inline { tokens });
                            opened.push(Open::Link);
                        }
                        Role::Cell => {
                            if !buffer.text.is_empty() {
                                buffer.text.push_str(" | ");
                                buffer.pending_space = false;
                            }
                            buffer.cells = buffer.cells.saturating_add(1);
                            let tokens = inline_tokens;
                            inline_tokens = inline_tokens.union(attrs.tokens);
                            opened.push(Open::Inline { tokens });
                            opened.push(Open::Cell);
                        }
                        _ => {
                            let tokens = inline_tokens;
                            inline_tokens = inline_tokens.union(attrs.tokens);
                            opened.push(Open::Inline { tokens });
                        }
                    }
                }
                _ => {}
            },
            Edge::Close(node) => {
                let Node::Element(_) = node.value() else {
                    continue;
                };
                match opened.pop() {
                    Some(Open::Skip) => skip_depth = skip_depth.saturating_sub(1),
                    Some(Open::Block) => {
                        flush(&mut out, &mut buffer, &frames, &mut blank_before);
                        blank_before = true;
                        frames.pop();
                    }
                    Some(Open::Link) => {
                        link_depth = link_depth.saturating_sub(1);
                        if let Some(Open::Inline { tokens }) = opened.pop() {
                            inline_tokens = tokens;
                        }
                    }
                    Some(Open::Cell) => {
                        if let Some(Open::Inline { tokens }) = opened.pop() {
                            inline_tokens = tokens;
                        }
                    }
                    Some(Open::Inline { tokens }) => inline_tokens = tokens,
                    Some(Open::Title) => {
                        let (title, _) = crate::segment::normalize_line(&side_text);
                        if !title.is_empty() {
                            out.titles.title_tag = Some(title);
                        }
                    }
                    Some(Open::JsonLd) => {
                        out.titles.json_ld.push(std::mem::take(&mut side_text));
                    }
                    Some(Open::Other) | None => {}
                }
            }
        }
    }
    flush(&mut out, &mut buffer, &frames, &mut blank_before);
    let count = out.segments.len().max(2) - 1;
    for (index, segment) in out.segments.iter_mut().enumerate() {
        if let Some(dom) = segment.dom.as_mut() {
            dom.position = index as f32 / count as f32;
        }
    }
    out
}

/// `og:title` / `twitter:title` from a `<meta>`.
fn read_meta(element: &Element, titles: &mut TitleSources) {
    let mut is_title = false;
    let mut content = None;
    for (name, value) in element.attrs() {
        match name {
            "property" | "name" => {
                is_title |= value.eq_ignore_ascii_case("og:title")
                    || value.eq_ignore_ascii_case("twitter:title");
            }
            "content" => content = Some(value),
            _ => {}
        }
    }
    if let (true, Some(content), None) = (is_title, content, &titles.og_title) {
        let (title, _) = crate::segment::normalize_line(content);
        if !title.is_empty() {
            titles.og_title = Some(title);
        }
    }
}

/// Ends the block being collected, if it holds text.
fn flush(out: &mut Walked, buffer: &mut Buffer, frames: &[Frame], blank_before: &mut bool) {
    let text = buffer.text.trim_end();
    let Some(frame) = frames.last().filter(|_| !text.is_empty()) else {
        buffer.reset();
        return;
    };
    let kind = if frame.quote {
        BlockKind::Quote
    } else {
        match frame.tag {
            BlockTag::Heading(_) => BlockKind::Heading,
            BlockTag::ListItem if frame.ordered => BlockKind::OrderedListItem,
            BlockTag::ListItem => BlockKind::ListItem,
            BlockTag::Table if buffer.cells > 0 => BlockKind::TableRow,
            BlockTag::Pre => BlockKind::Preformatted,
            _ => BlockKind::Paragraph,
        }
    };
    let text = text.to_string();
    let hints = DomHints {
        link_chars: buffer.link_chars.min(text.chars().count()),
        tag: frame.tag,
        form_controls: buffer.form_controls,
        tokens: buffer.tokens,
        element: frame.element,
        position: 0.0,
    };
    out.segments.push(Segment {
        text: text.into(),
        content_start: 0,
        kind,
        lines: None,
        indent: 0,
        blank_before: std::mem::take(blank_before),
        dom: Some(hints),
        // Not looked for: the context pass searches the text itself.
        pipe_free: false,
    });
    buffer.reset();
}
