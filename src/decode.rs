//! Decoding: bytes become text without ever failing.
//!
//! UTF-8 is taken as it is (a BOM dropped). A UTF-16 BOM is honoured. Anything
//! else that is not valid UTF-8 is decoded with the encoding chardetng guesses
//! (windows-1252 for most Western pages), so that no byte is silently dropped
//! and no input makes decoding panic.
//!
//! HTML adds what the page declares: a BOM wins, then a `<meta charset>` or
//! `<meta http-equiv="content-type" content="…; charset=…">` in the first
//! kilobytes (the prescan browsers do), then valid UTF-8, then sniffing.

use std::borrow::Cow;

use encoding_rs::Encoding;

/// Decodes text-mode input: BOM, then UTF-8, then a sniffed legacy encoding.
pub(crate) fn decode_text(bytes: &[u8]) -> Cow<'_, str> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let body = bytes.get(bom_len..).unwrap_or_default();
        return encoding.decode_without_bom_handling(body).0;
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => sniffed(bytes).decode_without_bom_handling(bytes).0,
    }
}

/// How far into an HTML page a charset declaration is looked for. The HTML
/// standard prescans 1024 bytes; real pages put long `<head>`s first, so look
/// further — the scan is a cheap byte search.
const PRESCAN_BYTES: usize = 8 * 1024;

/// Decodes an HTML page: BOM, declared charset, UTF-8, sniffed encoding.
pub(crate) fn decode_html(bytes: &[u8]) -> Cow<'_, str> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let body = bytes.get(bom_len..).unwrap_or_default();
        return encoding.decode_without_bom_handling(body).0;
    }
    if let Some(encoding) = declared_charset(bytes) {
        // A page declaring UTF-8 (or a charset that is ASCII-compatible but
        // whose bytes are valid UTF-8, which real pages often mislabel) is
        // taken as UTF-8 when it is valid UTF-8.
        if encoding == encoding_rs::UTF_8 || !encoding.is_single_byte() {
            if let Ok(text) = std::str::from_utf8(bytes) {
                if encoding == encoding_rs::UTF_8 || !has_high_bytes(bytes) {
                    return Cow::Borrowed(text);
                }
            }
        } else if has_high_bytes(bytes) && std::str::from_utf8(bytes).is_ok() {
            // Declared as a single-byte charset but valid UTF-8 with non-ASCII
            // bytes: a stale declaration; UTF-8 is far more likely.
            return Cow::Borrowed(std::str::from_utf8(bytes).unwrap_or_default());
        }
        return encoding.decode_without_bom_handling(bytes).0;
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => sniffed(bytes).decode_without_bom_handling(bytes).0,
    }
}

fn has_high_bytes(bytes: &[u8]) -> bool {
    bytes.iter().any(|b| *b >= 0x80)
}

/// The charset a `<meta>` in the first [`PRESCAN_BYTES`] declares, if any.
/// UTF-16 declarations are taken as UTF-8, as the HTML standard says (a page
/// really in UTF-16 has a BOM).
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes.get(..PRESCAN_BYTES).unwrap_or(bytes);
    let mut from = 0usize;
    while let Some(at) = memchr::memmem::find(head.get(from..)?, b"<") {
        let start = from + at + 1;
        from = start;
        let rest = head.get(start..)?;
        if rest.len() < 5 || !rest.get(..4)?.eq_ignore_ascii_case(b"meta") {
            continue;
        }
        let end = memchr::memchr(b'>', rest).unwrap_or(rest.len());
        let tag = rest.get(4..end)?;
        if let Some(label) = charset_in_meta(tag) {
            if let Some(encoding) = Encoding::for_label(label) {
                let utf16 = encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE;
                return Some(if utf16 { encoding_rs::UTF_8 } else { encoding });
            }
        }
    }
    None
}

/// The charset label in the attributes of one `<meta …>` tag: `charset=x`
/// anywhere in it covers both `<meta charset="x">` and
/// `content="text/html; charset=x"`.
fn charset_in_meta(attrs: &[u8]) -> Option<&[u8]> {
    let lower: Vec<u8> = attrs.iter().map(u8::to_ascii_lowercase).collect();
    let at = memchr::memmem::find(&lower, b"charset")?;
    let mut rest = attrs.get(at + "charset".len()..)?;
    rest = trim_start(rest);
    rest = trim_start(rest.strip_prefix(b"=")?);
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let len = rest
        .iter()
        .position(|b| matches!(b, b'"' | b'\'' | b';' | b'/' | b'>') || b.is_ascii_whitespace())
        .unwrap_or(rest.len());
    let label = rest.get(..len)?;
    (!label.is_empty()).then_some(label)
}

