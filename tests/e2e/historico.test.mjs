/**
 * End to end on the real app: the "Histórico de chamadas" area over the built-in sandbox. Filter
 * six months (longer than the API's two-month window) for every customer, see totals that match
 * the rows, find the calls whose price differs from the tariff flagged, leave and come back to
 * the same rows, open a recording, and export the whole set to CSV through the save dialog
 * (its native window answered by the test) and find every row in the file.
 */
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { appSuite, useSandbox } from './lib/app.mjs';
import { answerSaveDialog } from './lib/native.mjs';

const suite = appSuite('historico', { timeout: 30000 });
const { step } = suite;
let totals = {};

async function dataValue(session, testId, attribute = 'data-value') {
  const element = await session.waitFor(testId);
  return Number(await element.attribute(attribute));
}

/** RFC 4180 rows (quotes, doubled quotes, CRLF). */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field.replace(/\r$/, ''));
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

step('the sandbox, then the call history area', async ({ session }) => {
  await useSandbox(session);
  await session.click('nav-chamadas');
  await session.waitFor('historico-screen');
});

step('six months of every customer: totals match the rows', async ({ session }) => {
  await session.click('historico-preset-ultimos6Meses');
  await session.click('historico-buscar');
  await session.waitFor('historico-totais', { timeout: 120000 });
  for (const key of ['chamadas', 'atendidas', 'nao_atendidas', 'falhas', 'custo_total', 'divergentes', 'diferenca_divergentes']) {
    totals[key] = await dataValue(session, `historico-total-${key}`);
  }
  assert.ok(totals.chamadas > 5000, `six months of the demo seed, got ${totals.chamadas}`);
  assert.equal(totals.atendidas + totals.nao_atendidas + totals.falhas, totals.chamadas);
  assert.equal(await dataValue(session, 'historico-count', 'data-count'), totals.chamadas, 'every call is in the table');
  const rows = await session.findVisible('[data-testid=historico-row]');
  assert.ok(rows.length > 5 && rows.length < 100, `the table is virtualized: ${rows.length} rows in the DOM`);
  await suite.app.readmeShot('historico');
});

step('calls whose price differs from the tariff are flagged', async ({ session }) => {
  assert.ok(totals.divergentes > 0, 'the sandbox has calls billed off their tariff');
  assert.ok(totals.diferenca_divergentes !== 0);
  await session.click('historico-so-divergentes');
  await session.until('only divergent rows', async () =>
    (await dataValue(session, 'historico-count', 'data-count')) === totals.divergentes);
  const rows = await session.findVisible('[data-testid=historico-row]');
  assert.ok(rows.length > 0);
  for (const row of rows) assert.equal(await row.attribute('data-divergente'), 'true');
  assert.ok((await session.findVisible('[data-testid=historico-divergente]')).length > 0, 'a warning icon beside the price');
  await session.click('historico-so-divergentes');
  await session.until('all rows again', async () =>
    (await dataValue(session, 'historico-count', 'data-count')) === totals.chamadas);
});

step('sorting by price puts the dearest calls first, also after scrolling', async ({ session }) => {
  // The rows on screen, top to bottom, by their price cell (the body is drawn outside React).
  const prices = () => session.execute(`
    const rows = [...document.querySelectorAll('[data-testid=historico-row]')];
    const top = (row) => Number(row.style.transform.match(/-?[\\d.]+/)[0]);
    return rows.sort((a, b) => top(a) - top(b)).map((row) =>
      Number(row.children[8].textContent.replace(/[^\\d,]/g, '').replace(',', '.')));`);
  const descending = (xs) => xs.every((x, i) => i === 0 || xs[i - 1] >= x);
  await session.click('historico-sort-preco');
  await session.until('sorted by price, dearest first', async () => {
    const shown = await prices();
    return shown.length > 5 && shown[0] > 0 && descending(shown) ? shown : null;
  });
  await session.execute('document.querySelector("[data-testid=historico-scroll]").scrollTop += 5000');
  await session.until('still sorted further down', async () => {
    const shown = await prices();
    return shown.length > 5 && descending(shown) ? shown : null;
  });
  // Back to the date order the other steps expect (the first click sorted descending).
  await session.click('historico-sort-preco');
  await session.click('historico-sort-preco');
  await session.click('historico-sort-data');
  await session.until('sorted by date again', async () =>
    (await session.execute('return document.querySelector("[data-testid=historico-sort-data]").dataset.sorted')) === 'desc');
  await session.execute('document.querySelector("[data-testid=historico-scroll]").scrollTop = 0');
});

step('leaving the area and coming back keeps the rows and the filters', async ({ session }) => {
  await session.click('nav-clientes');
  await session.waitFor('list-row');
  await session.click('nav-chamadas');
  assert.equal(await dataValue(session, 'historico-count', 'data-count'), totals.chamadas);
  assert.equal(await dataValue(session, 'historico-total-chamadas'), totals.chamadas);
});

step('a recording opens in a player with the link the server gave', async ({ session }) => {
  const play = await session.until('a call with a recording', async () => {
    const buttons = await session.findVisible('[data-testid=historico-ouvir]');
    if (buttons.length) return buttons[0];
    await session.execute('document.querySelector("[data-testid=historico-scroll]").scrollTop += 400');
    return null;
  });
  await play.click();
  const audio = await session.waitFor('historico-audio');
  const src = await audio.attribute('src');
  assert.match(src, /^http:\/\/127\.0\.0\.1:\d+\/gravacoes\/.+\.wav$/, 'no credentials added to the link');
  // Clicked again if the first click came during the modal's opening transition.
  await session.until('the player to close', async () => {
    const [close] = await session.findVisible('[data-testid=historico-player-fechar]');
    if (!close) return true;
    await close.click().catch(() => {});
    await new Promise((ok) => setTimeout(ok, 500));
    return (await session.findVisible('[data-testid=historico-audio]')).length === 0;
  });
});

step('export the whole set through the save dialog and find every row in the file', async ({ session }) => {
  const file = join(suite.app.home, 'chamadas-exportadas.csv');
  await session.click('historico-exportar');
  await session.click('historico-exportar-csv');
  // The native GTK save dialog is outside the webview: answer it on the X display like a user.
  answerSaveDialog('Exportar histórico de chamadas', file);
  const done = await session.until('the export to finish', async () => {
    const el = (await session.findVisible('[data-testid=historico-exportacao]'))[0];
    if (!el) return null;
    const status = await el.attribute('data-status');
    if (status === 'loading') return null;
    return el;
  }, 120000);
  assert.equal(await done.attribute('data-status'), 'done');
  assert.equal(Number(await done.attribute('data-linhas')), totals.chamadas);
  assert.ok(existsSync(file), `the export wrote ${file}`);
  const [header, ...rows] = parseCsv(readFileSync(file, 'utf8')).filter((r) => r.length > 1);
  const col = (name) => header.indexOf(name);
  assert.equal(rows.length, totals.chamadas, 'every call of the filter, not only the visible rows');
  assert.equal(new Set(rows.map((r) => r[col('cdr_id')])).size, totals.chamadas);
  assert.equal(rows.filter((r) => r[col('divergente')] === 'sim').length, totals.divergentes);
  const custo = rows.reduce((sum, r) => sum + Number(r[col('preco')]), 0);
  assert.ok(Math.abs(custo - totals.custo_total) < 0.01, `cost ${custo} vs total ${totals.custo_total}`);
  assert.ok(rows.every((r) => r[col('cliente_nome')] !== ''), 'every row names its customer');
});
