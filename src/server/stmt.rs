//! Server-target statements, functions and classes.

use ruff_python_ast::{self as py, Expr, Stmt};
use ruff_text_size::Ranged;
use swc_common::Span;
use swc_ecma_ast::{self as js, AssignOp, BinaryOp};

use super::expr::{awaited, inplace_name};
use super::{js_name, scope, Lowerer};
use crate::diagnostics::Code;
use crate::lower::build as b;

/// Builtin annotations kept in a signature (`derive=True` actions build their Schema from them).
const ANNOTATION_TYPES: &[&str] = &["int", "float", "str", "bool", "list", "dict"];

impl Lowerer<'_> {
    /// `$py.def(async function $f(...$args) { [const self = this;] let [..] = $py.bind($args, $f.__sig__); body }, sig)`.
    /// `self_name` is the method's first parameter, bound to `this` and left out of the signature.
    pub fn function(&mut self, name: &str, params: &py::Parameters, self_name: Option<&str>, sp: Span, body: impl FnOnce(&mut Self) -> Vec<js::Stmt>) -> Box<js::Expr> {
        let sig = self.signature(name, params, self_name.is_some(), sp);
        let mut param_names: Vec<String> = Vec::new();
        let all: Vec<&py::ParameterWithDefault> = params.posonlyargs.iter().chain(params.args.iter()).collect();
        let skip = usize::from(self_name.is_some());
        param_names.extend(all.iter().skip(skip).map(|p| p.parameter.name.to_string()));
        if let Some(v) = &params.vararg {
            param_names.push(v.name.to_string());
        }
        param_names.extend(params.kwonlyargs.iter().map(|p| p.parameter.name.to_string()));
        if let Some(v) = &params.kwarg {
            param_names.push(v.name.to_string());
        }
        // The function's scope: parameters, `self`, and every name its body binds.
        let saved_temps = self.next_temp;
        self.temps.push(Vec::new());
        let saved_loops = std::mem::take(&mut self.loops);
        let mut scope_names: std::collections::BTreeSet<String> = param_names.iter().cloned().collect();
        if let Some(s) = self_name {
            scope_names.insert(s.to_string());
        }
        self.scopes.push(scope_names);
        let mut stmts = body(self);
        let locals_extra: Vec<String> = self.scopes.pop().map(|s| s.into_iter().filter(|n| !param_names.contains(n) && Some(n.as_str()) != self_name).map(|n| js_name(&n)).collect()).unwrap_or_default();
        let temps = self.temps.pop().unwrap_or_default();
        self.loops = saved_loops;
        self.next_temp = saved_temps.max(self.next_temp);

        let mut prologue = Vec::new();
        if let Some(s) = self_name {
            prologue.push(b::var(js::VarDeclKind::Const, b::pat(&js_name(s), sp), Some(b::this(sp)), sp));
        }
        if !param_names.is_empty() {
            let pats = param_names.iter().map(|n| b::pat(&js_name(n), sp)).collect();
            let bind = self.rt_call("bind", vec![b::ident("$args", sp), b::member(b::ident("$f", sp), "__sig__", sp)], sp);
            prologue.push(b::var(js::VarDeclKind::Let, b::array_pat(pats, sp), Some(bind), sp));
        } else {
            // Still check that no argument was passed.
            let bind = self.rt_call("bind", vec![b::ident("$args", sp), b::member(b::ident("$f", sp), "__sig__", sp)], sp);
            prologue.push(b::expr_stmt(bind, sp));
        }
        let mut declared: Vec<String> = locals_extra;
        declared.extend(temps);
        if !declared.is_empty() {
            prologue.push(b::let_many(&declared, sp));
        }
        prologue.append(&mut stmts);
        let mut function = b::function(vec![b::rest_pat("$args", sp)], prologue, true, sp);
        function.span = sp;
        let fn_expr = Box::new(js::Expr::Fn(js::FnExpr { ident: Some(b::id("$f", sp)), function: Box::new(function) }));
        self.rt_call("def", vec![fn_expr, sig], sp)
    }

    /// The signature object of the calling convention.
    fn signature(&mut self, name: &str, params: &py::Parameters, is_method: bool, sp: Span) -> Box<js::Expr> {
        let positional: Vec<&py::ParameterWithDefault> = params.posonlyargs.iter().chain(params.args.iter()).skip(usize::from(is_method)).collect();
        let mut defaults = Vec::new();
        let mut annotations = Vec::new();
        for p in &positional {
            if let Some(d) = &p.default {
                let v = self.expr(d);
                defaults.push(b::prop_str(p.parameter.name.as_str(), v, sp));
            }
            self.annotation(&p.parameter, &mut annotations, sp);
        }
        let mut kwdefaults = Vec::new();
        for p in &params.kwonlyargs {
            if let Some(d) = &p.default {
                let v = self.expr(d);
                kwdefaults.push(b::prop_str(p.parameter.name.as_str(), v, sp));
            }
            self.annotation(&p.parameter, &mut annotations, sp);
        }
        let names = |ps: &[&py::ParameterWithDefault]| b::array_of(ps.iter().map(|p| b::str_lit(p.parameter.name.as_str(), sp)).collect(), sp);
        let kwonly: Vec<&py::ParameterWithDefault> = params.kwonlyargs.iter().collect();
        let opt_name = |p: &Option<Box<py::Parameter>>| p.as_ref().map(|p| b::str_lit(p.name.as_str(), sp)).unwrap_or_else(|| b::null(sp));
        b::object(
            vec![
                b::prop_ident("name", b::str_lit(name, sp), sp),
                b::prop_ident("params", names(&positional), sp),
                b::prop_ident("defaults", b::object(defaults, sp), sp),
                b::prop_ident("varargs", opt_name(&params.vararg), sp),
                b::prop_ident("kwonly", names(&kwonly), sp),
                b::prop_ident("kwdefaults", b::object(kwdefaults, sp), sp),
                b::prop_ident("varkw", opt_name(&params.kwarg), sp),
                b::prop_ident("annotations", b::object(annotations, sp), sp),
            ],
            sp,
        )
    }

    fn annotation(&mut self, p: &py::Parameter, out: &mut Vec<js::PropOrSpread>, sp: Span) {
        if let Some(Expr::Name(n)) = p.annotation.as_deref()
            && ANNOTATION_TYPES.contains(&n.id.as_str()) && !self.is_bound(n.id.as_str()) {
                out.push(b::prop_str(p.name.as_str(), b::member(b::ident("$b", sp), n.id.as_str(), sp), sp));
            }
    }

    /// The statements of a function body, with the body's own bindings added to its scope.
    pub fn body(&mut self, stmts: &[Stmt]) -> Vec<js::Stmt> {
        let binds = scope::bindings(stmts);
        if let Some(scope) = self.scopes.last_mut() {
            scope.extend(binds.locals().cloned());
        }
        let mut out = Vec::new();
        for s in stmts {
            self.stmt(s, &mut out);
        }
        out
    }

    fn suite(&mut self, stmts: &[Stmt]) -> Vec<js::Stmt> {
        let mut out = Vec::new();
        for s in stmts {
            self.stmt(s, &mut out);
        }
        out
    }

    pub fn stmt(&mut self, s: &Stmt, out: &mut Vec<js::Stmt>) {
        let sp = b::span(s.range());
        match s {
            Stmt::Expr(e) => {
                if matches!(&*e.value, Expr::StringLiteral(_)) {
                    return; // docstring
                }
                let v = self.expr(&e.value);
                out.push(b::expr_stmt(v, sp));
            }
            Stmt::Assign(a) => {
                let value = self.expr(&a.value);
                if a.targets.len() == 1 {
                    out.extend(self.assign_target(&a.targets[0], value, sp));
                } else {
                    let t = self.temp();
                    out.push(b::expr_stmt(b::assign(AssignOp::Assign, b::ident_target(&t, sp), value, sp), sp));
                    for target in &a.targets {
                        out.extend(self.assign_target(target, b::ident(&t, sp), sp));
                    }
                }
            }
            Stmt::AnnAssign(a) => {
                if let Some(v) = &a.value {
                    let value = self.expr(v);
                    out.extend(self.assign_target(&a.target, value, sp));
                }
            }
            Stmt::AugAssign(a) => self.aug_assign(a, out),
            Stmt::Return(r) => {
                let v = r.value.as_ref().map(|v| self.expr(v)).unwrap_or_else(|| b::null(sp));
                out.push(b::ret(Some(v), sp));
            }
            Stmt::Pass(_) | Stmt::Global(_) | Stmt::Nonlocal(_) => {}
            Stmt::If(i) => {
                let test = self.expr(&i.test);
                let test = self.truthy(test, sp);
                let body = self.suite(&i.body);
                let mut alt: Option<js::Stmt> = None;
                for clause in i.elif_else_clauses.iter().rev() {
                    let body = self.suite(&clause.body);
                    alt = Some(match &clause.test {
                        None => js::Stmt::Block(b::block(body, sp)),
                        Some(t) => {
                            let t = self.expr(t);
                            let t = self.truthy(t, sp);
                            b::if_stmt(t, body, alt, sp)
                        }
                    });
                }
                out.push(b::if_stmt(test, body, alt, sp));
            }
            Stmt::While(w) => {
                let label = (!w.orelse.is_empty()).then(|| self.temp_local().replace("$v", "$loop"));
                self.loops.push(label.clone());
                let test = self.expr(&w.test);
                let test = self.truthy(test, sp);
                let body = self.suite(&w.body);
                self.loops.pop();
                let lp = js::Stmt::While(js::WhileStmt { span: sp, test, body: Box::new(js::Stmt::Block(b::block(body, sp))) });
                out.push(self.with_else(lp, label, &w.orelse, sp));
            }
            Stmt::For(f) => {
                if f.is_async {
                    self.report(Code::ServerUnsupported, f.range, "`async for` is not supported by the server target.", None);
                    return;
                }
                let label = (!f.orelse.is_empty()).then(|| self.temp_local().replace("$v", "$loop"));
                self.loops.push(label.clone());
                let iter = self.expr(&f.iter);
                let body = self.suite(&f.body);
                let mut lp = self.for_of(&f.target, iter, body, sp);
                self.loops.pop();
                let lp = lp.remove(0);
                out.push(self.with_else(lp, label, &f.orelse, sp));
            }
            Stmt::Break(_) => {
                let label = self.loops.last().cloned().flatten();
                out.push(js::Stmt::Break(js::BreakStmt { span: sp, label: label.map(|l| b::id(&l, sp)) }));
            }
            Stmt::Continue(_) => out.push(js::Stmt::Continue(js::ContinueStmt { span: sp, label: None })),
            Stmt::Raise(r) => self.raise(r, out),
            Stmt::Try(t) => self.try_stmt(t, out),
            Stmt::Assert(a) => {
                let test = self.expr(&a.test);
                let test = self.truthy(test, sp);
                let mut args = vec![b::arg(b::member(b::ident("$b", sp), "AssertionError", sp))];
                if let Some(m) = &a.msg {
                    args.push(b::arg(self.expr(m)));
                }
                let exc = awaited(b::call_spread(self.rt("call", sp), args, sp), sp);
                out.push(b::if_stmt(b::unary(js::UnaryOp::Bang, test, sp), vec![b::throw(exc, sp)], None, sp));
            }
            Stmt::Delete(d) => {
                for t in &d.targets {
                    match t {
                        Expr::Subscript(s) => {
                            let obj = self.expr(&s.value);
                            let key = self.expr(&s.slice);
                            out.push(b::expr_stmt(self.rt_call("delitem", vec![obj, key], sp), sp));
                        }
                        Expr::Attribute(a) => {
                            let obj = self.expr(&a.value);
                            out.push(b::expr_stmt(b::unary(js::UnaryOp::Delete, b::member(obj, a.attr.as_str(), sp), sp), sp));
                        }
                        Expr::Name(n) => out.push(b::expr_stmt(b::assign(AssignOp::Assign, b::ident_target(&js_name(n.id.as_str()), sp), b::undefined(sp), sp), sp)),
                        _ => self.report(Code::ServerUnsupported, t.range(), "The server target does not support this `del` target.", None),
                    }
                }
            }
            Stmt::FunctionDef(f) => {
                let value = self.def(f, None);
                out.push(b::expr_stmt(b::assign(AssignOp::Assign, b::ident_target(&js_name(f.name.as_str()), sp), value, sp), sp));
            }
            Stmt::ClassDef(c) => self.class(c, out),
            Stmt::Import(_) | Stmt::ImportFrom(_) => {
                self.report(Code::ServerUnsupported, s.range(), "Imports inside functions or blocks are not supported by the server target.", Some("Move the import to the top of the module."));
            }
            Stmt::With(w) => self.with_stmt(w, out),
            Stmt::Match(_) => self.report(Code::ServerUnsupported, s.range(), "The server target does not support `match` yet.", None),
            Stmt::TypeAlias(_) | Stmt::IpyEscapeCommand(_) => self.report(Code::ServerUnsupported, s.range(), "The server target does not support this statement.", None),
        }
    }

    /// `with a as x, b: body`: nested context managers, Python's protocol (`__exit__` gets the
    /// exception and may suppress it; it also runs on `return`/`break`).
    fn with_stmt(&mut self, w: &py::StmtWith, out: &mut Vec<js::Stmt>) {
        if w.is_async {
            self.report(Code::ServerUnsupported, w.range, "`async with` is not supported by the server target.", None);
            return;
        }
        let sp = b::span(w.range);
        let mut body = self.suite(&w.body);
        for item in w.items.iter().rev() {
            let isp = b::span(item.range);
            let manager = self.temp_local().replace("$v", "$m");
            let caught = self.temp_local().replace("$v", "$x");
            let raised = self.temp_local().replace("$v", "$r");
            let context = self.expr(&item.context_expr);
            let mut stmts = vec![b::var(js::VarDeclKind::Const, b::pat(&manager, isp), Some(context), isp)];
            let entered = awaited(self.rt_call("callm", vec![b::ident(&manager, isp), b::str_lit("__enter__", isp)], isp), isp);
            match &item.optional_vars {
                Some(target) => stmts.extend(self.assign_target(target, entered, isp)),
                None => stmts.push(b::expr_stmt(entered, isp)),
            }
            stmts.push(b::var(js::VarDeclKind::Let, b::pat(&raised, isp), Some(b::bool_lit(false, isp)), isp));
            // catch: __exit__(type, value, None); a falsy answer re-raises.
            let exc_type = b::call(b::member(b::ident("$b", isp), "type", isp), vec![b::ident(&caught, isp)], isp);
            let exit_with = awaited(self.rt_call("callm", vec![b::ident(&manager, isp), b::str_lit("__exit__", isp), exc_type, b::ident(&caught, isp), b::null(isp)], isp), isp);
            let suppressed = self.rt_call("truthy", vec![exit_with], isp);
            let handler = js::CatchClause {
                span: isp,
                param: Some(b::pat(&caught, isp)),
                body: b::block(
                    vec![
                        b::expr_stmt(b::assign(AssignOp::Assign, b::ident_target(&raised, isp), b::bool_lit(true, isp), isp), isp),
                        b::expr_stmt(b::assign(AssignOp::Assign, b::ident_target(&caught, isp), self.rt_call("pyerr", vec![b::ident(&caught, isp)], isp), isp), isp),
                        b::if_stmt(b::unary(js::UnaryOp::Bang, suppressed, isp), vec![b::throw(b::ident(&caught, isp), isp)], None, isp),
                    ],
                    isp,
                ),
            };
            // finally: __exit__(None, None, None) unless the catch already ran it.
            let exit_clean = awaited(self.rt_call("callm", vec![b::ident(&manager, isp), b::str_lit("__exit__", isp), b::null(isp), b::null(isp), b::null(isp)], isp), isp);
            let finalizer = b::block(vec![b::if_stmt(b::unary(js::UnaryOp::Bang, b::ident(&raised, isp), isp), vec![b::expr_stmt(exit_clean, isp)], None, isp)], isp);
            stmts.push(js::Stmt::Try(Box::new(js::TryStmt { span: isp, block: b::block(body, isp), handler: Some(handler), finalizer: Some(finalizer) })));
            body = vec![js::Stmt::Block(b::block(stmts, isp))];
        }
        let _ = sp;
        out.extend(body);
    }

    /// A loop with an `else`: `$loopN: { loop; else }` where `break` leaves the whole block.
    fn with_else(&mut self, lp: js::Stmt, label: Option<String>, orelse: &[Stmt], sp: Span) -> js::Stmt {
        let Some(label) = label else { return lp };
        let mut stmts = vec![lp];
        stmts.extend(self.suite(orelse));
        js::Stmt::Labeled(js::LabeledStmt { span: sp, label: b::id(&label, sp), body: Box::new(js::Stmt::Block(b::block(stmts, sp))) })
    }

    /// Assign `value` to a Python target: a name, attribute, subscript, slice or tuple.
    pub fn assign_target(&mut self, target: &Expr, value: Box<js::Expr>, sp: Span) -> Vec<js::Stmt> {
        match target {
            Expr::Name(n) => vec![b::expr_stmt(b::assign(AssignOp::Assign, b::ident_target(&js_name(n.id.as_str()), sp), value, sp), sp)],
            Expr::Attribute(a) => {
                let obj = self.expr(&a.value);
                vec![b::expr_stmt(self.rt_call("setattr", vec![obj, b::str_lit(a.attr.as_str(), sp), value], sp), sp)]
            }
            Expr::Subscript(s) => {
                let obj = self.expr(&s.value);
                match &*s.slice {
                    Expr::Slice(sl) => {
                        let mut args = vec![obj];
                        let bound = |x: &Option<Box<Expr>>, l: &mut Self| x.as_ref().map(|v| l.expr(v)).unwrap_or_else(|| b::null(sp));
                        args.push(bound(&sl.lower, self));
                        args.push(bound(&sl.upper, self));
                        args.push(bound(&sl.step, self));
                        args.push(value);
                        vec![b::expr_stmt(self.rt_call("setslice", args, sp), sp)]
                    }
                    key => {
                        let key = self.expr(key);
                        vec![b::expr_stmt(self.rt_call("setitem", vec![obj, key, value], sp), sp)]
                    }
                }
            }
            Expr::Tuple(t) => self.unpack(&t.elts, value, sp),
            Expr::List(t) => self.unpack(&t.elts, value, sp),
            _ => {
                self.report(Code::ServerUnsupported, target.range(), "The server target does not support this assignment target.", None);
                vec![]
            }
        }
    }

    fn unpack(&mut self, elts: &[Expr], value: Box<js::Expr>, sp: Span) -> Vec<js::Stmt> {
        if elts.iter().any(|e| matches!(e, Expr::Starred(_))) {
            self.report(Code::ServerUnsupported, elts[0].range(), "Starred unpacking (`a, *rest = xs`) is not supported by the server target yet.", None);
            return vec![];
        }
        let t = self.temp_local();
        let unpacked = self.rt_call("unpack", vec![value, b::num(elts.len() as f64, None, sp)], sp);
        let mut out = vec![b::var(js::VarDeclKind::Const, b::pat(&t, sp), Some(unpacked), sp)];
        for (i, e) in elts.iter().enumerate() {
            let item = b::index(b::ident(&t, sp), b::num(i as f64, None, sp), sp);
            out.extend(self.assign_target(e, item, sp));
        }
        // Wrap in a block so the temporary's `const` stays local.
        vec![js::Stmt::Block(b::block(out, sp))]
    }

    fn aug_assign(&mut self, a: &py::StmtAugAssign, out: &mut Vec<js::Stmt>) {
        let sp = b::span(a.range);
        let op = inplace_name(a.op);
        let value = self.expr(&a.value);
        match &*a.target {
            Expr::Name(n) => {
                let name = js_name(n.id.as_str());
                let current = self.load_name(n.id.as_str(), sp);
                let combined = self.rt_call(op, vec![current, value], sp);
                out.push(b::expr_stmt(b::assign(AssignOp::Assign, b::ident_target(&name, sp), combined, sp), sp));
            }
            Expr::Attribute(at) => {
                let obj = self.expr(&at.value);
                let t = self.temp();
                out.push(b::expr_stmt(b::assign(AssignOp::Assign, b::ident_target(&t, sp), obj, sp), sp));
                let attr = b::str_lit(at.attr.as_str(), sp);
                let current = self.rt_call("getattr", vec![b::ident(&t, sp), attr.clone()], sp);
                let combined = self.rt_call(op, vec![current, value], sp);
                out.push(b::expr_stmt(self.rt_call("setattr", vec![b::ident(&t, sp), attr, combined], sp), sp));
            }
            Expr::Subscript(s) if !matches!(&*s.slice, Expr::Slice(_)) => {
                let obj = self.expr(&s.value);
                let key = self.expr(&s.slice);
                let (to, tk) = (self.temp(), self.temp());
                out.push(b::expr_stmt(b::assign(AssignOp::Assign, b::ident_target(&to, sp), obj, sp), sp));
                out.push(b::expr_stmt(b::assign(AssignOp::Assign, b::ident_target(&tk, sp), key, sp), sp));
                let current = self.rt_call("getitem", vec![b::ident(&to, sp), b::ident(&tk, sp)], sp);
                let combined = self.rt_call(op, vec![current, value], sp);
                out.push(b::expr_stmt(self.rt_call("setitem", vec![b::ident(&to, sp), b::ident(&tk, sp), combined], sp), sp));
            }
            _ => self.report(Code::ServerUnsupported, a.target.range(), "The server target does not support this augmented assignment target.", None),
        }
    }

    fn raise(&mut self, r: &py::StmtRaise, out: &mut Vec<js::Stmt>) {
        let sp = b::span(r.range);
        let Some(exc) = &r.exc else {
            match self.caught.last() {
                Some(e) => out.push(b::throw(b::ident(e, sp), sp)),
                None => {
                    let args = vec![b::arg(b::member(b::ident("$b", sp), "RuntimeError", sp)), b::arg(b::str_lit("No active exception to reraise", sp))];
                    out.push(b::throw(awaited(b::call_spread(self.rt("call", sp), args, sp), sp), sp));
                }
            }
            return;
        };
        // `raise Cls` instantiates the class; `raise instance` throws it.
        let value = self.expr(exc);
        let t = self.temp();
        let set = b::paren(b::assign(AssignOp::Assign, b::ident_target(&t, sp), value, sp));
        let is_class = b::bin(BinaryOp::EqEqEq, b::unary(js::UnaryOp::TypeOf, set, sp), b::str_lit("function", sp), sp);
        let instantiate = awaited(self.rt_call("call", vec![b::ident(&t, sp)], sp), sp);
        out.push(b::throw(b::paren(b::cond(is_class, instantiate, b::ident(&t, sp), sp)), sp));
    }

    fn try_stmt(&mut self, t: &py::StmtTry, out: &mut Vec<js::Stmt>) {
        let sp = b::span(t.range);
        let mut body = self.suite(&t.body);
        let ok_flag = (!t.orelse.is_empty()).then(|| self.temp());
        if let Some(flag) = &ok_flag {
            out.push(b::expr_stmt(b::assign(AssignOp::Assign, b::ident_target(flag, sp), b::bool_lit(false, sp), sp), sp));
            body.push(b::expr_stmt(b::assign(AssignOp::Assign, b::ident_target(flag, sp), b::bool_lit(true, sp), sp), sp));
        }
        let handler = (!t.handlers.is_empty()).then(|| self.handlers(&t.handlers, sp));
        let orelse = ok_flag.map(|flag| {
            let body = self.suite(&t.orelse);
            b::if_stmt(b::ident(&flag, sp), body, None, sp)
        });
        let finalizer = (!t.finalbody.is_empty()).then(|| b::block(self.suite(&t.finalbody), sp));
        let inner = js::Stmt::Try(Box::new(js::TryStmt { span: sp, block: b::block(body, sp), handler, finalizer: if orelse.is_some() { None } else { finalizer.clone() } }));
        match orelse {
            None => out.push(inner),
            // try/except/else/finally: the else runs inside the finally's scope, outside the handlers'.
            Some(orelse) => match finalizer {
                None => {
                    out.push(inner);
                    out.push(orelse);
                }
                Some(fin) => out.push(js::Stmt::Try(Box::new(js::TryStmt { span: sp, block: b::block(vec![inner, orelse], sp), handler: None, finalizer: Some(fin) }))),
            },
        }
    }

    fn handlers(&mut self, handlers: &[py::ExceptHandler], sp: Span) -> js::CatchClause {
        let caught = self.temp_local().replace("$v", "$e");
        // The caught value becomes a Python exception (JS errors are mapped).
        let mut stmts = vec![b::expr_stmt(b::assign(AssignOp::Assign, b::ident_target(&caught, sp), self.rt_call("pyerr", vec![b::ident(&caught, sp)], sp), sp), sp)];
        self.caught.push(caught.clone());
        let mut chain: Option<js::Stmt> = Some(b::throw(b::ident(&caught, sp), sp));
        for h in handlers.iter().rev() {
            let py::ExceptHandler::ExceptHandler(h) = h;
            let hsp = b::span(h.range);
            let mut body = Vec::new();
            if let Some(name) = &h.name {
                body.push(b::expr_stmt(b::assign(AssignOp::Assign, b::ident_target(&js_name(name.as_str()), hsp), b::ident(&caught, hsp), hsp), hsp));
            }
            body.extend(self.suite(&h.body));
            chain = Some(match &h.type_ {
                None => js::Stmt::Block(b::block(body, hsp)),
                Some(ty) => {
                    let ty = self.expr(ty);
                    let test = self.rt_call("isinstance", vec![b::ident(&caught, hsp), ty], hsp);
                    b::if_stmt(test, body, chain, hsp)
                }
            });
        }
        self.caught.pop();
        stmts.extend(chain);
        js::CatchClause { span: sp, param: Some(b::pat(&caught, sp)), body: b::block(stmts, sp) }
    }

    /// A `def` as a value (decorators applied). `class` is the enclosing class for methods.
    pub fn def(&mut self, f: &py::StmtFunctionDef, class: Option<&str>) -> Box<js::Expr> {
        let sp = b::span(f.range);
        // `async def` compiles like `def`: every compiled function is asynchronous anyway.
        let decorators: Vec<&Expr> = f.decorator_list.iter().map(|d| &d.expression).collect();
        let is_static = decorators.iter().any(|d| matches!(d, Expr::Name(n) if n.id.as_str() == "staticmethod"));
        if decorators.iter().any(|d| matches!(d, Expr::Name(n) if n.id.as_str() == "property")) {
            self.report(Code::ServerUnsupported, f.range, "`@property` is not supported by the server target yet.", Some("Use a method call instead."));
        }
        let first = f.parameters.posonlyargs.iter().chain(f.parameters.args.iter()).next().map(|p| p.parameter.name.to_string());
        let self_name = if class.is_some() && !is_static { first } else { None };
        if let (Some(cls), Some(this)) = (class, &self_name) {
            self.classes.push((cls.to_string(), Some(this.clone())));
        }
        let body_stmts = &f.body;
        // A classmethod's first parameter is `this` too: the class when called on the class.
        let mut value = self.function(f.name.as_str(), &f.parameters, self_name.as_deref(), sp, |l| l.body(body_stmts));
        if class.is_some() && self_name.is_some() {
            self.classes.pop();
        }
        // Decorators apply bottom-up; staticmethod/classmethod only change `self` handling.
        for d in decorators.iter().rev() {
            if matches!(d, Expr::Name(n) if matches!(n.id.as_str(), "staticmethod" | "classmethod" | "property")) {
                continue;
            }
            let dec = self.expr(d);
            value = awaited(self.rt_call("call", vec![dec, value], sp), sp);
        }
        value
    }

    fn class(&mut self, c: &py::StmtClassDef, out: &mut Vec<js::Stmt>) {
        let sp = b::span(c.range);
        let name = js_name(c.name.as_str());
        let bases: Vec<&Expr> = c.arguments.as_ref().map(|a| a.args.iter().collect()).unwrap_or_default();
        if bases.len() > 1 {
            self.report(Code::ServerUnsupported, c.range, "Multiple inheritance is not supported by the server target.", None);
        }
        if c.arguments.as_ref().is_some_and(|a| !a.keywords.is_empty()) {
            self.report(Code::ServerUnsupported, c.range, "Class keywords (`metaclass=...`) are not supported by the server target.", None);
        }
        let base = match bases.first() {
            Some(e) => self.expr(e),
            None => self.rt("object", sp),
        };
        // `X = class X extends Base {}` (no constructor: instances are set up by `__init__`).
        let class_expr = Box::new(js::Expr::Class(js::ClassExpr {
            ident: Some(b::id(&name, sp)),
            class: Box::new(js::Class { span: sp, ctxt: Default::default(), decorators: vec![], body: vec![], super_class: Some(base), is_abstract: false, type_params: None, super_type_params: None, implements: vec![] }),
        }));
        out.push(b::expr_stmt(b::assign(AssignOp::Assign, b::ident_target(&name, sp), class_expr, sp), sp));
        // Members in body order (method decorators are applied to the member values).
        let mut members = Vec::new();
        for s in &c.body {
            let ssp = b::span(s.range());
            match s {
                Stmt::FunctionDef(f) => {
                    let value = self.def(f, Some(&name));
                    members.push(b::prop_str(f.name.as_str(), value, ssp));
                }
                Stmt::Assign(a) => match a.targets.as_slice() {
                    [Expr::Name(n)] => {
                        let v = self.expr(&a.value);
                        members.push(b::prop_str(n.id.as_str(), v, ssp));
                    }
                    _ => self.report(Code::ServerUnsupported, s.range(), "Only `name = value` assignments are supported in a class body.", None),
                },
                Stmt::AnnAssign(a) => {
                    if let (Expr::Name(n), Some(v)) = (&*a.target, &a.value) {
                        let v = self.expr(v);
                        members.push(b::prop_str(n.id.as_str(), v, ssp));
                    }
                }
                Stmt::Pass(_) => {}
                Stmt::Expr(e) if matches!(&*e.value, Expr::StringLiteral(_)) => {}
                _ => self.report(Code::ServerUnsupported, s.range(), "Only methods and attributes are supported in a class body.", None),
            }
        }
        out.push(b::expr_stmt(self.rt_call("klass", vec![b::ident(&name, sp), b::str_lit(c.name.as_str(), sp), b::object(members, sp)], sp), sp));
        for d in c.decorator_list.iter().rev() {
            let dec = self.expr(&d.expression);
            let applied = awaited(self.rt_call("call", vec![dec, b::ident(&name, sp)], sp), sp);
            out.push(b::expr_stmt(b::assign(AssignOp::Assign, b::ident_target(&name, sp), applied, sp), sp));
        }
    }
}
