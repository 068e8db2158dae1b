/**
 * The app's list of a customer with 10,000 ramais beside the CLI, in one run: a pabx-sandbox
 * process (release, `--seed grande`) serves both; the CLI's `ramais list --cliente ID --all > /dev/null` is the
 * baseline, timed alternately with launches of the release app driven over WebDriver. Per app
 * launch (the account is added through Contas like a user does):
 *   - first_rows_ms: picking the customer in the header to the first row on screen;
 *   - full_ms: picking the customer to the count showing every record, painted;
 *   - refresh_ms: the refresh button to the new complete list painted (quiet refresh);
 *   - keystroke_ms: a key typed in the search box to its filtered list painted (several keys);
 *   - frame p95 while scrolling the list (one scroll step per animation frame);
 *   - memory (PSS) of the app and its WebKit processes after loading;
 *   - the command alone: `carregar_ramais` invoked from the idle page to its last message, each
 *     beside a CLI run (DELIVERY_RUNS per launch, default 3), and the app process's CPU per load
 *     over them (10 ms ticks: use DELIVERY_RUNS=10 or more for CPU): the transport without the screen.
 * Prints medians and the ratios to the CLI; writes JSON to argv[2] when given. With BASELINE_BIN
 * set, launches of that binary alternate with PABX_DESKTOP_BIN's and both are summarised (an A/B
 * in one run on a noisy machine).
 * Usage: node measure-list.mjs [out.json]  (env: PABX_DESKTOP_BIN, PABX_SANDBOX_BIN, PABX_CLI_BIN,
 * SANDBOX_SEED (default grande), RUNS (app launches, default 3), CLI_RUNS (default 2 per launch),
 * BASELINE_BIN, SANDBOX_LATENCY_MS: a delay the sandbox adds to every answer, as a remote server's).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { addAccountFromWelcome, App } from '../tests/e2e/lib/app.mjs';
import { killGroup } from '../tests/e2e/lib/scratch.mjs';
import { startServer } from '../tests/e2e/lib/server.mjs';
import { Keys, sleep } from '../tests/e2e/lib/webdriver.mjs';
import { cpuMs, descendants, memory } from './lib/proc.mjs';
import { busyProbe, median, p95, scrollAndFloor } from './lib/frames.mjs';

const OUT = process.argv[2];
const RUNS = Number(process.env.RUNS ?? 3);
const CLI_RUNS = Number(process.env.CLI_RUNS ?? 2);
const SEED = process.env.SANDBOX_SEED ?? 'grande';
const LATENCY_MS = Number(process.env.SANDBOX_LATENCY_MS ?? 0);
if (!Number.isInteger(LATENCY_MS) || LATENCY_MS < 0) {
  console.error(`SANDBOX_LATENCY_MS must be a whole number of milliseconds, not "${process.env.SANDBOX_LATENCY_MS}"`);
  process.exit(2);
}
const usuario = 'medicao';
const token = `tok-${randomBytes(12).toString('hex')}`;

const round = (x) => Math.round(x * 10) / 10;

function startSandbox(dir) {
  // Seeding 10,000 ramais into a new file takes a while on a busy machine.
  return startServer({ usuario, token, args: ['--seed', SEED, '--latency-ms', String(LATENCY_MS), '--data', join(dir, 'sandbox.db')], timeoutMs: 120000 });
}

/** One raw call to the sandbox (legacy dialect). */
async function call(url, acao, fields) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ autenticacao: { usuario, token }, acao, ...fields }),
  });
  return res.json();
}

/** The customer with the most ramais: its id, name and count. */
async function biggestCustomer(url) {
  const clientes = (await call(url, 'listar_clientes', { quantidade: 1000 })).dados ?? [];
  let best = null;
  for (const c of clientes) {
    const page = await call(url, 'listar_ramais', { cliente_id: c.cliente_id, quantidade: 1 });
    const total = Number(page.qtd_total_resultados ?? 0);
    if (!best || total > best.total) best = { id: c.cliente_id, nome: c.nome, total };
  }
  if (!best) throw new Error('the sandbox has no customers');
  return best;
}

