// Specter's QueueService (specter/core/queue_service.py) and SPRAG's job QueueService
// (sprag/runtime/server.py, spec section 2.6) for compiled server code.
//
// `SpecterQueueService(name, *, worker_count=1, maxsize=0, poll_interval=0.5,
// initial_state=None)`: a bounded work queue (gevent JoinableQueue semantics: maxsize <= 0 is
// unbounded, a put wakes a waiting worker on the next tick) drained by `worker_count` owned
// worker greenlets started with the service; `enqueue(item, *, block=False, timeout=None)`
// → bool, `pending_count()`, `handle_item(item)` (override), hooks on_workers_started /
// on_workers_stopping. State keys `queue_size`, `worker_count`.
//
// `QueueService` (SPRAG) adds the job contract: `enqueue_job(payload, *, job_id, label, meta,
// route, session_id, client_id, topic)` → `{accepted, job, queue, message}`, job dicts
// `{id, label, status, message, progress{current,total,percent}, result, error,
// cancel_requested, created_at, updated_at, meta, target}`, statuses queued → running →
// completed | failed | cancelled (+ cancelling, rejected), report_progress / request_cancel /
// cancel_requested / check_cancelled / complete_job / fail_job / cancel_job / get_job /
// latest_job / queue_snapshot / job_action_result / emit_job_signal, history trimming
// (finished jobs first) and one `sprag:queue.job.changed` {job_id} socket signal per change,
// targeted at the job's target. Texts and dict shapes are the real ones.
//
// The job helpers find "the current job" of handle_item without job_id= through a per-job
// view of the service (a Proxy that handle_item receives as `self`), standing in for the
// real ContextVar; several workers therefore keep their jobs apart.

import * as $py from "../py/py.js";
import { pyfunction } from "./pyfn.js";
import { errorLine, errorText, log, logMessage, pyRound, randomHex, server, syncfunction, typeName } from "./context.js";
import {
  EMIT_REFETCH_SPEC,
  EMIT_SOCKET_SPEC,
  SpecterService,
  emitSocket,
  getState,
  refetchEnvelope,
  setState,
  spawnOwned,
} from "./service.js";
import { GreenletExit, onKill } from "../lib/gevent.js";

const EMPTY = Symbol("empty");
const CURRENT_JOB = Symbol("sprag.currentQueueJob");
const CURRENT_WORKER = Symbol("sprag.currentQueueWorker");
export const JOB_TERMINAL_STATUSES = Object.freeze(new Set(["completed", "failed", "cancelled"]));
export const SIGNAL_EVENT = "sprag:queue.job.changed";

// ------------------------------------------------------------------------- the work queue

/** gevent's JoinableQueue, as much as the workers need; Python-visible qsize/empty/full/... */
export class WorkQueue extends $py.object {
  constructor(maxsize = 0) {
    super();
    this.maxsize = typeof maxsize === "number" && maxsize > 0 ? maxsize : null;
    this.items = [];
    this.getters = [];
    this.putters = [];
    this.unfinished = 0;
    this.unlockScheduled = false;
  }

  isFull() {
    return this.maxsize !== null && this.items.length >= this.maxsize;
  }

  putNow(item) {
    this.items.push(item);
    this.unfinished += 1;
    if (this.getters.length > 0) this.scheduleUnlock();
  }

  /** put(item, block, timeout) → true when queued, false when full (Full). */
  async put(item, block = false, timeout = null) {
    if (!this.isFull()) {
      this.putNow(item);
      return true;
    }
    if (!block) return false;
    const clock = server().clock;
    return new Promise((resolve) => {
      const putter = { item, resolve, timer: null };
      if (timeout !== null && timeout !== undefined) {
        putter.timer = clock.setTimeout(() => {
          const index = this.putters.indexOf(putter);
          if (index >= 0) this.putters.splice(index, 1);
          resolve(false);
        }, Math.max(0, Number(timeout)) * 1000);
      }
      this.putters.push(putter);
    });
  }

