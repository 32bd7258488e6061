//! What little spragc knows about Python value types, to pick the right JavaScript for
//! `xs.append(x)`, `k in d`, `len(d)` and friends.
//!
//! The reference knows `list` and `str` for locals; spragc also knows `dict`, and knows
//! `self.<attr>` types from assignments anywhere in the class.


use rustc_hash::FxHashMap as HashMap;
use ruff_python_ast::{self as py, Expr, Stmt};

use super::Lowerer;

/// A statically known Python type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PyType {
    List,
    Str,
    Dict,
    Set,
}

/// Type named by an annotation (`list[str]`, `List`, `str`, `dict`).
pub fn from_annotation(expr: &Expr) -> Option<PyType> {
    match expr {
        Expr::Name(n) => match n.id.as_str() {
            "list" | "List" => Some(PyType::List),
            "str" => Some(PyType::Str),
            "dict" | "Dict" => Some(PyType::Dict),
            "set" | "Set" => Some(PyType::Set),
            _ => None,
        },
        Expr::Subscript(s) => from_annotation(&s.value),
        Expr::Attribute(a) => match a.attr.as_str() {
            "list" | "List" => Some(PyType::List),
            "str" => Some(PyType::Str),
            "dict" | "Dict" => Some(PyType::Dict),
            _ => None,
        },
        _ => None,
    }
}

const STR_RETURNING: &[&str] = &[
    "strip", "lower", "upper", "lstrip", "rstrip", "replace", "replace_all", "slice", "substring", "toLowerCase",
    "toUpperCase", "trim", "trimStart", "trimEnd", "title", "capitalize", "format", "join",
];

/// The type of a value expression that does not depend on variables.
pub fn of_literal(expr: &Expr) -> Option<PyType> {
    match expr {
        Expr::List(_) | Expr::ListComp(_) | Expr::Generator(_) => Some(PyType::List),
        Expr::Tuple(_) => Some(PyType::List),
        Expr::StringLiteral(_) | Expr::FString(_) => Some(PyType::Str),
        Expr::Dict(_) | Expr::DictComp(_) => Some(PyType::Dict),
        Expr::Set(_) | Expr::SetComp(_) => Some(PyType::Set),
        _ => None,
    }
}

impl Lowerer<'_> {
    /// Best-known type of `expr` here (locals, `self.<attr>`, literals, some calls).
    pub fn type_of(&self, expr: &Expr) -> Option<PyType> {
        if let Some(t) = of_literal(expr) {
            return Some(t);
        }
        match expr {
            Expr::Name(n) => {
                if self.arrow_scopes.iter().any(|s| s.iter().any(|p| p == n.id.as_str())) {
                    return None;
                }
                if let Some(t) = self.locals.types.get(n.id.as_str()) {
                    return Some(*t);
                }
                if n.id.as_str() == "props" && self.fn_kind == super::FnKind::Render {
                    return Some(PyType::Dict);
                }
                None
            }
            Expr::Attribute(a) => {
                let Expr::Name(root) = &*a.value else { return None };
                if root.id.as_str() != "self" || self.class.is_none() {
                    return None;
                }
                if matches!(a.attr.as_str(), "state" | "props") {
                    return Some(PyType::Dict);
                }
                self.class?.attr_types.get(a.attr.as_str()).copied()
            }
            Expr::Subscript(s) if matches!(&*s.slice, Expr::Slice(_)) => self.type_of(&s.value),
            Expr::Call(c) => {
                if let Expr::Name(f) = &*c.func
                    && self.is_builtin_name(f.id.as_str()) {
                        return match f.id.as_str() {
                            "list" | "range" | "sorted" | "tuple" => Some(PyType::List),
                            "str" => Some(PyType::Str),
                            "dict" => Some(PyType::Dict),
                            "set" => Some(PyType::Set),
                            _ => None,
                        };
                    }
                if let Expr::Attribute(a) = &*c.func {
                    match self.type_of(&a.value) {
                        Some(PyType::Str) => {
                            if STR_RETURNING.contains(&a.attr.as_str()) {
                                return Some(PyType::Str);
                            }
                            if a.attr.as_str() == "split" {
                                return Some(PyType::List);
                            }
                        }
                        Some(PyType::List) if matches!(a.attr.as_str(), "copy" | "slice" | "filter" | "map") => {
                            return Some(PyType::List);
                        }
                        Some(PyType::Dict) if matches!(a.attr.as_str(), "copy") => return Some(PyType::Dict),
                        _ => {}
                    }
                }
                None
            }
            _ => None,
        }
    }

    /// Record the type a local takes from an assignment (or forget it).
    pub fn assign_type(&mut self, name: &str, value: &Expr, annotation: Option<&Expr>) {
        let t = annotation.and_then(from_annotation).or_else(|| self.type_of(value));
        match t {
            Some(t) => {
                self.locals.types.insert(name.to_string(), t);
            }
            None => {
                self.locals.types.remove(name);
            }
        }
    }
}

/// Types of `self.<attr>` from every assignment in the class's methods: an attribute
/// has a type only when all its assignments agree.
pub fn class_attr_types(def: &py::StmtClassDef) -> HashMap<String, PyType> {
    let mut seen: HashMap<String, Option<PyType>> = HashMap::default();
    fn note(seen: &mut HashMap<String, Option<PyType>>, target: &Expr, value: Option<&Expr>, ann: Option<&Expr>) {
        let Expr::Attribute(a) = target else { return };
        let Expr::Name(root) = &*a.value else { return };
        if root.id.as_str() != "self" {
            return;
        }
        let t = ann.and_then(from_annotation).or_else(|| value.and_then(of_literal));
        let entry = seen.entry(a.attr.to_string()).or_insert(t);
        if *entry != t {
            *entry = None;
        }
    }
    fn walk(seen: &mut HashMap<String, Option<PyType>>, body: &[Stmt]) {
        for stmt in body {
            match stmt {
                Stmt::Assign(a) => {
                    for t in &a.targets {
                        note(seen, t, Some(&a.value), None);
                    }
                }
                Stmt::AnnAssign(a) => note(seen, &a.target, a.value.as_deref(), Some(&a.annotation)),
                Stmt::AugAssign(a) => {
                    // `self.x += [..]` keeps a list a list; anything else is unknown.
                    let keeps = matches!((&a.op, of_literal(&a.value)), (py::Operator::Add, Some(PyType::List)));
                    if !keeps {
                        note(seen, &a.target, None, None);
                    }
                }
                Stmt::If(i) => {
                    walk(seen, &i.body);
                    for c in &i.elif_else_clauses {
                        walk(seen, &c.body);
                    }
                }
                Stmt::For(f) => {
                    walk(seen, &f.body);
                    walk(seen, &f.orelse);
                }
                Stmt::While(w) => walk(seen, &w.body),
                Stmt::Try(t) => {
                    walk(seen, &t.body);
                    for h in &t.handlers {
                        let py::ExceptHandler::ExceptHandler(h) = h;
                        walk(seen, &h.body);
                    }
                    walk(seen, &t.finalbody);
                }
                _ => {}
            }
        }
    }
    for stmt in &def.body {
        if let Stmt::FunctionDef(f) = stmt {
            walk(&mut seen, &f.body);
        }
    }
    seen.into_iter().filter_map(|(k, v)| v.map(|t| (k, t))).collect()
}
