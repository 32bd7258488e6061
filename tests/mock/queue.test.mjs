// QueueService job contract: the mock (www/mock/server/queue.js) against SPRAG's real
// QueueService, driven by the same scenarios (tests/mock/reference_queue.py). Each side
// records every socket emit (with the job and queue snapshot at that moment), every state
// notification and every driver step; the traces must match once job ids and times are
// normalised. The worker below is written to the calling contract, as spragc compiles a
// `class X(QueueService)` with handle_item / report_progress / gevent.sleep / check_cancelled.
// Set QUEUE_TRACE_DIR=<dir> to write both normalised traces there (one line per record) for diffing.

import { test, after } from "node:test";
import assert from "node:assert/strict";

import * as $py from "../../www/mock/py/py.js";
import * as gevent from "../../www/mock/lib/gevent.js";
import { pyfunction } from "../../www/mock/server/pyfn.js";
import { resetServer } from "../../www/mock/server/context.js";
import { QueueService, SpecterQueueService, JobCancelled } from "../../www/mock/server/queue.js";
import { runReference } from "./server_reference.mjs";

const program = {
  steps3: [
    { op: "progress", args: { current: 1, total: 3 } },
    { op: "sleep", seconds: 0.02 },
    { op: "progress", args: { current: 2, total: 3, message: "Halfway" } },
    { op: "sleep", seconds: 0.02 },
    { op: "progress", args: { current: 3, total: 3 } },
    { op: "return", value: { ok: true, n: 3 } },
  ],
};

function cancellable(label, steps, pause) {
  const out = [];
  for (let i = 1; i <= steps; i++) {
    out.push({ op: "check_cancelled", args: { message: `Stopped ${label}.` } });
    out.push({ op: "sleep", seconds: pause });
    out.push({ op: "progress", args: { current: i, total: steps, message: `Working on ${label} (${i}/${steps})...` } });
  }
  out.push({ op: "return", value: { label } });
  return out;
}

