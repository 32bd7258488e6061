// End to end: the labs app's LabJobQueue and QueueDemoController, compiled by spragc's server
// target, run on the mock runtime and must produce the real app's trace
// (tests/mock/reference_queue_labs.py): every sprag:queue.job.changed emit with its target
// and job snapshot, and every controller call's result. Skipped when the compiler binary or
// the labs template is missing, or while www/mock/lib/sprag.js does not export the server
// classes yet.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

import * as $py from "../../www/mock/py/py.js";
import * as sprag from "../../www/mock/lib/sprag.js";
import { resetServer } from "../../www/mock/server/context.js";
import { registry } from "../../www/mock/server/registry.js";
import { requestView } from "../../www/mock/server/controller.js";
import { runReference } from "./server_reference.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, "..", "..");
const SPRAGC = join(ROOT, "target", "release", "spragc");
const LABS = join(ROOT, ".cache", "templates", "app_labs");

const missing = !existsSync(SPRAGC)
  ? "spragc is not built"
  : !existsSync(LABS)
    ? "the labs template is missing"
    : !sprag.QueueService || !sprag.Controller
      ? "www/mock/lib/sprag.js does not export QueueService / Controller yet"
      : null;

let compiledDir = null;

before(() => {
  if (missing) return;
  compiledDir = mkdtempSync(join(tmpdir(), "spragc-labs-queue-"));
  const run = spawnSync(SPRAGC, ["server", LABS, "--out", compiledDir, "--runtime", join(ROOT, "www", "mock")], { encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
});

after(() => {
  resetServer();
  registry.clear();
  if (compiledDir) rmSync(compiledDir, { recursive: true, force: true });
});

const HEX_ID = /^[0-9a-f]{12}$/;

function normalise(trace) {
  const ids = new Map();
  const text = JSON.stringify(trace);
  for (const match of text.matchAll(/"([0-9a-f]{12})"/g)) if (!ids.has(match[1])) ids.set(match[1], `J${ids.size + 1}`);
  let out = text;
  for (const [id, name] of ids) out = out.split(id).join(name);
  return JSON.parse(out, (key, value) => {
    if (key === "created_at" || key === "updated_at") {
      assert.equal(typeof value, "number");
      return "<t>";
    }
    return value;
  });
}

test("the compiled labs job queue and queue-demo controller match the real app", { skip: missing ?? false }, async () => {
  const reference = runReference("reference_queue_labs.py", null);
  const { LabJobQueue } = await import(pathToFileURL(join(compiledDir, "app", "services", "job_queue.js")).href);
  const { QueueDemoController } = await import(pathToFileURL(join(compiledDir, "app", "routes", "queue_demo", "server.js")).href);

  const trace = [];
  let queue = null;
  resetServer({
    log: () => null,
    sockets: {
      emit({ event, payload, route, session_id }) {
        trace.push(["emit", { event, payload, route, session_id, job: queue.get_job(payload.job_id) }]);
        return true;
      },
    },
  });
  registry.clear();
  queue = await $py.call(LabJobQueue);
  registry.provide("job_queue", queue);
  await $py.callm(queue, "start");
  const controller = await $py.call(QueueDemoController);
  const Request = $py.klass(class Request extends $py.object {}, "Request");
  const view = requestView(controller, Object.assign(new Request(), { path: "/queue-demo", method: "POST", session_id: "s1" }));
  const step = async (name, thunk) => trace.push(["step", name, await thunk()]);
  const sleep = (seconds) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));

  await step("load empty", () => $py.callm(view, "load"));
  await step("start Alpha", () => $py.callm(view, "queue_start", $py.kw({ label: "Alpha" })));
  const alpha = trace.at(-1)[2].job.id;
  assert.match(alpha, HEX_ID);
  await sleep(0.5);
  await step("status Alpha", () => $py.callm(view, "status", $py.kw({ job_id: alpha })));
  await step("start Beta", () => $py.callm(view, "queue_start", $py.kw({ label: "Beta" })));
  const beta = trace.at(-1)[2].job.id;
  await sleep(0.05);
  await step("cancel Beta", () => $py.callm(view, "cancel", $py.kw({ job_id: beta })));
  await sleep(1.2);
  await step("status Alpha", () => $py.callm(view, "status", $py.kw({ job_id: alpha })));
  await step("status Beta", () => $py.callm(view, "status", $py.kw({ job_id: beta })));
  await step("load", () => $py.callm(view, "load"));
  await step("state", async () => ({
    completed: queue.state.completed,
    last_job: queue.state.last_job,
    queue_size: queue.state.queue_size,
  }));
  await $py.callm(queue, "stop");

  assert.deepEqual(normalise(JSON.parse(JSON.stringify(trace))), normalise(reference));
  // The spec's observation: a 4-step job gives 7 events.
  const alphaEvents = normalise(reference).filter(([kind, data]) => kind === "emit" && data.payload.job_id === "J1");
  assert.equal(alphaEvents.length, 7);
});