  /** get(timeout) → an item, or EMPTY after `timeout` seconds or when `greenlet` is killed. */
  get(timeout, greenlet = null) {
    if (this.items.length > 0) {
      const item = this.items.shift();
      if (this.getters.length > 0 || this.putters.length > 0) this.scheduleUnlock();
      return Promise.resolve(item);
    }
    const clock = server().clock;
    return new Promise((resolve) => {
      const getter = { resolve: null, timer: null, removeKillHook: null };
      const settle = (value) => {
        const index = this.getters.indexOf(getter);
        if (index >= 0) this.getters.splice(index, 1);
        if (getter.timer !== null) clock.clearTimeout(getter.timer);
        getter.removeKillHook?.();
        resolve(value);
      };
      getter.resolve = settle;
      getter.timer = clock.setTimeout(() => {
        getter.timer = null;
        settle(EMPTY);
      }, Math.max(0, Number(timeout)) * 1000);
      if (greenlet) getter.removeKillHook = onKill(greenlet, () => settle(EMPTY));
      this.getters.push(getter);
    });
  }

  scheduleUnlock() {
    if (this.unlockScheduled) return;
    this.unlockScheduled = true;
    server().clock.setTimeout(() => {
      this.unlockScheduled = false;
      this.unlock();
    }, 0);
  }

  unlock() {
    while (this.putters.length > 0 && !this.isFull()) {
      const putter = this.putters.shift();
      if (putter.timer !== null) server().clock.clearTimeout(putter.timer);
      this.putNow(putter.item);
      putter.resolve(true);
    }
    while (this.getters.length > 0 && this.items.length > 0) {
      this.getters[0].resolve(this.items.shift());
    }
  }
}

$py.klass(WorkQueue, "JoinableQueue", {
  qsize: syncfunction("qsize", {}, function () {
    return this.items.length;
  }),
  empty: syncfunction("empty", {}, function () {
    return this.items.length === 0;
  }),
  full: syncfunction("full", {}, function () {
    return this.isFull();
  }),
  task_done: syncfunction("task_done", {}, function () {
    if (this.unfinished <= 0) throw new $py.ValueError("task_done() called too many times");
    this.unfinished -= 1;
    return null;
  }),
});

// ------------------------------------------------------------------------- Specter QueueService

/** specter.QueueService */
export class SpecterQueueService extends SpecterService {
  constructor() {
    super();
    this.worker_count = 1;
    this.poll_interval = 0.5;
    this.queue = new WorkQueue(0);
  }
}

async function specterQueueInit(self, name, workerCount, maxsize, pollInterval, initialState) {
  const state = { queue_size: 0, worker_count: workerCount };
  if ($py.truthy(initialState)) await $py.callm(state, "update", initialState);
  await SpecterService.prototype.__init__.call(self, name, state);
  self.worker_count = Math.max(1, Math.trunc(await $py.call($py.builtins.int, $py.truthy(workerCount) ? workerCount : 1)));
  self.poll_interval = Math.max(0.05, await $py.call($py.builtins.float, $py.truthy(pollInterval) ? pollInterval : 0.5));
  self.queue = new WorkQueue(maxsize === null ? 0 : Number(maxsize));
}

/** The specter enqueue: put without blocking by default; state queue_size follows. */
async function specterEnqueue(self, item, block = false, timeout = null) {
  const accepted = await self.queue.put(item, $py.truthy(block), timeout);
  if (!accepted) return false;
  await setState(self, { queue_size: self.queue.items.length });
  return true;
}

/** The worker loop of a queue service (SPRAG's when `jobs`), run in owned greenlet `g`. */
async function workerLoop(self, g, jobs) {
  while (self._running && !g.dead) {
    const item = await self.queue.get(self.poll_interval, g);
    if (item === EMPTY) continue;
    await setState(self, { queue_size: self.queue.items.length });
    try {
      if (jobs && $py.isdict(item) && $py.truthy(item.__sprag_job__)) await handleJobEnvelope(self, item, g);
      else await $py.callm(self, "handle_item", item);
    } catch (error) {
      const exc = $py.pyerr(error);
      if (!g.dead && exc instanceof $py.Exception) {
        const text = await errorText(exc);
        if (jobs) {
          runtimeEvent("queue.worker.error", "error", { queue: self.name, error: await errorLine(exc) });
          logMessage("error", `[SPRAG] Queue worker error in '${self.name}': ${text}`, { error: exc });
        } else {
          logMessage("error", `[SPECTER] Queue worker error in '${self.name}': ${text}`, { error: exc });
        }
      }
    } finally {
      try {
        self.queue.task_done();
      } catch {
        // ignored, as in Specter
      }
      if (!g.dead) await setState(self, { queue_size: self.queue.items.length });
    }
  }
}

