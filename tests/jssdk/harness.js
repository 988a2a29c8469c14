'use strict';
// Starts the sandbox for the tests: the command in SANDBOX_CMD (default: `go run` of the
// segments command), run from the repository root with the given credentials in
// VOUCHERIFY_APP_ID and VOUCHERIFY_SECRET_KEY. The command must print a line
// "listening on http://HOST:PORT" once it accepts connections; the tests wait for that
// line, never for a fixed time. A literal PORT in the command is replaced by a free port.

const { spawn } = require('node:child_process');
const net = require('node:net');
const path = require('node:path');

const repoRoot = path.resolve(__dirname, '..', '..');
const defaultCommand = 'go run ./cmd/segments serve --addr 127.0.0.1:0';
const startTimeoutMs = 300_000; // `go run` may compile the module first
const stopTimeoutMs = 15_000;

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

// startSandbox resolves to { url, stop, output } once the sandbox listens. stop() sends
// SIGTERM to the command's process group and resolves to its exit code (null when it
// died of a signal); output() returns what the command printed so far.
async function startSandbox({ appId, secretKey }) {
  let command = process.env.SANDBOX_CMD || defaultCommand;
  if (command.includes('PORT')) {
    command = command.replaceAll('PORT', String(await freePort()));
  }
  const [bin, ...args] = command.split(/\s+/).filter(Boolean);
  const child = spawn(bin, args, {
    cwd: repoRoot,
    env: { ...process.env, VOUCHERIFY_APP_ID: appId, VOUCHERIFY_SECRET_KEY: secretKey },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so that stop() reaches `go run`'s child too
  });
  let out = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d) => { out += d; });
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));

  const url = await new Promise((resolve, reject) => {
    let pending = '';
    const timer = setTimeout(() => reject(new Error(`no "listening on" line from ${command} after ${startTimeoutMs} ms:\n${out}`)), startTimeoutMs);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d) => {
      out += d;
      pending += d;
      const m = /^listening on (http:\/\/\S+)$/m.exec(pending);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('error', (err) => { clearTimeout(timer); reject(err); });
    exited.then((code) => { clearTimeout(timer); reject(new Error(`${command} exited with ${code} before listening:\n${out}`)); });
  });

  async function stop() {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return child.exitCode; // already gone
    }
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => {
        try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
        reject(new Error(`${command} did not stop within ${stopTimeoutMs} ms of SIGTERM`));
      }, stopTimeoutMs);
    });
    try {
      return await Promise.race([exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  return { url, stop, output: () => out };
}

module.exports = { startSandbox };
