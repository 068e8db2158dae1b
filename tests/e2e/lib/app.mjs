/**
 * Launches the real PABX Desktop binary through tauri-driver (WebKitWebDriver underneath) with a
 * scratch HOME/XDG dirs, so every launch is a first run, and wraps node:test steps so a failure
 * leaves a screenshot and the page source in tests/artifacts/.
 *
 * Needs (set up by tests/run-e2e.sh): DISPLAY (Xvfb), a D-Bus session with an unlocked keyring,
 * PABX_DESKTOP_BIN (absolute path to a binary built with --features tauri/custom-protocol).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync, createWriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { fillForm } from './forms.mjs';
import { killGroup, removeHome, scratchHome } from './scratch.mjs';
import { Session, sleep } from './webdriver.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
export const REPO = resolve(HERE, '../../..');
export const ARTIFACTS = join(REPO, 'tests/artifacts');
export const SCREENSHOTS = join(REPO, 'docs/screenshots');
export const UPDATE_SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1';

function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

function safeName(name) {
  return name.replace(/[^a-zA-Z0-9_-]+/g, '_').slice(0, 80);
}

/**
 * A running app: the tauri-driver process, its WebDriver session and a scratch home.
 * `App.launch(name)` starts everything; `close()` ends the session and the driver.
 */
