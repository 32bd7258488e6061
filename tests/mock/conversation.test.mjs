// The mock server against the real one, end to end: the labs app is compiled by spragc's
// server target (every file), booted on the mock (www/mock/server/app.js) and sent the same
// HTTP conversations as the real SPRAG server (the labs app's `sprag build` output served by
// its own server.py on 127.0.0.1, spragkit 0.1.24 from the reference virtualenv). Every response must match: status, Location and
// body text, with session ids and deferred task ids normalised. Conversations share one
// cookie jar each, like one browser tab: sessions, login rotation, logout, auth guards,
// store state persisting across requests.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

import { sessionIdFromCookie } from "../../www/mock/server/app.js";
import { bootCompiledApp, firstDifference, ROOT } from "./compiled_app.mjs";
import { startSpragServer } from "../lib/sprag_server.mjs";

const LABS = join(ROOT, ".cache", "templates", "app_labs");

const post = (route, action, payload) => ({ method: "POST", path: "/__sprag__/actions", body: JSON.stringify({ route, action, payload }) });
const raw = (body) => ({ method: "POST", path: "/__sprag__/actions", body });
const get = (path) => ({ method: "GET", path });

const CONVERSATIONS = {
  "counter: schema, coercion, binding and dispatch errors": [
    get("/counter"),
    post("/counter", "increment", { count: 4 }),
    post("/counter", "increment", {}),
    post("/counter", "increment", { count: "x" }),
    post("/counter", "increment", { count: "7" }),
    post("/counter", "increment", { count: 7.9 }),
    post("/counter", "increment", { count: true }),
    post("/counter", "increment", { count: null }),
    post("/counter", "increment", { count: 1, extra: "dropped" }),
    post("/counter", "increment", [4]),
    post("/counter", "increment", 4),
    post("/counter", "increment", null),
    post("/counter", "reset", {}),
    post("/counter", "nope", {}),
    post("/nowhere", "increment", {}),
    post("/counter/", "reset", {}),
    raw("{not json"),
    raw(JSON.stringify({ action: "reset" })),
    raw(JSON.stringify({ route: "/counter" })),
    raw(""),
    get("/__sprag__/actions"),
  ],
  "form-demo: validation results and a 303 redirect": [
    post("/form-demo", "save_draft", { title: "x", email: "bad", visibility: "team" }),
    post("/form-demo", "save_draft", { title: "Launch notes", email: " Ada@Example.com ", summary: "ok", visibility: "public", newsletter: "yes" }),
    post("/form-demo", "publish", { title: "Launch notes", email: "ada@example.com", visibility: "team" }),
    post("/form-demo", "publish", { title: "Launch notes", email: "ada@example.com", visibility: "secret" }),
    post("/form-demo", "publish", { email: "ada@example.com" }),
    get("/form-demo/success?title=launch-notes"),
  ],
  "operation-demo: Outcome success and failure": [
    post("/operation-demo", "normalize", { label: "  Quiet Signal  " }),
    post("/operation-demo", "normalize", { label: "ab" }),
    post("/operation-demo", "normalize", {}),
  ],
  "auth: guard, login rotation, roles, profile switch, logout": [
    get("/auth-demo/protected"),
    post("/auth-demo/protected", "whoami", {}),
    get("/login?next=%2Fauth-demo%2Fprotected"),
    post("/login", "login", { username: "ada", password: "wrong" }),
    post("/login", "login", { username: "ada", password: "analytical-engine", next: "/auth-demo/protected" }),
    get("/auth-demo/protected"),
    post("/auth-demo/protected", "whoami", { label: "checked" }),
    post("/auth-demo/protected", "publish-report", {}),
    post("/auth-demo/protected", "switch-profile", { profile: "auditor" }),
    post("/auth-demo/protected", "publish-report", {}),
    post("/auth-demo/protected", "switch-profile", { profile: "nobody" }),
    post("/auth-demo/protected", "logout", {}),
    post("/auth-demo/protected", "whoami", {}),
    get("/auth-demo/protected"),
  ],
  "stores: server state persists across requests and page loads": [
    post("/store-demo", "bump", {}),
    post("/store-demo", "bump", {}),
    get("/store-demo"),
    post("/store-demo", "reset", {}),
    post("/nested-store-demo", "set_name", { name: "Grace" }),
    post("/nested-store-demo", "patch_prefs", { theme: "dark" }),
    post("/nested-store-demo", "bump", {}),
    post("/nested-store-demo", "delete_email", {}),
    get("/nested-store-demo"),
    post("/nested-store-demo", "reset", {}),
  ],
  "derive=True, socket refetch without sockets, queue 404s": [
    post("/a11y-demo", "validate_form", { name: "", email: "not-an-email" }),
    post("/a11y-demo", "validate_form", { name: "Ada", email: "ada@example.com", extra: 1 }),
    post("/a11y-demo", "validate_form", ["Ada"]),
    post("/socket-demo", "snapshot", {}),
    post("/socket-demo", "broadcast", {}),
    post("/queue-demo", "status", { job_id: "nope" }),
    post("/queue-demo", "cancel", { job_id: "nope" }),
    post("/queue-demo", "queue_start", { label: "x" }),
    post("/upload-demo", "status", {}),
  ],
};

