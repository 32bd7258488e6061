//! Lowering: Python AST -> swc JavaScript AST.
//!
//! One [`Lowerer`] lowers one browser class (or one file's helper prelude). The work is
//! split by Python construct family: `expr` (expressions), `call` (calls, builtins and
//! Python methods), `ui` (`ui.*`, `dom.*` and mount points), `stmt` (statements),
//! `scope` (where locals are declared), `class` (Component/Module assembly), `helpers`
//! (top-level helper prelude) and `runtime` (the fixed JavaScript SPRAG injects).

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
pub mod build;
pub mod call;
pub mod class;
pub mod expr;
pub mod helpers;
pub mod runtime;
pub mod scope;
pub mod stmt;
pub mod stores;
pub mod types;
pub mod ui;

use std::collections::{BTreeMap, BTreeSet};

use ruff_python_ast as py;
use ruff_text_size::TextRange;
use swc_ecma_ast as js;

use crate::diagnostics::{Code, RawDiagnostic};
use crate::project::{ClassKind, Project, Resolved, SourceFile};
use crate::Options;
use build as b;
pub use scope::FnKind;
use types::PyType;

/// Release the atoms (swc's interned identifiers and strings, longer than 7 bytes) that
/// nothing uses any more. swc interns them in a per-thread table that keeps every entry
/// until asked: without this, each compile would leave its class names, strings and
/// identifiers behind for the life of the thread (a playground compiling on every
/// keystroke would grow without end). Called when a [`crate::Compilation`] ends and after a
/// server compile, on the thread that lowered.
pub fn release_atoms() {
    hstr::global_atom_store_gc();
}

/// Names the lowered code needs from outside: imports and prelude pieces.
#[derive(Default, Debug, Clone)]
pub struct Used {
    /// Ragot runtime exports (`renderList`, `$`, ...), besides the base class imports.
    pub ragot: BTreeSet<&'static str>,
    /// Store names imported from `stores.js`.
    pub stores: BTreeSet<String>,
    /// Browser classes imported: local name -> class index.
    pub classes: BTreeMap<String, usize>,
    /// Top-level helpers referenced (names).
    pub helpers: BTreeSet<String>,
    /// `joinUrl` from the SPRAG runtime.
    pub join_url: bool,
    /// The `__spragEnv`/`__spragPublicEnv` prelude.
    pub env: bool,
}

impl Used {
    /// Merge another set of uses into this one.
    pub fn extend(&mut self, other: &Used) {
        self.ragot.extend(other.ragot.iter().copied());
        self.stores.extend(other.stores.iter().cloned());
        self.classes.extend(other.classes.iter().map(|(k, v)| (k.clone(), *v)));
        self.helpers.extend(other.helpers.iter().cloned());
        self.join_url |= other.join_url;
        self.env |= other.env;
    }
}

/// A `ui.For`/`ui.Grid`/`ui.LazyImage` mount point found while lowering `render()`.
pub struct Mount {
    pub tag: MountTag,
    pub index: usize,
    /// Arguments lowered in render's scope, stashed on `this._sprMountArgs[index]`.
    pub args: Vec<(String, Box<js::Expr>)>,
    pub range: TextRange,
}

/// The kinds of mount point.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum MountTag {
    For,
    Grid,
    LazyImage,
}

/// Facts about the class being lowered that every method needs.
pub struct ClassCx<'a> {
    pub index: usize,
    pub name: &'a str,
    pub kind: ClassKind,
    pub def: &'a py::StmtClassDef,
    /// JavaScript names of the class's own methods (for binding `self.method` references).
    pub method_names: HashSet<String>,
    /// Python methods by name (last definition wins).
    pub methods: HashMap<&'a str, &'a py::StmtFunctionDef>,
    /// Types of `self.<attr>` known from assignments anywhere in the class.
    pub attr_types: HashMap<String, PyType>,
}

/// The current function's locals.
#[derive(Default)]
pub struct Locals {
    pub plan: scope::LocalPlan,
    pub declared: HashSet<String>,
    pub params: HashSet<String>,
    pub types: HashMap<String, PyType>,
}

/// Lowers the Python of one class (or helper prelude) to JavaScript, collecting diagnostics.
pub struct Lowerer<'a> {
    pub project: &'a Project,
    pub file_index: usize,
    pub file: &'a SourceFile,
    pub opts: &'a Options,
    pub class: Option<&'a ClassCx<'a>>,
    pub diags: Vec<RawDiagnostic>,
    pub used: Used,
    /// `Class.method` or `<top-level helper name>` for diagnostics.
    pub owner: String,
    pub fn_kind: FnKind,
    pub locals: Locals,
    /// Parameters of enclosing lambdas and comprehensions, innermost last.
    pub arrow_scopes: Vec<Vec<String>>,
    /// Mount points, collected only while lowering `render()`.
    pub mounts: Option<Vec<Mount>>,
    /// Set while lowering a top-level helper (which the reference does not lint).
    pub in_helper: bool,
    /// Counter for `match` temporaries.
    pub temp_counter: u32,
    /// Set while lowering positional call arguments, where the reference binds
    /// `self.method` references itself (so binding them is no divergence).
    pub quiet_bind: bool,
    /// Types from the annotations of the parameters just lowered by `params()`, for the
    /// function body that follows.
    pub param_types: Vec<(String, PyType)>,
}

