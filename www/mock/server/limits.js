// sprag names with no browser equivalent. Importing them works (so an app's other routes
// still run on the mock); using them raises NotImplementedError("[SPRAG mock] <name> needs a
// real SPRAG server (...)"), which an action answers with HTTP 501 and that message.

import * as $py from "../py/py.js";
import { syncfunction } from "./context.js";

function unavailable(name, why) {
  return () => {
    throw new $py.NotImplementedError(`[SPRAG mock] ${name} needs a real SPRAG server (${why}).`);
  };
}

const stub = (name, why) => syncfunction(name, { varargs: "args", varkw: "kwargs" }, unavailable(name, why));

const FLASK = "Flask routes are not available in the browser";
const SOCKETIO = "raw Socket.IO handlers are not available in the browser; use Controller.build_events";
const DISK = "the browser has no file system";

export const Router = stub("Router", FLASK);
export const route = stub("route", FLASK);
export const json_endpoint = stub("json_endpoint", FLASK);
export const expect_json = stub("expect_json", FLASK);
export const require_fields = stub("require_fields", FLASK);
export const Handler = stub("Handler", SOCKETIO);
export const SocketIngress = stub("SocketIngress", SOCKETIO);
export const load_markdown_document = stub("load_markdown_document", DISK);
export const load_markdown_tree = stub("load_markdown_tree", DISK);
export const ContentDocument = stub("ContentDocument", DISK);
export const create_store = stub("create_store", "Specter stores are not implemented by the mock; use store()");
export const create_cache = stub("create_cache", "Specter caches are not implemented by the mock");
export const Cache = stub("Cache", "Specter caches are not implemented by the mock");
export const Store = stub("Store", "Specter stores are not implemented by the mock; use store()");
export const ServiceManager = stub("ServiceManager", "the mock boots the app itself");
export const boot = stub("boot", "the mock boots the app itself");