function timeCli(url, clienteId) {
  const started = performance.now();
  const result = spawnSync(
    process.env.PABX_CLI_BIN,
    ['--url', url, '--usuario', usuario, 'ramais', 'list', '--cliente', String(clienteId), '--all'],
    { env: { ...process.env, PABX_TOKEN: token }, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' },
  );
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`pabx exited ${result.status}: ${result.stderr}`);
  return ms;
}

/** Installs a probe in the page: times from the next click to the first row and the full count. */
const PROBE = `
  const total = arguments[0];
  const p = window.__probe = { t0: null, first: null, full: null };
  document.addEventListener('click', () => {
    if (p.t0 !== null) return;
    p.t0 = performance.now();
    // Where the page's main thread was busy after the click, until the full list is painted.
    ${busyProbe('p.full === null || p.full === -1')}
  }, { capture: true, once: true });
  const check = () => {
    if (p.t0 === null) return;
    if (p.first === null && document.querySelector('[data-testid=list-scroll] [data-testid=list-row]')) {
      const at = performance.now();
      requestAnimationFrame(() => { p.first = at - p.t0; });
    }
    const count = document.querySelector('[data-testid=list-count]');
    if (p.full === null && count && count.dataset.total === String(total) && count.dataset.loading === 'false') {
      const at = performance.now();
      p.full = -1;
      requestAnimationFrame(() => {
        p.full = at - p.t0;
        observer.disconnect();
        // The load's own marks (ui: EntityScreen's loadList, list/source.ts), from the click.
        p.marks = performance.getEntriesByType('mark')
          .filter((m) => m.name.startsWith('pabx-list') && m.startTime >= p.t0)
          .map((m) => [m.name.slice('pabx-list-'.length), Math.round(m.startTime - p.t0), m.detail ?? null]);
      });
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-total', 'data-loading'] });
`;

/**
 * Times one key in the search box to its list painted (the count's data-count changes, then a
 * frame); `dom` is the part until the DOM changed, before the display's frame.
 */
const KEY_PROBE = `
  const p = window.__key = { t0: null, ms: null, dom: null };
  const input = document.querySelector('[data-testid=list-search]');
  const count = document.querySelector('[data-testid=list-count]');
  const before = count.dataset.count;
  input.addEventListener('keydown', () => { p.t0 = performance.now(); }, { capture: true, once: true });
  const observer = new MutationObserver(() => {
    if (p.t0 === null || count.dataset.count === before) return;
    observer.disconnect();
    p.dom = performance.now() - p.t0;
    requestAnimationFrame(() => { p.ms = performance.now() - p.t0; });
  });
  observer.observe(count, { attributes: true });
`;

/**
 * The command alone, from an idle page (no screen drawn with it): `carregar_ramais` invoked through
 * Tauri's IPC, timed to its answer (which carries the last pages) and every message it sent. Beside the CLI this is what the
 * transport (the client in Rust, the channel, the webview's IPC) costs; the full count's time adds
 * the screen's drawing to it.
 */
const DELIVERY_PROBE = `
  const clienteId = arguments[0];
  const I = window.__TAURI_INTERNALS__;
  const p = window.__delivery = { ms: null, error: null };
  const t0 = performance.now();
  let messages = 0, last = 0, answer = null;
  const done = () => { if (answer !== null && messages >= answer.paginas) p.ms = Math.max(last, answer.at) - t0; };
  const channel = I.transformCallback((raw) => { if (!('end' in raw)) { messages += 1; last = performance.now(); done(); } });
  I.invoke('carregar_ramais', { filtro: { cliente_id: clienteId }, operacao: 'medicao-' + Math.random(), canal: '__CHANNEL__:' + channel })
    .then((r) => {
      // Since the last pages ride on it, the answer is a column message with the end as its meta
      // (a baseline build answers with the end alone, as JSON).
      const end = r instanceof ArrayBuffer
        ? JSON.parse(new TextDecoder().decode(new Uint8Array(r, 4, new DataView(r).getUint32(0, true)))).meta
        : r;
      answer = { paginas: end.paginas, at: performance.now() };
      done();
    }, (e) => { p.error = JSON.stringify(e); });
`;
const DELIVERY_RUNS = Number(process.env.DELIVERY_RUNS ?? 3);

