//! The fixed JavaScript SPRAG's runtime contract requires in every generated file: the
//! helper methods injected into Components and Modules (each delegating to a
//! `window.__SPRAG_*__` global), the env helper prelude, and the mount-sync methods.
//!
//! Written as JavaScript and turned into swc AST at compile time by `swc_ecma_quote`,
//! so no JavaScript parser ships in the compiler.

use swc_ecma_ast::*;
use swc_ecma_quote::quote;

use crate::swc_core;

/// Name of the placeholder method standing for the injected helpers until printing.
pub const HELPERS_MARKER: &str = "__spragcInjectedHelpers__";

/// The injected helper methods, printed once per process by swc: every generated class
/// carries the same ~100 lines, so `emit` splices this text in place of the
/// [`HELPERS_MARKER`] method instead of building and printing them for every class.
/// Returns the text (whole lines, without the last newline) and its number of newlines.
pub fn helpers_text(kind: crate::project::ClassKind) -> (&'static str, u32) {
    use std::sync::OnceLock;
    static COMPONENT: OnceLock<(String, u32)> = OnceLock::new();
    static MODULE: OnceLock<(String, u32)> = OnceLock::new();
    let (cell, members): (&OnceLock<(String, u32)>, fn() -> Vec<ClassMember>) = match kind {
        crate::project::ClassKind::Component => (&COMPONENT, component_helpers),
        crate::project::ClassKind::Module => (&MODULE, module_helpers),
    };
    let (text, newlines) = cell.get_or_init(|| {
        let class = Class {
            span: Default::default(),
            ctxt: Default::default(),
            decorators: vec![],
            body: members(),
            super_class: None,
            is_abstract: false,
            type_params: None,
            super_type_params: None,
            implements: vec![],
        };
        let item = ModuleItem::Stmt(Stmt::Decl(Decl::Class(ClassDecl { ident: super::build::id("C", Default::default()), declare: false, class: Box::new(class) })));
        let text = crate::emit::print(&Module { span: Default::default(), body: vec![item], shebang: None });
        // Keep the member lines (already indented for a top-level class body).
        let lines: Vec<&str> = text.lines().collect();
        (lines[1..lines.len() - 1].join("\n"), lines.len() as u32 - 3)
    });
    (text, *newlines)
}

/// Members of a quoted `class` declaration.
fn members_of(item: ModuleItem) -> Vec<ClassMember> {
    match item {
        ModuleItem::Stmt(Stmt::Decl(Decl::Class(c))) => c.class.body,
        _ => Vec::new(),
    }
}

/// The constructor of a generated Component.
pub fn component_constructor() -> ClassMember {
    let _ = &swc_core::ecma::ast::EsVersion::Es2020;
    members_of(quote!(
        "class C {
            constructor(initialState = {}, options = {}) {
                super(initialState);
                this.props = options.props || {};
                this.module = options.module || null;
                this.refs = {};
            }
        }" as ModuleItem
    ))
    .remove(0)
}

