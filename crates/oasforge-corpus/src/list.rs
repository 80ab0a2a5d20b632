//! The corpus's `LIST.tsv`: one document a line (path, OpenAPI version, bytes, operations).

use std::path::Path;

/// One document of the corpus.
#[derive(Clone, Debug)]
pub struct Entry {
    /// Path relative to the corpus folder, e.g. `adyen.com/LegalEntityService.json`.
    pub path: String,
    /// The document's `openapi` field, e.g. `3.0.0`.
    pub version: String,
    /// Size of the document in bytes.
    pub bytes: u64,
    /// Number of operations.
    pub operations: u64,
}

/// Reads `LIST.tsv` of the corpus folder; malformed lines are skipped.
pub fn read(corpus: &Path) -> Result<Vec<Entry>, String> {
    let file = corpus.join("LIST.tsv");
    let text = std::fs::read_to_string(&file).map_err(|e| {
        format!(
            "{}: {e}; fetch the corpus with `bash ../shared/corpus/fetch-wide.sh {}`",
            file.display(),
            corpus.display()
        )
    })?;
    Ok(text.lines().filter_map(parse_line).collect())
}

fn parse_line(line: &str) -> Option<Entry> {
    let mut cols = line.split('\t');
    let path = cols.next()?.to_owned();
    if path.is_empty() {
        return None;
    }
    Some(Entry {
        path,
        version: cols.next()?.to_owned(),
        bytes: cols.next()?.parse().ok()?,
        operations: cols.next()?.parse().ok()?,
    })
}

/// The crate name for a corpus path: `adyen.com/LegalEntityService.json` →
/// `adyen_com_legalentityservice`.
pub fn crate_name(doc: &str) -> String {
    let stem = doc.strip_suffix(".json").unwrap_or(doc);
    let mut name: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name.insert_str(0, "api_");
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_line_and_skips_malformed_ones() {
        let e = parse_line("a.com/b.json\t3.1.0\t1234\t7").expect("parses");
        assert_eq!(
            (e.path.as_str(), e.version.as_str(), e.bytes, e.operations),
            ("a.com/b.json", "3.1.0", 1234, 7)
        );
        assert!(parse_line("a.json\t3.0.0\tbig\t1").is_none());
        assert!(parse_line("").is_none());
    }

    #[test]
    fn crate_names_are_snake_case_and_start_with_a_letter() {
        assert_eq!(
            crate_name("adyen.com/LegalEntityService.json"),
            "adyen_com_legalentityservice"
        );
        assert_eq!(crate_name("1forge.com.json"), "api_1forge_com");
    }
}