async function waitValue(session, expr, what, timeout = 120000) {
  return session.until(what, async () => {
    const v = await session.execute(`return ${expr}`);
    return v === null || v === undefined || v === -1 ? null : v;
  }, timeout);
}

async function appRun(url, big) {
  const app = await App.launch('measure-list');
  app.session.defaultTimeout = 60000;
  const session = app.session;
  try {
    await addAccountFromWelcome(session, { label: 'Medição', base_url: url, usuario, token }, { timeout: 120000 });
    await session.click('nav-ramais');
    await session.waitFor('customer-required');

    // Pick the customer: the probe starts at the click on its option.
    const picker = await session.waitFor('customer-picker');
    await picker.click();
    await picker.replaceText(`#${big.id})`);
    const option = await session.until('the customer option', async () => {
      for (const opt of await session.findVisible('[role="option"]')) if ((await opt.text()).includes(`#${big.id})`)) return opt;
      return null;
    });
    await session.execute(PROBE, [big.total]);
    await option.click();
    const full = await waitValue(session, 'window.__probe.full', 'the full list');
    const first = await session.execute('return window.__probe.first');
    const marks = await session.execute('return window.__probe.marks');
    const busy = await session.execute('return window.__probe.busy');

    // Memory after loading, over the app and its WebKit processes.
    await sleep(1500);
    // The app and its WebKit processes, not the WebDriver processes above it.
    const appPid = descendants(app.driver.pid).find((p) => p.name.startsWith('pabx-desktop'))?.pid ?? app.driver.pid;
    const { pss_mb, rss_mb } = memory(appPid);

    // Search keystrokes that each change the count (every ramal's caller id holds every digit
    // of "1131000000", so digits would not narrow it), then erase them.
    const keystrokes = [];
    const keystrokesDom = [];
    const search = await session.waitFor('list-search');
    for (const key of ['c', 'a', 'r', Keys.BACKSPACE, Keys.BACKSPACE, Keys.BACKSPACE]) {
      await session.execute(KEY_PROBE);
      await search.sendKeys(key);
      keystrokes.push(await waitValue(session, 'window.__key.ms', 'the filtered list', 20000));
      keystrokesDom.push(await session.execute('return window.__key.dom'));
    }

    // Scrolling frame times, beside the idle ones and a static table's in the same window.
    // One pass per launch: the launches alternate already.
    const { idle, frames, floor } = await scrollAndFloor(session, '[data-testid=list-scroll]', { passes: 1 });

    // A quiet refresh: rows stay; its end is the count loaded again.
    await session.execute(PROBE, [big.total]);
    await session.click('list-refresh');
    const refresh = await waitValue(session, 'window.__probe.full', 'the refresh');
    const refreshMarks = await session.execute('return window.__probe.marks');

    // The command alone on the idle page, each beside a CLI run.
    const delivery = [];
    const deliveryCli = [];
    await sleep(500);
    // The app process's CPU over these loads (its WebKit processes draw nothing here).
    const cpuBefore = cpuMs([appPid]);
    for (let i = 0; i < DELIVERY_RUNS; i++) {
      deliveryCli.push(timeCli(url, big.id));
      await session.execute(DELIVERY_PROBE, [big.id]);
      delivery.push(await session.until('the command delivered', async () => {
        const p = await session.execute('return window.__delivery');
        if (p.error) throw new Error(`carregar_ramais failed: ${p.error}`);
        return p.ms;
      }, 120000));
    }
    const deliveryCpu = (cpuMs([appPid]) - cpuBefore) / DELIVERY_RUNS;

    return { delivery_ms: delivery, delivery_cli_ms: deliveryCli, delivery_cpu_ms: deliveryCpu, marks, busy, first_rows_ms: first, full_ms: full, refresh_ms: refresh, refresh_marks: refreshMarks, keystrokes_ms: keystrokes, keystrokes_dom_ms: keystrokesDom, idle_frames_ms: idle, frames_ms: frames, floor_frames_ms: floor, pss_mb, rss_mb };
  } finally {
    await app.close();
  }
}

