//! Component and Module assembly: the class shape of SPRAG's runtime contract, lifecycle
//! synthesis (`onStart` prologues, mount sync, `@animate`, `@virtual_scroll`,
//! `@infinite_scroll`, `@debounce`, `@throttle`, `ref()`), and the file's imports.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::collections::{BTreeSet};

use ruff_python_ast::{self as py, Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};
use swc_common::DUMMY_SP;
use swc_ecma_ast as js;

use super::build as b;
use super::helpers::{names_in_class, Helpers};
use super::scope::FnKind;
use super::types::class_attr_types;
use super::{runtime, ClassCx, Lowerer, MountTag, Used};
use crate::diagnostics::{Code, RawDiagnostic, Severity};
use crate::names::map_name;
use crate::project::{ClassKind, Literal, Project, Resolved};
use crate::Options;
use crate::swc_core;

/// A lowered class file, ready to print.
pub struct LoweredClass {
    pub module: js::Module,
    pub diags: Vec<RawDiagnostic>,
    /// (method name, Python range) for the `x_sprag.methods` source-map extension.
    pub methods: Vec<(String, TextRange)>,
    pub has_errors: bool,
}

/// One entry of the class body as the reference sees `cls.__dict__`.
enum Member<'a> {
    Method(&'a py::StmtFunctionDef),
    Ref { name: &'a str, selector: Option<String>, range: TextRange },
    Unsupported { name: &'a str, range: TextRange, what: &'static str },
}

impl Member<'_> {
    fn name(&self) -> &str {
        match self {
            Member::Method(f) => f.name.as_str(),
            Member::Ref { name, .. } | Member::Unsupported { name, .. } => name,
        }
    }
}

/// Lower browser class `index` of `project` to a complete ES module.
pub fn lower_class(project: &Project, index: usize, opts: &Options, helpers: &mut Helpers) -> LoweredClass {
    let class = &project.classes[index];
    let def = project.class_def(index).expect("browser class definition");
    let members = class_members(project, class.file, def);
    let method_defs: HashMap<&str, &py::StmtFunctionDef> = members
        .iter()
        .filter_map(|m| if let Member::Method(f) = m { Some((f.name.as_str(), *f)) } else { None })
        .collect();
    let method_names: HashSet<String> = members
        .iter()
        .filter(|m| matches!(m, Member::Method(_) | Member::Unsupported { .. }))
        .map(|m| map_name(m.name()).into_owned())
        .collect();
    let cx = ClassCx {
        index,
        name: &class.name,
        kind: class.kind,
        def,
        method_names,
        methods: method_defs,
        attr_types: class_attr_types(def),
    };
    let mut l = Lowerer::new(project, class.file, opts, Some(&cx));
    let mut out_methods = Vec::new();
    let mut members_js = match class.kind {
        ClassKind::Component => component_members(&mut l, &members, &mut out_methods),
        ClassKind::Module => module_members(&mut l, &members, &mut out_methods),
    };

    // Helper prelude: seeded by every name in the class, as the reference does.
    let seeds: BTreeSet<String> = names_in_class(def, &project.files[class.file].info);
    let mut diags = std::mem::take(&mut l.diags);
    let file_info = &project.files[class.file].info;
    helper_collisions(&mut l, file_info, &mut diags);
    let prelude = helpers.select(project, class.file, opts, &seeds, &mut diags);
    let mut used = l.used.clone();
    used.extend(&helpers.used(project, class.file, &seeds));

    let mut body = imports(project, class.kind, &used, opts, index);
    if used.env {
        body.extend(runtime::env_prelude());
    }
    body.extend(prelude);
    let super_class = match class.kind {
        ClassKind::Component => "Component",
        ClassKind::Module => "Module",
    };
    let class_sp = b::span(def.name.range);
    let class_decl = js::ClassDecl {
        ident: b::id(&class.name, class_sp),
        declare: false,
        class: Box::new(js::Class {
            span: b::span(def.range),
            ctxt: Default::default(),
            decorators: vec![],
            body: std::mem::take(&mut members_js),
            super_class: Some(b::ident(super_class, DUMMY_SP)),
            is_abstract: false,
            type_params: None,
            super_type_params: None,
            implements: vec![],
        }),
    };
    body.push(js::ModuleItem::ModuleDecl(js::ModuleDecl::ExportDecl(js::ExportDecl {
        span: b::span(def.range),
        decl: js::Decl::Class(class_decl),
    })));
    let has_errors = diags.iter().any(|d| d.code.severity() == Severity::Error);
    LoweredClass { module: js::Module { span: DUMMY_SP, body, shebang: None }, diags, methods: out_methods, has_errors }
}

/// The reference rejects helpers named like an imported store or browser class.
fn helper_collisions(l: &mut Lowerer<'_>, info: &crate::project::FileInfo, diags: &mut Vec<RawDiagnostic>) {
    for (name, idx) in &info.helpers {
        let Some(import) = info.imports.get(name) else { continue };
        let _ = import;
        let range = l.file.ast.as_ref().map(|m| m.body[*idx].range()).unwrap_or_default();
        match l.resolve_global(name) {
            Resolved::Store(_) => diags.push(RawDiagnostic {
                code: Code::HelperCollision,
                message: format!("Top-level helper `{name}` collides with the same-named store. Rename the helper (e.g. `_format_{name}` or `make_{name}`) — stores are imported at file scope in the generated JS so the two would clash."),
                range,
                owner: None,
                hint: None,
                file: None,
            }),
            Resolved::Class(_) => diags.push(RawDiagnostic {
                code: Code::HelperCollision,
                message: format!("Top-level helper `{name}` collides with an imported browser class of the same name. Rename the helper — both end up at file scope in the generated JS."),
                range,
                owner: None,
                hint: None,
                file: None,
            }),
            _ => {}
        }
    }
}

