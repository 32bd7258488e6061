// Honest limits: server features with no browser equivalent fail in SPRAG's normal error
// envelope, HTTP 501, with a message that names the feature, so the demo's own error display
// (actionErrorMessage) shows it. The probe app is compiled by spragc's server target.
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";

import { bootCompiledApp, ROOT } from "./compiled_app.mjs";
import { encodeMultipart } from "../../www/mock/server/uploads.js";

const APP = join(ROOT, "tests", "mock", "limits_app");

test("features the browser cannot provide answer 501 with a message naming them", async () => {
  const server = await bootCompiledApp(APP);
  try {
    const call = async (action) => {
      const response = await server.request({ method: "POST", path: "/__sprag__/actions", headers: { "content-type": "application/json" }, body: JSON.stringify({ route: "/tools", action, payload: {} }) });
      return { status: response.status, body: JSON.parse(response.body) };
    };
    for (const [action, feature] of [["run_process", "ManagedProcess"], ["managed", "ManagedProcess"], ["flask_route", "Router"], ["specter_store", "create_store"]]) {
      const { status, body } = await call(action);
      assert.equal(status, 501, `${action}: ${JSON.stringify(body)}`);
      assert.equal(body.ok, false);
      assert.match(body.error, new RegExp(`^\\[SPRAG mock\\] ${feature} needs a real SPRAG server`));
      assert.deepEqual(Object.keys(body).sort(), ["action", "error", "ok", "route"]);
    }
    // UploadedFile.save: the upload arrives, saving it is what the browser cannot do.
    const form = encodeMultipart([
      ["__sprag_route", "/tools"],
      ["__sprag_action", "save_upload"],
      ["__sprag_payload", "{}"],
      ["asset", { filename: "a.txt", type: "text/plain", data: new TextEncoder().encode("hello") }],
    ]);
    const upload = await server.request({ method: "POST", path: "/__sprag__/uploads", headers: { "content-type": form.contentType }, body: form.body });
    const uploadBody = JSON.parse(upload.body);
    assert.equal(upload.status, 501, upload.body);
    assert.match(uploadBody.error, /^\[SPRAG mock\] UploadedFile\.save needs a real SPRAG server/);
    // An ordinary failure is still the real server's 500 "<Exc>: <message>".
    const { status, body } = await call("nope");
    assert.equal(status, 404);
    assert.equal(body.error, "Unknown action 'nope' for route '/tools'.");
  } finally {
    await server.close();
  }
});
