/**
 * End to end on the real app: a change made through a form is in the activity log ("Atividade")
 * with its diff and the password masked; "Restaurar" puts the previous values back; the log is
 * exported through the save dialog to a file with the entry and without the password.
 * One app launch for the file; the steps run in order and share state.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { appSuite, useSandbox } from './lib/app.mjs';
import { answerSaveDialog } from './lib/native.mjs';
import { fieldValue, fillForm, openEdit, searchRow, submitAndClose, waitRow } from './lib/forms.mjs';

const suite = appSuite('atividade');
const { step } = suite;

const ORIGINAL = 'Transportes Serra Verde';
const stamp = String(Date.now()).slice(-6);
const RENAMED = `Transportes Serra Verde ${stamp}`;
const PASSWORD = `Nova@Senha${stamp}`;

/** The activity row of the latest "alterar_cliente", once the log shows it. */
async function latestAlter(session) {
  return session.until('the alter entry in Atividade', async () => {
    const rows = await session.findVisible('[data-testid="activity-row"][data-acao="alterar_cliente"]');
    return rows[0] ?? null;
  });
}

step('the sandbox, and a customer renamed with a new password', async ({ session }) => {
  await useSandbox(session);
  await session.click('nav-clientes');
  await waitRow(session, ORIGINAL);
  await openEdit(session, ORIGINAL);
  assert.equal(await fieldValue(session, 'nome'), ORIGINAL);
  await fillForm(session, { nome: RENAMED, senha: PASSWORD });
  await submitAndClose(session);
  await searchRow(session, RENAMED);
});

step('Atividade shows the change: name before and after, the password masked', async ({ session }) => {
  await session.click('nav-atividade');
  const row = await latestAlter(session);
  assert.equal(await row.attribute('data-outcome'), 'ok');
  assert.match(await row.text(), new RegExp(RENAMED));
  // WebKit's driver clicks cells, not table rows.
  await (await session.findVisible('td', row))[4].click();
  const detail = await session.waitFor('activity-detail');
  await session.waitFor('activity-change');
  const changes = await session.findVisible('[data-testid="activity-change"]');
  const byPath = {};
  for (const change of changes) byPath[await change.attribute('data-path')] = await change.text();
  assert.match(byPath.nome ?? '', new RegExp(`${ORIGINAL}[\\s\\S]*${RENAMED}`), `nome before and after: ${JSON.stringify(byPath)}`);
  assert.ok('senha' in byPath, `the password change is listed: ${JSON.stringify(byPath)}`);
  const page = await detail.text();
  assert.ok(!page.includes(PASSWORD), 'the new password is never shown');
});

step('Restaurar puts the previous name back', async ({ session }) => {
  await session.click('activity-restore');
  await session.click('confirm-delete');
  await session.waitGone('activity-detail');
  await session.click('nav-clientes');
  await searchRow(session, ORIGINAL);
  await session.click('nav-atividade');
  // The restore is a change of its own, logged like any other.
  await session.until('the restore logged as a second alter', async () =>
    (await session.findVisible('[data-testid="activity-row"][data-acao="alterar_cliente"]')).length >= 2);
});

step('export the log through the save dialog: the entries, never the password', async ({ session }) => {
  const file = join(suite.app.home, 'atividade-exportada.csv');
  await session.click('activity-export');
  // The native GTK save dialog is outside the webview: answer it on the X display like a user.
  answerSaveDialog('Exportar atividade', file);
  await session.until(`the export written to ${file}`, async () => existsSync(file) && readFileSync(file, 'utf8').includes(RENAMED), 30000);
  const text = readFileSync(file, 'utf8');
  assert.ok(text.startsWith('\uFEFF'), 'Excel pt-BR: UTF-8 with BOM');
  assert.ok(text.split('\n')[0].includes(';'), 'Excel pt-BR: ; separated');
  assert.equal(text.split('\n').filter((line) => line.includes('alterar_cliente')).length, 2);
  assert.ok(!text.includes(PASSWORD), 'the password never reaches the file');
});