/// The class body as `cls.__dict__` would have it: first position, last definition.
fn class_members<'a>(project: &Project, file: usize, def: &'a py::StmtClassDef) -> Vec<Member<'a>> {
    let info = &project.files[file].info;
    let mut out: Vec<Member<'a>> = Vec::new();
    let mut push = |m: Member<'a>| {
        if let Some(slot) = out.iter_mut().find(|o| o.name() == m.name()) {
            *slot = m;
        } else {
            out.push(m);
        }
    };
    for stmt in &def.body {
        match stmt {
            Stmt::FunctionDef(f) => {
                if f.name.as_str().starts_with("__") && f.name.as_str() != "__init__" {
                    continue;
                }
                let skipped = f.decorator_list.iter().any(|d| matches!(&d.expression, Expr::Name(n) if matches!(n.id.as_str(), "property" | "classmethod")));
                if skipped {
                    continue;
                }
                push(Member::Method(f));
            }
            Stmt::Assign(a) => {
                let [Expr::Name(target)] = a.targets.as_slice() else { continue };
                match &*a.value {
                    Expr::Call(c) if matches!(&*c.func, Expr::Name(n) if info.sprag.get(n.id.as_str()).map(String::as_str) == Some("ref")) => {
                        let selector = c.arguments.args.first().and_then(Literal::eval).and_then(|l| l.as_str().filter(|s| !s.is_empty()).map(str::to_string));
                        push(Member::Ref { name: target.id.as_str(), selector, range: a.range });
                    }
                    Expr::Lambda(_) => push(Member::Unsupported { name: target.id.as_str(), range: a.range, what: "A lambda assigned in a class body" }),
                    _ => {}
                }
            }
            Stmt::ClassDef(c) => push(Member::Unsupported { name: c.name.as_str(), range: c.range, what: "A class nested in a browser class" }),
            _ => {}
        }
    }
    out
}

/// A SPRAG decorator applied with a call: (`animate`, its arguments).
fn sprag_decorator<'a>(l: &Lowerer<'_>, d: &'a py::Decorator) -> Option<(String, &'a py::Arguments)> {
    let Expr::Call(c) = &d.expression else { return None };
    let name = match &*c.func {
        Expr::Name(n) => l.file.info.sprag.get(n.id.as_str())?.clone(),
        Expr::Attribute(a) if matches!(&*a.value, Expr::Name(r) if r.id.as_str() == "sprag") => a.attr.to_string(),
        _ => return None,
    };
    Some((name, &c.arguments))
}

/// Decorator arguments bound to parameter names, with defaults; errors for non-literals.
fn bind_args(l: &mut Lowerer<'_>, deco: &str, args: &py::Arguments, params: &[(&str, Literal)], positional: usize, range: TextRange) -> Option<HashMap<String, Literal>> {
    let mut out: HashMap<String, Literal> = params.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
    if args.args.len() > positional {
        l.report(Code::DecoratorArguments, range, format!("@{deco}(...) takes its options by keyword."), None);
        return None;
    }
    let given = args.args.iter().enumerate().map(|(i, a)| (params[i].0.to_string(), a)).chain(
        args.keywords.iter().filter_map(|k| k.arg.as_ref().map(|a| (a.to_string(), &k.value))),
    );
    for (name, value) in given {
        if !params.iter().any(|(p, _)| *p == name) {
            l.report(Code::DecoratorArguments, value.range(), format!("@{deco}(...) has no option `{name}`."), None);
            return None;
        }
        match constant(l, value, 0) {
            Some(v) => {
                out.insert(name, v);
            }
            None => {
                l.report(
                    Code::DecoratorArguments,
                    value.range(),
                    format!("@{deco}(...) arguments must be literals or module constants so spragc can read them at build time."),
                    Some("Use a literal, or a NAME = <literal> constant defined at the top of this file."),
                );
                return None;
            }
        }
    }
    Some(out)
}

/// A literal, or a name bound to a literal by a top-level `NAME = <literal>` of the file.
fn constant(l: &Lowerer<'_>, value: &Expr, depth: usize) -> Option<Literal> {
    if let Some(v) = Literal::eval(value) {
        return Some(v);
    }
    let Expr::Name(n) = value else { return None };
    if depth > 8 {
        return None;
    }
    let (_, idx) = l.file.info.helpers.iter().find(|(h, _)| h == n.id.as_str())?;
    match l.file.ast.as_ref()?.body.get(*idx)? {
        Stmt::Assign(a) => constant(l, &a.value, depth + 1),
        Stmt::AnnAssign(a) => constant(l, a.value.as_deref()?, depth + 1),
        _ => None,
    }
}

fn json(v: &Literal) -> Box<js::Expr> {
    super::stores::literal_expr(v)
}

struct ScrollCfg {
    method_js: String,
    at: String,
    root: Literal,
    root_margin: Literal,
    top_at: Literal,
}

/// `@infinite_scroll(at=..., ...)` on a method.
fn infinite_scroll_cfg(l: &mut Lowerer<'_>, f: &py::StmtFunctionDef) -> Option<ScrollCfg> {
    for d in &f.decorator_list {
        let Some((name, args)) = sprag_decorator(l, d) else { continue };
        if name != "infinite_scroll" {
            continue;
        }
        let params = [
            ("at", Literal::None),
            ("root", Literal::None),
            ("root_margin", Literal::Str("600px".into())),
            ("top_at", Literal::None),
            ("visible_chunks", Literal::None),
        ];
        let cfg = bind_args(l, "infinite_scroll", args, &params, 0, d.range)?;
        let at = match &cfg["at"] {
            Literal::Str(s) if !s.is_empty() => s.clone(),
            other => {
                l.report(Code::DecoratorArguments, d.range, format!("infinite_scroll(at=...) expects a non-empty CSS selector or ref name string; got {other:?}."), None);
                return None;
            }
        };
        return Some(ScrollCfg { method_js: map_name(f.name.as_str()).into_owned(), at, root: cfg["root"].clone(), root_margin: cfg["root_margin"].clone(), top_at: cfg["top_at"].clone() });
    }
    None
}

