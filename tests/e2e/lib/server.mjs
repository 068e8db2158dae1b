/**
 * A pabx-sandbox process on loopback playing a reseller's real server (e2e tests that add an
 * account instead of using the app's built-in sandbox).
 */
import { spawn } from 'node:child_process';

/**
 * Starts pabx-sandbox (on a free port by default) with `usuario` and `token` (given through the
 * environment, never on the command line) and `args` (e.g. `--todos-texto`); resolves with the
 * child and its endpoint URL (printed on start).
 */
export function startServer({ usuario, token, port = 0, args = [], timeoutMs = 20000 }) {
  const bin = process.env.PABX_SANDBOX_BIN;
  if (!bin) throw new Error('PABX_SANDBOX_BIN is not set: run the e2e tests through tests/run-e2e.sh');
  const child = spawn(bin, ['--port', String(port), '--usuario', usuario, ...args], {
    env: { ...process.env, PABX_SANDBOX_TOKEN: token },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  return new Promise((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`pabx-sandbox printed no URL in ${timeoutMs / 1000} s:\n${out}`)), timeoutMs);
    const onData = (chunk) => {
      out += chunk;
      const url = out.match(/http:\/\/127\.0\.0\.1:\d+\/\S*/);
      if (url) {
        clearTimeout(timer);
        ok({ child, url: url[0] });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => fail(new Error(`pabx-sandbox exited (${code}):\n${out}`)));
  });
}
