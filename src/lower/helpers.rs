//! The helper prelude: top-level `def`s and `NAME = expr` constants of a browser file,
//! compiled once per file and copied into each class file that uses them, dependencies
//! first, unused ones dropped.

use rustc_hash::FxHashMap as HashMap;
use std::collections::{BTreeSet};

use ruff_python_ast::{self as py, Expr, Stmt};
use ruff_text_size::Ranged;
use swc_ecma_ast as js;

use super::build as b;
use super::scope::FnKind;
use super::{Lowerer, Used};
use crate::diagnostics::{Code, RawDiagnostic};
use crate::project::Project;
use crate::Options;

/// One lowered helper.
pub struct Helper {
    pub item: js::ModuleItem,
    pub used: Used,
    /// Names it loads that may be helpers (of its file, or imported into it).
    pub deps: Vec<String>,
}

/// Lowered helpers of the project, filled on demand and shared by every class file.
#[derive(Default)]
pub struct Helpers {
    done: HashMap<(usize, String), Helper>,
}

/// Where a name used in a file comes from, when it is a helper.
fn helper_origin(project: &Project, file: usize, name: &str) -> Option<(usize, String)> {
    let info = &project.files[file].info;
    if info.helpers.iter().any(|(n, _)| n == name) {
        return Some((file, name.to_string()));
    }
    // `from app.site import card`: a helper of another project file.
    let import = info.imports.get(name)?;
    let target = project.file_for_module(&import.module)?;
    let tinfo = &project.files[target].info;
    if tinfo.helpers.iter().any(|(n, _)| *n == import.name) && !tinfo.classes.contains_key(&import.name) && !tinfo.stores.iter().any(|s| s.local == import.name) {
        return Some((target, import.name.clone()));
    }
    None
}

impl Helpers {
    /// Helpers needed by `seeds` (names used in `file`), transitively, dependencies first,
    /// in definition order among independent ones. Helpers imported from other files of
    /// the app come along too (the reference leaves them undefined; a warning says so).
    /// Newly lowered helpers report into `diags`.
    pub fn select(&mut self, project: &Project, file: usize, opts: &Options, seeds: &BTreeSet<String>, diags: &mut Vec<RawDiagnostic>) -> Vec<js::ModuleItem> {
        let info = &project.files[file].info;
        let mut order: Vec<(usize, String)> = Vec::new();
        let mut aliases: Vec<(String, String)> = Vec::new();
        let mut visiting: BTreeSet<(usize, String)> = BTreeSet::new();
        // Local helpers in definition order, then imported ones in import order.
        let mut seeds_in_order: Vec<&str> = info.helpers.iter().map(|(n, _)| n.as_str()).filter(|n| seeds.contains(*n)).collect();
        let mut imported: Vec<(&String, &crate::project::ImportBinding)> = info.imports.iter().filter(|(local, _)| seeds.contains(*local) && !info.helpers.iter().any(|(n, _)| n == *local)).collect();
        imported.sort_by_key(|(_, b)| b.range.start());
        seeds_in_order.extend(imported.iter().map(|(l, _)| l.as_str()));
        for seed in seeds_in_order {
            let Some(origin) = helper_origin(project, file, seed) else { continue };
            if origin.0 != file {
                let binding = &info.imports[seed];
                diags.push(RawDiagnostic {
                    code: Code::ReferenceImportedHelper,
                    message: format!(
                        "sprag build 0.1.24 does not compile helpers imported from other files, so `{seed}` is undefined in the browser (ReferenceError). spragc includes `{}` from {}.",
                        origin.1, project.files[origin.0].path
                    ),
                    range: binding.range,
                    owner: None,
                    hint: None,
                    file: None,
                });
                if origin.1 != seed {
                    aliases.push((seed.to_string(), origin.1.clone()));
                }
            }
            self.visit(project, origin, opts, &mut order, &mut visiting, diags);
        }
        let mut items: Vec<js::ModuleItem> = order.iter().filter_map(|k| self.done.get(k)).map(|h| h.item.clone()).collect();
        for (local, original) in aliases {
            let sp = swc_common::DUMMY_SP;
            items.push(js::ModuleItem::Stmt(b::var(js::VarDeclKind::Const, b::pat(&local, sp), Some(b::ident(&original, sp)), sp)));
        }
        items
    }

    /// Uses of the helpers `select` returned for the same seeds (call after `select`).
    pub fn used(&self, project: &Project, file: usize, seeds: &BTreeSet<String>) -> Used {
        let mut used = Used::default();
        let mut stack: Vec<(usize, String)> = seeds.iter().filter_map(|s| helper_origin(project, file, s)).collect();
        let mut seen = BTreeSet::new();
        while let Some(key) = stack.pop() {
            if !seen.insert(key.clone()) {
                continue;
            }
            if let Some(h) = self.done.get(&key) {
                used.extend(&h.used);
                stack.extend(h.deps.iter().filter_map(|d| helper_origin(project, key.0, d)));
            }
        }
        used
    }

