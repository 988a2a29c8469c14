// Proof that openapi.yaml makes a usable client in a second language.
//
// `make ts-check` generates ./schema.d.ts from openapi.yaml with openapi-typescript and compiles
// this file with `tsc --strict --noEmit`. Every type below comes from the generated file, so a
// change to the contract that breaks what a TypeScript team writes against it fails the build:
// the create bodies must still type-check, the fields read from a Segment and an Error must still
// exist with these types, and each `@ts-expect-error` line must still be an error (tsc fails on an
// unused `@ts-expect-error`), which proves the types reject what the API rejects.
import type { components, operations } from "./schema";

type Schemas = components["schemas"];

// The request and response types, taken from the operations as a generated client would.
export type CreateSegmentBody =
  operations["create-segment"]["requestBody"]["content"]["application/json"];
export type Segment =
  operations["get-segment"]["responses"][200]["content"]["application/json"];
export type CreatedSegment =
  operations["create-segment"]["responses"][200]["content"]["application/json"];
export type ApiError =
  operations["get-segment"]["responses"][404]["content"]["application/json"];
export type RateLimited =
  operations["create-segment"]["responses"][429]["content"]["application/json"];

export type ListQuery = NonNullable<operations["list-segment"]["parameters"]["query"]>;
export type ListFilters = NonNullable<ListQuery["filters"]>;
export type SegmentList =
  operations["list-segment"]["responses"][200]["content"]["application/json"];

// The operation types and the component schemas must be the same types.
export const sameSegment = (s: CreatedSegment): Schemas["Segment"] => s;
export const sameListed = (l: SegmentList): Schemas["Segment"][] => l.data;
export const sameError = (e: RateLimited): Schemas["Error"] => e;
export const sameBody = (b: CreateSegmentBody): Schemas["CreateSegmentRequest"] => b;

// ---- Create requests: one for each segment type -------------------------------------------------

export const staticBody: Schemas["StaticSegmentCreate"] = {
  name: "Customers in a new Segment",
  type: "static",
  customers: ["cust_iajsExT2QB4sGWzABY85WRqV", "cust_sehkNIi8Uq2qQuRqSr7xn4Zi"],
};

export const autoUpdateBody: Schemas["FilteredSegmentCreate"] = {
  name: "Customers in a new Dynamic Segment",
  type: "auto-update",
  filter: {
    junction: "and",
    created_at: { conditions: { $after: ["2021-12-01T00:00:00.000Z"] } },
    birthdate: { conditions: { $next_month: [true] } },
    "address.country": { conditions: { $is: "Poland" } },
  },
};

export const passiveBody: Schemas["FilteredSegmentCreate"] = {
  name: "Gold and Silver club members",
  type: "passive",
  filter: {
    junction: "or",
    "metadata.club_level": { conditions: { $in: ["Gold", "Silver"] } },
    "loyalty_points.campaigns.Tiers 2.points": { conditions: { $more_than_equal: [41] } },
  },
};

// Keyed by SegmentType: a segment type added to the contract without a create shape here (or one
// that no longer fits the request body) fails the build.
export const createBodies: { [T in Schemas["SegmentType"]]: CreateSegmentBody & { type: T } } = {
  static: staticBody,
  "auto-update": { ...autoUpdateBody, type: "auto-update" },
  passive: { ...passiveBody, type: "passive" },
};

// ---- What the types must reject -----------------------------------------------------------------

export const rejected: CreateSegmentBody[] = [
  // @ts-expect-error a static segment lists customers; it has no filter
  { name: "Static with a filter", type: "static", filter: { junction: "and" } },
  // @ts-expect-error "dynamic" is not a segment type (auto-update and passive are)
  { name: "Dynamic", type: "dynamic", filter: { junction: "and" } },
  // @ts-expect-error an auto-update or passive segment needs a filter
  { name: "No filter", type: "passive" },
  // @ts-expect-error the name is required
  { type: "static", customers: [] },
  // @ts-expect-error customers are customer IDs (strings)
  { name: "Numbers", type: "static", customers: [1, 2] },
  {
    name: "Upper-case junction",
    type: "auto-update",
    // @ts-expect-error junction is lower-case (the official JS v2 SDK types it as "AND" | "OR")
    filter: { junction: "AND" },
  },
  {
    name: "No conditions",
    type: "auto-update",
    // @ts-expect-error each field path holds {conditions: {...}}
    filter: { junction: "and", created_at: { $after: ["2021-12-01T00:00:00.000Z"] } },
  },
];

