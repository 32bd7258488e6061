//! Python scoping for the server target: which names a function (or the module) binds.
//!
//! Python decides a name's scope per function: any binding anywhere in the body makes it
//! local (unless declared `global`/`nonlocal`). The server target declares those names
//! with one `let` at the top of the JavaScript function, so reads before the first
//! assignment and reads after a loop behave as in Python.

use std::collections::BTreeSet;

use ruff_python_ast::{self as py, Expr, Stmt};

/// Names bound by a function body (or a module), in first-binding order.
#[derive(Default, Debug, Clone)]
pub struct Bindings {
    pub names: Vec<String>,
    pub global: BTreeSet<String>,
    pub nonlocal: BTreeSet<String>,
}

impl Bindings {
    fn add(&mut self, name: &str) {
        if !self.names.iter().any(|n| n == name) {
            self.names.push(name.to_string());
        }
    }

    /// Names to declare locally: bound and not declared `global`/`nonlocal`.
    pub fn locals(&self) -> impl Iterator<Item = &String> {
        self.names.iter().filter(|n| !self.global.contains(*n) && !self.nonlocal.contains(*n))
    }
}

/// Collect the bindings of `body` (nested functions, classes, lambdas and
/// comprehensions have their own scopes; walrus targets inside comprehensions bind here).
pub fn bindings(body: &[Stmt]) -> Bindings {
    let mut b = Bindings::default();
    for s in body {
        stmt(s, &mut b);
    }
    b
}

fn stmt(s: &Stmt, b: &mut Bindings) {
    match s {
        Stmt::FunctionDef(f) => {
            for d in &f.decorator_list {
                expr(&d.expression, b);
            }
            b.add(f.name.as_str());
        }
        Stmt::ClassDef(c) => b.add(c.name.as_str()),
        Stmt::Assign(a) => {
            for t in &a.targets {
                target(t, b);
            }
            expr(&a.value, b);
        }
        Stmt::AugAssign(a) => {
            target(&a.target, b);
            expr(&a.value, b);
        }
        Stmt::AnnAssign(a) => {
            if a.value.is_some() {
                target(&a.target, b);
            }
            if let Some(v) = &a.value {
                expr(v, b);
            }
        }
        Stmt::For(f) => {
            target(&f.target, b);
            expr(&f.iter, b);
            suite(&f.body, b);
            suite(&f.orelse, b);
        }
        Stmt::While(w) => {
            expr(&w.test, b);
            suite(&w.body, b);
            suite(&w.orelse, b);
        }
        Stmt::If(i) => {
            expr(&i.test, b);
            suite(&i.body, b);
            for c in &i.elif_else_clauses {
                if let Some(t) = &c.test {
                    expr(t, b);
                }
                suite(&c.body, b);
            }
        }
        Stmt::With(w) => {
            for item in &w.items {
                expr(&item.context_expr, b);
                if let Some(v) = &item.optional_vars {
                    target(v, b);
                }
            }
            suite(&w.body, b);
        }
        Stmt::Try(t) => {
            suite(&t.body, b);
            for h in &t.handlers {
                let py::ExceptHandler::ExceptHandler(h) = h;
                if let Some(n) = &h.name {
                    b.add(n.as_str());
                }
                suite(&h.body, b);
            }
            suite(&t.orelse, b);
            suite(&t.finalbody, b);
        }
        Stmt::Import(i) => {
            for a in &i.names {
                let name = a.asname.as_ref().map(|n| n.as_str()).unwrap_or_else(|| a.name.as_str().split('.').next().unwrap_or(""));
                b.add(name);
            }
        }
        Stmt::ImportFrom(i) => {
            for a in &i.names {
                if a.name.as_str() != "*" {
                    b.add(a.asname.as_ref().unwrap_or(&a.name).as_str());
                }
            }
        }
        Stmt::Global(g) => {
            for n in &g.names {
                b.global.insert(n.to_string());
            }
        }
        Stmt::Nonlocal(g) => {
            for n in &g.names {
                b.nonlocal.insert(n.to_string());
            }
        }
        Stmt::Delete(d) => {
            for t in &d.targets {
                target(t, b);
            }
        }
        Stmt::Match(m) => {
            expr(&m.subject, b);
            for c in &m.cases {
                suite(&c.body, b);
            }
        }
        Stmt::Expr(e) => expr(&e.value, b),
        Stmt::Return(r) => {
            if let Some(v) = &r.value {
                expr(v, b);
            }
        }
        Stmt::Raise(_) | Stmt::Assert(_) | Stmt::Pass(_) | Stmt::Break(_) | Stmt::Continue(_) | Stmt::TypeAlias(_) | Stmt::IpyEscapeCommand(_) => {}
    }
}

fn suite(body: &[Stmt], b: &mut Bindings) {
    for s in body {
        stmt(s, b);
    }
}

fn target(t: &Expr, b: &mut Bindings) {
    match t {
        Expr::Name(n) => b.add(n.id.as_str()),
        Expr::Tuple(t) => t.elts.iter().for_each(|e| target(e, b)),
        Expr::List(t) => t.elts.iter().for_each(|e| target(e, b)),
        Expr::Starred(s) => target(&s.value, b),
        _ => {}
    }
}

/// Walrus targets in expressions bind in the enclosing function (also from inside
/// comprehensions); nothing else in an expression binds.
fn expr(e: &Expr, b: &mut Bindings) {
    use ruff_python_ast::visitor::{self, Visitor};
    struct Walrus<'b>(&'b mut Bindings);
    impl<'a> Visitor<'a> for Walrus<'_> {
        fn visit_expr(&mut self, e: &'a Expr) {
            match e {
                Expr::Named(n) => {
                    if let Expr::Name(t) = &*n.target {
                        self.0.add(t.id.as_str());
                    }
                    self.visit_expr(&n.value);
                }
                Expr::Lambda(_) => {}
                _ => visitor::walk_expr(self, e),
            }
        }
    }
    Walrus(b).visit_expr(e);
}
