/**
 * The app's call history against the CLI, same run, same server (started by
 * scripts/bench-historico-app.sh): the real app (through tauri-driver, as the e2e tests) with an
 * account on a pabx-sandbox of the large seed loads "últimos 6 meses" of every customer into its
 * table; `pabx chamadas list --all` fetches the same period to /dev/null; alternated, RUNS times
 * each, medians and their ratio. Then the table is scrolled from top to bottom for a few seconds
 * and the frame times (requestAnimationFrame deltas) give a p95.
 * Environment: PABX_URL, PABX_USUARIO, PABX_TOKEN, PABX_CLI, RUNS, and what tests/e2e needs.
 */
import { spawnSync } from 'node:child_process';
import { App } from '../tests/e2e/lib/app.mjs';
import { fillForm } from '../tests/e2e/lib/forms.mjs';

const RUNS = Number(process.env.RUNS ?? 3);
const { PABX_URL, PABX_USUARIO, PABX_TOKEN, PABX_CLI } = process.env;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const app = await App.launch('bench-historico-app');
const { session } = app;
session.defaultTimeout = 60000;
try {
  await session.waitFor('welcome', { timeout: 120000 });
  await session.click('welcome-add-account');
  await session.waitFor('account-form');
  await fillForm(session, { label: 'Bench', base_url: PABX_URL, usuario: PABX_USUARIO, token: PABX_TOKEN });
  await session.click('account-test');
  await session.waitFor('account-test-result');
  await session.click('account-save');
  await session.waitGone('welcome');
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

  // Scroll the table top to bottom for ~4 s, one step per frame; the page records frame deltas.
  const frames = await session.cmd('POST', '/execute/async', {
    script: `const done = arguments[arguments.length - 1];
      const el = document.querySelector('[data-testid=historico-scroll]');
      const deltas = []; let last = performance.now(); const end = last + 4000;
      el.scrollTop = 0;
      const step = (now) => {
        deltas.push(now - last); last = now;
        el.scrollTop += 600;
        if (now < end) requestAnimationFrame(step); else done(deltas.slice(1));
      };
      requestAnimationFrame(step);`,
    args: [],
  });
  const sorted = [...frames].sort((a, b) => a - b);
  const p95 = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))];

  const cliS = median(cli);
  const appS = median(appTimes);
  console.log(`\`pabx chamadas list --all\` to /dev/null: ${cliS.toFixed(2)} s (median of ${RUNS}), ${de}–${ate}, every customer`);
  console.log(`app, table loaded with every call:    ${appS.toFixed(2)} s for ${rows} calls`);
  console.log(`ratio app/CLI: ${(appS / cliS).toFixed(2)}x (goal <= 1.2x)`);
  console.log(`scrolling ${rows} rows: ${frames.length} frames, p95 frame time ${p95.toFixed(1)} ms (goal <= 20 ms)`);
} finally {
  await app.close();
}
