// Differential test of www/mock/server/pages.js against the real SPRAG server: an app's
// routes are requested from SPRAG's own WSGI app (tests/mock/reference_pages.py) and rendered
// by renderRequest() from the spragc-compiled app (`spragc server`, every file: page.py,
// web.py, components.py, modules.py, server.py, stores.py, services). The whole response
// must match: status, Location, and the HTML document byte for byte (head, shell, #app-root,
// window.__SPRAG_PAYLOAD__ JSON), once the random session ids are replaced. A crash (500)
// must end with the same exception line.
//
// Three apps: the labs template (every route that needs no running service), the default
// template (its home page bumps a store on every load) and a probe app written below
// (PROBE_FILES) for what the templates never do: load() errors and redirects, a 403
// guard, non-dict data, __sprag_meta__ with icons / og / canonical, route params and
// catch-alls, For / Grid / LazyImage / nested ssr in a screen, route shells and assets,
// socket detection, render errors, a payload JSON cannot encode, a mount without boot.
//
// The compiled modules import the mock runtime (www/mock) directly.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

import * as $py from "../../www/mock/py/py.js";
import {
  PageRequest,
  declaredApps,
  declaredMounts,
  declaredPages,
  renderRequest,
  resetDeclaredSurfaces,
} from "../../www/mock/server/pages.js";
import { reset_store_registry } from "../../www/mock/server/model.js";
import { setEnviron } from "../../www/mock/server/browser.js";
import { registry } from "../../www/mock/server/registry.js";
import { SessionStore } from "../../www/mock/server/sessions.js";
import { runReference } from "./server_reference.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, "..", "..");
const MOCK = join(ROOT, "www", "mock");
const SPRAGC = join(ROOT, "target", "release", "spragc");
const LABS = join(ROOT, ".cache", "templates", "app_labs");
const DEFAULT = join(ROOT, ".cache", "templates", "app_default");

const ENV = { SPRAG_PUBLIC_API_BASE: "https://api.sprag.test", SPRAG_SECRET_KEY: "not-public" };
const ADA_AUDITOR = { username: "ada", password: "analytical-engine", profile: "auditor" };
const ADA = { username: "ada", password: "analytical-engine" };

/** The labs GETs compared: a path (with query), optionally under `sprag dev` or logged in. */
const LABS_REQUESTS = [
  { path: "/" },
  { path: "/counter" },
  { path: "/counter/" },
  { path: "/a11y-demo" },
  { path: "/animation-demo" },
  { path: "/form-demo" },
  { path: "/form-demo/success?title=quiet-signal-launch" },
  { path: "/form-demo/success" },
  { path: "/js-global-demo" },
  { path: "/js-module-demo" },
  { path: "/metadata-demo" },
  { path: "/operation-demo" },
  { path: "/provider-demo" },
  { path: "/virtual-scroll" },
  { path: "/login" },
  { path: "/login?next=/counter&x=%3Cb%3E" },
  { path: "/nested-store-demo" },
  { path: "/store-demo" },
  { path: "/cross-wired-demo" },
  { path: "/defer-demo" },
  { path: "/socket-demo" },
  { path: "/upload-demo" },
  { path: "/auth-demo/protected" },
  { path: "/auth-demo/protected?tab=profiles" },
  { path: "/auth-demo/protected", login: ADA_AUDITOR },
  { path: "/login", login: ADA },
  { path: "/lifecycle-mount" },
  { path: "/lifecycle-mount/" },
  { path: "/counter", dev_reload: true },
  { path: "/js-module-demo", dev_reload: true },
  { path: "/lifecycle-mount", dev_reload: true },
];

// ------------------------------------------------------------------------- compiled app

/** Compiles `project` with spragc's server target against the mock runtime; returns the output dir. */
function compileProject(project, work) {
  const out = join(work, "out");
  const run = spawnSync(SPRAGC, ["server", project, "--out", out, "--runtime", MOCK], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`spragc server failed:\n${run.stderr}`);
  return out;
}

