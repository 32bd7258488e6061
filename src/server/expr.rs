//! Server-target expressions: Python semantics through the `$py` runtime.

use ruff_python_ast::{self as py, Expr, Operator};
use ruff_text_size::Ranged;
use swc_common::Span;
use swc_ecma_ast::{self as js, BinaryOp, UnaryOp};

use super::{js_name, Lowerer};
use crate::diagnostics::Code;
use crate::lower::build as b;

/// `await expr`.
pub fn awaited(expr: Box<js::Expr>, sp: Span) -> Box<js::Expr> {
    Box::new(js::Expr::Await(js::AwaitExpr { span: sp, arg: b::wrap_callee(expr) }))
}

/// `(async () => { stmts })()`, awaited: an expression that needs statements.
pub fn async_iife(stmts: Vec<js::Stmt>, sp: Span) -> Box<js::Expr> {
    let arrow = b::arrow_block(vec![], stmts, sp);
    let arrow = match *arrow {
        js::Expr::Arrow(mut a) => {
            a.is_async = true;
            Box::new(js::Expr::Arrow(a))
        }
        other => Box::new(other),
    };
    awaited(b::call(b::paren(arrow), vec![], sp), sp)
}

/// Builtin names compiled code may use (`$b.<name>`).
const BUILTINS: &[&str] = &[
    "len", "str", "int", "float", "bool", "list", "dict", "set", "frozenset", "tuple", "range", "enumerate", "zip", "sorted", "reversed", "min", "max", "sum", "any", "all", "abs",
    "round", "isinstance", "issubclass", "hasattr", "getattr", "setattr", "print", "repr", "map", "filter", "iter", "next", "id", "hash", "type", "callable", "divmod", "chr",
    "ord", "hex", "object", "Exception", "BaseException", "ValueError", "TypeError", "KeyError", "IndexError", "AttributeError", "RuntimeError", "NameError", "ZeroDivisionError",
    "StopIteration", "NotImplementedError", "LookupError", "ArithmeticError", "AssertionError", "PermissionError", "TimeoutError", "staticmethod", "classmethod", "super",
];

