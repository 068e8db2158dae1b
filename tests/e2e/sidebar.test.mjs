/**
 * End to end on the real app: the collapsible sidebar and the header at common window widths
 * (issue 8). At 1280 px no column header of any list and not the account switcher are cut; a button collapses
 * the sidebar to icons (labels as tooltips), the lists get the width, and the choice survives a
 * reload of the page.
 */
import assert from 'node:assert/strict';
import { appSuite, useSandbox } from './lib/app.mjs';
import { chooseOption, waitRow } from './lib/forms.mjs';
import { sleep } from './lib/webdriver.mjs';

const suite = appSuite('sidebar');
const { step } = suite;

/** What is cut: column headers whose text does not fit, and the account switcher's fit. */
const CUT_SCRIPT = `
  const cut = (e) => e.scrollWidth > e.clientWidth + 1;
  const headers = [...document.querySelectorAll('[data-testid^=list-sort-]')].map((h) => {
    const label = h.querySelector('p') ?? h;
    return { key: h.dataset.testid, text: label.textContent, cut: cut(label), right: h.getBoundingClientRect().right };
  });
  const list = document.querySelector('[data-testid^=list-sort-]')?.closest('[role=row]')?.parentElement;
  const switcher = document.querySelector('[data-testid=account-switcher]');
  const box = switcher.getBoundingClientRect();
  const sidebar = document.querySelector('[data-testid=sidebar]').getBoundingClientRect();
  return {
    headers,
    listVisible: list ? list.clientWidth : 0,
    listScroll: list ? list.scrollWidth : 0,
    switcher: { text: switcher.value, cut: cut(switcher), left: box.left, right: box.right },
    width: window.innerWidth,
    sidebar: sidebar.width,
  };
`;

/** Moves the real pointer over `el` (WebDriver actions). */
async function hover(session, el) {
  const move = { type: 'pointerMove', duration: 0, origin: el.ref(), x: 0, y: 0 };
  await session.cmd('POST', '/actions', {
    actions: [{ type: 'pointer', id: 'mouse', parameters: { pointerType: 'mouse' }, actions: [move] }],
  });
  await session.cmd('DELETE', '/actions');
}

async function measure(session) {
  await sleep(600); // the window's resize and the grid's layout settle
  return session.execute(CUT_SCRIPT);
}

function assertNothingCut(view, where, columns = 4) {
  const detail = JSON.stringify(view);
  assert.ok(view.headers.length >= columns, `${where}: the list's columns are shown: ${detail}`);
  for (const h of view.headers) assert.ok(!h.cut, `${where}: column header ${h.key} "${h.text}" is cut: ${detail}`);
  // Every column in view, without sideways scrolling.
  assert.ok(view.listScroll <= view.listVisible + 1, `${where}: the list fits its width: ${detail}`);
  assert.ok(!view.switcher.cut, `${where}: the account switcher shows its whole name: ${detail}`);
  assert.ok(view.switcher.left >= 0 && view.switcher.right <= view.width, `${where}: the account switcher is in the window: ${detail}`);
}

step('the built-in sandbox', async ({ session }) => {
  await useSandbox(session);
  await session.setWindowRect({ width: 1280, height: 800 });
});

step('at 1280 px no column header and not the account switcher are cut', async ({ session }) => {
  await session.click('nav-clientes');
  await waitRow(session, '');
  assertNothingCut(await measure(session), 'Clientes');
  // An area scoped by customer: the header also holds the customer picker.
  await session.click('nav-ramais');
  await chooseOption(session, await session.waitFor('customer-picker'), '#');
  await waitRow(session, '');
  assertNothingCut(await measure(session), 'Ramais');
  // The other lists, whose headers are longer ("Autenticação", "Regiões com preço").
  for (const [area, columns] of [['dids', 4], ['troncos', 4], ['planos', 3]]) {
    await session.click(`nav-${area}`);
    await session.until(`the ${area} list loaded`, async () => (await session.execute(
      "const c = document.querySelector('[data-testid=list-count]'); return c !== null && c.dataset.loading === 'false'")) || null);
    assertNothingCut(await measure(session), area, columns);
  }
  // The next step narrows the window on Ramais.
  await session.click('nav-ramais');
  await waitRow(session, '');
});

step('the sidebar collapses to icons with their labels as tooltips; the list gets the width', async ({ session }) => {
  await session.setWindowRect({ width: 1024, height: 700 });
  const wide = await measure(session);
  assert.ok(wide.sidebar >= 200, `expanded sidebar: ${wide.sidebar} px`);
  await session.click('sidebar-toggle');
  await session.until('the sidebar collapsed', async () => (await session.execute(
    "return document.querySelector('[data-testid=sidebar]').dataset.collapsed === 'true'")) || null);
  // The main part slides over (a CSS transition, slow on a loaded machine).
  const narrow = await session.until('the list to get the width', async () => {
    const view = await measure(session);
    return view.listVisible >= wide.listVisible + 120 ? view : null;
  });
  assert.ok(narrow.sidebar <= 80, `collapsed sidebar: ${narrow.sidebar} px`);
  assertNothingCut(narrow, 'Ramais at 1024 px, sidebar collapsed');
  // Icons only: the label is the link's accessible name and its tooltip.
  const link = await session.waitFor('nav-clientes');
  assert.equal((await link.text()).trim(), '', 'no label beside the icon');
  assert.equal(await link.attribute('aria-label'), 'Clientes');
  await hover(session, link);
  await session.until('the tooltip', async () => {
    const tips = await session.findVisible('[role=tooltip]');
    for (const tip of tips) if ((await tip.text()).trim() === 'Clientes') return tip;
    return null;
  });
});

step('the collapsed sidebar is remembered, and expands again', async ({ session }) => {
  await session.reload();
  await session.waitFor('sidebar');
  assert.equal(await session.execute("return document.querySelector('[data-testid=sidebar]').dataset.collapsed"), 'true', 'still collapsed after a reload');
  await session.click('sidebar-toggle');
  await session.until('the sidebar expanded', async () => (await session.execute(
    "return document.querySelector('[data-testid=sidebar]').dataset.collapsed === 'false'")) || null);
  const link = await session.waitFor('nav-clientes');
  assert.equal((await link.text()).trim(), 'Clientes', 'the label is back');
});
