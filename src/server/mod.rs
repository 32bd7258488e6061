//! The server target: compiles server-side Python (`server.py` Controllers, Services,
//! `app/stores.py`, any module they import) into ES modules that run on the mock SPRAG
//! server runtime in `www/mock/` (see its README for the calling convention emitted here).
//!
//! Unlike the browser target, which reproduces `sprag build`'s direct JavaScript, server
//! code keeps Python's semantics through the `$py` runtime: every call goes through
//! `$py.call`/`$py.callm` (keyword arguments, classes, Python methods on builtins), every
//! function is `async` (so `gevent.sleep` waits without blocking), and operators, indexing
//! and truthiness are Python's. Parsing, diagnostics, spans and source maps are shared
//! with the browser target.

mod expr;
mod scope;
mod stmt;

use std::collections::{BTreeMap, BTreeSet};

use ruff_python_ast::Stmt;
use ruff_text_size::{Ranged, TextRange};
use swc_common::{Span, DUMMY_SP};
use swc_ecma_ast as js;

use crate::diagnostics::{Code, RawDiagnostic};
use crate::lower::build as b;
use crate::project::SourceFile;

/// Where compiled server modules import the mock runtime from.
#[derive(Clone, Debug)]
pub struct ServerOptions {
    /// Module specifier of the runtime folder (`www/mock/`), without a trailing slash.
    pub runtime: String,
}

impl Default for ServerOptions {
    fn default() -> Self {
        ServerOptions { runtime: "/mock".into() }
    }
}

/// Standard-library and framework modules the mock runtime provides (`<runtime>/lib/<name>.js`).
const RUNTIME_MODULES: &[&str] = &["sprag", "specter", "gevent", "time", "json", "hashlib", "math", "random", "uuid", "secrets", "string", "datetime"];

/// Modules that only exist for type checkers: their names are bound to `null`.
const TYPING_MODULES: &[&str] = &["typing", "typing_extensions", "__future__", "collections.abc", "dataclasses"];

/// Modules with no browser equivalent, and why.
const UNAVAILABLE_MODULES: &[(&str, &str)] = &[
    ("os", "the browser has no operating system or file system"),
    ("sys", "there is no Python interpreter in the browser"),
    ("subprocess", "OS processes are not available in the browser"),
    ("threading", "threads are not available in the mock server; use Service.interval/timeout or gevent.sleep"),
    ("multiprocessing", "OS processes are not available in the browser"),
    ("socket", "raw sockets are not available in the browser"),
    ("pathlib", "the browser has no file system"),
    ("shutil", "the browser has no file system"),
    ("tempfile", "the browser has no file system"),
    ("sqlite3", "the browser has no SQLite"),
    ("flask", "Flask routes need a real SPRAG server"),
    ("flask_socketio", "raw Socket.IO handlers need a real SPRAG server"),
    ("requests", "outgoing HTTP needs a real SPRAG server"),
    ("urllib", "outgoing HTTP needs a real SPRAG server"),
    ("http", "outgoing HTTP needs a real SPRAG server"),
];

/// One compiled server module.
pub struct ServerModule {
    pub module: js::Module,
    pub diags: Vec<RawDiagnostic>,
    pub has_errors: bool,
}

/// The output path of a server file: `app/routes/counter/server.py` -> `app/routes/counter/server.js`.
pub fn output_path(py_path: &str) -> String {
    let stem = py_path.strip_suffix(".py").unwrap_or(py_path);
    format!("{stem}.js")
}

/// Compile one server file. `module_path` resolves a dotted module name of the app to its
/// Python path (when it is one of the project's files).
pub fn compile_module(file: &SourceFile, opts: &ServerOptions, module_path: &dyn Fn(&str) -> Option<String>) -> ServerModule {
    let mut l = Lowerer::new(file, opts);
    let Some(ast) = &file.ast else {
        return ServerModule { module: js::Module { span: DUMMY_SP, body: vec![], shebang: None }, diags: vec![], has_errors: true };
    };
    let module = l.module(&ast.body, module_path);
    let has_errors = l.diags.iter().any(|d| d.code.severity() == crate::Severity::Error);
    ServerModule { module, diags: l.diags, has_errors }
}

