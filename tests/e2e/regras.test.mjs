/**
 * End to end on the real app: the routing rules editor over the built-in sandbox's demo data.
 * Reorder by keyboard (the up button) and by dragging (WebDriver pointer actions, so the real
 * pointer events reach @dnd-kit), see the diff before saving, save, leave and come back to find
 * the same order read from the server; a trunk without a tariff for a region is warned about;
 * copy the plan's routing to another customer's plan (dry run first) and the simulator prices it.
 */
import assert from 'node:assert/strict';
import { appSuite, useSandbox } from './lib/app.mjs';
import { chooseOption } from './lib/forms.mjs';

const suite = appSuite('regras');
const { step } = suite;

/** The trunk ids of a region's card, in the order shown. */
async function order(session, regiaoId) {
  const card = await session.waitFor(`regiao-${regiaoId}`);
  const rows = await session.findVisible('[data-rota]', card);
  const ids = [];
  for (const row of rows) ids.push(await row.attribute('data-rota'));
  return ids;
}

async function waitOrder(session, regiaoId, expected) {
  await session.until(`region ${regiaoId} to show ${expected.join(',')}`, async () =>
    JSON.stringify(await order(session, regiaoId)) === JSON.stringify(expected));
}

/** Opens the customer picker and chooses the option whose label contains `text`. */
async function pickCustomer(session, text) {
  await chooseOption(session, await session.waitFor('customer-picker'), text);
}

/** Drags `handle` onto `target` with real pointer events, in small steps as a hand would. */
async function drag(session, handle, target) {
  const pointer = (actions) => ({ type: 'pointer', id: 'mouse', parameters: { pointerType: 'mouse' }, actions });
  await session.execute('arguments[0].scrollIntoView({block: "center"})', [handle.ref()]);
  await session.cmd('POST', '/actions', {
    actions: [pointer([
      { type: 'pointerMove', duration: 0, origin: handle.ref(), x: 0, y: 0 },
      { type: 'pointerDown', button: 0 },
      { type: 'pause', duration: 100 },
      { type: 'pointerMove', duration: 150, origin: 'pointer', x: 0, y: -6 },
      { type: 'pointerMove', duration: 300, origin: target.ref(), x: 0, y: -4 },
      { type: 'pause', duration: 150 },
      { type: 'pointerUp', button: 0 },
    ])],
  });
  await session.cmd('DELETE', '/actions');
}

/** Enter on whatever has the focus, through WebDriver key actions (a real key press). */
async function pressEnter(session) {
  const enter = '\uE007';
  await session.cmd('POST', '/actions', {
    actions: [{ type: 'key', id: 'keyboard', actions: [{ type: 'keyDown', value: enter }, { type: 'keyUp', value: enter }] }],
  });
  await session.cmd('DELETE', '/actions');
}

let original;

step('first run on the sandbox; the routing area asks for a customer, then shows its plan', async ({ session }) => {
  await useSandbox(session);
  await session.click('nav-regras');
  await session.waitFor('customer-required');
  await pickCustomer(session, '(#1)');
  await session.waitFor('regras-screen');
  await session.waitFor('regiao-1');
  original = await order(session, 1);
  assert.equal(original.length, 3, `the demo plan routes three trunks in region 1: ${original}`);
  let cheapest = 0;
  for (const id of original) cheapest += (await session.visible(`rota-1-${id}-mais-barato`)).length;
  assert.equal(cheapest, 1, 'exactly one trunk of the region is marked cheapest');
  assert.ok((await (await session.waitFor(`rota-1-${original[0]}-tarifa`)).text()).includes('R$'));
});

