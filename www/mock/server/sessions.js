// Sessions of the mock server: SPRAG's in-memory session store behind the SPRAG_SID cookie.
// A browser session is identified by a 32-character URL-safe id; `login` rotates it and
// `logout` invalidates it (new id, data cleared), as sprag/runtime/session.py does.
// `request.session` objects (get/set/patch/delete/clear/snapshot/rotate/invalidate, the
// return values of sprag's RequestSession) are Python-callable: compiled server code calls
// them with $py.callm. Writes go straight to the store (the real one commits at the end of
// the request; nothing in the mock can observe the difference).

import * as $py from "../py/py.js";
import { pyfunction } from "./pyfn.js";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** A new session id: 32 URL-safe characters (Python's secrets.token_urlsafe(24)). */
export function newSessionId() {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return Array.from(bytes, (b) => ALPHABET[b & 63]).join("");
}

export class SessionStore {
  constructor() {
    /** id -> data dict */
    this.sessions = new Map();
  }

  /** The session of a request carrying `id` (null: a new one is created). */
  open(id) {
    if (id && this.sessions.has(id)) return new Session(this, id);
    const fresh = id && /^[A-Za-z0-9_-]{16,64}$/.test(id) ? id : newSessionId();
    this.sessions.set(fresh, {});
    return new Session(this, fresh);
  }
}

/** One request's view of its session; `id` changes on rotate/invalidate. */
export class Session extends $py.object {
  constructor(store, id) {
    super();
    this.store = store;
    this.id = id;
    /** Set when the id changed during the request: the response sets the cookie again. */
    this.changed = false;
  }

  get data() {
    let data = this.store.sessions.get(this.id);
    if (!data) {
      data = {};
      this.store.sessions.set(this.id, data);
    }
    return data;
  }

  get session_id() {
    return this.id;
  }
}

const methods = {
  get: pyfunction("get", { params: ["key", "default"], defaults: { default: null } }, function (key, dflt) {
    return Object.prototype.hasOwnProperty.call(this.data, key) ? this.data[key] : dflt;
  }),
  set: pyfunction("set", { params: ["key", "value"] }, function (key, value) {
    this.data[key] = value;
    return value;
  }),
  patch: pyfunction("patch", { params: ["values"] }, function (values) {
    if (!$py.truthy(values)) return this;
    if (!$py.isdict(values)) throw new $py.TypeError("request.session.patch(...) requires a dict.");
    Object.assign(this.data, values);
    return this;
  }),
  delete: pyfunction("delete", { params: ["key"] }, function (key) {
    if (!Object.prototype.hasOwnProperty.call(this.data, key)) return null;
    const value = this.data[key];
    delete this.data[key];
    return value;
  }),
  clear: pyfunction("clear", {}, function () {
    this.store.sessions.set(this.id, {});
    return this;
  }),
  snapshot: pyfunction("snapshot", {}, function () {
    return { ...this.data };
  }),
  /** A new id keeping the data (login). */
  rotate: pyfunction("rotate", {}, function () {
    const data = this.data;
    this.store.sessions.delete(this.id);
    this.id = newSessionId();
    this.store.sessions.set(this.id, data);
    this.changed = true;
    return this.id;
  }),
  /** A new id with no data (logout). */
  invalidate: pyfunction("invalidate", {}, function () {
    this.store.sessions.delete(this.id);
    this.id = newSessionId();
    this.store.sessions.set(this.id, {});
    this.changed = true;
    return this.id;
  }),
};
$py.klass(Session, "Session", methods);
