// Runs client.ts, the TypeScript client typed from openapi.yaml, against the Go sandbox
// (`make ts-sandbox`, scripts/ts-sandbox.sh): each segment type is created, read back, deleted and
// then not found; segments are listed with limit, order, filters and ids, and all of them read
// page by page; bad requests get the Error object. Exits non-zero on any surprise.
import {
  allSegments,
  createBodies,
  createSegment,
  deleteSegment,
  describeError,
  describeList,
  describeSegment,
  describeCustomerSegments,
  generateToken,
  getSegment,
  isVoucherifyError,
  listCustomerSegments,
  listSegments,
  rateLimitHeaderNames,
  SegmentsError,
  type ApiError,
  type Segment,
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
    const body = e instanceof SegmentsError ? e.body : undefined;
    const ok = e instanceof SegmentsError && e.status === status && body !== undefined && isVoucherifyError(body) &&
      body.code === status && body.key === key;
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

// ---- list: limit, order, filters, ids, and every page ----
// A failed list call is one failed check, so that the checks after it still run.
async function listChecks(): Promise<void> {
  const run = `ts-list-${Date.now()}`;
  const made: Segment[] = [];
  for (const [i, type] of (["static", "passive", "auto-update", "static", "passive", "static", "auto-update"] as const).entries()) {
    const body = type === "static"
      ? { name: `${run}-${i}`, type, customers: [`cust_${i}`] }
      : { name: `${run}-${i}`, type, filter: { junction: "and" as const, "metadata.run": { conditions: { $is: run } } } };
    made.push(await createSegment(baseUrl, creds, body));
  }
  const ours = { name: { conditions: { $starts_with: run } } };
  const byAge = [...made].sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id));
  const ids = (l: readonly Segment[]): string => l.map((s) => s.id).join(",");

  const oldest = await listSegments(baseUrl, creds, { limit: 3, order: "created_at", filters: ours });
  check(oldest.object === "list" && oldest.data_ref === "data" && oldest.total === made.length && oldest.data.length === 3,
    `list limit 3, oldest first: ${describeList(oldest)}`);
  check(oldest.data.every((s, i) => i === 0 || oldest.data[i - 1]!.created_at <= s.created_at), "list order=created_at: oldest first");
  const newest = await listSegments(baseUrl, creds, { limit: 100, order: "-created_at", filters: ours });
  check(newest.data.length === made.length && newest.data.every((s, i) => i === 0 || newest.data[i - 1]!.created_at >= s.created_at),
    `list order=-created_at: all ${made.length}, newest first`);
  const statics = await listSegments(baseUrl, creds, { filters: { ...ours, type: { conditions: { $in: ["static"] } } } });
  check(statics.total === 3 && statics.data.every((s) => s.type === "static"), `list filters[type][conditions][$in][0]=static: ${statics.total} static`);
  const exact = await listSegments(baseUrl, creds, { filters: { name: { conditions: { $is: `${run}-1` } } } });
  check(exact.total === 1 && exact.data[0]?.id === made[1]!.id, `list filters[name][conditions][$is]: ${exact.data[0]?.id}`);
  const later = await listSegments(baseUrl, creds, {
    order: "created_at",
    filters: { ...ours, created_at: { conditions: { $after: byAge[3]!.created_at } } },
  });
  const wantLater = made.filter((s) => s.created_at > byAge[3]!.created_at).length;
  check(later.total === wantLater && later.data.every((s) => s.created_at > byAge[3]!.created_at),
    `list filters[created_at][conditions][$after]: ${later.total} later, want ${wantLater}`);
  const picked = await listSegments(baseUrl, creds, { ids: [made[0]!.id, made[4]!.id], order: "created_at" });
  check(ids(picked.data) === ids([made[0]!, made[4]!].sort((a, b) => a.created_at.localeCompare(b.created_at))), `list ids: ${ids(picked.data)}`);
  const seen: Segment[] = [];
  for await (const s of allSegments(baseUrl, creds, { limit: 2, filters: ours })) seen.push(s);
  check(seen.length === made.length && new Set(seen.map((s) => s.id)).size === made.length &&
    seen.every((s, i) => i === 0 || seen[i - 1]!.created_at >= s.created_at),
    `all pages of 2: ${seen.length} segments, each once, newest first`);
  await expectError("list limit=101", 400, "invalid_payload", () => listSegments(baseUrl, creds, { limit: 101 }));
  for (const s of made) await deleteSegment(baseUrl, creds, s.id);
  const gone = await listSegments(baseUrl, creds, { filters: ours });
  check(gone.total === 0 && gone.data.length === 0, "list after deleting them: none");
}
try {
  await listChecks();
} catch (e) {
  check(false, `list: ${e instanceof Error ? e.message : String(e)}`);
}