/// `formData`, `uploadForm`, `upload`, `actionErrorMessage`, `navigate`, `setMetadata`:
/// the helpers every generated Component carries.
pub fn component_helpers() -> Vec<ClassMember> {
    members_of(quote!(
        "class C {
            formData(source) {
                const helper = typeof window !== 'undefined' ? window.__SPRAG_FORM_DATA__ : null;
                if (typeof helper !== 'function') {
                    throw new Error('[SPRAG] Form helper unavailable.');
                }
                return helper(source);
            }
            uploadForm(name, source, onProgress = null) {
                const helper = typeof window !== 'undefined' ? window.__SPRAG_UPLOADS__ : null;
                if (!helper || typeof helper.submit !== 'function') {
                    return Promise.reject(new Error('[SPRAG] Upload client unavailable.'));
                }
                return helper.submit(name, source, onProgress);
            }
            upload(name, file, payload = null, onProgress = null) {
                const helper = typeof window !== 'undefined' ? window.__SPRAG_UPLOADS__ : null;
                if (!helper || typeof helper.upload !== 'function') {
                    return Promise.reject(new Error('[SPRAG] Upload client unavailable.'));
                }
                return helper.upload(name, file, payload, onProgress);
            }
            actionErrorMessage(error, fallback = '') {
                const helper = typeof window !== 'undefined' ? window.__SPRAG_ACTION_ERROR_MESSAGE__ : null;
                if (typeof helper === 'function') {
                    return helper(error, fallback);
                }
                if (error && typeof error.message === 'string' && error.message.trim()) {
                    return error.message.trim();
                }
                return fallback || '[SPRAG] Action failed.';
            }
            navigate(target, options = {}) {
                const navigator = typeof window !== 'undefined' ? window.__SPRAG_NAVIGATE__ : null;
                if (typeof navigator !== 'function') {
                    throw new Error('[SPRAG] Browser navigator unavailable.');
                }
                return navigator(target, options);
            }
            setMetadata(metadata = {}, options = {}) {
                const helper = typeof window !== 'undefined' ? window.__SPRAG_SET_METADATA__ : null;
                if (typeof helper !== 'function') {
                    throw new Error('[SPRAG] Metadata helper unavailable.');
                }
                return helper(metadata, options);
            }
        }" as ModuleItem
    ))
}

/// The start of a generated Module's constructor; `__init__` statements follow it.
pub fn module_constructor_prologue() -> Vec<Stmt> {
    match members_of(quote!(
        "class C {
            constructor(initialState = {}) {
                super(initialState);
                this.component = null;
                this.actions = null;
                this.route = null;
                this.socket = null;
            }
        }" as ModuleItem
    ))
    .remove(0)
    {
        ClassMember::Constructor(c) => c.body.map(|b| b.stmts).unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// `constructor(initialState = {}) { <body> }`.
pub fn module_constructor(body: Vec<Stmt>) -> ClassMember {
    let mut member = members_of(quote!("class C { constructor(initialState = {}) {} }" as ModuleItem)).remove(0);
    if let ClassMember::Constructor(c) = &mut member
        && let Some(b) = &mut c.body {
            b.stmts = body;
        }
    member
}

/// The socket, action, provider, upload, navigation and metadata helpers of a Module.
pub fn module_helpers() -> Vec<ClassMember> {
    let mut members = members_of(quote!(
        "class C {
            _spragSocket() {
                return this.socket || window.__SPRAG_SOCKET__ || null;
            }
            onSocket(event, handler) {
                const socket = this._spragSocket();
                if (!socket) {
                    console.warn('[SPRAG] Module.on_socket(...) called before the shared socket bridge was ready.');
                    return this;
                }
                return super.onSocket(socket, event, handler);
            }
            offSocket(event, handler) {
                const socket = this._spragSocket();
                if (!socket) {
                    return this;
                }
                return super.offSocket(socket, event, handler);
            }
            emitSocket(event, payload = null) {
                const socket = this._spragSocket();
                if (!socket || typeof socket.emit !== 'function') {
                    console.warn('[SPRAG] Module.emit_socket(...) called before the shared socket bridge was ready.');
                    return false;
                }
                return socket.emit(event, payload);
            }
            refetchOnSocket(event = 'sprag:refetch', action = null, onResult = null, onError = null) {
                const handler = (payload = {}) => {
                    const actionName = payload && typeof payload.action === 'string' && payload.action.trim()
                        ? payload.action.trim()
                        : (typeof action === 'string' && action.trim() ? action.trim() : null);
                    if (!actionName) {
                        console.warn('[SPRAG] Module.refetch_on_socket(...) could not resolve an action name.');
                        return Promise.resolve(null);
                    }
                    const actionPayload = payload && payload.payload && typeof payload.payload === 'object'
                        ? payload.payload
                        : {};
                    return this.callAction(actionName, actionPayload)
                        .then((result) => {
                            if (typeof onResult === 'function') {
                                onResult.call(this, result, payload);
                            }
                            return result;
                        })
                        .catch((error) => {
                            if (typeof onError === 'function') {
                                return onError.call(this, error, payload);
                            }
                            throw error;
                        });
                };
                this.onSocket(event, handler);
                return handler;
            }
            joinTopic(topic) {
                const socket = this._spragSocket();
                if (!socket || typeof socket.joinTopic !== 'function') {
                    console.warn('[SPRAG] Module.join_topic(...) called before the shared socket bridge was ready.');
                    return false;
                }
                return socket.joinTopic(topic);
            }
            leaveTopic(topic) {
                const socket = this._spragSocket();
                if (!socket || typeof socket.leaveTopic !== 'function') {
                    return false;
                }
                return socket.leaveTopic(topic);
            }
            provider(name) {
                return ragotRegistry.require(name);
            }
            callAction(name, payload = {}) {
                if (!this.actions || typeof this.actions.call !== 'function') {
                    return Promise.reject(new Error('[SPRAG] Action client unavailable.'));
                }
                return this.actions.call(name, payload);
            }
        }" as ModuleItem
    ));
    // The Component helpers, in the reference's Module order: actionErrorMessage,
    // formData, uploadForm, upload, navigate, setMetadata.
    let mut shared = component_helpers();
    let action_error = shared.remove(3);
    members.push(action_error);
    members.extend(shared);
    members
}

