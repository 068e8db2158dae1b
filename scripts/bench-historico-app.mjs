/**
 * The app's call history against the CLI, same run, same server (started by
 * scripts/bench-historico-app.sh): the real app (through tauri-driver, as the e2e tests) with an
 * account on a pabx-sandbox of the large seed loads "últimos 6 meses" of every customer into its
 * table; `pabx chamadas list --all` fetches the same period to /dev/null; alternated, RUNS times
 * each, medians and their ratio. Then the table is scrolled for a few seconds and the frame times
 * (requestAnimationFrame deltas) give a p95, beside the same scroll over a static HTML table.
 * Environment: PABX_URL, PABX_USUARIO, PABX_TOKEN, PABX_CLI, RUNS, and what tests/e2e needs.
 */
import { spawnSync } from 'node:child_process';
import { addAccountFromWelcome, App } from '../tests/e2e/lib/app.mjs';
import { median, p95, scrollAndFloor } from './lib/frames.mjs';

const RUNS = Number(process.env.RUNS ?? 3);
const { PABX_URL, PABX_USUARIO, PABX_TOKEN, PABX_CLI } = process.env;

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
  let rows = 0;
  for (let run = 1; run <= RUNS; run += 1) {
    let t = process.hrtime.bigint();
    const out = spawnSync(PABX_CLI, ['chamadas', 'list', '--todos-clientes', '--de', de, '--ate', ate, '--all'], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: process.env,
    });
    if (out.status !== 0) throw new Error(`pabx failed: ${out.stderr}`);
    cli.push(Number(process.hrtime.bigint() - t) / 1e9);

    t = process.hrtime.bigint();
    await session.click('historico-buscar');
    // Done when the totals are shown and every call is in the table.
    rows = await session.until('every call in the table', async () => {
      if (!(await session.exists('historico-totais'))) return null;
      const total = Number(await (await session.waitFor('historico-total-chamadas')).attribute('data-value'));
      const count = Number(await (await session.waitFor('historico-count')).attribute('data-count'));
      return total > 0 && count === total ? count : null;
    }, 1800000);
    appTimes.push(Number(process.hrtime.bigint() - t) / 1e9);
    console.error(`run ${run}: cli ${cli.at(-1).toFixed(2)} s, app ${appTimes.at(-1).toFixed(2)} s (${rows} calls)`);
  }

  // Scroll the table from the top for up to 6 s, one step per frame, then the same scroll over a
  // static HTML table laid over it: what this webview and display cost per frame anyway.
  const { frames, floor } = await scrollAndFloor(session, '[data-testid=historico-scroll]', { px: 600 });

  const cliS = median(cli);
  const appS = median(appTimes);
  console.log(`\`pabx chamadas list --all\` to /dev/null: ${cliS.toFixed(2)} s (median of ${RUNS}), ${de}–${ate}, every customer`);
  console.log(`app, table loaded with every call:    ${appS.toFixed(2)} s for ${rows} calls`);
  console.log(`ratio app/CLI: ${(appS / cliS).toFixed(2)}x (goal <= 1.2x)`);
  console.log(`scrolling ${rows} rows: ${frames.length} frames, p95 frame time ${p95(frames).toFixed(1)} ms, median ${median(frames).toFixed(1)} ms (goal p95 <= 20 ms)`);
  console.log(`static HTML table, same scroll: p95 ${p95(floor).toFixed(1)} ms, median ${median(floor).toFixed(1)} ms (this webview's floor)`);
} finally {
  await app.close();
}