/** Medians of one binary's launches, and their ratios to the CLI's median. */
function summarise(records, cliMs, runs) {
  return {
    records,
    cli_ms: round(cliMs),
    first_rows_ms: round(median(runs.map((r) => r.first_rows_ms))),
    full_ms: round(median(runs.map((r) => r.full_ms))),
    refresh_ms: round(median(runs.map((r) => r.refresh_ms))),
    full_vs_cli: Number((median(runs.map((r) => r.full_ms)) / cliMs).toFixed(2)),
    refresh_vs_cli: Number((median(runs.map((r) => r.refresh_ms)) / cliMs).toFixed(2)),
    keystroke_ms_median: round(median(runs.flatMap((r) => r.keystrokes_ms))),
    keystroke_ms_max: round(Math.max(...runs.flatMap((r) => r.keystrokes_ms))),
    keystroke_dom_ms_median: round(median(runs.flatMap((r) => r.keystrokes_dom_ms))),
    scroll_frame_p95_ms: round(median(runs.map((r) => p95(r.frames_ms)))),
    scroll_frame_median_ms: round(median(runs.map((r) => median(r.frames_ms)))),
    idle_frame_p95_ms: round(median(runs.map((r) => p95(r.idle_frames_ms)))),
    floor_frame_p95_ms: round(median(runs.map((r) => p95(r.floor_frames_ms)))),
    floor_frame_median_ms: round(median(runs.map((r) => median(r.floor_frames_ms)))),
    delivery_ms: round(median(runs.flatMap((r) => r.delivery_ms))),
    delivery_cli_ms: round(median(runs.flatMap((r) => r.delivery_cli_ms))),
    delivery_cpu_ms: round(median(runs.map((r) => r.delivery_cpu_ms))),
    delivery_vs_cli: Number((median(runs.flatMap((r) => r.delivery_ms)) / median(runs.flatMap((r) => r.delivery_cli_ms))).toFixed(2)),
    pss_mb: round(median(runs.map((r) => r.pss_mb))),
    rss_mb: round(median(runs.map((r) => r.rss_mb))),
  };
}

