// `import time` for compiled server code: `time()` (seconds since the epoch, float),
// `time_ns()`, `monotonic()`, `perf_counter()` and `sleep(seconds)`, which is awaited (the
// real server runs under gevent's monkey patching, so time.sleep yields like gevent.sleep).
// All read the mock server's clock (server/context.js), so a test's fake clock applies.

import * as $py from "../py/py.js";
import { server, syncfunction } from "../server/context.js";
import { delay } from "./gevent.js";

/** `time.time()` */
export const time = syncfunction("time", {}, () => server().clock.now());

/** `time.time_ns()` */
export const time_ns = syncfunction("time_ns", {}, () => Math.round(server().clock.now() * 1e6) * 1000);

/** `time.monotonic()` */
export const monotonic = syncfunction("monotonic", {}, () => server().clock.monotonic());

/** `time.perf_counter()` */
export const perf_counter = syncfunction("perf_counter", {}, () => server().clock.monotonic());

/** `time.sleep(seconds)` */
export const sleep = $py.def(
  async function sleep(...args) {
    const [seconds] = $py.bind(args, sleep.__sig__);
    if (typeof seconds !== "number" && typeof seconds !== "boolean") {
      throw new $py.TypeError(`'${$py.typeName(seconds)}' object cannot be interpreted as an integer`);
    }
    if (seconds < 0) throw new $py.ValueError("sleep length must be non-negative");
    await delay(seconds);
    return null;
  },
  { name: "sleep", params: ["seconds"], defaults: {}, varargs: null, kwonly: [], kwdefaults: {}, varkw: null },
);
