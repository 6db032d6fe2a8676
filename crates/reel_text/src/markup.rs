//! The markup caption files put in their text, removed: SubRip's and WebVTT's tags
//! (`<i>`, `<b>`, `<font …>`, `<c.class>`, `<v Speaker>`, inline timestamps), SubRip's
//! `{\an8}` overrides, and the character references WebVTT allows.

/// `line` with tags and overrides removed and character references replaced, with the
/// inline timestamps (`<00:01.500>`) it held: the byte of the text each stood before,
/// and its time.
pub(crate) fn marked_text(line: &str) -> (String, Vec<(usize, f64)>) {
    let mut marks = Vec::new();
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        let closing = match c {
            '<' => Some('>'),
            '{' if rest.starts_with("{\\") => Some('}'),
            _ => None,
        };
        if let Some(close) = closing
            && let Some(end) = rest.find(close)
        {
            if let Some(time) = crate::parse::parse_time(&rest[1..end]) {
                marks.push((out.len(), time));
            }
            rest = &rest[end + 1..];
            continue;
        }
        if c == '&'
            && let Some((entity, length)) = reference(rest)
        {
            out.push(entity);
            rest = &rest[length..];
            continue;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    (out, marks)
}

/// The character a reference at the start of `text` stands for, and its length.
fn reference(text: &str) -> Option<(char, usize)> {
    const NAMED: [(&str, char); 7] = [
        ("&amp;", '&'),
        ("&lt;", '<'),
        ("&gt;", '>'),
        ("&nbsp;", '\u{a0}'),
        ("&lrm;", '\u{200e}'),
        ("&rlm;", '\u{200f}'),
        ("&quot;", '"'),
    ];
    NAMED
        .iter()
        .find(|(name, _)| text.starts_with(name))
        .map(|&(name, c)| (c, name.len()))
}

#[cfg(test)]
mod tests {
    use super::marked_text;

    fn plain_text(line: &str) -> String {
        marked_text(line).0
    }

    #[test]
    fn tags_overrides_and_references() {
        assert_eq!(plain_text("{\\an8}<b>Bold</b> &lt;3"), "Bold <3");
        assert_eq!(plain_text("<font color=\"red\">red</font>"), "red");
        assert_eq!(plain_text("a < b and {c}"), "a < b and {c}");
        assert_eq!(plain_text("Tom &amp Jerry"), "Tom &amp Jerry");
    }
}
