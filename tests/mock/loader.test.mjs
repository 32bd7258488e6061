// www/mock/loader.js: compiled server modules evaluated as async functions behave like the
// ES modules they were: dependencies first and once, `import * as m` live, `from m import x`
// a snapshot (Python's semantics), runtime modules imported for real, maps moved down.
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { pathToFileURL } from "node:url";

import { functionBody, moduleLoader } from "../../www/mock/loader.js";
import { ROOT } from "./compiled_app.mjs";

const PY = pathToFileURL(join(ROOT, "www", "mock", "py", "py.js")).href;

test("imports, exports and evaluation order", async () => {
  const order = [];
  globalThis.__loaderOrder = order;
  const files = {
    "app/stores.js": `import * as $py from "${PY}";\nlet count, bump;\nglobalThis.__loaderOrder.push("stores");\ncount = 1;\nbump = () => { count += 1; };\nexport { count, bump };`,
    "app/routes/a/server.js": `import * as $py from "${PY}";\nimport { count as start, bump } from "../../stores.js";\nimport * as stores from "../../stores.js";\nlet seen;\nglobalThis.__loaderOrder.push("server");\nbump();\nseen = [start, stores.count, $py.repr([1])];\nexport { seen, stores };`,
  };
  const load = moduleLoader(files);
  const server = await load("app/routes/a/server.js");
  assert.deepEqual(order, ["stores", "server"], "dependencies first");
  assert.deepEqual(server.seen, [1, 2, "[1]"], "named import is a snapshot, the namespace is live");
  assert.equal(await load("app/stores.js"), server.stores, "each module evaluated once");
  assert.equal(server[Symbol.toStringTag], "Module");
  assert.equal(server.stores.count, 2);
});

test("the inline source map moves down by the wrapper's lines", () => {
  const map = { version: 3, sources: ["app/x.py"], names: [], mappings: "AAAA" };
  const b64 = Buffer.from(JSON.stringify(map)).toString("base64");
  const body = functionBody(`let a;\na = 1;\nexport { a };\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${b64}`, "app/x.js");
  const line = body.split("\n").find((l) => l.startsWith("//# sourceMappingURL="));
  const shifted = JSON.parse(Buffer.from(line.split("base64,")[1], "base64").toString());
  assert.equal(shifted.mappings, ";;AAAA");
  assert.ok(body.endsWith("//# sourceURL=spragc:///app/x.js"));
});
