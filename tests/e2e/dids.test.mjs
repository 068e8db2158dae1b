/**
 * End to end on the real app: the DIDs of a seeded customer (numbers formatted, hours summary,
 * open-now badge), then a DID created through the form with business hours and the national
 * holidays of a year, an invalid number and holiday flagged on their fields with the typed
 * values kept, an edit, and a delete. One app launch; the steps share state.
 */
import assert from 'node:assert/strict';
import { appSuite, useSandbox } from './lib/app.mjs';
import {
  chooseOption,
  clickInRow,
  deleteRow,
  discardForm,
  fieldError,
  fieldValue,
  fillForm,
  openEdit,
  searchRow,
  submitAndClose,
  waitRow,
} from './lib/forms.mjs';

const suite = appSuite('sandbox');
const { step } = suite;

const CLIENTE = 'Padaria Pão Quente';
const did = { typed: '+55 (11) 3456-7890', shown: '+55 11 3456-7890' };

/** The visible holiday rows of the form. */
async function holidayRows(session) {
  return session.visible('feriado-row');
}

step('first run: the sandbox, then DIDs ask for a customer', async ({ session }) => {
  await useSandbox(session);
  await session.click('nav-dids');
  await session.waitFor('customer-required');
  await chooseOption(session, await session.waitFor('customer-picker'), CLIENTE);
  await session.waitGone('customer-required');
});

step("the seeded DIDs: formatted number, destination in words, hours summary and open-now badge", async ({ session }) => {
  const row = await waitRow(session, '+55 11 3100-0000');
  const text = await row.text();
  assert.match(text, /Ramal 2000/, text);
  assert.match(text, /seg-sex 08:00-18:00, 9 feriados/, text);
  const [badge] = await session.visible('did-aberto', row);
  assert.ok(badge, 'the row has an open/closed badge');
  assert.match(await badge.attribute('data-aberto'), /^(true|false)$/);
  // The second DID of this customer rings an external number and registers over SIP.
  const second = await waitRow(session, '+55 11 3100-0100');
  assert.match(await second.text(), /Número externo \+55 11 98765-0000/);
});

step('create a DID with business hours and the national holidays of 2026', async ({ session }) => {
  await session.click('list-new');
  await session.waitFor('entity-form');
  await fillForm(session, { numero: did.typed });
  await session.until('the number read by Rust', async () => {
    const [el] = await session.visible('numero-formatado');
    return el && (await el.text()).includes(`${did.shown} · fixo`);
  });
  await fillForm(session, { apontar_para: 'Ramal' });
  await fillForm(session, { destino: '2001', gravar_chamadas: true, maximo_chamadas_simultaneas: '5', habilitar_horario_funcionamento: true });
  for (const day of [1, 2, 3, 4, 5]) await session.click(`dia-${day}`);
  await fillForm(session, { horario_funcionamento_inicio: '08:00', horario_funcionamento_fim: '18:00' });
  // The weekday numbering the app assumes is stated, and the preview names its time zone.
  assert.match(await (await session.waitFor('dias-numeracao')).text(), /0 = domingo/);
  const preview = await session.waitFor('horario-preview');
  await session.until('the preview of the typed hours', async () => /America\/Sao_Paulo/.test(await preview.text()));
  assert.match(await preview.attribute('data-aberto'), /^(true|false)$/);

  await (await session.waitFor('feriados-ano')).replaceText('2026');
  await session.click('feriados-nacionais');
  await session.until('ten national holidays', async () => (await holidayRows(session)).length === 10);
  const dates = [];
  for (let i = 0; i < 10; i++) dates.push(await fieldValue(session, `feriados.${i}.data`));
  assert.ok(dates.includes('03/04/2026'), `Sexta-feira Santa 2026 is 03/04: ${dates}`);
  assert.ok(dates.includes('20/11/2026'), `20 de novembro (Lei 14.759/2023): ${dates}`);
  // A yearly one of our own, on top.
  await session.click('add-feriados');
  await fillForm(session, { 'feriados.10.data': '24/12', 'feriados.10.nome': 'Véspera de Natal' });
  await suite.app.readmeShot('did-form', 'entity-form');
  await submitAndClose(session);
  const row = await searchRow(session, did.shown);
  const text = await row.text();
  assert.match(text, /Ramal 2001/, text);
  assert.match(text, /seg-sex 08:00-18:00, 11 feriados/, text);
  did.id = await row.attribute('data-id');
});

step('an invalid number and an impossible holiday are flagged on their fields; typed values stay', async ({ session }) => {
  await openEdit(session, did.shown);
  assert.equal(await fieldValue(session, 'numero'), '1134567890', 'stored in the canonical form');
  assert.equal((await holidayRows(session)).length, 11, 'the holidays came back from the server');
  await fillForm(session, { numero: '11 1234-5678', 'feriados.0.data': '31/02' });
  await session.click('form-submit');
  assert.match(await fieldError(session, 'numero'), /Fixo inválido/);
  assert.match(await fieldError(session, 'horario_funcionamento_lista_feriados.0'), /Data inexistente/);
  assert.equal(await fieldValue(session, 'numero'), '11 1234-5678');
  assert.equal(await fieldValue(session, 'feriados.0.data'), '31/02');
  // Unsaved changes: Cancelar asks before throwing them away.
  await discardForm(session);
});

step('edit: fewer holidays and another limit, seen in the list', async ({ session }) => {
  await openEdit(session, did.shown);
  await session.click('remove-feriados.0');
  await fillForm(session, { maximo_chamadas_simultaneas: '8' });
  await submitAndClose(session);
  const row = await searchRow(session, did.shown);
  assert.equal(await row.attribute('data-id'), did.id);
  const text = await row.text();
  assert.match(text, /10 feriados/, text);
  assert.match(text, /\b8\b/, text);
  await suite.app.readmeShot('dids');
});

step('delete with confirmation and see it gone', async ({ session }) => {
  const row = await searchRow(session, did.shown);
  await clickInRow(session, row, 'row-delete');
  await session.click('confirm-delete');
  await session.until('the DID to leave the list', async () => {
    for (const r of await session.visible('list-row')) if ((await r.text()).includes(did.shown)) return false;
    return true;
  });
});
