//! The loaded document set and the loader.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::read::{self, ReadProblem};
use crate::reference::{self, RefProblem};
use crate::{json, locate, yaml, JsonPointer, LoadError, Location};

/// Index of a file in a [`Spec`]; the root document is always `FileId(0)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// A node: a file and a pointer inside it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeRef {
    /// The file.
    pub file: FileId,
    /// The pointer inside the file.
    pub pointer: JsonPointer,
}

/// The syntax a file was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// JSON.
    Json,
    /// YAML (1.2).
    Yaml,
}

/// The OpenAPI version family of the root document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum OpenApiVersion {
    /// 3.0.x: schemas are the OpenAPI 3.0 subset of JSON Schema draft 4/5.
    V3_0,
    /// 3.1.x (and 3.2.x, read as 3.1): schemas are JSON Schema 2020-12.
    V3_1,
}

/// Something the generator accepted but wants the user to know: what the loader read
/// leniently, and (made by lowering) what was not generated, or generated approximately.
/// The one warning type of every stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// Where: file, JSON pointer, and line and column when the source could be mapped.
    pub location: Location,
    /// What was not generated, or what was generated instead.
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// One file of the document set.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as the loader read it (canonicalized).
    pub path: PathBuf,
    /// The source text (without a byte-order mark).
    pub text: String,
    /// The syntax it was parsed as.
    pub format: Format,
    /// The parsed tree.
    pub value: Value,
}

/// How [`load`] treats references and how much it reads.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// Allow `$ref`s to files outside the folder tree of the root document.
    pub allow_outside_root: bool,
    /// The most bytes read over all files of the document set (default
    /// [`LoadOptions::DEFAULT_MAX_INPUT_BYTES`]). It is checked from each file's metadata
    /// before reading and enforced while reading; YAML alias expansion is bounded by it too.
    pub max_input_bytes: u64,
    /// The folder whose tree `$ref`s may reach; `None` is the root document's own folder.
    /// A layout such as `spec/openapi.yaml` referencing `../common/…` needs the folder
    /// above `spec/`. It should hold the root document.
    pub root: Option<PathBuf>,
}

impl LoadOptions {
    /// The default of [`LoadOptions::max_input_bytes`]: 64 MiB.
    pub const DEFAULT_MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;
}

impl Default for LoadOptions {
    fn default() -> Self {
        Self {
            allow_outside_root: false,
            max_input_bytes: Self::DEFAULT_MAX_INPUT_BYTES,
            root: None,
        }
    }
}

/// A loaded OpenAPI document and every file it references.
#[derive(Debug)]
pub struct Spec {
    files: Vec<SourceFile>,
    by_path: HashMap<PathBuf, FileId>,
    version: OpenApiVersion,
    version_text: String,
    warnings: Vec<Warning>,
}

/// Loads the document at `path` and every file its `$ref`s reach.
pub fn load(path: &Path, options: &LoadOptions) -> Result<Spec, LoadError> {
    let canonical = path.canonicalize().map_err(|source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let text =
        read::read_bounded(&canonical, options.max_input_bytes).map_err(
            |problem| match problem {
                ReadProblem::Io(source) => LoadError::Io {
                    path: path.to_path_buf(),
                    source,
                },
                other => LoadError::Input {
                    path: path.to_path_buf(),
                    reason: other.to_string(),
                },
            },
        )?;
    Loader::new(canonical, options.clone()).run(text)
}

/// Loads a document from text; `path` names it in diagnostics and anchors relative `$ref`s.
pub fn load_str(path: &Path, text: &str, options: &LoadOptions) -> Result<Spec, LoadError> {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    };
    if text.len() as u64 > options.max_input_bytes {
        return Err(LoadError::Input {
            path: absolute,
            reason: ReadProblem::TooLarge {
                size: Some(text.len() as u64),
                limit: options.max_input_bytes,
            }
            .to_string(),
        });
    }
    Loader::new(absolute, options.clone()).run(text.to_owned())
}

impl Spec {
    /// The OpenAPI version family.
    pub fn version(&self) -> OpenApiVersion {
        self.version
    }

    /// The `openapi` field as written.
    pub fn version_text(&self) -> &str {
        &self.version_text
    }

    /// The root document's tree.
    pub fn root(&self) -> &Value {
        &self.files[0].value
    }

