//! Local-variable planning for one Python function body.
//!
//! Python locals are function-scoped; JavaScript `let` is block-scoped. Before a body is
//! lowered, this pass decides where each local is declared: inline (`let x = ...` at its
//! first assignment, as the reference prints it) when that assignment is a top-level
//! statement of the body, otherwise hoisted to a `let x;` at the top of the function.
//! It also spots the places where the reference's simpler rule emits broken JavaScript.



use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::{Ranged, TextRange, TextSize};

use crate::diagnostics::Code;

/// What kind of function body is being planned; the reference treats them differently.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FnKind {
    /// A class method (reference: params are not known locals, `let` for everything).
    Method,
    /// `Component.render` (reference: top-level assignments are `const`).
    Render,
    /// `Module.__init__`, compiled into the constructor.
    Init,
    /// A top-level helper function (reference: params are known locals).
    Helper,
}

/// How a `for` loop declares its target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoopDecl {
    /// `for (const x of xs)`.
    Const,
    /// `for (let x of xs)`: the body reassigns the loop variable.
    Let,
    /// `for (x of xs)`: `x` is an ordinary local declared elsewhere.
    Assign,
}

/// The declaration plan for one function body.
#[derive(Default, Debug)]
pub struct LocalPlan {
    /// Locals declared with one `let` at the top of the function, in first-use order.
    pub hoisted: Vec<String>,
    /// Statement start -> names it declares inline (`let`/`const` at that statement).
    pub inline: HashMap<TextSize, Vec<String>>,
    /// Names that are assigned more than once (so `render()` must use `let`, not `const`).
    pub rebound: HashSet<String>,
    /// `for` statement start -> how its target is declared.
    pub loops: HashMap<TextSize, LoopDecl>,
    /// Reference-divergence warnings: (code, range, message).
    pub warnings: Vec<(Code, TextRange, String)>,
    /// Every name the plan declares (hoisted or inline), for fast lookups.
    pub locals: HashSet<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum BindKind {
    /// Plain or annotated assignment (`x = ...`, `a, b = ...`).
    Assign,
    /// Augmented assignment (`x += 1`).
    Aug,
    /// `for x in ...` target.
    For,
    /// Walrus, `with ... as x`, match capture, nested `def`: never declared inline.
    Other,
}

/// Block id of the function body itself (outside every nested block).
const TOP: u32 = u32::MAX;

struct Binding {
    name: String,
    kind: BindKind,
    /// Start of the statement that binds (for inline declarations and loops).
    stmt: TextSize,
    range: TextRange,
    /// Directly in the function body (not in a nested block).
    top_level: bool,
    /// Innermost block holding the binding.
    block: u32,
    /// For `For` bindings: the block id of the loop body.
    loop_body: Option<u32>,
    /// Tuple-unpacking assignment.
    tuple: bool,
}

struct Read<'a> {
    name: &'a str,
    block: u32,
}

struct Walker<'a> {
    bindings: Vec<Binding>,
    reads: Vec<Read<'a>>,
    /// Parent of each block (by id).
    parents: Vec<u32>,
    current: u32,
    top_stmt: TextSize,
}

impl Walker<'_> {
    /// Is block `inner` `outer` or nested in it?
    fn within(&self, mut inner: u32, outer: u32) -> bool {
        if outer == TOP {
            return true;
        }
        while inner != TOP {
            if inner == outer {
                return true;
            }
            inner = self.parents[inner as usize];
        }
        false
    }
}

