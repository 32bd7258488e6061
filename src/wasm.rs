//! The JavaScript surface of spragc (wasm-bindgen): `compile`, `compileProject`,
//! `version`. Values cross as plain objects (serde-wasm-bindgen); mistakes in the
//! *options* throw a JS `Error`, mistakes in the *user's code* are diagnostics.
//! All compiler work lives in the plain-Rust crate.

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use crate::{ClassEntry, Diagnostic, Options, Output, SourceMapMode};

/// Small blocks from per-size free lists, the rest from Talc (instead of Rust's default
/// dlmalloc): the compiler allocates many small AST nodes (see `wasm_alloc.rs`).
#[global_allocator]
static ALLOCATOR: crate::wasm_alloc::SizeClasses<talc::wasm::WasmDynamicTalc> = crate::wasm_alloc::SizeClasses::new(talc::wasm::new_wasm_dynamic_allocator());

#[wasm_bindgen]
extern "C" {
    /// The host's `TextEncoder` (pages, workers, Node): `encodeInto` turns a whole source
    /// into UTF-8 natively, where wasm-bindgen's string passing loops over its characters
    /// in JavaScript.
    type TextEncoder;
    #[wasm_bindgen(constructor)]
    fn new() -> TextEncoder;
    #[wasm_bindgen(method, js_name = encodeInto)]
    fn encode_into(this: &TextEncoder, text: &JsValue, into: &js_sys::Uint8Array) -> EncodeIntoResult;
    type EncodeIntoResult;
    #[wasm_bindgen(method, getter)]
    fn written(this: &EncodeIntoResult) -> u32;
}

/// A JavaScript string as UTF-8, encoded by the host straight into our memory.
fn utf8(encoder: &TextEncoder, text: &JsValue) -> Result<String, std::string::FromUtf8Error> {
    // Each UTF-16 unit takes at most 3 bytes.
    let room = text.unchecked_ref::<js_sys::JsString>().length() as usize * 3;
    let mut bytes: Vec<u8> = Vec::with_capacity(room);
    // SAFETY: the view covers the vector's spare capacity, and nothing allocates (which
    // could move or grow the memory under the view) until the host has written into it.
    let written = unsafe {
        let view = js_sys::Uint8Array::view_mut_raw(bytes.as_mut_ptr(), room);
        encoder.encode_into(text, &view).written() as usize
    };
    // SAFETY: the host wrote `written` bytes (at most `room`).
    unsafe { bytes.set_len(written.min(room)) };
    // UTF-8 by construction (a lone surrogate becomes U+FFFD, as in wasm-bindgen's own
    // string passing); checked all the same.
    String::from_utf8(bytes)
}

