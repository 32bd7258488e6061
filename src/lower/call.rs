//! Calls: Python builtins, list/str/dict methods, stores, timers, class instantiation and
//! plain calls. `ui.*` and `dom.*` calls are in `ui.rs`.

use ruff_python_ast::{self as py, Expr};
use ruff_text_size::{Ranged, TextRange};
use swc_common::Span;
use swc_ecma_ast::{self as js, BinaryOp};

use super::build as b;
use super::types::PyType;
use super::Lowerer;
use crate::diagnostics::Code;
use crate::names::store_method;
use crate::project::{Literal, Resolved};

/// Builtins the reference compiles itself (`_BUILTIN_CALLS`).
const REFERENCE_BUILTINS: &[&str] = &["len", "str", "int", "float", "bool", "abs", "min", "max", "round", "print", "range", "sum", "getattr"];

/// Builtins the reference leaves as undefined JavaScript names, which spragc compiles.
const EXTRA_BUILTINS: &[&str] = &[
    "sorted", "reversed", "enumerate", "zip", "any", "all", "list", "tuple", "dict", "set", "isinstance", "map", "filter", "chr", "ord",
];

const KWARGS_CALL_HINT: &str = "`**kwargs` unpack in a function call is not supported in browser codegen — spread into a dict literal first, e.g. `f({**kwargs, ...})` and have the callee accept a single dict.";