/// Plan the locals of `body` whose parameters are `params`.
pub fn plan(body: &[Stmt], params: &[String], kind: FnKind) -> LocalPlan {
    let mut w = Walker { bindings: Vec::new(), reads: Vec::new(), parents: Vec::new(), current: TOP, top_stmt: TextSize::default() };
    for stmt in body {
        w.top_stmt = stmt.start();
        w.stmt(stmt, true);
    }
    let params: HashSet<&str> = params.iter().map(String::as_str).collect();
    let mut plan = LocalPlan::default();

    // Group bindings by name, in source order of first binding.
    let mut order: Vec<&str> = Vec::new();
    let mut by_name: HashMap<&str, Vec<&Binding>> = HashMap::default();
    for b in &w.bindings {
        let entry = by_name.entry(b.name.as_str()).or_default();
        if entry.is_empty() {
            order.push(b.name.as_str());
        }
        entry.push(b);
    }

    for name in order {
        let binds = &by_name[name];
        let assigns = binds.iter().filter(|b| b.kind != BindKind::For).count();
        if binds.len() > 1 {
            plan.rebound.insert(name.to_string());
        }
        if params.contains(name) {
            if kind != FnKind::Helper && !(kind == FnKind::Render && name == "props")
                && let Some(b) = binds.iter().find(|b| b.kind == BindKind::Assign) {
                    plan.warnings.push((
                        Code::ReferenceParamRedeclare,
                        b.range,
                        format!(
                            "sprag build 0.1.24 compiles this to `let {name} = ...`, redeclaring the parameter `{name}`: a SyntaxError that stops the whole file from loading. spragc assigns the parameter instead."
                        ),
                    ));
                }
            for b in binds.iter().filter(|b| b.kind == BindKind::For) {
                plan.loops.insert(b.stmt, LoopDecl::Assign);
            }
            continue;
        }
        if assigns == 0 {
            // Only ever a loop variable: each loop declares its own.
            for b in binds {
                let reassigned = w.bindings.iter().any(|o| {
                    o.name == name && o.kind != BindKind::For && b.loop_body.is_some_and(|lb| w.within(o.block, lb))
                });
                plan.loops.insert(b.stmt, if reassigned { LoopDecl::Let } else { LoopDecl::Const });
            }
            continue;
        }
        for b in binds.iter().filter(|b| b.kind == BindKind::For) {
            plan.loops.insert(b.stmt, LoopDecl::Assign);
            let reassigned_inside = binds.iter().any(|o| o.kind != BindKind::For && b.loop_body.is_some_and(|lb| w.within(o.block, lb)));
            if reassigned_inside {
                plan.warnings.push((
                    Code::ReferenceConstReassign,
                    b.range,
                    format!("sprag build 0.1.24 declares the loop variable `{name}` with `const`, so reassigning it in the loop throws a TypeError. spragc declares it once for the function."),
                ));
            }
        }
        let first = binds[0];
        let inline_ok = first.top_level
            && first.kind == BindKind::Assign
            && (!first.tuple || tuple_all_first(&w.bindings, first));
        if inline_ok {
            plan.inline.entry(first.stmt).or_default().push(name.to_string());
        } else {
            plan.hoisted.push(name.to_string());
            if first.kind == BindKind::Assign && !first.top_level {
                let outside = w.reads.iter().any(|r| r.name == name && !w.within(r.block, first.block))
                    || binds.iter().any(|b| !w.within(b.block, first.block) && b.kind != BindKind::Assign);
                if outside {
                    plan.warnings.push((
                        Code::ReferenceBlockScope,
                        first.range,
                        format!("sprag build 0.1.24 declares `{name}` with `let` inside this block, so using it after the block throws a ReferenceError. spragc declares it at the top of the function, as Python scopes it."),
                    ));
                }
            }
        }
        if kind == FnKind::Render && first.top_level && binds.len() > 1 {
            plan.warnings.push((
                Code::ReferenceConstReassign,
                binds[1].range,
                format!("sprag build 0.1.24 declares the render() local `{name}` with `const`, so assigning it again throws a TypeError. spragc declares it with `let`."),
            ));
        }
    }
    plan.locals = plan.hoisted.iter().cloned().chain(plan.inline.values().flatten().cloned()).collect();
    plan
}

/// For `a, b = ...` as the first binding of `a`: is it also the first binding of `b`?
fn tuple_all_first(all: &[Binding], first: &Binding) -> bool {
    all.iter()
        .filter(|b| b.stmt == first.stmt && b.tuple)
        .all(|b| all.iter().find(|o| o.name == b.name).map(|o| o.stmt == first.stmt).unwrap_or(true))
}

impl<'a> Walker<'a> {
    fn block(&mut self, body: &'a [Stmt]) -> u32 {
        let id = self.parents.len() as u32;
        self.parents.push(self.current);
        let saved = std::mem::replace(&mut self.current, id);
        for s in body {
            self.stmt(s, false);
        }
        self.current = saved;
        id
    }