$py.klass(SpecterQueueService, "QueueService", {
  __init__: pyfunction(
    "QueueService.__init__",
    {
      params: ["name"],
      kwonly: ["worker_count", "maxsize", "poll_interval", "initial_state"],
      kwdefaults: { worker_count: 1, maxsize: 0, poll_interval: 0.5, initial_state: null },
    },
    async function (name, workerCount, maxsize, pollInterval, initialState) {
      await specterQueueInit(this, name, workerCount, maxsize, pollInterval, initialState);
      return null;
    },
  ),

  on_start: pyfunction("on_start", {}, async function () {
    const jobs = this instanceof QueueService;
    for (let index = 0; index < this.worker_count; index++) {
      if (!this._running) {
        throw new $py.RuntimeError(`[SPECTER] Cannot spawn task for '${this.name}' before start()`);
      }
      spawnOwned(this, (g) => workerLoop(this, g, jobs), { label: `worker-${index + 1}` });
    }
    await $py.callm(this, "on_workers_started");
    return null;
  }),

  on_stop: pyfunction("on_stop", {}, async function () {
    await $py.callm(this, "on_workers_stopping");
    return null;
  }),

  enqueue: pyfunction(
    "enqueue",
    { params: ["item"], kwonly: ["block", "timeout"], kwdefaults: { block: false, timeout: null } },
    async function (item, block, timeout) {
      return specterEnqueue(this, item, block, timeout);
    },
  ),

  pending_count: syncfunction("pending_count", {}, function () {
    return this.queue.items.length;
  }),

  handle_item: syncfunction("handle_item", { params: ["item"] }, function () {
    throw new $py.NotImplementedError(`${typeName(this)}.handle_item() must be implemented`);
  }),

  on_workers_started: syncfunction("on_workers_started", {}, () => null),
  on_workers_stopping: syncfunction("on_workers_stopping", {}, () => null),
});

// ------------------------------------------------------------------------- SPRAG QueueService

/** Raised by check_cancelled() inside handle_item; ends the job as cancelled. */
export class JobCancelled extends $py.RuntimeError {}
$py.klass(JobCancelled, "_JobCancelled");

/** sprag.QueueService */
export class QueueService extends SpecterQueueService {
  constructor() {
    super();
    this.job_history_limit = 24;
  }
}

function now() {
  return server().clock.now();
}

function runtimeEvent(event, level, fields) {
  const clean = {};
  for (const [key, value] of Object.entries(fields)) if (value !== null && value !== undefined) clean[key] = value;
  log("queue.job", { event, level, ...clean });
}

/** get_job(job_id) without the Python call machinery: a copy, or null. */
function jobSnapshot(self, jobId) {
  if (jobId === null || jobId === undefined) return null;
  const jobs = getState(self).jobs ?? {};
  const key = typeof jobId === "string" ? jobId : String(jobId);
  const job = Object.prototype.hasOwnProperty.call(jobs, key) ? jobs[key] : undefined;
  return $py.isdict(job) ? { ...job } : null;
}

/**
 * A job helper called by the handle_item of a worker that was killed (the service stopped):
 * Python would have raised GreenletExit at the worker's last blocking call, so the job code
 * stops here instead of touching the job again.
 */
function ensureWorkerAlive(self) {
  const worker = self[CURRENT_WORKER];
  if (worker && worker.dead) throw new GreenletExit();
}

function requireCurrentJobId(self, jobId) {
  ensureWorkerAlive(self);
  const resolved = jobId !== null && jobId !== undefined ? String(jobId) : (self[CURRENT_JOB] ?? null);
  if (!resolved) {
    throw new $py.RuntimeError(`${typeName(self)} job helper requires an active queued job or an explicit job_id.`);
  }
  return resolved;
}

