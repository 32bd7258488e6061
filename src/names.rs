//! The one table of name translations between SPRAG Python and Ragot JavaScript.
//!
//! Mirrors the reference compiler's mapping tables (`sprag/dev/codegen/mappings.py`,
//! `sprag/runtime/attrs.py`, `sprag/runtime/stores.py`, `imports.py`) so a reader
//! finds every renaming rule in one place.

use std::borrow::Cow;

/// Framework names with a fixed JavaScript spelling (`on_start` -> `onStart`, `strip` -> `trim`).
const FIXED_NAMES: &[(&str, &str)] = &[
    ("on_start", "onStart"),
    ("on_stop", "onStop"),
    ("set_state", "setState"),
    ("set_state_sync", "setStateSync"),
    ("batch_state", "batchState"),
    ("watch_state", "watchState"),
    ("call_action", "callAction"),
    ("prevent_default", "preventDefault"),
    ("stop_propagation", "stopPropagation"),
    ("timeout", "timeout"),
    ("interval", "interval"),
    ("clear_timeout", "clearTimeout"),
    ("clear_interval", "clearInterval"),
    ("adopt", "adopt"),
    ("adopt_component", "adoptComponent"),
    ("add_cleanup", "addCleanup"),
    ("unmount", "unmount"),
    ("mount_before", "mountBefore"),
    ("on_socket", "onSocket"),
    ("off_socket", "offSocket"),
    ("emit_socket", "emitSocket"),
    ("create_selector", "createSelector"),
    ("create_state_store", "createStateStore"),
    ("query_selector", "querySelector"),
    ("query_selector_all", "querySelectorAll"),
    ("add_event_listener", "addEventListener"),
    ("remove_event_listener", "removeEventListener"),
    ("class_list", "classList"),
    ("inner_html", "innerHTML"),
    ("text_content", "textContent"),
    ("offset_height", "offsetHeight"),
    ("offset_width", "offsetWidth"),
    ("upper", "toUpperCase"),
    ("lower", "toLowerCase"),
    ("strip", "trim"),
    ("query_all", "queryAll"),
    ("animate_in", "animateIn"),
    ("animate_out", "animateOut"),
    ("batch_append", "batchAppend"),
    ("insert_before", "insertBefore"),
    ("create_icon", "createIcon"),
    ("clear_pool", "clearPool"),
];

/// Translate a Python attribute or method name to its JavaScript spelling.
///
/// Fixed framework names first; otherwise snake_case becomes camelCase, while names
/// starting with `_` or without an inner `_` pass through unchanged.
pub fn map_name(name: &str) -> Cow<'_, str> {
    // This runs for every attribute and name: one hash lookup instead of a table scan.
    static FIXED: std::sync::OnceLock<rustc_hash::FxHashMap<&'static str, &'static str>> = std::sync::OnceLock::new();
    if let Some(js) = FIXED.get_or_init(|| FIXED_NAMES.iter().copied().collect()).get(name) {
        return Cow::Borrowed(js);
    }
    if name.starts_with('_') || !name.contains('_') {
        return Cow::Borrowed(name);
    }
    let mut out = String::with_capacity(name.len());
    for (i, part) in name.split('_').enumerate() {
        if i == 0 {
            out.push_str(part);
            continue;
        }
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.push_str(chars.as_str());
        }
    }
    Cow::Owned(out)
}

/// `dom.X(...)` helper names that differ from the Python spelling.
const DOM_NAMES: &[(&str, &str)] = &[
    ("query", "$"),
    ("query_all", "$$"),
    ("animate_in", "animateIn"),
    ("animate_out", "animateOut"),
    ("batch_append", "batchAppend"),
    ("insert_before", "insertBefore"),
    ("create_icon", "createIcon"),
    ("clear_pool", "clearPool"),
];

/// The Ragot helper a `dom.X(...)` call lowers to (`dom.query` -> `$`).
pub fn dom_helper(name: &str) -> &str {
    DOM_NAMES.iter().find(|(py, _)| *py == name).map(|(_, js)| *js).unwrap_or(name)
}

