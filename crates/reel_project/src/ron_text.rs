//! Writing a scene's RON text: quoted strings and paths, numbers as a person would write
//! them, and the scene's fields one per line.

use std::path::Path;

/// A RON string literal of `text`.
pub fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A RON string literal of a path.
pub fn path(path: &Path) -> String {
    quoted(&path.to_string_lossy())
}

/// A number with at most three decimals, trailing zeros dropped (`2`, `0.25`, `1.333`).
pub fn number(value: f64) -> String {
    let text = format!("{value:.3}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".into()
    } else {
        text.into()
    }
}

/// A scene's text, built field by field.
#[derive(Debug, Default)]
pub struct SceneText {
    header: Vec<String>,
    fields: Vec<String>,
}

impl SceneText {
    /// A comment line at the top.
    pub fn comment(&mut self, line: &str) {
        self.header.push(format!("// {line}"));
    }

    /// A field, `name: value`.
    pub fn field(&mut self, name: &str, value: impl AsRef<str>) {
        self.fields.push(format!("    {name}: {},", value.as_ref()));
    }

    /// The scene as RON.
    pub fn finish(&self) -> String {
        let mut out = self.header.join("\n");
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str("(\n");
        for field in &self.fields {
            out.push_str(field);
            out.push('\n');
        }
        out.push_str(")\n");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_and_numbers_are_written_as_ron_reads_them() {
        assert_eq!(quoted(r#"a "b" \c"#), r#""a \"b\" \\c""#);
        assert_eq!(number(2.0), "2");
        assert_eq!(number(0.25), "0.25");
        assert_eq!(number(1.0 / 3.0), "0.333");
        assert_eq!(number(-0.0001), "0");
        let mut scene = SceneText::default();
        scene.comment("made");
        scene.field("source", "(path: \"a.mp4\")");
        assert_eq!(
            scene.finish(),
            "// made\n(\n    source: (path: \"a.mp4\"),\n)\n"
        );
    }
}