/// The (path, source) pairs of a `files` object.
fn source_files(files: JsValue) -> Result<Vec<(String, String)>, JsError> {
    let bad = |why: &dyn std::fmt::Display| JsError::new(&format!("spragc: files must map paths to source strings: {why}"));
    // A plain object (the documented form): sources cross as UTF-8 bytes. Anything else
    // (a `Map`, a wrong type) takes serde-wasm-bindgen's path and its messages.
    if !files.is_object() || js_sys::Array::is_array(&files) || !matches!(js_sys::try_iter(&files), Ok(None)) {
        let map: std::collections::BTreeMap<String, String> = serde_wasm_bindgen::from_value(files).map_err(|e| bad(&e))?;
        return Ok(map.into_iter().collect());
    }
    thread_local! {
        static ENCODER: TextEncoder = TextEncoder::new();
    }
    let entries = js_sys::Object::entries(files.unchecked_ref());
    let mut out = Vec::with_capacity(entries.length() as usize);
    for entry in entries.iter() {
        let entry: js_sys::Array = entry.unchecked_into();
        let path = entry.get(0).as_string().unwrap_or_default();
        let source = entry.get(1);
        if !source.is_string() {
            return Err(bad(&format!("the value of {path:?} is not a string")));
        }
        let source = ENCODER.with(|encoder| utf8(encoder, &source)).map_err(|e| bad(&e))?;
        out.push((path, source));
    }
    // In path order, as from a map.
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

#[wasm_bindgen(start, skip_typescript)]
fn start() {
    console_error_panic_hook::set_once();
}

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** Where source maps go: `true` (a separate `map` string, the default), `"inline"` (a data URL comment) or `false`. */
export type SourceMapOption = boolean | "inline";

export interface CompileOptions {
    /** Path of the file, as diagnostics and source maps name it. Default `components.py`. */
    filename?: string;
    /** Emit only Components, only Modules, or every browser class (default). */
    kind?: "auto" | "components" | "modules";
    /** Source of `app/stores.py`, or the names of the declared stores. */
    stores?: string | string[];
    /** `imports.*` aliases the page declares (`page(modules={...})`), as names or the `modules` object. */
    importAliases?: string[] | Record<string, unknown>;
    /** Module specifier generated classes import Ragot from. Default `../../vendor/ragot.esm.min.js`. */
    ragotImport?: string;
    sourceMap?: SourceMapOption;
    /** Also compile what `sprag build` rejects but Python means clearly (`//`, `**`, `match`, ...). */
    extended?: boolean;
}

export interface ProjectOptions {
    kind?: "auto" | "components" | "modules";
    importAliases?: string[] | Record<string, unknown>;
    ragotImport?: string;
    sourceMap?: SourceMapOption;
    extended?: boolean;
}

export interface OutputFile {
    /** Relative to the `generated/` folder: `components/CounterCard.js`, `modules/CounterModule.js`, `stores.js`. */
    path: string;
    code: string;
    /** Source map v3 JSON, when `sourceMap` is `true`. */
    map: string | null;
}

export type Severity = "error" | "warning";

export interface Diagnostic {
    /** Stable code, e.g. `SPR103`. */
    code: string;
    severity: Severity;
    message: string;
    file: string;
    /** 1-based. */
    line: number;
    /** 1-based, in characters. */
    column: number;
    endLine: number;
    endColumn: number;
    /** `Class.method`, `Class` or `<top-level helper ...>`. */
    owner: string | null;
    hint: string | null;
}

export interface CompileResult {
    files: OutputFile[];
    diagnostics: Diagnostic[];
}

export interface ManifestClass {
    name: string;
    kind: "component" | "module";
    file: string;
    /** Generated file, or `null` when the class has errors. */
    output: string | null;
}

export interface ManifestRoute {
    name: string;
    path: string | null;
    controller: string | null;
    screen: string | null;
    mode: string | null;
    file: string;
    line: number;
}

export interface ManifestMount {
    name: string;
    path: string | null;
    file: string;
    line: number;
}

export interface ManifestAction {
    controller: string;
    name: string;
    method: string;
    defer: boolean;
    file: string;
    line: number;
}

export interface Manifest {
    classes: ManifestClass[];
    routes: ManifestRoute[];
    mounts: ManifestMount[];
    actions: ManifestAction[];
}

export interface ProjectResult extends CompileResult {
    manifest: Manifest;
}

export interface ServerOptions {
    /** Module specifier of the mock runtime folder (`www/mock/`) the output imports from. Default `/mock`. */
    runtime?: string;
    sourceMap?: SourceMapOption;
}

/** Compile one browser file (components.py, modules.py, ...). */
export function compile(source: string, options?: CompileOptions): CompileResult;
/** Compile a whole app: paths (`app/routes/counter/components.py`, `app/stores.py`, ...) to sources. */
export function compileProject(files: Record<string, string>, options?: ProjectOptions): ProjectResult;
/**
 * Compile the server side of an app for the mock SPRAG server: every file given becomes an ES
 * module at its path with `.js` (`app/routes/counter/server.py` -> `app/routes/counter/server.js`).
 */
export function compileServer(files: Record<string, string>, options?: ServerOptions): CompileResult;
/** The spragc version. */
export function version(): string;
"#;

#[derive(Deserialize, Default)]
#[serde(untagged)]
enum Stores {
    #[default]
    None,
    Source(String),
    Names(Vec<String>),
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Aliases {
    Names(Vec<String>),
    Object(std::collections::BTreeMap<String, serde::de::IgnoredAny>),
}

#[derive(Deserialize)]
#[serde(untagged)]
enum MapOption {
    Bool(bool),
    Mode(String),
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct JsOptions {
    filename: Option<String>,
    kind: Option<String>,
    stores: Stores,
    import_aliases: Option<Aliases>,
    ragot_import: Option<String>,
    source_map: Option<MapOption>,
    extended: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsFile<'a> {
    path: &'a str,
    code: &'a str,
    /// A string, or null.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    map: JsValue,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsDiagnostic<'a> {
    code: &'static str,
    severity: &'static str,
    message: &'a str,
    file: &'a str,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    owner: Option<&'a str>,
    hint: Option<&'a str>,
}

#[derive(Serialize)]
struct JsClass<'a> {
    name: &'a str,
    kind: &'static str,
    file: &'a str,
    output: Option<&'a str>,
}

#[derive(Serialize)]
struct JsManifest<'a> {
    classes: Vec<JsClass<'a>>,
    routes: &'a [crate::project::manifest::Route],
    mounts: &'a [crate::project::manifest::MountDecl],
    actions: &'a [crate::project::manifest::Action],
}

#[derive(Serialize)]
struct JsResult<'a> {
    files: Vec<JsFile<'a>>,
    diagnostics: Vec<JsDiagnostic<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    manifest: Option<JsManifest<'a>>,
}

