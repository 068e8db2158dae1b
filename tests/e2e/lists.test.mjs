/**
 * End to end on the real app: the generic list and form (issue 8), on the built-in sandbox.
 * Covers: the discard prompt (Cancelar, another area, the window's close button), the forwarding type as a select of the
 * known codes, pasted punctuation accepted, stored in one form and found by its digits, and a
 * delete the server would refuse explained before confirming, and a close with nothing unsaved
 * ending the app at once.
 */
import assert from 'node:assert/strict';
import { appSuite } from './lib/app.mjs';
import { requestClose, windowsNamed } from './lib/native.mjs';
import { chooseOption, clickInRow, cnpj, fieldInput, fieldValue, fillForm, openEdit, searchRow, submitAndClose, waitRow } from './lib/forms.mjs';

const suite = appSuite('lists');
const { step } = suite;
const stamp = String(Date.now()).slice(-6);
/** A customer of the demo seed that has ramais (picked in the forwarding step). */
let withRamais = '';
let ramaisOfWithRamais = 0;
const WINDOW_TITLE = 'PABX Desktop';

step('the built-in sandbox', async ({ session }) => {
  await session.waitFor('welcome', { timeout: 60000 });
  await session.click('welcome-use-sandbox');
  await session.until('the sandbox badge', async () => (await session.visible('sandbox-badge'))[0], 60000);
  await session.click('nav-clientes');
  await waitRow(session, '');
});

step('pasted punctuation is accepted, stored in one form and found by its digits', async ({ session }) => {
  await session.click('list-new');
  await session.waitFor('entity-form');
  const digits = cnpj(String(400000000000 + Number(stamp)));
  const pasted = `${digits.slice(0, 2)} ${digits.slice(2, 5)} ${digits.slice(5, 8)} ${digits.slice(8, 12)} ${digits.slice(12)}`;
  await fillForm(session, {
    nome: `  Colado   ${stamp} `,
    login: `colado${stamp}`,
    senha: 'Senha@e2e123',
    cnpj: pasted,
    cep: '01310 100',
    tel: '11 3333 4444',
    ramal_resp: ' 8 101 ',
    faixa_min: '8100',
    faixa_max: '8199',
    qtd_ramais_max: '10',
  });
  await submitAndClose(session);
  const formatted = `${digits.slice(0, 2)}.${digits.slice(2, 5)}.${digits.slice(5, 8)}/${digits.slice(8, 12)}-${digits.slice(12)}`;
  // Searched by its digits, the row holds the CNPJ formatted.
  await (await session.waitFor('list-search')).replaceText(digits);
  const row = await waitRow(session, `Colado ${stamp}`);
  assert.ok((await row.text()).includes(formatted), `stored formatted, found by its digits: ${await row.text()}`);
  await openEdit(session, `Colado ${stamp}`);
  assert.equal(await fieldValue(session, 'nome'), `Colado ${stamp}`);
  assert.equal(await fieldValue(session, 'cep'), '01310-100');
  assert.equal(await fieldValue(session, 'tel'), '(11) 3333-4444');
  assert.equal(await fieldValue(session, 'ramal_resp'), '8101');
  await session.click('form-cancel');
  await session.waitGone('entity-form');
  await (await session.waitFor('list-search')).replaceText('');
});

step('changes are not thrown away without asking (Cancelar, another area)', async ({ session }) => {
  await openEdit(session, '');
  await fillForm(session, { nome: `Não salvo ${stamp}` });
  await session.click('nav-ramais');
  await session.waitFor('discard-keep');
  await session.click('discard-keep');
  await session.waitGone('discard-keep');
  assert.equal(await fieldValue(session, 'nome'), `Não salvo ${stamp}`, 'still editing, text kept');
  // The title bar's close button asks too; keeping the changes keeps the window.
  requestClose(WINDOW_TITLE);
  await session.waitFor('discard-keep');
  await session.click('discard-keep');
  await session.waitGone('discard-keep');
  assert.equal(windowsNamed(WINDOW_TITLE).length, 1, 'the window stays open');
  assert.equal(await fieldValue(session, 'nome'), `Não salvo ${stamp}`, 'still editing after the close was refused');
  await session.click('form-cancel');
  await session.waitFor('discard-confirm');
  await session.click('discard-confirm');
  await session.waitGone('entity-form');
  // An untouched form closes without a question.
  await openEdit(session, '');
  await session.click('form-cancel');
  await session.waitGone('entity-form');
  assert.equal(await session.exists('discard-keep'), false);
});

step('forwarding: the type is a select of the known codes by name', async ({ session }) => {
  await session.click('nav-ramais');
  await chooseOption(session, await session.waitFor('customer-picker'), '#');
  withRamais = String(await (await session.waitFor('customer-picker')).property('value')).replace(/ \(#\d+\)$/, '');
  const rows = await session.until('two ramais', async () => {
    const found = await session.visible('list-row');
    return found.length >= 2 ? found : null;
  });
  const count = await session.waitFor('list-count');
  ramaisOfWithRamais = await session.until('the whole list', async () =>
    (await count.attribute('data-loading')) === 'false' && Number(await count.attribute('data-total')));
  const target = (await rows[1].text()).split('\n')[0].trim();
  const source = (await rows[0].text()).split('\n')[0].trim();
  await openEdit(session, source);
  const tipo = await fieldInput(session, 'encaminhar_todas_chamadas.encaminhamento_tipo');
  await chooseOption(session, tipo, 'Não encaminhar');
  assert.equal(await tipo.property('value'), 'Não encaminhar');
  const destino = () => fieldInput(session, 'encaminhar_todas_chamadas.encaminhamento_destino');
  assert.equal(await (await destino()).property('disabled'), true, 'no destination without forwarding');
  await chooseOption(session, tipo, 'Um ramal');
  assert.equal(await (await destino()).property('disabled'), false);
  await fillForm(session, { 'encaminhar_todas_chamadas.encaminhamento_destino': target });
  await submitAndClose(session);
  await openEdit(session, source);
  assert.equal(await fieldValue(session, 'encaminhar_todas_chamadas.encaminhamento_tipo'), 'Um ramal');
  assert.equal(await fieldValue(session, 'encaminhar_todas_chamadas.encaminhamento_destino'), target);
  await session.click('form-cancel');
  await session.waitGone('entity-form');
});

step('a delete the server would refuse is explained before confirming', async ({ session }) => {
  await session.click('nav-clientes');
  const row = await searchRow(session, withRamais);
  await clickInRow(session, row, 'row-delete');
  const blockers = await session.waitFor('delete-blockers');
  // Counted in Rust: the same number the customer's Ramais list has.
  const ramais = ramaisOfWithRamais === 1 ? 'ramal' : 'ramais';
  assert.match(await blockers.text(), new RegExp(`ainda tem ${ramaisOfWithRamais.toLocaleString('pt-BR')} ${ramais}\\b`));
  assert.equal(await (await session.waitFor('delete-blocker-go-ramais')).text(), 'Ver', 'a link to what blocks it');
  assert.equal(await (await session.waitFor('confirm-delete')).property('disabled'), true, 'cannot confirm a refused delete');
  await session.click('confirm-cancel');
  await session.waitGone('confirm-delete');
});

step('with nothing unsaved, the close button closes the app without a question', async ({ session }) => {
  requestClose(WINDOW_TITLE);
  // Nobody answers a question here: the window can only go if none was asked.
  await session.until('the window gone', async () => windowsNamed(WINDOW_TITLE).length === 0, 20000);
});
