'use strict';
// Wire compatibility of the sandbox with Voucherify's official JS SDK (@voucherify/sdk):
// the SDK must create, get and delete segments against `segments serve`, and see the
// errors it would see from the real API.
//
//   npm ci && node --test                 # starts `go run ./cmd/segments serve`
//   SANDBOX_CMD="/path/to/segments serve --addr 127.0.0.1:0" node --test

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { VoucherifyServerSide } = require('@voucherify/sdk');
const { startSandbox } = require('./harness');

const fixtures = path.resolve(__dirname, '..', '..', 'testdata', 'official');
const fixture = (name) => JSON.parse(fs.readFileSync(path.join(fixtures, name), 'utf8'));

const SEGMENT_ID = /^seg_[A-Za-z0-9]{24}$/;
const CREATED_AT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const REQUEST_ID = /^v-[0-9a-f]{18}$/;

const appId = crypto.randomUUID();
const secretKey = crypto.randomUUID();
let sandbox;
let client;

before(async () => {
  sandbox = await startSandbox({ appId, secretKey });
  client = VoucherifyServerSide({ applicationId: appId, secretKey, apiUrl: sandbox.url });
});

after(async () => {
  if (!sandbox) return;
  const code = await sandbox.stop();
  // The command shuts down cleanly on SIGTERM. Under `go run` the signal also reaches
  // the go tool, which then reports the signal instead of the exit code.
  if (process.env.SANDBOX_CMD) {
    assert.equal(code, 0, `the sandbox did not exit cleanly:\n${sandbox.output()}`);
  }
  assert.doesNotMatch(sandbox.output(), new RegExp(secretKey), 'the sandbox printed the secret key');
});

// rejection runs fn, which must fail with a VoucherifyError (the SDK's error for any
// answer with an HTTP status, built from the error body), and returns the error. The
// class is not exported: it is recognised by the fields it always sets.
async function rejection(fn) {
  try {
    await fn();
  } catch (err) {
    assert.ok(err instanceof Error, `not an Error: ${err}`);
    assert.ok(Object.hasOwn(err, 'related_object_ids') && Object.hasOwn(err, 'resource_type'),
      `not a VoucherifyError (no HTTP answer?): ${err.stack}`);
    return err;
  }
  assert.fail('the call succeeded');
}

function customers(n) {
  return Array.from({ length: n }, (_, i) => `cust_${String(i).padStart(24, '0')}`);
}

test('create, get and delete a static segment, then 404', async () => {
  const body = fixture('create-static-segment.request.json');
  const created = await client.segments.create(body);
  assert.match(created.id, SEGMENT_ID);
  assert.match(created.created_at, CREATED_AT);
  assert.deepEqual(
    { ...created, id: undefined, created_at: undefined },
    { id: undefined, name: body.name, created_at: undefined, updated_at: null, type: 'static', filter: null, object: 'segment' },
  );
  assert.ok(Math.abs(Date.parse(created.created_at) - Date.now()) < 60_000, 'created_at is not now');

  assert.deepEqual(await client.segments.get(created.id), created);

  await client.segments.delete(created.id);

  for (const call of [() => client.segments.get(created.id), () => client.segments.delete(created.id)]) {
    const err = await rejection(call);
    assert.equal(err.code, 404);
    assert.equal(err.key, 'not_found');
    assert.equal(err.message, 'Resource not found');
    assert.equal(err.details, `Cannot find segment with id ${created.id}`);
    assert.equal(err.resource_id, created.id);
    assert.equal(err.resource_type, 'segment');
    assert.match(err.request_id, REQUEST_ID);
  }
});

test('a static segment holds 20,000 customers, not 20,001', async () => {
  const full = await client.segments.create({ name: 'Exactly at the cap', type: 'static', customers: customers(20000) });
  assert.match(full.id, SEGMENT_ID);

  const err = await rejection(() => client.segments.create({ name: 'Over the cap', type: 'static', customers: customers(20001) }));
  assert.equal(err.code, 400);
  assert.equal(err.key, 'invalid_payload');
  assert.equal(err.message, 'Invalid payload');
  assert.match(err.details, /20000/);
  assert.match(err.request_id, REQUEST_ID);
});