/** Imports the compiled app package, its stores and every page.js / mount.js (discovery). */
async function importApp(out) {
  const surfaces = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name === "page.js" || entry.name === "mount.js") surfaces.push(path);
    }
  };
  walk(join(out, "app"));
  const appModule = await import(pathToFileURL(join(out, "app", "__init__.js")).href);
  const stores = join(out, "app", "stores.js");
  if (existsSync(stores)) await import(pathToFileURL(stores).href);
  for (const path of surfaces.sort()) await import(pathToFileURL(path).href);
  return appModule.app;
}

// ------------------------------------------------------------------------- mock server

/** Boots the app as sprag's App.boot does for what these pages use: providers in the registry. */
function bootProviders(app) {
  for (const [key, provider] of Object.entries(app.providers)) {
    registry.provide(key, provider, $py.kw({ replace: true }));
    const alias = provider?.name;
    if (typeof alias === "string" && alias && alias !== key) registry.provide(alias, provider, $py.kw({ replace: true }));
  }
}

/** One controller instance per surface, as the real App keeps them. */
function controllerCache(app) {
  const controllers = new Map();
  return async (surface, kind) => {
    const cls = kind === "page" ? surface.controller : surface.boot;
    if (!controllers.has(surface)) {
      const controller = await $py.call(cls);
      await $py.callm(controller, "bind_app", app);
      controllers.set(surface, controller);
    }
    return controllers.get(surface);
  };
}

/** The request of a page GET after sprag's hydrate_request: session, user, active profile. */
async function hydratedRequest(app, sessions, path, query, login) {
  const session = sessions.open(null);
  const request = await $py.call(PageRequest, path, $py.kw({ query, session, session_id: session.id }));
  const auth = app.providers.auth;
  if (login) {
    const user = await $py.callm(auth, "authenticate", login.username, login.password);
    const viewer = await $py.callm(auth, "viewer_for", user);
    await $py.callm(auth, "login_session", user, session, request, $py.kw({ extra_session: { viewer } }));
    const profile = login.profile ?? (await $py.callm(auth, "default_profile_for", user));
    await $py.callm(auth, "set_active_profile", profile, user, session, request);
  }
  request.user = await $py.callm(auth, "load_user", session, request);
  request.active_profile = await $py.callm(auth, "load_active_profile", request.user, session, request);
  return request;
}

/** `?a=1&b=2` as the WSGI handler reads it: one value per name, a list when repeated. */
function parseQuery(search) {
  const query = {};
  for (const [key, value] of new URLSearchParams(search)) {
    if (!value) continue;
    if (!(key in query)) query[key] = value;
    else query[key] = [].concat(query[key], value);
  }
  return query;
}

// ------------------------------------------------------------------------- comparison

const SESSION = "<session-id>";

function normalizeSession(text, sessionId) {
  return sessionId ? text.split(sessionId).join(SESSION) : text;
}

function payloadOf(html) {
  const match = /window\.__SPRAG_PAYLOAD__ = (.*);\n {2}<\/script>/.exec(html);
  return match ? JSON.parse(match[1]) : null;
}

/** A readable first difference of two texts. */
function firstDifference(actual, expected) {
  let i = 0;
  while (i < actual.length && actual[i] === expected[i]) i += 1;
  const window = (text) => JSON.stringify(text.slice(Math.max(0, i - 80), i + 120));
  return `at ${i}:\n    mock:      ${window(actual)}\n    reference: ${window(expected)}`;
}

// ------------------------------------------------------------------------- harness

/** Compiles and imports `project` into this process's (reset) mock server; returns the App. */
async function loadApp(project, work, env) {
  resetDeclaredSurfaces();
  await reset_store_registry();
  registry.clear();
  setEnviron(env);
  const app = await importApp(compileProject(project, work));
  bootProviders(app);
  return app;
}