impl Lowerer<'_> {
    /// Lower a call expression.
    pub fn call(&mut self, c: &py::ExprCall) -> Box<js::Expr> {
        let sp = b::span(c.range());
        let args = &c.arguments;
        if let Expr::Name(n) = &*c.func {
            let name = n.id.as_str();
            match self.sprag_symbol(name) {
                Some("env") => return self.env_call(c),
                Some("public_env") => {
                    if !args.args.is_empty() || !args.keywords.is_empty() {
                        return self.error(Code::EnvCall, c.range(), "public_env() does not take arguments in browser code.", None);
                    }
                    self.used.env = true;
                    return b::call(b::ident("__spragPublicEnv", sp), vec![], sp);
                }
                _ => {}
            }
            if REFERENCE_BUILTINS.contains(&name) {
                return self.builtin(name, c);
            }
        }
        if let Expr::Attribute(a) = &*c.func {
            if let Some(out) = self.list_sort(a, c) {
                return out;
            }
            if args.keywords.is_empty()
                && let Some(out) = self.python_method(a, c) {
                    return out;
                }
        }
        if let Expr::Name(n) = &*c.func
            && !self.is_local(n.id.as_str())
                && let Resolved::Class(idx) = self.resolve_global(n.id.as_str()) {
                    let callee = self.name(n.id.as_str(), n.range);
                    let _ = idx;
                    let mut out = self.positional_args(&args.args);
                    for k in args.keywords.iter() {
                        out.push(b::arg(self.expr(&k.value)));
                    }
                    return b::new(callee, out, sp);
                }
        if let Expr::Attribute(a) = &*c.func {
            if let Expr::Name(root) = &*a.value {
                let root_name = root.id.as_str();
                if self.is_namespace(root_name, "ui") {
                    return self.ui_call(a.attr.as_str(), c);
                }
                if self.is_namespace(root_name, "dom") {
                    return self.dom_call(a.attr.as_str(), c);
                }
                if root_name == "self" && matches!(a.attr.as_str(), "timeout" | "interval") && args.args.len() == 2 {
                    return self.timer(a.attr.as_str(), c);
                }
                if root_name == "self" && a.attr.as_str() == "subscribe" && args.args.len() == 2
                    && let Expr::Name(store) = &args.args[0]
                        && let Resolved::Store(store_name) = self.resolve_global(store.id.as_str())
                            && !self.is_local(store.id.as_str()) {
                                self.used.stores.insert(store_name.clone());
                                let f = self.positional_args(&args.args[1..2]).remove(0).expr;
                                let sub = b::method(b::ident(&store_name, b::span(store.range)), "subscribe", vec![f], sp);
                                return b::method(b::this(sp), "addCleanup", vec![sub], sp);
                            }
                if !self.is_local(root_name)
                    && let (Resolved::Store(store_name), Some(js_method)) = (self.resolve_global(root_name), store_method(a.attr.as_str())) {
                        return self.store_call(&store_name, js_method, a, c);
                    }
            }
            if a.attr.as_str() == "get" {
                return self.dict_get(a, c);
            }
            if let Some(out) = self.dict_method(a, c) {
                return out;
            }
        }
        if let Expr::Name(n) = &*c.func {
            let name = n.id.as_str();
            if EXTRA_BUILTINS.contains(&name) && self.is_builtin_name(name)
                && let Some(out) = self.extra_builtin(name, c) {
                    return out;
                }
        }
        self.plain_call(c)
    }

    /// `f(a, *b, k=v)` -> `f(a, ...b, v)`, the reference's shape, with keyword arguments
    /// to the class's own methods placed by parameter name.
    fn plain_call(&mut self, c: &py::ExprCall) -> Box<js::Expr> {
        let sp = b::span(c.range());
        let callee = match &*c.func {
            Expr::Attribute(a) => self.attribute(a, true),
            other => self.expr(other),
        };
        let mut out = self.positional_args(&c.arguments.args);
        if let Some(params) = self.method_params(&c.func)
            && !c.arguments.keywords.is_empty() && c.arguments.keywords.iter().all(|k| k.arg.is_some())
                && let Some(placed) = self.place_keywords(&params, c, out.len()) {
                    out.extend(placed);
                    return b::call_spread(callee, out, sp);
                }
        out.extend(self.keyword_values(&c.arguments.keywords));
        b::call_spread(callee, out, sp)
    }

    /// Positional arguments; `*xs` spreads (rejected in methods by the reference's lint).
    pub fn positional_args(&mut self, args: &[Expr]) -> Vec<js::ExprOrSpread> {
        let mut out = Vec::with_capacity(args.len());
        for a in args {
            let quiet = std::mem::replace(&mut self.quiet_bind, matches!(a, Expr::Attribute(_)));
            match a {
                Expr::Starred(s) if self.in_helper || self.extended() => {
                    let inner = self.expr(&s.value);
                    out.push(b::spread(inner, b::span(s.range)));
                }
                _ => out.push(b::arg(self.expr(a))),
            }
            self.quiet_bind = quiet;
        }
        out
    }

    /// Keyword argument values in written order, as the reference passes them.
    pub fn keyword_values(&mut self, keywords: &[py::Keyword]) -> Vec<js::ExprOrSpread> {
        let mut out = Vec::with_capacity(keywords.len());
        for k in keywords {
            if k.arg.is_none() {
                self.report(Code::KwargsUnpack, k.range, "`**kwargs` unpack in a function call is not supported in browser codegen.", Some(KWARGS_CALL_HINT));
                continue;
            }
            out.push(b::arg(self.expr(&k.value)));
        }
        out
    }

    /// Parameter names (after `self`) of `self.<method>` when the callee is one of the
    /// class's own methods.
    fn method_params(&self, func: &Expr) -> Option<Vec<String>> {
        let Expr::Attribute(a) = func else { return None };
        let Expr::Name(root) = &*a.value else { return None };
        if root.id.as_str() != "self" {
            return None;
        }
        let class = self.class?;
        let def = class.methods.get(a.attr.as_str())?;
        let p = &def.parameters;
        if p.vararg.is_some() || !p.kwonlyargs.is_empty() {
            return None;
        }
        Some(p.posonlyargs.iter().chain(p.args.iter()).skip(1).map(|p| p.parameter.name.to_string()).collect())
    }

    /// Put keyword arguments where the method's parameters are; `undefined` fills gaps.
    fn place_keywords(&mut self, params: &[String], c: &py::ExprCall, positional: usize) -> Option<Vec<js::ExprOrSpread>> {
        let sp = b::span(c.range());
        let mut slots: Vec<Option<&Expr>> = vec![None; params.len().saturating_sub(positional)];
        for k in c.arguments.keywords.iter() {
            let name = k.arg.as_ref()?.as_str();
            let idx = params.iter().position(|p| p == name)?;
            if idx < positional {
                return None;
            }
            slots[idx - positional] = Some(&k.value);
        }
        while matches!(slots.last(), Some(None)) {
            slots.pop();
        }
        let in_order = slots.iter().flatten().count() == c.arguments.keywords.len()
            && slots.iter().all(Option::is_some)
            && c.arguments.keywords.iter().zip(slots.iter()).all(|(k, s)| std::ptr::eq(&k.value, s.unwrap()));
        if !in_order {
            self.warn(
                Code::ReferenceKeywordOrder,
                c.range(),
                "sprag build 0.1.24 passes keyword arguments positionally in the order written, ignoring the parameter names. spragc passes each one to the parameter it names.",
            );
        }
        Some(slots.into_iter().map(|s| b::arg(match s { Some(e) => self.expr(e), None => b::undefined(sp) })).collect())
    }

    fn arity(&mut self, name: &str, c: &py::ExprCall, ok: bool, expected: &str) -> bool {
        if !ok {
            self.report(Code::Arity, c.range(), format!("{name}() expects {expected} argument(s) in browser codegen."), None);
        }
        ok
    }

    /// The builtins the reference compiles (`len`, `str`, `min`, `range`, ...).
    fn builtin(&mut self, name: &str, c: &py::ExprCall) -> Box<js::Expr> {
        let sp = b::span(c.range());
        let n = c.arguments.args.len();
        let first_ty = c.arguments.args.first().and_then(|a| self.type_of(a));
        let needs_one = matches!(name, "len" | "str" | "int" | "float" | "bool" | "abs" | "round");
        if needs_one && !self.arity(name, c, n >= 1, "1") {
            return b::undefined(sp);
        }
        let args: Vec<Box<js::Expr>> = c.arguments.args.iter().map(|a| self.expr(a)).collect();
        let math = |f: &str, args: Vec<Box<js::Expr>>| b::call(b::member(b::ident("Math", sp), f, sp), args, sp);
        let mut args = args.into_iter();
        match name {
            "len" => {
                let x = args.next().unwrap();
                if first_ty == Some(PyType::Set) {
                    return b::member(b::paren(x), "size", sp);
                }
                if first_ty == Some(PyType::Dict) {
                    self.warn(Code::ReferenceDictMethod, c.range(), "sprag build 0.1.24 compiles len() of a dict to `.length`, which is undefined for objects. spragc counts its keys.");
                    return b::member(b::call(b::member(b::ident("Object", sp), "keys", sp), vec![x], sp), "length", sp);
                }
                b::member(b::paren(x), "length", sp)
            }
            "str" => b::call(b::ident("String", sp), vec![args.next().unwrap()], sp),
            "int" => math("trunc", vec![b::call(b::ident("Number", sp), vec![args.next().unwrap()], sp)]),
            "float" => b::call(b::ident("Number", sp), vec![args.next().unwrap()], sp),
            "bool" => {
                let x = args.next().unwrap();
                match first_ty {
                    Some(PyType::List) => {
                        self.warn(Code::ReferenceTruthiness, c.range(), "sprag build 0.1.24 compiles bool(xs) to `Boolean(xs)`, which is true for an empty array. spragc tests its length.");
                        b::pbin(BinaryOp::Gt, b::member(x, "length", sp), b::num(0.0, Some("0"), sp), sp)
                    }
                    Some(PyType::Dict) => {
                        self.warn(Code::ReferenceTruthiness, c.range(), "sprag build 0.1.24 compiles bool(d) to `Boolean(d)`, which is true for an empty object. spragc tests its key count.");
                        b::pbin(BinaryOp::Gt, b::member(b::call(b::member(b::ident("Object", sp), "keys", sp), vec![x], sp), "length", sp), b::num(0.0, Some("0"), sp), sp)
                    }
                    _ => b::call(b::ident("Boolean", sp), vec![x], sp),
                }
            }
            "abs" => math("abs", vec![args.next().unwrap()]),
            "min" | "max" => {
                let key = c.arguments.keywords.iter().find(|k| k.arg.as_ref().is_some_and(|a| a.as_str() == "key"));
                if n == 1 {
                    let xs = args.next().unwrap();
                    if let Some(key) = key {
                        let f = self.expr(&key.value);
                        self.warn(Code::ReferenceMinMax, c.range(), format!("sprag build 0.1.24 compiles {name}(xs, key=...) to `Math.{name}(xs)`, ignoring `key` (NaN). spragc picks the item with the {} key.", if name == "min" { "smallest" } else { "largest" }));
                        let cmp = if name == "min" { BinaryOp::Lt } else { BinaryOp::Gt };
                        let pick = b::arrow(
                            vec![b::pat("__a", sp), b::pat("__b", sp)],
                            b::cond(b::bin(cmp, b::call(f.clone(), vec![b::ident("__b", sp)], sp), b::call(f, vec![b::ident("__a", sp)], sp), sp), b::ident("__b", sp), b::ident("__a", sp), sp),
                            sp,
                        );
                        return b::method(b::call(b::member(b::ident("Array", sp), "from", sp), vec![xs], sp), "reduce", vec![pick], sp);
                    }
                    self.warn(Code::ReferenceMinMax, c.range(), format!("sprag build 0.1.24 compiles {name}(xs) to `Math.{name}(xs)`, which is NaN for a list. spragc spreads the items."));
                    return b::call_spread(b::member(b::ident("Math", sp), name, sp), vec![b::spread(xs, sp)], sp);
                }
                math(name, args.collect())
            }
            "round" => {
                let x = args.next().unwrap();
                if let Some(digits) = args.next() {
                    self.warn(Code::ReferenceRound, c.range(), "sprag build 0.1.24 compiles round(x, n) to `Math.round(x)`, dropping the digits. spragc rounds to n digits.");
                    let scale = b::pbin(BinaryOp::Exp, b::num(10.0, Some("10"), sp), digits, sp);
                    let scaled = math("round", vec![b::bin(BinaryOp::Mul, x, scale.clone(), sp)]);
                    return b::pbin(BinaryOp::Div, scaled, scale, sp);
                }
                math("round", vec![x])
            }
            "print" => b::call(b::member(b::ident("console", sp), "log", sp), args.collect(), sp),
            "range" => {
                if !self.arity(name, c, (1..=3).contains(&n), "1-3") {
                    return b::undefined(sp);
                }
                let a: Vec<_> = args.collect();
                range_array(a, sp)
            }
            "sum" => {
                if !self.arity(name, c, (1..=2).contains(&n), "1-2") {
                    return b::undefined(sp);
                }
                let xs = args.next().unwrap();
                let start = args.next().unwrap_or_else(|| b::num(0.0, Some("0"), sp));
                let add = b::arrow(vec![b::pat("__sum", sp), b::pat("__value", sp)], b::bin(BinaryOp::Add, b::ident("__sum", sp), b::ident("__value", sp), sp), sp);
                let base = b::paren(b::bin(BinaryOp::LogicalOr, b::paren(xs), b::array(vec![], sp), sp));
                b::paren(b::method(base, "reduce", vec![add, start], sp))
            }
            "getattr" => {
                if !self.arity(name, c, (2..=3).contains(&n), "2-3") {
                    return b::undefined(sp);
                }
                let obj = args.next().unwrap();
                let key = args.next().unwrap();
                let default = args.next().unwrap_or_else(|| b::undefined(sp));
                let opt = Box::new(js::Expr::OptChain(js::OptChainExpr {
                    span: sp,
                    optional: true,
                    base: Box::new(js::OptChainBase::Member(js::MemberExpr {
                        span: sp,
                        obj: b::paren(obj),
                        prop: js::MemberProp::Computed(js::ComputedPropName { span: sp, expr: key }),
                    })),
                }));
                b::paren(b::bin(BinaryOp::NullishCoalescing, opt, default, sp))
            }
            _ => b::undefined(sp),
        }
    }

    /// List and str methods on receivers known to be lists or strings.
    fn python_method(&mut self, a: &py::ExprAttribute, c: &py::ExprCall) -> Option<Box<js::Expr>> {
        let attr = a.attr.as_str();
        let receiver_type = self.type_of(&a.value)?;
        if receiver_type == PyType::Dict {
            return None;
        }
        let sp = b::span(c.range());
        let n = c.arguments.args.len();
        let is_attr = matches!(&*a.value, Expr::Attribute(inner) if matches!(&*inner.value, Expr::Name(r) if r.id.as_str() == "self"));
        let known_list_method = matches!(attr, "append" | "extend" | "insert" | "pop" | "clear" | "index" | "count" | "copy" | "remove" | "join");
        let known_str_method = matches!(attr, "startswith" | "endswith" | "find" | "rfind" | "lstrip" | "rstrip" | "replace" | "join" | "split" | "strip");
        if receiver_type == PyType::Str && attr == "split" && n == 2 {
            return self.split_max(a, c);
        }
        let handled = match receiver_type {
            PyType::List => known_list_method,
            PyType::Str => known_str_method || attr == "count",
            PyType::Dict | PyType::Set => false,
        };
        if !handled {
            return None;
        }
        if receiver_type == PyType::List && is_attr && attr != "join" {
            self.warn(
                Code::ReferenceListMethod,
                c.range(),
                format!(
                    "sprag build 0.1.24 compiles this to `{}.{attr}(...)`, which throws in the browser (JavaScript arrays have no `{attr}`). spragc emits the array method.",
                    self.text(a.value.range()).replace("self.", "this.")
                ),
            );
        }
        let obj = self.expr(&a.value);
        let args: Vec<Box<js::Expr>> = c.arguments.args.iter().map(|x| self.expr(x)).collect();
        // The reference checks argument counts of the methods it lowers (`_expect_arg_count`).
        let arity: Option<(usize, usize)> = match (receiver_type, attr) {
            (PyType::List, "append" | "extend" | "count" | "remove" | "join") | (PyType::Str, "join") => Some((1, 1)),
            (PyType::List, "insert") => Some((2, 2)),
            (PyType::List, "copy") | (PyType::Str, "lstrip" | "rstrip") => Some((0, 0)),
            (PyType::List, "index") | (PyType::Str, "startswith" | "endswith" | "find" | "rfind") => Some((1, 2)),
            _ => None,
        };
        if let Some((lo, hi)) = arity {
            let expected = if lo == hi { lo.to_string() } else { format!("{lo}-{hi}") };
            if !self.arity(attr, c, (lo..=hi).contains(&n), &expected) {
                return Some(b::undefined(sp));
            }
        }
        Some(match (receiver_type, attr) {
            (PyType::List, "append") => {
                b::method(obj, "push", args, sp)
            }
            (PyType::List, "extend") => {
                let arg = args.into_iter().next().unwrap();
                b::call_spread(b::member(obj, "push", sp), vec![b::spread(arg, sp)], sp)
            }
            (PyType::List, "insert") => {
                let mut it = args.into_iter();
                let (i, v) = (it.next().unwrap(), it.next().unwrap());
                b::method(obj, "splice", vec![i, b::num(0.0, Some("0"), sp), v], sp)
            }
            (PyType::List, "pop") if n == 0 => b::method(obj, "pop", vec![], sp),
            (PyType::List, "pop") if n == 1 => {
                let i = args.into_iter().next().unwrap();
                b::index(b::method(obj, "splice", vec![i, b::num(1.0, Some("1"), sp)], sp), b::num(0.0, Some("0"), sp), sp)
            }
            (PyType::List, "clear") if n == 0 => {
                let len = b::member(obj.clone(), "length", sp);
                b::method(obj, "splice", vec![b::num(0.0, Some("0"), sp), len], sp)
            }
            (PyType::List, "index") => {
                b::method(obj, "indexOf", args, sp)
            }
            (PyType::List, "count") => {
                let v = args.into_iter().next().unwrap();
                let eq = b::arrow(vec![b::pat("__value", sp)], b::bin(BinaryOp::EqEqEq, b::ident("__value", sp), v, sp), sp);
                let base = b::paren(b::bin(BinaryOp::LogicalOr, b::paren(obj), b::array(vec![], sp), sp));
                b::member(b::method(base, "filter", vec![eq], sp), "length", sp)
            }
            (PyType::List, "copy") => {
                b::method(obj, "slice", vec![], sp)
            }
            (PyType::List, "remove") => {
                let v = args.into_iter().next().unwrap();
                self.warn(Code::ReferenceListRemove, c.range(), "sprag build 0.1.24 compiles xs.remove(v) to `xs.splice(xs.indexOf(v), 1)`, which removes the last item when v is missing. spragc raises, as Python does.");
                // ((__xs, __i) => { if (__i < 0) throw ...; __xs.splice(__i, 1); })(xs, xs.indexOf(v))
                let check = b::if_stmt(
                    b::bin(BinaryOp::Lt, b::ident("__i", sp), b::num(0.0, Some("0"), sp), sp),
                    vec![b::throw(b::new(b::ident("Error", sp), vec![b::arg(b::str_lit("list.remove(x): x not in list", sp))], sp), sp)],
                    None,
                    sp,
                );
                let splice = b::expr_stmt(b::method(b::ident("__xs", sp), "splice", vec![b::ident("__i", sp), b::num(1.0, Some("1"), sp)], sp), sp);
                let f = b::arrow_block(vec![b::pat("__xs", sp), b::pat("__i", sp)], vec![check, splice], sp);
                let idx = b::method(obj.clone(), "indexOf", vec![v], sp);
                if b::is_simple(&obj) {
                    b::call(b::paren(f), vec![obj, idx], sp)
                } else {
                    let g = b::arrow(vec![b::pat("__ys", sp)], b::call(b::paren(f), vec![b::ident("__ys", sp), b::method(b::ident("__ys", sp), "indexOf", vec![idx_arg(&idx)], sp)], sp), sp);
                    b::call(b::paren(g), vec![obj], sp)
                }
            }
            (PyType::List, "join") => {
                b::method(obj, "join", args, sp)
            }
            (PyType::Str, "startswith" | "endswith" | "find" | "rfind") => {
                let js_name = match attr {
                    "startswith" => "startsWith",
                    "endswith" => "endsWith",
                    "find" => "indexOf",
                    _ => "lastIndexOf",
                };
                b::method(obj, js_name, args, sp)
            }
            (PyType::Str, "lstrip" | "rstrip") => {
                b::method(obj, if attr == "lstrip" { "trimStart" } else { "trimEnd" }, vec![], sp)
            }
            (PyType::Str, "replace") if n == 2 => b::method(obj, "replaceAll", args, sp),
            (PyType::Str, "replace") if n > 2 => {
                return Some(self.error(Code::Arity, c.range(), "replace(old, new, count) is not supported in browser codegen.", None));
            }
            (PyType::Str, "join") => {
                let xs = args.into_iter().next().unwrap();
                b::method(xs, "join", vec![obj], sp)
            }
            (PyType::Str, "split") if n == 0 => {
                self.warn(Code::ReferenceSplit, c.range(), "sprag build 0.1.24 compiles s.split() to `s.split()`, which returns the whole string in a list. spragc splits on runs of whitespace, as Python does.");
                let trimmed = b::method(obj, "trim", vec![], sp);
                let parts = b::method(trimmed, "split", vec![whitespace_regex(sp)], sp);
                b::method(parts, "filter", vec![b::ident("Boolean", sp)], sp)
            }
            (PyType::Str, "strip") if n == 1 => return self.strip_chars(obj, &c.arguments.args[0], c.range()),
            (PyType::Str, "count") if n == 1 => {
                // Non-overlapping occurrences, as Python counts them.
                let sub = args.into_iter().next().unwrap();
                b::pbin(BinaryOp::Sub, b::member(b::method(obj, "split", vec![sub], sp), "length", sp), b::num(1.0, Some("1"), sp), sp)
            }
            _ => return None,
        })
    }

    /// `xs.sort(key=..., reverse=...)` on a list: a comparator that orders like Python.
    pub fn list_sort(&mut self, a: &py::ExprAttribute, c: &py::ExprCall) -> Option<Box<js::Expr>> {
        if a.attr.as_str() != "sort" || !c.arguments.args.is_empty() || self.type_of(&a.value) != Some(PyType::List) {
            return None;
        }
        let sp = b::span(c.range());
        let mut key = None;
        let mut descending = false;
        for k in c.arguments.keywords.iter() {
            match k.arg.as_ref().map(|a| a.as_str()) {
                Some("key") => key = Some(self.expr(&k.value)),
                Some("reverse") => descending = Literal::eval(&k.value)?.truthy(),
                _ => return None,
            }
        }
        let obj = self.expr(&a.value);
        self.warn(Code::ReferenceListSort, c.range(), "sprag build 0.1.24 compiles xs.sort() to JavaScript `sort()`, which orders numbers as strings (10 before 9) and ignores key=/reverse=. spragc passes a comparator that orders like Python.");
        Some(b::method(obj, "sort", vec![comparator(key, descending, sp)], sp))
    }

    /// `s.split(sep, n)`: at most n splits, the rest kept whole (JavaScript's limit drops it).
    fn split_max(&mut self, a: &py::ExprAttribute, c: &py::ExprCall) -> Option<Box<js::Expr>> {
        let sp = b::span(c.range());
        let sep_expr = &c.arguments.args[0];
        let n = Literal::eval(&c.arguments.args[1]).and_then(|l| if let Literal::Int(i) = l { Some(i) } else { None })?;
        let obj = self.expr(&a.value);
        let sep = self.expr(sep_expr);
        if !b::is_simple(&sep) {
            return None;
        }
        self.warn(Code::ReferenceSplit, c.range(), "sprag build 0.1.24 compiles s.split(sep, n) to `s.split(sep, n)`, whose limit drops the rest of the string. spragc keeps the remainder as the last item, as Python does.");
        if n < 0 {
            return Some(b::method(obj, "split", vec![sep], sp));
        }
        let parts = || b::ident("__p", sp);
        let nn = || b::num(n as f64, Some(&n.to_string()), sp);
        let joined = b::method(b::method(parts(), "slice", vec![nn()], sp), "join", vec![sep.clone()], sp);
        let head = b::method(parts(), "slice", vec![b::num(0.0, Some("0"), sp), nn()], sp);
        let body = b::cond(
            b::bin(BinaryOp::Gt, b::member(parts(), "length", sp), b::num((n + 1) as f64, None, sp), sp),
            b::array(vec![b::spread(head, sp), b::arg(joined)], sp),
            parts(),
            sp,
        );
        let f = b::arrow(vec![b::pat("__p", sp)], body, sp);
        Some(b::call(b::paren(f), vec![b::method(obj, "split", vec![sep], sp)], sp))
    }

    /// `s.strip("/")`: the reference emits `s.trim("/")`, which ignores the argument.
    fn strip_chars(&mut self, obj: Box<js::Expr>, chars: &Expr, range: TextRange) -> Option<Box<js::Expr>> {
        let Some(Literal::Str(set)) = Literal::eval(chars) else { return None };
        let sp = b::span(range);
        let class: String = set.chars().map(|ch| if "\\]^-[".contains(ch) { format!("\\{ch}") } else { ch.to_string() }).collect();
        let pattern = format!("^[{class}]+|[{class}]+$");
        self.warn(Code::ReferenceStrMethod, range, "sprag build 0.1.24 compiles s.strip(chars) to `s.trim(chars)`, which ignores `chars`. spragc strips those characters.");
        let re = Box::new(js::Expr::Lit(js::Lit::Regex(js::Regex { span: sp, exp: pattern.into(), flags: "g".into() })));
        Some(b::method(obj, "replace", vec![re, b::str_lit("", sp)], sp))
    }

    /// `d.get(k, default)` -> `((d[k] ?? default))`, as the reference compiles any `.get`.
    fn dict_get(&mut self, a: &py::ExprAttribute, c: &py::ExprCall) -> Box<js::Expr> {
        let sp = b::span(c.range());
        if c.arguments.args.is_empty() {
            return self.error(Code::Arity, c.range(), "get() expects 1-2 argument(s) in browser codegen.", None);
        }
        let obj = self.expr(&a.value);
        let key = self.expr(&c.arguments.args[0]);
        let default = match c.arguments.args.get(1) {
            Some(d) => self.expr(d),
            None => b::undefined(sp),
        };
        b::paren(b::paren(b::bin(BinaryOp::NullishCoalescing, b::index(obj, key, sp), default, sp)))
    }

    /// `d.items()`, and on known dicts `d.keys()`, `d.values()`, `d.copy()`, `d.update(x)`.
    fn dict_method(&mut self, a: &py::ExprAttribute, c: &py::ExprCall) -> Option<Box<js::Expr>> {
        let attr = a.attr.as_str();
        let sp = b::span(c.range());
        let on_self = matches!(&*a.value, Expr::Name(n) if n.id.as_str() == "self");
        if on_self || !c.arguments.keywords.is_empty() {
            return None;
        }
        let is_dict = self.type_of(&a.value) == Some(PyType::Dict);
        let n = c.arguments.args.len();
        let object_fn = |l: &mut Self, f: &str| {
            let obj = l.expr(&a.value);
            b::call(b::member(b::ident("Object", sp), f, sp), vec![obj], sp)
        };
        let out = match attr {
            "items" if n == 0 => object_fn(self, "entries"),
            "keys" if n == 0 && is_dict => object_fn(self, "keys"),
            "values" if n == 0 && is_dict => object_fn(self, "values"),
            "copy" if n == 0 && is_dict => {
                let obj = self.expr(&a.value);
                return Some(b::paren(b::object(vec![b::prop_spread(obj, sp)], sp)));
            }
            "update" if n == 1 && is_dict => {
                let obj = self.expr(&a.value);
                let other = self.expr(&c.arguments.args[0]);
                b::call(b::member(b::ident("Object", sp), "assign", sp), vec![obj, other], sp)
            }
            _ => return None,
        };
        self.warn(Code::ReferenceDictMethod, c.range(), format!("sprag build 0.1.24 compiles d.{attr}() unchanged, and plain JavaScript objects have no `{attr}` method. spragc uses the Object equivalent."));
        Some(out)
    }

    /// `self.timeout(fn, seconds)` -> `this.timeout(fn, ms)`.
    fn timer(&mut self, which: &str, c: &py::ExprCall) -> Box<js::Expr> {
        let sp = b::span(c.range());
        let fn_arg = &c.arguments.args[0];
        let secs = &c.arguments.args[1];
        let f = if self.self_method(fn_arg).is_some() {
            let Expr::Attribute(a) = fn_arg else { unreachable!() };
            let m = self.attribute(a, true);
            b::arrow(vec![], b::call(m, vec![], sp), sp)
        } else {
            self.expr(fn_arg)
        };
        let ms = match Literal::eval(secs).and_then(|l| match l {
            Literal::Int(i) => Some(i as f64),
            Literal::Float(f) => Some(f),
            _ => None,
        }) {
            Some(v) => {
                let ms = (v * 1000.0).trunc();
                b::num(ms, Some(&format!("{}", ms as i64)), b::span(secs.range()))
            }
            None => {
                let s = self.expr(secs);
                b::pbin(BinaryOp::Mul, s, b::num(1000.0, Some("1000"), sp), sp)
            }
        };
        b::method(b::this(sp), which, vec![f, ms], sp)
    }

    /// `store.method(...)` on a store bridge; `subscribe` keywords become an options object.
    fn store_call(&mut self, store: &str, js_method: &str, a: &py::ExprAttribute, c: &py::ExprCall) -> Box<js::Expr> {
        let sp = b::span(c.range());
        self.used.stores.insert(store.to_string());
        let mut args = self.positional_args(&c.arguments.args);
        if a.attr.as_str() == "subscribe" {
            if !c.arguments.keywords.is_empty() {
                let mut props = Vec::new();
                for k in c.arguments.keywords.iter() {
                    match &k.arg {
                        Some(name) => {
                            let quiet = std::mem::replace(&mut self.quiet_bind, true);
                            let v = self.expr(&k.value);
                            self.quiet_bind = quiet;
                            props.push(b::prop_ident(name.as_str(), v, b::span(k.range)));
                        }
                        None => self.report(Code::KwargsUnpack, k.range, "`**kwargs` unpack in a function call is not supported in browser codegen.", Some(KWARGS_CALL_HINT)),
                    }
                }
                args.push(b::arg(b::object(props, sp)));
            }
        } else {
            args.extend(self.keyword_values(&c.arguments.keywords));
        }
        let receiver = match &*a.value {
            Expr::Name(n) => b::ident(store, b::span(n.range)),
            _ => b::ident(store, sp),
        };
        b::call_spread(b::member(receiver, js_method, b::span(a.attr.range)), args, sp)
    }

    /// `env("SPRAG_PUBLIC_X", default, cast=int)` -> `__spragEnv(...)` with the env prelude.
    fn env_call(&mut self, c: &py::ExprCall) -> Box<js::Expr> {
        let sp = b::span(c.range());
        let args = &c.arguments;
        if args.args.is_empty() {
            return self.error(Code::EnvCall, c.range(), "env(...) requires at least the variable name.", None);
        }
        if args.args.len() > 2 {
            return self.error(Code::EnvCall, c.range(), "Browser env(...) supports at most two positional args: name and default.", None);
        }
        let mut cast = b::null(sp);
        let mut required = b::bool_lit(false, sp);
        for k in args.keywords.iter() {
            match k.arg.as_ref().map(|a| a.as_str()) {
                Some("cast") => {
                    cast = match &k.value {
                        Expr::Name(n) if matches!(n.id.as_str(), "str" | "int" | "float" | "bool") => b::str_lit(n.id.as_str(), b::span(n.range)),
                        Expr::NoneLiteral(_) => b::null(sp),
                        other => return self.error(Code::EnvCall, other.range(), "Browser env(..., cast=...) only supports str, int, float, bool, or None.", None),
                    }
                }
                Some("required") => required = self.expr(&k.value),
                other => {
                    let shown = match other {
                        Some(name) => format!("'{name}'"),
                        None => "None".to_string(),
                    };
                    return self.error(Code::EnvCall, k.range, format!("Unsupported env(...) keyword in browser codegen: {shown}"), None);
                }
            }
        }
        self.used.env = true;
        let key = self.expr(&args.args[0]);
        let fallback = match args.args.get(1) {
            Some(d) => self.expr(d),
            None => b::ident("__SPRAG_ENV_MISSING__", sp),
        };
        let opts = b::object(vec![b::prop_ident("cast", cast, sp), b::prop_ident("required", required, sp)], sp);
        b::call(b::ident("__spragEnv", sp), vec![key, fallback, opts], sp)
    }

    /// Python builtins the reference leaves undefined, compiled with Python's meaning.
    fn extra_builtin(&mut self, name: &str, c: &py::ExprCall) -> Option<Box<js::Expr>> {
        let sp = b::span(c.range());
        let args = &c.arguments;
        let n = args.args.len();
        let kw = |k: &str| args.keywords.iter().find(|x| x.arg.as_ref().is_some_and(|a| a.as_str() == k));
        let array_from = |x: Box<js::Expr>| b::call(b::member(b::ident("Array", sp), "from", sp), vec![x], sp);
        let known_kw = args.keywords.iter().all(|k| {
            matches!((name, k.arg.as_ref().map(|a| a.as_str())), ("sorted", Some("key" | "reverse")) | ("enumerate", Some("start")) | ("dict", Some(_)))
        });
        if !known_kw {
            return None;
        }
        let out = match (name, n) {
            ("list" | "tuple", 0) => b::array(vec![], sp),
            ("list" | "tuple", 1) => {
                let x = self.expr(&args.args[0]);
                if self.type_of(&args.args[0]) == Some(PyType::Dict) {
                    b::call(b::member(b::ident("Object", sp), "keys", sp), vec![x], sp)
                } else {
                    array_from(x)
                }
            }
            ("set", 0) => b::new(b::ident("Set", sp), vec![], sp),
            ("set", 1) => {
                let x = self.expr(&args.args[0]);
                b::new(b::ident("Set", sp), vec![b::arg(x)], sp)
            }
            ("dict", 0) => {
                let mut props = Vec::new();
                for k in args.keywords.iter() {
                    let v = self.expr(&k.value);
                    props.push(b::prop_str(k.arg.as_ref().unwrap().as_str(), v, b::span(k.range)));
                }
                b::object(props, sp)
            }
            ("dict", 1) if args.keywords.is_empty() => {
                let x = self.expr(&args.args[0]);
                if self.type_of(&args.args[0]) == Some(PyType::Dict) {
                    b::paren(b::object(vec![b::prop_spread(x, sp)], sp))
                } else {
                    b::call(b::member(b::ident("Object", sp), "fromEntries", sp), vec![x], sp)
                }
            }
            ("sorted", 1) => {
                let xs = self.expr(&args.args[0]);
                let key = kw("key").map(|k| self.expr(&k.value));
                let reverse = kw("reverse").map(|k| Literal::eval(&k.value));
                let descending = match reverse {
                    None => false,
                    Some(Some(l)) => l.truthy(),
                    Some(None) => return None,
                };
                let copy = b::array(vec![b::spread(xs, sp)], sp);
                b::method(copy, "sort", vec![comparator(key, descending, sp)], sp)
            }
            ("reversed", 1) => {
                let xs = self.expr(&args.args[0]);
                b::method(b::array(vec![b::spread(xs, sp)], sp), "reverse", vec![], sp)
            }
            ("enumerate", 1 | 2) => {
                let xs = self.expr(&args.args[0]);
                let start = match (args.args.get(1), kw("start")) {
                    (Some(s), _) => self.expr(s),
                    (None, Some(k)) => self.expr(&k.value),
                    (None, None) => b::num(0.0, Some("0"), sp),
                };
                let pair = b::array_of(vec![b::bin(BinaryOp::Add, b::ident("__i", sp), start, sp), b::ident("__v", sp)], sp);
                b::call(b::member(b::ident("Array", sp), "from", sp), vec![xs, b::arrow(vec![b::pat("__v", sp), b::pat("__i", sp)], pair, sp)], sp)
            }
            ("zip", 2..) => {
                let lists: Vec<Box<js::Expr>> = args.args.iter().map(|a| array_from(self.expr(a))).collect();
                let names: Vec<String> = (0..lists.len()).map(|i| format!("__z{i}")).collect();
                let min = b::call(b::member(b::ident("Math", sp), "min", sp), names.iter().map(|n| b::member(b::ident(n, sp), "length", sp)).collect(), sp);
                let tuple = b::array_of(names.iter().map(|n| b::index(b::ident(n, sp), b::ident("__i", sp), sp)).collect(), sp);
                let body = b::call(
                    b::member(b::ident("Array", sp), "from", sp),
                    vec![b::object(vec![b::prop_ident("length", min, sp)], sp), b::arrow(vec![b::pat("_", sp), b::pat("__i", sp)], tuple, sp)],
                    sp,
                );
                let f = b::arrow(names.iter().map(|n| b::pat(n, sp)).collect(), body, sp);
                b::call(b::paren(f), lists, sp)
            }
            ("any" | "all", 1) => {
                let xs = self.expr(&args.args[0]);
                b::method(array_from(xs), if name == "any" { "some" } else { "every" }, vec![b::ident("Boolean", sp)], sp)
            }
            ("map", 2) => {
                let f = self.expr(&args.args[0]);
                let xs = self.expr(&args.args[1]);
                let each = b::arrow(vec![b::pat("__v", sp)], b::call(f, vec![b::ident("__v", sp)], sp), sp);
                b::call(b::member(b::ident("Array", sp), "from", sp), vec![xs, each], sp)
            }
            ("filter", 2) => {
                let pred = match &args.args[0] {
                    Expr::NoneLiteral(_) => b::ident("Boolean", sp),
                    f => {
                        let f = self.expr(f);
                        b::arrow(vec![b::pat("__v", sp)], b::call(f, vec![b::ident("__v", sp)], sp), sp)
                    }
                };
                let xs = self.expr(&args.args[1]);
                b::method(array_from(xs), "filter", vec![pred], sp)
            }
            ("chr", 1) => {
                let x = self.expr(&args.args[0]);
                b::call(b::member(b::ident("String", sp), "fromCodePoint", sp), vec![x], sp)
            }
            ("ord", 1) => {
                let x = self.expr(&args.args[0]);
                b::method(x, "codePointAt", vec![b::num(0.0, Some("0"), sp)], sp)
            }
            ("isinstance", 2) => self.isinstance(&args.args[0], &args.args[1], sp)?,
            _ => return None,
        };
        self.warn(Code::ReferenceMissingBuiltin, c.func.range(), format!("sprag build 0.1.24 leaves `{name}(...)` as is, and `{name}` is not defined in JavaScript (ReferenceError). spragc compiles it with Python's meaning."));
        Some(out)
    }

    /// `isinstance(x, T)` for the builtin types (and `instanceof` for anything else).
    fn isinstance(&mut self, value: &Expr, types: &Expr, sp: Span) -> Option<Box<js::Expr>> {
        let v = self.expr(value);
        let (param, subject) = if b::is_simple(&v) { (None, v) } else { (Some(v), b::ident("__x", sp)) };
        let type_list: Vec<&Expr> = match types {
            Expr::Tuple(t) => t.elts.iter().collect(),
            other => vec![other],
        };
        let mut tests = Vec::new();
        for t in type_list {
            let typeof_is = |s: &str| b::bin(BinaryOp::EqEqEq, b::unary(js::UnaryOp::TypeOf, subject.clone(), sp), b::str_lit(s, sp), sp);
            let test = match t {
                Expr::Name(n) => match n.id.as_str() {
                    "str" => typeof_is("string"),
                    "bool" => typeof_is("boolean"),
                    "float" => typeof_is("number"),
                    "int" => b::call(b::member(b::ident("Number", sp), "isInteger", sp), vec![subject.clone()], sp),
                    "list" | "tuple" => b::call(b::member(b::ident("Array", sp), "isArray", sp), vec![subject.clone()], sp),
                    "dict" => b::bin(
                        BinaryOp::LogicalAnd,
                        b::bin(BinaryOp::LogicalAnd, b::bin(BinaryOp::NotEqEq, subject.clone(), b::null(sp), sp), typeof_is("object"), sp),
                        b::not(b::call(b::member(b::ident("Array", sp), "isArray", sp), vec![subject.clone()], sp), sp),
                        sp,
                    ),
                    _ => {
                        let ty = self.expr(t);
                        b::bin(BinaryOp::InstanceOf, subject.clone(), ty, sp)
                    }
                },
                other => {
                    let ty = self.expr(other);
                    b::bin(BinaryOp::InstanceOf, subject.clone(), ty, sp)
                }
            };
            tests.push(b::paren(test));
        }
        let mut it = tests.into_iter();
        let first = it.next()?;
        let test = it.fold(first, |acc, t| b::bin(BinaryOp::LogicalOr, acc, t, sp));
        Some(match param {
            None => b::paren(test),
            Some(v) => b::call(b::paren(b::arrow(vec![b::pat("__x", sp)], test, sp)), vec![v], sp),
        })
    }
}