const SCENARIOS = [
  {
    name: "completed job",
    queue: { worker_count: 1 },
    steps: [
      {
        op: "enqueue_job",
        payload: { program: program.steps3 },
        args: { label: "Alpha", route: "/queue-demo", session_id: "s1", meta: { k: "v" } },
        as: "A",
      },
      { op: "pending_count" },
      { op: "sleep", seconds: 0.3 },
      { op: "get_job", job: "A" },
      { op: "latest_job", args: { session_id: "s1" } },
      { op: "latest_job", args: { session_id: "zzz" } },
      { op: "latest_job" },
      { op: "queue_snapshot" },
      { op: "pending_count" },
      { op: "job_action_result", job: "A" },
      { op: "job_action_result", job: "A", args: { accepted: false, message: "custom" } },
      { op: "job_action_result", args: { job_id: "missing" } },
      { op: "state", keys: ["queue_size", "worker_count", "active_jobs", "job_order"] },
    ],
  },
  {
    name: "failing job, then the worker goes on",
    queue: {},
    steps: [
      {
        op: "enqueue_job",
        payload: { program: [{ op: "progress", args: { current: 1, total: 2, message: "One" } }, { op: "raise", type: "ValueError", message: "boom" }] },
        args: { label: "Broken", route: "/queue-demo", session_id: "s1" },
        as: "A",
      },
      { op: "sleep", seconds: 0.15 },
      { op: "get_job", job: "A" },
      { op: "enqueue_job", payload: { program: [{ op: "return", value: 5 }] }, args: { label: "After" }, as: "B" },
      { op: "sleep", seconds: 0.15 },
      { op: "get_job", job: "B" },
      { op: "request_cancel", job: "A" },
    ],
  },
  {
    name: "cancelled while running",
    queue: {},
    steps: [
      {
        op: "enqueue_job",
        payload: { program: cancellable("Beta", 6, 0.15) },
        args: { label: "Beta", route: "/queue-demo", session_id: "s2", client_id: "sprag-socket-3", topic: "jobs" },
        as: "A",
      },
      { op: "sleep", seconds: 0.375 },
      { op: "request_cancel", job: "A" },
      { op: "sleep", seconds: 0.3 },
      { op: "get_job", job: "A" },
      { op: "request_cancel", job: "A" },
      { op: "request_cancel", job: "nope" },
      { op: "queue_snapshot" },
    ],
  },
  {
    name: "cancelled while queued",
    queue: {},
    steps: [
      { op: "enqueue_job", payload: { program: [{ op: "sleep", seconds: 0.15 }, { op: "return", value: "a" }] }, args: { label: "First" }, as: "A" },
      { op: "enqueue_job", payload: { program: [{ op: "return", value: "b" }] }, args: { label: "Second" }, as: "B" },
      { op: "sleep", seconds: 0.05 },
      { op: "request_cancel", job: "B", args: { message: "Please stop." } },
      { op: "pending_count" },
      { op: "sleep", seconds: 0.3 },
      { op: "get_job", job: "B" },
      { op: "get_job", job: "A" },
    ],
  },
  {
    name: "full queue",
    queue: { maxsize: 1 },
    steps: [
      { op: "enqueue_job", payload: { program: [{ op: "sleep", seconds: 0.3 }] }, args: { label: "Long" }, as: "A" },
      { op: "sleep", seconds: 0.1 },
      { op: "enqueue_job", payload: { program: [{ op: "return", value: 1 }] }, args: { label: "Waiting" }, as: "B" },
      { op: "enqueue_job", payload: { program: [{ op: "return", value: 2 }] }, args: { label: "Rejected", session_id: "s9" } },
      { op: "enqueue", item: { a: 1 } },
      { op: "queue_snapshot" },
      { op: "sleep", seconds: 0.5 },
      { op: "state", keys: ["queue_size", "active_jobs", "job_order"] },
    ],
  },
  {
    name: "history limit trims finished jobs first",
    queue: { job_history_limit: 2 },
    steps: [
      { op: "enqueue_job", payload: { program: [{ op: "return", value: 1 }] }, args: { label: "H1" } },
      { op: "sleep", seconds: 0.1 },
      { op: "enqueue_job", payload: { program: [{ op: "return", value: 2 }] }, args: { label: "H2" } },
      { op: "sleep", seconds: 0.1 },
      { op: "enqueue_job", payload: { program: [{ op: "return", value: 3 }] }, args: { label: "H3" } },
      { op: "sleep", seconds: 0.1 },
      { op: "state", keys: ["job_order"] },
      { op: "enqueue_job", payload: { program: [{ op: "sleep", seconds: 0.05 }] }, args: { label: "H4" } },
      { op: "enqueue_job", payload: { program: [{ op: "sleep", seconds: 0.05 }] }, args: { label: "H5" } },
      { op: "enqueue_job", payload: { program: [{ op: "sleep", seconds: 0.05 }] }, args: { label: "H6" } },
      { op: "state", keys: ["job_order"] },
      { op: "sleep", seconds: 0.4 },
      { op: "state", keys: ["job_order"] },
    ],
  },
  {
    name: "job helpers and progress arithmetic",
    queue: {},
    steps: [
      { op: "helper", helper: "report_progress", args: {} },
      { op: "helper", helper: "check_cancelled", args: {} },
      { op: "helper", helper: "cancel_requested", args: { job_id: "zzz" } },
      { op: "helper", helper: "complete_job", args: {} },
      { op: "helper", helper: "report_progress", args: { job_id: "ghost", current: 1 } },
      {
        op: "enqueue_job",
        payload: {
          program: [
            { op: "progress", args: { current: 1, total: 8 } },
            { op: "progress", args: { percent: 57.9 } },
            { op: "progress", args: { percent: 250 } },
            { op: "progress", args: { current: 3, total: 0 } },
            { op: "progress", args: { result: { partial: true }, message: "Partial" } },
            { op: "progress", args: { current: 5, total: 8 } },
            { op: "progress", args: { current: 7, total: 8 } },
            { op: "progress", args: { percent: -3 } },
            { op: "check_cancelled" },
            { op: "helper_error", helper: "report_progress", args: { job_id: "other-job", message: "elsewhere" } },
            { op: "complete", args: { result: "explicit", message: "Done by hand." } },
            { op: "return", value: "ignored" },
          ],
        },
        args: { label: "Helpers", route: "/r" },
        as: "A",
      },
      { op: "sleep", seconds: 0.15 },
      { op: "get_job", job: "A" },
      { op: "get_job", job: "ghost" },
      { op: "helper", helper: "emit_socket", args: { event: "x:y", data: { a: 1 }, target: { route: "/t", topic: "tt" }, session_id: " s " } },
      { op: "helper", helper: "emit_socket_refetch", args: { action: " status ", payload: { a: 1 }, route: "/q" } },
      { op: "helper", helper: "emit_socket_refetch", args: { action: "  " } },
      { op: "helper", helper: "emit_socket", args: { event: "x", target: ["bad"] } },
      { op: "helper", helper: "emit_socket", args: { event: "x", route: 5 } },
      { op: "helper", helper: "emit_socket", args: { event: "" } },
    ],
  },
  {
    name: "plain items and worker errors",
    queue: {},
    steps: [
      { op: "enqueue", item: { a: 1 } },
      { op: "enqueue", item: { explode: true } },
      { op: "enqueue", item: { b: 2 } },
      { op: "pending_count" },
      { op: "sleep", seconds: 0.1 },
      { op: "state", keys: ["plain_items", "queue_size"] },
    ],
  },
  {
    name: "cancel requested but never checked; explicit fail and cancel",
    queue: {},
    steps: [
      { op: "enqueue_job", payload: { program: [{ op: "sleep", seconds: 0.2 }, { op: "return", value: "x" }] }, args: { label: "Ignorer" }, as: "A" },
      { op: "sleep", seconds: 0.1 },
      { op: "request_cancel", job: "A" },
      { op: "sleep", seconds: 0.25 },
      { op: "get_job", job: "A" },
      {
        op: "enqueue_job",
        payload: { program: [{ op: "fail", args: { error: "Custom failure" } }, { op: "return", value: "nope" }] },
        args: { label: "Failer" },
        as: "B",
      },
      { op: "enqueue_job", payload: { program: [{ op: "cancel" }, { op: "return", value: "nope" }] }, args: { label: "Canceller" }, as: "C" },
      {
        op: "enqueue_job",
        payload: { program: [{ op: "raise", type: "KeyError", message: "missing" }] },
        args: { label: "KeyErr" },
        as: "D",
      },
      { op: "sleep", seconds: 0.15 },
      { op: "get_job", job: "B" },
      { op: "get_job", job: "C" },
      { op: "get_job", job: "D" },
    ],
  },
  {
    name: "labels, explicit ids, payload None",
    queue: {},
    steps: [
      { op: "enqueue_job", payload: null, args: { label: "   " } },
      { op: "enqueue_job", payload: null, args: { job_id: "custom-1" } },
      { op: "sleep", seconds: 0.1 },
      { op: "enqueue_job", payload: null, args: { job_id: "custom-1", label: " Again ", meta: { m: [1, 2] } } },
      { op: "sleep", seconds: 0.1 },
      { op: "get_job", job: "custom-1" },
      { op: "state", keys: ["job_order", "plain_items"] },
    ],
  },
  {
    name: "two workers keep their jobs apart",
    queue: { worker_count: 2 },
    steps: [
      {
        op: "enqueue_job",
        payload: { program: [{ op: "sleep", seconds: 0.1 }, { op: "progress", args: { current: 1, total: 2, message: "A half" } }, { op: "sleep", seconds: 0.3 }, { op: "return", value: "A" }] },
        args: { label: "WA" },
        as: "A",
      },
      {
        op: "enqueue_job",
        payload: { program: [{ op: "sleep", seconds: 0.3 }, { op: "progress", args: { current: 1, total: 4, message: "B quarter" } }, { op: "sleep", seconds: 0.3 }, { op: "return", value: "B" }] },
        args: { label: "WB" },
        as: "B",
      },
      { op: "sleep", seconds: 0.2 },
      { op: "queue_snapshot" },
      { op: "sleep", seconds: 0.6 },
      { op: "queue_snapshot" },
      { op: "get_job", job: "A" },
      { op: "get_job", job: "B" },
    ],
  },
  {
    name: "service stopped while a job runs",
    queue: {},
    steps: [
      {
        op: "enqueue_job",
        payload: { program: [{ op: "sleep", seconds: 0.2 }, { op: "progress", args: { current: 1, total: 1 } }, { op: "return", value: "late" }] },
        args: { label: "Interrupted", session_id: "s1" },
        as: "A",
      },
      { op: "sleep", seconds: 0.1 },
      { op: "stop" },
      { op: "sleep", seconds: 0.3 },
      { op: "get_job", job: "A" },
      { op: "queue_snapshot" },
      { op: "enqueue_job", payload: { program: [{ op: "return", value: 1 }] }, args: { label: "After stop" } },
      { op: "sleep", seconds: 0.1 },
      { op: "pending_count" },
    ],
  },
];

