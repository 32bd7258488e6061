//! Statements: assignments, `if`/`for`/`while`/`try`, `return`, `break`/`continue`, and
//! (with `extended`) `match`, `assert`, `raise`, `del`, nested `def` and loop `else`.

use ruff_python_ast::{self as py, Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};
use swc_common::Span;
use swc_ecma_ast::{self as js, AssignOp, BinaryOp, VarDeclKind};

use super::build as b;
use super::scope::{self, FnKind, LoopDecl};
use super::types::PyType;
use super::{Locals, Lowerer};
use crate::diagnostics::Code;

const SUBSCRIPT_HINT: &str = "Browser state is immutable from the component's perspective — subscript assignment does not trigger re-render. Use self.set_state({...}) or self.patch({...}) instead.";

impl Lowerer<'_> {
    /// Lower a whole function body with fresh locals; `params` are the JS parameter names.
    pub fn function_body(&mut self, body: &[Stmt], params: &[String], kind: FnKind) -> Vec<js::Stmt> {
        let saved_kind = std::mem::replace(&mut self.fn_kind, kind);
        let plan = scope::plan(body, params, kind);
        for (code, range, message) in &plan.warnings {
            self.warn(*code, *range, message.clone());
        }
        let mut locals = Locals { plan, ..Locals::default() };
        locals.params = params.iter().cloned().collect();
        locals.types.extend(std::mem::take(&mut self.param_types));
        let hoisted = locals.plan.hoisted.clone();
        locals.declared.extend(hoisted.iter().cloned());
        let saved = std::mem::replace(&mut self.locals, locals);
        let mut out = Vec::new();
        if !hoisted.is_empty() {
            let sp = body.first().map(|s| b::span(s.range())).unwrap_or_default();
            out.push(b::let_many(&hoisted, sp));
        }
        out.extend(self.suite(body));
        self.locals = saved;
        self.fn_kind = saved_kind;
        out
    }

    /// Lower a list of statements in the current function.
    pub fn suite(&mut self, stmts: &[Stmt]) -> Vec<js::Stmt> {
        let mut out = Vec::with_capacity(stmts.len());
        for s in stmts {
            self.stmt(s, &mut out);
        }
        out
    }

    /// Lower a nested block; local types learned inside do not leak out unchanged.
    fn block(&mut self, stmts: &[Stmt]) -> Vec<js::Stmt> {
        let saved = self.locals.types.clone();
        let out = self.suite(stmts);
        // A type that changed inside a branch is no longer known after it.
        let inner = std::mem::replace(&mut self.locals.types, saved);
        self.locals.types.retain(|k, v| inner.get(k) == Some(v));
        out
    }

    /// Lower one statement, appending to `out`.
    pub fn stmt(&mut self, s: &Stmt, out: &mut Vec<js::Stmt>) {
        let sp = b::span(s.range());
        match s {
            Stmt::Expr(e) => {
                // A bare string (a docstring) does nothing; skip it.
                if matches!(&*e.value, Expr::StringLiteral(_)) {
                    return;
                }
                let v = self.expr(&e.value);
                out.push(b::expr_stmt(v, sp));
            }
            Stmt::Assign(a) => self.assign(a, out),
            Stmt::AnnAssign(a) => {
                let Some(value) = &a.value else {
                    self.report(Code::AnnotationOnly, a.range, "Annotation-only local variables are not supported in browser codegen.", Some("Give the variable an initial value, e.g. `items: list[str] = []`."));
                    return;
                };
                self.assign_one(&a.target, value, Some(&a.annotation), s.range(), out);
            }
            Stmt::AugAssign(a) => self.aug_assign(a, out),
            Stmt::Return(r) => {
                let v = match &r.value {
                    Some(v) => self.expr(v),
                    None => b::undefined(sp),
                };
                out.push(b::ret(Some(v), sp));
            }
            Stmt::If(i) => out.push(self.if_stmt(i)),
            Stmt::For(f) => self.for_stmt(f, out),
            Stmt::While(w) => self.while_stmt(w, out),
            Stmt::Try(t) => self.try_stmt(t, out),
            Stmt::Break(_) => out.push(js::Stmt::Break(js::BreakStmt { span: sp, label: None })),
            Stmt::Continue(_) => out.push(js::Stmt::Continue(js::ContinueStmt { span: sp, label: None })),
            Stmt::Pass(_) => {}
            Stmt::Match(m) if self.extended() => self.match_stmt(m, out),
            Stmt::Assert(a) if self.extended() => {
                let test = self.test(&a.test);
                let msg = match &a.msg {
                    Some(m) => self.expr(m),
                    None => b::str_lit("AssertionError", sp),
                };
                let err = b::new(b::ident("Error", sp), vec![b::arg(msg)], sp);
                out.push(b::if_stmt(b::not(test, sp), vec![b::throw(err, sp)], None, sp));
            }
            Stmt::Raise(r) if self.extended() => {
                let err = match &r.exc {
                    Some(e) => self.raised(e),
                    None => b::ident("__spragCaught", sp),
                };
                out.push(b::throw(err, sp));
            }
            Stmt::Delete(d) if self.extended() => {
                for t in &d.targets {
                    match t {
                        Expr::Subscript(_) | Expr::Attribute(_) => {
                            let target = self.expr(t);
                            out.push(b::expr_stmt(b::unary(js::UnaryOp::Delete, target, sp), sp));
                        }
                        other => self.report(Code::UnsupportedStatement, other.range(), "Only `del d[key]` and `del obj.attr` are supported.", None),
                    }
                }
            }
            Stmt::FunctionDef(f) if self.extended() && !f.is_async && f.decorator_list.is_empty() => {
                let (params, names) = self.params(&f.parameters, 0);
                let body = self.in_arrow(names.clone(), |l| l.function_body(&f.body, &names, FnKind::Helper));
                let func = b::arrow_block(params, body, sp);
                self.locals.declared.insert(f.name.to_string());
                out.push(b::expr_stmt(b::assign(AssignOp::Assign, b::ident_target(f.name.as_str(), b::span(f.name.range)), func, sp), sp));
            }
            other => {
                let (kind, hint) = statement_name(other);
                self.report(Code::UnsupportedStatement, other.range(), format!("Unsupported statement in browser codegen: {kind}."), hint);
            }
        }
    }

    /// `raise ValueError("x")` -> `new Error("x")` (extended mode).
    fn raised(&mut self, e: &Expr) -> Box<js::Expr> {
        let sp = b::span(e.range());
        if let Expr::Call(c) = e
            && let Expr::Name(n) = &*c.func
                && (n.id.as_str().ends_with("Error") || n.id.as_str() == "Exception") {
                    let msg = match c.arguments.args.first() {
                        Some(m) => self.expr(m),
                        None => b::str_lit(n.id.as_str(), sp),
                    };
                    return b::new(b::ident("Error", sp), vec![b::arg(msg)], sp);
                }
        self.expr(e)
    }

    fn assign(&mut self, a: &py::StmtAssign, out: &mut Vec<js::Stmt>) {
        if a.targets.len() != 1 {
            if self.extended() {
                // `a = b = v`: evaluate once, assign left to right.
                let Some(first) = a.targets.first() else { return };
                self.assign_one(first, &a.value, None, a.range, out);
                for t in &a.targets[1..] {
                    self.assign_one(t, first, None, a.range, out);
                }
                return;
            }
            self.report(Code::UnsupportedStatement, a.range, "Unsupported statement in browser codegen: chained assignment (`a = b = value`).", Some("Assign each name on its own line."));
            return;
        }
        self.assign_one(&a.targets[0], &a.value, None, a.range, out);
    }

    /// `target = value` for one target.
    fn assign_one(&mut self, target: &Expr, value: &Expr, annotation: Option<&Expr>, stmt_range: TextRange, out: &mut Vec<js::Stmt>) {
        let sp = b::span(stmt_range);
        match target {
            Expr::Name(n) => {
                let name = n.id.as_str();
                if self.fn_kind == FnKind::Render && name == "props" {
                    // The reference keeps its own `props` binding and drops this assignment.
                    return;
                }
                let v = self.expr(value);
                self.assign_type(name, value, annotation);
                out.push(self.bind_name(name, n.range, v, stmt_range));
            }
            Expr::Tuple(py::ExprTuple { elts, .. }) | Expr::List(py::ExprList { elts, .. }) => {
                let v = self.expr(value);
                let (pattern, names) = self.target_pattern(target);
                for name in &names {
                    self.locals.types.remove(name);
                }
                let declare = names.iter().any(|n| self.inline_here(n, stmt_range));
                let _ = elts;
                if declare {
                    for n in &names {
                        self.locals.declared.insert(n.clone());
                    }
                    out.push(b::var(VarDeclKind::Let, pattern, Some(v), sp));
                } else {
                    let js::Pat::Array(arr) = pattern else { return };
                    let target = js::AssignTarget::Pat(js::AssignTargetPat::Array(arr));
                    out.push(b::expr_stmt(b::assign(AssignOp::Assign, target, v, sp), sp));
                }
            }
            Expr::Attribute(_) => {
                let t = self.expr(target);
                let v = self.expr(value);
                let Some(t) = b::simple_target(t) else { return };
                out.push(b::expr_stmt(b::assign(AssignOp::Assign, t, v, sp), sp));
            }
            Expr::Subscript(s) if self.extended() && !is_self_state(&s.value) => {
                let t = self.expr(target);
                let v = self.expr(value);
                let Some(t) = b::simple_target(t) else { return };
                out.push(b::expr_stmt(b::assign(AssignOp::Assign, t, v, sp), sp));
            }
            other => {
                let kind = super::expr::expr_kind(other);
                let hint = matches!(other, Expr::Subscript(_)).then_some(SUBSCRIPT_HINT);
                self.report(Code::UnsupportedTarget, other.range(), format!("Unsupported assignment target in browser codegen: {kind}."), hint);
            }
        }
    }

    /// Does this statement declare `name` inline (its first binding)?
    fn inline_here(&self, name: &str, stmt_range: TextRange) -> bool {
        !self.locals.declared.contains(name)
            && self.locals.plan.inline.get(&stmt_range.start()).is_some_and(|names| names.iter().any(|n| n == name))
    }

    /// `let name = v;`, `const name = v;` (render) or `name = v;`.
    fn bind_name(&mut self, name: &str, range: TextRange, v: Box<js::Expr>, stmt_range: TextRange) -> js::Stmt {
        let sp = b::span(stmt_range);
        if self.inline_here(name, stmt_range) {
            self.locals.declared.insert(name.to_string());
            let kind = if self.fn_kind == FnKind::Render && !self.locals.plan.rebound.contains(name) { VarDeclKind::Const } else { VarDeclKind::Let };
            return b::var(kind, b::pat(name, b::span(range)), Some(v), sp);
        }
        if !self.is_local(name) {
            // Not planned (should not happen); declare to stay valid JavaScript.
            self.locals.declared.insert(name.to_string());
            return b::var(VarDeclKind::Let, b::pat(name, b::span(range)), Some(v), sp);
        }
        b::expr_stmt(b::assign(AssignOp::Assign, b::ident_target(name, b::span(range)), v, sp), sp)
    }

    fn aug_assign(&mut self, a: &py::StmtAugAssign, out: &mut Vec<js::Stmt>) {
        use py::Operator as O;
        let sp = b::span(a.range);
        match &*a.target {
            Expr::Name(_) | Expr::Attribute(_) => {}
            Expr::Subscript(s) if self.extended() && !is_self_state(&s.value) => {}
            other => {
                let kind = super::expr::expr_kind(other);
                let hint = matches!(other, Expr::Subscript(_)).then_some(SUBSCRIPT_HINT);
                self.report(Code::UnsupportedTarget, other.range(), format!("Unsupported assignment target in browser codegen: {kind}."), hint);
                return;
            }
        }
        if a.op == O::Add && self.type_of(&a.target) == Some(PyType::List) {
            let t = self.expr(&a.target);
            let v = self.expr(&a.value);
            self.warn(Code::ReferenceSequenceOp, a.range, "sprag build 0.1.24 compiles `xs += ys` on a list to JavaScript `+=`, which turns the list into a string. spragc extends the array in place.");
            out.push(b::expr_stmt(b::call_spread(b::member(t, "push", sp), vec![b::spread(v, sp)], sp), sp));
            return;
        }
        let t = self.expr(&a.target);
        let v = self.expr(&a.value);
        if a.op == O::BitOr {
            let merged = b::object(vec![b::prop_spread(t.clone(), sp), b::prop_spread(v, sp)], sp);
            let Some(target) = b::simple_target(t) else { return };
            out.push(b::expr_stmt(b::assign(AssignOp::Assign, target, merged, sp), sp));
            return;
        }
        let op = match a.op {
            O::Add => AssignOp::AddAssign,
            O::Sub => AssignOp::SubAssign,
            O::Mult => AssignOp::MulAssign,
            O::Div => AssignOp::DivAssign,
            O::Mod => AssignOp::ModAssign,
            O::Pow if self.extended() => AssignOp::ExpAssign,
            O::FloorDiv if self.extended() => {
                let value = b::call(b::member(b::ident("Math", sp), "floor", sp), vec![b::bin(BinaryOp::Div, t.clone(), v, sp)], sp);
                let Some(target) = b::simple_target(t) else { return };
                out.push(b::expr_stmt(b::assign(AssignOp::Assign, target, value, sp), sp));
                return;
            }
            O::LShift if self.extended() => AssignOp::LShiftAssign,
            O::RShift if self.extended() => AssignOp::RShiftAssign,
            O::BitAnd if self.extended() => AssignOp::BitAndAssign,
            O::BitXor if self.extended() => AssignOp::BitXorAssign,
            other => {
                self.report(Code::UnsupportedOperator, a.range, format!("Unsupported binary operator: {}", operator_name(other)), None);
                return;
            }
        };
        let Some(target) = b::simple_target(t) else { return };
        out.push(b::expr_stmt(b::assign(op, target, v, sp), sp));
    }

    /// `if`/`elif`/`else` chain.
    pub fn if_stmt(&mut self, i: &py::StmtIf) -> js::Stmt {
        let sp = b::span(i.range);
        let test = self.test(&i.test);
        let body = self.block(&i.body);
        let alt = self.else_chain(&i.elif_else_clauses);
        b::if_stmt(test, body, alt, sp)
    }

    fn else_chain(&mut self, clauses: &[py::ElifElseClause]) -> Option<js::Stmt> {
        let (first, rest) = clauses.split_first()?;
        let sp = b::span(first.range);
        match &first.test {
            Some(test) => {
                let test = self.test(test);
                let body = self.block(&first.body);
                let alt = self.else_chain(rest);
                Some(b::if_stmt(test, body, alt, sp))
            }
            None => Some(js::Stmt::Block(b::block(self.block(&first.body), sp))),
        }
    }

    fn for_stmt(&mut self, f: &py::StmtFor, out: &mut Vec<js::Stmt>) {
        let sp = b::span(f.range);
        if f.is_async {
            self.report(Code::UnsupportedStatement, f.range, "Unsupported statement in browser codegen: AsyncFor.", Some("Async for loops are not supported in browser codegen; use await with an eagerly materialised iterable."));
            return;
        }
        let has_else = !f.orelse.is_empty();
        if has_else && !self.extended() {
            self.report(Code::LoopElse, f.range, "for/else is not supported in browser codegen.", Some("Rewrite the else branch as an explicit post-loop condition."));
        }
        let decl = self.locals.plan.loops.get(&f.range.start()).copied().unwrap_or(LoopDecl::Const);
        let flag = (has_else && self.extended()).then(|| self.temp("__spragBroke"));
        let body_stmts = self.block(&f.body);
        let mut loop_stmt = None;
        // `for i in range(...)` with a name target becomes a counting loop.
        if let (Expr::Call(call), Expr::Name(target)) = (&*f.iter, &*f.target)
            && matches!(&*call.func, Expr::Name(n) if n.id.as_str() == "range") && call.arguments.keywords.is_empty() && (1..=3).contains(&call.arguments.args.len()) {
                loop_stmt = Some(self.range_loop(target, call, decl, body_stmts.clone(), sp));
            }
        let loop_stmt = match loop_stmt {
            Some(s) => s,
            None => {
                let iter_ty = self.type_of(&f.iter);
                let mut iter = self.expr(&f.iter);
                if iter_ty == Some(PyType::Dict) {
                    self.warn(Code::ReferenceDictMethod, f.iter.range(), "sprag build 0.1.24 iterates a dict with `for...of`, which throws for plain objects. spragc iterates its keys, as Python does.");
                    iter = b::call(b::member(b::ident("Object", sp), "keys", sp), vec![iter], sp);
                }
                let (pattern, _) = self.target_pattern(&f.target);
                let head = match decl {
                    LoopDecl::Const | LoopDecl::Let => js::ForHead::VarDecl(Box::new(b::var_decl(
                        if decl == LoopDecl::Const { VarDeclKind::Const } else { VarDeclKind::Let },
                        pattern,
                        None,
                        sp,
                    ))),
                    LoopDecl::Assign => js::ForHead::Pat(Box::new(pattern)),
                };
                js::Stmt::ForOf(js::ForOfStmt { span: sp, is_await: false, left: head, right: iter, body: Box::new(js::Stmt::Block(b::block(body_stmts, sp))) })
            }
        };
        self.finish_loop_else(flag, loop_stmt, &f.orelse, sp, out);
    }

    /// `for i in range(a, b, step)` -> `for (let i = a; i < b; i += step)`.
    fn range_loop(&mut self, target: &py::ExprName, call: &py::ExprCall, decl: LoopDecl, body: Vec<js::Stmt>, sp: Span) -> js::Stmt {
        let name = target.id.as_str();
        let tsp = b::span(target.range);
        let args: Vec<Box<js::Expr>> = call.arguments.args.iter().map(|a| self.expr(a)).collect();
        let (start, stop, step) = match args.len() {
            1 => (b::num(0.0, Some("0"), sp), args[0].clone(), None),
            2 => (args[0].clone(), args[1].clone(), None),
            _ => (args[0].clone(), args[1].clone(), Some(args[2].clone())),
        };
        let step_sign = call.arguments.args.get(2).map(|s| match crate::project::Literal::eval(s) {
            Some(crate::project::Literal::Int(i)) => i.signum(),
            Some(crate::project::Literal::Float(f)) => f.signum() as i64,
            _ => 0,
        });
        let cmp_op = if step_sign == Some(-1) { BinaryOp::Gt } else { BinaryOp::Lt };
        if step_sign == Some(-1) {
            self.warn(Code::ReferenceRangeStep, call.range(), "sprag build 0.1.24 compiles a counting-down range to a `<` loop that never runs. spragc counts down with `>`.");
        }
        let test = match (step_sign, &step) {
            (Some(0), Some(s)) => {
                // Unknown sign: pick the comparison at run time.
                let up = b::bin(BinaryOp::Lt, b::ident(name, tsp), stop.clone(), sp);
                let down = b::bin(BinaryOp::Gt, b::ident(name, tsp), stop, sp);
                b::cond(b::bin(BinaryOp::Gt, s.clone(), b::num(0.0, Some("0"), sp), sp), up, down, sp)
            }
            _ => b::bin(cmp_op, b::ident(name, tsp), stop, sp),
        };
        let update = match step {
            None => Box::new(js::Expr::Update(js::UpdateExpr { span: sp, op: js::UpdateOp::PlusPlus, prefix: false, arg: b::ident(name, tsp) })),
            Some(s) => b::assign(AssignOp::AddAssign, b::ident_target(name, tsp), s, sp),
        };
        let init = match decl {
            LoopDecl::Assign => js::VarDeclOrExpr::Expr(b::assign(AssignOp::Assign, b::ident_target(name, tsp), start, sp)),
            _ => js::VarDeclOrExpr::VarDecl(Box::new(b::var_decl(VarDeclKind::Let, b::pat(name, tsp), Some(start), sp))),
        };
        js::Stmt::For(js::ForStmt { span: sp, init: Some(init), test: Some(test), update: Some(update), body: Box::new(js::Stmt::Block(b::block(body, sp))) })
    }

    fn while_stmt(&mut self, w: &py::StmtWhile, out: &mut Vec<js::Stmt>) {
        let sp = b::span(w.range);
        let has_else = !w.orelse.is_empty();
        if has_else && !self.extended() {
            self.report(Code::LoopElse, w.range, "while/else is not supported in browser codegen.", Some("Rewrite the else branch as an explicit post-loop condition."));
        }
        let test = self.test(&w.test);
        let flag = (has_else && self.extended()).then(|| self.temp("__spragBroke"));
        let body = self.block(&w.body);
        let stmt = js::Stmt::While(js::WhileStmt { span: sp, test, body: Box::new(js::Stmt::Block(b::block(body, sp))) });
        self.finish_loop_else(flag, stmt, &w.orelse, sp, out);
    }

    /// Emit a loop, and for `extended` loop-`else` the flag around it.
    fn finish_loop_else(&mut self, flag: Option<String>, mut loop_stmt: js::Stmt, orelse: &[Stmt], sp: Span, out: &mut Vec<js::Stmt>) {
        let Some(flag) = flag else {
            out.push(loop_stmt);
            return;
        };
        set_flag_before_breaks(&mut loop_stmt, &flag, 0);
        out.push(b::var(VarDeclKind::Let, b::pat(&flag, sp), Some(b::bool_lit(false, sp)), sp));
        out.push(loop_stmt);
        let else_body = self.block(orelse);
        out.push(b::if_stmt(b::not(b::ident(&flag, sp), sp), else_body, None, sp));
    }

    fn try_stmt(&mut self, t: &py::StmtTry, out: &mut Vec<js::Stmt>) {
        let sp = b::span(t.range);
        if !t.orelse.is_empty() && !self.extended() {
            self.report(Code::TryElse, t.range, "try/else is not supported in browser codegen.", Some("Move the else branch after the try block and guard it explicitly."));
        }
        if t.is_star {
            self.report(Code::UnsupportedStatement, t.range, "Unsupported statement in browser codegen: TryStar.", None);
        }
        let mut body = self.block(&t.body);
        let else_flag = (!t.orelse.is_empty() && self.extended()).then(|| self.temp("__spragTryOk"));
        if let Some(flag) = &else_flag {
            body.push(b::expr_stmt(b::assign(AssignOp::Assign, b::ident_target(flag, sp), b::bool_lit(true, sp), sp), sp));
        }
        let handler = self.handlers(&t.handlers);
        let finalizer = (!t.finalbody.is_empty()).then(|| b::block(self.block(&t.finalbody), sp));
        if let Some(flag) = &else_flag {
            out.push(b::var(VarDeclKind::Let, b::pat(flag, sp), Some(b::bool_lit(false, sp)), sp));
        }
        let handler = match (handler, &finalizer) {
            (None, None) => Some(js::CatchClause { span: sp, param: None, body: b::block(vec![], sp) }),
            (h, _) => h,
        };
        out.push(js::Stmt::Try(Box::new(js::TryStmt { span: sp, block: b::block(body, sp), handler, finalizer })));
        if let Some(flag) = else_flag {
            let else_body = self.block(&t.orelse);
            out.push(b::if_stmt(b::ident(&flag, sp), else_body, None, sp));
        }
    }

    /// `except` clauses -> one `catch`. One clause is the reference's shape; several
    /// become an `if` chain (the reference emits several `catch` blocks: a SyntaxError).
    fn handlers(&mut self, handlers: &[py::ExceptHandler]) -> Option<js::CatchClause> {
        let first = handlers.first()?;
        let py::ExceptHandler::ExceptHandler(h0) = first;
        let sp = b::span(h0.range);
        if handlers.len() == 1 {
            let name = h0.name.as_ref().map(|n| n.to_string()).unwrap_or_else(|| "e".to_string());
            if let Some(ty) = &h0.type_ {
                let _ = self.expr_checked_only(ty);
            }
            let body = self.in_arrow(vec![name.clone()], |l| l.block(&h0.body));
            return Some(js::CatchClause { span: sp, param: Some(b::pat(&name, sp)), body: b::block(body, sp) });
        }
        let range = TextRange::new(h0.range.start(), handlers.last().map(|h| h.range().end()).unwrap_or(h0.range.end()));
        self.warn(Code::ReferenceMultipleExcept, range, "sprag build 0.1.24 emits one `catch` block per except clause, which is a JavaScript SyntaxError. spragc emits one `catch` that picks the clause.");
        let caught = "__spragCaught";
        let mut chain: Option<js::Stmt> = None;
        for h in handlers.iter().rev() {
            let py::ExceptHandler::ExceptHandler(h) = h;
            let hsp = b::span(h.range);
            let name = h.name.as_ref().map(|n| n.to_string());
            let mut body = Vec::new();
            let scope_names: Vec<String> = name.iter().cloned().collect();
            if let Some(n) = &name {
                body.push(b::var(VarDeclKind::Const, b::pat(n, hsp), Some(b::ident(caught, hsp)), hsp));
            }
            body.extend(self.in_arrow(scope_names, |l| l.block(&h.body)));
            let test = h.type_.as_ref().and_then(|t| self.exception_test(t, caught));
            chain = Some(match test {
                None => js::Stmt::Block(b::block(body, hsp)),
                Some(test) => b::if_stmt(test, body, chain.or_else(|| Some(b::throw(b::ident(caught, hsp), hsp))), hsp),
            });
        }
        Some(js::CatchClause { span: sp, param: Some(b::pat(caught, sp)), body: b::block(chain.into_iter().collect(), sp) })
    }

    /// Lower an expression only for its diagnostics and uses.
    fn expr_checked_only(&mut self, e: &Expr) -> Box<js::Expr> {
        let saved = self.used.clone();
        let out = self.expr(e);
        self.used = saved;
        out
    }

    /// JavaScript test for `except T`: `None` catches everything (bare `except`,
    /// `Exception`), `Some(false)` never matches (Python exceptions JavaScript never
    /// throws, like `ValueError`), otherwise an `instanceof` test.
    fn exception_test(&mut self, ty: &Expr, caught: &str) -> Option<Box<js::Expr>> {
        let sp = b::span(ty.range());
        let names: Vec<&Expr> = match ty {
            Expr::Tuple(t) => t.elts.iter().collect(),
            other => vec![other],
        };
        let mut tests = Vec::new();
        for n in names {
            let js_class = match n {
                Expr::Name(n) => match n.id.as_str() {
                    "Exception" | "BaseException" => return None,
                    "TypeError" | "AttributeError" => Some("TypeError"),
                    "NameError" | "UnboundLocalError" => Some("ReferenceError"),
                    "RecursionError" => Some("RangeError"),
                    "SyntaxError" | "RangeError" | "ReferenceError" | "EvalError" | "URIError" | "AggregateError" => Some(n.id.as_str()),
                    other if PYTHON_ONLY_EXCEPTIONS.contains(&other) => None,
                    other => {
                        let _ = other;
                        let class = self.expr(&Expr::Name(n.clone()));
                        tests.push(b::bin(BinaryOp::InstanceOf, b::ident(caught, sp), class, sp));
                        continue;
                    }
                },
                other => {
                    let class = self.expr(other);
                    tests.push(b::bin(BinaryOp::InstanceOf, b::ident(caught, sp), class, sp));
                    continue;
                }
            };
            if let Some(js_class) = js_class {
                tests.push(b::bin(BinaryOp::InstanceOf, b::ident(caught, sp), b::ident(js_class, sp), sp));
            }
        }
        let mut it = tests.into_iter();
        let first = it.next().unwrap_or_else(|| b::bool_lit(false, sp));
        Some(it.fold(first, |acc, t| b::bin(BinaryOp::LogicalOr, acc, t, sp)))
    }

    /// Parameter patterns and names, skipping the first `skip` (for `self`).
    pub fn params(&mut self, p: &py::Parameters, skip: usize) -> (Vec<js::Pat>, Vec<String>) {
        let mut pats = Vec::new();
        let mut names = Vec::new();
        self.param_types.clear();
        for param in p.posonlyargs.iter().chain(p.args.iter()).skip(skip) {
            let name = param.parameter.name.as_str();
            names.push(name.to_string());
            if let Some(t) = param.parameter.annotation.as_deref().and_then(super::types::from_annotation) {
                self.param_types.push((name.to_string(), t));
            }
            pats.push(self.param_pat(param));
        }
        if let Some(v) = &p.vararg {
            names.push(v.name.to_string());
            pats.push(b::rest_pat(v.name.as_str(), b::span(v.range)));
        }
        if let Some(k) = &p.kwarg {
            let name = k.name.as_str();
            self.report(
                Code::KwargsUnpack,
                k.range,
                format!("`**{name}` parameter is not supported in browser codegen — accept a single dict argument instead."),
                Some("Accept a single dict argument and call with `f({...})`."),
            );
        }
        // Keyword-only parameters become trailing positional ones (keyword calls to the
        // class's own methods are placed by name, see `call.rs`).
        for k in p.kwonlyargs.iter() {
            names.push(k.parameter.name.to_string());
            pats.push(self.param_pat(k));
        }
        (pats, names)
    }

    /// `name` or `name = default`.
    fn param_pat(&mut self, param: &py::ParameterWithDefault) -> js::Pat {
        let name = param.parameter.name.as_str();
        let psp = b::span(param.parameter.name.range);
        match &param.default {
            Some(d) => {
                let d = self.expr(d);
                b::default_pat(name, d, psp)
            }
            None => b::pat(name, psp),
        }
    }

    /// `match` (extended): the reference's lowering to `if` blocks with a matched flag.
    fn match_stmt(&mut self, m: &py::StmtMatch, out: &mut Vec<js::Stmt>) {
        let sp = b::span(m.range);
        let n = self.temp_counter;
        self.temp_counter += 1;
        let subject_name = format!("__spragMatch{n}");
        let matched = format!("__spragMatched{n}");
        let subject = self.expr(&m.subject);
        out.push(b::var(VarDeclKind::Const, b::pat(&subject_name, sp), Some(subject), sp));
        out.push(b::var(VarDeclKind::Let, b::pat(&matched, sp), Some(b::bool_lit(false, sp)), sp));
        for case in &m.cases {
            let csp = b::span(case.range);
            let mut bindings = Vec::new();
            let test = self.pattern_test(&case.pattern, b::ident(&subject_name, csp), &mut bindings);
            let mut inner = Vec::new();
            for (name, value) in bindings {
                let stmt = self.bind_pattern_name(&name, value, case.range);
                inner.push(stmt);
            }
            let mut body = vec![b::expr_stmt(b::assign(AssignOp::Assign, b::ident_target(&matched, csp), b::bool_lit(true, csp), csp), csp)];
            body.extend(self.block(&case.body));
            match &case.guard {
                Some(g) => {
                    let g = self.test(g);
                    inner.push(b::if_stmt(g, body, None, csp));
                }
                None => inner.extend(body),
            }
            let case_if = b::if_stmt(test, inner, None, csp);
            out.push(b::if_stmt(b::not(b::ident(&matched, csp), csp), vec![case_if], None, csp));
        }
    }

    fn bind_pattern_name(&mut self, name: &str, value: Box<js::Expr>, range: TextRange) -> js::Stmt {
        let sp = b::span(range);
        if self.is_local(name) {
            b::expr_stmt(b::assign(AssignOp::Assign, b::ident_target(name, sp), value, sp), sp)
        } else {
            self.locals.declared.insert(name.to_string());
            b::var(VarDeclKind::Let, b::pat(name, sp), Some(value), sp)
        }
    }

    fn pattern_test(&mut self, p: &py::Pattern, subject: Box<js::Expr>, bindings: &mut Vec<(String, Box<js::Expr>)>) -> Box<js::Expr> {
        use py::Pattern as P;
        let sp = b::span(p.range());
        let all = |tests: Vec<Box<js::Expr>>| {
            let mut it = tests.into_iter();
            let first = it.next().unwrap_or_else(|| b::bool_lit(true, sp));
            it.fold(first, |acc, t| b::bin(BinaryOp::LogicalAnd, acc, t, sp))
        };
        match p {
            P::MatchAs(m) => {
                let test = match &m.pattern {
                    Some(inner) => self.pattern_test(inner, subject.clone(), bindings),
                    None => b::bool_lit(true, sp),
                };
                if let Some(name) = &m.name {
                    bindings.push((name.to_string(), subject));
                }
                test
            }
            P::MatchValue(v) => {
                let value = self.expr(&v.value);
                b::bin(BinaryOp::EqEqEq, subject, value, sp)
            }
            P::MatchSingleton(s) => {
                let value = match s.value {
                    py::Singleton::None => b::null(sp),
                    py::Singleton::True => b::bool_lit(true, sp),
                    py::Singleton::False => b::bool_lit(false, sp),
                };
                b::bin(BinaryOp::EqEqEq, subject, value, sp)
            }
            P::MatchSequence(s) => {
                if s.patterns.iter().any(|p| matches!(p, P::MatchStar(_))) {
                    self.report(Code::UnsupportedPattern, s.range, "match/case sequence star patterns are not supported in browser codegen yet.", None);
                    return b::bool_lit(false, sp);
                }
                let mut tests = vec![
                    b::call(b::member(b::ident("Array", sp), "isArray", sp), vec![subject.clone()], sp),
                    b::bin(BinaryOp::EqEqEq, b::member(subject.clone(), "length", sp), b::num(s.patterns.len() as f64, None, sp), sp),
                ];
                for (i, item) in s.patterns.iter().enumerate() {
                    let item_subject = b::index(subject.clone(), b::num(i as f64, None, sp), sp);
                    tests.push(b::paren(self.pattern_test(item, item_subject, bindings)));
                }
                all(tests)
            }
            P::MatchMapping(m) => {
                if m.rest.is_some() {
                    self.report(Code::UnsupportedPattern, m.range, "match/case mapping rest patterns (`**rest`) are not supported in browser codegen yet.", None);
                    return b::bool_lit(false, sp);
                }
                let mut tests = vec![
                    b::bin(BinaryOp::NotEq, subject.clone(), b::null(sp), sp),
                    b::bin(BinaryOp::EqEqEq, b::unary(js::UnaryOp::TypeOf, subject.clone(), sp), b::str_lit("object", sp), sp),
                    b::not(b::call(b::member(b::ident("Array", sp), "isArray", sp), vec![subject.clone()], sp), sp),
                ];
                for (key, value) in m.keys.iter().zip(m.patterns.iter()) {
                    let k = self.expr(key);
                    let has = b::call(
                        b::member(b::member(b::member(b::ident("Object", sp), "prototype", sp), "hasOwnProperty", sp), "call", sp),
                        vec![subject.clone(), k.clone()],
                        sp,
                    );
                    tests.push(has);
                    let item_subject = b::index(subject.clone(), k, sp);
                    tests.push(b::paren(self.pattern_test(value, item_subject, bindings)));
                }
                all(tests)
            }
            P::MatchOr(o) => {
                let mut tests = Vec::new();
                for option in &o.patterns {
                    let mut inner = Vec::new();
                    let t = self.pattern_test(option, subject.clone(), &mut inner);
                    if !inner.is_empty() {
                        self.report(Code::UnsupportedPattern, option.range(), "match/case OR patterns with bindings are not supported in browser codegen yet.", None);
                    }
                    tests.push(b::paren(t));
                }
                let mut it = tests.into_iter();
                let first = it.next().unwrap_or_else(|| b::bool_lit(false, sp));
                it.fold(first, |acc, t| b::bin(BinaryOp::LogicalOr, acc, t, sp))
            }
            P::MatchClass(c) => {
                self.report(Code::UnsupportedPattern, c.range, "match/case class patterns are not supported in browser codegen yet.", None);
                b::bool_lit(false, sp)
            }
            P::MatchStar(s) => {
                self.report(Code::UnsupportedPattern, s.range, "match/case star patterns are not supported in browser codegen yet.", None);
                b::bool_lit(false, sp)
            }
        }
    }
}

