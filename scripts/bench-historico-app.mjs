/**
 * The app's call history against the CLI, same run, same server (started by
 * scripts/bench-historico-app.sh): the real app (through tauri-driver, as the e2e tests) with an
 * account on a pabx-sandbox of the large seed loads "últimos 6 meses" of every customer into its
 * table; `pabx chamadas list --all` fetches the same period to /dev/null; alternated, RUNS times
 * each, medians and their ratio. Then the table is scrolled for a few seconds and the frame times
 * (requestAnimationFrame deltas) give a p95, beside the same scroll over a static HTML table.
 * The app's time is taken in the page: the click on "Buscar" to the frame showing every call.
 * Environment: PABX_URL, PABX_USUARIO, PABX_TOKEN, PABX_CLI, RUNS, and what tests/e2e needs;
 * BASELINE_BIN: a launch of that build follows, measured the same way (an A/B in one run).
 */
import { spawnSync } from 'node:child_process';
import { addAccountFromWelcome, App } from '../tests/e2e/lib/app.mjs';
import { median, p95, scrollAndFloor } from './lib/frames.mjs';
import { cpuMs, descendants } from './lib/proc.mjs';

const RUNS = Number(process.env.RUNS ?? 3);
/** Pixels scrolled per frame (the list's measure-list uses 300). */
const SCROLL_PX = Number(process.env.SCROLL_PX ?? 600);

/**
 * Times, in the page, the click on "Buscar" to the frame that shows every call (the count equal
 * to the total): no WebDriver round trip or polling interval in the figure. Armed before the
 * click; done only after the previous result went away.
 */
const PROBE = `
  const p = window.__hprobe = { t0: null, cleared: false, ms: null, rows: null };
  document.addEventListener('click', () => { if (p.t0 === null) p.t0 = performance.now(); }, { capture: true, once: true });
  const check = () => {
    if (p.t0 === null || p.ms !== null) return;
    const total = document.querySelector('[data-testid=historico-total-chamadas]');
    const count = document.querySelector('[data-testid=historico-count]');
    if (!total || !count || count.dataset.count === '0') { p.cleared = true; return; }
    const n = Number(total.dataset.value);
    if (p.cleared && n > 0 && Number(count.dataset.count) === n) {
      p.ms = -1;
      observer.disconnect();
      requestAnimationFrame(() => {
        p.rows = n;
        p.ms = performance.now() - p.t0;
        // The load's own marks (ui: screens/chamadas/store.ts), from the click.
        p.marks = performance.getEntriesByType('mark')
          .filter((m) => m.name.startsWith('pabx-historico') && m.startTime >= p.t0)
          .map((m) => [m.name.slice('pabx-historico-'.length), Math.round(m.startTime - p.t0), m.detail ?? null]);
      });
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-value', 'data-count'] });
`;
const { PABX_URL, PABX_USUARIO, PABX_TOKEN, PABX_CLI } = process.env;