// ---- Rate-limit headers, on every answer ---------------------------------------------------------

// The contract declares them on every response; a response without them fails the build here.
export type RateLimitHeaders = Pick<
  operations["list-segment"]["responses"][200]["headers"] &
    operations["create-segment"]["responses"][200]["headers"] &
    operations["get-segment"]["responses"][404]["headers"] &
    operations["delete-segment"]["responses"][204]["headers"] &
    operations["create-segment"]["responses"][429]["headers"] &
    operations["list-customer-segments"]["responses"][200]["headers"] &
    operations["generate-oauth-token"]["responses"][200]["headers"] &
    operations["generate-oauth-token"]["responses"][400]["headers"] &
    operations["generate-oauth-token"]["responses"][401]["headers"],
  "X-Rate-Limit-Limit" | "X-Rate-Limit-Remaining" | "X-Rate-Limit-Retry" | "X-Rate-Limit-Type"
>;
export const rateLimitHeaderNames: readonly (keyof RateLimitHeaders)[] = [
  "X-Rate-Limit-Limit",
  "X-Rate-Limit-Remaining",
  "X-Rate-Limit-Retry",
  "X-Rate-Limit-Type",
];
export const numericRateLimit: RateLimitHeaders["X-Rate-Limit-Remaining"] = 99;

// ---- List queries --------------------------------------------------------------------------------

// One page of the newest VIP segments of two types created this year, and the same by ID.
export const vipQuery: ListQuery = {
  limit: 50,
  order: "-created_at",
  filters: {
    junction: "and",
    name: { conditions: { $starts_with: "VIP" } },
    type: { conditions: { $in: ["static", "passive"] } },
    created_at: { conditions: { $after: "2026-01-01T00:00:00.000Z" } },
  },
};
export const byIdsQuery: ListQuery = { ids: ["seg_5ix74s3gM3N7", "seg_fi47Ds3gM3N7"], order: "created_at" };

export const rejectedQueries: ListQuery[] = [
  // @ts-expect-error order is created_at or -created_at
  { order: "name" },
  // @ts-expect-error limit is a number
  { limit: "10" },
  // @ts-expect-error a type condition takes segment types
  { filters: { type: { conditions: { $is: "dynamic" } } } },
  // @ts-expect-error each filtered field holds {conditions: {...}}
  { filters: { name: { $is: "VIP" } } },
  // @ts-expect-error only id, name, type and created_at can be filtered
  { filters: { colour: { conditions: { $is: "red" } } } },
  // @ts-expect-error junction is lower-case
  { filters: { junction: "AND" } },
  // @ts-expect-error a date-time condition takes an ISO 8601 string, not a number of milliseconds
  { filters: { created_at: { conditions: { $before: 1767225600000 } } } },
];

// listQueryString encodes a query as the API reads it: `limit` and `order` as they are, `ids` once
// per ID (form, exploded), `filters` as a deep object (`filters[name][conditions][$is]=VIP`, array
// operands by index: `filters[id][conditions][$not_in][0]=seg_1`).
export function listQueryString(query: ListQuery): string {
  const params = new URLSearchParams();
  if (query.limit !== undefined) params.append("limit", String(query.limit));
  if (query.order !== undefined) params.append("order", query.order);
  for (const id of query.ids ?? []) params.append("ids", id);
  const deep = (key: string, value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach((v, i) => deep(`${key}[${i}]`, v));
    } else if (value !== null && typeof value === "object") {
      for (const [k, v] of Object.entries(value)) deep(`${key}[${k}]`, v);
    } else if (value !== undefined) {
      params.append(key, String(value));
    }
  };
  if (query.filters !== undefined) deep("filters", query.filters);
  return params.toString();
}

export function describeList(l: SegmentList): string {
  const object: "list" = l.object;
  const dataRef: "data" = l.data_ref;
  const total: number = l.total;
  const first: Segment | undefined = l.data[0];
  // @ts-expect-error the array is `data` (upstream's schema calls it `segments`; its example says `data`)
  const upstreamName: unknown = l.segments;
  void upstreamName;
  return `${object} of ${l.data.length} of ${total} (${dataRef})${first ? `, first ${first.id}` : ""}`;
}

// ---- Reading a Segment and an Error -------------------------------------------------------------

