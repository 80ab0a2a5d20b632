//! Rendering errors (with a source snippet) and drift for the terminal.

use std::path::Path;

use miette::{Diagnostic, NamedSource, SourceSpan};
use oasforge::{Drift, Error, Location};

/// An error with the source around its location, rendered by miette.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("{message}")]
struct Snippet {
    message: String,
    #[source_code]
    source_code: NamedSource<String>,
    #[label("{label}")]
    span: SourceSpan,
    label: String,
    #[help]
    help: Option<String>,
}

/// Lines longer than this are not shown as snippets.
const MAX_SNIPPET_LINE: usize = 400;

/// Prints `error` to stderr: file, line, column and JSON pointer, with a snippet of the
/// source when the file can be read.
pub(crate) fn error(error: &Error) {
    let message = error.to_string();
    let snippet = error
        .location()
        .and_then(|location| snippet(location, error));
    match snippet {
        Some(snippet) => {
            use std::io::IsTerminal;
            let theme = if std::io::stderr().is_terminal() {
                miette::GraphicalTheme::unicode()
            } else {
                miette::GraphicalTheme::unicode_nocolor()
            };
            let handler = miette::GraphicalReportHandler::new_themed(theme)
                .with_wrap_lines(false)
                .with_links(false);
            let mut out = String::new();
            match handler.render_report(&mut out, &snippet) {
                Ok(()) => eprintln!("{out}"),
                Err(_) => eprintln!("error: {message}"),
            }
        }
        None => eprintln!("error: {message}"),
    }
}

fn snippet(location: &Location, error: &Error) -> Option<Snippet> {
    let line = location.line?;
    let text = std::fs::read_to_string(&location.file).ok()?;
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_owned)
        .unwrap_or(text);
    let offset = offset_of(&text, line, location.column.unwrap_or(1))?;
    let len = text[offset..]
        .find('\n')
        .unwrap_or(text.len() - offset)
        .max(1);
    // Minified JSON puts the whole document on one line: no readable snippet exists there
    // (and the renderer cannot lay out megabyte-long lines), so the plain message is shown.
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    if offset + len - line_start > MAX_SNIPPET_LINE {
        return None;
    }
    let pointer = location.pointer.to_string();
    Some(Snippet {
        message: error.to_string(),
        source_code: NamedSource::new(location.file.display().to_string(), text),
        span: (offset, len).into(),
        label: if pointer == "#" {
            "here".to_owned()
        } else {
            pointer
        },
        help: None,
    })
}

/// The byte offset of a 1-based line and (character) column.
fn offset_of(text: &str, line: usize, column: usize) -> Option<usize> {
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            let within = l
                .char_indices()
                .nth(column.saturating_sub(1))
                .map_or(l.len(), |(b, _)| b);
            return Some(offset + within);
        }
        offset += l.len();
    }
    (line == 0 || offset == text.len()).then_some(offset)
}

/// Prints which generated files differ, with a short unified diff of each.
pub(crate) fn drift(dir: &Path, drift: &[Drift]) {
    eprintln!(
        "{}: generated code is out of date ({} file(s) differ)",
        dir.display(),
        drift.len()
    );
    for d in drift {
        let path = dir.join(&d.path);
        match (&d.on_disk, &d.generated) {
            (None, _) => eprintln!("missing: {}", path.display()),
            (Some(_), None) => eprintln!(
                "stale: {} (generated earlier, no longer generated)",
                path.display()
            ),
            (Some(old), Some(generated)) => {
                let diff = similar::TextDiff::from_lines(old.as_str(), generated.as_str());
                let text = diff
                    .unified_diff()
                    .context_radius(2)
                    .header(
                        &format!("{} (on disk)", path.display()),
                        &format!("{} (generated)", path.display()),
                    )
                    .to_string();
                let lines: Vec<&str> = text.lines().collect();
                for line in lines.iter().take(40) {
                    eprintln!("{line}");
                }
                if lines.len() > 40 {
                    eprintln!("… {} more diff lines", lines.len() - 40);
                }
            }
        }
    }
    eprintln!("run `gen generate` to update it");
}
