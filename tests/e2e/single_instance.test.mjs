/**
 * End to end on the real app: a second launch on the same home (same accounts.json, same sandbox
 * database) does not run a second copy. It hands over to the running app (which focuses its
 * window) and exits with success; the first app keeps working, its sandbox untouched.
 */
import { spawn } from 'node:child_process';
import assert from 'node:assert/strict';
import { appSuite } from './lib/app.mjs';
import { homeEnv, killGroup } from './lib/scratch.mjs';
import { sleep } from './lib/webdriver.mjs';

const suite = appSuite('single-instance');
const { step } = suite;

/** Starts the app binary on `home` and resolves with its exit, or null if it still runs after `ms`. */
async function launchAgain(home, ms) {
  const child = spawn(process.env.PABX_DESKTOP_BIN, [], { env: homeEnv(home), stdio: 'ignore', detached: true });
  const exit = new Promise((ok) => child.once('exit', (code, signal) => ok({ code, signal })));
  const result = await Promise.race([exit, sleep(ms).then(() => null)]);
  // A copy still running after the wait is the failure: do not leave it behind.
  if (result === null) killGroup(child, 'SIGKILL');
  return result;
}

step('the first app runs on the sandbox', async ({ session }) => {
  await session.waitFor('welcome', { timeout: 60000 });
  await session.click('welcome-use-sandbox');
  await session.waitFor('sandbox-badge', { timeout: 60000 });
});

step('a second launch hands over to the first and exits', async () => {
  const exit = await launchAgain(suite.app.home, 30000);
  assert.notEqual(exit, null, 'the second copy kept running beside the first');
  assert.deepEqual(exit, { code: 0, signal: null });
});

step('the first app still works on its sandbox', async ({ session }) => {
  await session.click('nav-clientes');
  await session.waitFor('sandbox-badge');
  assert.equal((await session.visible('sandbox-badge')).length, 1);
});
