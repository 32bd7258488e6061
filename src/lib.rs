//! spragc: compiles SPRAG's browser-side Python (Components and Modules) to the Ragot
//! ES modules `sprag build` produces, with column-precise source maps and structured
//! diagnostics.
//!
//! The pipeline is parse (`ruff_python_parser`) -> [`project`] (what names mean) ->
//! [`lower`] (Python AST to swc JavaScript AST) -> [`emit`] (swc codegen + source map).
//! [`compile_project`] compiles a whole app; [`compile_file`] one file (plus stores).

pub mod diagnostics;
pub mod emit;
pub mod lower;
pub mod names;
#[cfg(not(target_arch = "wasm32"))]
pub mod native_alloc;
mod parallel;
pub mod project;
pub mod server;
#[cfg(target_arch = "wasm32")]
mod wasm;
#[cfg(target_arch = "wasm32")]
mod wasm_alloc;

use std::collections::HashMap;

pub use diagnostics::{Code, Diagnostic, Severity};
use project::{ClassKind, Project};

// `swc_ecma_quote` expands to paths under `swc_core`; point them at our own crates.
mod swc_core {
    pub use swc_atoms as atoms;
    pub use swc_ecma_quote as quote;
    pub mod ecma {
        pub use swc_ecma_ast as ast;
    }
    pub mod common {
        pub use swc_common::*;
    }
}

/// Where the source map of each generated file goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum SourceMapMode {
    /// A separate `X.js.map`, referenced by a `//# sourceMappingURL=X.js.map` comment.
    #[default]
    External,
    /// Embedded in the JavaScript as a base64 data URL.
    Inline,
    /// No source map.
    None,
}

/// Compiler options.
#[derive(Clone, Debug)]
pub struct Options {
    /// Also compile the constructs the reference rejects but Python means clearly.
    pub extended: bool,
    /// Module specifier generated classes import Ragot from.
    pub ragot_import: String,
    /// Module specifier `stores.js` imports Ragot from.
    pub stores_ragot_import: String,
    /// Source map output.
    pub source_map: SourceMapMode,
    /// `imports.*` aliases declared outside the compiled files (added to those found in
    /// `page(modules=...)` calls).
    pub import_aliases: Vec<String>,
    /// Accept any `imports.*` alias (when the page declaring them is not available).
    pub any_import_alias: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            extended: false,
            ragot_import: "../../vendor/ragot.esm.min.js".into(),
            stores_ragot_import: "../vendor/ragot.esm.min.js".into(),
            source_map: SourceMapMode::External,
            import_aliases: Vec::new(),
            any_import_alias: false,
        }
    }
}

/// One generated file.
#[derive(Clone, Debug, PartialEq)]
pub struct OutputFile {
    /// Path relative to the `generated/` directory (`components/CounterCard.js`, `stores.js`).
    pub path: String,
    pub code: String,
    /// Source map (for [`SourceMapMode::External`]); `map.to_json()` gives the JSON.
    pub map: Option<emit::sourcemap::SourceMap>,
}

/// A browser class found in the project.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClassEntry {
    pub name: String,
    /// `component` or `module`.
    pub kind: &'static str,
    /// Python file defining it.
    pub file: String,
    /// Generated file path (relative to `generated/`), when it compiled.
    pub output: Option<String>,
}

/// Everything a compilation produced.
#[derive(Clone, Debug, Default)]
pub struct Output {
    pub files: Vec<OutputFile>,
    pub diagnostics: Vec<Diagnostic>,
    pub classes: Vec<ClassEntry>,
    /// Routes, mounts and actions the project declares ([`compile_project`] only).
    pub manifest: project::manifest::AppManifest,
}

impl Output {
    /// True when any error diagnostic was reported.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity == Severity::Error)
    }
}

/// Compile every browser class of a project given as (path, source) pairs, plus
/// `stores.js` from the stores declared in it.
pub fn compile_project(files: Vec<(String, String)>, opts: &Options) -> Output {
    // Only Python files (a project also holds CSS, templates, static JavaScript).
    let files = files.into_iter().filter(|(p, _)| p.ends_with(".py")).collect();
    let mut project = Project::new(files);
    project.import_aliases.extend(opts.import_aliases.iter().cloned());
    let mut out = compile(&project, opts, true);
    out.manifest = project.manifest();
    // Freeing a big project's syntax trees need not delay the caller.
    let big = project.is_big();
    parallel::drop_later(project, big);
    out.diagnostics.sort_by(|a, b| (&a.file, a.line, a.column, a.code).cmp(&(&b.file, b.line, b.column, b.code)));
    out.diagnostics.dedup();
    out
}

