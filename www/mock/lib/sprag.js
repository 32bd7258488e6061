// `from sprag import ...` for compiled server code: the names of sprag's public surface
// (sprag.__all__ of spragkit 0.1.24) that the mock server implements so far.
//
// TODO, sprag names not implemented yet (server side, to come with the Controller/Service
// layer): App, Controller, Service, QueueService, registry, bus, Request, UploadedFile,
// AnonymousAuthService, InMemorySessionStore, SessionPolicy, socket_target, Watcher,
// WatcherError, Cache, Store, create_cache, create_store, ServiceManager, boot, Handler,
// SocketIngress, ManagedProcess, start_process, Router, route, json_endpoint, expect_json,
// require_fields, env, public_env, page, mount, Page, Mount, shell, Shell, module, script,
// ModuleImport, Script, join_url, ContentDocument, load_markdown_document, load_markdown_tree.
// Browser-authoring names (Component, Module, Screen, ui, dom, hydrate, ssr, ...) are never
// imported by server code and are not provided here.

export { Field, Schema } from "../server/schema.js";
export { HTTPError, Operation, OperationError, Outcome, Redirect, redirect, slugify } from "../server/outcome.js";
export { action, requires_auth } from "../server/actions.js";
export { Model, StoreBridge, create_model, declared_stores, store } from "../server/model.js";

export const __version__ = "0.1.24";
