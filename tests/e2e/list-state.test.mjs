/**
 * End to end on the real app: the generic list on a customer with 10,000 ramais (issue 8).
 * A pabx-sandbox process (`--seed grande`, 700 ms per answer, each request logged) plays the
 * reseller's server. Covers: pages streamed into the list (rows before the full count), a load
 * left behind cancelled in Rust (the server sees no request of it after the switch), search,
 * sort, scroll and selection kept across the form and a refresh, the row changed in place right
 * after a save while the quiet refresh shows its progress, tooltips on cells, and every column
 * readable in a 1024x700 window.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { addAccountFromWelcome, appSuite } from './lib/app.mjs';
import { chooseOption, clickInRow, fillForm, submitAndClose } from './lib/forms.mjs';
import { killGroup } from './lib/scratch.mjs';
import { startServer } from './lib/server.mjs';
import { sleep } from './lib/webdriver.mjs';

let server;
const usuario = 'revenda-listas';
const token = `tok-${randomBytes(12).toString('hex')}`;
const stamp = String(Date.now()).slice(-6);
const TOTAL = 10000;
/** The server's request log: `pedido N acao cliente_id=C pos=P` lines. */
let log = '';

const ramaisRequests = () => log.split('\n').filter((line) => / listar_ramais /.test(line)).length;

/** The list count's data: shown, total, and whether a load or refresh runs. */
async function countState(session) {
  return session.execute(`
    const el = document.querySelector('[data-testid=list-count]');
    return el ? { shown: Number(el.dataset.count), total: Number(el.dataset.total), loading: el.dataset.loading === 'true' } : null;
  `);
}

async function waitComplete(session) {
  return session.until('the whole list loaded', async () => {
    const c = await countState(session);
    return c && !c.loading && c.total === TOTAL ? c : null;
  }, 90000);
}

/** What the user made of the list, as the screen shows it. */
async function listView(session) {
  return session.execute(`
    const scroll = document.querySelector('[data-testid=list-scroll]');
    const selected = document.querySelector('[data-testid=list-row][data-selected=true]');
    const sorted = document.querySelector('[role=columnheader][aria-sort=descending], [role=columnheader][aria-sort=ascending]');
    return {
      query: document.querySelector('[data-testid=list-search]').value,
      sort: sorted ? sorted.dataset.testid + ':' + sorted.getAttribute('aria-sort') : null,
      scrollTop: scroll ? scroll.scrollTop : null,
      selected: selected ? selected.dataset.id : null,
    };
  `);
}

/** The same view: equal search, sort and selection, scroll within a pixel's rounding. */
function assertSameView(actual, expected, message) {
  const { scrollTop: a, ...restA } = actual;
  const { scrollTop: b, ...restB } = expected;
  assert.deepEqual(restA, restB, message);
  assert.ok(Math.abs(a - b) <= 2, `${message}: scrolled to ${a}, was ${b}`);
}

// Declared after the constants its set-up reads: node:test runs a top-level before() at once.
const suite = appSuite('list-state', {
  timeout: 30000,
  setUp: async () => {
    server = await startServer({ usuario, token, args: ['--seed', 'grande', '--latency-ms', '700', '--registrar-pedidos'] });
    server.child.stdout.on('data', (chunk) => {
      log += chunk;
    });
  },
  tearDown: async () => {
    if (server) killGroup(server.child, 'SIGTERM');
  },
});
const { step } = suite;

step('the account of a reseller with 10,000 ramais', async ({ session }) => {
  await addAccountFromWelcome(session, { label: 'Revenda grande', base_url: server.url, usuario, token });
  await session.click('nav-ramais');
  await session.waitFor('customer-required');
});

step('pages stream in; a load left behind is cancelled: the server sees no request of it after the switch', async ({ session }) => {
  const picker = await session.waitFor('customer-picker');
  await chooseOption(session, picker, '#1)');
  // The first rows come with the first page, long before the whole list.
  await session.waitFor('list-row', { timeout: 60000 });
  const early = await countState(session);
  assert.ok(early.loading && early.total < TOTAL, `rows before the full count: ${JSON.stringify(early)}`);
  assert.match(await (await session.waitFor('list-progress')).text(), /10\.000/, 'the progress of this customer');
  await session.click('nav-clientes');
  await session.waitFor('list-row');
  await sleep(300);
  const atSwitch = ramaisRequests();
  assert.ok(atSwitch > 0 && atSwitch < TOTAL / 1000, `the load was under way: ${atSwitch} page requests`);
  // Unstopped, the next pages would be asked for within one answer's time (700 ms).
  await sleep(3000);
  assert.equal(ramaisRequests(), atSwitch, `no page of the abandoned list was asked for after the switch:\n${log}`);
});

