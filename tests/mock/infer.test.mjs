// A project without page.py or web.py (a playground sketch: components.py, modules.py and
// server.py in a route folder) still runs: the mock infers the page (route from the folder,
// each Component hydrated with the folder's Module, state from load()).
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";

import { inferredPath } from "../../www/mock/server/infer.js";
import { bootCompiledApp, ROOT } from "./compiled_app.mjs";

const payloadOf = (html) => JSON.parse(/window\.__SPRAG_PAYLOAD__ = (.*);\n/.exec(html)[1]);

test("route paths come from the folder", () => {
  assert.equal(inferredPath("app/routes/queue_demo"), "/queue-demo");
  assert.equal(inferredPath("app/routes/blog/post_list"), "/blog/post-list");
  assert.equal(inferredPath("app/routes/home"), "/");
  assert.equal(inferredPath("app/routes"), "/");
});

test("a route folder without page.py gets a page: hydration, load() data, actions", async () => {
  const server = await bootCompiledApp(join(ROOT, "tests", "mock", "sketch_app"));
  try {
    const first = await server.request({ path: "/tally" });
    assert.equal(first.status, 200, first.body);
    const payload = payloadOf(first.body);
    assert.deepEqual(payload.page.actions, ["add"]);
    assert.equal(payload.page.controller, "TallyController");
    assert.equal(payload.hydration.length, 1);
    const [entry] = payload.hydration;
    assert.equal(entry.component, "TallyCard");
    assert.equal(entry.module, "TallyModule");
    assert.equal(entry.module_state.count, 5);
    assert.match(first.body, /data-sprag-hydrate="TallyCard"/);
    const cookie = first.headers["set-cookie"].split(";")[0];
    const add = await server.request({ method: "POST", path: "/__sprag__/actions", headers: { cookie }, body: JSON.stringify({ route: "/tally", action: "add", payload: { step: 2 } }) });
    assert.equal(add.status, 200, add.body);
    assert.equal(JSON.parse(add.body).value.count, 7);
    const again = payloadOf((await server.request({ path: "/tally", headers: { cookie } })).body);
    assert.equal(again.hydration[0].module_state.count, 7, "module-level server state persists");
    assert.equal((await server.request({ path: "/nowhere" })).status, 404);
  } finally {
    await server.close();
  }
});
