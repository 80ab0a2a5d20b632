//! Markdown tables from the results files: generation outcomes by class and by kind of
//! message; clippy outcomes by configuration and by lint class.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;
use std::path::Path;

use crate::classify::{kind, Class};
use crate::clippy::CONFIGS;
use crate::generate::Row;
use crate::results;

/// The generation tables.
pub fn generation(rows: &[Row]) -> String {
    let mut out = String::new();
    let total = rows.len();
    let ok = rows.iter().filter(|r| r.class == Class::Ok).count();
    let _ = writeln!(
        out,
        "{total} documents: {ok} generate ({:.2} %), {} fail.\n",
        percent(ok, total),
        total - ok
    );
    let _ = writeln!(out, "| class | documents | example |\n|---|---:|---|");
    for class in Class::ALL {
        let of: Vec<&Row> = rows.iter().filter(|r| r.class == class).collect();
        if let Some(first) = of.first() {
            let _ = writeln!(out, "| {} | {} | {} |", class.name(), of.len(), first.path);
        }
    }
    let mut kinds: BTreeMap<(Class, String), Vec<&Row>> = BTreeMap::new();
    for row in rows.iter().filter(|r| r.class != Class::Ok) {
        kinds
            .entry((row.class, cell(&kind(&row.message))))
            .or_default()
            .push(row);
    }
    if !kinds.is_empty() {
        let _ = writeln!(
            out,
            "\n| class | message (particulars elided) | documents | example |\n|---|---|---:|---|"
        );
        let mut kinds: Vec<_> = kinds.into_iter().collect();
        kinds.sort_by(|a, b| a.0 .0.cmp(&b.0 .0).then(b.1.len().cmp(&a.1.len())));
        for ((class, message), of) in kinds {
            let examples: Vec<&str> = of.iter().take(3).map(|r| r.path.as_str()).collect();
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                class.name(),
                message,
                of.len(),
                examples.join(", ")
            );
        }
    }
    let warned = rows.iter().filter(|r| r.warnings > 0).count();
    let warnings: u64 = rows.iter().map(|r| r.warnings).sum();
    let slowest = rows.iter().max_by_key(|r| r.millis);
    let _ = writeln!(
        out,
        "\n{warned} documents print located warnings ({warnings} in all)."
    );
    if let Some(s) = slowest {
        let _ = writeln!(
            out,
            "Slowest: {} ({} bytes, {} ms).",
            s.path, s.bytes, s.millis
        );
    }
    let by_version: BTreeSet<&str> = rows.iter().map(|r| r.version.as_str()).collect();
    let _ = writeln!(out, "\n| version | documents | generate |\n|---|---:|---:|");
    for version in by_version {
        let of = rows.iter().filter(|r| r.version == version);
        let (n, ok) = of.fold((0, 0), |(n, ok), r| {
            (n + 1, ok + usize::from(r.class == Class::Ok))
        });
        let _ = writeln!(out, "| {version} | {n} | {ok} |");
    }
    out
}

