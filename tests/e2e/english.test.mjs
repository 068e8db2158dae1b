/**
 * End to end on the real app, in English: the first run starts in pt-BR, the language picker on
 * the welcome screen switches it to English, and the whole first-run flow (an account form left
 * empty, then the built-in sandbox, the first list, a new-record form) speaks English, with
 * English plurals and number formats, and the reasons pabx-api gives by code (a tariff preview).
 * One app launch for the file; the steps share state.
 */
import assert from 'node:assert/strict';
import { appSuite, useSandbox } from './lib/app.mjs';
import { chooseOption, discardForm, fieldError, fillForm } from './lib/forms.mjs';

const suite = appSuite('english');
const { step } = suite;

/** The visible text of an element found by its test id. */
async function textOf(session, testId) {
  return (await (await session.waitFor(testId)).text()).trim();
}

step('the first run starts in Portuguese', async ({ session }) => {
  const welcome = await session.waitFor('welcome', { timeout: 60000 });
  assert.match(await welcome.text(), /Bem-vindo ao PABX Desktop/);
  assert.match(await textOf(session, 'welcome-use-sandbox'), /sandbox/i);
  assert.equal(await session.execute('return document.documentElement.lang'), 'pt-BR');
});

step('the language picker switches the welcome screen to English', async ({ session }) => {
  await chooseOption(session, await session.waitFor('language-picker'), 'English');
  const welcome = await session.until('the welcome screen in English', async () => {
    const el = (await session.visible('welcome'))[0];
    return el && /Welcome to PABX Desktop/.test(await el.text()) ? el : null;
  });
  const text = await welcome.text();
  assert.doesNotMatch(text, /Bem-vindo|Experimente|Conectar/, `no Portuguese left on the welcome screen:\n${text}`);
  assert.equal(await textOf(session, 'welcome-use-sandbox'), 'Use the sandbox');
  assert.equal(await textOf(session, 'welcome-add-account'), 'Add account');
  assert.equal(await session.execute('return document.documentElement.lang'), 'en');
});

step('an account form saved empty asks, in English, for the missing fields', async ({ session }) => {
  await session.click('welcome-add-account');
  await session.waitFor('account-form');
  await session.click('account-save');
  const message = await session.until('a required-field message', async () => {
    const errors = await session.findVisible('[data-testid^="field-error-"]');
    return errors.length ? errors[0].text() : null;
  });
  assert.equal(message.trim(), 'Fill in this field.');
  const form = await textOf(session, 'account-form');
  assert.doesNotMatch(form, /Preencha|Testar|Salvar|Cancelar/, `no Portuguese left in the account form:\n${form}`);
  // Back to the choice: Cancel, and the empty form needs no discard prompt.
  const cancel = await session.waitFor('form-cancel');
  assert.equal((await cancel.text()).trim(), 'Cancel');
  await cancel.click();
  await session.waitFor('welcome-use-sandbox');
});

step('the sandbox starts and the shell speaks English', async ({ session }) => {
  await useSandbox(session);
  assert.equal(await textOf(session, 'nav-clientes'), 'Customers');
  assert.equal(await textOf(session, 'nav-ramais'), 'Extensions');
  assert.equal(await textOf(session, 'nav-chamadas'), 'Call history');
  assert.equal(await textOf(session, 'nav-contas'), 'Accounts');
});

step('the customer list counts in English, with an English plural and number format', async ({ session }) => {
  await session.click('nav-clientes');
  const count = await session.until('the loaded count', async () => {
    const el = (await session.visible('list-count'))[0];
    const text = el && (await el.text()).trim();
    return text && /^[\d,]+ records?$/.test(text) ? text : null;
  }, 60000);
  const n = Number(count.replace(/\D/g, ''));
  assert.ok(n > 0, `the demo seed has customers: "${count}"`);
  assert.equal(count, `${n.toLocaleString('en-US')} ${n === 1 ? 'record' : 'records'}`);
  const search = await session.waitFor('list-search');
  assert.equal(await search.attribute('placeholder'), 'Search by name, number…');
});

step('a new-record form speaks English', async ({ session }) => {
  await session.click('list-new');
  const form = await session.waitFor('entity-form');
  const text = await form.text();
  assert.match(text, /New customer/);
  assert.match(text, /Name \*/);
  assert.match(text, /Save/);
  assert.match(text, /Cancel/);
  assert.doesNotMatch(text, /Novo cliente|Nome|Salvar|Cancelar/, `no Portuguese in the form:\n${text}`);
  await session.click('form-cancel');
  await session.waitGone('entity-form');
});

step('a form refused by the rules says why in English, fields by their English label', async ({ session }) => {
  await session.click('list-new');
  await session.waitFor('entity-form');
  // No name, and a range that ends before it starts: pabx-api's rules, rendered by code.
  await fillForm(session, { login: 'english.e2e', senha: 'Senha#2026', faixa_min: '5000', faixa_max: '4000' });
  await session.click('form-submit');
  assert.equal(await fieldError(session, 'faixa_max'), 'The end of the range must be greater than or equal to its start');
  assert.equal(await fieldError(session, 'nome'), 'Fill in the name');
  const banner = await textOf(session, 'form-error');
  assert.match(banner, /Fix the 2 fields Name and End of the extension range; nothing was sent\./, banner);
  assert.doesNotMatch(banner, /Corrija|Informe|faixa|nada foi/, `no Portuguese in the banner:\n${banner}`);
  await discardForm(session);
});

step("a tariff's cost preview says in English why it cannot price a call", async ({ session }) => {
  await session.click('nav-troncos');
  await session.click('list-new');
  await session.waitFor('entity-form');
  await session.click('tarifa-add-1');
  // G/M/I needs three parts: the preview's reason is pabx-api's rule, rendered by its code.
  const fracionamento = await session.waitFor('field-tarifas.0.fracionamento');
  await fracionamento.replaceText('30/6');
  const text = await session.until('the preview of the tariff', async () => {
    const [cell] = await session.visible('previa-1');
    const value = cell && (await cell.text()).trim();
    return value && /G\/M\/I/.test(value) ? value : null;
  });
  assert.equal(text, 'Invalid billing increments: use G/M/I in seconds, like 4/30/6');
  await discardForm(session);
});