// --------------------------------------------------------------------------- mock side

class ScriptedQueue extends QueueService {}

async function runProgram(self, steps) {
  for (const step of steps) {
    switch (step.op) {
      case "sleep":
        await $py.callm(gevent, "sleep", step.seconds);
        break;
      case "progress":
        await $py.callm(self, "report_progress", $py.kw(step.args));
        break;
      case "check_cancelled":
        await $py.callm(self, "check_cancelled", $py.kw(step.args ?? {}));
        break;
      case "raise": {
        const cls = { ValueError: $py.ValueError, RuntimeError: $py.RuntimeError, KeyError: $py.KeyError }[step.type];
        throw await $py.call(cls, step.message);
      }
      case "complete":
        await $py.callm(self, "complete_job", $py.kw(step.args ?? {}));
        break;
      case "fail":
        await $py.callm(self, "fail_job", $py.kw(step.args));
        break;
      case "cancel":
        await $py.callm(self, "cancel_job", $py.kw(step.args ?? {}));
        break;
      case "set_state":
        await $py.callm(self, "set_state", step.state);
        break;
      case "helper_error":
        try {
          await $py.callm(self, step.helper, $py.kw(step.args ?? {}));
          await $py.callm(self, "set_state", { helper_result: "no error" });
        } catch (error) {
          const exc = $py.pyerr(error);
          await $py.callm(self, "set_state", { helper_result: `${$py.typeName(exc)}: ${await $py.str(exc)}` });
        }
        break;
      case "return":
        return step.value;
    }
  }
  return null;
}