/// The clippy tables, from `clippy.tsv` and `lints.tsv` in `dir`.
pub fn clippy(dir: &Path) -> std::io::Result<String> {
    let runs = results::read(&dir.join("clippy.tsv"))?;
    let lints = results::read(&dir.join("lints.tsv"))?;
    let mut out = String::new();
    let docs: BTreeSet<&str> = runs.iter().map(|r| r[0].as_str()).collect();
    let gen_failed: Vec<&Vec<String>> = runs.iter().filter(|r| r[1] == "generate").collect();
    let _ = writeln!(
        out,
        "{} documents run; {} did not generate.\n",
        docs.len(),
        gen_failed.len()
    );
    let _ = writeln!(
        out,
        "| features | crates | pass | lints only | compile errors | timeout | cargo failed |\n|---|---:|---:|---:|---:|---:|---:|"
    );
    let mut all_pass = 0;
    for (config, _) in CONFIGS {
        let of: Vec<&Vec<String>> = runs.iter().filter(|r| r[1] == config).collect();
        let count = |status: &str| of.iter().filter(|r| r[2] == status).count();
        let _ = writeln!(
            out,
            "| {config} | {} | {} | {} | {} | {} | {} |",
            of.len(),
            count("ok"),
            count("lints"),
            count("error"),
            count("timeout"),
            count("cargo-failed")
        );
    }
    for doc in &docs {
        let of: Vec<&Vec<String>> = runs.iter().filter(|r| r[0] == *doc).collect();
        if of.len() == CONFIGS.len() && of.iter().all(|r| r[2] == "ok") {
            all_pass += 1;
        }
    }
    let _ = writeln!(
        out,
        "\n{all_pass} of {} documents pass in all three configurations.",
        docs.len()
    );
    // Lint class → configurations, documents, occurrences, first example.
    struct Class<'a> {
        configs: BTreeSet<&'a str>,
        docs: BTreeSet<&'a str>,
        count: usize,
        example: (&'a str, &'a str),
    }
    let mut classes: BTreeMap<&str, Class<'_>> = BTreeMap::new();
    for r in &lints {
        let [doc, config, class, count, example] = r.as_slice() else {
            continue;
        };
        let c = classes.entry(class).or_insert_with(|| Class {
            configs: BTreeSet::new(),
            docs: BTreeSet::new(),
            count: 0,
            example: (doc, example),
        });
        c.configs.insert(config);
        c.docs.insert(doc);
        c.count += count.parse::<usize>().unwrap_or(0);
    }
    let mut classes: Vec<_> = classes.into_iter().collect();
    classes.sort_by(|a, b| b.1.docs.len().cmp(&a.1.docs.len()).then(a.0.cmp(b.0)));
    let _ = writeln!(
        out,
        "\n| lint class | features | documents | occurrences | example |\n|---|---|---:|---:|---|"
    );
    for (name, c) in classes {
        let configs: Vec<&str> = c.configs.into_iter().collect();
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {}: {} |",
            cell(name),
            configs.join(", "),
            c.docs.len(),
            c.count,
            c.example.0,
            cell(c.example.1)
        );
    }
    if !gen_failed.is_empty() {
        let _ = writeln!(out, "\nNot generated: ");
        for r in gen_failed {
            let _ = writeln!(
                out,
                "- {} ({}): {}",
                r[0],
                r[2],
                cell(r.get(4).map_or("", String::as_str))
            );
        }
    }
    Ok(out)
}

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 * 100.0 / whole as f64
    }
}

/// Text fit for a Markdown table cell: no `|`, at most 160 characters.
fn cell(text: &str) -> String {
    let text = text.replace('|', "\\|");
    if text.chars().count() > 160 {
        format!("{}…", text.chars().take(160).collect::<String>())
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(path: &str, class: Class, message: &str) -> Row {
        Row {
            path: path.into(),
            version: "3.0.0".into(),
            bytes: 10,
            class,
            millis: 5,
            warnings: 0,
            message: message.into(),
        }
    }

    #[test]
    fn groups_failures_by_class_and_kind() {
        let rows = [
            row("a.json", Class::Ok, ""),
            row(
                "b.json",
                Class::Panic,
                "types.rs:11:17: \"302_x\" is not a valid Ident",
            ),
            row(
                "c.json",
                Class::Panic,
                "types.rs:11:17: \"5x\" is not a valid Ident",
            ),
            row(
                "d.json",
                Class::LocatedError,
                "d.json:1:2 (at #/a): bad `x`",
            ),
        ];
        let text = generation(&rows);
        assert!(
            text.starts_with("4 documents: 1 generate (25.00 %), 3 fail."),
            "{text}"
        );
        assert!(text.contains("| panic | 2 | b.json |"), "{text}");
        assert!(
            text.contains(
                "| panic | types.rs:N:N: \"…\" is not a valid Ident | 2 | b.json, c.json |"
            ),
            "{text}"
        );
        assert!(
            text.contains("| located-error | bad `…` | 1 | d.json |"),
            "{text}"
        );
    }
}
