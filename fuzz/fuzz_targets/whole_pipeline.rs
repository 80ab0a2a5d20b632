//! The whole pipeline on any bytes: load, lower, emit, and parse every generated Rust file.
//! Loading and lowering may refuse the input with an error; once they accept it, emission
//! must succeed and every file it writes must parse. Never a panic, a hang or a crash.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use oasforge::stages::{emit, ir, spec};

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
    let Ok(lowered) = ir::lower(&loaded) else {
        return;
    };
    for layout in [
        oasforge::Layout::Module,
        oasforge::Layout::Crate {
            name: "fuzzed".into(),
        },
    ] {
        let options = oasforge::EmitOptions {
            layout,
            source_name: "input.yaml".into(),
            parts: oasforge::Parts::all(),
            ..oasforge::EmitOptions::default()
        };
        let files = match emit::emit(&lowered.api, &options) {
            Ok(files) => files,
            // An accepted document must generate: an emission error is a bug.
            Err(error) => panic!("emission failed for an accepted document: {error}"),
        };
        for file in files {
            if file.path.extension().is_some_and(|e| e == "rs") {
                if let Err(error) = syn::parse_file(&file.contents) {
                    panic!("{} does not parse: {error}", file.path.display());
                }
            }
        }
    }
});