    fn visit(&mut self, project: &Project, key: (usize, String), opts: &Options, order: &mut Vec<(usize, String)>, visiting: &mut BTreeSet<(usize, String)>, diags: &mut Vec<RawDiagnostic>) {
        if order.contains(&key) || visiting.contains(&key) {
            return;
        }
        let (file, name) = key.clone();
        let Some(&(_, idx)) = project.files[file].info.helpers.iter().find(|(n, _)| *n == name) else { return };
        visiting.insert(key.clone());
        if !self.done.contains_key(&key) {
            let helper = lower_helper(project, file, opts, &name, idx, diags);
            self.done.insert(key.clone(), helper);
        }
        let deps = self.done[&key].deps.clone();
        for dep in deps {
            if dep == name {
                continue;
            }
            if let Some(origin) = helper_origin(project, file, &dep) {
                self.visit(project, origin, opts, order, visiting, diags);
            }
        }
        visiting.remove(&key);
        order.push(key);
    }
}

fn lower_helper(project: &Project, file: usize, opts: &Options, name: &str, idx: usize, diags: &mut Vec<RawDiagnostic>) -> Helper {
    let module = project.files[file].ast.as_ref().expect("parsed");
    let stmt = &module.body[idx];
    let info = &project.files[file].info;
    let deps: Vec<String> = names_loaded(stmt)
        .into_iter()
        .filter(|n| info.helpers.iter().any(|(h, _)| h == n) || info.imports.contains_key(n))
        .collect();
    let mut l = Lowerer::new(project, file, opts, None);
    l.owner = format!("<top-level helper `{name}`>");
    l.in_helper = true;
    let item = match stmt {
        Stmt::FunctionDef(f) => {
            let sp = b::span(f.range);
            let p = &f.parameters;
            if p.posonlyargs.iter().chain(p.args.iter()).any(|a| a.default.is_some()) || !p.kwonlyargs.is_empty() {
                l.warn(Code::ReferenceDefaults, p.range, "sprag build 0.1.24 keeps only the plain parameter names of a helper, dropping defaults and keyword-only parameters. spragc keeps them.");
            }
            let (params, names) = l.params(p, 0);
            let body = l.function_body(&f.body, &names, FnKind::Helper);
            js::ModuleItem::Stmt(b::fn_decl(name, params, body, sp))
        }
        Stmt::Assign(py::StmtAssign { value, range, .. }) => {
            let v = l.expr(value);
            const_item(name, v, *range)
        }
        Stmt::AnnAssign(py::StmtAnnAssign { value: Some(value), range, .. }) => {
            let v = l.expr(value);
            const_item(name, v, *range)
        }
        other => {
            l.report(Code::UnsupportedStatement, other.range(), "unsupported helper node", None);
            js::ModuleItem::Stmt(js::Stmt::Empty(js::EmptyStmt { span: b::span(other.range()) }))
        }
    };
    // Diagnostics of a helper belong to its own file.
    for d in &mut l.diags {
        d.owner = Some(format!("<top-level helper `{name}`>"));
    }
    diags.extend(l.diags.drain(..).map(|d| d.in_file(file)));
    Helper { item, used: l.used, deps }
}

fn const_item(name: &str, value: Box<js::Expr>, range: ruff_text_size::TextRange) -> js::ModuleItem {
    let sp = b::span(range);
    js::ModuleItem::Stmt(b::var(js::VarDeclKind::Const, b::pat(name, sp), Some(value), sp))
}

/// Every name loaded anywhere inside `stmt` (the reference's dependency rule).
pub fn names_loaded(stmt: &Stmt) -> Vec<String> {
    use ruff_python_ast::visitor::{self, Visitor};
    struct Names(Vec<String>);
    impl<'a> Visitor<'a> for Names {
        fn visit_expr(&mut self, e: &'a Expr) {
            if let Expr::Name(n) = e
                && n.ctx.is_load() && !self.0.iter().any(|x| x == n.id.as_str()) {
                    self.0.push(n.id.to_string());
                }
            visitor::walk_expr(self, e);
        }
    }
    let mut v = Names(Vec::new());
    v.visit_stmt(stmt);
    v.0
}

/// Names used anywhere in a class (load or store, as the reference seeds helper
/// selection) that may be helpers: top-level helpers of the file or names it imports.
pub fn names_in_class(def: &py::StmtClassDef, info: &crate::project::FileInfo) -> BTreeSet<String> {
    use ruff_python_ast::visitor::{self, Visitor};
    struct Names<'i> {
        info: &'i crate::project::FileInfo,
        out: BTreeSet<String>,
    }
    impl<'a> Visitor<'a> for Names<'_> {
        fn visit_expr(&mut self, e: &'a Expr) {
            if let Expr::Name(n) = e {
                let id = n.id.as_str();
                let candidate = self.info.imports.contains_key(id) || self.info.helpers.iter().any(|(h, _)| h == id);
                if candidate && !self.out.contains(id) {
                    self.out.insert(id.to_string());
                }
            }
            visitor::walk_expr(self, e);
        }
    }
    let mut v = Names { info, out: BTreeSet::new() };
    for s in &def.body {
        v.visit_stmt(s);
    }
    for d in &def.decorator_list {
        v.visit_expr(&d.expression);
    }
    v.out
}