fn options(value: JsValue) -> Result<(JsOptions, Options), JsError> {
    let js: JsOptions = if value.is_undefined() || value.is_null() {
        JsOptions::default()
    } else {
        // serde-wasm-bindgen reads only the fields it knows; catch typos explicitly.
        let keys: std::collections::BTreeMap<String, serde::de::IgnoredAny> =
            serde_wasm_bindgen::from_value(value.clone()).map_err(|e| JsError::new(&format!("spragc: invalid options: {e}")))?;
        const KNOWN: &[&str] = &["filename", "kind", "stores", "importAliases", "ragotImport", "sourceMap", "extended"];
        if let Some(unknown) = keys.keys().find(|k| !KNOWN.contains(&k.as_str())) {
            return Err(JsError::new(&format!("spragc: invalid options: unknown option {unknown:?} (expected one of {})", KNOWN.join(", "))));
        }
        serde_wasm_bindgen::from_value(value).map_err(|e| JsError::new(&format!("spragc: invalid options: {e}")))?
    };
    let mut opts = Options { extended: js.extended, ..Options::default() };
    if let Some(r) = &js.ragot_import {
        opts.ragot_import = r.clone();
        // stores.js sits one folder above the class files.
        opts.stores_ragot_import = r.strip_prefix("../").map(str::to_string).unwrap_or_else(|| r.clone());
    }
    opts.source_map = map_mode(&js.source_map)?;
    match &js.import_aliases {
        Some(Aliases::Names(names)) => opts.import_aliases = names.clone(),
        Some(Aliases::Object(map)) => opts.import_aliases = map.keys().cloned().collect(),
        None => {}
    }
    match js.kind.as_deref() {
        None | Some("auto") | Some("components") | Some("modules") => {}
        Some(other) => return Err(JsError::new(&format!("spragc: kind must be \"auto\", \"components\" or \"modules\", not {other:?}"))),
    }
    Ok((js, opts))
}

fn map_mode(option: &Option<MapOption>) -> Result<SourceMapMode, JsError> {
    Ok(match option {
        None | Some(MapOption::Bool(true)) => SourceMapMode::External,
        Some(MapOption::Bool(false)) => SourceMapMode::None,
        Some(MapOption::Mode(m)) if m == "inline" => SourceMapMode::Inline,
        Some(MapOption::Mode(m)) => return Err(JsError::new(&format!("spragc: sourceMap must be true, false or \"inline\", not {m:?}"))),
    })
}

fn keep_kind(out: &mut Output, kind: Option<&str>) {
    let folder = match kind {
        Some("components") => "components/",
        Some("modules") => "modules/",
        _ => return,
    };
    out.files.retain(|f| f.path.starts_with(folder) || f.path == "stores.js");
}

fn js_diagnostic(d: &Diagnostic) -> JsDiagnostic<'_> {
    JsDiagnostic {
        code: d.code.as_str(),
        severity: d.severity.as_str(),
        message: &d.message,
        file: &d.file,
        line: d.line,
        column: d.column,
        end_line: d.end_line,
        end_column: d.end_column,
        owner: d.owner.as_deref(),
        hint: d.hint.as_deref(),
    }
}

fn js_class(c: &ClassEntry) -> JsClass<'_> {
    JsClass { name: &c.name, kind: c.kind, file: &c.file, output: c.output.as_deref() }
}