$py.klass(ScriptedQueue, "ScriptedQueue", {
  handle_item: pyfunction("handle_item", { params: ["item"] }, async function (item) {
    const self = this;
    if ($py.isdict(item) && "program" in item) return runProgram(self, item.program);
    if ($py.isdict(item) && item.explode) throw new $py.RuntimeError("plain item exploded");
    const count = await $py.callm($py.getattr(self, "state"), "get", "plain_items", 0);
    await $py.callm(self, "set_state", { plain_items: count + 1 });
    return null;
  }),
});

const sleep = (seconds) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));

async function errorText(error) {
  const exc = $py.pyerr(error);
  return `${$py.typeName(exc)}: ${await $py.str(exc)}`;
}

async function runMockScenario(scenario) {
  const trace = [];
  let queue = null;
  const clean = (value) => (value === null || value === undefined ? null : value.trim() || null);
  resetServer({
    log: () => null,
    sockets: {
      emit(frame) {
        const jobId = $py.isdict(frame.payload) ? frame.payload.job_id : null;
        trace.push([
          "emit",
          {
            event: frame.event,
            payload: frame.payload,
            filters: { route: clean(frame.route), client_id: clean(frame.client_id), session_id: clean(frame.session_id), topic: clean(frame.topic) },
            job: jobId ? queue.get_job(jobId) : null,
            queue: queue.queue_snapshot(),
          },
        ]);
        return true;
      },
    },
  });
  queue = await $py.call(ScriptedQueue, scenario.name_of_queue ?? "scripted", $py.kw(scenario.queue ?? {}));
  await $py.callm(queue, "subscribe", (snapshot, _service) => {
    const extra = {};
    for (const key of ["plain_items", "helper_result"]) if (key in snapshot) extra[key] = snapshot[key];
    trace.push([
      "state",
      {
        queue_size: snapshot.queue_size,
        active_jobs: [...snapshot.active_jobs],
        job_order: [...snapshot.job_order],
        statuses: Object.fromEntries(Object.entries(snapshot.jobs).map(([key, job]) => [key, job.status ?? null])),
        extra,
      },
    ]);
  });
  await $py.callm(queue, "start");
  const ids = {};
  const ref = (step) => ids[step.job] ?? step.job;
  for (const step of scenario.steps) {
    let result;
    switch (step.op) {
      case "sleep":
        await sleep(step.seconds);
        result = null;
        break;
      case "enqueue_job":
        result = await $py.callm(queue, "enqueue_job", step.payload ?? null, $py.kw(step.args ?? {}));
        if (step.as && result.job) ids[step.as] = result.job.id;
        break;
      case "enqueue":
        result = await $py.callm(queue, "enqueue", step.item);
        break;
      case "request_cancel":
        result = await $py.callm(queue, "request_cancel", ref(step), $py.kw(step.args ?? {}));
        break;
      case "get_job":
        result = await $py.callm(queue, "get_job", ref(step));
        break;
      case "latest_job":
        result = await $py.callm(queue, "latest_job", $py.kw(step.args ?? {}));
        break;
      case "queue_snapshot":
        result = await $py.callm(queue, "queue_snapshot");
        break;
      case "pending_count":
        result = await $py.callm(queue, "pending_count");
        break;
      case "job_action_result": {
        const args = { ...(step.args ?? {}) };
        if (step.job) args.job_id = ref(step);
        result = await $py.callm(queue, "job_action_result", $py.kw(args));
        break;
      }
      case "state": {
        const state = await $py.callm(queue, "get_state");
        result = Object.fromEntries(step.keys.map((key) => [key, key in state ? state[key] : null]));
        break;
      }
      case "stop":
        await $py.callm(queue, "stop");
        result = queue.running;
        break;
      case "helper":
        try {
          result = await $py.callm(queue, step.helper, $py.kw(step.args ?? {}));
        } catch (error) {
          result = { raised: await errorText(error) };
        }
        break;
      default:
        throw new Error(`unknown step ${step.op}`);
    }
    trace.push(["step", step.op, result]);
  }
  await $py.callm(queue, "stop");
  return JSON.parse(JSON.stringify(trace));
}