    fn bind(&mut self, target: &'a Expr, kind: BindKind, stmt: &Stmt, top_level: bool, loop_body: Option<u32>) {
        match target {
            Expr::Name(n) => self.bindings.push(Binding {
                name: n.id.to_string(),
                kind,
                stmt: stmt.start(),
                range: n.range,
                top_level,
                block: self.current,
                loop_body,
                tuple: false,
            }),
            Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
                for e in elts {
                    let before = self.bindings.len();
                    self.bind(e, kind, stmt, top_level, loop_body);
                    for b in &mut self.bindings[before..] {
                        b.tuple = true;
                    }
                }
            }
            Expr::Starred(s) => self.bind(&s.value, kind, stmt, top_level, loop_body),
            other => self.expr(other),
        }
    }

    fn stmt(&mut self, stmt: &'a Stmt, top: bool) {
        match stmt {
            Stmt::Assign(a) => {
                self.expr(&a.value);
                for t in &a.targets {
                    self.bind(t, BindKind::Assign, stmt, top, None);
                }
            }
            Stmt::AnnAssign(a) => {
                if let Some(v) = &a.value {
                    self.expr(v);
                    self.bind(&a.target, BindKind::Assign, stmt, top, None);
                }
            }
            Stmt::AugAssign(a) => {
                self.expr(&a.value);
                self.expr(&a.target);
                self.bind(&a.target, BindKind::Aug, stmt, top, None);
            }
            Stmt::For(f) => {
                self.expr(&f.iter);
                // The loop body block id is the next one allocated.
                let body_id = self.parents.len() as u32;
                self.bind(&f.target, BindKind::For, stmt, top, Some(body_id));
                self.block(&f.body);
                self.block(&f.orelse);
            }
            Stmt::While(w) => {
                self.expr(&w.test);
                self.block(&w.body);
                self.block(&w.orelse);
            }
            Stmt::If(i) => {
                self.expr(&i.test);
                self.block(&i.body);
                for clause in &i.elif_else_clauses {
                    if let Some(t) = &clause.test {
                        self.expr(t);
                    }
                    self.block(&clause.body);
                }
            }
            Stmt::Try(t) => {
                self.block(&t.body);
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    if let Some(ty) = &h.type_ {
                        self.expr(ty);
                    }
                    self.block(&h.body);
                }
                self.block(&t.orelse);
                self.block(&t.finalbody);
            }
            Stmt::With(w) => {
                for item in &w.items {
                    self.expr(&item.context_expr);
                    if let Some(v) = &item.optional_vars {
                        self.bind(v, BindKind::Other, stmt, false, None);
                    }
                }
                self.block(&w.body);
            }
            Stmt::Match(m) => {
                self.expr(&m.subject);
                for case in &m.cases {
                    let mut names = Vec::new();
                    pattern_names(&case.pattern, &mut names);
                    for (name, range) in names {
                        self.bindings.push(Binding {
                            name,
                            kind: BindKind::Other,
                            stmt: stmt.start(),
                            range,
                            top_level: false,
                            block: self.current,
                            loop_body: None,
                            tuple: false,
                        });
                    }
                    if let Some(g) = &case.guard {
                        self.expr(g);
                    }
                    self.block(&case.body);
                }
            }
            Stmt::FunctionDef(f) => {
                self.bindings.push(Binding {
                    name: f.name.to_string(),
                    kind: BindKind::Other,
                    stmt: stmt.start(),
                    range: f.name.range,
                    top_level: false,
                    block: self.current,
                    loop_body: None,
                    tuple: false,
                });
            }
            Stmt::Expr(e) => self.expr(&e.value),
            Stmt::Return(r) => {
                if let Some(v) = &r.value {
                    self.expr(v)
                }
            }
            Stmt::Assert(a) => {
                self.expr(&a.test);
                if let Some(m) = &a.msg {
                    self.expr(m);
                }
            }
            Stmt::Raise(r) => {
                if let Some(e) = &r.exc {
                    self.expr(e);
                }
            }
            Stmt::Delete(d) => {
                for t in &d.targets {
                    self.expr(t);
                }
            }
            _ => {}
        }
        let _ = top;
    }

    fn expr(&mut self, expr: &'a Expr) {
        use ruff_python_ast::visitor::{self, Visitor};
        struct Reads<'w, 'a> {
            w: &'w mut Walker<'a>,
        }
        impl<'a> Visitor<'a> for Reads<'_, 'a> {
            fn visit_expr(&mut self, expr: &'a Expr) {
                match expr {
                    Expr::Name(n) => self.w.reads.push(Read { name: n.id.as_str(), block: self.w.current }),
                    Expr::Named(n) => {
                        if let Expr::Name(t) = &*n.target {
                            self.w.bindings.push(Binding {
                                name: t.id.to_string(),
                                kind: BindKind::Other,
                                stmt: self.w.top_stmt,
                                range: t.range,
                                top_level: false,
                                block: self.w.current,
                                loop_body: None,
                                tuple: false,
                            });
                        }
                        self.visit_expr(&n.value);
                    }
                    // Comprehensions and lambdas have their own scopes; only their reads matter.
                    _ => visitor::walk_expr(self, expr),
                }
            }
        }
        Reads { w: self }.visit_expr(expr);
    }
}

/// Names a `match` pattern captures.
pub fn pattern_names(pattern: &ast::Pattern, out: &mut Vec<(String, TextRange)>) {
    use ast::Pattern as P;
    match pattern {
        P::MatchAs(p) => {
            if let Some(inner) = &p.pattern {
                pattern_names(inner, out);
            }
            if let Some(name) = &p.name {
                out.push((name.to_string(), name.range));
            }
        }
        P::MatchSequence(p) => p.patterns.iter().for_each(|p| pattern_names(p, out)),
        P::MatchMapping(p) => {
            p.patterns.iter().for_each(|p| pattern_names(p, out));
            if let Some(rest) = &p.rest {
                out.push((rest.to_string(), rest.range));
            }
        }
        P::MatchOr(p) => p.patterns.iter().for_each(|p| pattern_names(p, out)),
        P::MatchStar(p) => {
            if let Some(name) = &p.name {
                out.push((name.to_string(), name.range));
            }
        }
        P::MatchClass(p) => {
            p.arguments.patterns.iter().for_each(|p| pattern_names(p, out));
            p.arguments.keywords.iter().for_each(|k| pattern_names(&k.pattern, out));
        }
        P::MatchValue(_) | P::MatchSingleton(_) => {}
    }
}