impl Lowerer<'_> {
    pub fn expr(&mut self, e: &Expr) -> Box<js::Expr> {
        let sp = b::span(e.range());
        match e {
            Expr::NoneLiteral(_) | Expr::EllipsisLiteral(_) => b::null(sp),
            Expr::BooleanLiteral(v) => b::bool_lit(v.value, sp),
            Expr::NumberLiteral(n) => match &n.value {
                py::Number::Int(i) => {
                    let text = i.to_string();
                    b::num(text.parse::<f64>().unwrap_or(f64::NAN), Some(&text), sp)
                }
                py::Number::Float(f) => b::num(*f, None, sp),
                py::Number::Complex { .. } => self.unsupported(e, "complex numbers"),
            },
            Expr::StringLiteral(s) => b::str_lit(s.value.to_str(), sp),
            Expr::BytesLiteral(_) => self.unsupported(e, "bytes literals"),
            Expr::FString(f) => self.fstring(f),
            Expr::Name(n) => self.load_name(n.id.as_str(), sp),
            Expr::Attribute(a) => {
                let obj = self.expr(&a.value);
                self.rt_call("getattr", vec![obj, b::str_lit(a.attr.as_str(), sp)], sp)
            }
            Expr::Subscript(s) => {
                let obj = self.expr(&s.value);
                match &*s.slice {
                    Expr::Slice(sl) => {
                        let mut args = vec![obj];
                        args.extend(self.slice_bounds(sl));
                        self.rt_call("getslice", args, sp)
                    }
                    key => {
                        let key = self.expr(key);
                        self.rt_call("getitem", vec![obj, key], sp)
                    }
                }
            }
            Expr::Call(c) => self.call(c),
            Expr::BinOp(o) => {
                let left = self.expr(&o.left);
                let right = self.expr(&o.right);
                let value = self.rt_call(binop_name(o.op), vec![left, right], sp);
                // `"%s" % x` may call a user `__str__` (async): awaited.
                if o.op == Operator::Mod { awaited(value, sp) } else { value }
            }
            // `-1` is a literal, not a call.
            Expr::UnaryOp(u) if u.op == py::UnaryOp::USub && matches!(&*u.operand, Expr::NumberLiteral(n) if !matches!(n.value, py::Number::Complex { .. })) => {
                let operand = self.expr(&u.operand);
                b::unary(UnaryOp::Minus, operand, sp)
            }
            Expr::UnaryOp(u) => {
                let operand = self.expr(&u.operand);
                match u.op {
                    py::UnaryOp::Not => b::unary(UnaryOp::Bang, self.truthy(operand, sp), sp),
                    py::UnaryOp::USub => self.rt_call("neg", vec![operand], sp),
                    py::UnaryOp::UAdd => self.rt_call("pos", vec![operand], sp),
                    py::UnaryOp::Invert => self.rt_call("invert", vec![operand], sp),
                }
            }
            Expr::BoolOp(o) => self.boolop(o),
            Expr::Compare(c) => self.compare(c),
            Expr::If(i) => {
                let test = self.expr(&i.test);
                let test = self.truthy(test, sp);
                let body = self.expr(&i.body);
                let orelse = self.expr(&i.orelse);
                b::paren(b::cond(test, body, orelse, sp))
            }
            Expr::Dict(d) => self.dict(d),
            Expr::List(l) => self.sequence(&l.elts, sp),
            Expr::Tuple(t) => {
                let items = self.sequence(&t.elts, sp);
                self.rt_call("tup", vec![items], sp)
            }
            Expr::Set(s) => {
                let items = self.sequence(&s.elts, sp);
                b::new(b::ident("Set", sp), vec![b::arg(items)], sp)
            }
            Expr::Lambda(l) => self.lambda(l),
            Expr::ListComp(c) => self.comprehension(&c.generators, Comp::List(&c.elt), sp),
            Expr::SetComp(c) => {
                let list = self.comprehension(&c.generators, Comp::List(&c.elt), sp);
                b::new(b::ident("Set", sp), vec![b::arg(list)], sp)
            }
            // Generators are evaluated eagerly into a list: `any(x for x in xs)` works,
            // infinite generators do not.
            Expr::Generator(g) => self.comprehension(&g.generators, Comp::List(&g.elt), sp),
            Expr::DictComp(c) => match &c.key {
                Some(key) => self.comprehension(&c.generators, Comp::Dict(key, &c.value), sp),
                None => self.unsupported(e, "this dict comprehension"),
            },
            Expr::Named(n) => {
                let value = self.expr(&n.value);
                match &*n.target {
                    Expr::Name(t) => b::paren(b::assign(js::AssignOp::Assign, b::ident_target(&js_name(t.id.as_str()), sp), value, sp)),
                    _ => self.unsupported(e, "this walrus target"),
                }
            }
            Expr::Starred(_) => self.unsupported(e, "a starred expression here"),
            // Browser Modules (compiled for their server-side state) may `await`.
            Expr::Await(a) => {
                let v = self.expr(&a.value);
                awaited(v, sp)
            }
            Expr::Yield(_) | Expr::YieldFrom(_) => self.unsupported(e, "generators (`yield`)"),
            Expr::Slice(_) => self.unsupported(e, "a slice outside a subscript"),
            Expr::TString(_) => self.unsupported(e, "template strings"),
            Expr::IpyEscapeCommand(_) => self.unsupported(e, "IPython escapes"),
        }
    }

    /// Report an unsupported expression and stand in `null`.
    pub fn unsupported(&mut self, e: &Expr, what: &str) -> Box<js::Expr> {
        self.report(Code::ServerUnsupported, e.range(), format!("The server target does not support {what}."), None);
        b::null(b::span(e.range()))
    }

    /// A name read: local, global, builtin (`$b.x`), or unknown (warned; Python would raise NameError).
    pub fn load_name(&mut self, name: &str, sp: Span) -> Box<js::Expr> {
        if self.is_bound(name) {
            return b::ident(&js_name(name), sp);
        }
        if BUILTINS.contains(&name) {
            return b::member(b::ident("$b", sp), name, sp);
        }
        if name == "__name__" {
            return b::str_lit(&self.file.module, sp);
        }
        let range = ruff_text_size::TextRange::new((sp.lo.0 - 1).into(), (sp.hi.0 - 1).into());
        self.report(Code::ServerUnknownName, range, format!("name '{name}' is not defined"), Some("Define or import it; Python would raise NameError here."));
        b::ident(&js_name(name), sp)
    }

    /// `$py.truthy(x)`, skipped where the value is already a JS boolean.
    pub fn truthy(&self, value: Box<js::Expr>, sp: Span) -> Box<js::Expr> {
        if is_boolean(&value) {
            return value;
        }
        self.rt_call("truthy", vec![value], sp)
    }

    fn slice_bounds(&mut self, sl: &py::ExprSlice) -> Vec<Box<js::Expr>> {
        let sp = b::span(sl.range);
        let bound = |x: &Option<Box<Expr>>, l: &mut Self| x.as_ref().map(|v| l.expr(v)).unwrap_or_else(|| b::null(sp));
        vec![bound(&sl.lower, self), bound(&sl.upper, self), bound(&sl.step, self)]
    }

    fn sequence(&mut self, elts: &[Expr], sp: Span) -> Box<js::Expr> {
        let items = elts
            .iter()
            .map(|e| match e {
                Expr::Starred(s) => {
                    let v = self.expr(&s.value);
                    b::spread(self.rt_call("iter", vec![v], sp), sp)
                }
                _ => b::arg(self.expr(e)),
            })
            .collect();
        b::array(items, sp)
    }

    fn dict(&mut self, d: &py::ExprDict) -> Box<js::Expr> {
        let sp = b::span(d.range);
        let mut props = Vec::new();
        for item in &d.items {
            let value = self.expr(&item.value);
            match &item.key {
                None => props.push(b::prop_spread(value, sp)),
                Some(Expr::StringLiteral(s)) => props.push(b::prop_str(s.value.to_str(), value, b::span(s.range))),
                Some(key) => {
                    let key = self.expr(key);
                    props.push(b::prop_computed(key, value, sp));
                }
            }
        }
        b::object(props, sp)
    }

    fn boolop(&mut self, o: &py::ExprBoolOp) -> Box<js::Expr> {
        let sp = b::span(o.range);
        // a and b and c -> (t = a, truthy(t) ? (t = b, truthy(t) ? c : t) : t)
        let mut values: Vec<Box<js::Expr>> = o.values.iter().map(|v| self.expr(v)).collect();
        let mut acc = values.pop().expect("a BoolOp has operands");
        while let Some(v) = values.pop() {
            let t = self.temp();
            let set = b::assign(js::AssignOp::Assign, b::ident_target(&t, sp), v, sp);
            let test = self.rt_call("truthy", vec![b::paren(set)], sp);
            acc = match o.op {
                py::BoolOp::And => b::paren(b::cond(test, acc, b::ident(&t, sp), sp)),
                py::BoolOp::Or => b::paren(b::cond(test, b::ident(&t, sp), acc, sp)),
            };
        }
        acc
    }

    fn compare(&mut self, c: &py::ExprCompare) -> Box<js::Expr> {
        let sp = b::span(c.range);
        let mut left = self.expr(&c.left);
        let mut parts: Vec<Box<js::Expr>> = Vec::new();
        let n = c.ops.len();
        for (i, (op, right)) in c.ops.iter().zip(c.comparators.iter()).enumerate() {
            let right_is_none = matches!(right, Expr::NoneLiteral(_));
            let mut right_js = self.expr(right);
            // Chained comparisons evaluate each middle operand once.
            if i + 1 < n && !b::is_simple(&right_js) {
                let t = self.temp();
                right_js = b::paren(b::assign(js::AssignOp::Assign, b::ident_target(&t, sp), right_js, sp));
                parts.push(self.compare_one(*op, left, right_js, right_is_none, sp));
                left = b::ident(&t, sp);
                continue;
            }
            let next_left = right_js.clone();
            parts.push(self.compare_one(*op, left, right_js, right_is_none, sp));
            left = next_left;
        }
        let mut acc = parts.remove(0);
        for p in parts {
            acc = b::bin(BinaryOp::LogicalAnd, acc, p, sp);
        }
        if n > 1 { b::paren(acc) } else { acc }
    }

    fn compare_one(&self, op: py::CmpOp, left: Box<js::Expr>, right: Box<js::Expr>, right_is_none: bool, sp: Span) -> Box<js::Expr> {
        use py::CmpOp::*;
        match op {
            Eq => self.rt_call("eq", vec![left, right], sp),
            NotEq => self.rt_call("ne", vec![left, right], sp),
            Lt => self.rt_call("lt", vec![left, right], sp),
            LtE => self.rt_call("le", vec![left, right], sp),
            Gt => self.rt_call("gt", vec![left, right], sp),
            GtE => self.rt_call("ge", vec![left, right], sp),
            // `None` may also arrive as `undefined` from JavaScript.
            Is if right_is_none => b::pbin(BinaryOp::EqEq, left, right, sp),
            IsNot if right_is_none => b::pbin(BinaryOp::NotEq, left, right, sp),
            Is => b::pbin(BinaryOp::EqEqEq, left, right, sp),
            IsNot => b::pbin(BinaryOp::NotEqEq, left, right, sp),
            In => self.rt_call("contains", vec![right, left], sp),
            NotIn => b::unary(UnaryOp::Bang, self.rt_call("contains", vec![right, left], sp), sp),
        }
    }

    /// Positional and keyword arguments in the calling convention: `a, ...iter(xs), kw({...})`.
    pub fn arguments(&mut self, args: &py::Arguments) -> Vec<js::ExprOrSpread> {
        let sp = b::span(args.range);
        let mut out = Vec::new();
        for a in args.args.iter() {
            match a {
                Expr::Starred(s) => {
                    let v = self.expr(&s.value);
                    out.push(b::spread(self.rt_call("iter", vec![v], sp), sp));
                }
                _ => out.push(b::arg(self.expr(a))),
            }
        }
        if !args.keywords.is_empty() {
            let mut props = Vec::new();
            for k in args.keywords.iter() {
                let value = self.expr(&k.value);
                match &k.arg {
                    Some(name) => props.push(b::prop_str(name.as_str(), value, b::span(k.range))),
                    None => props.push(b::prop_spread(value, sp)),
                }
            }
            out.push(b::arg(self.rt_call("kw", vec![b::object(props, sp)], sp)));
        }
        out
    }

    fn call(&mut self, c: &py::ExprCall) -> Box<js::Expr> {
        let sp = b::span(c.range());
        // super().m(...) -> callm(sup(Class, self), "m", ...)
        if let Expr::Attribute(a) = &*c.func {
            let obj = match &*a.value {
                Expr::Call(inner) if is_zero_arg_super(inner) && !self.is_bound("super") => self.super_object(inner),
                _ => self.expr(&a.value),
            };
            let mut args = vec![b::arg(obj), b::arg(b::str_lit(a.attr.as_str(), sp))];
            args.extend(self.arguments(&c.arguments));
            return awaited(b::call_spread(self.rt("callm", sp), args, sp), sp);
        }
        let callee = self.expr(&c.func);
        let mut args = vec![b::arg(callee)];
        args.extend(self.arguments(&c.arguments));
        awaited(b::call_spread(self.rt("call", sp), args, sp), sp)
    }

    /// `super()` inside a method: `$py.sup(Class, self)`.
    fn super_object(&mut self, call: &py::ExprCall) -> Box<js::Expr> {
        let sp = b::span(call.range());
        match self.classes.last().cloned() {
            Some((class, Some(this))) => self.rt_call("sup", vec![b::ident(&class, sp), b::ident(&js_name(&this), sp)], sp),
            _ => {
                self.report(Code::ServerUnsupported, call.range(), "`super()` outside a method.", None);
                b::null(sp)
            }
        }
    }

    fn lambda(&mut self, l: &py::ExprLambda) -> Box<js::Expr> {
        let sp = b::span(l.range);
        let empty = py::Parameters::default();
        let params = l.parameters.as_deref().unwrap_or(&empty);
        let body_expr = &l.body;
        self.function("<lambda>", params, None, sp, |lw| {
            let v = lw.expr(body_expr);
            vec![b::ret(Some(v), sp)]
        })
    }

    fn fstring(&mut self, f: &py::ExprFString) -> Box<js::Expr> {
        let sp = b::span(f.range);
        let mut quasis = vec![String::new()];
        let mut exprs = Vec::new();
        for part in f.value.iter() {
            match part {
                py::FStringPart::Literal(lit) => quasis.last_mut().unwrap().push_str(&b::template_raw(&lit.value)),
                py::FStringPart::FString(fs) => {
                    for element in fs.elements.iter() {
                        match element {
                            py::InterpolatedStringElement::Literal(lit) => quasis.last_mut().unwrap().push_str(&b::template_raw(&lit.value)),
                            py::InterpolatedStringElement::Interpolation(interp) => {
                                if let Some(debug) = &interp.debug_text {
                                    let text = format!("{}{}{}", debug.leading(), &self.file.text[interp.expression.range()], debug.trailing());
                                    quasis.last_mut().unwrap().push_str(&b::template_raw(&text));
                                }
                                let mut value = self.expr(&interp.expression);
                                let isp = b::span(interp.range);
                                let conversion = match interp.conversion {
                                    py::ConversionFlag::Repr => Some("repr"),
                                    py::ConversionFlag::Str => Some("str"),
                                    py::ConversionFlag::Ascii => Some("repr"),
                                    py::ConversionFlag::None => None,
                                };
                                // `f"{x=}"` shows the repr unless a spec or conversion is given.
                                let conversion = conversion.or((interp.debug_text.is_some() && interp.format_spec.is_none()).then_some("repr"));
                                // Awaited: a user `__str__`/`__repr__`/`__format__` is an async method.
                                if let Some(conv) = conversion {
                                    value = awaited(self.rt_call(conv, vec![value], isp), isp);
                                }
                                let formatted = match &interp.format_spec {
                                    None => self.rt_call("str", vec![value], isp),
                                    Some(spec) => {
                                        let spec = self.format_spec(spec);
                                        self.rt_call("format", vec![value, spec], isp)
                                    }
                                };
                                let formatted = awaited(formatted, isp);
                                exprs.push(formatted);
                                quasis.push(String::new());
                            }
                        }
                    }
                }
            }
        }
        b::template(quasis, exprs, sp)
    }

    /// A format spec, itself possibly an f-string (`{x:>{width}}`).
    fn format_spec(&mut self, spec: &py::InterpolatedStringFormatSpec) -> Box<js::Expr> {
        let sp = b::span(spec.range);
        let mut quasis = vec![String::new()];
        let mut exprs = Vec::new();
        for element in spec.elements.iter() {
            match element {
                py::InterpolatedStringElement::Literal(lit) => quasis.last_mut().unwrap().push_str(&b::template_raw(&lit.value)),
                py::InterpolatedStringElement::Interpolation(interp) => {
                    let v = self.expr(&interp.expression);
                    exprs.push(self.rt_call("str", vec![v], sp));
                    quasis.push(String::new());
                }
            }
        }
        if exprs.is_empty() {
            return b::str_lit(&quasis[0].replace("\\`", "`").replace("\\\\", "\\"), sp);
        }
        b::template(quasis, exprs, sp)
    }
}

