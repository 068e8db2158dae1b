/**
 * End to end on the real app against a server that answers every field as a string, as some
 * production servers do (pabx-sandbox --todos-texto, added as a real account): the DIDs and
 * ramais of a customer are listed (holidays and weekdays read from lists of strings), a DID and a
 * ramal are edited, and the server's own answer shows the edits.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { appSuite } from './lib/app.mjs';
import { chooseOption, clickInRow, fieldValue, fillForm, openEdit, searchRow, submitAndClose, waitRow } from './lib/forms.mjs';
import { killGroup } from './lib/scratch.mjs';
import { startServer } from './lib/server.mjs';

let server;
const usuario = 'revenda-texto';
const token = `tok-${randomBytes(12).toString('hex')}`;
const CLIENTE = 'Padaria Pão Quente';
const DID = '+55 11 3100-0000';

/** One action straight to the server, as its answer's JSON. */
async function call(acao, fields = {}) {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ autenticacao: { usuario, token }, acao, ...fields }),
  });
  return response.json();
}

/** The customer's id, as the server writes it (a string). */
async function clienteId() {
  const answer = await call('listar_clientes');
  const cliente = answer.dados.find((c) => c.nome === CLIENTE);
  assert.ok(cliente, `${CLIENTE} is in the demo seed`);
  return cliente.cliente_id;
}

// Declared after the constants its set-up reads: node:test runs a top-level before() at once.
const suite = appSuite('todos-texto', {
  setUp: async () => {
    server = await startServer({ usuario, token, args: ['--todos-texto'] });
  },
  tearDown: async () => {
    if (server) killGroup(server.child, 'SIGTERM');
  },
});
const { step } = suite;

step('the server answers every field as a string', async () => {
  const answer = await call('listar_dids', { cliente_id: await clienteId() });
  assert.equal(answer.http_response_code, '200');
  const did = answer.dados[0];
  assert.equal(typeof did.did_id, 'string');
  assert.ok(did.horario_funcionamento_dias_semana.every((d) => typeof d === 'string'), JSON.stringify(did));
  assert.ok(Array.isArray(did.horario_funcionamento_lista_feriados), JSON.stringify(did));
});

step('first run: add the account of that server', async ({ session }) => {
  await session.waitFor('welcome', { timeout: 60000 });
  await session.click('welcome-add-account');
  await session.waitFor('account-form');
  await fillForm(session, { label: 'Servidor todo texto', base_url: server.url, usuario, token });
  await session.click('account-test');
  const result = await session.waitFor('account-test-result');
  assert.equal(await result.attribute('data-ok'), 'true', await result.text());
  await session.click('account-save');
  await session.waitGone('welcome');
});

step("the customer's DIDs: number, destination, hours and holidays read from strings and lists", async ({ session }) => {
  await session.click('nav-dids');
  await session.waitFor('customer-required');
  await chooseOption(session, await session.waitFor('customer-picker'), CLIENTE);
  await session.waitGone('customer-required');
  const row = await waitRow(session, DID);
  const text = await row.text();
  assert.match(text, /Ramal 2000/, text);
  assert.match(text, /seg-sex 08:00-18:00, 9 feriados/, text);
});

step('edit the DID: one holiday fewer and another limit, seen in the list and on the server', async ({ session }) => {
  await openEdit(session, DID);
  assert.equal((await session.visible('feriado-row')).length, 9, 'the holidays came as a list of strings');
  assert.equal(await fieldValue(session, 'maximo_chamadas_simultaneas'), '10');
  await session.click('remove-feriados.0');
  await fillForm(session, { maximo_chamadas_simultaneas: '7' });
  await submitAndClose(session);
  const row = await searchRow(session, DID);
  const text = await row.text();
  assert.match(text, /8 feriados/, text);
  assert.match(text, /\b7\b/, text);
  const id = await row.attribute('data-id');
  const answer = await call('listar_dids', { cliente_id: await clienteId() });
  const did = answer.dados.find((d) => d.did_id === id);
  assert.ok(did, `DID ${id} is on the server`);
  assert.equal(did.maximo_chamadas_simultaneas, '7', JSON.stringify(did));
  assert.equal(did.horario_funcionamento_lista_feriados.length, 8, JSON.stringify(did));
  assert.deepEqual(did.horario_funcionamento_dias_semana, ['1', '2', '3', '4', '5']);
});

step("edit a ramal of the customer: the new name is listed, its forwarding kept", async ({ session }) => {
  await session.click('nav-ramais');
  const row = await waitRow(session, '');
  const id = await row.attribute('data-id');
  const before = (await call('listar_ramais', { cliente_id: await clienteId() })).dados.find((r) => r.ramal_id === id);
  assert.ok(before, `ramal ${id} is on the server`);
  await clickInRow(session, row, 'row-edit');
  await session.waitFor('entity-form');
  assert.equal(await fieldValue(session, 'numero'), before.numero);
  await fillForm(session, { nome: 'Recepção (servidor todo texto)' });
  await submitAndClose(session);
  const edited = await searchRow(session, 'Recepção (servidor todo texto)');
  assert.equal(await edited.attribute('data-id'), id);
  const after = (await call('listar_ramais', { cliente_id: await clienteId() })).dados.find((r) => r.ramal_id === id);
  assert.equal(after.nome, 'Recepção (servidor todo texto)');
  for (const regra of ['encaminhar_todas_chamadas', 'encaminhar_offline_sem_atendimento', 'encaminhar_ocupado_indisponivel']) {
    assert.deepEqual(after[regra], before[regra], regra);
  }
});