/// `__spragSyncMounts`, `setStateSync` and `_performUpdate` for a Component with mount
/// points; `setup` is the renderList/renderGrid/lazy-loader statements.
pub fn sync_mount_methods(setup: Vec<Stmt>) -> Vec<ClassMember> {
    let mut members = members_of(quote!(
        "class C {
            __spragSyncMounts() {
                if (!this.element || !this._isMounted) {
                    return;
                }
            }
            setStateSync(next) {
                super.setStateSync(next);
                this.__spragSyncMounts();
            }
            _performUpdate() {
                super._performUpdate();
                this.__spragSyncMounts();
            }
        }" as ModuleItem
    ));
    if let Some(ClassMember::Method(m)) = members.first_mut()
        && let Some(body) = &mut m.function.body {
            body.stmts.extend(setup);
        }
    members
}

/// One lazy-loader install per Component with `ui.LazyImage`.
pub fn lazy_loader_setup() -> Stmt {
    quote!(
        "if (!this._sprLazy) {
            this._sprLazy = createLazyLoader(this, { selector: '[data-src]' });
        } else if (typeof this._sprLazy.refresh === 'function') {
            this._sprLazy.refresh();
        }" as Stmt
    )
}

/// `renderList(target, stash.items, key || default, render || identity, undefined, opts)`.
pub fn render_mount(func: &str, index: usize, options: Vec<PropOrSpread>) -> Stmt {
    use super::build as b;
    let sp = swc_common::DUMMY_SP;
    let stash = || {
        b::paren(b::bin(
            BinaryOp::LogicalAnd,
            b::member(b::this(sp), "_sprMountArgs", sp),
            b::index(b::member(b::this(sp), "_sprMountArgs", sp), b::num(index as f64, None, sp), sp),
            sp,
        ))
    };
    let selector = format!("[data-sprag-mount=\"{index}\"]");
    let target = b::method(b::member(b::this(sp), "element", sp), "querySelector", vec![b::str_lit(&selector, sp)], sp);
    let items = b::member(stash(), "items", sp);
    let default_key: Box<Expr> = Box::new(quote!("(item, i) => String(i)" as Expr));
    let default_render: Box<Expr> = Box::new(quote!("(item) => item" as Expr));
    let key = b::paren(b::bin(BinaryOp::LogicalOr, b::member(stash(), "key", sp), b::paren(default_key), sp));
    let render = b::paren(b::bin(BinaryOp::LogicalOr, b::member(stash(), "render", sp), b::paren(default_render), sp));
    let opts: Vec<PropOrSpread> = options;
    let call = b::call(b::ident(func, sp), vec![target, items, key, render, b::undefined(sp), b::object(opts, sp)], sp);
    b::expr_stmt(call, sp)
}