/** The last line of a crash page's traceback (the exception). */
function crashLine(html) {
  return /\n([^\n]*)\n<\/pre><\/body><\/html>$/.exec(html)?.[1] ?? null;
}

/** What differs between the mock's and the reference's answer to one GET, or null. */
function responseDifference(label, response, request, reference) {
  if (response === null) return reference.status === 404 ? null : `${label}: no surface matched (reference ${reference.status})`;
  const location = response.location ?? null;
  if (response.status !== reference.status || location !== reference.location) {
    return `${label}: status ${response.status} ${location} vs ${reference.status} ${reference.location}`;
  }
  if (response.status === 500) {
    const [mine, theirs] = [crashLine(response.html), crashLine(reference.html)];
    return mine === theirs ? null : `${label}: crash ${JSON.stringify(mine)} vs ${JSON.stringify(theirs)}`;
  }
  const actual = normalizeSession(response.html, request.session_id);
  const wanted = normalizeSession(reference.html, reference.session_id);
  if (actual === wanted) return null;
  const samePayload = JSON.stringify(payloadOf(actual)) === JSON.stringify(payloadOf(wanted));
  return `${label}: ${samePayload ? "payload equal, HTML" : "payload"} differs ${firstDifference(actual, wanted)}`;
}

/** Sends every GET of `requests` to the mock and compares with the reference's answers. */
async function compareGets(app, project, requests, expected) {
  const sessions = new SessionStore();
  const controllerFor = controllerCache(app);
  const readFile = (path) => readFileSync(join(project, path), "utf8");
  const failures = [];
  for (const [index, spec] of requests.entries()) {
    const url = new URL(spec.path, "http://app.test");
    const request = await hydratedRequest(app, sessions, url.pathname, parseQuery(url.search), spec.login);
    app._sprag_dev_reload = Boolean(spec.dev_reload);
    const response = await renderRequest({ path: url.pathname, query: request.query, request, app, controllerFor, readFile });
    const label = `GET ${spec.path}${spec.login ? " (logged in)" : ""}${spec.dev_reload ? " (dev)" : ""}`;
    const difference = responseDifference(label, response, request, expected.responses[index]);
    if (difference !== null) failures.push(difference);
  }
  assert.equal(failures.length, 0, `${failures.length}/${requests.length} responses differ:\n${failures.join("\n")}`);
}

let work;

before(() => {
  assert.ok(existsSync(SPRAGC), `build spragc first (${SPRAGC})`);
  work = mkdtempSync(join(tmpdir(), "spragc-pages-"));
});

after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

// ------------------------------------------------------------------------- labs

describe("labs template", () => {
  let app;
  let expected;

  before(async () => {
    expected = runReference("reference_pages.py", { project: LABS, env: ENV, requests: LABS_REQUESTS });
    app = await loadApp(LABS, join(work, "labs"), ENV);
  });

  test("importing the compiled app declares the surfaces sprag discovers, and the app", () => {
    assert.equal(declaredApps.length, 1);
    assert.deepEqual(declaredPages.map((p) => p.path).sort(), [...expected.pages].sort());
    assert.deepEqual(declaredMounts.map((m) => m.path), expected.mounts);
  });

  test("page and mount GETs answer what the real server answers, byte for byte", async () => {
    await compareGets(app, LABS, LABS_REQUESTS, expected);
  });
});

// ------------------------------------------------------------------------- default template

const DEFAULT_REQUESTS = [{ path: "/" }, { path: "/" }, { path: "/counter" }, { path: "/about" }, { path: "/about", dev_reload: true }];

describe("default template", () => {
  let app;
  let expected;

  before(async () => {
    expected = runReference("reference_pages.py", { project: DEFAULT, env: {}, requests: DEFAULT_REQUESTS });
    app = await loadApp(DEFAULT, join(work, "default"), {});
  });

  test("page GETs answer what the real server answers, byte for byte", async () => {
    await compareGets(app, DEFAULT, DEFAULT_REQUESTS, expected);
  });
});