export class App {
  static async launch(name) {
    const binary = process.env.PABX_DESKTOP_BIN;
    if (!binary) throw new Error('PABX_DESKTOP_BIN is not set: run the e2e tests through tests/run-e2e.sh');
    mkdirSync(ARTIFACTS, { recursive: true });

    const { home, env } = scratchHome('pabx-e2e-home-');
    const port = await freePort();
    const nativePort = await freePort();
    const driverBin = process.env.TAURI_DRIVER ?? 'tauri-driver';
    const nativeDriver = process.env.WEBKIT_WEBDRIVER ?? '/usr/bin/WebKitWebDriver';
    const log = createWriteStream(join(ARTIFACTS, `${safeName(name)}.driver.log`));
    const driver = spawn(
      driverBin,
      ['--port', String(port), '--native-port', String(nativePort), '--native-driver', nativeDriver],
      // Its own process group: closing kills the driver, WebKitWebDriver and the app together.
      { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
    );
    driver.stdout.pipe(log);
    driver.stderr.pipe(log);
    // If the test process dies, do not leave the driver (and the app) behind.
    process.once('exit', () => killGroup(driver, 'SIGKILL'));
    let exited = null;
    driver.once('exit', (code, signal) => {
      exited = { code, signal };
    });

    const base = `http://127.0.0.1:${port}`;
    const app = new App(name, driver, home, base);
    try {
      await app.waitForDriver(() => exited);
      app.session = await Session.create(base, {
        browserName: 'wry',
        'tauri:options': { application: binary },
      });
    } catch (err) {
      await app.close();
      throw err;
    }
    return app;
  }

  constructor(name, driver, home, base) {
    this.name = name;
    this.driver = driver;
    this.home = home;
    this.base = base;
    this.session = null;
  }

  async waitForDriver(exited) {
    const deadline = Date.now() + 20000;
    for (;;) {
      if (exited()) throw new Error(`tauri-driver exited early: ${JSON.stringify(exited())}`);
      try {
        const res = await fetch(`${this.base}/status`);
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error('tauri-driver did not answer /status within 20 s');
      await sleep(100);
    }
  }

  async close() {
    if (this.session) {
      await this.session.delete().catch(() => {});
      this.session = null;
    }
    if (this.driver.exitCode === null && this.driver.signalCode === null) {
      const gone = new Promise((ok) => this.driver.once('exit', ok));
      killGroup(this.driver, 'SIGTERM');
      await Promise.race([gone, sleep(5000)]);
    }
    // Whatever is left of the group (the app, WebKit helpers).
    killGroup(this.driver, 'SIGKILL');
    removeHome(this.home);
  }

  /** Saves a screenshot and the page source for a failed step. */
  async saveArtifacts(step) {
    if (!this.session) return;
    const stem = join(ARTIFACTS, `${safeName(this.name)}--${safeName(step)}`);
    try {
      writeFileSync(`${stem}.png`, await this.failureScreenshot());
    } catch (err) {
      writeFileSync(`${stem}.png.error.txt`, String(err));
    }
    try {
      writeFileSync(`${stem}.html`, await this.session.source());
    } catch (err) {
      writeFileSync(`${stem}.html.error.txt`, String(err));
    }
  }

  /**
   * The screen when a step failed: the X display first (ImageMagick's `import`, installed by
   * scripts/setup.sh), since WebDriver's screenshot hung here for its whole 60 s timeout on some
   * screens (the Troncos list, 2026-12-03); WebDriver's when there is no display to capture.
   */
  async failureScreenshot() {
    const display = spawnSync('import', ['-window', 'root', 'png:-'], { maxBuffer: 64 << 20, timeout: 15000 });
    if (display.status === 0 && wholePng(display.stdout)) return display.stdout;
    return webdriverPng(this.session);
  }

  /**
   * Writes docs/screenshots/<name>.png when UPDATE_SCREENSHOTS=1, with the element of test id
   * `top` (if given) scrolled back to its start.
   */
  async readmeShot(name, top) {
    if (!UPDATE_SCREENSHOTS) return;
    if (top) {
      const [el] = await this.session.visible(top);
      // Every scrolling ancestor back to its top (scrollIntoView would tuck it under the header).
      const script = 'for (let e = arguments[0]; e; e = e.parentElement) e.scrollTop = 0; window.scrollTo(0, 0)';
      if (el) await this.session.execute(script, [el.ref()]);
    }
    // Let transitions and fonts settle before the picture.
    await sleep(600);
    mkdirSync(SCREENSHOTS, { recursive: true });
    writeFileSync(join(SCREENSHOTS, `${name}.png`), await webdriverPng(this.session));
  }
}

/** The PNG's last chunk (IEND): a picture cut short lacks it. */
const PNG_END = Buffer.from([0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);

export function wholePng(bytes) {
  return bytes.length > PNG_END.length && bytes.subarray(-PNG_END.length).equals(PNG_END);
}

/** WebDriver's screenshot, refused unless it is a whole PNG (never a broken file in the repo). */
async function webdriverPng(session) {
  const png = await session.screenshot();
  if (!wholePng(png)) throw new Error(`WebDriver's screenshot came cut short (${png.length} bytes)`);
  return png;
}

/**
 * The first-run choice "use the sandbox": from the welcome screen to the sandbox badge. A failure
 * to start it ends the wait at once with the app's own message.
 */
export async function useSandbox(session) {
  await session.waitFor('welcome-use-sandbox', { timeout: 60000 });
  await session.click('welcome-use-sandbox');
  const badge = await session.until('the sandbox badge', async () => {
    const failure = await session.visible('welcome-error');
    if (failure.length) throw Object.assign(new Error(`use_sandbox failed: ${await failure[0].text()}`), { fatal: true });
    return (await session.visible('sandbox-badge'))[0];
  }, 60000);
  // The welcome screen was the build's prerendered one, drawn before the app's script ran, and the
  // app took it over without a mismatch (a mismatch would have drawn it a second time).
  const start = await session.execute(
    'return { prerendered: document.getElementById("root").dataset.prerendered ?? null, errors: window.__PABX_HYDRATION_ERRORS__ ?? null }',
  );
  assert.deepEqual(start, { prerendered: 'welcome', errors: [] }, 'the first screen: prerendered, hydrated cleanly');
  return badge;
}

/**
 * The first-run choice "add an account": from the welcome screen, `account` (label, base_url,
 * usuario, token) typed, tested and saved, to the shell.
 */
export async function addAccountFromWelcome(session, account, { timeout = 60000 } = {}) {
  await session.waitFor('welcome', { timeout });
  await session.click('welcome-add-account');
  await session.waitFor('account-form');
  await fillForm(session, account);
  await session.click('account-test');
  await session.waitFor('account-test-result');
  await session.click('account-save');
  await session.waitGone('welcome');
}

/**
 * One app for a test file: launched before its first step (after `setUp`, e.g. a server it
 * talks to), closed after its last (then `tearDown`). `suite.app` is the running app;
 * `suite.step` declares the file's steps (see `steps`).
 */
export function appSuite(name, { timeout = 20000, setUp, tearDown } = {}) {
  const suite = { app: null, step: null };
  suite.step = steps(() => suite.app);
  before(async () => {
    await setUp?.();
    suite.app = await App.launch(name);
    suite.app.session.defaultTimeout = timeout;
  });
  after(async () => {
    await suite.app?.close();
    await tearDown?.();
  });
  return suite;
}

/**
 * Sequential steps sharing one app: a step after a failed one is skipped (it would only fail for the
 * same reason), and a failing step leaves artifacts.
 */
export function steps(app) {
  let failed = null;
  return (name, fn) =>
    test(name, async (t) => {
      if (failed) {
        t.skip(`earlier step failed: ${failed}`);
        return;
      }
      try {
        await fn(app());
      } catch (err) {
        failed = name;
        await app()?.saveArtifacts(name);
        throw err;
      }
    });
}
