//! The builder used from build scripts, and the in-memory pipeline behind it.

use std::path::{Path, PathBuf};

use heck::ToSnakeCase;
use oasforge_emit::{EmitOptions, GeneratedFile, Layout, Parts};
use oasforge_ir::{Api, LeftOut, Selection};
use oasforge_spec::{LoadOptions, Spec};

use crate::{write_files, Error, Progress};

/// What one run of the pipeline produced.
#[derive(Debug)]
pub struct Generated {
    /// The files, in memory.
    pub files: Vec<GeneratedFile>,
    /// Every input file read (the root document first).
    pub inputs: Vec<PathBuf>,
    /// Constructs that were not generated, or generated approximately, each with its
    /// location, in document order of discovery.
    pub warnings: Vec<Warning>,
    /// Operation count.
    pub operations: usize,
    /// Named type count.
    pub types: usize,
    /// The lowered API the files were emitted from: what was generated.
    pub api: Api,
    /// What the operation selection ([`Options::select`]) left out; empty without one.
    pub left_out: LeftOut,
}

pub use oasforge_spec::Warning;

/// Runs the whole pipeline in memory: load, lower, emit. Nothing is written.
pub fn generate(
    spec_path: &Path,
    load: &LoadOptions,
    emit: &EmitOptions,
) -> Result<Generated, Error> {
    generate_with_progress(spec_path, load, emit, &mut |_| {})
}