/** _merge_job_state: one synchronous read-modify-write of jobs/job_order, then set_state. */
async function mergeJobState(self, jobId, update) {
  const state = getState(self);
  const jobs = { ...(state.jobs ?? {}) };
  let job = { ...(jobs[jobId] ?? {}) };
  job = update(job) ?? job;
  job.updated_at = now();
  jobs[jobId] = job;
  let order = (state.job_order ?? []).filter((value) => value !== jobId);
  order.push(jobId);
  if (order.length > self.job_history_limit) {
    const trimCount = order.length - self.job_history_limit;
    for (const staleId of order.slice(0, trimCount)) {
      const stale = jobs[staleId];
      if (stale && JOB_TERMINAL_STATUSES.has(stale.status)) delete jobs[staleId];
    }
    order = order.filter((value) => Object.prototype.hasOwnProperty.call(jobs, value));
  }
  await setState(self, { jobs, job_order: order });
  return { ...job };
}

async function setActiveJob(self, jobId, active) {
  const activeJobs = [...(getState(self).active_jobs ?? [])];
  if (active && !activeJobs.includes(jobId)) {
    activeJobs.push(jobId);
    await setState(self, { active_jobs: activeJobs });
  }
  if (!active && activeJobs.includes(jobId)) {
    await setState(self, { active_jobs: activeJobs.filter((value) => value !== jobId) });
  }
}

async function emitJobSignal(self, jobId, event = null, payload = null) {
  const job = jobSnapshot(self, jobId);
  if (job === null) return false;
  const target = job.target ?? {};
  const envelope = { job_id: jobId };
  if ($py.truthy(payload)) await $py.callm(envelope, "update", payload);
  return $py.callm(
    self,
    "emit_socket",
    event ?? self.signal_event ?? SIGNAL_EVENT,
    envelope,
    $py.kw({ route: target.route ?? null, session_id: target.session_id ?? null, client_id: target.client_id ?? null, topic: target.topic ?? null }),
  );
}

function queueSnapshot(self) {
  const activeJobs = [...(getState(self).active_jobs ?? [])];
  return { pending: self.queue.items.length, active: activeJobs.length, active_jobs: activeJobs, workers: self.worker_count };
}

function jobActionResult(self, jobId, job, accepted, message) {
  const snapshot = { ...($py.truthy(job) ? job : (jobSnapshot(self, jobId) ?? {})) };
  const queue = queueSnapshot(self);
  if (message === null || message === undefined) message = Object.prototype.hasOwnProperty.call(snapshot, "message") ? snapshot.message : null;
  return { accepted: $py.truthy(accepted), job: Object.keys(snapshot).length > 0 ? snapshot : null, queue, message };
}

function durationMs(snapshot) {
  if (!$py.isdict(snapshot)) return null;
  const { created_at: createdAt, updated_at: updatedAt } = snapshot;
  if (createdAt === null || createdAt === undefined || updatedAt === null || updatedAt === undefined) return null;
  return Math.max(0, pyRound((Number(updatedAt) - Number(createdAt)) * 1000));
}

function cancelRequested(self, jobId) {
  const snapshot = jobSnapshot(self, requireCurrentJobId(self, jobId));
  return Boolean(snapshot && $py.truthy(snapshot.cancel_requested));
}

/** The per-job `self` handed to handle_item and the job helpers (see the header). */
function jobView(self, jobId, greenlet) {
  return new Proxy(self, {
    get(target, key, receiver) {
      if (key === CURRENT_JOB) return jobId;
      if (key === CURRENT_WORKER) return greenlet;
      return Reflect.get(target, key, receiver);
    },
  });
}