/// `createInfiniteScroll(this, { sentinel, rootMargin, onLoadMore, ... })`.
fn infinite_scroll_setup(l: &mut Lowerer<'_>, cfg: &ScrollCfg, ref_names: &HashSet<String>) -> js::Stmt {
    let sp = DUMMY_SP;
    l.use_ragot("createInfiniteScroll");
    let find = |target: &str| {
        if ref_names.contains(target) {
            b::index(b::member(b::this(sp), "refs", sp), b::str_lit(target, sp), sp)
        } else {
            b::method(b::member(b::this(sp), "element", sp), "querySelector", vec![b::str_lit(target, sp)], sp)
        }
    };
    let mut props = vec![
        b::prop_ident("sentinel", find(&cfg.at), sp),
        b::prop_ident("rootMargin", json(&cfg.root_margin), sp),
        b::prop_ident("onLoadMore", b::arrow(vec![], b::method(b::this(sp), &cfg.method_js, vec![], sp), sp), sp),
    ];
    if cfg.root.truthy() {
        props.push(b::prop_ident("root", b::method(b::ident("document", sp), "querySelector", vec![json(&cfg.root)], sp), sp));
    }
    if cfg.top_at.truthy()
        && let Literal::Str(top) = &cfg.top_at {
            props.push(b::prop_ident("topSentinel", find(top), sp));
        }
    b::expr_stmt(b::call(b::ident("createInfiniteScroll", sp), vec![b::this(sp), b::object(props, sp)], sp), sp)
}

/// Parameters of a method (after `self`), warning where the reference drops them.
fn method_params(l: &mut Lowerer<'_>, f: &py::StmtFunctionDef) -> (Vec<js::Pat>, Vec<String>) {
    let p = &f.parameters;
    let dropped = p.posonlyargs.iter().chain(p.args.iter()).skip(1).any(|a| a.default.is_some()) || p.vararg.is_some() || !p.kwonlyargs.is_empty();
    if dropped {
        l.warn(Code::ReferenceDefaults, p.range, "sprag build 0.1.24 keeps only the plain parameter names of a method, dropping defaults, `*args` and keyword-only parameters. spragc keeps them.");
    }
    l.params(p, 1)
}

/// Class-level `NAME = value` attributes read through `self.NAME` in the class: the
/// reference drops them (its compiler reads methods only), so `this.NAME` is undefined.
/// spragc assigns them on the instance in the constructor.
fn class_attribute_inits(l: &mut Lowerer<'_>) -> Vec<js::Stmt> {
    use ruff_python_ast::visitor::{self, Visitor};
    let def = l.class.map(|c| c.def).expect("class");
    let has_candidates = def.body.iter().any(|s| match s {
        Stmt::Assign(a) => matches!(a.targets.as_slice(), [Expr::Name(_)]),
        Stmt::AnnAssign(a) => a.value.is_some(),
        _ => false,
    });
    if !has_candidates {
        return Vec::new();
    }
    struct Reads(HashSet<String>);
    impl<'a> Visitor<'a> for Reads {
        fn visit_expr(&mut self, e: &'a Expr) {
            if let Expr::Attribute(a) = e
                && matches!(&*a.value, Expr::Name(n) if n.id.as_str() == "self") && a.ctx.is_load() {
                    self.0.insert(a.attr.to_string());
                }
            visitor::walk_expr(self, e);
        }
    }
    let mut reads = Reads(HashSet::default());
    for stmt in &def.body {
        if let Stmt::FunctionDef(f) = stmt {
            for s in &f.body {
                reads.visit_stmt(s);
            }
        }
    }
    let mut out = Vec::new();
    for stmt in &def.body {
        let (name, value, range) = match stmt {
            Stmt::Assign(a) => match a.targets.as_slice() {
                [Expr::Name(n)] => (n.id.as_str(), &*a.value, a.range),
                _ => continue,
            },
            Stmt::AnnAssign(a) => match (&*a.target, &a.value) {
                (Expr::Name(n), Some(v)) => (n.id.as_str(), &**v, a.range),
                _ => continue,
            },
            _ => continue,
        };
        let is_ref = matches!(value, Expr::Call(c) if matches!(&*c.func, Expr::Name(f) if l.file.info.sprag.get(f.id.as_str()).map(String::as_str) == Some("ref")));
        if is_ref || matches!(value, Expr::Lambda(_)) || !reads.0.contains(name) || l.class_method_js(name).is_some() {
            continue;
        }
        l.owner = l.class.map(|c| c.name.to_string()).unwrap_or_default();
        l.warn(
            Code::ReferenceClassAttribute,
            range,
            format!("sprag build 0.1.24 does not emit class attributes, so `this.{}` is undefined in the browser. spragc sets it in the constructor.", map_name(name)),
        );
        let v = l.expr(value);
        let sp = b::span(range);
        let target = b::simple_target(b::member(b::this(sp), &map_name(name), sp)).expect("member");
        out.push(b::expr_stmt(b::assign(js::AssignOp::Assign, target, v, sp), sp));
    }
    out
}

