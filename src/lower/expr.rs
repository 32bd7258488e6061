//! Expressions: names, attributes, subscripts, operators, literals, comprehensions,
//! lambdas and f-strings. Calls live in `call.rs`.

use ruff_python_ast::{self as py, Expr, Number};
use ruff_text_size::{Ranged, TextRange};
#[allow(unused_imports)]
use ruff_python_ast::AtomicNodeIndex;
use swc_ecma_ast::{self as js, BinaryOp, UnaryOp};

use super::build as b;
use super::types::PyType;
use super::Lowerer;
use crate::diagnostics::Code;
use crate::names::{is_ragot_export, map_name};
use crate::project::Resolved;

const SET_HINT: &str = "Rewrite this as a list/tuple for now; set literals are not supported in browser codegen yet.";
const YIELD_HINT: &str = "Move generator logic to server code or materialise the iterable eagerly.";

impl Lowerer<'_> {
    /// Lower one Python expression.
    pub fn expr(&mut self, e: &Expr) -> Box<js::Expr> {
        let sp = b::span(e.range());
        self.check_boolop_operands(e);
        match e {
            Expr::Name(n) => self.name(n.id.as_str(), n.range),
            Expr::Attribute(a) => self.attribute(a, false),
            Expr::Subscript(s) => self.subscript(s),
            Expr::Call(c) => self.call(c),
            Expr::StringLiteral(s) => b::str_lit(s.value.to_str(), sp),
            Expr::NumberLiteral(n) => self.number(n),
            Expr::BooleanLiteral(v) => b::bool_lit(v.value, sp),
            Expr::NoneLiteral(_) => b::null(sp),
            Expr::FString(f) => self.fstring(f),
            Expr::BinOp(op) => self.binop(op),
            Expr::UnaryOp(u) => self.unaryop(u),
            Expr::BoolOp(bo) => {
                let op = match bo.op {
                    py::BoolOp::And => BinaryOp::LogicalAnd,
                    py::BoolOp::Or => BinaryOp::LogicalOr,
                };
                if let Some(out) = self.container_boolop(bo) {
                    return out;
                }
                let mut values = bo.values.iter();
                let first = values.next().map(|v| b::paren(self.expr(v))).unwrap_or_else(|| b::undefined(sp));
                values.fold(first, |acc, v| {
                    let rhs = b::paren(self.expr(v));
                    Box::new(js::Expr::Bin(js::BinExpr { span: sp, op, left: acc, right: rhs }))
                })
            }
            Expr::Compare(c) => self.compare(c),
            Expr::If(i) => {
                let test = self.test(&i.test);
                let cons = self.expr(&i.body);
                let alt = self.expr(&i.orelse);
                b::cond(test, cons, alt, sp)
            }
            Expr::List(l) => self.sequence(&l.elts, sp),
            Expr::Tuple(t) => self.sequence(&t.elts, sp),
            Expr::Dict(d) => self.dict(d),
            Expr::Set(s) => {
                if self.extended() {
                    let items = self.sequence(&s.elts, sp);
                    return b::new(b::ident("Set", sp), vec![b::arg(items)], sp);
                }
                self.error(Code::UnsupportedExpression, e.range(), "Unsupported expression in browser codegen: Set.", Some(SET_HINT))
            }
            Expr::ListComp(c) => {
                let (chain, target, scope) = self.comprehension(&c.generators, c.range);
                let elt = self.in_arrow(scope, |l| l.expr(&c.elt));
                b::method(chain, "map", vec![b::arrow(vec![target], elt, sp)], sp)
            }
            Expr::Generator(c) => {
                let (chain, target, scope) = self.comprehension(&c.generators, c.range);
                let elt = self.in_arrow(scope, |l| l.expr(&c.elt));
                b::method(chain, "map", vec![b::arrow(vec![target], elt, sp)], sp)
            }
            Expr::SetComp(c) => {
                let (chain, target, scope) = self.comprehension(&c.generators, c.range);
                let elt = self.in_arrow(scope, |l| l.expr(&c.elt));
                let mapped = b::method(chain, "map", vec![b::arrow(vec![target], elt, sp)], sp);
                b::new(b::ident("Set", sp), vec![b::arg(mapped)], sp)
            }
            Expr::DictComp(c) => {
                let (chain, target, scope) = self.comprehension(&c.generators, c.range);
                let Some(key) = &c.key else {
                    return self.error(Code::UnsupportedExpression, c.range, "Dict comprehension unpacking is not supported in browser codegen.", None);
                };
                let pair = self.in_arrow(scope, |l| {
                    let k = l.expr(key);
                    let v = l.expr(&c.value);
                    b::array_of(vec![k, v], sp)
                });
                let mapped = b::method(chain, "map", vec![b::arrow(vec![target], pair, sp)], sp);
                b::call(b::member(b::ident("Object", sp), "fromEntries", sp), vec![mapped], sp)
            }
            Expr::Lambda(l) => self.lambda(l),
            Expr::Named(n) => self.walrus(n),
            Expr::Await(a) => {
                let v = self.expr(&a.value);
                Box::new(js::Expr::Await(js::AwaitExpr { span: sp, arg: b::wrap_callee(v) }))
            }
            Expr::Yield(_) | Expr::YieldFrom(_) => {
                let kind = if matches!(e, Expr::Yield(_)) { "Yield" } else { "YieldFrom" };
                self.error(Code::UnsupportedExpression, e.range(), format!("Unsupported expression in browser codegen: {kind}."), Some(YIELD_HINT))
            }
            Expr::Starred(s) => {
                if self.in_helper || self.extended() {
                    // Only meaningful inside calls and lists, which handle it themselves.
                    return self.expr(&s.value);
                }
                self.error(Code::UnsupportedExpression, e.range(), "Unsupported expression in browser codegen: Starred.", None)
            }
            Expr::Slice(_) => self.error(Code::UnsupportedExpression, e.range(), "A slice is only valid inside `[...]`.", None),
            Expr::BytesLiteral(_) => self.error(Code::UnsupportedExpression, e.range(), "Bytes literals are not supported in browser codegen.", Some("Use a str literal.")),
            Expr::EllipsisLiteral(_) => self.error(Code::UnsupportedExpression, e.range(), "`...` is not supported in browser codegen.", Some("Use `pass` or `None`.")),
            Expr::TString(_) => self.error(Code::UnsupportedExpression, e.range(), "Template strings (t-strings) are not supported in browser codegen.", None),
            Expr::IpyEscapeCommand(_) => self.error(Code::UnsupportedExpression, e.range(), "IPython escape commands are not Python.", None),
        }
    }

    /// Lower an expression used as a truth test (`if`, `while`, `not`, ternaries).
    /// Known lists and dicts are tested for emptiness, as Python does.
    pub fn test(&mut self, e: &Expr) -> Box<js::Expr> {
        let sp = b::span(e.range());
        let ty = self.type_of(e);
        let lowered = self.expr(e);
        match ty {
            Some(PyType::List) if !matches!(e, Expr::List(_) | Expr::Tuple(_)) => {
                self.warn(Code::ReferenceTruthiness, e.range(), "An empty list is falsy in Python but truthy in JavaScript; sprag build 0.1.24 tests the array itself. spragc tests its length.");
                b::member(lowered, "length", sp)
            }
            Some(PyType::Dict) if !matches!(e, Expr::Dict(_)) && self.class.is_some() && !is_self_state(e) => {
                self.warn(Code::ReferenceTruthiness, e.range(), "An empty dict is falsy in Python but truthy in JavaScript; sprag build 0.1.24 tests the object itself. spragc tests its key count.");
                b::member(b::call(b::member(b::ident("Object", sp), "keys", sp), vec![lowered], sp), "length", sp)
            }
            _ => lowered,
        }
    }

    /// `xs or default` / `xs and f(xs)` where `xs` is a known list or dict: JavaScript
    /// would treat an empty one as true, so test its size (one operand at a time).
    fn container_boolop(&mut self, bo: &py::ExprBoolOp) -> Option<Box<js::Expr>> {
        let sp = b::span(bo.range);
        let (first, rest) = bo.values.split_first()?;
        let ty = self.type_of(first);
        if !matches!(ty, Some(PyType::List) | Some(PyType::Dict)) || !matches!(first, Expr::Name(_) | Expr::Attribute(_)) {
            return None;
        }
        let value = self.expr(first);
        if !b::is_simple(&value) {
            return None;
        }
        self.warn(Code::ReferenceTruthiness, first.range(), "An empty list or dict is falsy in Python but truthy in JavaScript, so sprag build 0.1.24's `||`/`&&` keeps it. spragc tests its size.");
        let size = if ty == Some(PyType::List) {
            b::member(value.clone(), "length", sp)
        } else {
            b::member(b::call(b::member(b::ident("Object", sp), "keys", sp), vec![value.clone()], sp), "length", sp)
        };
        let remainder = if rest.len() == 1 {
            self.expr(&rest[0])
        } else {
            let tail = py::ExprBoolOp { node_index: Default::default(), range: TextRange::new(rest[0].start(), bo.range.end()), op: bo.op, values: rest.to_vec() };
            self.expr(&Expr::BoolOp(tail))
        };
        Some(match bo.op {
            py::BoolOp::Or => b::cond(size, value, remainder, sp),
            py::BoolOp::And => b::cond(size, remainder, value, sp),
        })
    }

    /// A bare name: `self`, namespaces, stores, classes, helpers, locals and globals.
    pub fn name(&mut self, name: &str, range: TextRange) -> Box<js::Expr> {
        let sp = b::span(range);
        match name {
            "self" => return b::this(sp),
            "browser" => return b::ident("globalThis", sp),
            "imports" => return imports_object(sp),
            "join_url" => {
                self.used.join_url = true;
                return b::ident("joinUrl", sp);
            }
            _ => {}
        }
        if self.is_local(name) {
            return b::ident(name, sp);
        }
        if self.fn_kind == super::FnKind::Init && name == "state" {
            return b::ident("initialState", sp);
        }
        match self.resolve_global(name) {
            Resolved::Store(store) => {
                self.used.stores.insert(store.clone());
                return b::ident(&store, sp);
            }
            Resolved::Class(idx) => {
                let is_self = self.class.map(|c| c.index) == Some(idx);
                if !is_self {
                    self.used.classes.insert(name.to_string(), idx);
                }
                return b::ident(name, sp);
            }
            _ => {}
        }
        if let Some(f) = self.builtin_value(name, range) {
            return f;
        }
        if self.is_helper(name) {
            self.used.helpers.insert(name.to_string());
        } else if is_ragot_export(name)
            && let Some(&export) = crate::names::RAGOT_EXPORTS.iter().find(|n| **n == name) {
                self.use_ragot(export);
            }
        b::ident(name, sp)
    }

    /// A Python builtin used as a value (`key=len`, `map(str, xs)`), as a JavaScript function.
    fn builtin_value(&mut self, name: &str, range: TextRange) -> Option<Box<js::Expr>> {
        if !matches!(name, "len" | "str" | "int" | "float" | "bool" | "abs") || !self.is_builtin_name(name) {
            return None;
        }
        let sp = b::span(range);
        let v = || b::ident("__v", sp);
        let f = match name {
            "len" => b::arrow(vec![b::pat("__v", sp)], b::member(v(), "length", sp), sp),
            "str" => b::ident("String", sp),
            "float" => b::ident("Number", sp),
            "bool" => b::ident("Boolean", sp),
            "abs" => b::member(b::ident("Math", sp), "abs", sp),
            _ => b::arrow(vec![b::pat("__v", sp)], b::call(b::member(b::ident("Math", sp), "trunc", sp), vec![b::call(b::ident("Number", sp), vec![v()], sp)], sp), sp),
        };
        self.warn(Code::ReferenceMissingBuiltin, range, format!("sprag build 0.1.24 leaves the builtin `{name}` as a bare name here, which is not defined in JavaScript (ReferenceError). spragc passes the equivalent function."));
        Some(f)
    }

    /// `obj.attr`; `callee` is true when the attribute is immediately called.
    pub fn attribute(&mut self, a: &py::ExprAttribute, callee: bool) -> Box<js::Expr> {
        let sp = b::span(a.range);
        if let Some(special) = self.js_namespace(a) {
            return special;
        }
        let obj = self.expr(&a.value);
        let lowered = b::member(obj, &map_name(a.attr.as_str()), b::span(a.attr.range));
        if !callee
            && self.self_method_attr(a) {
                // `self.method` as a value is a bound method in Python.
                if !self.quiet_bind {
                    self.warn(
                        Code::ReferenceUnboundMethod,
                        a.range,
                        format!("sprag build 0.1.24 leaves `this.{}` unbound here, so `this` is undefined when it is called. spragc binds it, as Python does.", map_name(a.attr.as_str())),
                    );
                }
                return b::method(lowered, "bind", vec![b::this(sp)], sp);
            }
        lowered
    }

    /// If `e` is `self.<method of this class>`, its JavaScript name.
    pub fn self_method(&self, e: &Expr) -> Option<String> {
        let Expr::Attribute(a) = e else { return None };
        if !self.self_method_attr(a) {
            return None;
        }
        self.class_method_js(a.attr.as_str())
    }

    /// Is `a` `self.<method of this class>`?
    fn self_method_attr(&self, a: &py::ExprAttribute) -> bool {
        matches!(&*a.value, Expr::Name(root) if root.id.as_str() == "self") && self.class_method_js(a.attr.as_str()).is_some()
    }

    /// `browser.x.y` -> `globalThis.x.y`; `imports.alias.y` -> the page's JS module alias.
    fn js_namespace(&mut self, a: &py::ExprAttribute) -> Option<Box<js::Expr>> {
        let mut attrs: Vec<&py::Identifier> = vec![&a.attr];
        let mut cursor = &*a.value;
        while let Expr::Attribute(inner) = cursor {
            attrs.push(&inner.attr);
            cursor = &inner.value;
        }
        let Expr::Name(root) = cursor else { return None };
        let root_name = root.id.as_str();
        if root_name != "browser" && root_name != "imports" {
            return None;
        }
        attrs.reverse();
        if root_name == "imports" {
            let alias = attrs[0];
            if !self.project.import_aliases.contains(alias.as_str()) && !self.opts.any_import_alias {
                self.report(
                    Code::UnknownImportAlias,
                    alias.range,
                    format!(
                        "Unknown SPRAG JS import alias `{}`; declare it via page(..., modules={{...}}) or mount(..., modules={{...}})",
                        alias.as_str()
                    ),
                    Some("Declare the alias on App(..., modules=...), shell(..., modules=...), page(..., modules=...), or mount(..., modules=...)."),
                );
            }
        }
        let mut out = if root_name == "browser" { b::ident("globalThis", b::span(root.range)) } else { imports_object(b::span(root.range)) };
        for attr in attrs {
            out = b::member(out, attr.as_str(), b::span(attr.range));
        }
        Some(out)
    }

    fn subscript(&mut self, s: &py::ExprSubscript) -> Box<js::Expr> {
        let sp = b::span(s.range);
        if let Expr::Slice(slice) = &*s.slice {
            let obj = self.expr(&s.value);
            if let Some(step) = &slice.step {
                return self.error(Code::SliceStep, step.range(), "Slice steps are not supported in browser codegen.", Some("Use start/end slicing only, e.g. `items[start:end]`."));
            }
            let mut args = Vec::new();
            match (&slice.lower, &slice.upper) {
                (Some(lo), _) => args.push(self.expr(lo)),
                (None, Some(_)) => args.push(b::num(0.0, Some("0"), sp)),
                (None, None) => {}
            }
            if let Some(hi) = &slice.upper {
                args.push(self.expr(hi));
            }
            return b::method(obj, "slice", args, sp);
        }
        let receiver_type = self.type_of(&s.value);
        let obj = self.expr(&s.value);
        if let Some(n) = negative_int(&s.slice)
            && receiver_type != Some(PyType::Dict) {
                self.warn(Code::ReferenceNegativeIndex, s.slice.range(), format!("sprag build 0.1.24 compiles this index to `[-({n})]`, which is undefined in JavaScript. spragc emits `.at(-{n})`, counting from the end as Python does."));
                return b::method(obj, "at", vec![b::num(-(n as f64), Some(&format!("-{n}")), sp)], sp);
            }
        let key = self.expr(&s.slice);
        b::index(obj, key, sp)
    }

    fn number(&mut self, n: &py::ExprNumberLiteral) -> Box<js::Expr> {
        let sp = b::span(n.range);
        match &n.value {
            Number::Int(i) => match i.as_i64() {
                Some(v) => b::num(v as f64, Some(&v.to_string()), sp),
                None => {
                    let digits = i.to_string();
                    let value: f64 = digits.parse().unwrap_or(f64::INFINITY);
                    b::num(value, Some(&digits), sp)
                }
            },
            Number::Float(f) => b::num(*f, None, sp),
            Number::Complex { .. } => self.error(Code::UnsupportedExpression, n.range, "Complex numbers are not supported in browser codegen.", None),
        }
    }

    /// `[a, b]` / `(a, b)`; starred items spread (helpers and `extended` only).
    fn sequence(&mut self, elts: &[Expr], sp: swc_common::Span) -> Box<js::Expr> {
        let mut out = Vec::with_capacity(elts.len());
        for e in elts {
            if let Expr::Starred(s) = e
                && self.extended() {
                    let inner = self.expr(&s.value);
                    out.push(b::spread(inner, b::span(s.range)));
                    continue;
                }
            out.push(b::arg(self.expr(e)));
        }
        b::array(out, sp)
    }

    fn dict(&mut self, d: &py::ExprDict) -> Box<js::Expr> {
        let sp = b::span(d.range);
        let mut props = Vec::with_capacity(d.items.len());
        for item in &d.items {
            let value = self.expr(&item.value);
            match &item.key {
                None => props.push(b::prop_spread(value, b::span(item.value.range()))),
                Some(Expr::StringLiteral(s)) => props.push(b::prop_str(s.value.to_str(), value, b::span(s.range))),
                Some(k) => {
                    let key = self.expr(k);
                    props.push(b::prop_computed(key, value, b::span(k.range())));
                }
            }
        }
        b::object(props, sp)
    }

    fn binop(&mut self, op: &py::ExprBinOp) -> Box<js::Expr> {
        use py::Operator as O;
        let sp = b::span(op.range);
        if op.op == O::BitOr {
            // The reference reserves `|` for dict merge.
            let l = self.expr(&op.left);
            let r = self.expr(&op.right);
            return b::paren(b::object(vec![b::prop_spread(l, sp), b::prop_spread(r, sp)], sp));
        }
        let (lt, rt) = (self.type_of(&op.left), self.type_of(&op.right));
        let js_op = match op.op {
            O::Add => BinaryOp::Add,
            O::Sub => BinaryOp::Sub,
            O::Mult => BinaryOp::Mul,
            O::Div => BinaryOp::Div,
            O::Mod => BinaryOp::Mod,
            other => {
                if self.extended() {
                    let l = self.expr(&op.left);
                    let r = self.expr(&op.right);
                    return match other {
                        O::FloorDiv => b::call(b::member(b::ident("Math", sp), "floor", sp), vec![b::bin(BinaryOp::Div, l, r, sp)], sp),
                        O::Pow => b::pbin(BinaryOp::Exp, l, r, sp),
                        O::LShift => b::pbin(BinaryOp::LShift, l, r, sp),
                        O::RShift => b::pbin(BinaryOp::RShift, l, r, sp),
                        O::BitAnd => b::pbin(BinaryOp::BitAnd, l, r, sp),
                        O::BitXor => b::pbin(BinaryOp::BitXor, l, r, sp),
                        _ => self.error(Code::UnsupportedOperator, op.range, "Matrix multiply (@) is not supported in browser codegen.", None),
                    };
                }
                let (name, hint) = binop_hint(other);
                return self.error(Code::UnsupportedOperator, op.range, format!("Unsupported operator in browser codegen: {name}."), Some(hint));
            }
        };
        // Sequence operators whose JavaScript spelling means something else.
        if op.op == O::Add && lt == Some(PyType::List) && rt == Some(PyType::List) {
            let l = self.expr(&op.left);
            let r = self.expr(&op.right);
            self.warn(Code::ReferenceSequenceOp, op.range, "sprag build 0.1.24 compiles list + list to JavaScript `+`, which joins them into a string. spragc concatenates the arrays.");
            return b::array(vec![b::spread(l, sp), b::spread(r, sp)], sp);
        }
        if op.op == O::Mult && (lt == Some(PyType::Str) || rt == Some(PyType::Str)) {
            let (s, n) = if lt == Some(PyType::Str) { (&op.left, &op.right) } else { (&op.right, &op.left) };
            let s = self.expr(s);
            let n = self.expr(n);
            self.warn(Code::ReferenceSequenceOp, op.range, "sprag build 0.1.24 compiles str * int to JavaScript `*`, which is NaN. spragc repeats the string.");
            return b::method(s, "repeat", vec![n], sp);
        }
        if op.op == O::Mult && (lt == Some(PyType::List) || rt == Some(PyType::List)) {
            let (l, n) = if lt == Some(PyType::List) { (&op.left, &op.right) } else { (&op.right, &op.left) };
            let l = self.expr(l);
            let n = self.expr(n);
            self.warn(Code::ReferenceSequenceOp, op.range, "sprag build 0.1.24 compiles list * int to JavaScript `*`, which is NaN. spragc repeats the list.");
            let len = b::object(vec![b::prop_ident("length", n, sp)], sp);
            let rep = b::call(b::member(b::ident("Array", sp), "from", sp), vec![len, b::arrow(vec![], l, sp)], sp);
            return b::method(rep, "flat", vec![], sp);
        }
        let l = self.expr(&op.left);
        let r = self.expr(&op.right);
        b::pbin(js_op, l, r, sp)
    }

    fn unaryop(&mut self, u: &py::ExprUnaryOp) -> Box<js::Expr> {
        let sp = b::span(u.range);
        match u.op {
            py::UnaryOp::Not => {
                let v = self.test(&u.operand);
                b::not(v, sp)
            }
            py::UnaryOp::USub => {
                let v = self.expr(&u.operand);
                b::unary(UnaryOp::Minus, b::paren(v), sp)
            }
            py::UnaryOp::UAdd => {
                let v = self.expr(&u.operand);
                b::unary(UnaryOp::Plus, b::paren(v), sp)
            }
            py::UnaryOp::Invert => {
                if self.extended() {
                    let v = self.expr(&u.operand);
                    return b::unary(UnaryOp::Tilde, b::paren(v), sp);
                }
                self.error(Code::UnsupportedOperator, u.range, "Unsupported operator in browser codegen: Invert.", Some("Bitwise NOT (~) is not supported in browser codegen."))
            }
        }
    }

    fn compare(&mut self, c: &py::ExprCompare) -> Box<js::Expr> {
        let sp = b::span(c.range);
        let mut parts: Vec<Box<js::Expr>> = Vec::new();
        let mut left_expr: &Expr = &c.left;
        let mut left = self.expr(&c.left);
        let chained = c.ops.len() > 1;
        for (op, right_expr) in c.ops.iter().zip(c.comparators.iter()) {
            let right = self.expr(right_expr);
            // Chains evaluate the middle operand once in Python; repeat it only when cheap.
            let right_again = if chained { Some(right.clone()) } else { None };
            let part = self.compare_one(*op, left, left_expr, right, right_expr, sp);
            parts.push(part);
            left = right_again.unwrap_or_else(|| b::undefined(sp));
            left_expr = right_expr;
        }
        if chained {
            self.warn(
                Code::ReferenceChainedComparison,
                c.range,
                "sprag build 0.1.24 compiles a chained comparison as `((a < b) < c)`, comparing a boolean. spragc tests each pair, as Python does.",
            );
        }
        let mut parts = parts.into_iter();
        let first = parts.next().unwrap_or_else(|| b::undefined(sp));
        parts.fold(first, |acc, p| b::bin(BinaryOp::LogicalAnd, acc, p, sp))
    }

    fn compare_one(&mut self, op: py::CmpOp, left: Box<js::Expr>, left_expr: &Expr, right: Box<js::Expr>, right_expr: &Expr, sp: swc_common::Span) -> Box<js::Expr> {
        use py::CmpOp as C;
        let none_test = matches!(op, C::Is | C::IsNot | C::Eq | C::NotEq)
            && (matches!(left_expr, Expr::NoneLiteral(_)) || matches!(right_expr, Expr::NoneLiteral(_)));
        if none_test {
            // `undefined` (a missing key or attribute) is None too, as far as Python code can tell.
            let range = TextRange::new(left_expr.start(), right_expr.end());
            self.warn(Code::ReferenceNoneTest, range, "sprag build 0.1.24 compiles this None test to `=== null`, which is false for `undefined` (a missing key, attribute or argument). spragc uses `== null`, true for both.");
            let js_op = if matches!(op, C::Is | C::Eq) { BinaryOp::EqEq } else { BinaryOp::NotEq };
            return b::pbin(js_op, left, right, sp);
        }
        if matches!(op, C::In | C::NotIn) && self.type_of(right_expr) == Some(PyType::Set) {
            let test = b::method(right, "has", vec![left], sp);
            return if op == C::NotIn { b::unary(UnaryOp::Bang, test, sp) } else { test };
        }
        let js_op = match op {
            C::Eq | C::Is => BinaryOp::EqEqEq,
            C::NotEq | C::IsNot => BinaryOp::NotEqEq,
            C::Lt => BinaryOp::Lt,
            C::LtE => BinaryOp::LtEq,
            C::Gt => BinaryOp::Gt,
            C::GtE => BinaryOp::GtEq,
            C::In | C::NotIn => {
                let negate = op == C::NotIn;
                let test = if self.type_of(right_expr) == Some(PyType::Dict) {
                    self.warn(Code::ReferenceDictMembership, right_expr.range(), "sprag build 0.1.24 compiles `in` on a dict to `.includes(...)`, which objects do not have (TypeError). spragc tests for the key.");
                    b::pbin(BinaryOp::In, left, right, sp)
                } else {
                    b::method(right, "includes", vec![left], sp)
                };
                return if negate { b::unary(UnaryOp::Bang, test, sp) } else { test };
            }
        };
        b::pbin(js_op, left, right, sp)
    }

    /// Lower the generators of a comprehension to `((iter) || []).filter(...)` and return
    /// (chain, target pattern, names bound by the target).
    fn comprehension(&mut self, gens: &[py::Comprehension], range: TextRange) -> (Box<js::Expr>, js::Pat, Vec<String>) {
        let sp = b::span(range);
        self.forbid_walrus_in(gens, range);
        if gens.len() != 1 && !self.extended() {
            self.report(Code::MultiGenerator, range, "Multi-generator comprehensions are not supported in browser codegen.", Some("Rewrite as nested loops or chain filter/map calls."));
        }
        let Some(first) = gens.first() else {
            return (b::array(vec![], sp), b::pat("_", sp), vec![]);
        };
        if gens.len() > 1 && self.extended() {
            return self.multi_comprehension(gens, sp);
        }
        let (target, names) = self.target_pattern(&first.target);
        let iter = self.expr(&first.iter);
        let chain = self.filtered(iter, first, &target, names.clone(), sp);
        (chain, target, names)
    }

    /// `((iter) || [])`, then `.filter((target) => (c1) && (c2))` for the generator's `if`s,
    /// evaluated with `bound` names in scope.
    fn filtered(&mut self, iter: Box<js::Expr>, g: &py::Comprehension, target: &js::Pat, bound: Vec<String>, sp: swc_common::Span) -> Box<js::Expr> {
        let chain = b::paren(b::bin(BinaryOp::LogicalOr, b::paren(iter), b::array(vec![], sp), sp));
        if g.ifs.is_empty() {
            return chain;
        }
        let cond = self.in_arrow(bound, |l| {
            let mut conds = g.ifs.iter().map(|c| b::paren(l.expr(c)));
            let head = conds.next().unwrap_or_else(|| b::bool_lit(true, sp));
            conds.fold(head, |acc, c| b::bin(BinaryOp::LogicalAnd, acc, c, sp))
        });
        b::method(chain, "filter", vec![b::arrow(vec![target.clone()], cond, sp)], sp)
    }

    /// `extended`: `[e for a in xs for b in f(a) if c]` -> nested `flatMap`s yielding
    /// `[a, b]` tuples, then the caller maps over `([a, b]) => e`.
    fn multi_comprehension(&mut self, gens: &[py::Comprehension], sp: swc_common::Span) -> (Box<js::Expr>, js::Pat, Vec<String>) {
        let mut all_names: Vec<String> = Vec::new();
        let mut pats: Vec<js::Pat> = Vec::new();
        // Build from the innermost generator outwards.
        fn build(l: &mut Lowerer<'_>, gens: &[py::Comprehension], bound: &mut Vec<String>, pats: &mut Vec<js::Pat>, sp: swc_common::Span) -> Box<js::Expr> {
            let g = &gens[0];
            let iter = l.in_arrow(bound.clone(), |l| l.expr(&g.iter));
            let (target, names) = l.target_pattern(&g.target);
            bound.extend(names);
            pats.push(target.clone());
            let chain = l.filtered(iter, g, &target, bound.clone(), sp);
            if gens.len() == 1 {
                let tuple = b::array_of(bound.iter().map(|n| b::ident(n, sp)).collect(), sp);
                return b::method(chain, "map", vec![b::arrow(vec![target], tuple, sp)], sp);
            }
            let inner = build(l, &gens[1..], bound, pats, sp);
            b::method(chain, "flatMap", vec![b::arrow(vec![target], inner, sp)], sp)
        }
        let chain = self.in_arrow(vec![], |l| build(l, gens, &mut all_names, &mut pats, sp));
        let pattern = b::array_pat(all_names.iter().map(|n| b::pat(n, sp)).collect(), sp);
        (chain, pattern, all_names)
    }

    fn forbid_walrus_in(&mut self, gens: &[py::Comprehension], range: TextRange) {
        if gens.iter().any(|g| contains_walrus(&g.iter) || g.ifs.iter().any(contains_walrus)) {
            self.report(Code::WalrusPlacement, range, "Walrus operator inside comprehensions is not supported in browser codegen yet.", None);
        }
    }

    /// Pattern for a `for` target or comprehension variable: `x` or `[a, b]` (one level).
    pub fn target_pattern(&mut self, target: &Expr) -> (js::Pat, Vec<String>) {
        let sp = b::span(target.range());
        match target {
            Expr::Name(n) => (b::pat(n.id.as_str(), sp), vec![n.id.to_string()]),
            Expr::Tuple(py::ExprTuple { elts, .. }) | Expr::List(py::ExprList { elts, .. }) => {
                let mut pats = Vec::new();
                let mut names = Vec::new();
                for e in elts {
                    match e {
                        Expr::Name(n) => {
                            pats.push(b::pat(n.id.as_str(), b::span(n.range)));
                            names.push(n.id.to_string());
                        }
                        other if self.extended() => {
                            let (p, ns) = self.target_pattern(other);
                            pats.push(p);
                            names.extend(ns);
                        }
                        other => {
                            self.report(Code::NestedUnpacking, other.range(), "Nested unpacking is not supported in browser codegen.", None);
                        }
                    }
                }
                (b::array_pat(pats, sp), names)
            }
            other => {
                self.report(Code::UnsupportedTarget, other.range(), format!("Unsupported target in browser codegen: {}.", expr_kind(other)), None);
                (b::pat("_", sp), vec![])
            }
        }
    }

    /// Run `f` with `names` bound as arrow-function parameters.
    pub fn in_arrow<T>(&mut self, names: Vec<String>, f: impl FnOnce(&mut Self) -> T) -> T {
        self.arrow_scopes.push(names);
        let out = f(self);
        self.arrow_scopes.pop();
        out
    }

    fn lambda(&mut self, l: &py::ExprLambda) -> Box<js::Expr> {
        let sp = b::span(l.range);
        if contains_walrus(&l.body) {
            self.report(Code::WalrusPlacement, l.range, "Walrus operator inside lambda bodies is not supported in browser codegen yet.", None);
        }
        let mut params = Vec::new();
        let mut names = Vec::new();
        if let Some(p) = &l.parameters {
            for param in p.posonlyargs.iter().chain(p.args.iter()) {
                let name = param.parameter.name.as_str();
                names.push(name.to_string());
                match &param.default {
                    Some(d) => {
                        let d = self.expr(d);
                        self.warn(Code::ReferenceDefaults, param.range, format!("sprag build 0.1.24 drops the default of lambda parameter `{name}`. spragc keeps it."));
                        params.push(b::default_pat(name, d, b::span(param.range)));
                    }
                    None => params.push(b::pat(name, b::span(param.parameter.name.range))),
                }
            }
            if let Some(v) = &p.vararg {
                names.push(v.name.to_string());
                params.push(b::rest_pat(v.name.as_str(), b::span(v.range)));
            }
            if let Some(k) = &p.kwarg {
                self.report(Code::KwargsUnpack, k.range, format!("`**{}` parameter is not supported in browser codegen.", k.name.as_str()), Some("Accept a single dict argument instead."));
            }
        }
        let body = self.in_arrow(names, |lw| lw.expr(&l.body));
        b::arrow(params, body, sp)
    }

    fn walrus(&mut self, n: &py::ExprNamed) -> Box<js::Expr> {
        let sp = b::span(n.range);
        let Expr::Name(target) = &*n.target else {
            return self.error(Code::WalrusPlacement, n.range, "Walrus operator only supports simple name targets in browser codegen.", None);
        };
        let value = self.expr(&n.value);
        self.assign_type(target.id.as_str(), &n.value, None);
        b::paren(b::assign(js::AssignOp::Assign, b::ident_target(target.id.as_str(), b::span(target.range)), value, sp))
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
                                let value = self.expr(&interp.expression);
                                let value = self.format_spec(value, interp);
                                exprs.push(value);
                                quasis.push(String::new());
                            }
                        }
                    }
                }
            }
        }
        b::template(quasis, exprs, sp)
    }

    /// Apply an f-string format spec the reference would drop (`{x:.2f}` -> `toFixed(2)`).
    fn format_spec(&mut self, value: Box<js::Expr>, interp: &py::InterpolatedElement) -> Box<js::Expr> {
        let sp = b::span(interp.range);
        let Some(spec) = &interp.format_spec else { return value };
        let mut text = String::new();
        for element in spec.elements.iter() {
            match element {
                py::InterpolatedStringElement::Literal(lit) => text.push_str(&lit.value),
                py::InterpolatedStringElement::Interpolation(_) => {
                    self.warn(Code::ReferenceFormatSpec, spec.range, "sprag build 0.1.24 drops this format spec; spragc cannot apply a computed format spec either, so the value is printed unformatted.");
                    return value;
                }
            }
        }
        match apply_spec(value.clone(), &text, sp) {
            Some(formatted) => {
                self.warn(Code::ReferenceFormatSpec, spec.range, format!("sprag build 0.1.24 drops the format spec `:{text}` and prints the raw value. spragc applies it."));
                formatted
            }
            None => {
                self.warn(Code::ReferenceFormatSpec, spec.range, format!("sprag build 0.1.24 drops the format spec `:{text}`; spragc does not support this spec either, so the value is printed unformatted."));
                value
            }
        }
    }
}

