// Loaded first in every page of the preview (the mock server injects it): the page's
// WebSocket to …/__sprag__/socket and EventSource on …/__sprag__/events go to the mock
// server in the preview host's Web Worker instead of the network, so SPRAG's real browser
// runtime runs unchanged. (fetch and XMLHttpRequest need no shim: the service worker relays
// them.) Everything else keeps the browser's own classes.
(function () {
  const host = window.parent !== window ? window.parent : window.opener;
  if (!host) return;
  const RealWebSocket = window.WebSocket;
  const RealEventSource = window.EventSource;

  function channel(kind, url) {
    const ch = new MessageChannel();
    host.postMessage({ type: "spragc-" + kind, url: String(url) }, "*", [ch.port2]);
    return ch.port1;
  }

  class MockWebSocket extends EventTarget {
    constructor(url, protocols) {
      if (!String(url).includes("/__sprag__/socket")) return new RealWebSocket(url, protocols);
      super();
      this.url = String(url);
      this.readyState = MockWebSocket.CONNECTING;
      this.onopen = this.onmessage = this.onclose = this.onerror = null;
      this.port = channel("socket", url);
      this.port.onmessage = (e) => {
        const m = e.data;
        if (m.type === "open") {
          this.readyState = MockWebSocket.OPEN;
          this.fire("open", new Event("open"));
        } else if (m.type === "message") {
          this.fire("message", new MessageEvent("message", { data: m.data }));
        } else if (m.type === "close") {
          this.finish();
        }
      };
    }
    fire(type, event) {
      const handler = this["on" + type];
      if (typeof handler === "function") handler.call(this, event);
      this.dispatchEvent(event);
    }
    send(data) {
      if (this.readyState !== MockWebSocket.OPEN) throw new DOMException("WebSocket is not open", "InvalidStateError");
      this.port.postMessage({ type: "send", data: String(data) });
    }
    close() {
      if (this.readyState >= MockWebSocket.CLOSING) return;
      this.port.postMessage({ type: "close" });
      this.finish();
    }
    finish() {
      this.readyState = MockWebSocket.CLOSED;
      this.port.close();
      this.fire("close", new CloseEvent("close", { code: 1000, wasClean: true }));
    }
  }
  Object.assign(MockWebSocket, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });

  class MockEventSource extends EventTarget {
    constructor(url, init) {
      if (!String(url).includes("/__sprag__/events")) return new RealEventSource(url, init);
      super();
      this.url = String(url);
      this.readyState = 0;
      this.onopen = this.onmessage = this.onerror = null;
      this.port = channel("events", url);
      this.port.onmessage = (e) => {
        const m = e.data;
        const type = m.type === "open" ? "open" : "message";
        if (type === "open") this.readyState = 1;
        const event = type === "open" ? new Event("open") : new MessageEvent("message", { data: m.data });
        if (typeof this["on" + type] === "function") this["on" + type](event);
        this.dispatchEvent(event);
      };
    }
    close() {
      this.readyState = 2;
      this.port.close();
    }
  }
  Object.assign(MockEventSource, { CONNECTING: 0, OPEN: 1, CLOSED: 2 });

  window.WebSocket = MockWebSocket;
  window.EventSource = MockEventSource;
})();