/** One launch of `bin`: RUNS loads alternated with the CLI's, then the scroll passes. */
async function measure(name, bin) {
  process.env.PABX_DESKTOP_BIN = bin;
  const app = await App.launch('bench-historico-app');
  const { session } = app;
  session.defaultTimeout = 60000;
  try {
    await addAccountFromWelcome(session, { label: 'Bench', base_url: PABX_URL, usuario: PABX_USUARIO, token: PABX_TOKEN }, { timeout: 120000 });
    await session.click('nav-chamadas');
    await session.waitFor('historico-screen');
    await session.click('historico-preset-ultimos6Meses');
    // "DD/MM/AAAA – DD/MM/AAAA": the CLI gets the same period.
    const periodo = await (await session.waitFor('historico-periodo')).text();
    const [de, ate] = periodo.match(/\d{2}\/\d{2}\/\d{4}/g);

    const cli = [];
    const appTimes = [];
    // CPU (ms) of each run, where it went: the CLI or the app's processes, and the server's.
    const cpu = { cli: [], cliServer: [], app: [], appWebkit: [], appServer: [] };
    const server = [Number(process.env.SANDBOX_PID)];
    const appPid = descendants(app.driver.pid).find((p) => p.name.startsWith('pabx-desktop'))?.pid;
    // Without it every CPU figure below would read 0 ms: stop rather than report them.
    if (appPid === undefined) throw new Error(`no pabx-desktop process under the WebDriver (pid ${app.driver.pid}): cannot measure its CPU`);
    const appTree = () => descendants(appPid);
    let rows = 0;
    for (let run = 1; run <= RUNS; run += 1) {
      let t = process.hrtime.bigint();
      const before = { self: cpuMs([process.pid], { children: true }) - cpuMs([process.pid]), server: cpuMs(server) };
      const out = spawnSync(PABX_CLI, ['chamadas', 'list', '--todos-clientes', '--de', de, '--ate', ate, '--all'], {
        stdio: ['ignore', 'ignore', 'pipe'],
        env: process.env,
      });
      if (out.status !== 0) throw new Error(`pabx failed: ${out.stderr}`);
      cli.push(Number(process.hrtime.bigint() - t) / 1e9);
      cpu.cli.push(cpuMs([process.pid], { children: true }) - cpuMs([process.pid]) - before.self);
      cpu.cliServer.push(cpuMs(server) - before.server);
      const tree = appTree();
      const rust = tree.filter((p) => p.pid === appPid).map((p) => p.pid);
      const webkit = tree.filter((p) => p.pid !== appPid).map((p) => p.pid);
      const appBefore = { rust: cpuMs(rust), webkit: cpuMs(webkit), server: cpuMs(server) };

      await session.execute(PROBE);
      await session.click('historico-buscar');
      const painted = await session.until('every call in the table', async () => {
        const p = await session.execute('return window.__hprobe');
        return p && p.ms !== null && p.ms >= 0 ? p : null;
      }, 1800000);
      rows = painted.rows;
      cpu.app.push(cpuMs(rust) - appBefore.rust);
      cpu.appWebkit.push(cpuMs(webkit) - appBefore.webkit);
      cpu.appServer.push(cpuMs(server) - appBefore.server);
      appTimes.push(painted.ms / 1000);
      console.error(`${name} run ${run}: cli ${cli.at(-1).toFixed(2)} s, app ${appTimes.at(-1).toFixed(2)} s (${rows} calls)`);
      const shown = painted.marks.filter(([name], i, all) => name !== 'page' || i === 0 || all[i - 1][0] !== 'page' || i === all.length - 1 || all[i + 1][0] !== 'page');
      console.error(`  from the click (${painted.marks.filter(([n]) => n === 'page').length} pages): ${shown.map(([name, ms, detail]) => `${name}${detail === null ? '' : `(${detail})`}@${ms}`).join(' ')} painted@${Math.round(painted.ms)}`);
    }

    // Scroll the table from the top for up to 6 s, one step per frame, and the same scroll over a
    // static HTML table laid over it (what this webview and display cost per frame anyway), three
    // passes of each, alternated.
    const { frames, floor, perPass } = await scrollAndFloor(session, '[data-testid=historico-scroll]', { px: SCROLL_PX });
    return { cli, appTimes, cpu, rows, de, ate, frames, floor, perPass };
  } finally {
    await app.close();
  }
}

/** What one binary measured, printed. */
function report(name, m) {
  const cliS = median(m.cli);
  const appS = median(m.appTimes);
  console.log(`${name}:`);
  console.log(`  \`pabx chamadas list --all\` to /dev/null: ${cliS.toFixed(2)} s (median of ${RUNS}), ${m.de}–${m.ate}, every customer, sandbox latency ${process.env.SANDBOX_LATENCY_MS ?? 0} ms per answer`);
  console.log(`  app, click to every call painted:    ${appS.toFixed(2)} s for ${m.rows} calls`);
  console.log(`  ratio app/CLI: ${(appS / cliS).toFixed(2)}x (goal <= 1.2x)`);
  console.log(`  CPU per load (median ms): CLI ${median(m.cpu.cli)} + server ${median(m.cpu.cliServer)}; app ${median(m.cpu.app)} + its WebKit processes ${median(m.cpu.appWebkit)} + server ${median(m.cpu.appServer)}`);
  console.log(`  scrolling ${m.rows} rows at ${SCROLL_PX} px per frame: ${m.frames.length} frames, p95 frame time ${p95(m.frames).toFixed(1)} ms, median ${median(m.frames).toFixed(1)} ms (goal p95 <= 20 ms)`);
  console.log(`  static HTML table, same scroll: p95 ${p95(m.floor).toFixed(1)} ms, median ${median(m.floor).toFixed(1)} ms (this webview's floor)`);
  console.log(`  p95 per pass, alternated: table ${m.perPass.frames.join(', ')} ms; static ${m.perPass.floor.join(', ')} ms`);
}

// With BASELINE_BIN, a launch of that build follows this one's, same server, same script: an A/B.
const bins = [['app', process.env.PABX_DESKTOP_BIN]];
if (process.env.BASELINE_BIN) bins.push(['baseline', process.env.BASELINE_BIN]);
for (const [name, bin] of bins) report(name === 'app' ? 'this build' : `baseline (${bin})`, await measure(name, bin));
