// Pages of a project without page.py / web.py (a playground sketch: components.py, modules.py
// and server.py in a route folder). For every folder under app/routes/ with browser classes
// and no declared page, the mock infers one, as the issue asks: the route path from the
// folder (`app/routes/queue_demo` -> `/queue-demo`, `home`/`index` -> `/`), the folder's
// Controller (or one whose load() returns {}), and a Screen that hydrates every Component of
// the folder with the folder's first Module, whose state is set from load()'s data.

import * as $py from "../py/py.js";
import { Component, Module, Screen, hydrate } from "./browser.js";
import { Controller } from "./controller.js";
import { declaredPages, page } from "./pages.js";
import { pyfunction } from "./pyfn.js";
import { ui } from "./ui.js";

const isSubclass = (value, base) => typeof value === "function" && value !== base && value.prototype instanceof base;

/** `app/routes/queue_demo` -> `/queue-demo`. */
export function inferredPath(folder) {
  const rel = folder.replace(/^app\/routes\/?/, "");
  if (rel === "" || rel === "home" || rel === "index") return "/";
  return `/${rel.split("/").map((part) => part.replaceAll("_", "-")).join("/")}`;
}

/**
 * Declare a page for each route folder that has browser classes but no page.
 * @param modules  Map of compiled module path -> namespace (already imported)
 */
export async function inferPages(modules) {
  const folders = new Map();
  for (const [path, namespace] of modules) {
    const match = /^(app\/routes(?:\/.+)?)\/(components|modules|server)\.js$/.exec(path);
    if (!match) continue;
    const entry = folders.get(match[1]) ?? {};
    entry[match[2]] = namespace;
    folders.set(match[1], entry);
  }
  const declaredPaths = new Set(declaredPages.map((p) => p.path));
  const inferred = [];
  for (const [folder, found] of [...folders].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const components = Object.values(found.components ?? {}).filter((v) => isSubclass(v, Component));
    if (!components.length) continue;
    const path = inferredPath(folder);
    if (declaredPaths.has(path) || modules.has(`${folder}/page.js`)) continue;
    const moduleClass = Object.values(found.modules ?? {}).find((v) => isSubclass(v, Module)) ?? null;
    const controller = Object.values(found.server ?? {}).find((v) => isSubclass(v, Controller)) ?? (await defaultController(path));
    const screen = inferredScreen(path, components, moduleClass);
    inferred.push(await $py.call(page, $py.kw({ path, controller, screen, mode: "hybrid", name: path === "/" ? "index" : path.slice(1) })));
  }
  return inferred;
}

/** A Controller whose load() returns {} for a folder without server.py. */
async function defaultController(path) {
  class InferredController extends Controller {}
  $py.klass(InferredController, "InferredController", { route: path });
  return InferredController;
}

/** The Screen: every Component hydrated with the Module (its state = load()'s data). */
function inferredScreen(path, components, moduleClass) {
  class InferredScreen extends Screen {}
  $py.klass(InferredScreen, "InferredScreen", {
    modules: moduleClass ? [moduleClass] : [],
    render: pyfunction("InferredScreen.render", { params: ["data"] }, async function (data) {
      const mounts = [];
      const module = moduleClass ? await $py.callm(this, "module", moduleClass) : null;
      if (module) await $py.callm(module, "set_state", data ?? {});
      for (const component of components) {
        mounts.push(module ? await $py.call(hydrate, component, $py.kw({ module })) : await $py.call(hydrate, component, $py.kw({ props: data ?? {} })));
      }
      return $py.callm(ui, "div", ...mounts);
    }),
  });
  return InferredScreen;
}
