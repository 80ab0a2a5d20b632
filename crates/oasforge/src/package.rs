//! Package names made from free text (a spec's file stem, a corpus path).

/// A cargo package name from `text`: `prefix-` then `text` lowercased, every character other
/// than an ASCII letter or digit turned into `-`, and no `-` at either end of that part
/// (`package_name("mock", "petstore.v3")` is `mock-petstore-v3`).
pub fn package_name(prefix: &str, text: &str) -> String {
    let slug: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    format!("{prefix}-{}", slug.trim_matches('-'))
}

#[cfg(test)]
mod tests {
    use super::package_name;

    #[test]
    fn text_becomes_a_package_name() {
        assert_eq!(
            package_name("mock", "dfns-permissions"),
            "mock-dfns-permissions"
        );
        assert_eq!(package_name("mock", "petstore.v3"), "mock-petstore-v3");
        assert_eq!(
            package_name("wire", "_Stripe API (v1)_"),
            "wire-stripe-api--v1"
        );
    }
}