impl<'a> Lowerer<'a> {
    /// A lowerer for code in `file`, optionally inside a browser class.
    pub fn new(project: &'a Project, file_index: usize, opts: &'a Options, class: Option<&'a ClassCx<'a>>) -> Self {
        Lowerer {
            project,
            file_index,
            file: &project.files[file_index],
            opts,
            class,
            diags: Vec::new(),
            used: Used::default(),
            owner: class.map(|c| c.name.to_string()).unwrap_or_default(),
            fn_kind: FnKind::Method,
            locals: Locals::default(),
            arrow_scopes: Vec::new(),
            mounts: None,
            in_helper: false,
            temp_counter: 0,
            quiet_bind: false,
            param_types: Vec::new(),
        }
    }

    /// Report an error and return a placeholder expression so lowering can go on.
    pub fn error(&mut self, code: Code, range: TextRange, message: impl Into<String>, hint: Option<&str>) -> Box<js::Expr> {
        self.report(code, range, message, hint);
        b::undefined(b::span(range))
    }

    /// Record a diagnostic (error or warning, by its code).
    pub fn report(&mut self, code: Code, range: TextRange, message: impl Into<String>, hint: Option<&str>) {
        self.diags.push(RawDiagnostic {
            code,
            message: message.into(),
            range,
            owner: if self.owner.is_empty() { None } else { Some(self.owner.clone()) },
            hint: hint.map(str::to_string),
            file: None,
        });
    }

    /// Record a reference-divergence warning.
    pub fn warn(&mut self, code: Code, range: TextRange, message: impl Into<String>) {
        self.report(code, range, message, None);
    }

    /// True when `extended` language features are on.
    pub fn extended(&self) -> bool {
        self.opts.extended
    }

    /// Is `name` a local of the current function, lambda or comprehension?
    pub fn is_local(&self, name: &str) -> bool {
        self.arrow_scopes.iter().any(|s| s.iter().any(|n| n == name))
            || self.locals.declared.contains(name)
            || self.locals.params.contains(name)
            || self.locals.plan.locals.contains(name)
    }

    /// What a free (non-local) name refers to in this file.
    pub fn resolve_global(&self, name: &str) -> Resolved {
        self.project.resolve(self.file_index, name)
    }

    /// Is `name` a top-level helper of this file?
    pub fn is_helper(&self, name: &str) -> bool {
        self.file.info.helpers.iter().any(|(n, _)| n == name)
    }

    /// Is `name` unbound by the user's code (so a Python builtin of that name is meant)?
    pub fn is_builtin_name(&self, name: &str) -> bool {
        !self.is_local(name)
            && !self.is_helper(name)
            && !self.file.info.imports.contains_key(name)
            && !self.file.info.classes.contains_key(name)
    }

    /// The SPRAG symbol a name stands for, if it is imported from `sprag` and not shadowed.
    pub fn sprag_symbol(&self, name: &str) -> Option<&'a str> {
        if self.is_local(name) {
            return None;
        }
        self.file.info.sprag.get(name).map(String::as_str)
    }

    /// Is `name` the SPRAG namespace `ns` (`ui`, `dom`)? The reference matches the bare
    /// name, so `ui` works even without importing it.
    pub fn is_namespace(&self, name: &str, ns: &str) -> bool {
        name == ns && !self.is_local(name)
    }

    /// JavaScript name of a method of the current class, if `name` is one.
    pub fn class_method_js(&self, py_name: &str) -> Option<String> {
        let class = self.class?;
        let js = crate::names::map_name(py_name);
        class.method_names.contains(js.as_ref()).then(|| js.into_owned())
    }

    /// Record that the generated file needs a Ragot export.
    pub fn use_ragot(&mut self, name: &'static str) {
        self.used.ragot.insert(name);
    }

    /// Make a fresh temporary name (`__spragTmp0`, ...).
    pub fn temp(&mut self, prefix: &str) -> String {
        let n = self.temp_counter;
        self.temp_counter += 1;
        format!("{prefix}{n}")
    }

    /// Source text of a range (for messages).
    pub fn text(&self, range: TextRange) -> &str {
        &self.file.text[range]
    }
}
