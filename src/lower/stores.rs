//! `stores.js`: one bridge per store declared in `app/stores.py`, wrapping Ragot's
//! `createStateStore` with SPRAG's store API and hydrating from the page payload.

use swc_common::DUMMY_SP;
use swc_ecma_ast::*;
use swc_ecma_quote::quote;

use super::build as b;
use crate::project::{Literal, StoreDecl};
use crate::swc_core;

/// The whole `stores.js` module for `stores`, importing Ragot from `ragot` (a specifier
/// relative to `stores.js`).
pub fn stores_module(stores: &[&StoreDecl], ragot: &str) -> Module {
    let _ = &swc_core::ecma::ast::EsVersion::Es2020;
    let sp = DUMMY_SP;
    let mut body = Vec::new();
    if stores.is_empty() {
        body.push(ModuleItem::ModuleDecl(ModuleDecl::ExportNamed(NamedExport {
            span: sp,
            specifiers: vec![],
            src: None,
            type_only: false,
            with: None,
        })));
        return Module { span: sp, body, shebang: None };
    }
    body.push(crate::lower::class::import_decl(&["createStateStore", "createSelector"], ragot));
    body.push(ModuleItem::Stmt(b::expr_stmt(b::ident(RUNTIME_MARKER, sp), sp)));
    for store in stores {
        let name_lit = b::str_lit(&store.name, sp);
        let initial = literal_expr(&sorted(&store.initial));
        let hydrated = b::index(b::ident("_hydrated", sp), name_lit.clone(), sp);
        let merged = b::object(vec![b::prop_spread(initial.clone(), sp), b::prop_spread(hydrated.clone(), sp)], sp);
        let value = b::cond(b::bin(BinaryOp::NotEqEq, hydrated, b::undefined(sp), sp), merged, initial, sp);
        let value = match *value {
            Expr::Paren(p) => p.expr,
            other => Box::new(other),
        };
        let init = b::call(b::ident("createStoreBridge", sp), vec![name_lit, value], sp);
        let decl = b::var_decl(VarDeclKind::Const, b::pat(&store.name, sp), Some(init), sp);
        body.push(ModuleItem::ModuleDecl(ModuleDecl::ExportDecl(ExportDecl { span: sp, decl: Decl::Var(Box::new(decl)) })));
    }
    Module { span: sp, body, shebang: None }
}

/// The text of `stores.js` for `stores` (non-empty), importing Ragot from `ragot`.
///
/// Remembered for the last declarations seen on this thread: a playground or a dev server
/// recompiles on every edit, while `app/stores.py` rarely changes, and printing the
/// bridges costs as much as compiling a small class.
pub fn stores_js(stores: &[&StoreDecl], ragot: &str) -> String {
    use std::cell::RefCell;
    thread_local! {
        static LAST: RefCell<Option<(String, Vec<(String, Literal)>, String)>> = const { RefCell::new(None) };
    }
    let same = |import: &str, decls: &[(String, Literal)]| {
        import == ragot && decls.len() == stores.len() && decls.iter().zip(stores).all(|((name, initial), s)| *name == s.name && identical(initial, &s.initial))
    };
    if let Some(text) = LAST.with_borrow(|last| last.as_ref().filter(|(import, decls, _)| same(import, decls)).map(|(.., text)| text.clone())) {
        return text;
    }
    let text = splice_runtime(&crate::emit::print(&stores_module(stores, ragot)));
    let decls = stores.iter().map(|s| (s.name.clone(), s.initial.clone())).collect();
    LAST.set(Some((ragot.to_string(), decls, text.clone())));
    text
}

/// Equal literals that also print the same (`0.0` and `-0.0` differ; `NaN` is itself).
fn identical(a: &Literal, b: &Literal) -> bool {
    match (a, b) {
        (Literal::Float(x), Literal::Float(y)) => x.to_bits() == y.to_bits(),
        (Literal::List(x), Literal::List(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| identical(x, y)),
        (Literal::Dict(x), Literal::Dict(y)) => x.len() == y.len() && x.iter().zip(y).all(|((xk, xv), (yk, yv))| identical(xk, yk) && identical(xv, yv)),
        _ => a == b,
    }
}

/// Placeholder statement for the fixed bridge runtime, replaced by [`splice_runtime`].
pub const RUNTIME_MARKER: &str = "__spragcStoresRuntime__";

/// The fixed part of `stores.js` (bridge factory, payload lookup), printed once per process.
fn runtime_text() -> &'static str {
    static TEXT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    TEXT.get_or_init(|| {
        let body = vec![
            bridge_factory(),
            quote!("const _payload = (typeof window !== 'undefined' && window.__SPRAG_PAYLOAD__) || {};" as ModuleItem),
            quote!("const _hydrated = _payload.stores || {};" as ModuleItem),
        ];
        crate::emit::print(&Module { span: DUMMY_SP, body, shebang: None })
    })
}

