// `from sprag import ...` for compiled server code: sprag's public surface (sprag.__all__ of
// spragkit 0.1.24) as the mock server implements it.
//
// Names with no browser equivalent (Flask routes, Socket.IO handlers, files on disk, Specter's
// Cache/Store) import fine and raise "[SPRAG mock] <name> needs a real SPRAG server" when used
// (server/limits.js). Not provided at all: Request, InMemorySessionStore, SessionPolicy.

export { Field, Schema } from "../server/schema.js";
export { HTTPError, Operation, OperationError, Outcome, Redirect, redirect, slugify } from "../server/outcome.js";
export { action, requires_auth } from "../server/actions.js";
export { Model, StoreBridge, create_model, declared_stores, store } from "../server/model.js";
export { AnonymousAuthService, Controller } from "../server/controller.js";
export { ManagedProcess, Service, socket_target, start_process } from "../server/service.js";
export { QueueService } from "../server/queue.js";
export { UploadedFile } from "../server/uploads.js";
export { Watcher, WatcherError } from "../server/watcher.js";
export { bus } from "../server/bus.js";
export { registry } from "../server/registry.js";
export { ui } from "../server/ui.js";
export {
  Component,
  Module,
  Screen,
  animate,
  browser,
  createSelector,
  createStateStore,
  debounce,
  dom,
  env,
  hydrate,
  imports,
  infinite_scroll,
  join_url,
  public_env,
  ref,
  ssr,
  throttle,
  virtual_scroll,
} from "../server/browser.js";
export { App, Mount, ModuleImport, Page, Script, Shell, module, mount, page, script, shell } from "../server/pages.js";

export {
  Cache,
  ContentDocument,
  Handler,
  Router,
  ServiceManager,
  SocketIngress,
  Store,
  boot,
  create_cache,
  create_store,
  expect_json,
  json_endpoint,
  load_markdown_document,
  load_markdown_tree,
  require_fields,
  route,
} from "../server/limits.js";

export const __version__ = "0.1.24";