/// [`generate`], reporting each stage to `progress` as it starts and ends.
pub fn generate_with_progress(
    spec_path: &Path,
    load: &LoadOptions,
    emit: &EmitOptions,
    progress: &mut dyn FnMut(Progress<'_>),
) -> Result<Generated, Error> {
    generate_selected(spec_path, load, &Selection::default(), emit, progress)
}

/// [`generate_with_progress`] for the operations `select` matches and the types they reach
/// only (see [`Options::select`]); [`Generated::left_out`] says what was left out.
pub fn generate_selected(
    spec_path: &Path,
    load: &LoadOptions,
    select: &Selection,
    emit: &EmitOptions,
    progress: &mut dyn FnMut(Progress<'_>),
) -> Result<Generated, Error> {
    progress(Progress::Loading { path: spec_path });
    let spec = oasforge_spec::load(spec_path, load)?;
    progress(Progress::Loaded {
        files: spec.files().count(),
        bytes: spec.files().map(|f| f.text.len()).sum(),
    });
    let mut lowered = Lowered::from_spec(&spec, progress)?;
    lowered.left_out = oasforge_ir::select(&mut lowered.api, select);
    // Emission needs neither the documents' text nor their trees: free them before its
    // allocations (for a large document they are most of the memory held until then).
    drop(spec);
    lowered.emit(emit, progress)
}

/// [`generate`] for a document already loaded (for example with
/// [`oasforge_spec::load_str`], to run the pipeline without touching the file system).
pub fn generate_from(spec: &Spec, emit: &EmitOptions) -> Result<Generated, Error> {
    Lowered::from_spec(spec, &mut |_| {})?.emit(emit, &mut |_| {})
}

/// A lowered API with everything the run reports that needs the documents (warnings with
/// their locations, the input files), so the documents can be dropped before emission.
struct Lowered {
    api: Api,
    inputs: Vec<PathBuf>,
    warnings: Vec<Warning>,
    left_out: LeftOut,
}

impl Lowered {
    /// Lowers a loaded document and locates its warnings, reporting to `progress`.
    fn from_spec(spec: &Spec, progress: &mut dyn FnMut(Progress<'_>)) -> Result<Self, Error> {
        progress(Progress::Lowering);
        let lowered = oasforge_ir::lower(spec).map_err(|error| Error::Lower {
            location: error.node().map(|n| spec.locate(n)),
            error,
        })?;
        // The loader's warnings, then lowering's (made and located there).
        let mut warnings = spec.warnings().to_vec();
        warnings.extend(lowered.warnings);
        progress(Progress::Lowered {
            types: lowered.api.types.len(),
            operations: lowered.api.operations.len(),
        });
        Ok(Self {
            api: lowered.api,
            inputs: spec.files().map(|f| f.path.clone()).collect(),
            warnings,
            left_out: LeftOut::default(),
        })
    }

    /// Emits the files, reporting to `progress`.
    fn emit(
        self,
        emit: &EmitOptions,
        progress: &mut dyn FnMut(Progress<'_>),
    ) -> Result<Generated, Error> {
        progress(Progress::Emitting);
        let files = oasforge_emit::emit(&self.api, emit)?;
        progress(Progress::Emitted {
            files: files.len(),
            lines: files
                .iter()
                .map(|f| f.contents.bytes().filter(|&b| b == b'\n').count())
                .sum(),
        });
        Ok(Generated {
            files,
            inputs: self.inputs,
            warnings: self.warnings,
            operations: self.api.operations.len(),
            types: self.api.types.len(),
            api: self.api,
            left_out: self.left_out,
        })
    }
}

/// Generation settings for a build script, in the style of `prost_build::Config`.
///
/// By default the output goes to `$OUT_DIR/<module>/` where `<module>` is the spec's file
/// stem in snake case, and `cargo:rerun-if-changed` is printed for every file read.
#[derive(Debug, Clone, Default)]
pub struct Config {
    out_dir: Option<PathBuf>,
    module_name: Option<String>,
    options: Options,
    no_cargo_directives: bool,
}

/// The options of a generation, shared by [`Config`] (build scripts) and the `gen` command:
/// how documents are read, what the code looks like, and whether warnings fail.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// How the spec and the files its `$ref`s reach are read.
    pub load: LoadOptions,
    /// Give every string enum an `Unknown(String)` variant for values the spec does not list
    /// (see [`EmitOptions::open_enums`]).
    pub open_enums: bool,
    /// The parts beside the models in a module folder (a crate has every part, behind its
    /// `client` and `server` features).
    pub parts: Parts,
    /// Fail on any warning (a construct not generated exactly).
    pub deny_warnings: bool,
    /// Generate only these operations and the types they reach (by default, everything).
    pub select: Selection,
}

impl Options {
    /// The emitter's options for `layout`, naming the spec `source_name` in headers.
    pub fn emit(&self, layout: Layout, source_name: impl Into<String>) -> EmitOptions {
        EmitOptions {
            layout,
            source_name: source_name.into(),
            open_enums: self.open_enums,
            parts: self.parts,
        }
    }
}

impl Config {
    /// Default settings.
    pub fn new() -> Self {
        Self::default()
    }

    /// Gives every string enum an `Unknown(String)` variant for values the spec does not
    /// list, so the generated code keeps working when a server adds one. Off by default.
    pub fn open_enums(&mut self, open: bool) -> &mut Self {
        self.options.open_enums = open;
        self
    }

    /// Writes under `dir` instead of `$OUT_DIR`.
    pub fn out_dir(&mut self, dir: impl Into<PathBuf>) -> &mut Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// The folder name of the generated module (default: the spec's file stem in snake case).
    pub fn module_name(&mut self, name: impl Into<String>) -> &mut Self {
        self.module_name = Some(name.into());
        self
    }

    /// The folder whose tree `$ref`s may reach (by default the spec's own folder): for a
    /// layout such as `spec/openapi.yaml` that references `../common/…`, the folder above
    /// `spec/`.
    pub fn root(&mut self, dir: impl Into<PathBuf>) -> &mut Self {
        self.options.load.root = Some(dir.into());
        self
    }

    /// Allows `$ref`s to files outside the spec's folder tree.
    pub fn allow_refs_outside_root(&mut self, allow: bool) -> &mut Self {
        self.options.load.allow_outside_root = allow;
        self
    }

    /// The most bytes read over the spec and every file its `$ref`s reach (default
    /// [`LoadOptions::DEFAULT_MAX_INPUT_BYTES`], 64 MiB); YAML alias expansion is bounded by
    /// it too. A larger input is an error before it is read in full.
    pub fn max_input_bytes(&mut self, bytes: u64) -> &mut Self {
        self.options.load.max_input_bytes = bytes;
        self
    }

    /// Fails on any warning instead of printing it as a `cargo:warning`.
    pub fn deny_warnings(&mut self, deny: bool) -> &mut Self {
        self.options.deny_warnings = deny;
        self
    }

    /// Also generates `operations.rs` and `client.rs`: the async `reqwest` client (the crate
    /// then needs `reqwest`, `serde_json`, and `futures` when an operation pages).
    pub fn client(&mut self, client: bool) -> &mut Self {
        self.options.parts.client = client;
        self
    }

    /// Also generates `operations.rs` and `server.rs`: the server trait and `axum` router
    /// (the crate then needs `axum` and `serde_json`).
    pub fn server(&mut self, server: bool) -> &mut Self {
        self.options.parts.server = server;
        self
    }

    /// Also generates `mock.rs` (with the server): a `MockApi` implementing the server trait
    /// that answers every operation with a value valid by its documented success response
    /// (`gen generate --mock`).
    pub fn mock(&mut self, mock: bool) -> &mut Self {
        self.options.parts.mock = mock;
        self
    }

    /// Generates only the operations carrying one of `tags` (besides those selected by
    /// [`Config::operations`] and [`Config::paths`]), and only the types they reach.
    pub fn tags<S: Into<String>>(&mut self, tags: impl IntoIterator<Item = S>) -> &mut Self {
        self.options.select.tags = tags.into_iter().map(Into::into).collect();
        self
    }

    /// Generates only the operations with one of these `operationId`s (besides those
    /// selected by [`Config::tags`] and [`Config::paths`]), and only the types they reach.
    pub fn operations<S: Into<String>>(&mut self, ids: impl IntoIterator<Item = S>) -> &mut Self {
        self.options.select.operations = ids.into_iter().map(Into::into).collect();
        self
    }

    /// Generates only the operations whose path matches one of `globs` (`*` within a
    /// segment, `**` across segments; besides those selected by [`Config::tags`] and
    /// [`Config::operations`]), and only the types they reach.
    pub fn paths<S: Into<String>>(&mut self, globs: impl IntoIterator<Item = S>) -> &mut Self {
        self.options.select.paths = globs.into_iter().map(Into::into).collect();
        self
    }

    /// Sets every option of [`Options`] at once.
    pub fn options(&mut self, options: Options) -> &mut Self {
        self.options = options;
        self
    }

    /// Stops printing `cargo:` directives (for use outside build scripts).
    pub fn skip_cargo_directives(&mut self) -> &mut Self {
        self.no_cargo_directives = true;
        self
    }

    /// Generates the module for `spec` and writes it. Returns the folder written to
    /// (it holds `mod.rs`, to `include!`).
    pub fn generate(&self, spec: impl AsRef<Path>) -> Result<PathBuf, Error> {
        let spec = spec.as_ref();
        let base = match &self.out_dir {
            Some(dir) => dir.clone(),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or(Error::NoOutDir)?,
        };
        let module = self.module_name.clone().unwrap_or_else(|| {
            spec.file_stem()
                .and_then(|s| s.to_str())
                .map(|s| s.to_snake_case())
                .unwrap_or_else(|| "api".to_owned())
        });
        let emit = self.options.emit(
            Layout::Module,
            spec.file_name()
                .and_then(|s| s.to_str())
                .unwrap_or("openapi"),
        );
        let directives = !self.no_cargo_directives;
        if directives {
            // Watch the root even when loading fails, so fixing it re-runs the build script.
            println!("cargo:rerun-if-changed={}", spec.display());
        }
        let generated = generate_selected(
            spec,
            &self.options.load,
            &self.options.select,
            &emit,
            &mut |_| {},
        )?;
        if directives {
            for input in generated.inputs.iter().skip(1) {
                println!("cargo:rerun-if-changed={}", input.display());
            }
        }
        if self.options.deny_warnings && !generated.warnings.is_empty() {
            return Err(Error::DeniedWarnings {
                count: generated.warnings.len(),
                first: generated.warnings[0].to_string(),
            });
        }
        if directives {
            for warning in &generated.warnings {
                println!("cargo:warning=oasforge: {warning}");
            }
        }
        let dir = base.join(module);
        write_files(&dir, &generated.files)?;
        Ok(dir)
    }
}

#[cfg(test)]
mod tests {
    use super::Config;

    /// `Config::mock` adds `mock.rs` as `gen generate --mock` does; it is off by default.
    #[test]
    fn mock_is_opt_in() {
        let spec = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../specs/dfns-permissions.yaml"
        );
        let dir = tempfile::tempdir().expect("temp dir");
        for mock in [false, true] {
            let out = dir.path().join(if mock { "mocked" } else { "plain" });
            let module = Config::new()
                .out_dir(&out)
                .module_name("api")
                .skip_cargo_directives()
                .server(true)
                .mock(mock)
                .generate(spec)
                .expect("generates");
            assert!(module.join("server.rs").exists());
            assert_eq!(module.join("mock.rs").exists(), mock, "mock = {mock}");
        }
    }
}
