// URL splitting as Python's urllib.parse does it, shared by join_url (browser.js) and the
// auth redirect of controller.js.

/** Python's urllib.parse.urlsplit, for the URLs the mock meets (join_url, auth redirects). */
export function urlsplit(url) {
  let rest = url;
  let scheme = "";
  const schemeMatch = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(rest);
  if (schemeMatch) {
    scheme = schemeMatch[1].toLowerCase();
    rest = rest.slice(schemeMatch[0].length);
  }
  let netloc = "";
  if (rest.startsWith("//")) {
    const end = rest.slice(2).search(/[/?#]/);
    netloc = end < 0 ? rest.slice(2) : rest.slice(2, 2 + end);
    rest = end < 0 ? "" : rest.slice(2 + end);
  }
  let fragment = "";
  const hash = rest.indexOf("#");
  if (hash >= 0) [rest, fragment] = [rest.slice(0, hash), rest.slice(hash + 1)];
  let query = "";
  const mark = rest.indexOf("?");
  if (mark >= 0) [rest, query] = [rest.slice(0, mark), rest.slice(mark + 1)];
  return { scheme, netloc, path: rest, query, fragment };
}

const USES_NETLOC = new Set(["http", "https", "ftp", "ws", "wss", "file"]);

/** Python's urllib.parse.urlunsplit. */
export function urlunsplit({ scheme, netloc, path, query, fragment }) {
  let url = path;
  if (netloc || (USES_NETLOC.has(scheme) && !url.startsWith("//"))) {
    if (url && !url.startsWith("/")) url = `/${url}`;
    url = `//${netloc}${url}`;
  }
  if (scheme) url = `${scheme}:${url}`;
  if (query) url = `${url}?${query}`;
  if (fragment) url = `${url}#${fragment}`;
  return url;
}
