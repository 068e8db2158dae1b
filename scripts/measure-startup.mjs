/**
 * Start-up time and memory of PABX Desktop beside a bare Tauri window (tools/bare-window).
 * Runs each binary N times, alternating, each with a scratch HOME (no WebKit cache: a cold app
 * start, though the OS file cache stays warm). Per run:
 *   - wall_ms: from spawn to the `ready_ms=` line (the UI's first screen is rendered);
 *   - self_ms: the ready_ms the program reports (from its own `main`);
 *   - pss_mb / rss_mb: summed over the process and its descendants (WebKitWebProcess,
 *     WebKitNetworkProcess), sampled SETTLE_MS after ready.
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

async function runOnce(label, binary) {
  const { home, env } = scratchHome(`pabx-measure-${label}-`, { PABX_DESKTOP_REPORT_READY: '1' });
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
    await sleep(SETTLE_MS);
    const mem = memory(child.pid);
    return { wall_ms: Math.round(wallMs), self_ms: selfMs, ...mem };
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

const runs = { app: [], bare: [] };
for (let i = 0; i < RUNS; i++) {
  for (const [label, binary] of [['app', appBin], ['bare', bareBin]]) {
    const result = await runOnce(label, binary);
    runs[label].push(result);
    console.log(
      `run ${i + 1}/${RUNS} ${label.padEnd(4)} wall=${result.wall_ms} ms self=${result.self_ms} ms ` +
        `pss=${result.pss_mb.toFixed(1)} MB rss=${result.rss_mb.toFixed(1)} MB [${result.processes.join(', ')}]`,
    );
  }
}

const metrics = ['wall_ms', 'self_ms', 'pss_mb', 'rss_mb'];
const summary = {};
for (const label of ['app', 'bare']) {
  summary[label] = Object.fromEntries(metrics.map((m) => [m, median(runs[label].map((r) => r[m]))]));
}
summary.ratio = Object.fromEntries(metrics.map((m) => [m, summary.app[m] / summary.bare[m]]));

console.log(`\nmedians over ${RUNS} runs each (settle ${SETTLE_MS} ms before the memory sample):`);
console.log('            wall ms   self ms   PSS MB    RSS MB');
for (const label of ['app', 'bare', 'ratio']) {
  const row = summary[label];
  const fmt = (m) => (label === 'ratio' ? row[m].toFixed(2) + 'x' : row[m].toFixed(m.endsWith('mb') ? 1 : 0));
  console.log(`${label.padEnd(10)} ${metrics.map((m) => fmt(m).padStart(8)).join('  ')}`);
}

if (outJson) {
  writeFileSync(outJson, JSON.stringify({ date: new Date().toISOString(), runs_each: RUNS, settle_ms: SETTLE_MS, summary, runs }, null, 2));
  console.log(`\nwritten to ${outJson}`);
}