/// Lint `self.subscribe(...)` anywhere in a Component method.
fn forbid_component_subscribe(l: &mut Lowerer<'_>, f: &py::StmtFunctionDef) {
    use ruff_python_ast::visitor::{self, Visitor};
    struct Find(Vec<TextRange>);
    impl<'a> Visitor<'a> for Find {
        fn visit_expr(&mut self, e: &'a Expr) {
            if let Expr::Call(c) = e
                && let Expr::Attribute(a) = &*c.func
                    && a.attr.as_str() == "subscribe" && matches!(&*a.value, Expr::Name(n) if n.id.as_str() == "self") {
                        self.0.push(c.range());
                    }
            visitor::walk_expr(self, e);
        }
    }
    let mut find = Find(Vec::new());
    for s in &f.body {
        find.visit_stmt(s);
    }
    for r in find.0 {
        l.report(
            Code::ComponentSubscribe,
            r,
            "Component.subscribe(...) is not part of SPRAG's browser contract.",
            Some("Subscribe in a Module, then pass the derived state into the Component through props or component state."),
        );
    }
}

/// Lower a regular method body (owner, kind and params set up).
fn lower_method(l: &mut Lowerer<'_>, f: &py::StmtFunctionDef, kind: FnKind) -> (Vec<js::Pat>, Vec<js::Stmt>) {
    l.owner = format!("{}.{}", l.class.map(|c| c.name).unwrap_or_default(), f.name.as_str());
    let (pats, names) = method_params(l, f);
    let body = l.function_body(&f.body, &names, kind);
    (pats, body)
}

fn component_members(l: &mut Lowerer<'_>, members: &[Member<'_>], spans: &mut Vec<(String, TextRange)>) -> Vec<js::ClassMember> {
    let class_name = l.class.map(|c| c.name).unwrap_or_default().to_string();
    let def = l.class.map(|c| c.def).expect("class");
    let mut ctor = runtime::component_constructor();
    let attrs = class_attribute_inits(l);
    if let js::ClassMember::Constructor(c) = &mut ctor
        && let Some(body) = &mut c.body {
            body.stmts.extend(attrs);
        }
    let mut out = vec![ctor, helpers_marker()];
    report_unsupported(l, members);

    // render()
    let render = members.iter().find_map(|m| match m {
        Member::Method(f) if f.name.as_str() == "render" => Some(*f),
        _ => None,
    });
    let mut mounts = Vec::new();
    match render {
        Some(f) => {
            forbid_component_subscribe(l, f);
            let (member, found) = lower_render(l, f);
            mounts = found;
            spans.push(("render".into(), f.range));
            out.push(member);
        }
        None => out.push(b::class_method(
            "render",
            vec![b::default_pat("propsOverride", b::null(DUMMY_SP), DUMMY_SP)],
            vec![
                props_line(),
                b::ret(Some(b::call(b::ident("createElement", DUMMY_SP), vec![b::str_lit("div", DUMMY_SP), b::object(vec![], DUMMY_SP), b::str_lit("Unsupported component render", DUMMY_SP)], DUMMY_SP)), DUMMY_SP),
            ],
            false,
            DUMMY_SP,
        )),
    }

    // Decorators on the class.
    let mut animate: Option<Literal> = None;
    let mut virtual_scroll: Option<HashMap<String, Literal>> = None;
    for d in &def.decorator_list {
        let Some((name, args)) = sprag_decorator(l, d) else { continue };
        match name.as_str() {
            "animate" => {
                if let Some(cfg) = bind_args(l, "animate", args, &[("class_name", Literal::Str("is-visible".into()))], 1, d.range) {
                    animate = Some(cfg["class_name"].clone());
                }
            }
            "virtual_scroll" => {
                let params = [
                    ("chunk", Literal::None),
                    ("max_chunks", Literal::Int(5)),
                    ("initial_chunks", Literal::Int(1)),
                    ("root", Literal::None),
                    ("root_margin", Literal::Str("1200px 0px".into())),
                    ("container_class", Literal::None),
                    ("pool_size", Literal::Int(0)),
                    ("child_pool_size", Literal::Int(0)),
                    ("axis", Literal::Str("auto".into())),
                ];
                if let Some(cfg) = bind_args(l, "virtual_scroll", args, &params, 0, d.range) {
                    if !matches!(cfg["chunk"], Literal::Int(n) if n > 0) {
                        l.report(Code::DecoratorArguments, d.range, format!("virtual_scroll(chunk=...) expects a positive integer chunk size; got {:?}.", cfg["chunk"]), None);
                    } else {
                        virtual_scroll = Some(cfg);
                    }
                }
            }
            _ => {}
        }
    }
    let has = |n: &str| members.iter().any(|m| m.name() == n);
    if let Some(cfg) = &virtual_scroll {
        for (method, sig) in [("chunk", "chunk(self, i)"), ("total", "total(self)")] {
            if !has(method) {
                l.report(Code::VirtualScrollMethods, def.name.range, format!("@virtual_scroll on {class_name} requires a {sig} method."), None);
            }
        }
        let pool = cfg["pool_size"].as_f64().unwrap_or(0.0);
        if pool > 0.0 && !has("recycle") {
            l.report(
                Code::VirtualScrollMethods,
                def.name.range,
                format!("@virtual_scroll(pool_size={}) on {class_name} requires a recycle(self, el, i) method (Ragot's onRecycle is mandatory when poolSize > 0).", pool as i64),
                None,
            );
        }
    }

    // Other methods, in class order.
    let mut scrolls = Vec::new();
    for m in members {
        let Member::Method(f) = m else { continue };
        let name = f.name.as_str();
        if matches!(name, "render" | "on_start" | "on_stop" | "unmount" | "__init__") {
            continue;
        }
        forbid_component_subscribe(l, f);
        if let Some(cfg) = infinite_scroll_cfg(l, f) {
            scrolls.push(cfg);
        }
        let (pats, body) = lower_method(l, f, FnKind::Method);
        spans.push((name.to_string(), f.range));
        out.push(b::class_method(&map_name(name), pats, body, f.is_async, b::span(f.name.range)));
    }

    // Mount sync methods.
    let mut on_start_prologue: Vec<js::Stmt> = Vec::new();
    let sp = DUMMY_SP;
    if let Some(Literal::Str(cls)) = &animate {
        l.use_ragot("animateIn");
        on_start_prologue.push(b::expr_stmt(b::call(b::ident("animateIn", sp), vec![b::member(b::this(sp), "element", sp), b::str_lit(cls, sp)], sp), sp));
    }
    if !mounts.is_empty() {
        let mut setup = Vec::new();
        let mut lazy = false;
        for m in &mounts {
            if m.tag == MountTag::LazyImage {
                lazy = true;
                continue;
            }
            let func = if m.tag == MountTag::Grid { "renderGrid" } else { "renderList" };
            l.use_ragot(if m.tag == MountTag::Grid { "renderGrid" } else { "renderList" });
            let mut opts = Vec::new();
            let keys: Vec<&str> = m.args.iter().map(|(k, _)| k.as_str()).collect();
            if keys.contains(&"pool_key") {
                opts.push(b::prop_ident("poolKey", runtime::stash_field(m.index, "pool_key"), sp));
            }
            if m.tag == MountTag::Grid {
                for (py_key, js_key) in [("grid_columns", "columns"), ("grid_column_width", "columnWidth"), ("grid_gap", "gap"), ("grid_apply_grid_styles", "applyGridStyles")] {
                    if keys.contains(&py_key) {
                        opts.push(b::prop_ident(js_key, runtime::stash_field(m.index, py_key), sp));
                    }
                }
            }
            setup.push(runtime::render_mount(func, m.index, opts));
        }
        if lazy {
            l.use_ragot("createLazyLoader");
            setup.push(runtime::lazy_loader_setup());
        }
        out.extend(runtime::sync_mount_methods(setup));
        on_start_prologue.push(b::expr_stmt(b::method(b::this(sp), "__spragSyncMounts", vec![], sp), sp));
    }
    if let Some(cfg) = &virtual_scroll {
        l.use_ragot("VirtualScroller");
        on_start_prologue.extend(virtual_scroll_setup(cfg, &has));
    }
    for cfg in &scrolls {
        let s = infinite_scroll_setup(l, cfg, &HashSet::default());
        on_start_prologue.push(s);
    }
    let mut unmount_prologue = Vec::new();
    let mut unmount_epilogue: Vec<js::Stmt> = Vec::new();
    if virtual_scroll.is_some() {
        unmount_prologue.push(swc_ecma_quote::quote!(
            "if (this.virtualScroll) { this.virtualScroll.unmount(); this.virtualScroll = null; this._sprVS = null; }" as Stmt
        ));
    }
    if let Some(Literal::Str(cls)) = &animate {
        l.use_ragot("animateOut");
        unmount_epilogue.extend(runtime::animate_out_epilogue(b::str_lit(cls, sp)));
    } else if virtual_scroll.is_some() {
        unmount_epilogue.extend(runtime::super_unmount());
    }

    for (py_name, js_name, prologue, epilogue) in [
        ("on_start", "onStart", on_start_prologue, Vec::new()),
        ("on_stop", "onStop", Vec::new(), Vec::new()),
        ("unmount", "unmount", unmount_prologue, unmount_epilogue),
    ] {
        let user = members.iter().find_map(|m| match m {
            Member::Method(f) if f.name.as_str() == py_name => Some(*f),
            _ => None,
        });
        if user.is_none() && prologue.is_empty() && epilogue.is_empty() {
            continue;
        }
        let mut body = prologue;
        let mut pats = Vec::new();
        let mut is_async = false;
        let mut sp = DUMMY_SP;
        if let Some(f) = user {
            forbid_component_subscribe(l, f);
            let (p, user_body) = lower_method(l, f, FnKind::Method);
            pats = p;
            body.extend(user_body);
            is_async = f.is_async;
            sp = b::span(f.name.range);
            spans.push((py_name.to_string(), f.range));
        }
        body.extend(epilogue);
        out.push(b::class_method(js_name, pats, body, is_async, sp));
    }
    out
}

