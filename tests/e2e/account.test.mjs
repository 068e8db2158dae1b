/**
 * End to end on the real app with a real account: a pabx-sandbox process on loopback plays the
 * reseller's server, and the account is added from the first-run screen (token into the OS
 * keyring), tested, used, edited without the token coming back, and removed.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ARTIFACTS, appSuite } from './lib/app.mjs';
import { discardForm, fieldError, fieldValue, fillForm, openEdit, waitNoRow, waitRow } from './lib/forms.mjs';
import { killGroup } from './lib/scratch.mjs';
import { startServer as startServerProcess } from './lib/server.mjs';

let server;
let other;
const usuario = 'revenda-e2e';
const token = `tok-${randomBytes(12).toString('hex')}`;
const account = { label: 'Revenda E2E', base_url: '', usuario };

/** Whether the OS keyring holds the token under the app's service (debug or release build). */
function keyringHasToken() {
  return ['pabx-desktop-dev', 'pabx-desktop'].some((service) =>
    (spawnSync('secret-tool', ['search', '--all', 'service', service], { encoding: 'utf8' }).stdout ?? '').includes(
      `secret = ${token}`,
    ));
}

/** Paths of the regular files under `dir` whose bytes contain `needle`. */
function filesContaining(dir, needle) {
  const found = [];
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath ?? entry.path, entry.name);
    try {
      if (readFileSync(path).includes(needle)) found.push(path);
    } catch {
      // sockets, vanished cache files
    }
  }
  return found;
}

/** The account's server, on a free port by default. */
function startServer(port = 0) {
  return startServerProcess({ usuario, token, port });
}

// Declared after the constants its set-up reads: node:test runs a top-level before() at once.
const suite = appSuite('account', {
  setUp: async () => {
    server = await startServer();
    account.base_url = server.url;
  },
  tearDown: async () => {
    if (server) killGroup(server.child, 'SIGTERM');
    if (other) killGroup(other.child, 'SIGTERM');
  },
});
const { step } = suite;

step('first run: add an account; a bad address is flagged on its field', async ({ session }) => {
  await session.waitFor('welcome', { timeout: 60000 });
  await session.click('welcome-add-account');
  await session.waitFor('account-form');
  await fillForm(session, { label: account.label, base_url: 'isto não é um endereço', usuario, token });
  await session.click('account-test');
  const message = await fieldError(session, 'base_url');
  assert.match(message, /endereço/i, `the error should be about the address: "${message}"`);
  assert.equal(await fieldValue(session, 'label'), account.label, 'typed values stay');
});

step('a wrong token is refused, without showing the token', async ({ session }) => {
  const wrong = `${token}-errado`;
  await fillForm(session, { base_url: account.base_url, token: wrong });
  await session.click('account-test');
  const banner = await session.waitFor('form-error');
  const text = await banner.text();
  assert.ok(text.trim().length > 0, 'the banner explains the failure');
  assert.ok(!text.includes(wrong) && !text.includes(token), `the banner must not show the token: "${text}"`);
  assert.equal(await session.exists('account-test-result'), false);
});

step('the right token connects, saves and opens the account', async ({ session }) => {
  await fillForm(session, { token });
  await session.click('account-test');
  const result = await session.waitFor('account-test-result');
  assert.equal(await result.attribute('data-ok'), 'true', await result.text());
  await session.click('account-save');
  await session.waitGone('welcome');
  await session.click('nav-clientes');
  // The server's demo seed, reached with the token read back from the keyring.
  await waitRow(session, 'Padaria Pão Quente');
  assert.equal(await session.exists('sandbox-badge'), false, 'a real account has no Sandbox badge');
});

step('the token is in the OS keyring, and in no file or log of the app', async () => {
  assert.ok(keyringHasToken(), 'secret-tool finds the token under the app\'s service');
  // The scan does reach the app's files: the saved account (with its usuario) is among them.
  assert.notDeepEqual(filesContaining(suite.app.home, usuario), [], 'the account file is found under the app\'s home');
  const leaks = filesContaining(suite.app.home, token);
  assert.deepEqual(leaks, [], 'no file under the app\'s home holds the token');
  const log = readFileSync(join(ARTIFACTS, 'account.driver.log'), 'utf8');
  assert.ok(!log.includes(token), 'the app\'s output never shows the token');
});

step('server down: the list says so, and retry recovers once it is back', async ({ session }) => {
  const exited = new Promise((ok) => server.child.once('exit', ok));
  killGroup(server.child, 'SIGTERM');
  await exited;
  await session.click('list-refresh');
  const error = await session.waitFor('list-error');
  const text = (await error.text()).trim();
  assert.ok(text.length > 10, `the error explains itself: "${text}"`);
  assert.ok(!text.includes(token), 'the error must not show the token');
  // Same port, so the saved account's address works again.
  server = await startServer(Number(new URL(server.url).port));
  await session.click('error-retry', { from: error });
  await session.waitGone('list-error');
  await waitRow(session, 'Padaria Pão Quente');
});