/// Compile one browser file. `stores` is the source of `app/stores.py` when the file
/// uses stores; `stores.js` is produced only then.
pub fn compile_file(path: &str, source: &str, stores: Option<&str>, opts: &Options) -> Output {
    let mut files = vec![(path.to_string(), source.to_string())];
    if let Some(s) = stores
        && path != "app/stores.py" {
            files.push(("app/stores.py".to_string(), s.to_string()));
        }
    let mut project = Project::new(files);
    project.import_aliases.extend(opts.import_aliases.iter().cloned());
    let mut out = compile(&project, opts, stores.is_some());
    out.classes.retain(|c| c.file == path);
    out.diagnostics.retain(|d| d.file == path || d.code == Code::SyntaxError);
    out.diagnostics.sort_by(|a, b| (&a.file, a.line, a.column, a.code).cmp(&(&b.file, b.line, b.column, b.code)));
    out.diagnostics.dedup();
    out
}

/// Compile the server side of a project (Controllers, Services, stores, any module they
/// import) for the mock SPRAG server: one ES module per Python file given, at the file's
/// path with `.js` (`app/routes/counter/server.py` -> `app/routes/counter/server.js`).
/// Files that are not Python are ignored.
pub fn compile_server_project(files: Vec<(String, String)>, opts: &server::ServerOptions, source_map: SourceMapMode) -> Output {
    // Only Python files (a project also holds CSS, templates, static JavaScript).
    let parsed: Vec<project::SourceFile> = files.into_iter().filter(|(p, _)| p.ends_with(".py")).map(|(p, t)| project::SourceFile::parse(p, t)).collect();
    let mut out = Output::default();
    for file in &parsed {
        for raw in &file.syntax_errors {
            out.diagnostics.push(locate(raw.clone(), file));
        }
    }
    for (index, path, module) in server::compile_files(&parsed, opts) {
        let file = &parsed[index];
        out.diagnostics.extend(module.diags.iter().cloned().map(|raw| locate(raw, file)));
        if module.has_errors || file.ast.is_none() {
            continue;
        }
        out.files.push(emit_module(&module.module, file, &path, source_map));
    }
    lower::release_atoms();
    out.diagnostics.sort_by(|a, b| (&a.file, a.line, a.column, a.code).cmp(&(&b.file, b.line, b.column, b.code)));
    out.diagnostics.dedup();
    out
}

/// Print a module that maps to one Python file, with its source map.
fn emit_module(module: &swc_ecma_ast::Module, file: &project::SourceFile, path: &str, source_map: SourceMapMode) -> OutputFile {
    if source_map == SourceMapMode::None {
        return OutputFile { path: path.to_string(), code: emit::print(module), map: None };
    }
    let (mut code, mappings, names) = emit::print_mapped(module, &file.text, &file.lines, None);
    let file_name = path.rsplit('/').next().unwrap_or(path).to_string();
    let map = emit::sourcemap::SourceMap::new(&file_name, &file.path, emit::sourcemap::SourceText::new(&file.text), &mappings, names, None);
    if source_map == SourceMapMode::Inline {
        code.push_str("//# sourceMappingURL=data:application/json;charset=utf-8;base64,");
        code.push_str(&base64(map.to_json().as_bytes()));
        code.push('\n');
        return OutputFile { path: path.to_string(), code, map: None };
    }
    code.push_str(&format!("//# sourceMappingURL={file_name}.map\n"));
    OutputFile { path: path.to_string(), code, map: Some(map) }
}

/// One compilation over a parsed [`Project`]: compiles classes one at a time, sharing
/// the lowered helper preludes and source texts between them. [`compile_project`]
/// uses it for every class; tools (and the benchmark) can compile single classes.
pub struct Compilation<'p> {
    project: &'p Project,
    opts: &'p Options,
    helpers: lower::helpers::Helpers,
    sources: HashMap<usize, std::sync::Arc<emit::sourcemap::SourceText>>,
}