/// Lowering state for one server file.
pub(crate) struct Lowerer<'a> {
    pub file: &'a SourceFile,
    pub opts: &'a ServerOptions,
    pub diags: Vec<RawDiagnostic>,
    /// Names bound at module level (including imports).
    pub globals: BTreeSet<String>,
    /// Function scopes, innermost last: the names each declares.
    pub scopes: Vec<BTreeSet<String>>,
    /// Enclosing classes, innermost last: (JS class binding, name of `self` in the current method).
    pub classes: Vec<(String, Option<String>)>,
    /// Temporaries of the current function (declared with `let` at its top).
    pub temps: Vec<Vec<String>>,
    pub next_temp: usize,
    /// Loops being lowered, innermost last: the label `break` must use (loops with `else`).
    pub loops: Vec<Option<String>>,
    /// Caught-exception variables of enclosing `except` blocks (bare `raise` rethrows the last).
    pub caught: Vec<String>,
}

/// JavaScript reserved words (and globals we must not shadow) that are valid Python names.
const JS_RESERVED: &[&str] = &[
    "arguments", "await", "case", "catch", "const", "debugger", "default", "delete", "do", "enum", "eval", "export", "extends", "function", "implements",
    "instanceof", "interface", "let", "new", "package", "private", "protected", "public", "static", "super", "switch", "this", "throw", "typeof", "var",
    "void", "yield", "undefined", "NaN", "Infinity", "Object", "Array", "Promise", "Symbol", "Error", "JSON", "Math", "globalThis", "self$", "window",
];

/// The JavaScript name of a Python identifier.
pub fn js_name(name: &str) -> String {
    if JS_RESERVED.contains(&name) {
        format!("{name}$")
    } else {
        name.to_string()
    }
}

impl<'a> Lowerer<'a> {
    fn new(file: &'a SourceFile, opts: &'a ServerOptions) -> Self {
        Lowerer { file, opts, diags: Vec::new(), globals: BTreeSet::new(), scopes: Vec::new(), classes: Vec::new(), temps: Vec::new(), next_temp: 0, loops: Vec::new(), caught: Vec::new() }
    }

    pub fn report(&mut self, code: Code, range: TextRange, message: impl Into<String>, hint: Option<&str>) {
        self.diags.push(RawDiagnostic { code, message: message.into(), range, owner: None, hint: hint.map(str::to_string), file: None });
    }

    /// A fresh temporary of the current function.
    pub fn temp(&mut self) -> String {
        let name = format!("$t{}", self.next_temp);
        self.next_temp += 1;
        if let Some(t) = self.temps.last_mut() {
            t.push(name.clone());
        }
        name
    }

    /// `$py.<name>`.
    pub fn rt(&self, name: &str, sp: Span) -> Box<js::Expr> {
        b::member(b::ident("$py", sp), name, sp)
    }

    /// `$py.<name>(args...)`.
    pub fn rt_call(&self, name: &str, args: Vec<Box<js::Expr>>, sp: Span) -> Box<js::Expr> {
        b::call(self.rt(name, sp), args, sp)
    }

    /// Is `name` bound in an enclosing function scope or at module level?
    pub fn is_bound(&self, name: &str) -> bool {
        self.scopes.iter().any(|s| s.contains(name)) || self.globals.contains(name)
    }

    fn module(&mut self, body: &[Stmt], module_path: &dyn Fn(&str) -> Option<String>) -> js::Module {
        let binds = scope::bindings(body);
        self.globals = binds.names.iter().cloned().collect();
        self.temps.push(Vec::new());
        let mut imports: Vec<js::ModuleItem> = Vec::new();
        let mut imported: BTreeSet<String> = BTreeSet::new();
        let mut stmts: Vec<js::Stmt> = Vec::new();
        for s in body {
            match s {
                Stmt::Import(_) | Stmt::ImportFrom(_) => self.import(s, module_path, &mut imports, &mut imported, &mut stmts),
                _ => self.stmt(s, &mut stmts),
            }
        }
        let temps = self.temps.pop().unwrap_or_default();
        let sp = DUMMY_SP;
        let mut items: Vec<js::ModuleItem> = Vec::new();
        items.push(import_namespace("$py", &format!("{}/py/py.js", self.opts.runtime)));
        items.extend(imports);
        items.push(js::ModuleItem::Stmt(b::var(js::VarDeclKind::Const, b::pat("$b", sp), Some(self.rt("builtins", sp)), sp)));
        let declared: Vec<String> = binds.names.iter().filter(|n| !imported.contains(*n)).map(|n| js_name(n)).chain(temps).collect();
        if !declared.is_empty() {
            items.push(js::ModuleItem::Stmt(b::let_many(&declared, sp)));
        }
        items.extend(stmts.into_iter().map(js::ModuleItem::Stmt));
        // Every top-level name is importable by other modules of the app.
        let exported: Vec<String> = binds.names.iter().filter(|n| !n.starts_with("__")).map(|n| js_name(n)).collect();
        if !exported.is_empty() {
            items.push(export_names(&exported));
        }
        js::Module { span: sp, body: items, shebang: None }
    }