/// HTML attribute name for a `ui.tag(...)` keyword (`class_` -> `class`, `data_role` -> `data-role`).
pub fn html_attr(key: &str) -> Cow<'_, str> {
    if key.starts_with("data_") || key.starts_with("aria_") {
        return Cow::Owned(key.replace('_', "-"));
    }
    if key.ends_with('_') && !key.starts_with('_') {
        return Cow::Borrowed(&key[..key.len() - 1]);
    }
    Cow::Borrowed(key)
}

/// JavaScript name of a store-bridge method (`get_state` -> `getState`), if `name` is one.
pub fn store_method(name: &str) -> Option<&'static str> {
    Some(match name {
        "get" => "get",
        "set" => "set",
        "patch" => "patch",
        "update" => "update",
        "delete" => "delete",
        "clear" => "clear",
        "reset" => "reset",
        "snapshot" => "snapshot",
        "get_state" => "getState",
        "subscribe" => "subscribe",
        "listen" => "listen",
        "select" => "select",
        _ => return None,
    })
}

/// Every name the Ragot runtime exports that compiled code may use unqualified.
/// Free identifiers with these names are imported from the Ragot module.
pub const RAGOT_EXPORTS: &[&str] = &[
    "$",
    "$$",
    "VirtualScroller",
    "animateIn",
    "animateOut",
    "append",
    "attr",
    "batchAppend",
    "bus",
    "clear",
    "clearPool",
    "createApp",
    "createIcon",
    "createInfiniteScroll",
    "createLazyLoader",
    "createSelector",
    "createStateStore",
    "css",
    "delegateEvent",
    "hide",
    "insertBefore",
    "morphDOM",
    "prepend",
    "ragotRegistry",
    "remove",
    "renderGrid",
    "renderList",
    "show",
    "toggle",
];

/// Ragot names the reference imports only when they appear as bare identifiers
/// (not just called): classes and singletons.
pub const RAGOT_IDENTIFIERS: &[&str] = &["bus", "ragotRegistry", "VirtualScroller"];

/// Is `name` something the Ragot runtime exports (and so may need importing)?
pub fn is_ragot_export(name: &str) -> bool {
    RAGOT_EXPORTS.binary_search(&name).is_ok()
}

/// SPRAG symbols that only exist on the server; a browser Module's file may not import them.
pub const SERVER_ONLY_SYMBOLS: &[&str] = &[
    "Cache",
    "Controller",
    "Handler",
    "ManagedProcess",
    "Model",
    "Operation",
    "OperationError",
    "QueueService",
    "Router",
    "Service",
    "ServiceManager",
    "SocketIngress",
    "Store",
    "Watcher",
    "WatcherError",
    "boot",
    "bus",
    "create_cache",
    "create_model",
    "create_store",
    "expect_json",
    "json_endpoint",
    "registry",
    "require_fields",
    "route",
    "start_process",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ragot_exports_sorted_for_binary_search() {
        let mut sorted = RAGOT_EXPORTS.to_vec();
        sorted.sort();
        assert_eq!(sorted, RAGOT_EXPORTS);
    }

    #[test]
    fn snake_to_camel() {
        assert_eq!(map_name("on_counter_change"), "onCounterChange");
        assert_eq!(map_name("strip"), "trim");
        assert_eq!(map_name("_private_name"), "_private_name");
        assert_eq!(map_name("ALL_CAPS"), "ALLCAPS");
        assert_eq!(map_name("trailing_"), "trailing");
        assert_eq!(map_name("a__b"), "aB");
    }

    #[test]
    fn attrs() {
        assert_eq!(html_attr("class_"), "class");
        assert_eq!(html_attr("data_role"), "data-role");
        assert_eq!(html_attr("aria_pressed"), "aria-pressed");
        assert_eq!(html_attr("tab_index"), "tab_index");
        assert_eq!(dom_helper("query"), "$");
    }
}