fn report_unsupported(l: &mut Lowerer<'_>, members: &[Member<'_>]) {
    for m in members {
        if let Member::Unsupported { range, what, .. } = m {
            l.report(Code::UnsupportedStatement, *range, format!("{what} is not supported in browser codegen."), Some("Define a method with `def` instead."));
        }
    }
}

/// Placeholder for the injected helpers, replaced by their printed text in `emit`.
fn helpers_marker() -> js::ClassMember {
    b::class_method(runtime::HELPERS_MARKER, vec![], vec![], false, DUMMY_SP)
}

fn props_line() -> js::Stmt {
    swc_ecma_quote::quote!("const props = propsOverride || this.props || {};" as Stmt)
}

/// `render(propsOverride = null) { const props = ...; <locals>; <stash>; return <tree>; }`.
fn lower_render(l: &mut Lowerer<'_>, f: &py::StmtFunctionDef) -> (js::ClassMember, Vec<super::Mount>) {
    l.owner = format!("{}.render", l.class.map(|c| c.name).unwrap_or_default());
    l.mounts = Some(Vec::new());
    let names: Vec<String> = f.parameters.args.iter().skip(1).map(|p| p.parameter.name.to_string()).collect();
    let saved_kind = std::mem::replace(&mut l.fn_kind, FnKind::Render);
    let plan = super::scope::plan(&f.body, &names, FnKind::Render);
    for (code, range, message) in &plan.warnings {
        l.warn(*code, *range, message.clone());
    }
    let mut locals = super::Locals { plan, ..Default::default() };
    locals.params = ["props".to_string()].into_iter().collect();
    let hoisted = locals.plan.hoisted.clone();
    locals.declared.extend(hoisted.iter().cloned());
    let saved = std::mem::replace(&mut l.locals, locals);

    let mut body = vec![props_line()];
    if !hoisted.is_empty() {
        body.push(b::let_many(&hoisted, DUMMY_SP));
    }
    let mut ret: Option<Box<js::Expr>> = None;
    for s in &f.body {
        if ret.is_some() {
            break;
        }
        match s {
            Stmt::Assign(a) if matches!(a.targets.as_slice(), [Expr::Name(_)]) => l.stmt(s, &mut body),
            Stmt::AnnAssign(a) if a.value.is_some() && matches!(&*a.target, Expr::Name(_)) => l.stmt(s, &mut body),
            Stmt::If(_) => l.stmt(s, &mut body),
            Stmt::Return(r) => {
                ret = Some(match &r.value {
                    Some(v) => l.expr(v),
                    None => b::undefined(b::span(r.range)),
                });
            }
            other => {
                let (kind, _) = super::stmt::statement_name(other);
                let kind = match other {
                    Stmt::For(_) => "For",
                    Stmt::While(_) => "While",
                    Stmt::Expr(_) => "Expr",
                    Stmt::Assign(_) | Stmt::AnnAssign(_) => "Assign",
                    Stmt::AugAssign(_) => "AugAssign",
                    Stmt::Try(_) => "Try",
                    _ => kind,
                };
                let hint = if matches!(other, Stmt::For(_) | Stmt::While(_)) {
                    "Iterate in the render tree with ui.For(items, key=..., render=lambda item: ...), or build the list with a comprehension."
                } else {
                    "render() may only assign locals, branch with `if`, and return the UI tree."
                };
                l.report(Code::RenderStatement, other.range(), format!("Unsupported component statement in {}.render: {kind}.", l.class.map(|c| c.name).unwrap_or_default()), Some(hint));
            }
        }
    }
    let mounts = l.mounts.take().unwrap_or_default();
    for m in &mounts {
        if m.args.is_empty() {
            continue;
        }
        let props = m.args.iter().map(|(k, v)| b::prop_ident(k, v.clone(), DUMMY_SP)).collect();
        body.push(runtime::mount_stash(m.index, props));
    }
    let ret = ret.unwrap_or_else(|| {
        b::call(b::ident("createElement", DUMMY_SP), vec![b::str_lit("div", DUMMY_SP), b::object(vec![], DUMMY_SP), b::str_lit("Unsupported component render", DUMMY_SP)], DUMMY_SP)
    });
    let ret_sp = f.body.iter().rev().find_map(|s| if let Stmt::Return(r) = s { Some(b::span(r.range)) } else { None }).unwrap_or(DUMMY_SP);
    body.push(b::ret(Some(ret), ret_sp));
    l.locals = saved;
    l.fn_kind = saved_kind;
    let member = b::class_method("render", vec![b::default_pat("propsOverride", b::null(DUMMY_SP), DUMMY_SP)], body, f.is_async, b::span(f.name.range));
    (member, mounts)
}

