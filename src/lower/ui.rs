//! `ui.tag(...)` element factories, the `ui.For`/`ui.Grid`/`ui.LazyImage` mount points,
//! and `dom.helper(...)` calls.

use ruff_python_ast::{self as py, Expr};
use ruff_text_size::Ranged;
use swc_ecma_ast as js;

use super::build as b;
use super::{Lowerer, Mount, MountTag};
use crate::diagnostics::Code;
use crate::names::{dom_helper, html_attr};

impl Lowerer<'_> {
    /// `ui.div(*children, class_="x")` -> `createElement("div", { "class": "x" }, ...children)`.
    pub fn ui_call(&mut self, tag: &str, c: &py::ExprCall) -> Box<js::Expr> {
        let sp = b::span(c.range());
        let mount_tag = match tag {
            "For" => Some(MountTag::For),
            "Grid" => Some(MountTag::Grid),
            "LazyImage" => Some(MountTag::LazyImage),
            _ => None,
        };
        if let Some(mount_tag) = mount_tag {
            return self.mount_point(mount_tag, tag, c);
        }
        let children = self.ui_children(&c.arguments.args);
        let mut props = Vec::new();
        for k in c.arguments.keywords.iter() {
            let Some(name) = &k.arg else {
                self.report(
                    Code::KwargsUnpack,
                    k.range,
                    format!("`**kwargs` unpack is not supported in ui.{tag}(...) — pass attributes by name (e.g. `class_=`, `data_role=`)."),
                    None,
                );
                continue;
            };
            let value = self.expr(&k.value);
            props.push(b::prop_str(&html_attr(name.as_str()), value, b::span(k.range)));
        }
        let mut args = vec![b::arg(b::str_lit(tag, b::span(c.func.range()))), b::arg(b::object(props, sp))];
        args.extend(children);
        self.use_create_element();
        b::call_spread(b::ident("createElement", sp), args, sp)
    }

    fn use_create_element(&mut self) {
        // `createElement` is always imported by Components; Modules import it on use.
        self.use_ragot_base("createElement");
    }

    /// Record a Ragot name that Components import anyway but Modules need explicitly.
    pub fn use_ragot_base(&mut self, name: &'static str) {
        self.used.ragot.insert(name);
    }

    /// Children of a `ui.*` call: positional arguments, `*xs` spread.
    fn ui_children(&mut self, args: &[Expr]) -> Vec<js::ExprOrSpread> {
        let mut out = Vec::with_capacity(args.len());
        for a in args {
            match a {
                Expr::Starred(s) => {
                    if !self.in_helper && !self.extended() {
                        self.report(Code::UnsupportedExpression, s.range, "Unsupported expression in browser codegen: Starred.", None);
                    }
                    let inner = self.expr(&s.value);
                    out.push(b::spread(inner, b::span(s.range)));
                }
                _ => out.push(b::arg(self.expr(a))),
            }
        }
        out
    }

    /// `ui.For`/`ui.Grid` -> a placeholder `<div data-sprag-mount="N">` filled after render;
    /// `ui.LazyImage` -> an `<img data-src>` picked up by one lazy loader.
    fn mount_point(&mut self, tag: MountTag, name: &str, c: &py::ExprCall) -> Box<js::Expr> {
        let sp = b::span(c.range());
        if self.mounts.is_none() {
            self.report(
                Code::MountOutsideRender,
                c.range(),
                format!("ui.{name}(...) is only valid inside a Component.render() body."),
                Some(&format!(
                    "Move the ui.{name}(...) call directly into render(). It declares a Ragot mount point and must appear in the render tree — helper methods aren't scanned for mount-point wiring."
                )),
            );
            return b::undefined(sp);
        }
        let index = self.mounts.as_ref().map(Vec::len).unwrap_or(0);
        let args = self.mount_args(tag, c);
        if tag != MountTag::LazyImage && !args.iter().any(|(k, _)| k == "items") {
            self.report(Code::Arity, c.range(), format!("ui.{name}(...) requires the items argument"), None);
        }
        if let Some(m) = self.mounts.as_mut() {
            m.push(Mount { tag, index, args, range: c.range() });
        }
        self.use_create_element();
        if tag == MountTag::LazyImage {
            return self.lazy_image(c);
        }
        let kind = if tag == MountTag::Grid { "grid" } else { "list" };
        let props = b::object(
            vec![
                b::prop_str("data-sprag-mount", b::str_lit(&index.to_string(), sp), sp),
                b::prop_str("data-sprag-mount-kind", b::str_lit(kind, sp), sp),
            ],
            sp,
        );
        b::call(b::ident("createElement", sp), vec![b::str_lit("div", sp), props], sp)
    }

    /// Mount arguments lowered in render's scope (so render locals flow into the stash).
    fn mount_args(&mut self, tag: MountTag, c: &py::ExprCall) -> Vec<(String, Box<js::Expr>)> {
        let mut out = Vec::new();
        let Some(first) = c.arguments.args.first() else { return out };
        if tag == MountTag::LazyImage {
            out.push(("src".to_string(), self.expr(first)));
            for k in c.arguments.keywords.iter() {
                let Some(name) = &k.arg else { continue };
                let key = if name.as_str() == "placeholder" { "placeholder".to_string() } else { format!("attr_{}", name.as_str()) };
                out.push((key, self.expr(&k.value)));
            }
            return out;
        }
        out.push(("items".to_string(), self.expr(first)));
        for k in c.arguments.keywords.iter() {
            let Some(name) = &k.arg else {
                self.report(Code::KwargsUnpack, k.range, "`**kwargs` unpack is not supported in ui mount points — pass arguments by name.", None);
                continue;
            };
            let sp = b::span(k.value.range());
            match name.as_str() {
                "key" => {
                    let v = match &k.value {
                        Expr::StringLiteral(s) => {
                            b::arrow(vec![b::pat("item", sp)], b::index(b::ident("item", sp), b::str_lit(s.value.to_str(), sp), sp), sp)
                        }
                        other => self.expr(other),
                    };
                    out.push(("key".into(), v));
                }
                "render" => out.push(("render".into(), self.expr(&k.value))),
                "pool_key" => out.push(("pool_key".into(), self.expr(&k.value))),
                other if tag == MountTag::Grid && matches!(other, "columns" | "column_width" | "gap" | "apply_grid_styles") => {
                    out.push((format!("grid_{other}"), self.expr(&k.value)));
                }
                _ => {}
            }
        }
        out
    }

    /// `ui.LazyImage(src, placeholder=p, alt=...)` -> `createElement("img", { "data-src": src, "src": p, ... })`.
    fn lazy_image(&mut self, c: &py::ExprCall) -> Box<js::Expr> {
        let sp = b::span(c.range());
        let Some(src) = c.arguments.args.first() else {
            return self.error(Code::Arity, c.range(), "ui.LazyImage requires a src argument", None);
        };
        let src = self.expr(src);
        let mut placeholder = None;
        let mut others = Vec::new();
        for k in c.arguments.keywords.iter() {
            let Some(name) = &k.arg else {
                self.report(Code::KwargsUnpack, k.range, "`**kwargs` unpack is not supported in ui.LazyImage(...) — pass attributes by name.", None);
                continue;
            };
            let v = self.expr(&k.value);
            if name.as_str() == "placeholder" {
                placeholder = Some(v);
            } else {
                others.push(b::prop_str(&html_attr(name.as_str()), v, b::span(k.range)));
            }
        }
        let mut props = vec![b::prop_str("data-src", src, sp)];
        if let Some(p) = placeholder {
            props.push(b::prop_str("src", p, sp));
        }
        props.extend(others);
        b::call(b::ident("createElement", sp), vec![b::str_lit("img", sp), b::object(props, sp)], sp)
    }

    /// `dom.query(".x")` -> `$(".x")`; keyword arguments become a trailing options object.
    pub fn dom_call(&mut self, attr: &str, c: &py::ExprCall) -> Box<js::Expr> {
        let sp = b::span(c.range());
        let js_name = dom_helper(attr);
        let mut args = self.ui_children(&c.arguments.args);
        let mut props = Vec::new();
        for k in c.arguments.keywords.iter() {
            let Some(name) = &k.arg else {
                self.report(Code::KwargsUnpack, k.range, format!("`**kwargs` unpack is not supported in dom.{attr}(...) — pass options by name."), None);
                continue;
            };
            let v = self.expr(&k.value);
            props.push(b::prop_ident(name.as_str(), v, b::span(k.range)));
        }
        if !props.is_empty() {
            args.push(b::arg(b::object(props, sp)));
        }
        if let Some(&export) = crate::names::RAGOT_EXPORTS.iter().find(|n| **n == js_name) {
            self.use_ragot(export);
        }
        b::call_spread(b::ident(js_name, b::span(c.func.range())), args, sp)
    }
}
