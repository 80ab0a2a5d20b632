//! Parsing `$ref` strings into a file part and a JSON pointer.

use percent_encoding::percent_decode_str;

use crate::JsonPointer;

/// A parsed `$ref`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Reference {
    /// The file part (percent-decoded), empty for a reference into the same file.
    pub file: String,
    /// The pointer inside the target file.
    pub pointer: JsonPointer,
}

/// Why a `$ref` string could not be parsed.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum RefProblem {
    /// `http://…` and other URLs.
    Remote,
    /// Anything else, with a description.
    Malformed(String),
}

pub(crate) fn parse(reference: &str) -> Result<Reference, RefProblem> {
    let (file, fragment) = match reference.split_once('#') {
        Some((file, fragment)) => (file, fragment),
        None => (reference, ""),
    };
    if file.contains("://") || file.starts_with("//") {
        return Err(RefProblem::Remote);
    }
    let file = percent_decode_str(file)
        .decode_utf8()
        .map_err(|_| RefProblem::Malformed("has a file part that is not UTF-8".into()))?
        .into_owned();
    let fragment = percent_decode_str(fragment)
        .decode_utf8()
        .map_err(|_| RefProblem::Malformed("has a fragment that is not UTF-8".into()))?;
    if !fragment.is_empty() && !fragment.starts_with('/') {
        return Err(RefProblem::Malformed(format!(
            "has fragment `#{fragment}`, but only JSON pointers (`#/…`) are supported"
        )));
    }
    if file.is_empty() && reference.is_empty() {
        return Err(RefProblem::Malformed("is empty".into()));
    }
    Ok(Reference {
        file,
        pointer: JsonPointer::from_escaped(fragment.into_owned()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_local_external_and_escaped_refs() {
        assert_eq!(
            parse("#/components/schemas/Pet").unwrap(),
            Reference {
                file: String::new(),
                pointer: JsonPointer::from_escaped("/components/schemas/Pet")
            }
        );
        let r = parse("common/models.yaml#/Pet%20Owner/a~1b").unwrap();
        assert_eq!(r.file, "common/models.yaml");
        assert_eq!(r.pointer.segments(), vec!["Pet Owner", "a/b"]);
        assert_eq!(parse("other.yaml").unwrap().pointer, JsonPointer::root());
        assert_eq!(
            parse("https://example.com/x.yaml#/a"),
            Err(RefProblem::Remote)
        );
        assert!(matches!(parse("#anchor"), Err(RefProblem::Malformed(_))));
        assert!(matches!(parse(""), Err(RefProblem::Malformed(_))));
    }
}