fn virtual_scroll_setup(cfg: &HashMap<String, Literal>, has: &dyn Fn(&str) -> bool) -> Vec<js::Stmt> {
    let sp = DUMMY_SP;
    let int = |k: &str| {
        let v = cfg[k].as_f64().unwrap_or(0.0).trunc();
        b::num(v, Some(&(v as i64).to_string()), sp)
    };
    let arrow_call = |params: &[&str], method: &str| {
        b::arrow(params.iter().map(|p| b::pat(p, sp)).collect(), b::method(b::this(sp), method, params.iter().map(|p| b::ident(p, sp)).collect(), sp), sp)
    };
    let mut props = vec![
        b::prop_ident("chunkSize", int("chunk"), sp),
        b::prop_ident("maxChunks", int("max_chunks"), sp),
        b::prop_ident("initialChunks", int("initial_chunks"), sp),
        b::prop_ident("rootMargin", json(&cfg["root_margin"]), sp),
        b::prop_ident("axis", json(&cfg["axis"]), sp),
        b::prop_ident("renderChunk", arrow_call(&["i", "loadCtx"], "chunk"), sp),
        b::prop_ident("totalItems", arrow_call(&[], "total"), sp),
    ];
    if cfg["root"].truthy() {
        props.push(b::prop_ident("root", b::method(b::ident("document", sp), "querySelector", vec![json(&cfg["root"])], sp), sp));
    }
    if cfg["container_class"].truthy() {
        props.push(b::prop_ident("containerClass", json(&cfg["container_class"]), sp));
    }
    if has("measure") {
        props.push(b::prop_ident("measureChunk", arrow_call(&["el", "i"], "measure"), sp));
    }
    if has("placeholder") {
        props.push(b::prop_ident("buildPlaceholder", arrow_call(&["i", "px"], "placeholder"), sp));
    }
    if has("evicted") {
        props.push(b::prop_ident("onChunkEvicted", arrow_call(&["i"], "evicted"), sp));
    }
    if cfg["pool_size"].as_f64().unwrap_or(0.0) > 0.0 {
        props.push(b::prop_ident("poolSize", int("pool_size"), sp));
        props.push(b::prop_ident("onRecycle", arrow_call(&["el", "i"], "recycle"), sp));
    }
    if cfg["child_pool_size"].as_f64().unwrap_or(0.0) > 0.0 {
        props.push(b::prop_ident("childPoolSize", int("child_pool_size"), sp));
    }
    let scroller = b::new(b::ident("VirtualScroller", sp), vec![b::arg(b::object(props, sp))], sp);
    let vs_target = b::simple_target(b::member(b::this(sp), "virtualScroll", sp)).expect("member");
    vec![
        b::expr_stmt(b::assign(js::AssignOp::Assign, vs_target, scroller, sp), sp),
        swc_ecma_quote::quote!("this._sprVS = this.virtualScroll;" as Stmt),
        swc_ecma_quote::quote!("this.virtualScroll.mount(this.element);" as Stmt),
    ]
}

