// Smoke test of the TypeScript types generated from lmsgate's live spec (openapi-typescript),
// through openapi-fetch: log in, site info, create and fetch a user, a typed 403 error.
import createClient from "openapi-fetch";
import type { paths, components } from "./generated/lmsgate";

const base = process.env.BASE!;
const password = process.env.LMSGATE_ADMIN_PASSWORD!;

async function login(username: string, pass: string, service: string): Promise<string> {
  const query = new URLSearchParams({ username, password: pass, service });
  const answer = (await (await fetch(`${base}/login/token.php?${query}`)).json()) as { token?: string };
  if (!answer.token) throw new Error(`login failed: ${JSON.stringify(answer)}`);
  return answer.token;
}

const client = (token: string) =>
  createClient<paths>({ baseUrl: `${base}/api/v1`, headers: { Authorization: `Bearer ${token}` } });

function check(ok: boolean, what: string): asserts ok {
  if (!ok) throw new Error(what);
}

const admin = client(await login("admin", password, "all_functions"));
const info = await admin.POST("/core_webservice_get_site_info", { body: {} });
check(info.data?.username === "admin", `site info: ${JSON.stringify(info.error)}`);

const username = `sdkts${process.pid}`;
const created = await admin.POST("/core_user_create_users", {
  body: { users: [{ username, password: "Sdk-pass-1", firstname: "Sdk", lastname: "Ts", email: `${username}@example.org` }] },
});
const id: number = created.data![0].id;
const found = await admin.POST("/core_user_get_users_by_field", { body: { field: "id", values: [String(id)] } });
check(found.data?.[0]?.username === username, `fetch user: ${JSON.stringify(found)}`);

const mobile = client(await login(username, "Sdk-pass-1", "moodle_mobile_app"));
const refused = await mobile.POST("/core_user_create_users", {
  body: { users: [{ username: "intruder", createpassword: true, firstname: "I", lastname: "N", email: "i@example.org" }] },
});
const error: components["schemas"]["ErrorBody"] | undefined = refused.error;
check(refused.response.status === 403 && error?.errorcode === "accessexception", `403: ${JSON.stringify(error)}`);

console.log(`typescript types: site ${info.data.sitename}, user ${id} created and fetched, 403 ${error.errorcode}`);