test('wrong or missing credentials are refused with 401', async () => {
  const clients = [
    VoucherifyServerSide({ applicationId: appId, secretKey: crypto.randomUUID(), apiUrl: sandbox.url }),
    VoucherifyServerSide({ applicationId: crypto.randomUUID(), secretKey, apiUrl: sandbox.url }),
    VoucherifyServerSide({ applicationId: appId, secretKey: '', apiUrl: sandbox.url }),
  ];
  for (const bad of clients) {
    const err = await rejection(() => bad.segments.create(fixture('create-static-segment.request.json')));
    assert.equal(err.code, 401);
    assert.equal(err.key, 'unauthorized');
    assert.equal(err.message, 'Unauthorized');
  }
  const err = await rejection(() => clients[0].segments.get('seg_DNAOhUtJffvX0f57ajLMFBYR'));
  assert.equal(err.code, 401);
});

test('auto-update and passive segments keep their filter', async () => {
  const requests = [
    fixture('create-auto-update-segment.request.json'),
    fixture('create-auto-update-segment-birthday-next-month.request.json'),
    {
      name: 'Tiers 2 - Senior',
      type: 'passive',
      filter: { junction: 'or', 'loyalty_points.campaigns.Tiers 2.points': { conditions: { $more_than_equal: [41] } } },
    },
  ];
  for (const body of requests) {
    const created = await client.segments.create(body);
    assert.match(created.id, SEGMENT_ID);
    assert.equal(created.type, body.type);
    assert.equal(created.name, body.name);
    assert.equal(created.updated_at, null);
    assert.deepEqual(created.filter, body.filter);
    assert.deepEqual(Object.keys(created.filter), Object.keys(body.filter), 'the filter keys changed order');
    assert.deepEqual(await client.segments.get(created.id), created);
    await client.segments.delete(created.id);
  }
});

test('schema violations are refused with 400 invalid_payload', async () => {
  const bodies = [
    { type: 'static', customers: [] },
    { name: 'No filter', type: 'auto-update' },
    { name: 'Uppercase junction', type: 'auto-update', filter: { junction: 'AND' } },
    { name: 'Unknown type', type: 'dynamic' },
  ];
  for (const body of bodies) {
    const err = await rejection(() => client.segments.create(body));
    assert.equal(err.code, 400, JSON.stringify(body));
    assert.equal(err.key, 'invalid_payload');
    assert.ok(err.details, 'no details');
  }
});

test('segment IDs are URL-encoded by the SDK and still found or not', async () => {
  const err = await rejection(() => client.segments.get('seg with/slash?x'));
  assert.equal(err.code, 404);
  assert.equal(err.key, 'not_found');
});

test("a customer's segments: segments.list(customerId)", async () => {
  const customer = `cust_${crypto.randomUUID()}`;
  const first = await client.segments.create({ name: 'First', type: 'static', customers: [customer, 'cust_other'] });
  const second = await client.segments.create({ name: 'Second', type: 'static', customers: [customer] });
  const filtered = await client.segments.create(fixture('create-auto-update-segment.request.json'));
  const list = await client.segments.list(customer);
  assert.equal(list.object, 'list');
  assert.equal(list.data_ref, 'data');
  assert.equal(list.total, 2);
  assert.deepEqual(list.data, [
    { id: second.id, name: 'Second', object: 'segment' },
    { id: first.id, name: 'First', object: 'segment' },
  ]);
  assert.deepEqual(await client.segments.list('cust_in_no_segment'), { object: 'list', data_ref: 'data', data: [], total: 0 });
  for (const s of [first, second, filtered]) await client.segments.delete(s.id);
});
