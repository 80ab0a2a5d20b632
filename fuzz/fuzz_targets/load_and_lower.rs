//! Any bytes, read as a YAML or JSON OpenAPI document, either generate code or give an
//! error: never a panic, a hang or a crash.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use oasforge::stages::{ir, spec};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // `/fuzz/` does not exist, so an external `$ref` can only fail to read.
    let name = if text.trim_start().starts_with('{') {
        "/fuzz/input.json"
    } else {
        "/fuzz/input.yaml"
    };
    let Ok(loaded) = spec::load_str(Path::new(name), text, &spec::LoadOptions::default()) else {
        return;
    };
    if let Ok(lowered) = ir::lower(&loaded) {
        let _ = oasforge::stages::emit::emit(
            &lowered.api,
            &oasforge::EmitOptions {
                layout: oasforge::Layout::Module,
                source_name: "input.yaml".into(),
                parts: oasforge::Parts::all(),
                ..oasforge::EmitOptions::default()
            },
        );
    }
});
