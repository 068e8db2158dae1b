/**
 * End to end on the real app: a file of ramais imported through the wizard of the Ramais list
 * (path typed: the system file dialog is not drivable over WebDriver), the column preview, the
 * dry run naming the bad line, the apply with progress, and the new ramais in the list.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appSuite } from './lib/app.mjs';
import { chooseOption, cnpj, fillForm, searchRow, submitAndClose, waitRow } from './lib/forms.mjs';

const stamp = String(Date.now()).slice(-6);
const cliente = { nome: `E2E Lote ${stamp}`, login: `lote${stamp}` };
const dir = mkdtempSync(join(tmpdir(), 'pabx-e2e-bulk-'));
const file = join(dir, 'ramais.csv');

// Declared after the constants its set-up reads: node:test runs a top-level before() at once.
const suite = appSuite('bulk', {
  tearDown: async () => {
    rmSync(dir, { recursive: true, force: true });
  },
});
const { step } = suite;

step('sandbox and a fresh cliente with a faixa of ramais', async ({ session }) => {
  await session.waitFor('welcome', { timeout: 60000 });
  await session.click('welcome-use-sandbox');
  await session.waitFor('sandbox-badge', { timeout: 60000 });
  await session.click('nav-clientes');
  await waitRow(session, '');
  await session.click('list-new');
  await session.waitFor('entity-form');
  await fillForm(session, {
    nome: cliente.nome,
    login: cliente.login,
    senha: 'Senha@e2e123',
    email_cliente: `${cliente.login}@example.com`,
    qtd_ramais_max: '20',
    faixa_min: '7300',
    faixa_max: '7399',
    cnpj: cnpj(`11222333${stamp.slice(-4)}`),
    cep: '01310100',
    cidade: 'São Paulo',
    estado: 'SP',
  });
  await submitAndClose(session);
  const row = await searchRow(session, cliente.nome);
  cliente.id = await row.attribute('data-id');
});

step('ramais: the wizard previews the file and its dry run names the bad line', async ({ session }) => {
  await session.click('nav-ramais');
  await chooseOption(session, await session.waitFor('customer-picker'), `${cliente.nome} (#${cliente.id})`);
  await session.waitFor('list-empty');
  // Labels as headers, `;`, a duplicated number on line 5.
  writeFileSync(
    file,
    'Número;Nome;Senha SIP\n7301;Lote Recepção;Segredo!7301a\n7302;Lote Vendas;Segredo!7302a\n7303;Lote Suporte;Segredo!7303a\n7302;Lote Repetido;Segredo!7302b\n',
  );
  await session.click('bulk-import');
  await (await session.waitFor('bulk-path')).replaceText(file);
  await session.click('bulk-next');
  await session.waitFor('bulk-column');
  assert.equal((await session.visible('bulk-column')).length, 3, 'one mapping row per column of the file');
  assert.match(await (await session.waitFor('bulk-format')).text(), /4/);
  await session.click('bulk-check');
  const counts = await session.waitFor('bulk-counts');
  assert.equal(await counts.attribute('data-insert'), '3');
  assert.equal(await counts.attribute('data-invalid'), '1');
  const issues = await session.visible('bulk-issue');
  const lines = await Promise.all(issues.map((el) => el.attribute('data-line')));
  assert.deepEqual(lines, ['5'], 'only line 5 is reported');
  assert.match(await issues[0].text(), /7302/);
});

step('ramais: apply with progress, then the new ramais are in the list', async ({ session }) => {
  await session.click('bulk-apply');
  const result = await session.waitFor('bulk-result', { timeout: 60000 });
  assert.equal(await result.attribute('data-created'), '3');
  assert.equal(await result.attribute('data-failed'), '1', 'the invalid line did not go through');
  await session.click('bulk-close');
  await session.waitGone('bulk-result');
  for (const nome of ['Lote Recepção', 'Lote Vendas', 'Lote Suporte']) await waitRow(session, nome);
  const count = await session.waitFor('list-count');
  await session.until('three ramais in the list', async () => (await count.attribute('data-total')) === '3');
  // The duplicated number kept its first line.
  const row = await searchRow(session, '7302');
  assert.match(await row.text(), /Lote Vendas/);
  assert.doesNotMatch(await row.text(), /Repetido/);
});