export function describeSegment(s: Segment): string {
  const id: string = s.id;
  const name: string = s.name;
  const createdAt: Date = new Date(s.created_at);
  const object: "segment" = s.object;

  // updated_at is nullable and may be absent.
  const updatedAt: string | null | undefined = s.updated_at;
  // @ts-expect-error updated_at may be null or absent: it is not a plain string
  const updatedAtString: string = s.updated_at;

  // filter is null for a static segment.
  // @ts-expect-error filter may be null
  const filterObject: Record<string, unknown> = s.filter;
  const filterKeys = s.filter === null ? [] : Object.keys(s.filter);

  let kind: string;
  switch (s.type) {
    case "static":
      kind = "static list";
      break;
    case "auto-update":
      kind = "filter, with entered/left events";
      break;
    case "passive":
      kind = "filter, without events";
      break;
    default: {
      // A new segment type in the contract makes this assignment fail.
      const unknownType: never = s.type;
      return unknownType;
    }
  }
  void updatedAtString;
  void filterObject;
  return `${object} ${id} "${name}" (${kind}, ${filterKeys.length} filter keys), created ${createdAt.toISOString()}, updated ${updatedAt ?? "never"}`;
}

// An Error body comes in two shapes: the Voucherify object (`code`, `key`, `error` as an object) and
// the framework object of failures caught before the API (`statusCode`, `error` as a string).
export type VoucherifyError = Schemas["VoucherifyError"];
export type FrameworkError = Schemas["FrameworkError"];
export const isVoucherifyError = (e: ApiError): e is VoucherifyError => "code" in e;

// The official example bodies of both shapes type-check as an Error.
export const errorShapes: ApiError[] = [
  { code: 404, key: "not_found", message: "Resource not found", details: "Cannot find segment with id seg_x", resource_id: "seg_x", resource_type: "segment" },
  { statusCode: 413, error: "Request Entity Too Large", message: "Payload content length greater than maximum allowed: 10485760" },
  { statusCode: 400, error: "Bad Request", message: "Invalid request payload JSON format" },
  // @ts-expect-error in the framework shape `error` is a string
  { statusCode: 400, error: { message: "Bad Request" }, message: "Invalid request payload JSON format" },
  // @ts-expect-error in the Voucherify shape `error` is an object
  { code: 400, error: "Bad Request", message: "Invalid payload" },
];

export function describeError(e: ApiError): string {
  const message: string = e.message;
  if (!isVoucherifyError(e)) {
    const status: number = e.statusCode;
    const reason: string = e.error;
    return `${status} ${reason}: ${message}`;
  }
  const code: number = e.code;
  const requestId: string | undefined = e.request_id;
  // @ts-expect-error request_id is optional: only code and message are guaranteed
  const requestIdString: string = e.request_id;
  // @ts-expect-error code is the HTTP status as a number
  const codeString: string = e.code;
  const details: string | undefined = e.details;
  const resource = e.resource_id === undefined ? "" : ` ${e.resource_type ?? "resource"} ${e.resource_id}`;
  const rule: string | undefined = e.error?.message;
  void requestIdString;
  void codeString;
  return `${code} ${e.key ?? "error"}: ${message}${details ? ` (${details})` : ""}${resource}${rule ? ` [${rule}]` : ""}${requestId ? ` request ${requestId}` : ""}`;
}

// ---- OAuth 2.0 tokens (generate-oauth-token) -----------------------------------------------------

export type TokenRequest =
  operations["generate-oauth-token"]["requestBody"]["content"]["application/x-www-form-urlencoded"];
export type OAuthToken =
  operations["generate-oauth-token"]["responses"][200]["content"]["application/json"];
export type TokenRefused =
  operations["generate-oauth-token"]["responses"][400]["content"]["application/json"];
export const sameTokenRequest = (r: TokenRequest): Schemas["OAuthTokenRequest"] => r;
export const sameToken = (t: OAuthToken): Schemas["OAuthToken"] => t;
export const sameTokenError = (e: TokenRefused): Schemas["Error"] => e;

// tokenForm builds the body of a token request: a form (not JSON) whose scopes are one string,
// separated by spaces (URLSearchParams writes each space as `+`), never by commas.
export function tokenForm(scopes: readonly string[]): URLSearchParams {
  const body: TokenRequest = { grant_type: "client_credentials", scope: scopes.join(" ") };
  return new URLSearchParams(body);
}

