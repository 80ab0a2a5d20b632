//! The `encoding` of a `multipart/form-data` body's parts (`lower/multipart.rs`): what is
//! generated is recorded on the body, what is not is a located warning.

use std::path::Path;

use oasforge_ir::{lower, PartEncoding};
use oasforge_spec::{load_str, LoadOptions};

/// A property's encoding as the body records it: name, how, fixed headers.
type Row<'a> = (&'a str, &'a PartEncoding, &'a [(String, String)]);

const DOC: &str = "openapi: 3.1.0
info: {title: T, version: '1'}
paths:
  /up:
    post:
      requestBody:
        content:
          multipart/form-data:
            schema:
              type: object
              properties:
                file: {type: string, format: binary}
                any: {type: string, format: binary}
                meta: {type: object, properties: {k: {type: string}}}
                note: {type: string}
                sizes: {type: array, items: {type: integer}}
                xml: {type: object, properties: {k: {type: string}}}
                styled: {type: string}
                plain: {type: string}
                kind: {type: string, enum: [a, b]}
            encoding:
              file:
                contentType: image/png, image/jpeg
                headers:
                  X-Class: {schema: {type: string, const: thumb}}
                  X-Count: {schema: {type: integer, enum: [3]}}
                  Content-Type: {schema: {type: string}}
                  X-Free: {schema: {type: string}}
              any: {contentType: 'image/*'}
              meta: {contentType: application/vnd.api+json}
              note: {contentType: text/plain}
              sizes: {contentType: text/csv, headers: {X-Unit: {schema: {type: string, default: px}}}}
              xml: {contentType: application/xml}
              styled: {style: form, explode: false}
              plain: {}
              kind: {contentType: text/plain}
              ghost: {contentType: text/plain}
      responses: {'204': {description: ok}}
";

#[test]
fn part_media_types_and_fixed_headers_are_generated() {
    let spec = load_str(Path::new("test.yaml"), DOC, &LoadOptions::default()).expect("loads");
    let lowered = lower(&spec).expect("lowers");
    let body = lowered.api.operations[0].body.as_ref().expect("a body");
    let got: Vec<Row<'_>> = body
        .encoding
        .iter()
        .map(|e| (e.property.as_str(), &e.how, &e.headers[..]))
        .collect();
    let pair = |n: &str, v: &str| (n.to_owned(), v.to_owned());
    assert_eq!(
        got,
        [
            (
                "file",
                &PartEncoding::Media("image/png".into()),
                &[pair("X-Class", "thumb"), pair("X-Count", "3")][..]
            ),
            (
                "meta",
                &PartEncoding::Json("application/vnd.api+json".into()),
                &[][..]
            ),
            ("note", &PartEncoding::Media("text/plain".into()), &[][..]),
            (
                "sizes",
                &PartEncoding::Media("text/csv".into()),
                &[pair("X-Unit", "px")][..]
            ),
            ("kind", &PartEncoding::Media("text/plain".into()), &[][..]),
        ]
    );
    let encoding = "#/paths/~1up/post/requestBody/content/multipart~1form-data/encoding";
    let warned: Vec<String> = lowered
        .warnings
        .iter()
        .map(|w| w.location.pointer.to_string())
        .collect();
    // A header with no fixed value, an object as XML, a style and the encoding of a
    // property the schema does not declare are not applied;
    // `Content-Type` among the headers is ignored (the specification says so), and a type
    // range for a file leaves the file's own type.
    assert_eq!(
        warned,
        [
            format!("{encoding}/file/headers/X-Free"),
            format!("{encoding}/xml/contentType"),
            format!("{encoding}/styled/style"),
            format!("{encoding}/styled/explode"),
            format!("{encoding}/ghost"),
        ],
        "{:?}",
        lowered.warnings
    );
}
