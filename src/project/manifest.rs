//! What an app declares besides its browser classes: routes (`page(...)`), mounts
//! (`mount(...)`) and controller actions (`@action`), read statically for tools such as
//! the playground's inspector.

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::Ranged;
use serde::Serialize;

use super::{Literal, Project};

/// A `name = page(path=..., controller=..., screen=...)` declaration.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Route {
    pub name: String,
    pub path: Option<String>,
    pub controller: Option<String>,
    pub screen: Option<String>,
    pub mode: Option<String>,
    pub file: String,
    pub line: u32,
}

/// A `name = mount(...)` declaration.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct MountDecl {
    pub name: String,
    pub path: Option<String>,
    pub file: String,
    pub line: u32,
}

/// An `@action` method of a Controller.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Action {
    pub controller: String,
    /// The name the browser calls (`@action(name=...)` or the method name).
    pub name: String,
    pub method: String,
    pub defer: bool,
    pub file: String,
    pub line: u32,
}

/// Routes, mounts and actions of a project.
#[derive(Serialize, Clone, Debug, Default, PartialEq)]
pub struct AppManifest {
    pub routes: Vec<Route>,
    pub mounts: Vec<MountDecl>,
    pub actions: Vec<Action>,
}

fn keyword<'a>(call: &'a ruff_python_ast::ExprCall, name: &str) -> Option<&'a Expr> {
    call.arguments.keywords.iter().find(|k| k.arg.as_ref().is_some_and(|a| a.as_str() == name)).map(|k| &k.value)
}

fn string_kw(call: &ruff_python_ast::ExprCall, name: &str) -> Option<String> {
    keyword(call, name).and_then(Literal::eval).and_then(|l| l.as_str().map(str::to_string))
}

fn name_kw(call: &ruff_python_ast::ExprCall, name: &str) -> Option<String> {
    match keyword(call, name)? {
        Expr::Name(n) => Some(n.id.to_string()),
        Expr::Attribute(a) => Some(a.attr.to_string()),
        _ => None,
    }
}

impl Project {
    /// Read every route, mount and action declared in the project.
    pub fn manifest(&self) -> AppManifest {
        let mut out = AppManifest::default();
        for file in &self.files {
            let Some(module) = &file.ast else { continue };
            let sprag = |name: &str| file.info.sprag.get(name).map(String::as_str);
            for stmt in &module.body {
                match stmt {
                    Stmt::Assign(a) => {
                        let [Expr::Name(target)] = a.targets.as_slice() else { continue };
                        let Expr::Call(call) = &*a.value else { continue };
                        let Expr::Name(func) = &*call.func else { continue };
                        let (line, _) = file.lines.line_col(&file.text, a.range.start().into());
                        match sprag(func.id.as_str()) {
                            Some("page") => out.routes.push(Route {
                                name: target.id.to_string(),
                                path: string_kw(call, "path"),
                                controller: name_kw(call, "controller"),
                                screen: name_kw(call, "screen"),
                                mode: string_kw(call, "mode"),
                                file: file.path.clone(),
                                line,
                            }),
                            Some("mount") => out.mounts.push(MountDecl { name: target.id.to_string(), path: string_kw(call, "path"), file: file.path.clone(), line }),
                            _ => {}
                        }
                    }
                    Stmt::ClassDef(def) => {
                        let is_controller = def.arguments.as_ref().is_some_and(|args| {
                            args.args.iter().any(|b| matches!(b, Expr::Name(n) if sprag(n.id.as_str()) == Some("Controller")))
                        });
                        if !is_controller {
                            continue;
                        }
                        for item in &def.body {
                            let Stmt::FunctionDef(f) = item else { continue };
                            for d in &f.decorator_list {
                                let (func, call) = match &d.expression {
                                    Expr::Name(n) => (n, None),
                                    Expr::Call(c) => match &*c.func {
                                        Expr::Name(n) => (n, Some(c)),
                                        _ => continue,
                                    },
                                    _ => continue,
                                };
                                if sprag(func.id.as_str()) != Some("action") {
                                    continue;
                                }
                                let name = call.and_then(|c| string_kw(c, "name")).unwrap_or_else(|| f.name.to_string());
                                let defer = call.and_then(|c| keyword(c, "defer")).and_then(Literal::eval).is_some_and(|l| l.truthy());
                                let (line, _) = file.lines.line_col(&file.text, f.range().start().into());
                                out.actions.push(Action { controller: def.name.to_string(), name, method: f.name.to_string(), defer, file: file.path.clone(), line });
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_routes_and_actions() {
        let p = Project::new(vec![
            (
                "app/routes/counter/server.py".into(),
                "from sprag import Controller, action\nclass CounterController(Controller):\n    @action\n    def reset(self):\n        return {}\n    @action(name='bump', defer=True)\n    def increment(self, count):\n        return {}\n    def helper(self):\n        pass\n".into(),
            ),
            ("app/routes/counter/page.py".into(), "from sprag import page\nfrom .server import CounterController\ncounter = page(path='/counter', controller=CounterController, mode='hybrid')\n".into()),
        ]);
        let m = p.manifest();
        assert_eq!(m.routes.len(), 1);
        assert_eq!(m.routes[0].path.as_deref(), Some("/counter"));
        assert_eq!(m.routes[0].controller.as_deref(), Some("CounterController"));
        let names: Vec<(&str, bool)> = m.actions.iter().map(|a| (a.name.as_str(), a.defer)).collect();
        assert_eq!(names, vec![("reset", false), ("bump", true)]);
    }
}