/// Insert `flag = true;` before every `break` that leaves this loop (not nested ones).
fn set_flag_before_breaks(stmt: &mut js::Stmt, flag: &str, depth: usize) {
    fn walk(stmts: &mut Vec<js::Stmt>, flag: &str, depth: usize) {
        let mut i = 0;
        while i < stmts.len() {
            if matches!(stmts[i], js::Stmt::Break(js::BreakStmt { label: None, .. })) && depth == 1 {
                let sp = swc_common::DUMMY_SP;
                stmts.insert(i, b::expr_stmt(b::assign(AssignOp::Assign, b::ident_target(flag, sp), b::bool_lit(true, sp), sp), sp));
                i += 2;
                continue;
            }
            set_flag_before_breaks(&mut stmts[i], flag, depth);
            i += 1;
        }
    }
    match stmt {
        js::Stmt::For(f) if depth == 0 => set_flag_before_breaks(&mut f.body, flag, 1),
        js::Stmt::ForOf(f) if depth == 0 => set_flag_before_breaks(&mut f.body, flag, 1),
        js::Stmt::While(w) if depth == 0 => set_flag_before_breaks(&mut w.body, flag, 1),
        js::Stmt::For(_) | js::Stmt::ForOf(_) | js::Stmt::While(_) | js::Stmt::ForIn(_) | js::Stmt::DoWhile(_) => {}
        js::Stmt::Block(blk) => walk(&mut blk.stmts, flag, depth),
        js::Stmt::If(i) => {
            set_flag_before_breaks(&mut i.cons, flag, depth);
            if let Some(alt) = &mut i.alt {
                set_flag_before_breaks(alt, flag, depth);
            }
        }
        js::Stmt::Try(t) => {
            walk(&mut t.block.stmts, flag, depth);
            if let Some(h) = &mut t.handler {
                walk(&mut h.body.stmts, flag, depth);
            }
            if let Some(f) = &mut t.finalizer {
                walk(&mut f.stmts, flag, depth);
            }
        }
        _ => {}
    }
}