impl Lowerer<'_> {
    /// The reference prints `a or b` as `(a) || (b)` with no outer parentheses, so as the
    /// operand of a tighter JavaScript operator it groups differently from Python
    /// (`"x: " + (v or "-")` becomes `("x: " + (v) || ("-"))`). spragc keeps Python's grouping.
    fn check_boolop_operands(&mut self, e: &Expr) {
        match e {
            Expr::BinOp(o) => {
                self.warn_boolop_operand(&o.left);
                self.warn_boolop_operand(&o.right);
            }
            Expr::Compare(c) => {
                self.warn_boolop_operand(&c.left);
                for operand in c.comparators.iter() {
                    self.warn_boolop_operand(operand);
                }
            }
            Expr::Attribute(a) => self.warn_boolop_operand(&a.value),
            Expr::Subscript(s) => self.warn_boolop_operand(&s.value),
            _ => {}
        }
    }

    fn warn_boolop_operand(&mut self, operand: &Expr) {
        if let Expr::BoolOp(bo) = operand {
            let op = if bo.op == py::BoolOp::And { "and" } else { "or" };
            self.warn(
                Code::ReferenceBoolOpPrecedence,
                bo.range,
                format!("sprag build 0.1.24 prints this `{op}` without its parentheses, so the surrounding operator captures only its first operand in JavaScript. spragc keeps Python's grouping."),
            );
        }
    }
}

