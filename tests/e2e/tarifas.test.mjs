/**
 * End to end on the real app: Regiões shows the region no trunk prices; a trunk created with a
 * tariff table (decimal comma, a fracionamento preset) and its cost preview computed by pabx-api,
 * an invalid fracionamento flagged on its row; dial plans of a customer, one in use refused with
 * its ramais named before any confirmation, one created, renamed and deleted, and the link to
 * the routing rules. One app launch; the steps share state.
 */
import assert from 'node:assert/strict';
import { appSuite, useSandbox } from './lib/app.mjs';
import { Keys } from './lib/webdriver.mjs';
import {
  chooseOption,
  clickInRow,
  confirmDelete,
  discardForm,
  fieldError,
  fillForm,
  openEdit,
  searchRow,
  submitAndClose,
  waitRow,
} from './lib/forms.mjs';

const suite = appSuite('sandbox');
const { step } = suite;

const CLIENTE = 'Padaria Pão Quente';
const tronco = { nome: 'E2E Tronco Gama' };
const plano = { nome: 'E2E Plano Noturno', renamed: 'E2E Plano Noturno Editado' };

/** Types into an input found by test id (formatted inputs: the check is the caller's). */
async function typeInto(session, testId, text) {
  const el = await session.waitFor(testId);
  await el.replaceText(text);
  await el.sendKeys(Keys.TAB);
  return el;
}

/** Waits until no list row contains `text`. */
async function gone(session, text) {
  await session.until(`no row with "${text}"`, async () => {
    for (const r of await session.visible('list-row')) if ((await r.text()).includes(text)) return false;
    return true;
  });
}

step('first run on the sandbox', async ({ session }) => {
  await useSandbox(session);
});

step('Regiões: a region without any price, and one routed through a trunk without its price', async ({ session }) => {
  await session.click('nav-regioes');
  const especiais = await session.waitFor('list-row', { dataId: 6 });
  assert.equal(await especiais.attribute('data-sem-preco'), 'true');
  assert.match(await especiais.text(), /Nenhum tronco tem tarifa/);
  assert.ok((await session.visible('regiao-sem-preco', especiais)).length === 1);
  const internacional = await session.waitFor('list-row', { dataId: 5 });
  assert.equal(await internacional.attribute('data-sem-preco'), 'false');
  assert.equal(await internacional.attribute('data-rota-sem-preco'), 'true');
  assert.match(await internacional.text(), /Alfa Telecom SIP/);
  const local = await session.waitFor('list-row', { dataId: 1 });
  assert.equal(await local.attribute('data-sem-preco'), 'false');
  await suite.app.readmeShot('regioes');
});

step('Troncos: the seeded trunks with the regions they do not price', async ({ session }) => {
  await session.click('nav-troncos');
  const row = await waitRow(session, 'Beta Voz IP');
  assert.match(await row.text(), /Internacional/);
  assert.match(await row.text(), /Serviços especiais/);
});

step('Troncos: create one with a tariff table and see the cost preview', async ({ session }) => {
  await session.click('list-new');
  await session.waitFor('entity-form');
  await fillForm(session, { nome: tronco.nome, cliente_id: CLIENTE, endereco: 'sip.gama.com.br:5060', autentica_user_pass: true, usuario: 'gama', senha: 'Gama#2026sip' });
  await session.click('tarifa-add-1');
  await session.click('tarifa-add-3');
  const tarifa0 = await typeInto(session, 'field-tarifas.0.tarifa', '0,12');
  assert.equal(await tarifa0.property('value'), 'R$ 0,12', 'a decimal comma is typed as such');
  await typeInto(session, 'field-tarifas.1.tarifa', '0,6');
  // 60/60 for both rows.
  await session.click('preset-0/60/60');
  await typeInto(session, 'previa-duracao', '61');
  await session.until('the preview for 61 s', async () => {
    const [local] = await session.visible('previa-1');
    const [movel] = await session.visible('previa-3');
    if (!local || !movel) return false;
    const [a, b] = [await local.text(), await movel.text()];
    return /120 s/.test(a) && /0,24/.test(a) && /120 s/.test(b) && /1,20/.test(b);
  });
  const resumo = await session.waitFor('tarifas-resumo');
  assert.equal(await resumo.attribute('data-sem-tarifa'), '4');
  assert.equal((await session.visible('tarifa-sem-6')).length, 1, 'a region without a tariff is flagged');
  await suite.app.readmeShot('tronco-form', 'entity-form');
  await submitAndClose(session);
  const row = await searchRow(session, tronco.nome);
  assert.match(await row.text(), /Longa distância fixo/);
  tronco.id = await row.attribute('data-id');
});

step('Troncos: an invalid fracionamento is flagged on its row and the typed value stays', async ({ session }) => {
  await openEdit(session, tronco.nome);
  const input = await typeInto(session, 'field-tarifas.0.fracionamento', '30/6');
  await session.click('form-submit');
  assert.match(await fieldError(session, 'tarifas.0.fracionamento'), /G\/M\/I/);
  assert.equal(await input.property('value'), '30/6');
  // Unsaved changes: Cancelar asks before throwing them away.
  await discardForm(session);
});

step('Troncos: delete the new trunk', async ({ session }) => {
  const row = await searchRow(session, tronco.nome);
  await clickInRow(session, row, 'row-delete');
  await confirmDelete(session);
  await gone(session, tronco.nome);
});

step('Planos: a plan in use is refused before confirming, naming its ramais', async ({ session }) => {
  await session.click('nav-planos');
  await session.waitFor('customer-required');
  await chooseOption(session, await session.waitFor('customer-picker'), CLIENTE);
  const padrao = await waitRow(session, `Padrão ${CLIENTE}`);
  assert.match(await padrao.text(), /\b25\b/, 'the 25 ramais of the seed use it');
  await clickInRow(session, padrao, 'row-delete');
  const blocked = await session.waitFor('delete-blocker');
  assert.match(await blocked.text(), /usado por 25 ramais:/);
  assert.match(await blocked.text(), /2000/);
  const confirm = await session.waitFor('confirm-delete');
  assert.equal(await confirm.property('disabled'), true, 'no way to confirm');
  await session.click('confirm-cancel');
  await session.waitGone('delete-blocker');
  await waitRow(session, 'Plantão (só locais)');
});

step('Planos: an empty name is flagged; create, rename, delete', async ({ session }) => {
  await session.click('list-new');
  await session.waitFor('entity-form');
  // Leaving the empty name checks it in Rust; saving is refused the same way.
  await typeInto(session, 'field-nome', '');
  await session.click('form-submit');
  assert.match(await fieldError(session, 'nome'), /nome/i);
  assert.ok(await session.exists('entity-form'), 'nothing was saved');
  await fillForm(session, { nome: plano.nome });
  await submitAndClose(session);
  const row = await searchRow(session, plano.nome);
  assert.match(await row.text(), /\b0\b/);
  await openEdit(session, plano.nome);
  await fillForm(session, { nome: plano.renamed });
  await submitAndClose(session);
  const renamed = await searchRow(session, plano.renamed);
  await clickInRow(session, renamed, 'row-delete');
  await confirmDelete(session);
  await gone(session, plano.renamed);
});

step("Planos: a plan's routing-rules link opens the Regras area", async ({ session }) => {
  const row = await searchRow(session, 'Plantão');
  await clickInRow(session, row, 'plano-regras');
  await session.until('the Regras area', async () => (await (await session.waitFor('nav-regras')).attribute('data-active')) !== null);
});