/// The `v` of an `xs.indexOf(v)` call.
fn idx_arg(idx: &js::Expr) -> Box<js::Expr> {
    match idx {
        js::Expr::Call(c) => c.args.first().map(|a| a.expr.clone()).unwrap_or_else(|| b::undefined(swc_common::DUMMY_SP)),
        _ => b::undefined(swc_common::DUMMY_SP),
    }
}

/// `range(...)` as an array, the reference's `Array.from` shape.
pub fn range_array(a: Vec<Box<js::Expr>>, sp: Span) -> Box<js::Expr> {
    let from = |len: Box<js::Expr>, map: Box<js::Expr>| {
        b::call(b::member(b::ident("Array", sp), "from", sp), vec![b::object(vec![b::prop_ident("length", len, sp)], sp), map], sp)
    };
    let idx = || b::ident("__i", sp);
    let params = || vec![b::pat("_", sp), b::pat("__i", sp)];
    match a.len() {
        1 => {
            let n = a.into_iter().next().unwrap();
            from(b::paren(n), b::arrow(params(), idx(), sp))
        }
        2 => {
            let mut it = a.into_iter();
            let (start, stop) = (it.next().unwrap(), it.next().unwrap());
            let len = b::paren(b::bin(BinaryOp::Sub, b::paren(stop), b::paren(start.clone()), sp));
            from(len, b::arrow(params(), b::bin(BinaryOp::Add, b::paren(start), idx(), sp), sp))
        }
        _ => {
            let mut it = a.into_iter();
            let (start, stop, step) = (it.next().unwrap(), it.next().unwrap(), it.next().unwrap());
            let span_len = b::bin(BinaryOp::Div, b::paren(b::bin(BinaryOp::Sub, b::paren(stop), b::paren(start.clone()), sp)), b::paren(step.clone()), sp);
            let len = b::call(
                b::member(b::ident("Math", sp), "max", sp),
                vec![b::num(0.0, Some("0"), sp), b::call(b::member(b::ident("Math", sp), "ceil", sp), vec![span_len], sp)],
                sp,
            );
            from(len, b::arrow(params(), b::bin(BinaryOp::Add, b::paren(start), b::bin(BinaryOp::Mul, idx(), b::paren(step), sp), sp), sp))
        }
    }
}

/// `/\s+/`.
fn whitespace_regex(sp: Span) -> Box<js::Expr> {
    Box::new(js::Expr::Lit(js::Lit::Regex(js::Regex { span: sp, exp: "\\s+".into(), flags: "".into() })))
}

/// A sort comparator ordering like Python's `<` on numbers and strings.
fn comparator(key: Option<Box<js::Expr>>, descending: bool, sp: Span) -> Box<js::Expr> {
    let (a, bb) = if descending { ("__b", "__a") } else { ("__a", "__b") };
    let val = |n: &str| match &key {
        Some(k) => b::call(k.clone(), vec![b::ident(n, sp)], sp),
        None => b::ident(n, sp),
    };
    let body = b::cond(
        b::bin(BinaryOp::Lt, val(a), val(bb), sp),
        b::num(-1.0, Some("-1"), sp),
        b::cond(b::bin(BinaryOp::Gt, val(a), val(bb), sp), b::num(1.0, Some("1"), sp), b::num(0.0, Some("0"), sp), sp),
        sp,
    );
    b::arrow(vec![b::pat("__a", sp), b::pat("__b", sp)], body, sp)
}