async function handleJobEnvelope(self, item, g) {
  const jobId = item.job_id;
  const payload = Object.prototype.hasOwnProperty.call(item, "payload") ? item.payload : null;
  const view = jobView(self, jobId, g);
  try {
    let snapshot = jobSnapshot(self, jobId);
    if (snapshot === null) return;
    await setActiveJob(self, jobId, true);
    if ($py.truthy(snapshot.cancel_requested)) {
      await $py.callm(view, "cancel_job", $py.kw({ job_id: jobId, message: `Cancelled ${snapshot.label}.` }));
      return;
    }
    await mergeJobState(self, jobId, (job) => {
      if (job.status === "queued") job.status = "running";
      if (!$py.truthy(job.message)) job.message = `Running ${job.label}...`;
      return job;
    });
    await emitJobSignal(self, jobId);
    snapshot = jobSnapshot(self, jobId);
    runtimeEvent("queue.job.started", "info", { queue: self.name, job_id: jobId, label: snapshot ? snapshot.label : null });
    const result = await $py.callm(view, "handle_item", payload);
    if (g.dead) return;
    if (cancelRequested(self, jobId)) {
      await $py.callm(view, "cancel_job", $py.kw({ job_id: jobId }));
      return;
    }
    const current = jobSnapshot(self, jobId);
    if (current === null) throw new $py.AttributeError("'NoneType' object has no attribute 'get'");
    if (!JOB_TERMINAL_STATUSES.has(current.status)) {
      await $py.callm(view, "complete_job", $py.kw({ job_id: jobId, result }));
    }
  } catch (error) {
    if (g.dead) return;
    const exc = $py.pyerr(error);
    if (exc instanceof JobCancelled) {
      const message = await errorText(exc);
      await $py.callm(view, "cancel_job", $py.kw({ job_id: jobId, message: message || null }));
      return;
    }
    if (exc instanceof $py.Exception) {
      await $py.callm(view, "fail_job", $py.kw({ job_id: jobId, error: await errorLine(exc) }));
    }
    throw exc;
  }
}

const TARGET_KWONLY = ["job_id", "label", "meta", "route", "session_id", "client_id", "topic"];