    /// Lower a top-level `import`/`from ... import`.
    fn import(&mut self, s: &Stmt, module_path: &dyn Fn(&str) -> Option<String>, out: &mut Vec<js::ModuleItem>, imported: &mut BTreeSet<String>, stmts: &mut Vec<js::Stmt>) {
        let sp = b::span(s.range());
        match s {
            Stmt::Import(i) => {
                for alias in &i.names {
                    let module = alias.name.as_str();
                    let Some(spec) = self.module_specifier(module, alias.range, module_path) else { continue };
                    // `import a.b` binds `a`; only single-segment (or aliased) imports are supported.
                    let local = match &alias.asname {
                        Some(a) => a.to_string(),
                        None if !module.contains('.') => module.to_string(),
                        None => {
                            self.report(Code::ServerUnsupported, alias.range, format!("`import {module}` (a dotted import without `as`) is not supported by the server target."), Some("Write `from package import module` or `import a.b as name`."));
                            continue;
                        }
                    };
                    match spec {
                        Specifier::Typing => stmts.push(b::expr_stmt(b::assign(js::AssignOp::Assign, b::ident_target(&js_name(&local), sp), b::null(sp), sp), sp)),
                        Specifier::Path(path) => {
                            out.push(import_namespace(&js_name(&local), &path));
                            imported.insert(local);
                        }
                    }
                }
            }
            Stmt::ImportFrom(i) => {
                let module = match crate::project::resolve_relative(&self.file.module, self.file.is_package, i.level, i.module.as_ref().map(|m| m.as_str())) {
                    Some(m) => m,
                    None => {
                        self.report(Code::ServerUnsupported, i.range, "Relative import beyond the top of the app.", None);
                        return;
                    }
                };
                if i.names.iter().any(|a| a.name.as_str() == "*") {
                    self.report(Code::ServerUnsupported, i.range, format!("`from {module} import *` is not supported by the server target."), Some("Import the names you use explicitly."));
                    return;
                }
                // `from pkg import submodule`: a module of the app, imported as a namespace.
                let mut named: Vec<(String, String)> = Vec::new();
                for alias in &i.names {
                    let local = alias.asname.as_ref().unwrap_or(&alias.name).to_string();
                    let sub = format!("{module}.{}", alias.name);
                    if module_path(&sub).is_some() {
                        if let Some(Specifier::Path(path)) = self.module_specifier(&sub, alias.range, module_path) {
                            out.push(import_namespace(&js_name(&local), &path));
                            imported.insert(local);
                        }
                        continue;
                    }
                    named.push((alias.name.to_string(), local));
                }
                if named.is_empty() {
                    return;
                }
                match self.module_specifier(&module, i.range, module_path) {
                    Some(Specifier::Typing) => {
                        for (_, local) in named {
                            stmts.push(b::expr_stmt(b::assign(js::AssignOp::Assign, b::ident_target(&js_name(&local), sp), b::null(sp), sp), sp));
                        }
                    }
                    Some(Specifier::Path(path)) => {
                        out.push(import_named(&named, &path));
                        imported.extend(named.into_iter().map(|(_, l)| l));
                    }
                    None => {}
                }
            }
            _ => {}
        }
    }

    /// Where `module` comes from, reporting modules the mock cannot provide.
    fn module_specifier(&mut self, module: &str, range: TextRange, module_path: &dyn Fn(&str) -> Option<String>) -> Option<Specifier> {
        if TYPING_MODULES.contains(&module) {
            return Some(Specifier::Typing);
        }
        if let Some(path) = module_path(module) {
            return Some(Specifier::Path(relative_specifier(&self.file.path, &output_path(&path))));
        }
        let root = module.split('.').next().unwrap_or(module);
        if RUNTIME_MODULES.contains(&root) {
            return Some(Specifier::Path(format!("{}/lib/{}.js", self.opts.runtime, module.replace('.', "/"))));
        }
        if let Some((_, why)) = UNAVAILABLE_MODULES.iter().find(|(m, _)| *m == root) {
            self.report(Code::ServerUnavailableModule, range, format!("`{module}` is not available in the mock server: {why}."), Some("Keep this code for the real SPRAG server, or replace it with something the browser can do."));
            return None;
        }
        self.report(
            Code::ServerUnavailableModule,
            range,
            format!("`{module}` is neither a module of this app nor one the mock server provides ({})", RUNTIME_MODULES.join(", ")),
            Some("Add the module to the project, or keep this code for the real SPRAG server."),
        );
        None
    }
}

