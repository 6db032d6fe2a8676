//! Finds where a field's value starts in RON text, so that errors found after parsing
//! (a value out of range, a missing file) still point at a line and column.

/// Returns the 1-based line and column where the value at the dotted `field` begins,
/// whose segments may index lists: `output.fps`, `zooms[1]`,
/// `blur_regions[0].keyframes[2]`.
pub(crate) fn locate_path(text: &str, field: &str) -> Option<(usize, usize)> {
    let mut base = 0;
    let mut names: Vec<&str> = Vec::new();
    for segment in field.split('.') {
        let (name, index) = match segment.split_once('[') {
            Some((name, rest)) => (name, rest.trim_end_matches(']').parse::<usize>().ok()),
            None => (segment, None),
        };
        names.push(name);
        if let Some(n) = index {
            let list = base + locate_offset(&text[base..], &names)?;
            base = nth_element(text, list, n)?;
            names.clear();
        }
    }
    if !names.is_empty() {
        base += locate_offset(&text[base..], &names)?;
    }
    Some(line_column(text, base))
}

/// The offset where element `n` of the list that opens at `list` (a `[`) begins.
fn nth_element(text: &str, list: usize, n: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    if bytes.get(list) != Some(&b'[') {
        return None;
    }
    let (mut i, mut depth, mut index) = (list + 1, 0usize, 0usize);
    let mut start = None;
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'/' && bytes.get(i + 1) == Some(&b'/') {
            while i < bytes.len() && bytes[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        if depth == 0 && start.is_none() && !c.is_ascii_whitespace() && c != b',' {
            if index == n {
                return Some(i);
            }
            start = Some(i);
        }
        match c {
            b'"' => {
                i = skip_string(bytes, i);
                continue;
            }
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b'}' => depth = depth.saturating_sub(1),
            b']' if depth == 0 => return None,
            b']' => depth -= 1,
            b',' if depth == 0 => {
                index += 1;
                start = None;
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The byte offset where the value of the field at `path` begins, such as
/// `["output", "fps"]`, or `None` when the text does not contain it.
///
/// This is a small scanner, not a parser: it tracks nesting, strings and comments, and
/// matches `name:` at the depth the path expects. The text has already parsed, so it is
/// well-formed RON.
fn locate_offset(text: &str, path: &[&str]) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut matched = 0usize;
    let mut i = 0usize;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => i = skip_string(bytes, i),
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < bytes.len() && !(bytes[i] == b'*' && bytes[i + 1] == b'/') {
                    i += 1;
                }
                i += 2;
            }
            b'(' | b'[' | b'{' => {
                depth += 1;
                i += 1;
            }
            b')' | b']' | b'}' => {
                if matched > 0 && depth == matched + 1 {
                    // Left the value of the last matched field without finding the rest.
                    return None;
                }
                depth = depth.saturating_sub(1);
                i += 1;
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let start = i;
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
                let word = &text[start..i];
                let mut after = i;
                while after < bytes.len() && bytes[after].is_ascii_whitespace() {
                    after += 1;
                }
                let is_field = bytes.get(after) == Some(&b':');
                if is_field && depth == matched + 1 && word == path[matched] {
                    matched += 1;
                    after += 1;
                    while after < bytes.len() && bytes[after].is_ascii_whitespace() {
                        after += 1;
                    }
                    if matched == path.len() {
                        return Some(after);
                    }
                    i = after;
                }
            }
            _ => i += 1,
        }
    }
    None
}

fn skip_string(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    i
}

/// The 1-based line and column (in characters) of byte `offset` of `text`.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.chars().rev().take_while(|&c| c != '\n').count() + 1;
    (line, column)
}

/// The byte of 1-based `line` and `column` (in characters) in `text`.
pub(crate) fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    text[line_start..]
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(text.len(), |(i, _)| line_start + i)
}

#[cfg(test)]
mod tests {
    use super::locate_path;

    const TEXT: &str = r#"// a comment with output: (fps: 1)
(
    source: (path: "a(b).mp4"),
    output: (
        path: "out.mp4",
        fps: 30,
    ),
)"#;

    #[test]
    fn finds_nested_values_past_strings_and_comments() {
        assert_eq!(locate_path(TEXT, "source.path"), Some((3, 20)));
        assert_eq!(locate_path(TEXT, "output.fps"), Some((6, 14)));
        assert_eq!(locate_path(TEXT, "output"), Some((4, 13)));
    }

    #[test]
    fn finds_elements_of_lists() {
        let text = "(\n  zooms: [(start: 1, end: 3), // one\n    (start: 5, end: 4)],\n  regions: [(rect: (x: 1), keys: [(t: 1), (t: 2)])],\n)";
        assert_eq!(locate_path(text, "zooms[0]"), Some((2, 11)));
        assert_eq!(locate_path(text, "zooms[1]"), Some((3, 5)));
        assert_eq!(locate_path(text, "zooms[2]"), None);
        assert_eq!(locate_path(text, "regions[0].keys[1]"), Some((4, 43)));
        assert_eq!(locate_path(text, "regions[0].rect"), Some((4, 20)));
    }

    #[test]
    fn does_not_match_a_field_of_another_struct() {
        assert_eq!(locate_path(TEXT, "source.fps"), None);
        assert_eq!(locate_path(TEXT, "output.size"), None);
    }
}