// --------------------------------------------------------------------------- normalising

const HEX_ID = /^[0-9a-f]{12}$/;

/** Job ids → J1, J2 ... (order of first appearance); timestamps → "<t>" (checked first). */
function normalise(trace) {
  const ids = new Map();
  const collect = (value) => {
    if (typeof value === "string") {
      if (HEX_ID.test(value) && !ids.has(value)) ids.set(value, `J${ids.size + 1}`);
    } else if (Array.isArray(value)) value.forEach(collect);
    else if (value && typeof value === "object") {
      for (const [key, item] of Object.entries(value)) {
        collect(key);
        collect(item);
      }
    }
  };
  collect(trace);
  const rename = (text) => {
    let out = text;
    for (const [id, name] of ids) out = out.split(id).join(name);
    return out;
  };
  const walk = (value) => {
    if (typeof value === "string") return rename(value);
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === "object") {
      if (typeof value.created_at === "number" && typeof value.updated_at === "number") {
        assert.ok(value.updated_at >= value.created_at, "updated_at >= created_at");
      }
      const out = {};
      for (const [key, item] of Object.entries(value)) {
        if (key === "created_at" || key === "updated_at") {
          assert.equal(typeof item, "number", `${key} is a number`);
          out[key] = "<t>";
        } else out[rename(key)] = walk(item);
      }
      return out;
    }
    return value;
  };
  return walk(trace);
}

