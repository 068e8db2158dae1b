/**
 * End to end on the real app with a real account: a pabx-sandbox process on loopback plays the
 * reseller's server, and the account is added from the first-run screen (token into the OS
 * keyring), tested, used, edited without the token coming back, and removed.
 */
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { App, ARTIFACTS, steps } from './lib/app.mjs';
import { fieldError, fieldValue, fillForm, waitRow } from './lib/forms.mjs';
import { killGroup } from './lib/scratch.mjs';
import { startServer as startServerProcess } from './lib/server.mjs';

let app;
let server;
const step = steps(() => app);
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

before(async () => {
  server = await startServer();
  account.base_url = server.url;
  app = await App.launch('account');
  app.session.defaultTimeout = 20000;
});

after(async () => {
  await app?.close();
  if (server) killGroup(server.child, 'SIGTERM');
});

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
  assert.notDeepEqual(filesContaining(app.home, usuario), [], 'the account file is found under the app\'s home');
  const leaks = filesContaining(app.home, token);
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