export const rejectedTokenRequests: TokenRequest[] = [
  // @ts-expect-error the only grant type is client_credentials
  { grant_type: "password", scope: "segments" },
  // @ts-expect-error the grant type is lower-case
  { grant_type: "CLIENT_CREDENTIALS", scope: "segments" },
  // @ts-expect-error the scope is required
  { grant_type: "client_credentials" },
  // @ts-expect-error the scopes are one space-separated string, not an array
  { grant_type: "client_credentials", scope: ["segments", "customers"] },
];

// The official example bodies of the answer and of both 400s type-check.
export const officialToken: OAuthToken = {
  access_token: "1ABCde2FGHijKl3m4NO5pqR6STUv7wxYzAbc8dE90FgH1IJkLm",
  client_id: "a1Bcdefg2HI3Jkl4m5nOP",
  expires_at: 1738945086,
  expires_in: 900,
  scope: "api",
  token_type: "Bearer",
};
export const tokenErrors: TokenRefused[] = [
  { code: 400, key: "invalid_scope", message: "Invalid scope: vouchers,campaigns" },
  { code: 400, key: "invalid_grant_type", message: "Invalid grant_type" },
];

export const rejectedTokens: OAuthToken[] = [
  // @ts-expect-error the token type is Bearer
  { ...officialToken, token_type: "MAC" },
  // @ts-expect-error the token type is spelt Bearer
  { ...officialToken, token_type: "bearer" },
  // @ts-expect-error expires_at is Unix time in seconds (a number), not a date string
  { ...officialToken, expires_at: "2025-02-07T16:18:06Z" },
  // @ts-expect-error every field of the answer is present: no expires_in
  { access_token: "t", client_id: "c", expires_at: 1738945086, scope: "api", token_type: "Bearer" },
];

// describeToken reads every field of a token but the token itself, which is never printed.
export function describeToken(t: OAuthToken): string {
  const type: "Bearer" = t.token_type;
  const expiresAt = new Date(t.expires_at * 1000);
  const lifetime: number = t.expires_in;
  const scopes: string[] = t.scope.split(" ");
  const clientId: string = t.client_id;
  return `${type} token of ${clientId} for ${scopes.join(", ")}: ${lifetime} s left, until ${expiresAt.toISOString()}`;
}

// The Authorization header of a request made with the token instead of the two keys.
export const authorization = (t: OAuthToken): string => `${t.token_type} ${t.access_token}`;

// ---- A customer's segments (list-customer-segments) ---------------------------------------------

export type CustomerSegmentList =
  operations["list-customer-segments"]["responses"][200]["content"]["application/json"];
export type SegmentRef = CustomerSegmentList["data"][number];
export const sameCustomerSegments = (l: CustomerSegmentList): Schemas["CustomerSegmentList"] => l;
export const sameSegmentRef = (r: SegmentRef): Schemas["SegmentRef"] => r;

export function describeCustomerSegments(l: CustomerSegmentList): string {
  const object: "list" = l.object;
  const dataRef: "data" = l.data_ref;
  const total: number = l.total;
  const refs = l.data.map((s: SegmentRef) => {
    const kind: "segment" = s.object;
    return `${kind} ${s.id} "${s.name}"`;
  });
  // @ts-expect-error a customer's segment is named by ID and name only: read the segment for its type
  const type: unknown = l.data[0]?.type;
  void type;
  return `${object} of ${total} (${dataRef}): ${refs.join(", ")}`;
}

export const rejectedCustomerSegmentLists: CustomerSegmentList[] = [
  // @ts-expect-error object is always "list"
  { object: "segments", data_ref: "data", data: [], total: 0 },
  // @ts-expect-error each segment says it is a segment (object: "segment")
  { object: "list", data_ref: "data", data: [{ id: "seg_1", name: "VIP" }], total: 1 },
  // @ts-expect-error total is a number
  { object: "list", data_ref: "data", data: [], total: "0" },
];

// ---- A minimal client over fetch, typed by the operations ---------------------------------------

export interface Credentials {
  appId: string;
  appToken: string;
}

// Every operation but the token request takes either the two keys or a token whose scope covers it.
export type Auth = Credentials | OAuthToken;

const authHeaders = (auth: Auth): Record<string, string> =>
  "access_token" in auth
    ? { Authorization: authorization(auth) }
    : { "X-App-Id": auth.appId, "X-App-Token": auth.appToken };

export class SegmentsError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiError | undefined,
  ) {
    super(body ? describeError(body) : `Unexpected status code: ${status}`);
  }
}