// --------------------------------------------------------------------------- tests

const reference = runReference("reference_queue.py", SCENARIOS);

after(() => resetServer());

SCENARIOS.forEach((scenario, index) => {
  test(`queue matches the real QueueService: ${scenario.name}`, async () => {
    const mock = await runMockScenario(scenario);
    if (process.env.QUEUE_TRACE_DIR) {
      const { writeFileSync } = await import("node:fs");
      const lines = (trace) => normalise(trace).map((record) => JSON.stringify(record)).join("\n") + "\n";
      writeFileSync(`${process.env.QUEUE_TRACE_DIR}/${index}.mock`, lines(mock));
      writeFileSync(`${process.env.QUEUE_TRACE_DIR}/${index}.ref`, lines(reference[index]));
    }
    assert.deepEqual(normalise(mock), normalise(reference[index]));
  });
});

test("the scenarios exercise the job contract (reference sanity)", () => {
  const all = JSON.stringify(reference);
  for (const status of ["queued", "running", "completed", "failed", "cancelled", "cancelling", "rejected"]) {
    assert.ok(all.includes(`"${status}"`), status);
  }
  // A 3-step job: queued, running, 3 progress reports, completed.
  const completed = reference[0].filter(([kind]) => kind === "emit");
  assert.equal(completed.length, 6);
});

test("job ids are 12 hex characters; created_at/updated_at are epoch seconds", async () => {
  resetServer({ log: () => null });
  const queue = await $py.call(ScriptedQueue, "ids");
  const result = await $py.callm(queue, "enqueue_job", null);
  assert.match(result.job.id, HEX_ID);
  assert.equal(result.job.label, `Job ${result.job.id}`);
  assert.ok(Math.abs(result.job.created_at - Date.now() / 1000) < 5);
  assert.ok(!Number.isInteger(result.job.updated_at) || result.job.updated_at > 1e9);
});

test("base classes: Specter QueueService without handle_item, JobCancelled", async () => {
  resetServer({ log: () => null });
  const plain = await $py.call(SpecterQueueService, "plain");
  await assert.rejects(async () => $py.callm(plain, "handle_item", 1), (e) => e instanceof $py.NotImplementedError && String(e.message) === "QueueService.handle_item() must be implemented");
  assert.deepEqual(plain.state, { queue_size: 0, worker_count: 1 });
  assert.equal(plain.poll_interval, 0.5);
  assert.ok(new JobCancelled("x") instanceof $py.RuntimeError);
  const sprag = await $py.call(QueueService, "q", $py.kw({ worker_count: 0, poll_interval: 0.01, initial_state: { extra: 1 } }));
  assert.deepEqual(Object.keys(sprag.state), ["queue_size", "worker_count", "jobs", "job_order", "active_jobs", "extra"]);
  assert.equal(sprag.worker_count, 1);
  assert.equal(sprag.poll_interval, 0.05);
  assert.equal(sprag.state.worker_count, 0);
});