/// Put the bridge runtime where the placeholder statement was printed.
fn splice_runtime(printed: &str) -> String {
    let marker = format!("{RUNTIME_MARKER};\n");
    match printed.find(&marker) {
        Some(at) => format!("{}{}{}", &printed[..at], runtime_text(), &printed[at + marker.len()..]),
        None => printed.to_string(),
    }
}

/// Keys sorted at every level, as `json.dumps(initial, sort_keys=True)` prints them.
fn sorted(value: &Literal) -> Literal {
    match value {
        Literal::Dict(items) => {
            let mut items: Vec<(Literal, Literal)> = items.iter().map(|(k, v)| (k.clone(), sorted(v))).collect();
            items.sort_by_key(|a| a.0.json_key());
            Literal::Dict(items)
        }
        Literal::List(items) => Literal::List(items.iter().map(sorted).collect()),
        other => other.clone(),
    }
}

/// A Python literal as a JavaScript expression (JSON semantics).
pub fn literal_expr(value: &Literal) -> Box<Expr> {
    let sp = DUMMY_SP;
    match value {
        Literal::None => b::null(sp),
        Literal::Bool(v) => b::bool_lit(*v, sp),
        Literal::Int(i) => b::num(*i as f64, Some(&i.to_string()), sp),
        Literal::Float(f) => b::num(*f, None, sp),
        Literal::Str(s) => b::str_lit(s, sp),
        Literal::List(items) => b::array_of(items.iter().map(literal_expr).collect(), sp),
        Literal::Dict(items) => b::object(
            items.iter().map(|(k, v)| b::prop_str(&k.json_key().unwrap_or_default(), literal_expr(v), sp)).collect(),
            sp,
        ),
    }
}

