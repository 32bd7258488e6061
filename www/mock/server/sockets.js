// The socket bridge of the mock server: SPRAG's `…/__sprag__/socket` protocol (spec 2.4 and
// 2.5). Connections have an id (`sprag-socket-N`), the session id of the page that opened
// them, a current route (set by `hello` or by any emit frame carrying `route`) and joined
// topics. Server emits go to every connection matching ALL the filters given.
//
// The hub knows nothing about WebSockets: a connection is `{send(text)}`; the page side
// (a fake WebSocket) carries frames to `receive()` and from `send`.

/** JSON text with sorted keys, as the real bridge writes frames (json.dumps(sort_keys=True)). */
function frame(object) {
  const sorted = {};
  for (const key of Object.keys(object).sort()) sorted[key] = object[key];
  return JSON.stringify(sorted);
}

export class SocketHub {
  /**
   * @param {object} hooks
   *   onEmit(conn, event, payload): C→S emit frames (socket ingress; no reply unless a handler emits)
   *   log(kind, data): inspector stream
   */
  constructor({ onEmit = async () => {}, log = () => {} } = {}) {
    this.connections = new Map();
    this.nextId = 1;
    this.onEmit = onEmit;
    this.log = log;
  }

  /** A new connection for a page whose session is `sessionId`; sends the hello frame. */
  connect({ sessionId, send }) {
    const conn = { id: `sprag-socket-${this.nextId++}`, session_id: sessionId, route: "/", topics: new Set(), send, open: true };
    this.connections.set(conn.id, conn);
    this.log("socket.open", { id: conn.id, session_id: sessionId });
    this.send(conn, { id: conn.id, session_id: sessionId, type: "hello" });
    return conn;
  }

  disconnect(conn) {
    conn.open = false;
    this.connections.delete(conn.id);
    this.log("socket.close", { id: conn.id });
  }

  send(conn, object) {
    if (!conn.open) return false;
    const text = frame(object);
    this.log("socket.frame", { direction: "out", id: conn.id, frame: object });
    conn.send(text);
    return true;
  }

  error(conn, message, status) {
    const body = { error: message, type: "error" };
    if (status !== undefined) body.status = status;
    this.send(conn, body);
  }

  /** One C→S frame. */
  async receive(conn, text) {
    let message;
    try {
      message = JSON.parse(text);
    } catch (error) {
      return this.error(conn, `Invalid SPRAG socket JSON: ${error.message}`);
    }
    this.log("socket.frame", { direction: "in", id: conn.id, frame: message });
    if (message === null || typeof message !== "object" || Array.isArray(message)) {
      return this.error(conn, "SPRAG socket messages must be JSON objects.");
    }
    const type = message.type ?? "emit";
    switch (type) {
      case "hello":
        if (typeof message.route === "string" && message.route) conn.route = message.route;
        return this.send(conn, { id: conn.id, route: conn.route, session_id: conn.session_id, type: "ready" });
      case "ping":
        return this.send(conn, { type: "pong" });
      case "topic": {
        const action = message.action;
        if (action !== "join" && action !== "leave") {
          return this.error(conn, `Unsupported SPRAG socket topic action ${pyRepr(action)}.`);
        }
        const topic = typeof message.topic === "string" ? message.topic.trim() : "";
        if (!topic) return this.error(conn, "SPRAG socket topic messages require a non-empty 'topic'.");
        if (typeof message.route === "string" && message.route) conn.route = message.route;
        if (action === "join") conn.topics.add(topic);
        else conn.topics.delete(topic);
        return this.send(conn, { action, topic, type: "topic" });
      }
      case "emit": {
        const event = message.event;
        if (typeof event !== "string" || !event.trim()) {
          return this.error(conn, `ValueError: socket message field 'event' expects a non-empty string; got ${pyRepr(event ?? null)}.`);
        }
        if (typeof message.route === "string" && message.route) conn.route = message.route;
        try {
          await this.onEmit(conn, event, message.payload ?? null);
        } catch (error) {
          // Handler errors are only logged by the real bridge.
          this.log("socket.handler_error", { event, error: String(error?.message ?? error) });
        }
        return true;
      }
      default:
        return this.error(conn, `Unsupported SPRAG socket message type ${pyRepr(type)}.`);
    }
  }

  /** Server emit: every connection matching all given filters; true when delivered to any. */
  emit({ event, payload = null, client_id = null, route = null, session_id = null, topic = null }) {
    let delivered = false;
    for (const conn of this.connections.values()) {
      if (client_id !== null && conn.id !== client_id) continue;
      if (route !== null && conn.route !== route) continue;
      if (session_id !== null && conn.session_id !== session_id) continue;
      if (topic !== null && !conn.topics.has(topic)) continue;
      // Serialised now (later mutations must not show), delivered asynchronously like a
      // real network.
      const object = JSON.parse(frame({ event, payload, type: "event" }));
      queueMicrotask(() => this.send(conn, object));
      delivered = true;
    }
    this.log("socket.emit", { event, payload, filters: { client_id, route, session_id, topic }, delivered });
    return delivered;
  }
}

/** Python's repr of a JSON value, for error texts. */
function pyRepr(value) {
  if (typeof value === "string") return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
  if (value === null || value === undefined) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  return JSON.stringify(value);
}
