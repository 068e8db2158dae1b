/**
 * End to end on the real app: first run → built-in sandbox, then the whole life of a cliente and
 * one of its ramais (create, find by search, edit, a validation error, delete), and the areas that
 * are not built yet. One app launch for the file; the steps run in order and share state.
 */
import assert from 'node:assert/strict';
import { appSuite, useSandbox } from './lib/app.mjs';
import {
  chooseOption,
  clickInRow,
  cnpj,
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

// Unique per run, so a rerun against a kept sandbox would not collide.
const stamp = String(Date.now()).slice(-6);
const cliente = {
  nome: `E2E Cliente ${stamp}`,
  renamed: `E2E Cliente ${stamp} Editado`,
  login: `e2e${stamp}`,
  faixa_min: '7100',
  faixa_max: '7199',
};
const ramal = {
  nome: `E2E Ramal ${stamp}`,
  renamed: `E2E Ramal ${stamp} Editado`,
  numero: '7101',
};

/**
 * Creates a record through the list's "new" form (`beforeSubmit` runs once it is filled) and
 * returns its id, read from its row found by searching its nome.
 */
async function create(session, values, beforeSubmit) {
  await session.click('list-new');
  await session.waitFor('entity-form');
  await fillForm(session, values);
  await beforeSubmit?.();
  await submitAndClose(session);
  const row = await searchRow(session, values.nome);
  const id = await row.attribute('data-id');
  assert.ok(id && Number(id) > 0, `the new row's data-id should be its id, got ${id}`);
  return id;
}

/** Edits a record: its form shows the current name, the new one lands in the list, same id. */
async function rename(session, record) {
  await openEdit(session, record.nome);
  assert.equal(await fieldValue(session, 'nome'), record.nome);
  await fillForm(session, { nome: record.renamed });
  await submitAndClose(session);
  const edited = await searchRow(session, record.renamed);
  assert.equal(await edited.attribute('data-id'), record.id);
  return edited;
}

/**
 * Submits `values` over a record's form, expects the error on `field` (checked by `check`), and
 * every typed value still in its input; then cancels.
 */
async function rejected(session, name, values, field, check) {
  await openEdit(session, name);
  await fillForm(session, values);
  await session.click('form-submit');
  check(await fieldError(session, field));
  for (const [key, value] of Object.entries(values)) {
    assert.equal(await fieldValue(session, key), value, `field-${key} keeps what was typed`);
  }
  // Unsaved changes: Cancelar asks before throwing them away.
  await discardForm(session);
}

step('first run offers the sandbox and shows its badge', async ({ session }) => {
  await session.waitFor('welcome', { timeout: 60000 });
  await suite.app.readmeShot('welcome');
  const badge = await useSandbox(session);
  assert.match(await badge.text(), /sandbox/i);
  await session.waitGone('welcome');
});

step('cliente: create through the form and find it by search', async ({ session }) => {
  await session.click('nav-clientes');
  // The demo seed has customers: the list shows rows before anything is created.
  await waitRow(session, '');
  await suite.app.readmeShot('clientes');
  cliente.id = await create(session, {
    nome: cliente.nome,
    login: cliente.login,
    senha: 'Senha@e2e123',
    email_cliente: `${cliente.login}@example.com`,
    qtd_ramais_max: '10',
    faixa_min: cliente.faixa_min,
    faixa_max: cliente.faixa_max,
    razao_social: `${cliente.nome} Ltda`,
    cnpj: cnpj(`11222333${stamp.slice(-4)}`),
    cep: '01310100',
    cidade: 'São Paulo',
    estado: 'SP',
  }, () => suite.app.readmeShot('cliente-form', 'entity-form'));
});

step('cliente: an invalid CNPJ is flagged on its field and the typed values stay', async ({ session }) => {
  await rejected(session, cliente.nome, { cnpj: '11.222.333/0001-00', cidade: 'Campinas' }, 'cnpj', (message) =>
    assert.match(message, /cnpj/i, `the error should name the CNPJ: "${message}"`));
});

step('cliente: edit the name and see it in the list', async ({ session }) => {
  await rename(session, cliente);
});

step('ramal: create one for the cliente (customer picker) and find it', async ({ session }) => {
  await session.click('nav-ramais');
  // Ramais belong to a cliente: the area asks for one until it is picked in the header.
  await session.waitFor('customer-required');
  await chooseOption(session, await session.waitFor('customer-picker'), `${cliente.renamed} (#${cliente.id})`);
  await session.waitGone('customer-required');
  await session.waitFor('list-empty');
  ramal.id = await create(session, { nome: ramal.nome, numero: ramal.numero, senha_sip: 'SipE2e#2026x' });
  const row = await searchRow(session, ramal.nome);
  assert.ok((await row.text()).includes(ramal.numero), 'the row shows the numero');
});

step("ramal: a numero outside the cliente's faixa is flagged and the typed values stay", async ({ session }) => {
  await rejected(session, ramal.nome, { numero: '9999', nome: `${ramal.nome} X` }, 'numero', (message) =>
    assert.ok(message.includes('7100') || /faixa/i.test(message), `the error should mention the faixa: "${message}"`));
});

step('ramal: edit the name and see it in the list', async ({ session }) => {
  const edited = await rename(session, ramal);
  assert.ok((await edited.text()).includes(ramal.numero));
});

step('ramal: delete with confirmation and see it gone', async ({ session }) => {
  await deleteRow(session, ramal.renamed);
});

step('cliente: delete with confirmation and see it gone', async ({ session }) => {
  await session.click('nav-clientes');
  await deleteRow(session, cliente.renamed);
});

step('every area is built: each shows its list or its screen', async ({ session }) => {
  const areas = ['nav-dids', 'nav-troncos', 'nav-planos', 'nav-regras', 'nav-regioes', 'nav-chamadas'];
  const unavailable = [];
  for (const nav of areas) {
    await session.click(nav);
    const outcome = await session.until(`${nav} to render`, async () => {
      if (await session.exists('area-unavailable')) return 'unavailable';
      if (await session.exists('list-error')) return 'error';
      // A built area scoped by customer may ask for one first.
      if (await session.exists('customer-required')) return 'needs-customer';
      // The routing editor is no list: it shows its own screen.
      if (await session.exists('regras-screen')) return 'screen';
      // Call history opens on its filters, before any query.
      if (await session.exists('historico-screen')) return 'screen';
      if ((await session.exists('list-row')) || (await session.exists('list-empty'))) return 'list';
      return null;
    });
    assert.notEqual(outcome, 'error', `${nav} shows list-error`);
    if (outcome === 'unavailable') {
      const text = (await (await session.waitFor('area-unavailable')).text()).trim();
      assert.ok(text.length > 10, `${nav}: area-unavailable should explain itself, got "${text}"`);
      unavailable.push(nav);
    }
  }
  // Every area is built now.
  assert.deepEqual(unavailable, []);
});

step("a seeded cliente's ramais list and an existing ramal's form", async ({ session }) => {
  await session.click('nav-ramais');
  const picker = await session.waitFor('customer-picker');
  await picker.click();
  // The demo seed's first customer (the list is sorted by the app; any seeded one has ramais).
  const first = await session.until('an option in the customer picker', async () => {
    for (const opt of await session.findVisible('[role="option"]')) {
      if (!(await opt.text()).includes('E2E')) return opt;
    }
    return null;
  });
  await first.click();
  const row = await waitRow(session, '');
  await suite.app.readmeShot('ramais');
  await clickInRow(session, row, 'row-edit');
  await session.waitFor('entity-form');
  assert.notEqual(await fieldValue(session, 'numero'), '', 'an existing ramal shows its numero');
  await suite.app.readmeShot('ramal-form', 'entity-form');
  await session.click('form-cancel');
  await session.waitGone('entity-form');
});

step('dark theme', async ({ session }) => {
  const background = () => session.execute('return getComputedStyle(document.body).backgroundColor');
  const before = await background();
  await session.click('theme-toggle');
  await session.until('the background to change', async () => (await background()) !== before);
  // Back to the seeded ramais list; the click also moves the pointer off the toggle's tooltip.
  await session.click('nav-ramais');
  await waitRow(session, '');
  await suite.app.readmeShot('dark-theme');
});