fn bridge_factory() -> ModuleItem {
    quote!(
        "function createStoreBridge(name, initial) {
            const _store = createStateStore(initial, { name });
            const _selectorCache = new WeakMap();
            const _globalStores = (typeof window !== 'undefined'
                ? ((window.__SPRAG_PAYLOAD__ = window.__SPRAG_PAYLOAD__ || {}).stores = window.__SPRAG_PAYLOAD__.stores || {})
                : {});
            const _globalBridges = (typeof window !== 'undefined'
                ? (window.__SPRAG_STORE_BRIDGES__ = window.__SPRAG_STORE_BRIDGES__ || {})
                : {});

            function _normalizePath(path) {
                if (Array.isArray(path)) return path.map(String).filter(Boolean);
                if (typeof path === 'string') return path.split('.').map(s => s.trim()).filter(Boolean);
                return [];
            }

            function _cloneValue(value) {
                if (value === null || value === undefined) return value;
                if (typeof value !== 'object') return value;
                return JSON.parse(JSON.stringify(value));
            }

            function _valuesEqual(left, right) {
                if (Object.is(left, right)) return true;
                if (left === null || right === null) return left === right;
                if (typeof left !== 'object' || typeof right !== 'object') return false;
                try {
                    return JSON.stringify(left) === JSON.stringify(right);
                } catch (_error) {
                    return false;
                }
            }

            function _selectValue(selector) {
                if (selector === undefined || selector === null) return _store.getState();
                if (typeof selector === 'string' || Array.isArray(selector)) {
                    return _store.get(selector);
                }
                if (typeof selector === 'function') {
                    return selector(_store.getState());
                }
                return _store.getState();
            }

            function _syncGlobalSnapshot() {
                if (typeof window === 'undefined') return;
                _globalStores[name] = JSON.parse(JSON.stringify(_store.getState()));
            }

            _globalBridges[name] = null;
            _syncGlobalSnapshot();
            _store.subscribe(() => {
                _syncGlobalSnapshot();
            });

            const bridge = {
                name,
                get(path, fallback) {
                    if (path === undefined || path === null) return _store.getState();
                    return _store.get(path, fallback);
                },
                getState() {
                    return _store.getState();
                },
                snapshot() {
                    return JSON.parse(JSON.stringify(_store.getState()));
                },
                set(path, value) {
                    return _store.set(path, value);
                },
                patch(partial) {
                    return _store.patch(partial);
                },
                update(mutator) {
                    return _store.batch(mutator);
                },
                delete(path) {
                    const keys = _normalizePath(path);
                    if (keys.length === 0) return false;
                    const finalKey = keys[keys.length - 1];
                    const root = _store.getState();
                    let cursor = root;
                    for (let i = 0; i < keys.length - 1; i += 1) {
                        if (cursor == null) return false;
                        cursor = cursor[keys[i]];
                    }
                    if (cursor == null || !(finalKey in cursor)) return false;
                    delete cursor[finalKey];
                    return true;
                },
                clear() {
                    _store.batch((state) => {
                        for (const key of Object.keys(state)) {
                            delete state[key];
                        }
                    });
                },
                reset() {
                    _store.batch((state) => {
                        for (const key of Object.keys(state)) {
                            delete state[key];
                        }
                        Object.assign(state, JSON.parse(JSON.stringify(initial)));
                    });
                },
                subscribe(listener, options) {
                    const resolved = options || {};
                    const selector = resolved.selector;
                    const immediate = !!resolved.immediate;

                    if (selector === undefined && resolved.equals === undefined) {
                        return _store.subscribe(listener, resolved);
                    }

                    let lastValue = _cloneValue(_selectValue(selector));
                    if (immediate) {
                        listener(_cloneValue(lastValue));
                    }

                    return _store.subscribe(() => {
                        const nextValue = _cloneValue(_selectValue(selector));
                        const equals = typeof resolved.equals === 'function'
                            ? resolved.equals
                            : _valuesEqual;
                        if (equals(nextValue, lastValue)) {
                            return;
                        }
                        lastValue = _cloneValue(nextValue);
                        listener(_cloneValue(nextValue));
                    }, { immediate: false });
                },
                select(selector, fallback) {
                    if (typeof selector === 'string' || Array.isArray(selector)) {
                        return _store.get(selector, fallback);
                    }
                    if (typeof selector !== 'function') return fallback;
                    let memo = _selectorCache.get(selector);
                    if (!memo) {
                        memo = createSelector([(s) => s], (s) => selector(s));
                        _selectorCache.set(selector, memo);
                    }
                    const result = memo(_store.getState());
                    return result === undefined ? fallback : result;
                },
                listen(path, listener) {
                    return bridge.subscribe(listener, { selector: path });
                },
                _store
            };
            _globalBridges[name] = bridge;
            return bridge;
        }" as ModuleItem
    )
}

#[cfg(test)]
mod tests {
    use crate::{compile_project, Options};

    fn stores_js(stores_py: &str, opts: &Options) -> String {
        let out = compile_project(vec![("app/stores.py".into(), stores_py.into())], opts);
        out.files.into_iter().find(|f| f.path == "stores.js").expect("stores.js").code
    }

    /// The remembered `stores.js` is used only for the very same declarations and import.
    #[test]
    fn remembered_stores_js_follows_every_change() {
        let opts = Options::default();
        let base = "from sprag import store\ncount = store(\"count\", initial={\"n\": 0.0})\n";
        let first = stores_js(base, &opts);
        assert_eq!(stores_js(base, &opts), first);
        for changed in [
            base.replace("0.0", "-0.0"),
            base.replace("0.0", "1"),
            base.replace("\"n\"", "\"m\""),
            base.replace("store(\"count\"", "store(\"total\""),
            format!("{base}other = store(\"other\")\n"),
        ] {
            let text = stores_js(&changed, &opts);
            assert_ne!(text, first, "{changed}");
            // Whatever was remembered before, the text is the one a first compile gives.
            assert_eq!(text, std::thread::spawn({ let changed = changed.clone(); move || stores_js(&changed, &Options::default()) }).join().unwrap());
        }
        let other_import = Options { stores_ragot_import: "/ragot.js".into(), ..Options::default() };
        assert!(stores_js(base, &other_import).contains("'/ragot.js'"));
        assert_eq!(stores_js(base, &opts), first);
    }
}