async function main() {
  for (const name of ['PABX_DESKTOP_BIN', 'PABX_SANDBOX_BIN', 'PABX_CLI_BIN']) {
    if (!process.env[name]) throw new Error(`${name} is not set: run scripts/measure-list.sh`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'pabx-measure-list-'));
  const sandbox = await startSandbox(dir);
  try {
    const big = await biggestCustomer(sandbox.url);
    console.error(`customer #${big.id} "${big.nome}": ${big.total} ramais`);
    const cli = [];
    const bins = { app: process.env.PABX_DESKTOP_BIN };
    if (process.env.BASELINE_BIN) bins.baseline = process.env.BASELINE_BIN;
    const runsOf = Object.fromEntries(Object.keys(bins).map((name) => [name, []]));
    // Warm-up: the first CLI call pays the sandbox's cold caches.
    timeCli(sandbox.url, big.id);
    for (let i = 0; i < RUNS; i++) {
      for (const [name, bin] of Object.entries(bins)) {
        for (let j = 0; j < CLI_RUNS; j++) cli.push(timeCli(sandbox.url, big.id));
        process.env.PABX_DESKTOP_BIN = bin;
        const run = await appRun(sandbox.url, big);
        runsOf[name].push(run);
        console.error(`${name} run ${i + 1}: first ${round(run.first_rows_ms)} ms, full ${round(run.full_ms)} ms, refresh ${round(run.refresh_ms)} ms`);
        console.error(`  from the click: ${run.marks.map(([mark, ms, detail]) => `${mark}${detail === null ? '' : `(${detail})`}@${ms}`).join(' ')} painted@${Math.round(run.full_ms)}`);
        console.error(`  main thread busy: ${run.busy.map(([a, b]) => `${a}-${b}`).join(' ')}`);
        console.error(`  refresh: ${run.refresh_marks.map(([mark, ms, detail]) => `${mark}${detail === null ? '' : `(${detail})`}@${ms}`).join(' ')} painted@${Math.round(run.refresh_ms)}`);
      }
    }
    for (let j = 0; j < CLI_RUNS; j++) cli.push(timeCli(sandbox.url, big.id));

    const cliMs = median(cli);
    const summaries = Object.fromEntries(Object.entries(runsOf).map(([name, runs]) => [name, summarise(big.total, cliMs, runs)]));
    const summary = summaries.app;
    console.log(`
List of ${summary.records} ramais, ${RUNS} app launches, ${cli.length} CLI runs (medians), sandbox latency ${LATENCY_MS} ms per answer
  CLI ramais list --all > /dev/null   ${summary.cli_ms} ms   (baseline)
  app: first rows                      ${summary.first_rows_ms} ms   (goal <= 500)
  app: full count, painted             ${summary.full_ms} ms   = ${summary.full_vs_cli}x CLI (goal <= 1.1x; issue 14's paint: <= 1.2x)
  app: quiet refresh, painted          ${summary.refresh_ms} ms   = ${summary.refresh_vs_cli}x CLI
  the command alone, idle page         ${summary.delivery_ms} ms   = ${summary.delivery_vs_cli}x the CLI runs beside it (${summary.delivery_cli_ms} ms): the transport
  the command alone, app CPU           ${summary.delivery_cpu_ms} ms per load (the app process, all threads)
  search keystroke to painted          ${summary.keystroke_ms_median} ms median, ${summary.keystroke_ms_max} ms max (goal <= 50)
  search keystroke to DOM changed      ${summary.keystroke_dom_ms_median} ms median (before the display's frame)
  scroll frame time                    p95 ${summary.scroll_frame_p95_ms} ms, median ${summary.scroll_frame_median_ms} ms (goal p95 <= 20)
  static HTML table, same scroll       p95 ${summary.floor_frame_p95_ms} ms, median ${summary.floor_frame_median_ms} ms (this webview's floor)
  idle frame time (nothing changing)   p95 ${summary.idle_frame_p95_ms} ms
  memory after loading                 PSS ${summary.pss_mb} MB, RSS ${summary.rss_mb} MB`);
    const base = summaries.baseline;
    if (base) {
      console.log(`  baseline (BASELINE_BIN), same run: first rows ${base.first_rows_ms} ms, full ${base.full_ms} ms = ${base.full_vs_cli}x, refresh ${base.refresh_ms} ms = ${base.refresh_vs_cli}x, command alone ${base.delivery_ms} ms = ${base.delivery_vs_cli}x (app CPU ${base.delivery_cpu_ms} ms a load), keystroke ${base.keystroke_ms_median} ms, scroll p95 ${base.scroll_frame_p95_ms} ms, PSS ${base.pss_mb} MB`);
    }
    const runs = runsOf.app;
    if (OUT) writeFileSync(OUT, JSON.stringify({ summary, baseline: base ?? null, cli_ms: cli, runs, baseline_runs: runsOf.baseline ?? null }, null, 2));
  } finally {
    killGroup(sandbox.child, 'SIGTERM');
    await sleep(500);
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