/// Python exceptions that compiled browser code never throws, so `except` clauses naming
/// them cannot match a JavaScript error.
const PYTHON_ONLY_EXCEPTIONS: &[&str] = &[
    "ValueError", "KeyError", "IndexError", "LookupError", "ZeroDivisionError", "ArithmeticError", "OverflowError",
    "StopIteration", "AssertionError", "NotImplementedError", "RuntimeError", "OSError", "IOError", "FileNotFoundError",
    "PermissionError", "UnicodeError", "UnicodeDecodeError", "UnicodeEncodeError", "ImportError", "ModuleNotFoundError",
    "TimeoutError", "ConnectionError", "KeyboardInterrupt", "SystemExit", "GeneratorExit", "FloatingPointError",
];

fn is_self_state(e: &Expr) -> bool {
    matches!(e, Expr::Attribute(a) if a.attr.as_str() == "state" && matches!(&*a.value, Expr::Name(n) if n.id.as_str() == "self"))
}

fn operator_name(op: py::Operator) -> &'static str {
    use py::Operator as O;
    match op {
        O::FloorDiv => "FloorDiv",
        O::Pow => "Pow",
        O::LShift => "LShift",
        O::RShift => "RShift",
        O::BitAnd => "BitAnd",
        O::BitXor => "BitXor",
        O::MatMult => "MatMult",
        _ => "operator",
    }
}