// ------------------------------------------------------------------------- probe app

const PROBE_REQUESTS = [
  { path: "/probe/data-error" },
  { path: "/probe/render-error" },
  { path: "/probe/redirect-return" },
  { path: "/probe/redirect-raise" },
  { path: "/probe/forbidden" },
  { path: "/probe/value" },
  { path: "/probe/meta" },
  { path: "/probe/meta", dev_reload: true },
  { path: "/probe/items/abc?x=1&x=2&y=" },
  { path: "/probe/files/a/b/c" },
  { path: "/probe/widgets" },
  { path: "/probe/widgets", dev_reload: true },
  { path: "/probe/socket" },
  { path: "/probe/topic" },
  { path: "/probe/events" },
  { path: "/probe/crash" },
  { path: "/probe/string" },
  { path: "/probe-mount" },
  { path: "/probe-mount/" },
  { path: "/probe/missing" },
];

describe("probe app", () => {
  let app;
  let expected;
  let project;

  before(async () => {
    project = join(work, "probe-project");
    for (const [path, text] of Object.entries(PROBE_FILES)) {
      mkdirSync(dirname(join(project, path)), { recursive: true });
      writeFileSync(join(project, path), text);
    }
    expected = runReference("reference_pages.py", { project, env: {}, requests: PROBE_REQUESTS });
    app = await loadApp(project, join(work, "probe"), {});
  });

  test("page and mount GETs answer what the real server answers, byte for byte", async () => {
    await compareGets(app, project, PROBE_REQUESTS, expected);
  });
});