$py.klass(QueueService, "QueueService", {
  signal_event: SIGNAL_EVENT,

  __init__: pyfunction(
    "QueueService.__init__",
    {
      params: ["name"],
      kwonly: ["worker_count", "maxsize", "poll_interval", "initial_state", "job_history_limit"],
      kwdefaults: { worker_count: 1, maxsize: 0, poll_interval: 0.5, initial_state: null, job_history_limit: 24 },
    },
    async function (name, workerCount, maxsize, pollInterval, initialState, historyLimit) {
      const state = { jobs: {}, job_order: [], active_jobs: [] };
      if ($py.truthy(initialState)) await $py.callm(state, "update", initialState);
      await specterQueueInit(this, name, workerCount, maxsize, pollInterval, state);
      this.job_history_limit = Math.max(1, Math.trunc(await $py.call($py.builtins.int, $py.truthy(historyLimit) ? historyLimit : 24)));
      return null;
    },
  ),

  /** Unlike Service/Controller, no default route and no reserved-name warning. */
  emit_socket: pyfunction("emit_socket", EMIT_SOCKET_SPEC, async function (event, data, target, route, clientId, sessionId, topic) {
    return emitSocket(event, data, { target, route, client_id: clientId, session_id: sessionId, topic });
  }),

  emit_socket_refetch: pyfunction(
    "emit_socket_refetch",
    EMIT_REFETCH_SPEC,
    async function (action, payload, event, target, route, clientId, sessionId, topic) {
      const envelope = await refetchEnvelope(action, payload);
      return $py.callm(this, "emit_socket", event, envelope, $py.kw({ target, route, client_id: clientId, session_id: sessionId, topic }));
    },
  ),

  enqueue_job: pyfunction(
    "enqueue_job",
    {
      params: ["payload"],
      kwonly: TARGET_KWONLY,
      kwdefaults: Object.fromEntries(TARGET_KWONLY.map((key) => [key, null])),
    },
    async function (payload, jobId, label, meta, route, sessionId, clientId, topic) {
      jobId = await $py.str($py.truthy(jobId) ? jobId : randomHex(12));
      label = (await $py.str($py.truthy(label) ? label : `Job ${jobId}`)).trim();
      if (!label) label = `Job ${jobId}`;
      const target = { route, session_id: sessionId, client_id: clientId, topic };
      const job = {
        id: jobId,
        label,
        status: "queued",
        message: `Queued ${label}.`,
        progress: { current: 0, total: null, percent: 0 },
        result: null,
        error: null,
        cancel_requested: false,
        created_at: now(),
        updated_at: now(),
        meta: $py.truthy(meta) ? await $py.call($py.builtins.dict, meta) : {},
        target,
      };
      const accepted = await specterEnqueue(this, { __sprag_job__: true, job_id: jobId, payload }, false, null);
      const fields = { queue: this.name, job_id: jobId, label, route, session_id: sessionId, client_id: clientId, topic };
      if (!accepted) {
        const rejected = { ...job, status: "rejected", message: `Queue is full. Could not queue ${label}.`, updated_at: now() };
        runtimeEvent("queue.job.enqueued", "warning", { ...fields, accepted: false });
        return jobActionResult(this, null, rejected, false, null);
      }
      await mergeJobState(this, jobId, () => job);
      await emitJobSignal(this, jobId);
      runtimeEvent("queue.job.enqueued", "info", { ...fields, accepted: true });
      return jobActionResult(this, jobId, null, true, null);
    },
  ),

  job_action_result: syncfunction(
    "job_action_result",
    { kwonly: ["job_id", "job", "accepted", "message"], kwdefaults: { job_id: null, job: null, accepted: true, message: null } },
    function (jobId, job, accepted, message) {
      return jobActionResult(this, jobId, job, accepted, message);
    },
  ),

  queue_snapshot: syncfunction("queue_snapshot", {}, function () {
    return queueSnapshot(this);
  }),

  get_job: syncfunction("get_job", { params: ["job_id"] }, function (jobId) {
    return jobSnapshot(this, jobId);
  }),

  latest_job: syncfunction("latest_job", { kwonly: ["session_id"], kwdefaults: { session_id: null } }, function (sessionId) {
    const state = getState(this);
    const jobs = state.jobs ?? {};
    for (const jobId of [...(state.job_order ?? [])].reverse()) {
      const job = jobs[jobId];
      if (!$py.isdict(job)) continue;
      const target = $py.truthy(job.target) ? job.target : {};
      if (sessionId === null || target.session_id === sessionId) return { ...job };
    }
    return null;
  }),

  report_progress: pyfunction(
    "report_progress",
    {
      kwonly: ["current", "total", "percent", "message", "result", "job_id"],
      kwdefaults: { current: null, total: null, percent: null, message: null, result: null, job_id: null },
    },
    async function (current, total, percent, message, result, jobId) {
      const resolved = requireCurrentJobId(this, jobId);
      const int = $py.builtins.int;
      const float = $py.builtins.float;
      // Numbers first (int()/float() may be async for odd inputs), then one synchronous update.
      const explicitPercent = percent === null ? null : Math.max(0, Math.min(100, await $py.call(int, percent)));
      const before = jobSnapshot(this, resolved) ?? {};
      const progressBefore = { ...(before.progress ?? {}) };
      const nextTotal = total !== null ? total : progressBefore.total;
      const nextCurrent = current !== null ? current : progressBefore.current;
      let computed = null;
      const totalUsable = !(nextTotal === null || nextTotal === undefined || nextTotal === 0 || nextTotal === false);
      if (percent === null && totalUsable && nextCurrent !== null && nextCurrent !== undefined) {
        const ratio = (await $py.call(float, nextCurrent)) / (await $py.call(float, nextTotal));
        computed = Math.max(0, Math.min(100, pyRound(ratio * 100)));
      }
      await mergeJobState(this, resolved, (job) => {
        const progress = { ...(job.progress ?? {}) };
        if (current !== null) progress.current = current;
        if (total !== null) progress.total = total;
        if (computed !== null) progress.percent = computed;
        else if (explicitPercent !== null) progress.percent = explicitPercent;
        job.progress = progress;
        if (result !== null) job.result = result;
        if (message !== null) job.message = message;
        if (job.status === "queued") job.status = "running";
        return job;
      });
      await emitJobSignal(this, resolved);
      return jobSnapshot(this, resolved);
    },
  ),

  request_cancel: pyfunction(
    "request_cancel",
    { params: ["job_id"], kwonly: ["message"], kwdefaults: { message: null } },
    async function (jobId, message) {
      const snapshot = jobSnapshot(this, jobId);
      if (snapshot === null) {
        const text = await $py.str(jobId);
        return jobActionResult(this, null, { id: text, status: "missing" }, false, `Unknown job ${text}.`);
      }
      if (JOB_TERMINAL_STATUSES.has(snapshot.status)) return jobActionResult(this, null, snapshot, false, null);
      await mergeJobState(this, jobId, (job) => {
        job.cancel_requested = true;
        job.status = "cancelling";
        job.message = $py.truthy(message) ? message : `Cancelling ${job.label}...`;
        return job;
      });
      await emitJobSignal(this, jobId);
      runtimeEvent("queue.job.cancel_requested", "info", { queue: this.name, job_id: jobId, label: snapshot.label, status: "cancelling" });
      return jobActionResult(this, jobId, null, true, null);
    },
  ),

  cancel_requested: syncfunction("cancel_requested", { params: ["job_id"], defaults: { job_id: null } }, function (jobId) {
    return cancelRequested(this, jobId);
  }),

  check_cancelled: syncfunction(
    "check_cancelled",
    { kwonly: ["job_id", "message"], kwdefaults: { job_id: null, message: null } },
    function (jobId, message) {
      if (cancelRequested(this, jobId)) throw new JobCancelled($py.truthy(message) ? message : "Job cancelled.");
      return null;
    },
  ),

  complete_job: pyfunction(
    "complete_job",
    { kwonly: ["result", "message", "job_id"], kwdefaults: { result: null, message: null, job_id: null } },
    async function (result, message, jobId) {
      const resolved = requireCurrentJobId(this, jobId);
      await mergeJobState(this, resolved, (job) => {
        job.status = "completed";
        job.cancel_requested = false;
        job.error = null;
        const progress = { ...(job.progress ?? {}) };
        progress.percent = 100;
        const t = progress.total;
        if (!(t === null || t === undefined || t === 0 || t === false) && (progress.current === null || progress.current === undefined)) {
          progress.current = t;
        }
        job.progress = progress;
        job.result = result;
        job.message = message !== null ? message : `Completed ${job.label}.`;
        return job;
      });
      await setActiveJob(this, resolved, false);
      await emitJobSignal(this, resolved);
      const snapshot = jobSnapshot(this, resolved);
      runtimeEvent("queue.job.completed", "info", {
        queue: this.name,
        job_id: resolved,
        label: snapshot ? snapshot.label : null,
        duration_ms: durationMs(snapshot),
        result,
      });
      return snapshot;
    },
  ),

  fail_job: pyfunction(
    "fail_job",
    { kwonly: ["error", "message", "job_id"], kwdefaults: { message: null, job_id: null } },
    async function (error, message, jobId) {
      const resolved = requireCurrentJobId(this, jobId);
      const errorString = await $py.str(error);
      const messageText = $py.truthy(message) ? message : errorString;
      await mergeJobState(this, resolved, (job) => {
        job.status = "failed";
        job.error = errorString;
        job.message = messageText;
        return job;
      });
      await setActiveJob(this, resolved, false);
      await emitJobSignal(this, resolved);
      const snapshot = jobSnapshot(this, resolved);
      runtimeEvent("queue.job.failed", "error", {
        queue: this.name,
        job_id: resolved,
        label: snapshot ? snapshot.label : null,
        duration_ms: durationMs(snapshot),
        error: errorString,
      });
      return snapshot;
    },
  ),

  cancel_job: pyfunction(
    "cancel_job",
    { kwonly: ["message", "job_id"], kwdefaults: { message: null, job_id: null } },
    async function (message, jobId) {
      const resolved = requireCurrentJobId(this, jobId);
      await mergeJobState(this, resolved, (job) => {
        job.status = "cancelled";
        job.cancel_requested = true;
        job.message = $py.truthy(message) ? message : `Cancelled ${job.label}.`;
        return job;
      });
      await setActiveJob(this, resolved, false);
      await emitJobSignal(this, resolved);
      const snapshot = jobSnapshot(this, resolved);
      runtimeEvent("queue.job.cancelled", "info", {
        queue: this.name,
        job_id: resolved,
        label: snapshot ? snapshot.label : null,
        duration_ms: durationMs(snapshot),
      });
      return snapshot;
    },
  ),

  emit_job_signal: pyfunction(
    "emit_job_signal",
    { params: ["job_id"], kwonly: ["event", "payload"], kwdefaults: { event: null, payload: null } },
    async function (jobId, event, payload) {
      return emitJobSignal(this, jobId, event, payload);
    },
  ),
});