step('search, sort, scroll and selection survive the form, and a saved row changes at once', async ({ session }) => {
  await session.click('nav-ramais');
  await waitComplete(session);
  await (await session.waitFor('list-search')).replaceText('Carla');
  await session.click('list-sort-numero');
  await session.click('list-sort-numero');
  await session.until('the filtered list', async () => ((await countState(session))?.shown < TOTAL ? true : null));
  const set = await session.execute(`const el = document.querySelector('[data-testid=list-scroll]'); el.scrollTop = 1320; return [el.scrollTop, el.scrollHeight, el.clientHeight];`);
  await sleep(300);
  const later = await session.execute(`return document.querySelector('[data-testid=list-scroll]').scrollTop;`);
  assert.ok(later > 1000, `scrolled by the user: ${JSON.stringify(set)} then ${later}`);
  // Rows are recycled as the list scrolls: pick one by its id, then find it.
  const id = await session.until('a row in view', () => session.execute(`
    const box = document.querySelector('[data-testid=list-scroll]').getBoundingClientRect();
    const rows = [...document.querySelectorAll('[data-testid=list-row]')].filter((r) => {
      const b = r.getBoundingClientRect();
      return b.top > box.top + 60 && b.bottom < box.bottom - 10;
    });
    return rows.length ? rows[Math.min(2, rows.length - 1)].dataset.id : null;
  `));
  const row = await session.waitFor('list-row', { dataId: id });
  await row.click();
  const before = await listView(session);
  assert.deepEqual(
    { query: before.query, sort: before.sort, selected: before.selected },
    { query: 'Carla', sort: 'list-sort-numero:descending', selected: id },
  );
  assert.ok(before.scrollTop > 500, `scrolled: ${before.scrollTop}`);

  // Opened and closed without a change: everything as it was.
  await clickInRow(session, await session.waitFor('list-row', { dataId: id }), 'row-edit');
  await session.waitFor('entity-form');
  await session.click('form-cancel');
  await session.waitGone('entity-form');
  await session.waitFor('list-row', { dataId: id });
  assertSameView(await listView(session), before, 'the list as the user left it');

  // Saved: the row shows the new name at once, while the quiet refresh runs with its progress.
  const nome = `Carla Editada ${stamp}`;
  const again = await session.waitFor('list-row', { dataId: id });
  await clickInRow(session, again, 'row-edit');
  await session.waitFor('entity-form');
  await fillForm(session, { nome });
  await submitAndClose(session);
  const right = await session.execute(`
    const row = document.querySelector('[data-testid=list-row][data-id="${id}"]');
    const count = document.querySelector('[data-testid=list-count]');
    return { text: row ? row.innerText : null, loading: count.dataset.loading };
  `);
  assert.ok(right.text?.includes(nome), `the row changed right after the save: ${JSON.stringify(right)}`);
  assert.equal(right.loading, 'true', 'the refresh after the save is under way');
  // With its progress, counted like a first load once its first page is in.
  await session.until('the refresh progress', async () => {
    const [progress] = await session.findVisible('[data-testid=list-progress]');
    return progress && /de 10\.000/.test(await progress.text()) ? true : null;
  });
  const during = await listView(session);
  assertSameView(during, before, 'state kept while refreshing');
  await waitComplete(session);
  const updated = await session.waitFor('list-row', { dataId: id });
  assert.ok((await updated.text()).includes(nome), 'the refreshed row has the saved name');
  assertSameView(await listView(session), before, 'state kept after the refresh');
});

step('a refresh keeps the list as the user left it', async ({ session }) => {
  const before = await listView(session);
  await session.click('list-refresh');
  await session.until('the refresh under way', async () => ((await countState(session))?.loading ? true : null));
  assert.ok((await countState(session)).shown > 0, 'rows stay while refreshing');
  await waitComplete(session);
  assertSameView(await listView(session), before, 'state kept across the refresh');
});

step('long cells have a tooltip; at 1024x700 every column stays readable', async ({ session }) => {
  const titled = await session.execute(`
    const cell = document.querySelector('[data-testid=list-row] [role=cell][title]');
    return cell ? { title: cell.title, text: cell.innerText.trim() } : null;
  `);
  assert.ok(titled && titled.title === titled.text && titled.text.length > 0, `cells carry their whole text: ${JSON.stringify(titled)}`);
  await session.setWindowRect({ width: 1024, height: 700 });
  await sleep(800);
  const widths = await session.execute(`
    return [...document.querySelectorAll('[data-testid^=list-sort-]')].map((h) => h.getBoundingClientRect().width);
  `);
  assert.ok(widths.length >= 5, `${widths.length} columns`);
  for (const w of widths) assert.ok(w >= 90, `every column at least 90 px wide: ${widths.join(', ')}`);
});