async function call<T>(
  baseUrl: string,
  auth: Auth,
  method: "GET" | "POST" | "DELETE",
  path: string,
  body?: CreateSegmentBody | URLSearchParams,
): Promise<T | undefined> {
  const headers: Record<string, string> = { ...authHeaders(auth), Accept: "application/json" };
  const init: RequestInit = { method, headers };
  if (body instanceof URLSearchParams) {
    headers["Content-Type"] = "application/x-www-form-urlencoded";
    init.body = body.toString();
  } else if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const res = await fetch(new URL(path, baseUrl), init);
  if (res.status === 204) {
    return undefined;
  }
  const text = await res.text();
  if (!res.ok) {
    let parsed: ApiError | undefined;
    try {
      parsed = JSON.parse(text) as ApiError; // a proxy may answer with HTML instead
    } catch {
      parsed = undefined;
    }
    throw new SegmentsError(res.status, parsed);
  }
  return JSON.parse(text) as T;
}

const segmentPath = (id: operations["get-segment"]["parameters"]["path"]["segmentId"]): string =>
  `/v1/segments/${encodeURIComponent(id)}`;

export async function createSegment(
  baseUrl: string,
  creds: Credentials,
  body: CreateSegmentBody,
): Promise<CreatedSegment> {
  const s = await call<CreatedSegment>(baseUrl, creds, "POST", "/v1/segments", body);
  if (s === undefined) throw new SegmentsError(204, undefined);
  return s;
}

export async function getSegment(baseUrl: string, auth: Auth, id: string): Promise<Segment> {
  const s = await call<Segment>(baseUrl, auth, "GET", segmentPath(id));
  if (s === undefined) throw new SegmentsError(204, undefined);
  return s;
}

export async function listSegments(baseUrl: string, creds: Credentials, query: ListQuery = {}): Promise<SegmentList> {
  const qs = listQueryString(query);
  const l = await call<SegmentList>(baseUrl, creds, "GET", qs === "" ? "/v1/segments" : `/v1/segments?${qs}`);
  if (l === undefined) throw new SegmentsError(204, undefined);
  return l;
}

// allSegments yields every segment matching query, newest first, paging by created_at as the
// contract describes: the next page is the segments created before the last one seen, or at the
// same millisecond but not yet seen (several segments can share one millisecond). It sets the
// created_at and id conditions itself, so query's own filters must not use them nor junction "or".
export async function* allSegments(
  baseUrl: string,
  creds: Credentials,
  query: Omit<ListQuery, "order"> = {},
): AsyncGenerator<Segment> {
  const filters: ListFilters = { ...query.filters };
  for (;;) {
    const page = await listSegments(baseUrl, creds, { ...query, order: "-created_at", filters });
    for (const s of page.data) yield s;
    const last = page.data[page.data.length - 1];
    if (last === undefined || page.data.length < (query.limit ?? 10)) return;
    const atLast = page.data.filter((s) => s.created_at === last.created_at).map((s) => s.id);
    const sameInstant = filters.created_at?.conditions?.$before === new Date(Date.parse(last.created_at) + 1).toISOString()
      ? (filters.id?.conditions?.$not_in ?? [])
      : [];
    filters.created_at = { conditions: { $before: new Date(Date.parse(last.created_at) + 1).toISOString() } };
    filters.id = { conditions: { $not_in: [...sameInstant, ...atLast] } };
  }
}

export async function deleteSegment(baseUrl: string, creds: Credentials, id: string): Promise<void> {
  await call<never>(baseUrl, creds, "DELETE", segmentPath(id));
}

// generateToken asks for a token with the two keys (the only credentials this operation takes).
export async function generateToken(baseUrl: string, creds: Credentials, scopes: readonly string[]): Promise<OAuthToken> {
  const t = await call<OAuthToken>(baseUrl, creds, "POST", "/v1/oauth/token", tokenForm(scopes));
  if (t === undefined) throw new SegmentsError(204, undefined);
  return t;
}

const customerSegmentsPath = (id: operations["list-customer-segments"]["parameters"]["path"]["customerId"]): string =>
  `/v1/customers/${encodeURIComponent(id)}/segments`;

// listCustomerSegments lists the segments of a customer, by Voucherify's ID or the source ID,
// with the two keys or a token of scope customers (or api).
export async function listCustomerSegments(baseUrl: string, auth: Auth, customerId: string): Promise<CustomerSegmentList> {
  const l = await call<CustomerSegmentList>(baseUrl, auth, "GET", customerSegmentsPath(customerId));
  if (l === undefined) throw new SegmentsError(204, undefined);
  return l;
}