/// Reads `this._sprMountArgs[index].<field>` for mount options.
pub fn stash_field(index: usize, field: &str) -> Box<Expr> {
    use super::build as b;
    let sp = swc_common::DUMMY_SP;
    let stash = b::paren(b::bin(
        BinaryOp::LogicalAnd,
        b::member(b::this(sp), "_sprMountArgs", sp),
        b::index(b::member(b::this(sp), "_sprMountArgs", sp), b::num(index as f64, None, sp), sp),
        sp,
    ));
    b::member(stash, field, sp)
}

/// `(this._sprMountArgs = this._sprMountArgs || {})[index] = { ... };` in render().
pub fn mount_stash(index: usize, fields: Vec<PropOrSpread>) -> Stmt {
    use super::build as b;
    let sp = swc_common::DUMMY_SP;
    let init: Box<Expr> = Box::new(quote!("(this._sprMountArgs = this._sprMountArgs || {})" as Expr));
    let target = b::index(init, b::num(index as f64, None, sp), sp);
    let target = b::simple_target(target).expect("member target");
    b::expr_stmt(b::assign(AssignOp::Assign, target, b::object(fields, sp), sp), sp)
}

/// The `__spragEnv`/`__spragPublicEnv` prelude that browser `env(...)` calls need.
pub fn env_prelude() -> Vec<ModuleItem> {
    vec![
        quote!("const __SPRAG_ENV_MISSING__ = Symbol('sprag.env.missing');" as ModuleItem),
        quote!(
            "function __spragPublicEnv() {
                return (typeof window !== 'undefined' && window.__SPRAG_ENV__) || {};
            }" as ModuleItem
        ),
        quote!(
            "function __spragEnv(name, fallback = __SPRAG_ENV_MISSING__, options = {}) {
                const source = __spragPublicEnv();
                const hasValue = Object.prototype.hasOwnProperty.call(source, name);
                if (!hasValue) {
                    if (options.required || fallback === __SPRAG_ENV_MISSING__) {
                        throw new Error(`[SPRAG] Missing public environment variable \"${name}\".`);
                    }
                    return fallback;
                }
                const raw = source[name];
                const cast = options.cast || null;
                if (cast === null || cast === 'str') {
                    return raw;
                }
                if (cast === 'bool') {
                    const normalized = String(raw).trim().toLowerCase();
                    if (['1', 'true', 'yes', 'on'].includes(normalized)) return true;
                    if (['0', 'false', 'no', 'off'].includes(normalized)) return false;
                    throw new Error(`[SPRAG] Could not cast public env \"${name}\" to bool.`);
                }
                if (cast === 'int') {
                    const value = Number(raw);
                    if (!Number.isFinite(value)) {
                        throw new Error(`[SPRAG] Could not cast public env \"${name}\" to int.`);
                    }
                    return Math.trunc(value);
                }
                if (cast === 'float') {
                    const value = Number(raw);
                    if (!Number.isFinite(value)) {
                        throw new Error(`[SPRAG] Could not cast public env \"${name}\" to float.`);
                    }
                    return value;
                }
                throw new Error(`[SPRAG] Unsupported browser env cast \"${cast}\".`);
            }" as ModuleItem
        ),
    ]
}

/// Statements of the first method of a quoted class (where `super` is allowed).
fn method_stmts(item: ModuleItem) -> Vec<Stmt> {
    match members_of(item).into_iter().next() {
        Some(ClassMember::Method(m)) => m.function.body.map(|b| b.stmts).unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// `@animate` unmount: animate out, then really unmount.
#[allow(clippy::boxed_local)] // lowering hands expressions around boxed
pub fn animate_out_epilogue(class_name: Box<Expr>) -> Vec<Stmt> {
    method_stmts(quote!(
        "class C {
            unmount() {
                const __spragEl = this.element;
                const __spragDone = () => super.unmount();
                if (__spragEl) { animateOut(__spragEl, $cls).then(__spragDone); } else { __spragDone(); }
            }
        }" as ModuleItem,
        cls: Expr = *class_name
    ))
}

/// `super.unmount();`.
pub fn super_unmount() -> Vec<Stmt> {
    method_stmts(quote!("class C { unmount() { super.unmount(); } }" as ModuleItem))
}