/// What compiling one class produced.
pub struct ClassOutput {
    pub entry: ClassEntry,
    pub file: Option<OutputFile>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Ending a compilation releases the atoms its classes interned ([`lower::release_atoms`]).
impl Drop for Compilation<'_> {
    fn drop(&mut self) {
        lower::release_atoms();
    }
}

impl<'p> Compilation<'p> {
    /// Start compiling classes of `project`.
    pub fn new(project: &'p Project, opts: &'p Options) -> Self {
        Compilation { project, opts, helpers: Default::default(), sources: HashMap::new() }
    }

    /// Compile browser class `index` (of `project.classes`).
    pub fn class(&mut self, index: usize) -> ClassOutput {
        let project = self.project;
        let class = &project.classes[index];
        let file = &project.files[class.file];
        let mut entry = ClassEntry {
            name: class.name.clone(),
            kind: match class.kind {
                ClassKind::Component => "component",
                ClassKind::Module => "module",
            },
            file: file.path.clone(),
            output: None,
        };
        let mut diagnostics = Vec::new();
        // Generated file names must be unique per folder.
        if let Some(first) = project.earlier_same_name(index) {
            let other_file = &project.files[project.classes[first].file].path;
            let def = project.class_def(index).expect("class");
            diagnostics.push(locate(
                diagnostics::RawDiagnostic {
                    code: Code::ClassNameCollision,
                    message: format!(
                        "Generated {} name collision: {:?} is defined in {other_file} and {}. Use unique browser class names until SPRAG grows module-qualified JS output names.",
                        entry.kind, class.name, file.path
                    ),
                    range: def.name.range,
                    owner: Some(class.name.clone()),
                    hint: None,
                    file: None,
                },
                file,
            ));
            return ClassOutput { entry, file: None, diagnostics };
        }
        let lowered = lower::class::lower_class(project, index, self.opts, &mut self.helpers);
        for raw in lowered.diags.iter().cloned() {
            let in_file = raw.file.map(|f| &project.files[f]).unwrap_or(file);
            diagnostics.push(locate(raw, in_file));
        }
        let mut output = None;
        if !lowered.has_errors {
            let path = format!("{}/{}.js", class.kind.folder(), class.name);
            let source = self.sources.entry(class.file).or_insert_with(|| emit::sourcemap::SourceText::new(&file.text)).clone();
            output = Some(emit_class(&lowered, &class.name, class.kind, file, source, &path, self.opts));
            entry.output = Some(path);
        }
        ClassOutput { entry, file: output, diagnostics }
    }

    /// `stores.js` for the stores the project declares.
    pub fn stores(&self) -> OutputFile {
        let stores: Vec<&project::StoreDecl> = self.project.stores().collect();
        let code = if stores.is_empty() {
            "// No SPRAG stores declared.\nexport {};\n".to_string()
        } else {
            lower::stores::stores_js(&stores, &self.opts.stores_ragot_import)
        };
        OutputFile { path: "stores.js".into(), code, map: None }
    }
}

/// Number of classes from which a project's classes compile on several threads.
const PARALLEL_CLASSES: usize = 6;

fn compile(project: &Project, opts: &Options, with_stores: bool) -> Output {
    let mut out = Output::default();
    for file in &project.files {
        for raw in &file.syntax_errors {
            out.diagnostics.push(locate(raw.clone(), file));
        }
    }
    // Classes compile independently (each worker keeps its own helper cache).
    let n = project.classes.len();
    let classes = parallel::run_indexed(n, n >= PARALLEL_CLASSES, || Compilation::new(project, opts), |compilation, index| compilation.class(index));
    for class in classes {
        out.diagnostics.extend(class.diagnostics);
        out.files.extend(class.file);
        out.classes.push(class.entry);
    }
    if with_stores {
        out.files.push(Compilation::new(project, opts).stores());
    }
    out
}

fn locate(raw: diagnostics::RawDiagnostic, file: &project::SourceFile) -> Diagnostic {
    raw.locate(&file.path, &file.text, &file.lines)
}

