//! The helper prelude: top-level `def`s and `NAME = expr` constants of a browser file,
//! compiled once per file and copied into each class file that uses them, dependencies
//! first, unused ones dropped.

use std::collections::{BTreeSet, HashMap};

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
    /// Other helpers of the file it names.
    pub deps: Vec<String>,
    pub ok: bool,
}

/// Lowered helpers of one file, filled on demand.
#[derive(Default)]
pub struct FileHelpers {
    done: HashMap<String, Helper>,
}

impl FileHelpers {
    /// Helpers needed by `seeds` (transitively), dependencies first, in definition order
    /// among independent ones. Newly lowered helpers report into `diags`.
    pub fn select(&mut self, project: &Project, file: usize, opts: &Options, seeds: &BTreeSet<String>, diags: &mut Vec<RawDiagnostic>) -> Vec<&Helper> {
        let info = &project.files[file].info;
        let mut order: Vec<String> = Vec::new();
        let mut visiting: BTreeSet<String> = BTreeSet::new();
        // Seeds in definition order, for a deterministic prelude.
        let seeds_in_order: Vec<String> = info.helpers.iter().map(|(n, _)| n.clone()).filter(|n| seeds.contains(n)).collect();
        for seed in seeds_in_order {
            self.visit(project, file, opts, &seed, &mut order, &mut visiting, diags);
        }
        order.iter().filter_map(|n| self.done.get(n)).collect()
    }

    #[allow(clippy::too_many_arguments)]
    fn visit(&mut self, project: &Project, file: usize, opts: &Options, name: &str, order: &mut Vec<String>, visiting: &mut BTreeSet<String>, diags: &mut Vec<RawDiagnostic>) {
        if order.iter().any(|n| n == name) || visiting.contains(name) {
            return;
        }
        let Some(&(_, idx)) = project.files[file].info.helpers.iter().find(|(n, _)| n == name) else { return };
        visiting.insert(name.to_string());
        if !self.done.contains_key(name) {
            let helper = lower_helper(project, file, opts, name, idx, diags);
            self.done.insert(name.to_string(), helper);
        }
        let deps = self.done[name].deps.clone();
        for dep in deps {
            if dep != name {
                self.visit(project, file, opts, &dep, order, visiting, diags);
            }
        }
        visiting.remove(name);
        order.push(name.to_string());
    }
}

fn lower_helper(project: &Project, file: usize, opts: &Options, name: &str, idx: usize, diags: &mut Vec<RawDiagnostic>) -> Helper {
    let module = project.files[file].ast.as_ref().expect("parsed");
    let stmt = &module.body[idx];
    let info = &project.files[file].info;
    let deps: Vec<String> = names_loaded(stmt).into_iter().filter(|n| info.helpers.iter().any(|(h, _)| h == n)).collect();
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
    let ok = !l.diags.iter().any(|d| d.code.severity() == crate::diagnostics::Severity::Error);
    diags.append(&mut l.diags);
    Helper { item, used: l.used, deps, ok }
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
            if let Expr::Name(n) = e {
                if n.ctx.is_load() && !self.0.iter().any(|x| x == n.id.as_str()) {
                    self.0.push(n.id.to_string());
                }
            }
            visitor::walk_expr(self, e);
        }
    }
    let mut v = Names(Vec::new());
    v.visit_stmt(stmt);
    v.0
}

/// Every name (load or store) inside a class, to seed helper selection like the reference.
pub fn names_in_class(def: &py::StmtClassDef) -> BTreeSet<String> {
    use ruff_python_ast::visitor::{self, Visitor};
    struct Names(BTreeSet<String>);
    impl<'a> Visitor<'a> for Names {
        fn visit_expr(&mut self, e: &'a Expr) {
            if let Expr::Name(n) = e {
                self.0.insert(n.id.to_string());
            }
            visitor::walk_expr(self, e);
        }
    }
    let mut v = Names(BTreeSet::new());
    for s in &def.body {
        v.visit_stmt(s);
    }
    for d in &def.decorator_list {
        v.visit_expr(&d.expression);
    }
    v.0
}
