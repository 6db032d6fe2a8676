//! `data:` URLs with base64 payloads, as recorders embed cursor images in their tracks.

/// A decoded `data:` URL: its media type and bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DataUrl {
    /// The media type, such as `image/png` (empty when the URL names none).
    pub media_type: String,
    /// The decoded payload.
    pub bytes: Vec<u8>,
}

/// Decodes `data:[<media type>][;<parameter>]*;base64,<payload>`; only base64 payloads are
/// read, as images are not percent-encoded text.
pub(crate) fn decode_data_url(url: &str) -> Result<DataUrl, String> {
    let rest = url
        .strip_prefix("data:")
        .ok_or_else(|| "not a data: URL".to_string())?;
    let (header, payload) = rest
        .split_once(',')
        .ok_or_else(|| "the data: URL has no `,` before its data".to_string())?;
    let mut parts = header.split(';');
    let media_type = parts.next().unwrap_or_default().trim().to_string();
    if !parts.any(|part| part.trim().eq_ignore_ascii_case("base64")) {
        return Err("the data: URL is not base64".to_string());
    }
    let bytes = decode_base64(payload)?;
    Ok(DataUrl { media_type, bytes })
}

/// Decodes standard base64 (`+` and `/`, or the URL-safe `-` and `_`), with or without
/// `=` padding; ASCII whitespace is ignored.
pub(crate) fn decode_base64(text: &str) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::with_capacity(text.len() / 4 * 3);
    let mut buffer: u32 = 0;
    let mut bits = 0u32;
    let mut padding = 0usize;
    for (index, c) in text.bytes().enumerate() {
        let value = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => {
                padding += 1;
                continue;
            }
            c if c.is_ascii_whitespace() => continue,
            _ => return Err(format!("invalid base64 character at byte {index}")),
        };
        if padding > 0 {
            return Err(format!("base64 data after `=` padding at byte {index}"));
        }
        buffer = (buffer << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            bytes.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    // What is left over must be the zero bits of a partial last group, never a whole
    // sextet (a length of 4n + 1 characters cannot be base64).
    if bits >= 6 || buffer != 0 {
        return Err("truncated base64 data".to_string());
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_the_rfc_4648_test_vectors() {
        for (text, plain) in [
            ("", ""),
            ("Zg==", "f"),
            ("Zm8=", "fo"),
            ("Zm9v", "foo"),
            ("Zm9vYg==", "foob"),
            ("Zm9vYmE=", "fooba"),
            ("Zm9vYmFy", "foobar"),
            ("Zm9vYmE", "fooba"),
        ] {
            assert_eq!(decode_base64(text).unwrap(), plain.as_bytes(), "{text}");
        }
    }

    #[test]
    fn decodes_all_byte_values_and_ignores_line_breaks() {
        assert_eq!(
            decode_base64("AP8Q\r\n7w==").unwrap(),
            [0x00, 0xff, 0x10, 0xef]
        );
        assert_eq!(decode_base64("-_8=").unwrap(), [0xfb, 0xff]);
    }

    #[test]
    fn rejects_what_is_not_base64() {
        assert!(decode_base64("Zm9v!").is_err());
        assert!(decode_base64("Z").is_err());
        assert!(decode_base64("Zg==Zg").is_err());
    }

    #[test]
    fn reads_png_data_urls() {
        let url = decode_data_url("data:image/png;base64,iVBORw0KGgo=").unwrap();
        assert_eq!(url.media_type, "image/png");
        assert_eq!(url.bytes, b"\x89PNG\r\n\x1a\n");
        assert!(decode_data_url("data:text/plain,hello").is_err());
        assert!(decode_data_url("https://example.com/cursor.png").is_err());
    }
}