fn emit_class(lowered: &lower::class::LoweredClass, name: &str, kind: ClassKind, file: &project::SourceFile, source: std::sync::Arc<emit::sourcemap::SourceText>, path: &str, opts: &Options) -> OutputFile {
    // The injected helpers are printed in place of their placeholder method.
    let splice = || emit::Splice::new(lower::runtime::HELPERS_MARKER, lower::runtime::helpers_text(kind));
    if opts.source_map == SourceMapMode::None {
        return OutputFile { path: path.to_string(), code: emit::print_spliced(&lowered.module, splice()), map: None };
    }
    let (mut code, mappings, names) = emit::print_mapped(&lowered.module, &file.text, &file.lines, Some(splice()));
    let methods = method_spans(&lowered.methods, file, &mappings);
    let ext = emit::sourcemap::SpragExtension { class: name.to_string(), kind: match kind {
        ClassKind::Component => "component",
        ClassKind::Module => "module",
    }, methods };
    let file_name = format!("{name}.js");
    let map = emit::sourcemap::SourceMap::new(&file_name, &file.path, source, &mappings, names, Some(ext));
    match opts.source_map {
        SourceMapMode::Inline => {
            code.push_str("//# sourceMappingURL=data:application/json;charset=utf-8;base64,");
            code.push_str(&base64(map.to_json().as_bytes()));
            code.push('\n');
            OutputFile { path: path.to_string(), code, map: None }
        }
        _ => {
            code.push_str(&format!("//# sourceMappingURL={file_name}.map\n"));
            OutputFile { path: path.to_string(), code, map: Some(map) }
        }
    }
}

/// The generated line range of each method (for `x_sprag.methods`), in one pass over the
/// mappings: methods do not overlap in the source, so each mapping belongs to at most one.
fn method_spans(methods: &[(String, ruff_text_size::TextRange)], file: &project::SourceFile, mappings: &[emit::sourcemap::Mapping]) -> Vec<emit::sourcemap::MethodSpan> {
    // (first source line, last source line) of each method, and the methods by first line.
    let lines: Vec<(u32, u32)> = methods
        .iter()
        .map(|(_, range)| (file.lines.line_col_utf16(&file.text, range.start().into()).0, file.lines.line_col_utf16(&file.text, range.end().into()).0))
        .collect();
    let mut by_start: Vec<usize> = (0..methods.len()).collect();
    by_start.sort_unstable_by_key(|&i| lines[i]);
    let mut generated: Vec<Option<(u32, u32)>> = vec![None; methods.len()];
    // Consecutive mappings mostly come from the same method: try the last one first.
    let mut last: Option<usize> = None;
    for m in mappings {
        // Method bodies are class-level statements: their line ranges are disjoint, so only
        // the last method starting at or before the line can hold it.
        let holder = match last {
            Some(i) if lines[i].0 <= m.src_line && m.src_line <= lines[i].1 => Some(i),
            _ => by_start.partition_point(|&i| lines[i].0 <= m.src_line).checked_sub(1).map(|k| by_start[k]),
        };
        last = holder;
        if let Some(i) = holder
            && m.src_line <= lines[i].1 {
                let span = generated[i].get_or_insert((m.gen_line, m.gen_line));
                span.0 = span.0.min(m.gen_line);
                span.1 = span.1.max(m.gen_line);
            }
    }
    methods
        .iter()
        .zip(&lines)
        .zip(generated)
        .filter_map(|(((name, _), &(source_line, _)), span)| {
            let (lo, hi) = span?;
            Some(emit::sourcemap::MethodSpan { name: name.clone(), source_line: source_line + 1, generated_start_line: lo + 1, generated_end_line: hi + 1 })
        })
        .collect()
}

fn base64(bytes: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = (chunk[0] as u32) << 16 | (*chunk.get(1).unwrap_or(&0) as u32) << 8 | *chunk.get(2).unwrap_or(&0) as u32;
        out.push(T[(n >> 18) as usize & 63] as char);
        out.push(T[(n >> 12) as usize & 63] as char);
        out.push(if chunk.len() > 1 { T[(n >> 6) as usize & 63] as char } else { '=' });
        out.push(if chunk.len() > 2 { T[n as usize & 63] as char } else { '=' });
    }
    out
}