/// The maps' JSON as JavaScript strings. The maps of the classes of one file each carry
/// that whole file (`sourcesContent`): when several do, its JSON crosses to the host once
/// and each map is joined around it there (a string join is cheap for the host), instead
/// of the whole source crossing again for every class.
fn map_values(files: &[crate::OutputFile]) -> Vec<JsValue> {
    // Maps per source (by the identity of its shared text), then its JSON once crossed.
    let mut sources: std::collections::HashMap<*const crate::emit::sourcemap::SourceText, (usize, Option<js_sys::JsString>)> = Default::default();
    for map in files.iter().filter_map(|f| f.map.as_ref()) {
        sources.entry(std::sync::Arc::as_ptr(&map.source)).or_default().0 += 1;
    }
    files
        .iter()
        .map(|f| {
            let Some(map) = &f.map else { return JsValue::NULL };
            let Some((2.., crossed)) = sources.get_mut(&std::sync::Arc::as_ptr(&map.source)) else { return JsValue::from_str(&map.to_json()) };
            let content = crossed.get_or_insert_with(|| js_sys::JsString::from(map.source.json()));
            let (mut head, mut tail) = (Vec::new(), Vec::new());
            // Writing to a Vec cannot fail; both parts are JSON written from `&str`s.
            let _ = (map.write_json_head(&mut head), map.write_json_tail(&mut tail));
            let part = |bytes: &[u8]| js_sys::JsString::from(std::str::from_utf8(bytes).unwrap_or_default());
            part(&head).concat(content).concat(&part(&tail)).into()
        })
        .collect()
}

fn to_js(out: &Output, with_manifest: bool) -> Result<JsValue, JsError> {
    let maps = map_values(&out.files);
    let result = JsResult {
        files: out.files.iter().zip(maps).map(|(f, map)| JsFile { path: &f.path, code: &f.code, map }).collect(),
        diagnostics: out.diagnostics.iter().map(js_diagnostic).collect(),
        manifest: with_manifest.then(|| JsManifest {
            classes: out.classes.iter().map(js_class).collect(),
            routes: &out.manifest.routes,
            mounts: &out.manifest.mounts,
            actions: &out.manifest.actions,
        }),
    };
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    result.serialize(&serializer).map_err(|e| JsError::new(&format!("spragc: {e}")))
}

/// Compile one browser file.
#[wasm_bindgen(skip_typescript)]
pub fn compile(source: &str, options_value: JsValue) -> Result<JsValue, JsError> {
    let (js, opts) = options(options_value)?;
    let filename = js.filename.clone().unwrap_or_else(|| "components.py".to_string());
    let stores_source = match &js.stores {
        Stores::None => None,
        Stores::Source(s) => Some(s.clone()),
        Stores::Names(names) => {
            let mut s = String::from("from sprag import store\n");
            for n in names {
                if n.is_empty() || !n.chars().all(|c| c == '_' || c.is_alphanumeric()) || n.starts_with(|c: char| c.is_ascii_digit()) {
                    return Err(JsError::new(&format!("spragc: {n:?} is not a valid store name")));
                }
                s.push_str(&format!("{n} = store({n:?})\n"));
            }
            Some(s)
        }
    };
    let mut out = crate::compile_file(&filename, source, stores_source.as_deref(), &opts);
    keep_kind(&mut out, js.kind.as_deref());
    to_js(&out, false)
}

/// Compile a whole app (paths to sources).
#[wasm_bindgen(js_name = compileProject, skip_typescript)]
pub fn compile_project(files: JsValue, options_value: JsValue) -> Result<JsValue, JsError> {
    let (js, opts) = options(options_value)?;
    if js.filename.is_some() || !matches!(js.stores, Stores::None) {
        return Err(JsError::new("spragc: compileProject takes `filename` and `stores` from the files themselves"));
    }
    let mut out = crate::compile_project(source_files(files)?, &opts);
    keep_kind(&mut out, js.kind.as_deref());
    to_js(&out, true)
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
struct JsServerOptions {
    runtime: Option<String>,
    source_map: Option<MapOption>,
}

/// Compile the server side of an app for the mock server.
#[wasm_bindgen(js_name = compileServer, skip_typescript)]
pub fn compile_server(files: JsValue, options_value: JsValue) -> Result<JsValue, JsError> {
    let js: JsServerOptions = if options_value.is_undefined() || options_value.is_null() {
        JsServerOptions::default()
    } else {
        serde_wasm_bindgen::from_value(options_value).map_err(|e| JsError::new(&format!("spragc: invalid options: {e}")))?
    };
    let mut opts = crate::server::ServerOptions::default();
    if let Some(r) = js.runtime {
        opts.runtime = r.trim_end_matches('/').to_string();
    }
    let source_map = map_mode(&js.source_map)?;
    let out = crate::compile_server_project(source_files(files)?, &opts, source_map);
    to_js(&out, false)
}

/// The spragc version.
#[wasm_bindgen(skip_typescript)]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