/// A comprehension's result shape.
pub enum Comp<'e> {
    List(&'e Expr),
    Dict(&'e Expr, &'e Expr),
}

impl Lowerer<'_> {
    /// `[elt for x in xs if c]` -> an awaited async IIFE with its own scope (as in Python 3).
    fn comprehension(&mut self, generators: &[py::Comprehension], comp: Comp<'_>, sp: Span) -> Box<js::Expr> {
        // The comprehension's own targets are its locals.
        let mut names = std::collections::BTreeSet::new();
        for g in generators {
            collect_targets(&g.target, &mut names);
        }
        self.scopes.push(names.clone());
        let result = "$r".to_string();
        let mut inner: Vec<js::Stmt> = vec![match comp {
            Comp::List(elt) => {
                let v = self.expr(elt);
                b::expr_stmt(b::method(b::ident(&result, sp), "push", vec![v], sp), sp)
            }
            Comp::Dict(k, v) => {
                let k = self.expr(k);
                let v = self.expr(v);
                b::expr_stmt(b::assign(js::AssignOp::Assign, b::simple_target(b::index(b::ident(&result, sp), k, sp)).expect("member target"), v, sp), sp)
            }
        }];
        for g in generators.iter().rev() {
            for cond in g.ifs.iter().rev() {
                let c = self.expr(cond);
                let test = self.truthy(c, sp);
                inner = vec![b::if_stmt(test, inner, None, sp)];
            }
            let iter = self.expr(&g.iter);
            inner = self.for_of(&g.target, iter, inner, sp);
        }
        self.scopes.pop();
        let init = match comp {
            Comp::List(_) => b::array(vec![], sp),
            Comp::Dict(..) => b::object(vec![], sp),
        };
        let mut stmts = vec![b::var(js::VarDeclKind::Const, b::pat(&result, sp), Some(init), sp)];
        let locals: Vec<String> = names.iter().map(|n| js_name(n)).collect();
        if !locals.is_empty() {
            stmts.push(b::let_many(&locals, sp));
        }
        stmts.extend(inner);
        stmts.push(b::ret(Some(b::ident(&result, sp)), sp));
        async_iife(stmts, sp)
    }

    /// `for (const $v of $py.iter(iter)) { <target> = $v; body }`.
    pub fn for_of(&mut self, target: &Expr, iter: Box<js::Expr>, body: Vec<js::Stmt>, sp: Span) -> Vec<js::Stmt> {
        let item = self.temp_local();
        let mut stmts = self.assign_target(target, b::ident(&item, sp), sp);
        stmts.extend(body);
        let head = js::ForHead::VarDecl(Box::new(b::var_decl(js::VarDeclKind::Const, b::pat(&item, sp), None, sp)));
        let iter = self.rt_call("iter", vec![iter], sp);
        vec![js::Stmt::ForOf(js::ForOfStmt { span: sp, is_await: false, left: head, right: iter, body: Box::new(js::Stmt::Block(b::block(stmts, sp))) })]
    }

    /// A name for a block-scoped temporary (declared where it is used, not hoisted).
    pub fn temp_local(&mut self) -> String {
        let name = format!("$v{}", self.next_temp);
        self.next_temp += 1;
        name
    }
}