/// `(globalThis.__SPRAG_IMPORTS__ || {})`.
fn imports_object(sp: swc_common::Span) -> Box<js::Expr> {
    b::paren(b::bin(BinaryOp::LogicalOr, b::member(b::ident("globalThis", sp), "__SPRAG_IMPORTS__", sp), b::object(vec![], sp), sp))
}

/// Translate a Python format spec into JavaScript, for the common numeric and padding forms.
fn apply_spec(value: Box<js::Expr>, spec: &str, sp: swc_common::Span) -> Option<Box<js::Expr>> {
    let num = |v: Box<js::Expr>| b::call(b::ident("Number", sp), vec![v], sp);
    let string = |v: Box<js::Expr>| b::call(b::ident("String", sp), vec![v], sp);
    if spec.is_empty() {
        return Some(value);
    }
    // [[fill]align][0][width][,][.precision][type]
    let chars: Vec<char> = spec.chars().collect();
    let mut i = 0;
    let mut fill = ' ';
    let mut align = None;
    if chars.len() >= 2 && matches!(chars[1], '<' | '>' | '^') {
        fill = chars[0];
        align = Some(chars[1]);
        i = 2;
    } else if !chars.is_empty() && matches!(chars[0], '<' | '>' | '^') {
        align = Some(chars[0]);
        i = 1;
    }
    let mut zero = false;
    if chars.get(i) == Some(&'0') {
        zero = true;
        i += 1;
    }
    let mut width = String::new();
    while i < chars.len() && chars[i].is_ascii_digit() {
        width.push(chars[i]);
        i += 1;
    }
    let mut grouping = false;
    if chars.get(i) == Some(&',') {
        grouping = true;
        i += 1;
    }
    let mut precision: Option<u32> = None;
    if chars.get(i) == Some(&'.') {
        i += 1;
        let mut p = String::new();
        while i < chars.len() && chars[i].is_ascii_digit() {
            p.push(chars[i]);
            i += 1;
        }
        precision = Some(p.parse().ok()?);
    }
    let ty = chars.get(i).copied();
    if i + usize::from(ty.is_some()) != chars.len() {
        return None;
    }
    let mut out = match (ty, precision, grouping) {
        (Some('f') | Some('F'), Some(p), false) => b::method(num(value), "toFixed", vec![b::num(p as f64, None, sp)], sp),
        (Some('%'), p, false) => {
            let scaled = b::pbin(BinaryOp::Mul, num(value), b::num(100.0, None, sp), sp);
            let fixed = b::method(scaled, "toFixed", vec![b::num(p.unwrap_or(6) as f64, None, sp)], sp);
            b::pbin(BinaryOp::Add, fixed, b::str_lit("%", sp), sp)
        }
        (None | Some('d') | Some('f'), p, true) => {
            let digits = p.unwrap_or(if ty == Some('f') { 6 } else { 0 });
            let opts = b::object(
                vec![
                    b::prop_ident("minimumFractionDigits", b::num(digits as f64, None, sp), sp),
                    b::prop_ident("maximumFractionDigits", b::num(digits as f64, None, sp), sp),
                ],
                sp,
            );
            let v = num(value);
            if p.is_none() && ty.is_none() {
                b::method(v, "toLocaleString", vec![b::str_lit("en-US", sp)], sp)
            } else {
                b::method(v, "toLocaleString", vec![b::str_lit("en-US", sp), opts], sp)
            }
        }
        (Some('d') | Some('s') | None, None, false) => string(value),
        (Some('x'), None, false) => b::method(num(value), "toString", vec![b::num(16.0, None, sp)], sp),
        (Some('b'), None, false) => b::method(num(value), "toString", vec![b::num(2.0, None, sp)], sp),
        _ => return None,
    };
    if !width.is_empty() {
        let w_num: u32 = width.parse().ok()?;
        let w = || b::num(w_num as f64, None, sp);
        let fill_lit = || b::str_lit(&fill.to_string(), sp);
        let numeric = matches!(ty, Some('d' | 'f' | 'F' | '%' | 'x' | 'b'));
        let s = || b::ident("__s", sp);
        // Each form is an arrow applied to the formatted string, so it is evaluated once.
        let body = match align {
            Some('<') => b::method(s(), "padEnd", vec![w(), fill_lit()], sp),
            Some('>') => b::method(s(), "padStart", vec![w(), fill_lit()], sp),
            Some('^') => {
                // Python centres with the extra fill on the right.
                let left = b::bin(
                    BinaryOp::Add,
                    b::member(s(), "length", sp),
                    b::call(b::member(b::ident("Math", sp), "floor", sp), vec![b::bin(BinaryOp::Div, b::paren(b::bin(BinaryOp::Sub, w(), b::member(s(), "length", sp), sp)), b::num(2.0, None, sp), sp)], sp),
                    sp,
                );
                b::method(b::method(s(), "padStart", vec![left, fill_lit()], sp), "padEnd", vec![w(), fill_lit()], sp)
            }
            _ if zero => {
                // Zero padding goes after the sign: `-0042`.
                let neg = b::method(s(), "startsWith", vec![b::str_lit("-", sp)], sp);
                let padded_neg = b::bin(
                    BinaryOp::Add,
                    b::str_lit("-", sp),
                    b::method(b::method(s(), "slice", vec![b::num(1.0, None, sp)], sp), "padStart", vec![b::num(w_num.saturating_sub(1) as f64, None, sp), b::str_lit("0", sp)], sp),
                    sp,
                );
                b::cond(neg, padded_neg, b::method(s(), "padStart", vec![w(), b::str_lit("0", sp)], sp), sp)
            }
            _ if numeric => b::method(s(), "padStart", vec![w(), fill_lit()], sp),
            _ => {
                // No type: numbers align right, everything else left, decided at run time.
                let is_num = b::bin(BinaryOp::EqEqEq, b::unary(js::UnaryOp::TypeOf, b::ident("__v", sp), sp), b::str_lit("number", sp), sp);
                let f = b::arrow(
                    vec![b::pat("__v", sp), b::pat("__s", sp)],
                    b::cond(is_num, b::method(s(), "padStart", vec![w(), fill_lit()], sp), b::method(s(), "padEnd", vec![w(), fill_lit()], sp), sp),
                    sp,
                );
                let raw = match &*out {
                    js::Expr::Call(c) if matches!(&c.callee, js::Callee::Expr(e) if matches!(&**e, js::Expr::Ident(i) if i.sym == "String")) => c.args[0].expr.clone(),
                    _ => out.clone(),
                };
                return Some(b::call(b::paren(f), vec![raw, out], sp));
            }
        };
        let f = b::arrow(vec![b::pat("__s", sp)], body, sp);
        out = b::call(b::paren(f), vec![out], sp);
    }
    Some(out)
}