/** The conversations sent over HTTP to the real server, each with its own cookie jar. */
async function realServerReplies(conversations) {
  const server = await startSpragServer(join(LABS, "dist"));
  try {
    const replies = [];
    for (const conversation of conversations) {
      let session = null;
      const mine = [];
      for (const request of conversation) {
        const headers = session ? { cookie: `SPRAG_SID=${session}` } : {};
        if (request.method === "POST") headers["content-type"] = "application/json";
        const response = await fetch(server.base + request.path, { method: request.method, headers, body: request.method === "POST" ? request.body : undefined, redirect: "manual" });
        session = sessionIdFromCookie(response.headers.get("set-cookie")?.split(";")[0]) ?? session;
        mine.push({ status: response.status, location: response.headers.get("location"), body: await response.text(), session });
      }
      replies.push(mine);
    }
    return replies;
  } finally {
    await server.stop();
  }
}

/** Session ids and random task ids, which differ between any two servers. */
function normalise(text, sessions) {
  let out = text;
  for (const [i, id] of [...sessions].entries()) if (id) out = out.split(id).join(`<session-${i}>`);
  return out.replace(/deferred-[0-9a-f]{12}/g, "deferred-<id>");
}

test("the mock server answers the labs app's conversations like the real server", { timeout: 240_000 }, async () => {
  const names = Object.keys(CONVERSATIONS);
  const reference = await realServerReplies(names.map((n) => CONVERSATIONS[n]));

  const server = await bootCompiledApp(LABS, { readFile: (path) => readFileSync(join(LABS, path), "utf8") });
  try {
    const failures = [];
    for (const [c, name] of names.entries()) {
      let cookie = null;
      const ours = [];
      for (const request of CONVERSATIONS[name]) {
        const [path, query] = request.path.split("?");
        const response = await server.request({ method: request.method, path, query: query ?? "", headers: cookie ? { cookie } : {}, body: request.body ?? "" });
        const set = response.headers["set-cookie"];
        if (set) cookie = set.split(";")[0];
        ours.push({ ...response, session: sessionIdFromCookie(cookie) });
      }
      for (const [i, request] of CONVERSATIONS[name].entries()) {
        const theirs = reference[c][i];
        const mine = ours[i];
        const label = `${name} #${i + 1} ${request.method} ${request.path} ${request.body ?? ""}`;
        const sessionsOf = (side) => new Set(side.map((r) => r.session));
        const expected = { status: theirs.status, location: theirs.location ? normalise(theirs.location, sessionsOf(reference[c])) : null, body: normalise(theirs.body, sessionsOf(reference[c])) };
        const actual = { status: mine.status, location: mine.headers.location ? normalise(mine.headers.location, sessionsOf(ours)) : null, body: normalise(mine.body, sessionsOf(ours)) };
        try {
          assert.deepEqual(actual, expected);
        } catch {
          failures.push(`${label}\n  real: ${expected.status} ${expected.location ?? ""}\n  mock: ${actual.status} ${actual.location ?? ""}\n  body ${firstDifference(actual.body, expected.body)}`);
        }
      }
    }
    const total = names.reduce((n, name) => n + CONVERSATIONS[name].length, 0);
    console.log(`conversations: ${total - failures.length}/${total} responses identical to the real server's`);
    assert.deepEqual(failures, []);
  } finally {
    await server.close();
  }
});