fn collect_targets(t: &Expr, names: &mut std::collections::BTreeSet<String>) {
    match t {
        Expr::Name(n) => {
            names.insert(n.id.to_string());
        }
        Expr::Tuple(t) => t.elts.iter().for_each(|e| collect_targets(e, names)),
        Expr::List(t) => t.elts.iter().for_each(|e| collect_targets(e, names)),
        Expr::Starred(s) => collect_targets(&s.value, names),
        _ => {}
    }
}

fn is_zero_arg_super(c: &py::ExprCall) -> bool {
    matches!(&*c.func, Expr::Name(n) if n.id.as_str() == "super") && c.arguments.args.is_empty() && c.arguments.keywords.is_empty()
}

/// Does this JS expression certainly evaluate to a boolean?
fn is_boolean(e: &js::Expr) -> bool {
    match e {
        js::Expr::Lit(js::Lit::Bool(_)) => true,
        js::Expr::Unary(u) => u.op == UnaryOp::Bang,
        js::Expr::Bin(bin) => matches!(bin.op, BinaryOp::EqEq | BinaryOp::NotEq | BinaryOp::EqEqEq | BinaryOp::NotEqEq) || (bin.op == BinaryOp::LogicalAnd && is_boolean(&bin.left) && is_boolean(&bin.right)),
        js::Expr::Paren(p) => is_boolean(&p.expr),
        js::Expr::Call(c) => match &c.callee {
            js::Callee::Expr(callee) => match &**callee {
                js::Expr::Member(m) => matches!(&m.prop, js::MemberProp::Ident(i) if matches!(&*i.sym, "eq" | "ne" | "lt" | "le" | "gt" | "ge" | "contains" | "truthy" | "isinstance")),
                _ => false,
            },
            _ => false,
        },
        _ => false,
    }
}

/// The in-place operator of `x op= v` (`+=` extends a list in place, as in Python).
pub fn inplace_name(op: Operator) -> &'static str {
    match op {
        Operator::Add => "iadd",
        Operator::Sub => "isub",
        Operator::Mult => "imul",
        Operator::BitOr => "ior",
        Operator::BitAnd => "iand",
        Operator::BitXor => "ixor",
        other => binop_name(other),
    }
}

pub fn binop_name(op: Operator) -> &'static str {
    match op {
        Operator::Add => "add",
        Operator::Sub => "sub",
        Operator::Mult => "mul",
        Operator::MatMult => "matmul",
        Operator::Div => "truediv",
        Operator::Mod => "mod",
        Operator::Pow => "pow",
        Operator::LShift => "lshift",
        Operator::RShift => "rshift",
        Operator::BitOr => "or_",
        Operator::BitXor => "xor",
        Operator::BitAnd => "and_",
        Operator::FloorDiv => "floordiv",
    }
}
