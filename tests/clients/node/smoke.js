// mudrd8mz/node-moodle-client, unchanged, against lmsgate: log in through /login/token.php, call
// site info, create a user with nested array parameters, fetch it back, and get an error object
// for a bad token. Exits non-zero on any mismatch.
"use strict";
const moodle_client = require("moodle-client");
const assert = require("assert");

const wwwroot = process.env.LMSGATE_URL;
const password = process.env.LMSGATE_ADMIN_PASSWORD;
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

async function main() {
    const client = await moodle_client.init({ wwwroot, username: "admin", password, service: "all_functions", logger: quiet });
    assert.strictEqual(client.token.length, 32);

    const info = await client.call({ wsfunction: "core_webservice_get_site_info" });
    assert.strictEqual(info.username, "admin");

    const created = await client.call({
        wsfunction: "core_user_create_users",
        method: "POST",
        args: { users: [{ username: "nodeuser", password: "Node-pass1", firstname: "Node", lastname: "User",
                           email: "node@example.org", preferences: [{ type: "htmleditor", value: "atto" }] }] },
    });
    assert.strictEqual(created[0].username, "nodeuser");

    const found = await client.call({
        wsfunction: "core_user_get_users_by_field",
        args: { field: "id", values: [String(created[0].id)] },
    });
    assert.strictEqual(found[0].username, "nodeuser");
    assert.strictEqual(found[0].email, "node@example.org");

    const bad = await moodle_client.init({ wwwroot, token: "0123456789abcdef0123456789abcdef", logger: quiet });
    const error = await bad.call({ wsfunction: "core_webservice_get_site_info" });
    assert.strictEqual(error.errorcode, "invalidtoken");
    assert.strictEqual(error.exception, "core\\exception\\moodle_exception");

    let refused = null;
    await moodle_client.init({ wwwroot, username: "admin", password: "wrong", service: "all_functions", logger: quiet })
        .catch((e) => { refused = e; });
    assert.ok(refused && /Invalid login/.test(refused.message));
    console.log("node-moodle-client: 6 passed, 0 failed");
}

main().catch((e) => { console.error(e); process.exit(1); });
