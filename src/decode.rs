//! Decoding: bytes become text without ever failing.
//!
//! UTF-8 is taken as it is (a BOM dropped). A UTF-16 BOM is honoured. Anything
//! else that is not valid UTF-8 is decoded with the encoding chardetng guesses
//! (windows-1252 for most Western pages), so that no byte is silently dropped
//! and no input makes decoding panic.

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
    fn utf16_with_bom() {
        let bytes = [0xFF, 0xFE, b'h', 0, b'i', 0];
        assert_eq!(decode_text(&bytes), "hi");
    }
}