fn trim_start(bytes: &[u8]) -> &[u8] {
    let skip = bytes.iter().take_while(|b| b.is_ascii_whitespace()).count();
    bytes.get(skip..).unwrap_or_default()
}

/// The encoding chardetng guesses for bytes that declare none.
pub(crate) fn sniffed(bytes: &[u8]) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    detector.guess(None, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_passes_through_and_bom_is_dropped() {
        assert_eq!(decode_text("Bogotá".as_bytes()), "Bogotá");
        assert_eq!(decode_text(b"\xEF\xBB\xBFhello"), "hello");
    }

    #[test]
    fn windows_1252_is_sniffed() {
        // "Café crème à la carte" in windows-1252.
        let bytes = b"Caf\xe9 cr\xe8me \xe0 la carte, d\xe9j\xe0 servi au caf\xe9 du coin.";
        assert_eq!(
            decode_text(bytes),
            "Café crème à la carte, déjà servi au café du coin."
        );
    }

    #[test]
    fn html_meta_charset_windows_1252() {
        let page = b"<html><head><meta charset=\"windows-1252\"></head><body><p>Na\xefve caf\xe9 \x93quotes\x94</p></body></html>";
        let text = decode_html(page);
        assert!(text.contains("Naïve café “quotes”"), "{text}");
    }

    #[test]
    fn html_http_equiv_iso_8859_1() {
        // ISO-8859-1 is decoded as windows-1252, as browsers do.
        let page = b"<html><head><META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=ISO-8859-1'></head><body>Stra\xdfe, gr\xfc\xdf Gott</body></html>";
        let text = decode_html(page);
        assert!(text.contains("Straße, grüß Gott"), "{text}");
    }

    #[test]
    fn html_shift_jis_declared() {
        // "日本語のテキスト" in Shift_JIS.
        let page = b"<meta charset=shift_jis><p>\x93\xfa\x96\x7b\x8c\xea\x82\xcc\x83\x65\x83\x4c\x83\x58\x83\x67</p>";
        let text = decode_html(page);
        assert!(text.contains("日本語のテキスト"), "{text}");
    }

    #[test]
    fn html_gb18030_declared_as_gb2312() {
        // "中文网页" in GB2312/GB18030; gb2312 is a label of GBK, a subset of GB18030.
        let page = b"<head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\" /></head><p>\xd6\xd0\xce\xc4\xcd\xf8\xd2\xb3</p>";
        let text = decode_html(page);
        assert!(text.contains("中文网页"), "{text}");
        // A four-byte GB18030 sequence (U+00A5 is not in GBK: 0x81 0x30 0x84 0x36).
        let page = b"<meta charset=gb18030><p>\x81\x30\x84\x36</p>";
        assert!(decode_html(page).contains('\u{A5}'));
    }

    #[test]
    fn html_undeclared_legacy_bytes_are_sniffed() {
        let page = b"<html><body><p>Le caf\xe9 \xe9tait ferm\xe9, d\xe9j\xe0 \xe0 midi, et la cr\xe8me br\xfbl\xe9e aussi.</p></body></html>";
        let text = decode_html(page);
        assert!(text.contains("Le café était fermé, déjà à midi"), "{text}");
    }

    #[test]
    fn html_bom_wins_over_declaration() {
        let page = b"\xEF\xBB\xBF<meta charset=windows-1252><p>caf\xc3\xa9</p>";
        assert!(decode_html(page).contains("café"));
    }

    #[test]
    fn html_stale_single_byte_declaration_on_utf8_bytes() {
        let page = "<meta charset=iso-8859-1><p>café</p>".as_bytes();
        assert!(decode_html(page).contains("café"));
    }

    #[test]
    fn utf16_with_bom() {
        let bytes = [0xFF, 0xFE, b'h', 0, b'i', 0];
        assert_eq!(decode_text(&bytes), "hi");
    }
}