step('reorder by keyboard (up button) and by drag; the diff names both regions before saving', async ({ session }) => {
  // Keyboard: focus the second trunk's "up" button and press it with Enter.
  const up = await session.waitFor(`rota-1-${original[1]}-subir`);
  await session.execute('arguments[0].focus()', [up.ref()]);
  await pressEnter(session);
  await waitOrder(session, 1, [original[1], original[0], original[2]]);

  const region3 = await order(session, 3);
  assert.equal(region3.length, 3);
  const handle = await session.waitFor(`rota-3-${region3[1]}-arrastar`);
  const target = await session.waitFor(`rota-3-${region3[0]}`);
  await drag(session, handle, target);
  await waitOrder(session, 3, [region3[1], region3[0], region3[2]]);

  await session.click('regras-salvar');
  const diff = await session.waitFor('regras-diff');
  const changes = await session.findVisible('[data-testid="regras-mudanca"]', diff);
  const regions = [];
  for (const change of changes) regions.push(await change.attribute('data-regiao'));
  assert.deepEqual(regions.sort(), ['1', '3'], 'the diff lists exactly the two regions touched');
  assert.match(await changes[0].text(), /->/);
  await session.click('regras-diff-confirmar');
  await session.waitGone('regras-diff');
});

step('after saving, leaving and coming back shows the same order, read from the server', async ({ session }) => {
  await session.click('nav-clientes');
  await session.waitFor('list-search');
  await session.click('nav-regras');
  await waitOrder(session, 1, [original[1], original[0], original[2]]);
  const region3 = await order(session, 3);
  assert.equal(region3.length, 3);
  // Nothing is pending: the save button has nothing to send.
  assert.equal(await (await session.waitFor('regras-salvar')).property('disabled'), true);
});

step('a trunk without a tariff for the region is warned about; an edit can be discarded', async ({ session }) => {
  // The demo's Beta has no international tariff, and region 5 is international.
  const card = await session.waitFor('regiao-5');
  const warned = await session.until('a trunk without a tariff in region 5', async () =>
    (await session.findVisible('[data-testid$="-sem-tarifa"]', card))[0]);
  assert.match(await warned.attribute('data-testid'), /^rota-5-\d+-sem-tarifa$/);
  const troncoId = (await warned.attribute('data-testid')).split('-')[2];
  await session.click(`rota-5-${troncoId}-remover`);
  await session.waitGone(`rota-5-${troncoId}`);
  // The changes are a Rust command's answer (`diff`): the button follows once it comes.
  const saveDisabled = async () => (await session.waitFor('regras-salvar')).property('disabled');
  await session.until('the removal is pending', async () => (await saveDisabled()) === false);
  await session.click('regras-descartar');
  await session.waitFor(`rota-5-${troncoId}`);
  await session.until('back to what the server has', async () => (await saveDisabled()) === true);
});

step('the simulator prices the route for a typed number', async ({ session }) => {
  const modes = await session.findVisible('[data-testid="simulador-modo"] label');
  await modes[1].click();
  const numero = await session.waitFor('simulador-numero');
  await numero.replaceText('+55 21 98765-4321');
  const result = await session.waitFor('simulador-resultado');
  await session.until('the three trunks of the route', async () => (await session.findVisible('[data-testid="simulador-tentativa"]', result)).length === 3);
  assert.match(await result.text(), /Longa distância móvel/);
  const costs = await session.findVisible('[data-testid="simulador-custo"]', result);
  assert.ok((await costs[0].text()).includes('R$'));
});

step('copy the routing to another plan: a dry run lists the changes, apply writes them', async ({ session }) => {
  await session.click('regras-copiar');
  await chooseOption(session, await session.waitFor('copia-cliente'), '(#2)');
  await chooseOption(session, await session.waitFor('copia-destino'), 'Padrão');
  await session.click('copia-simular');
  const preview = await session.waitFor('copia-previa');
  const changes = await session.findVisible('[data-testid="regras-mudanca"]', preview);
  // Customer 2's "Padrão" tries Beta first everywhere: only the two regions reordered here agree.
  assert.equal(changes.length, 4, 'the dry run lists the regions the copy changes');
  await session.click('copia-aplicar');
  await session.waitGone('copia-previa');
  // The destination plan now routes as this one, read back from the server.
  await pickCustomer(session, '(#2)');
  await session.waitFor('regiao-2');
  await waitOrder(session, 2, original);
  await waitOrder(session, 1, [original[1], original[0], original[2]]);
});