// A body the types refuse, sent anyway (as a client without types could): the sandbox refuses it too.
const staticWithFilter = { name: "Static with a filter", type: "static", filter: { junction: "and" } } as unknown as CreateSegmentBody;
await expectError("create a static segment with a filter", 400, "invalid_payload", () => createSegment(baseUrl, creds, staticWithFilter));
// A body that is not JSON: the framework shape of Error, as the platform answers it.
{
  const res = await fetch(new URL("/v1/segments", baseUrl), {
    method: "POST",
    headers: { "X-App-Id": creds.appId, "X-App-Token": creds.appToken, "Content-Type": "application/json" },
    body: "{not json",
  });
  const body = (await res.json()) as ApiError;
  check(res.status === 400 && !isVoucherifyError(body) && body.statusCode === 400 && body.error === "Bad Request",
    `create with a body that is not JSON: ${res.status} ${describeError(body)}`);
}
// Every answer carries the rate-limit state (the guide: X-Rate-Limit-Type only when a limit applies).
{
  const res = await fetch(new URL("/v1/segments/seg_missing", baseUrl), {
    headers: { "X-App-Id": creds.appId, "X-App-Token": creds.appToken },
  });
  await res.text();
  const present = rateLimitHeaderNames.filter((h) => h !== "X-Rate-Limit-Type" && /^\d+$/.test(res.headers.get(h) ?? ""));
  check(present.length === 3, `a 404 answer carries ${present.join(", ") || "no rate-limit headers"}`);
}
await expectError("wrong credentials", 401, "unauthorized", () => getSegment(baseUrl, { appId: "x", appToken: "y" }, "seg_x"));

// ---- a token instead of the keys, and a customer's segments ----
async function tokenChecks(): Promise<void> {
  const customer = `cust_ts_${Date.now()}`;
  const first = await createSegment(baseUrl, creds, { name: "ts-customer-1", type: "static", customers: [customer, "cust_other"] });
  const second = await createSegment(baseUrl, creds, { name: "ts-customer-2", type: "static", customers: [customer] });
  const token = await generateToken(baseUrl, creds, ["customers", "segments"]);
  check(token.token_type === "Bearer" && token.expires_in > 0 && token.scope.split(" ").includes("customers"),
    `token: ${token.token_type}, ${token.expires_in} s, scope ${token.scope}`);
  const mine = await listCustomerSegments(baseUrl, token, customer);
  check(mine.total === 2 && mine.data.map((s) => s.id).join(",") === [second.id, first.id].join(","),
    `a customer's segments with the token: ${describeCustomerSegments(mine)}`);
  const none = await listCustomerSegments(baseUrl, creds, "cust_in_no_segment");
  check(none.total === 0 && none.data.length === 0, `a customer in no segment, with the keys: ${describeCustomerSegments(none)}`);
  check((await getSegment(baseUrl, token, first.id)).id === first.id, "get with the token");
  const narrow = await generateToken(baseUrl, creds, ["segments"]);
  await expectError("a customer's segments with a token of scope segments", 401, "unauthorized",
    () => listCustomerSegments(baseUrl, narrow, customer));
  await expectError("a token of an unknown scope", 400, "invalid_scope", () => generateToken(baseUrl, creds, ["vouchers"]));
  for (const s of [first, second]) await deleteSegment(baseUrl, creds, s.id);
}
try {
  await tokenChecks();
} catch (e) {
  check(false, `tokens: ${e instanceof Error ? e.message : String(e)}`);
}

console.log(failures === 0 ? "ts-sandbox: the TypeScript client works against the sandbox" : `ts-sandbox: ${failures} check(s) failed`);
process.exitCode = failures === 0 ? 0 : 1;