/// The reference's name for a statement kind, and its hint.
pub fn statement_name(s: &Stmt) -> (&'static str, Option<&'static str>) {
    match s {
        Stmt::With(w) if w.is_async => ("AsyncWith", Some("Python `async with` statements cannot be compiled to JavaScript. Acquire the resource in on_start() and release it in on_stop() or via self.add_cleanup(fn), or use try/finally for inline scope.")),
        Stmt::With(_) => ("With", Some("Python `with` statements cannot be compiled to JavaScript. Acquire the resource in on_start() and release it in on_stop() or via self.add_cleanup(fn), or use try/finally for inline scope.")),
        Stmt::Delete(_) => ("Delete", Some("Assign a replacement value explicitly, or use a store/path helper such as store.delete(...).")),
        Stmt::Assert(_) => ("Assert", Some("Use an explicit if check and handle the failure path directly.")),
        Stmt::Import(_) => ("Import", Some("Move imports to module scope.")),
        Stmt::ImportFrom(_) => ("ImportFrom", Some("Move imports to module scope.")),
        Stmt::FunctionDef(f) if f.is_async => ("AsyncFunctionDef", Some("Lift nested async functions to module scope.")),
        Stmt::FunctionDef(_) => ("FunctionDef", Some("Lift nested functions to module scope or rewrite them as lambdas when possible.")),
        Stmt::ClassDef(_) => ("ClassDef", Some("Lift nested classes to module scope.")),
        Stmt::Raise(_) => ("Raise", Some("Use explicit error handling patterns; raise is not supported in browser codegen.")),
        Stmt::Global(_) => ("Global", Some("Browser methods do not support global declarations; pass values through state or arguments.")),
        Stmt::Nonlocal(_) => ("Nonlocal", Some("Browser methods do not support nonlocal declarations; use state or closures instead.")),
        Stmt::Match(_) => ("Match", Some("Rewrite match/case as if/elif, or compile with the `extended` option.")),
        Stmt::TypeAlias(_) => ("TypeAlias", None),
        _ => ("statement", None),
    }
}
