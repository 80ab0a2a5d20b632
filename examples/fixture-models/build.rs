//! Generates a module for every construct fixture in `crates/oasforge/tests/fixtures/`.

use std::path::Path;

fn main() {
    let fixtures =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../crates/oasforge/tests/fixtures");
    for (module, file, open_enums) in [
        ("unions", "unions.yaml", false),
        ("nullable_3_0", "nullable-3-0.yaml", false),
        ("nullable_3_1", "nullable-3-1.yaml", false),
        ("enums", "enums.yaml", false),
        ("open_enums", "enums.yaml", true),
        ("formats", "formats.yaml", false),
        ("objects", "objects.yaml", false),
        ("validation", "validation.yaml", false),
    ] {
        if let Err(error) = oasforge::Config::new()
            .module_name(module)
            .open_enums(open_enums)
            .deny_warnings(true)
            .generate(fixtures.join(file))
        {
            eprintln!("oasforge failed on {file}: {error}");
            std::process::exit(1);
        }
    }
}