    /// A file by id.
    pub fn file(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// Every file read, root first: what a build script must watch.
    pub fn files(&self) -> impl Iterator<Item = &SourceFile> {
        self.files.iter()
    }

    /// Warnings collected while loading.
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    /// The value at a node, if it exists.
    pub fn get(&self, node: &NodeRef) -> Option<&Value> {
        crate::pointer::lookup(
            &self.files.get(node.file.0 as usize)?.value,
            node.pointer.as_str(),
        )
    }

    /// Resolves `reference` written in file `from` to the node it names.
    ///
    /// Every `$ref` was checked by [`load`], so this fails only for references that were not
    /// in the documents (for example built by a caller).
    pub fn resolve(&self, from: FileId, reference: &str) -> Result<NodeRef, LoadError> {
        let at = || {
            self.locate(&NodeRef {
                file: from,
                pointer: JsonPointer::root(),
            })
        };
        let parsed = reference::parse(reference).map_err(|p| bad_ref(at(), reference, p))?;
        let file = if parsed.file.is_empty() {
            from
        } else {
            let base = self.file(from).path.parent().unwrap_or(Path::new("/"));
            let path = normalize_path(&base.join(&parsed.file));
            *self.by_path.get(&path).ok_or_else(|| LoadError::BadRef {
                location: at(),
                reference: reference.to_owned(),
                problem: "names a file that was not loaded".into(),
            })?
        };
        let node = NodeRef {
            file,
            pointer: parsed.pointer,
        };
        if self.get(&node).is_none() {
            return Err(LoadError::BadRef {
                location: at(),
                reference: reference.to_owned(),
                problem: "points to nothing".into(),
            });
        }
        Ok(node)
    }

    /// The file, line and column of a node, for diagnostics.
    pub fn locate(&self, node: &NodeRef) -> Location {
        let file = self.file(node.file);
        let pos = locate::locate(&file.text, &node.pointer.segments());
        Location {
            file: file.path.clone(),
            pointer: node.pointer.clone(),
            line: pos.map(|p| p.0),
            column: pos.map(|p| p.1),
        }
    }
}

impl Spec {
    /// [`Spec::locate`] for many nodes, reading each file once: diagnostics for documents
    /// with thousands of warnings stay cheap. The result is in the order of `nodes`.
    pub fn locate_many(&self, nodes: &[NodeRef]) -> Vec<Location> {
        let mut by_file: HashMap<FileId, Vec<usize>> = HashMap::new();
        for (i, node) in nodes.iter().enumerate() {
            by_file.entry(node.file).or_default().push(i);
        }
        let mut positions = vec![None; nodes.len()];
        for (file, indices) in by_file {
            let Some(source) = self.files.get(file.0 as usize) else {
                continue;
            };
            let wanted: Vec<Vec<String>> = indices
                .iter()
                .map(|&i| nodes[i].pointer.segments())
                .collect();
            let found = match source.format {
                Format::Json => locate::locate_all_json(&source.text, &wanted),
                Format::Yaml => locate::locate_all(&source.text, &wanted),
            };
            for (&i, pos) in indices.iter().zip(found) {
                positions[i] = pos;
            }
        }
        nodes
            .iter()
            .zip(positions)
            .map(|(node, pos)| Location {
                file: self
                    .files
                    .get(node.file.0 as usize)
                    .map(|f| f.path.clone())
                    .unwrap_or_default(),
                pointer: node.pointer.clone(),
                line: pos.map(|p| p.0),
                column: pos.map(|p| p.1),
            })
            .collect()
    }
}

fn bad_ref(location: Location, reference: &str, problem: RefProblem) -> LoadError {
    match problem {
        RefProblem::Remote => LoadError::RefusedRef {
            location,
            reference: reference.to_owned(),
            reason: "it names a URL, and oasforge never fetches over the network".into(),
        },
        RefProblem::Malformed(problem) => LoadError::BadRef {
            location,
            reference: reference.to_owned(),
            problem,
        },
    }
}

/// Removes `.` and `..` components without touching the file system.
fn normalize_path(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

struct Loader {
    spec: Spec,
    root_dir: PathBuf,
    options: LoadOptions,
    /// Bytes read so far over all files, against `options.max_input_bytes`.
    read: u64,
}

impl Loader {
    fn new(root: PathBuf, options: LoadOptions) -> Self {
        let root_dir = match &options.root {
            Some(dir) => dir.clone(),
            None => root.parent().map(Path::to_path_buf).unwrap_or_default(),
        };
        // Compared with canonical paths below, so it must be canonical itself.
        let root_dir = root_dir.canonicalize().unwrap_or(root_dir);
        let mut spec = Spec {
            files: Vec::new(),
            by_path: HashMap::new(),
            version: OpenApiVersion::V3_1,
            version_text: String::new(),
            warnings: Vec::new(),
        };
        spec.by_path.insert(root.clone(), FileId(0));
        spec.files.push(SourceFile {
            path: root,
            text: String::new(),
            format: Format::Yaml,
            value: Value::Null,
        });
        Self {
            spec,
            root_dir,
            options,
            read: 0,
        }
    }

    fn run(mut self, text: String) -> Result<Spec, LoadError> {
        self.parse_into(FileId(0), text)?;
        self.check_version()?;
        // Breadth-first over files: each newly reached file is scanned for its own refs.
        let mut next = 0;
        while next < self.spec.files.len() {
            let id = FileId(next as u32);
            let mut refs = Vec::new();
            collect_refs(
                &self.spec.files[next].value,
                &mut JsonPointer::root(),
                &mut refs,
            );
            for (at, reference) in refs {
                self.check_ref(id, at, &reference)?;
            }
            next += 1;
        }
        Ok(self.spec)
    }

    fn parse_into(&mut self, id: FileId, text: String) -> Result<(), LoadError> {
        self.read = self.read.saturating_add(text.len() as u64);
        let expansion_budget = self.options.max_input_bytes;
        let text = match text.strip_prefix('\u{feff}') {
            Some(stripped) => stripped.to_owned(),
            None => text,
        };
        let file = &mut self.spec.files[id.0 as usize];
        let is_json = file
            .path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"))
            || text.trim_start().starts_with('{');
        let parsed = if is_json {
            json::parse(&text).map_err(|e| {
                // serde_json says where, not in which node: find the node open there.
                let path = locate::json_path_at(&text, e.line(), e.column());
                (e.line(), e.column(), e.to_string(), path)
            })
        } else {
            yaml::parse(&text, expansion_budget).map_err(|e| (e.line, e.column, e.message, e.path))
        };
        match parsed {
            Ok(value) => {
                file.value = value;
                file.format = if is_json { Format::Json } else { Format::Yaml };
                file.text = text;
                Ok(())
            }
            Err((line, column, message, path)) => Err(LoadError::Syntax {
                location: Location {
                    file: file.path.clone(),
                    pointer: path.iter().fold(JsonPointer::root(), |p, s| p.join(s)),
                    line: Some(line),
                    column: Some(column),
                },
                message: format!(
                    "invalid {}: {message}",
                    if is_json { "JSON" } else { "YAML" }
                ),
            }),
        }
    }

    fn check_version(&mut self) -> Result<(), LoadError> {
        let root = NodeRef {
            file: FileId(0),
            pointer: JsonPointer::root(),
        };
        let not_openapi =
            |spec: &Spec, pointer: JsonPointer, message: String| LoadError::NotOpenApi {
                location: spec.locate(&NodeRef {
                    file: FileId(0),
                    pointer,
                }),
                message,
            };
        let Some(map) = self.spec.root().as_object() else {
            return Err(not_openapi(
                &self.spec,
                JsonPointer::root(),
                format!(
                    "expected an OpenAPI document (a mapping), found {}",
                    kind(self.spec.root())
                ),
            ));
        };
        if let Some(swagger) = map.get("swagger") {
            return Err(not_openapi(
                &self.spec,
                root.pointer.join("swagger"),
                format!(
                    "this is a Swagger {} document; oasforge reads OpenAPI 3.0 and 3.1 (convert it first)",
                    swagger.as_str().unwrap_or("2.0")
                ),
            ));
        }
        let Some(version) = map.get("openapi") else {
            return Err(not_openapi(
                &self.spec,
                JsonPointer::root(),
                "expected an `openapi` field with the version (3.0.x or 3.1.x), found none".into(),
            ));
        };
        let Some(text) = version.as_str() else {
            return Err(not_openapi(
                &self.spec,
                JsonPointer::root().join("openapi"),
                format!(
                    "expected the version as a string such as \"3.1.0\", found {}",
                    kind(version)
                ),
            ));
        };
        let text = text.to_owned();
        self.spec.version = if text.starts_with("3.0.") || text == "3.0" {
            OpenApiVersion::V3_0
        } else if text.starts_with("3.1.") || text == "3.1" {
            OpenApiVersion::V3_1
        } else if text.starts_with("3.2.") || text == "3.2" {
            self.spec.warnings.push(Warning {
                location: self.spec.locate(&NodeRef {
                    file: FileId(0),
                    pointer: JsonPointer::root().join("openapi"),
                }),
                message: format!("OpenAPI {text} is read as 3.1; features new in 3.2 are ignored"),
            });
            OpenApiVersion::V3_1
        } else {
            return Err(not_openapi(
                &self.spec,
                JsonPointer::root().join("openapi"),
                format!("expected OpenAPI version 3.0.x or 3.1.x, found \"{text}\""),
            ));
        };
        self.spec.version_text = text;
        Ok(())
    }

    fn check_ref(
        &mut self,
        from: FileId,
        at: JsonPointer,
        reference: &str,
    ) -> Result<(), LoadError> {
        let location = |spec: &Spec| {
            spec.locate(&NodeRef {
                file: from,
                pointer: at.join("$ref"),
            })
        };
        let parsed =
            reference::parse(reference).map_err(|p| bad_ref(location(&self.spec), reference, p))?;
        let file = if parsed.file.is_empty() {
            from
        } else {
            let base = self
                .spec
                .file(from)
                .path
                .parent()
                .unwrap_or(Path::new("/"))
                .to_path_buf();
            let path = normalize_path(&base.join(&parsed.file));
            // A symbolic link inside the folder may lead outside it: check where it leads.
            let real = path.canonicalize().unwrap_or_else(|_| path.clone());
            let inside = path.starts_with(&self.root_dir) && real.starts_with(&self.root_dir);
            if !inside && !self.options.allow_outside_root {
                return Err(LoadError::RefusedRef {
                    location: location(&self.spec),
                    reference: reference.to_owned(),
                    reason: format!(
                        "{} is outside the folder tree references may reach ({})\nhelp: name a folder that holds every referenced file as the root: `gen --root DIR` (or `Config::root(DIR)` in a build script); `--allow-outside-root` lifts the limit",
                        real.display(),
                        self.root_dir.display()
                    ),
                });
            }
            match self.spec.by_path.get(&path) {
                Some(id) => *id,
                None => self.load_file(path, reference, location(&self.spec))?,
            }
        };
        if self
            .spec
            .get(&NodeRef {
                file,
                pointer: parsed.pointer.clone(),
            })
            .is_none()
        {
            return Err(LoadError::BadRef {
                location: location(&self.spec),
                reference: reference.to_owned(),
                problem: format!(
                    "points to nothing: expected a node at {} in {}, found none",
                    parsed.pointer,
                    self.spec.file(file).path.display(),
                ),
            });
        }
        Ok(())
    }

    fn load_file(
        &mut self,
        path: PathBuf,
        reference: &str,
        at: Location,
    ) -> Result<FileId, LoadError> {
        let left = self.options.max_input_bytes.saturating_sub(self.read);
        let text = read::read_bounded(&path, left).map_err(|e| LoadError::BadRef {
            location: at,
            reference: reference.to_owned(),
            problem: format!(
                "names a file that cannot be read: expected a readable file at {}, found: {e}",
                path.display()
            ),
        })?;
        let id = FileId(self.spec.files.len() as u32);
        self.spec.by_path.insert(path.clone(), id);
        self.spec.files.push(SourceFile {
            path,
            text: String::new(),
            format: Format::Yaml,
            value: Value::Null,
        });
        self.parse_into(id, text)?;
        Ok(id)
    }
}

/// Collects every string-valued `$ref` with the pointer of the object holding it.
fn collect_refs(value: &Value, at: &mut JsonPointer, out: &mut Vec<(JsonPointer, String)>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref") {
                out.push((at.clone(), r.clone()));
            }
            for (k, v) in map {
                if matches!(v, Value::Object(_) | Value::Array(_)) {
                    let mut child = at.join(k);
                    collect_refs(v, &mut child, out);
                }
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                if matches!(v, Value::Object(_) | Value::Array(_)) {
                    let mut child = at.join(i.to_string());
                    collect_refs(v, &mut child, out);
                }
            }
        }
        _ => {}
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}
