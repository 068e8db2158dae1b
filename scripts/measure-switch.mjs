/**
 * A customer switch in the release app: from the click on a customer in the header's picker, where
 * the page's main thread was busy (gaps in a chain of zero timeouts) for 900 ms, on the sandbox's
 * `demo` seed (a few ramais per customer, so the switch's own render dominates, not the data).
 * Per launch: four switches (customers 1, 2, 3, 2). Prints, per binary, the medians of the first
 * busy stretch's end and of the busy time in stretches begun within 200 ms. With BASELINE_BIN set, launches of
 * that binary alternate with PABX_DESKTOP_BIN's (an A/B in one run on a noisy machine).
 * Usage: node measure-switch.mjs  (env: PABX_DESKTOP_BIN, PABX_SANDBOX_BIN, RUNS (default 3),
 * BASELINE_BIN).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { addAccountFromWelcome, App } from '../tests/e2e/lib/app.mjs';
import { killGroup } from '../tests/e2e/lib/scratch.mjs';
import { startServer } from '../tests/e2e/lib/server.mjs';
import { sleep } from '../tests/e2e/lib/webdriver.mjs';
import { busyProbe, median } from './lib/frames.mjs';

const RUNS = Number(process.env.RUNS ?? 3);
const usuario = 'medicao';
const token = `tok-${randomBytes(12).toString('hex')}`;

/** Starts the busy probe and clicks the option (arguments[0]) in the same task. */
const CLICK_AND_PROBE = `
  const p = window.__probe = { t0: performance.now(), busy: [], done: false };
  ${busyProbe('now - p.t0 < 900', 'p.done = true;')}
  arguments[0].click();
`;

async function launch(bin, url) {
  process.env.PABX_DESKTOP_BIN = bin;
  const app = await App.launch('measure-switch');
  const session = app.session;
  session.defaultTimeout = 60000;
  const switches = [];
  try {
    await addAccountFromWelcome(session, { label: 'Medição', base_url: url, usuario, token }, { timeout: 120000 });
    await session.click('nav-ramais');
    await session.waitFor('customer-required');
    for (const k of [0, 1, 2, 1]) {
      const picker = await session.waitFor('customer-picker');
      await picker.click();
      // Every option's label ends in "(#id)": "#" lists them all.
      await picker.replaceText('#');
      const option = await session.until('the customer options', async () => {
        const options = await session.findVisible('[role="option"]');
        return options.length > k ? options[k] : null;
      });
      await session.execute(CLICK_AND_PROBE, [option.ref()]);
      await session.until('the probe', async () => (await session.execute('return window.__probe.done')) || null, 10000);
      const busy = await session.execute('return window.__probe.busy');
      switches.push({
        first_ms: busy[0]?.[1] ?? 0,
        busy_200_ms: busy.filter(([a]) => a < 200).reduce((sum, [a, b]) => sum + b - a, 0),
        busy,
      });
      await sleep(1000);
    }
  } finally {
    await app.close();
  }
  return switches;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'pabx-measure-switch-'));
  const sandbox = await startServer({ usuario, token, args: ['--seed', 'demo', '--data', join(dir, 'sandbox.db')], timeoutMs: 120000 });
  const bins = { app: process.env.PABX_DESKTOP_BIN };
  if (process.env.BASELINE_BIN) bins.baseline = process.env.BASELINE_BIN;
  const results = Object.fromEntries(Object.keys(bins).map((name) => [name, []]));
  try {
    for (let i = 0; i < RUNS; i++) {
      for (const [name, bin] of Object.entries(bins)) {
        const switches = await launch(bin, sandbox.url);
        results[name].push(...switches);
        for (const s of switches) console.error(`${name} run ${i + 1}: busy ${s.busy.map(([a, b]) => `${a}-${b}`).join(' ')}`);
      }
    }
  } finally {
    killGroup(sandbox.child, 'SIGTERM');
    await sleep(500);
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`\nCustomer switch, ${RUNS} launches x 4 switches per binary (medians, ms from the click):`);
  for (const [name, switches] of Object.entries(results)) {
    console.log(`  ${name.padEnd(9)} first busy stretch ends at ${median(switches.map((s) => s.first_ms))}, busy in stretches begun within 200 ms ${median(switches.map((s) => s.busy_200_ms))}`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