step('editing the account never shows the stored token', async ({ session }) => {
  await session.click('nav-contas');
  const row = await session.until('the account row', async () => {
    for (const el of await session.visible('account-row')) {
      if ((await el.text()).includes(account.label)) return el;
    }
    return null;
  });
  account.id = await row.attribute('data-id');
  const [edit] = await session.visible('account-edit', row);
  await edit.click();
  await session.waitFor('account-form');
  assert.equal(await fieldValue(session, 'usuario'), usuario);
  assert.equal(await fieldValue(session, 'token'), '', 'the token field starts empty');
  const source = await session.source();
  assert.ok(!source.includes(token), 'the token is nowhere in the page');
  await session.click('form-cancel');
  await session.waitGone('account-form');
});

step('a form refused by validation names the field by its label, never its JSON key', async ({ session }) => {
  await session.click('nav-clientes');
  await openEdit(session, 'Padaria Pão Quente');
  await fillForm(session, { faixa_min: '5000', faixa_max: '4000' });
  await session.click('form-submit');
  const banner = await session.waitFor('form-error');
  const text = (await banner.text()).trim();
  assert.match(text, /Fim da faixa de ramais/, `the banner names the field by its label: "${text}"`);
  assert.ok(!/faixa_max|faixa_min|base_url/.test(text), `no JSON key in the banner: "${text}"`);
  assert.ok((await fieldError(session, 'faixa_max')).length > 0, 'the field itself is marked');
  await discardForm(session);
});

/** The Contas row of the account under test. */
async function accountRow(session) {
  return session.until('the account row', async () => {
    for (const el of await session.visible('account-row')) {
      if ((await el.attribute('data-id')) === account.id) return el;
    }
    return null;
  });
}

async function editAccount(session) {
  await session.click('nav-contas');
  const [edit] = await session.visible('account-edit', await accountRow(session));
  await edit.click();
  await session.waitFor('account-form');
}

step('a changed address is tested before saving: where nothing answers, nothing is saved', async ({ session }) => {
  await editAccount(session);
  const port = Number(new URL(server.url).port) + 1;
  const nowhere = `http://127.0.0.1:${port === 65536 ? 1 : port}/pabx/api.php`;
  await fillForm(session, { base_url: nowhere });
  await session.click('account-save');
  const banner = await session.waitFor('form-error');
  const text = (await banner.text()).trim();
  assert.match(text, /conectar|conexão/i, `the failed test explains itself: "${text}"`);
  assert.ok(await session.exists('account-form'), 'the form stays open with what was typed');
  assert.equal(await fieldValue(session, 'base_url'), nowhere);
  await session.click('form-cancel');
  await session.waitGone('account-form');
  assert.ok((await (await accountRow(session)).text()).includes(server.url), 'the old address stays');
});

step('another server at the new address: saved after its test, and the old rows leave the screen', async ({ session }) => {
  await session.click('nav-clientes');
  await waitRow(session, 'Padaria Pão Quente');
  other = await startServerProcess({ usuario, token, args: ['--seed', 'none'] });
  await editAccount(session);
  await fillForm(session, { base_url: other.url });
  await session.click('account-save');
  await session.waitGone('account-form');
  await session.click('nav-clientes');
  await waitNoRow(session, 'Padaria Pão Quente');
  await session.waitFor('list-empty');
});

step('the sandbox, removed, is added again from Contas', async ({ session }) => {
  await session.click('nav-contas');
  await session.click('account-use-sandbox');
  await session.waitFor('sandbox-badge', { timeout: 60000 });
  const sandboxRow = () => session.until('the sandbox row', async () => {
    for (const el of await session.visible('account-row')) {
      if ((await el.attribute('data-id')) === 'sandbox') return el;
    }
    return null;
  });
  const [remove] = await session.visible('account-remove', await sandboxRow());
  await remove.click();
  await session.click('confirm-delete');
  await session.waitGone('sandbox-badge');
  // Gone from the list, and offered again.
  await session.click('account-use-sandbox');
  await session.waitFor('sandbox-badge', { timeout: 60000 });
  await sandboxRow();
  const [again] = await session.visible('account-remove', await sandboxRow());
  await again.click();
  await session.click('confirm-delete');
  await session.waitGone('sandbox-badge');
  await session.waitFor('account-use-sandbox');
});

step('removing the account asks first, then it is gone, keyring entry included', async ({ session }) => {
  const [row] = await session.visible('account-row');
  assert.ok(row, 'the account is listed');
  const [remove] = await session.visible('account-remove', row);
  await remove.click();
  await session.click('confirm-delete');
  await session.until('the account to disappear', async () => {
    if (await session.exists('welcome')) return true;
    for (const el of await session.visible('account-row')) {
      if ((await el.attribute('data-id')) === account.id) return false;
    }
    return true;
  });
  await session.until('the keyring entry to go with the account', async () => !keyringHasToken());
});
