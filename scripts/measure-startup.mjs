/**
 * Start-up time and memory of PABX Desktop beside a bare Tauri window (tools/bare-window).
 * Runs each binary N times, alternating, each with a scratch HOME (no WebKit cache: a cold app
 * start, though the OS file cache stays warm). Per run:
 *   - wall_ms: from spawn to the `ready_ms=` line (the UI's first screen is rendered);
 *   - self_ms: the ready_ms the program reports (from its own `main`);
 *   - interactive_ms: the app's `interactive_ms=` (its script has taken the first screen over:
 *     later than ready when that screen was prerendered); the bare page is interactive when ready;
 *   - pss_mb / rss_mb: summed over the process and its descendants (WebKitWebProcess,
 *     WebKitNetworkProcess), sampled SETTLE_MS after ready.
 * The app decides whether WebKit composites (src-tauri/src/rendering.rs: off without a GPU) and
 * says so on its ready line; the baseline `bare` runs in the same mode (WEBKIT_DISABLE_COMPOSITING_MODE
 * set alike), and `bare-default` as WebKit's default, for the ratio both ways when they differ.
 * Prints medians and the app/bare ratios; writes JSON to the path in argv[2] when given.
 * Usage: node measure-startup.mjs <app-binary> <bare-binary> [out.json]  (env RUNS, SETTLE_MS)
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { killGroup, removeHome, scratchHome } from '../tests/e2e/lib/scratch.mjs';
import { memory } from './lib/proc.mjs';

const [appBin, bareBin, outJson] = process.argv.slice(2);
if (!appBin || !bareBin) {
  console.error('usage: node measure-startup.mjs <app-binary> <bare-binary> [out.json]');
  process.exit(2);
}
const RUNS = Number(process.env.RUNS ?? 5);
const SETTLE_MS = Number(process.env.SETTLE_MS ?? 1500);
const TIMEOUT_MS = 60000;

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

/** Waits until `output()` matches `pattern` (checked every 10 ms), or gives up after `ms`. */
async function waitFor(output, pattern, ms) {
  for (const end = performance.now() + ms; performance.now() < end; await sleep(10)) {
    const match = output().match(pattern);
    if (match) return match;
  }
  return null;
}

async function runOnce(label, binary, extraEnv = {}) {
  const { home, env } = scratchHome(`pabx-measure-${label}-`, { PABX_DESKTOP_REPORT_READY: '1', ...extraEnv });
  for (const [name, value] of Object.entries(extraEnv)) if (value === undefined) delete env[name];
  const started = performance.now();
  const child = spawn(binary, [], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  try {
    const selfMs = await new Promise((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`${label}: no ready_ms line within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
      const onData = (chunk) => {
        output += chunk;
        const match = output.match(/ready_ms=(\d+)/);
        if (match) {
          clearTimeout(timer);
          ok(Number(match[1]));
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        fail(new Error(`${label} exited (${code}) before ready:\n${output.slice(-2000)}`));
      });
    });
    const wallMs = performance.now() - started;
    const interactive = label === 'app' ? await waitFor(() => output, /interactive_ms=(\d+)/, TIMEOUT_MS) : null;
    if (label === 'app' && !interactive) throw new Error(`${label}: no interactive_ms line:\n${output.slice(-2000)}`);
    const interactiveMs = interactive ? Number(interactive[1]) : selfMs;
    const compositing = output.match(/compositing=(\w+)/)?.[1] ?? null;
    await sleep(SETTLE_MS);
    const mem = memory(child.pid);
    return { wall_ms: Math.round(wallMs), self_ms: selfMs, interactive_ms: interactiveMs, compositing, ...mem };
  } finally {
    child.removeAllListeners('exit');
    const gone = new Promise((ok) => child.once('exit', ok));
    killGroup(child, 'SIGTERM');
    await Promise.race([gone, sleep(5000)]);
    killGroup(child, 'SIGKILL');
    await sleep(300);
    removeHome(home);
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const VARIABLE = 'WEBKIT_DISABLE_COMPOSITING_MODE';
const runs = { app: [], bare: [], 'bare-default': [] };
const log = (i, label, r) =>
  console.log(
    `run ${i + 1}/${RUNS} ${label.padEnd(12)} wall=${r.wall_ms} ms self=${r.self_ms} ms ` +
      `pss=${r.pss_mb.toFixed(1)} MB rss=${r.rss_mb.toFixed(1)} MB [${r.processes.join(', ')}]`,
  );
let appMode = null;
for (let i = 0; i < RUNS; i++) {
  const app = await runOnce('app', appBin);
  runs.app.push(app);
  log(i, `app (${app.compositing ?? '?'})`, app);
  appMode ??= app.compositing;
  // The same rendering mode as the app: the user's variable as it is, or set like the app set it.
  const same = process.env[VARIABLE] !== undefined || app.compositing !== 'off' ? {} : { [VARIABLE]: '1' };
  const bare = await runOnce('bare', bareBin, same);
  runs.bare.push(bare);
  log(i, 'bare', bare);
  if (Object.keys(same).length) {
    const plain = await runOnce('bare-default', bareBin, { [VARIABLE]: undefined });
    runs['bare-default'].push(plain);
    log(i, 'bare-default', plain);
  }
}

const metrics = ['wall_ms', 'self_ms', 'interactive_ms', 'pss_mb', 'rss_mb'];
const labels = ['app', 'bare', ...(runs['bare-default'].length ? ['bare-default'] : [])];
const summary = {};
for (const label of labels) {
  summary[label] = Object.fromEntries(metrics.map((m) => [m, median(runs[label].map((r) => r[m]))]));
}
summary.ratio = Object.fromEntries(metrics.map((m) => [m, summary.app[m] / summary.bare[m]]));
if (summary['bare-default']) {
  summary['ratio-default'] = Object.fromEntries(metrics.map((m) => [m, summary.app[m] / summary['bare-default'][m]]));
}

console.log(`\nmedians over ${RUNS} runs each (settle ${SETTLE_MS} ms before the memory sample); app compositing=${appMode}:`);
console.log('                wall ms   self ms  inter ms   PSS MB    RSS MB');
for (const label of [...labels, 'ratio', ...(summary['ratio-default'] ? ['ratio-default'] : [])]) {
  const row = summary[label];
  const fmt = (m) => (label.startsWith('ratio') ? row[m].toFixed(2) + 'x' : row[m].toFixed(m.endsWith('mb') ? 1 : 0));
  console.log(`${label.padEnd(14)} ${metrics.map((m) => fmt(m).padStart(8)).join('  ')}`);
}
console.log('ratio: app / bare in the same rendering mode; ratio-default: app / bare as WebKit composites by default.');

if (outJson) {
  writeFileSync(outJson, JSON.stringify({ date: new Date().toISOString(), runs_each: RUNS, settle_ms: SETTLE_MS, app_compositing: appMode, summary, runs }, null, 2));
  console.log(`\nwritten to ${outJson}`);
}