fn module_members(l: &mut Lowerer<'_>, members: &[Member<'_>], spans: &mut Vec<(String, TextRange)>) -> Vec<js::ClassMember> {
    let class_name = l.class.map(|c| c.name).unwrap_or_default().to_string();
    let def = l.class.map(|c| c.def).expect("class");
    report_unsupported(l, members);
    // Server-only SPRAG imports in a Module's file.
    let server_only = &l.file.info.server_only;
    if !server_only.is_empty() {
        l.report(
            Code::ServerOnlyImport,
            def.name.range,
            format!(
                "{class_name} imports server-only SPRAG symbol(s): {}. Move that code into a Controller or Service; browser Modules can only use the Ragot-side SPRAG surface.",
                server_only.join(", ")
            ),
            None,
        );
    }

    let mut refs: Vec<(String, String)> = Vec::new();
    for m in members {
        if let Member::Ref { name, selector, range } = m {
            match selector {
                Some(s) => refs.push((name.to_string(), s.clone())),
                None => l.report(Code::DecoratorArguments, *range, "ref(selector) expects a non-empty CSS selector string.", None),
            }
        }
    }
    let ref_names: HashSet<String> = refs.iter().map(|(n, _)| n.clone()).collect();
    let mut scrolls = Vec::new();
    for m in members {
        if let Member::Method(f) = m
            && f.name.as_str() != "__init__"
                && let Some(cfg) = infinite_scroll_cfg(l, f) {
                    scrolls.push(cfg);
                }
    }

    // Constructor.
    let mut ctor = runtime::module_constructor_prologue();
    ctor.extend(class_attribute_inits(l));
    if let Some(Member::Method(init)) = members.iter().find(|m| m.name() == "__init__") {
        l.owner = format!("{class_name}.__init__");
        let mut kept = Vec::new();
        for s in &init.body {
            if is_super_init(s) || matches!(s, Stmt::Pass(_)) {
                continue;
            }
            if let Stmt::Assign(a) = s
                && let [Expr::Attribute(t)] = a.targets.as_slice()
                    && matches!(&*t.value, Expr::Name(n) if n.id.as_str() == "self") && matches!(t.attr.as_str(), "state" | "screen") {
                        l.report(
                            Code::FrameworkField,
                            s.range(),
                            format!("Cannot assign self.{} in __init__ — this field is owned by the SPRAG runtime.", t.attr.as_str()),
                            Some("Pass initial state to super().__init__(state=...) or set it later with self.set_state({...})."),
                        );
                        continue;
                    }
            kept.push(s.clone());
        }
        if !kept.is_empty() {
            ctor.extend(l.function_body(&kept, &[], FnKind::Init));
            spans.push(("__init__".into(), init.range));
        }
    }
    let mut out = vec![runtime::module_constructor(ctor), helpers_marker()];

    if let Some(Member::Ref { range, .. }) = members.iter().find(|m| matches!(m, Member::Ref { selector: Some(_), .. })) {
        l.owner = class_name.clone();
        l.warn(Code::ReferenceModuleRefs, *range, "sprag build 0.1.24 captures ref() elements into `this.refs`, which a Ragot Module does not have, so its onStart throws a TypeError. spragc creates `this.refs` first.");
    }
    let setup = |l: &mut Lowerer<'_>| -> Vec<js::Stmt> {
        let sp = DUMMY_SP;
        let mut lines = Vec::new();
        if !refs.is_empty() {
            lines.push(swc_ecma_quote::quote!("if (!this.refs) this.refs = {};" as Stmt));
        }
        for (name, selector) in &refs {
            let target = b::simple_target(b::index(b::member(b::this(sp), "refs", sp), b::str_lit(name, sp), sp)).expect("member");
            let value = b::method(b::member(b::this(sp), "element", sp), "querySelector", vec![b::str_lit(selector, sp)], sp);
            lines.push(b::expr_stmt(b::assign(js::AssignOp::Assign, target, value, sp), sp));
        }
        for cfg in &scrolls {
            lines.push(infinite_scroll_setup(l, cfg, &ref_names));
        }
        lines
    };

    let mut has_user_on_start = false;
    let mut any_method = false;
    for m in members {
        let Member::Method(f) = m else { continue };
        let name = f.name.as_str();
        if name == "__init__" {
            continue;
        }
        any_method = true;
        let js_name = map_name(name).into_owned();
        let (pats, mut body) = lower_method(l, f, FnKind::Method);
        if name == "on_start" {
            has_user_on_start = true;
            let mut pre = setup(l);
            pre.append(&mut body);
            body = pre;
        }
        body = wrap_rate_limit(l, f, &js_name, body);
        spans.push((name.to_string(), f.range));
        out.push(b::class_method(&js_name, pats, body, f.is_async, b::span(f.name.range)));
    }
    if !has_user_on_start && (!refs.is_empty() || !scrolls.is_empty()) {
        let body = setup(l);
        out.push(b::class_method("onStart", vec![], body, false, DUMMY_SP));
        any_method = true;
    }
    if !any_method {
        out.push(b::class_method("onStart", vec![], vec![], false, DUMMY_SP));
    }
    out
}