const PROBE_FILES = {
  "app/__init__.py": `from sprag import App, module, shell

from app.services.auth import probe_auth


app = App(
    routes="app.routes",
    providers={"auth": probe_auth},
    shell=shell(
        template="app/shell.html",
        css=["app/base.css"],
        js=["https://cdn.probe.test/lib.js"],
        modules={"appWide": "app/static/wide.mjs"},
    ),
    metadata={"title": "Probe", "description": "App description", "og:site_name": "Probe Site"},
    modules={"chart": module("https://cdn.probe.test/chart.mjs", export="Chart")},
)
`,
  "app/mounts/__init__.py": ``,
  "app/mounts/probe/__init__.py": ``,
  "app/mounts/probe/mount.py": `from sprag import mount

from app.routes.probe.components import Card


bare = mount("/probe-mount/", component=Card, name="bare-mount", metadata={"title": "Bare mount"})
`,
  "app/routes/__init__.py": ``,
  "app/routes/probe/__init__.py": ``,
  "app/routes/probe/components.py": `from sprag import Component, ui


class Card(Component):
    def render(self, props=None):
        rows = self.state.get("rows", [])
        return ui.section(
            ui.h2(self.state.get("title", "untitled")),
            ui.ul([ui.li(row["label"], data_id=row["id"]) for row in rows]),
            class_="card",
        )


class Row(Component):
    def render(self, props=None):
        return ui.span(props["label"])


class Gallery(Component):
    def render(self, props=None):
        images = (props or {}).get("images", [])
        return ui.div([ui.img(src=src, alt="") for src in images], class_="gallery")


def badge(props):
    return ui.span(props.get("label", "?"), class_="badge")
`,
  "app/routes/probe/modules.py": `from sprag import Module


class CardModule(Module):
    def __init__(self, screen=None, state=None):
        super().__init__(screen=screen, state=state or {"title": "default", "rows": []})


class PlainModule(Module):
    pass


class SocketModule(Module):
    def on_start(self):
        self.listen("sprag:socket:ready", self.on_ready)

    def on_ready(self, payload):
        self.set_state({"ready": True})


class TopicModule(Module):
    def on_start(self):
        self.join_topic("probe")
`,
  "app/routes/probe/page.py": `from sprag import module, page, script, shell

from .modules import PlainModule
from .server import (
    DataErrorController,
    EventsController,
    ForbiddenController,
    MetaController,
    ParamsController,
    RedirectRaiseController,
    RedirectReturnController,
    RenderErrorController,
    SocketController,
    ValueController,
    WidgetsController,
)
from .web import (
    DataErrorScreen,
    EmptyScreen,
    MetaScreen,
    ParamsScreen,
    RenderErrorScreen,
    SocketScreen,
    StringScreen,
    TopicScreen,
    CrashScreen,
    ValueScreen,
    WidgetsScreen,
)


probe_shell = shell(
    template="app/routes/probe/shell.html",
    css="app/routes/probe/probe.css",
    js=[script("app/static/probe.mjs", module=True), "app/static/legacy.js"],
)

data_error = page(path="/probe/data-error", controller=DataErrorController, screen=DataErrorScreen)
render_error = page(path="/probe/render-error", controller=RenderErrorController, screen=RenderErrorScreen, mode="document")
redirect_return = page(path="/probe/redirect-return", controller=RedirectReturnController, screen=EmptyScreen)
redirect_raise = page(path="/probe/redirect-raise", controller=RedirectRaiseController, screen=EmptyScreen)
forbidden = page(path="/probe/forbidden", controller=ForbiddenController, screen=EmptyScreen)
value = page(path="/probe/value", controller=ValueController, screen=ValueScreen, name="value-page")
meta = page(
    path="/probe/meta",
    controller=MetaController,
    screen=MetaScreen,
    metadata={"title": "Static title", "description": "Static description", "author": "Probe"},
)
items = page(path="/probe/items/[slug]", controller=ParamsController, screen=ParamsScreen)
files = page(path="/probe/files/[...rest]", controller=ParamsController, screen=ParamsScreen)
widgets = page(
    path="/probe/widgets",
    controller=WidgetsController,
    screen=WidgetsScreen,
    shell=probe_shell,
    modules={"local": "app/static/local.mjs", "named": module("app/static/named.mjs", export="named")},
    providers={"plain": PlainModule},
)
socket = page(path="/probe/socket", controller=SocketController, screen=SocketScreen, css=["app/routes/probe/socket.css"])
topic = page(path="/probe/topic", controller=SocketController, screen=TopicScreen)
events = page(path="/probe/events", controller=EventsController, screen=EmptyScreen)
crash = page(path="/probe/crash", controller=SocketController, screen=CrashScreen)
text = page(path="/probe/string", controller=SocketController, screen=StringScreen)
`,
  "app/routes/probe/server.py": `from sprag import Controller, action, redirect, requires_auth


class DataErrorController(Controller):
    def load(self):
        raise ValueError("load exploded")


class RenderErrorController(Controller):
    def load(self):
        return {"items": [1, 2]}


class RedirectReturnController(Controller):
    def load(self):
        return redirect("/probe/target?from=return", status=303)


class RedirectRaiseController(Controller):
    def load(self):
        raise redirect("/probe/target")


@requires_auth(roles=("admin",))
class ForbiddenController(Controller):
    def load(self):
        return {}


class ValueController(Controller):
    def load(self):
        return [1, "two", (3, 4)]


class MetaController(Controller):
    def load(self):
        return {
            "headline": "Meta",
            "__sprag_meta__": {
                "title": "Dynamic <Title> & co",
                "description": "Dynamic description",
                "og:title": "OG title",
                "canonical": "https://probe.test/meta?a=1&b=2",
                "keywords": ["a", None, "", "b"],
                "empty": "",
                "nothing": None,
                "robots": ("index", "follow"),
                "icons": [
                    "/favicon.ico",
                    {"href": "/icons/apple.png", "rel": "apple-touch-icon", "sizes": "180x180", "type": "image/png"},
                    {"rel": "no-href"},
                ],
            },
        }


class ParamsController(Controller):
    def load(self):
        return {"params": self.request.params, "query": self.request.query, "path": self.request.path}


class WidgetsController(Controller):
    @action
    def ping(self):
        return "pong"

    @action(name="z-last")
    def zed(self):
        return None

    def load(self):
        return {
            "rows": [{"id": "r1", "label": "One"}, {"id": "r2", "label": "Two <2>"}],
            "image": "/static/hero.jpg",
            "columns": 3,
        }


class SocketController(Controller):
    def load(self):
        return {"ready": False}


class EventsController(Controller):
    def load(self):
        return {}

    def build_events(self, handler):
        handler.on("probe:ping", self.on_ping)

    def on_ping(self, payload=None):
        return None
`,
  "app/routes/probe/shell.html": `<section class="probe">{{ sprag_slot }}</section>
<aside>{{ sprag_slot }}</aside>
`,
  "app/routes/probe/web.py": `from sprag import Screen, hydrate, ssr, ui

from .components import Card, Gallery, Row, badge
from .modules import CardModule, PlainModule, SocketModule, TopicModule


class EmptyScreen(Screen):
    def render(self, data):
        return ui.div("empty", class_="empty")


class DataErrorScreen(Screen):
    def render(self, data):
        return ui.p("data keys: " + str(len(data)))


class RenderErrorScreen(Screen):
    def render(self, data):
        return ui.p(data["missing"])


class ValueScreen(Screen):
    def render(self, data):
        return ui.pre(str(data["value"]))


class MetaScreen(Screen):
    def render(self, data):
        return ui.h1(data["headline"])


class ParamsScreen(Screen):
    def render(self, data):
        params = data["params"]
        return ui.dl(
            ui.dt("slug"),
            ui.dd(params.get("slug", "")),
            ui.dt("rest"),
            ui.dd(", ".join(params.get("rest", []))),
        )


class WidgetsScreen(Screen):
    modules = [CardModule, PlainModule]

    def render(self, data):
        card = self.module(CardModule)
        card.set_state({"title": "Widgets", "rows": data["rows"]})
        plain = self.module(PlainModule)
        return ui.main(
            ui.h1("Widgets", class_="title", data_count=len(data["rows"]), aria_live="polite", hidden=False, disabled=True),
            hydrate(Card, module=card),
            ui.For(data["rows"], key="id", render=lambda row: ui.li(row["label"]), pool_key="rows"),
            ui.Grid(data["rows"], key=lambda row: row["id"], render=Row, columns=data["columns"], gap="1rem"),
            ui.LazyImage(data["image"], placeholder="/static/blur.jpg", alt="Hero"),
            hydrate(Gallery, module=plain, props={"images": [data["image"]], "count": len(data["rows"])}),
            ssr(badge, label="static"),
            hydrate(Gallery),
            ui.HTML("<hr class='raw'>"),
        )


class SocketScreen(Screen):
    modules = [SocketModule]

    def render(self, data):
        module = self.module(SocketModule)
        module.set_state(data)
        return hydrate(Card, module=module)


class TopicScreen(Screen):
    modules = [TopicModule]

    def render(self, data):
        return hydrate(Card, module=self.module(TopicModule), props={"title": "topic"})


class CrashScreen(Screen):
    def render(self, data):
        return hydrate(Gallery, props={"on_select": badge})


class StringScreen(Screen):
    def render(self, data):
        return "just <text>"
`,
  "app/services/__init__.py": ``,
  "app/services/auth.py": `class ProbeAuth:
    name = "auth"

    def load_user(self, session, request):
        return {"id": "u1", "name": "Probe User"}

    def load_active_profile(self, user, session, request):
        return None

    def authorize(self, user, active_profile, session, request, *, roles=None, permissions=None):
        return not roles and not permissions

    def public_snapshot(self, user, session, request):
        return {"viewer": {"name": user["name"]}, "authenticated": user is not None}


probe_auth = ProbeAuth()
`,
  "app/shell.html": `<div class="app"><sprag-slot></sprag-slot></div>
`,
};