enum Specifier {
    /// Bind the imported names to `null` (typing-only modules).
    Typing,
    Path(String),
}

/// `import * as local from "path";`
fn import_namespace(local: &str, path: &str) -> js::ModuleItem {
    let sp = DUMMY_SP;
    js::ModuleItem::ModuleDecl(js::ModuleDecl::Import(js::ImportDecl {
        span: sp,
        specifiers: vec![js::ImportSpecifier::Namespace(js::ImportStarAsSpecifier { span: sp, local: b::id(local, sp) })],
        src: Box::new(js::Str { span: sp, value: path.into(), raw: None }),
        type_only: false,
        with: None,
        phase: Default::default(),
    }))
}

/// `import { a, b as c } from "path";`
fn import_named(names: &[(String, String)], path: &str) -> js::ModuleItem {
    let sp = DUMMY_SP;
    let specifiers = names
        .iter()
        .map(|(name, local)| {
            let local_js = js_name(local);
            js::ImportSpecifier::Named(js::ImportNamedSpecifier {
                span: sp,
                local: b::id(&local_js, sp),
                imported: (js_name(name) != local_js).then(|| js::ModuleExportName::Ident(b::id(&js_name(name), sp))),
                is_type_only: false,
            })
        })
        .collect();
    js::ModuleItem::ModuleDecl(js::ModuleDecl::Import(js::ImportDecl {
        span: sp,
        specifiers,
        src: Box::new(js::Str { span: sp, value: path.into(), raw: None }),
        type_only: false,
        with: None,
        phase: Default::default(),
    }))
}

/// `export { a, b };`
fn export_names(names: &[String]) -> js::ModuleItem {
    let sp = DUMMY_SP;
    js::ModuleItem::ModuleDecl(js::ModuleDecl::ExportNamed(js::NamedExport {
        span: sp,
        specifiers: names
            .iter()
            .map(|n| js::ExportSpecifier::Named(js::ExportNamedSpecifier { span: sp, orig: js::ModuleExportName::Ident(b::id(n, sp)), exported: None, is_type_only: false }))
            .collect(),
        src: None,
        type_only: false,
        with: None,
    }))
}

/// Relative module specifier from the output of `from_py` to the output file `to_js`.
fn relative_specifier(from_py: &str, to_js: &str) -> String {
    let from_dir: Vec<&str> = from_py.split('/').collect::<Vec<_>>().split_last().map(|(_, d)| d.to_vec()).unwrap_or_default();
    let to: Vec<&str> = to_js.split('/').collect();
    let common = from_dir.iter().zip(to.iter()).take_while(|(a, b)| a == b).count();
    let ups = from_dir.len() - common;
    let mut out = String::new();
    if ups == 0 {
        out.push_str("./");
    } else {
        for _ in 0..ups {
            out.push_str("../");
        }
    }
    out.push_str(&to[common..].join("/"));
    out
}

/// Lower every server file of a project: (output path, module) pairs plus diagnostics
/// (raw, with the file index).
pub fn compile_files(files: &[SourceFile], opts: &ServerOptions) -> Vec<(usize, String, ServerModule)> {
    let by_module: BTreeMap<&str, &str> = files.iter().map(|f| (f.module.as_str(), f.path.as_str())).collect();
    let module_path = |m: &str| by_module.get(m).map(|p| p.to_string());
    files.iter().enumerate().map(|(i, f)| (i, output_path(&f.path), compile_module(f, opts, &module_path))).collect()
}

#[cfg(test)]
mod tests {
    use super::relative_specifier;

    #[test]
    fn relative_specifiers() {
        assert_eq!(relative_specifier("app/routes/counter/server.py", "app/stores.js"), "../../stores.js");
        assert_eq!(relative_specifier("app/routes/counter/page.py", "app/routes/counter/server.js"), "./server.js");
        assert_eq!(relative_specifier("server.py", "app/stores.js"), "./app/stores.js");
    }
}