/// `@debounce(s)` / `@throttle(s)` wrappers around a Module method body.
fn wrap_rate_limit(l: &mut Lowerer<'_>, f: &py::StmtFunctionDef, js_name: &str, body: Vec<js::Stmt>) -> Vec<js::Stmt> {
    let mut debounce = None;
    let mut throttle = None;
    for d in &f.decorator_list {
        let Some((name, args)) = sprag_decorator(l, d) else { continue };
        if name != "debounce" && name != "throttle" {
            continue;
        }
        let Some(cfg) = bind_args(l, &name, args, &[("seconds", Literal::None)], 1, d.range) else { continue };
        let secs = match &cfg["seconds"] {
            Literal::Int(_) | Literal::Float(_) | Literal::Bool(_) if cfg["seconds"].as_f64().unwrap_or(-1.0) >= 0.0 => cfg["seconds"].as_f64().unwrap_or(0.0),
            other => {
                l.report(Code::DecoratorArguments, d.range, format!("{name}(seconds) expects a non-negative int or float number of seconds; got {other:?}."), None);
                continue;
            }
        };
        let ms = (secs * 1000.0).trunc() as i64;
        if name == "debounce" {
            debounce = Some(ms);
        } else {
            throttle = Some(ms);
        }
    }
    let sp = DUMMY_SP;
    let key = b::str_lit(js_name, sp);
    if let Some(ms) = debounce {
        let ms = b::num(ms as f64, Some(&ms.to_string()), sp);
        let inner = {
            let mut stmts = vec![swc_ecma_quote::quote!("this._sprDebounce[$key] = undefined;" as Stmt, key: Expr = *key.clone())];
            stmts.extend(body);
            b::arrow_block(vec![], stmts, sp)
        };
        return vec![
            swc_ecma_quote::quote!("if (this._sprDebounce === undefined) this._sprDebounce = {};" as Stmt),
            swc_ecma_quote::quote!("if (this._sprDebounce[$key] !== undefined) this.clearTimeout(this._sprDebounce[$key]);" as Stmt, key: Expr = *key.clone()),
            swc_ecma_quote::quote!("this._sprDebounce[$key] = this.timeout($inner, $ms);" as Stmt, key: Expr = *key, inner: Expr = *inner, ms: Expr = *ms),
        ];
    }
    if let Some(ms) = throttle {
        let ms = b::num(ms as f64, Some(&ms.to_string()), sp);
        let mut out = vec![
            swc_ecma_quote::quote!("if (this._sprThrottle === undefined) this._sprThrottle = {};" as Stmt),
            swc_ecma_quote::quote!("const __now = Date.now();" as Stmt),
            swc_ecma_quote::quote!("if (this._sprThrottle[$key] !== undefined && __now - this._sprThrottle[$key] < $ms) return;" as Stmt, key: Expr = *key.clone(), ms: Expr = *ms),
            swc_ecma_quote::quote!("this._sprThrottle[$key] = __now;" as Stmt, key: Expr = *key),
        ];
        out.extend(body);
        return out;
    }
    body
}

fn is_super_init(s: &Stmt) -> bool {
    let Stmt::Expr(e) = s else { return false };
    let Expr::Call(c) = &*e.value else { return false };
    let Expr::Attribute(a) = &*c.func else { return false };
    if a.attr.as_str() != "__init__" {
        return false;
    }
    matches!(&*a.value, Expr::Call(inner) if matches!(&*inner.func, Expr::Name(n) if n.id.as_str() == "super"))
}

/// `import { a, b } from 'spec';`.
pub fn import_decl(names: &[&str], from: &str) -> js::ModuleItem {
    import_decl_as(&names.iter().map(|n| (n.to_string(), n.to_string())).collect::<Vec<_>>(), from)
}

/// `import { a, b as c } from 'spec';` from (imported, local) pairs.
pub fn import_decl_as(names: &[(String, String)], from: &str) -> js::ModuleItem {
    let sp = DUMMY_SP;
    js::ModuleItem::ModuleDecl(js::ModuleDecl::Import(js::ImportDecl {
        span: sp,
        specifiers: names
            .iter()
            .map(|(imported, local)| {
                js::ImportSpecifier::Named(js::ImportNamedSpecifier {
                    span: sp,
                    local: b::id(local, sp),
                    imported: (imported != local).then(|| js::ModuleExportName::Ident(b::id(imported, sp))),
                    is_type_only: false,
                })
            })
            .collect(),
        src: Box::new(js::Str { span: sp, value: from.into(), raw: Some(format!("'{from}'").into()) }),
        type_only: false,
        with: None,
        phase: Default::default(),
    }))
}

/// The import lines of a class file: Ragot, SPRAG runtime, stores, other classes.
fn imports(project: &Project, kind: ClassKind, used: &Used, opts: &Options, self_index: usize) -> Vec<js::ModuleItem> {
    let mut items = Vec::new();
    let base: &[&str] = match kind {
        ClassKind::Component => &["Component", "createElement"],
        ClassKind::Module => &["Module", "ragotRegistry"],
    };
    let mut names: Vec<&str> = base.to_vec();
    let extras: BTreeSet<&str> = used.ragot.iter().copied().filter(|n| !base.contains(n)).collect();
    names.extend(extras);
    items.push(import_decl(&names, &opts.ragot_import));
    if used.join_url {
        items.push(import_decl(&["joinUrl"], "../../runtime/urls.js"));
    }
    if !used.stores.is_empty() {
        let stores: Vec<&str> = used.stores.iter().map(String::as_str).collect();
        items.push(import_decl(&stores, "../stores.js"));
    }
    for (local, &idx) in &used.classes {
        if idx == self_index {
            continue;
        }
        let target = &project.classes[idx];
        let path = match (kind, target.kind) {
            (ClassKind::Module, ClassKind::Component) => format!("../components/{}.js", target.name),
            (ClassKind::Component, ClassKind::Module) => format!("../modules/{}.js", target.name),
            _ => format!("./{}.js", target.name),
        };
        items.push(import_decl_as(&[(target.name.clone(), local.clone())], &path));
    }
    items
}
