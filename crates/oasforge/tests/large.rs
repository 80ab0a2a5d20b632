//! The largest APIs: nothing in the pipeline recurses once per operation. A server router
//! built as one chained expression nested as deep as there are paths, and overflowed the
//! stack at 30,000 operations (Microsoft Graph has 22,000). Here 3,000 operations are
//! generated on a thread with a 512 KB stack: the chain overflowed it (checked in a debug
//! build), while generation without it needs about 256 KB whatever the operation count.
//! (30,000 operations take minutes in a debug build; `gen` on a generated 30,000-operation
//! document is measured in release instead.) Loading, lowering and the models run on that
//! thread; the emitter builds the other files on threads of its own, each with a 64 MiB
//! stack, which this small stack does not bound.

use std::fmt::Write;
use std::path::Path;

use oasforge::stages::spec::{load_str, LoadOptions};
use oasforge::{generate_from, EmitOptions, Layout, Parts};

/// Operations generated; the old router chain needed more stack for them than [`STACK`].
const OPERATIONS: usize = 3_000;
/// The generating thread's stack.
const STACK: usize = 512 * 1024;

fn document(operations: usize) -> String {
    let mut text = String::from("openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n");
    for i in 0..operations {
        // Writing to a String cannot fail.
        let _ = write!(
            text,
            "  /r{i}:\n    get:\n      operationId: op{i}\n      responses:\n        '204': {{description: ok}}\n"
        );
    }
    text
}

#[test]
fn thousands_of_operations_generate_on_a_small_stack() {
    let text = document(OPERATIONS);
    let worker = std::thread::Builder::new()
        .stack_size(STACK)
        .spawn(move || {
            let spec = load_str(
                Path::new("/virtual/api.yaml"),
                &text,
                &LoadOptions::default(),
            )
            .expect("loads");
            let generated = generate_from(
                &spec,
                &EmitOptions {
                    layout: Layout::Module,
                    source_name: "api.yaml".into(),
                    parts: Parts {
                        client: false,
                        server: true,
                        mock: false,
                    },
                    ..EmitOptions::default()
                },
            )
            .expect("generates");
            let server = generated
                .files
                .iter()
                .find(|f| f.path.ends_with("server.rs"))
                .map(|f| f.contents.clone())
                .expect("server.rs");
            (generated.operations, server)
        })
        .expect("spawns");
    let (operations, server) = worker.join().expect("generation finishes");
    assert_eq!(operations, OPERATIONS);
    assert_eq!(server.matches(".route(").count(), OPERATIONS);
    assert!(server.contains(&format!("\"/r{}\"", OPERATIONS - 1)));
}
