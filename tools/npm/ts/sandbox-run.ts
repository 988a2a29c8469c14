// Runs client.ts, the TypeScript client typed from openapi.yaml, against the Go sandbox
// (`make ts-sandbox`, scripts/ts-sandbox.sh): each segment type is created, read back, deleted and
// then not found, and two bad requests get the Error object. Exits non-zero on any surprise.
import {
  createBodies,
  createSegment,
  deleteSegment,
  describeSegment,
  getSegment,
  SegmentsError,
  type CreateSegmentBody,
  type Credentials,
} from "./client.js";

// Only what this script uses of Node's globals (the project installs no @types/node).
declare const process: { env: Record<string, string | undefined>; exitCode?: number };

const baseUrl = process.env["SANDBOX_URL"] ?? "http://127.0.0.1:8080";
const creds: Credentials = {
  appId: process.env["VOUCHERIFY_APP_ID"] ?? "",
  appToken: process.env["VOUCHERIFY_SECRET_KEY"] ?? "",
};

let failures = 0;
function check(ok: boolean, what: string): void {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) failures++;
}

async function expectError(what: string, status: number, key: string, call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
    check(false, `${what}: succeeded, want ${status} ${key}`);
  } catch (e) {
    const ok = e instanceof SegmentsError && e.status === status && e.body?.code === status && e.body.key === key;
    check(ok, `${what}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

for (const [type, body] of Object.entries(createBodies)) {
  const created = await createSegment(baseUrl, creds, body);
  check(created.type === type && created.name === body.name && created.object === "segment" && created.id.startsWith("seg_"),
    `create ${type}: ${created.id}`);
  check((created.filter === null) === (type === "static"), `create ${type}: filter is null only for a static segment`);
  const got = await getSegment(baseUrl, creds, created.id);
  check(got.id === created.id && got.created_at === created.created_at, `get ${type}: ${describeSegment(got)}`);
  await deleteSegment(baseUrl, creds, created.id);
  check(true, `delete ${type}`);
  await expectError(`get ${type} after delete`, 404, "not_found", () => getSegment(baseUrl, creds, created.id));
}

// A body the types refuse, sent anyway (as a client without types could): the sandbox refuses it too.
const staticWithFilter = { name: "Static with a filter", type: "static", filter: { junction: "and" } } as unknown as CreateSegmentBody;
await expectError("create a static segment with a filter", 400, "invalid_payload", () => createSegment(baseUrl, creds, staticWithFilter));
await expectError("wrong credentials", 401, "unauthorized", () => getSegment(baseUrl, { appId: "x", appToken: "y" }, "seg_x"));

console.log(failures === 0 ? "ts-sandbox: the TypeScript client works against the sandbox" : `ts-sandbox: ${failures} check(s) failed`);
process.exitCode = failures === 0 ? 0 : 1;