/// The `n` of a literal `-n` index.
fn negative_int(e: &Expr) -> Option<i64> {
    if let Expr::UnaryOp(u) = e
        && u.op == py::UnaryOp::USub
            && let Expr::NumberLiteral(n) = &*u.operand
                && let Number::Int(i) = &n.value {
                    return i.as_i64().filter(|v| *v > 0);
                }
    None
}

fn is_self_state(e: &Expr) -> bool {
    matches!(e, Expr::Attribute(a) if a.attr.as_str() == "state" && matches!(&*a.value, Expr::Name(n) if n.id.as_str() == "self"))
}

/// Does `e` contain a walrus outside nested comprehensions/lambdas?
pub fn contains_walrus(e: &Expr) -> bool {
    use ruff_python_ast::visitor::{self, Visitor};
    struct Find(bool);
    impl<'a> Visitor<'a> for Find {
        fn visit_expr(&mut self, e: &'a Expr) {
            if matches!(e, Expr::Named(_)) {
                self.0 = true;
            } else {
                visitor::walk_expr(self, e);
            }
        }
    }
    let mut f = Find(false);
    f.visit_expr(e);
    f.0
}

fn binop_hint(op: py::Operator) -> (&'static str, &'static str) {
    use py::Operator as O;
    match op {
        O::FloorDiv => ("FloorDiv", "Use int(a / b) or Math.floor via browser.Math.floor(...) instead of //."),
        O::Pow => ("Pow", "Use browser.Math.pow(base, exp) instead of **."),
        O::LShift => ("LShift", "Bitwise left shift (<<) is not supported in browser codegen."),
        O::RShift => ("RShift", "Bitwise right shift (>>) is not supported in browser codegen."),
        O::BitAnd => ("BitAnd", "Bitwise AND (&) is not supported in browser codegen."),
        O::BitXor => ("BitXor", "Bitwise XOR (^) is not supported in browser codegen."),
        _ => ("MatMult", "Matrix multiply (@) is not supported in browser codegen."),
    }
}

/// Python AST class name of an expression, for messages that mirror the reference's.
pub fn expr_kind(e: &Expr) -> &'static str {
    match e {
        Expr::Subscript(_) => "Subscript",
        Expr::Starred(_) => "Starred",
        Expr::Attribute(_) => "Attribute",
        Expr::Name(_) => "Name",
        Expr::Call(_) => "Call",
        Expr::Tuple(_) => "Tuple",
        Expr::List(_) => "List",
        _ => "expression",
    }
}
