/**
 * A small W3C WebDriver client over plain HTTP (node's fetch), enough to drive the real app through
 * tauri-driver + WebKitWebDriver without downloading a browser or a client library.
 * Every element lookup goes through `data-testid`; waits poll until a deadline.
 */

/** The W3C key for an element reference in WebDriver JSON. */
const ELEMENT_KEY = 'element-6066-11e4-a52e-4f735466cecf';

/** Special keys (WebDriver code points). */
export const Keys = {
  BACKSPACE: '\uE003',
  TAB: '\uE004',
  ENTER: '\uE007',
  ESCAPE: '\uE00C',
  CONTROL: '\uE009',
  ARROW_DOWN: '\uE015',
};

export class WebDriverError extends Error {
  constructor(method, path, status, value) {
    super(`${method} ${path} -> ${status} ${value?.error ?? ''}: ${value?.message ?? JSON.stringify(value)}`);
    this.error = value?.error;
  }
}

/** CSS selector for a test id (optionally with a `data-id`). */
export function byTestId(testId, dataId) {
  const id = dataId === undefined ? '' : `[data-id="${String(dataId)}"]`;
  return `[data-testid="${testId}"]${id}`;
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export class Session {
  /** @param {string} base e.g. http://127.0.0.1:4444  @param {string} id session id */
  constructor(base, id) {
    this.base = base;
    this.id = id;
    this.defaultTimeout = 15000;
  }

  static async create(base, capabilities) {
    const value = await request(base, 'POST', '/session', { capabilities: { alwaysMatch: capabilities } });
    return new Session(base, value.sessionId);
  }

  cmd(method, path, body) {
    return request(this.base, method, `/session/${this.id}${path}`, body);
  }

  async delete() {
    await this.cmd('DELETE', '');
  }

  /** All elements matching a CSS selector, as Element handles (no waiting). */
  async findAll(css, from) {
    const path = from ? `/element/${from.id}/elements` : '/elements';
    const list = await this.cmd('POST', path, { using: 'css selector', value: css });
    return list.map((ref) => new Element(this, ref[ELEMENT_KEY], css));
  }

  /** Polls `probe` until it returns a truthy value or the deadline passes. */
  async until(description, probe, timeout = this.defaultTimeout) {
    const deadline = Date.now() + timeout;
    let lastError;
    for (;;) {
      try {
        const result = await probe();
        if (result) return result;
      } catch (err) {
        // Stale elements and re-renders are normal while React updates; retry, unless the probe
        // found a definite failure (err.fatal).
        if (err.fatal) throw err;
        lastError = err;
      }
      if (Date.now() > deadline) {
        const why = lastError ? ` (last error: ${lastError.message})` : '';
        throw new Error(`timed out after ${timeout} ms waiting for ${description}${why}`);
      }
      await sleep(100);
    }
  }

  /** Waits for the first displayed element with a test id. */
  async waitFor(testId, { dataId, timeout, from } = {}) {
    const css = byTestId(testId, dataId);
    return this.until(`[data-testid=${testId}]${dataId === undefined ? '' : ` data-id=${dataId}`}`, async () => {
      for (const el of await this.findAll(css, from)) {
        if (await el.displayed()) return el;
      }
      return null;
    }, timeout);
  }

  /** Waits until no displayed element has the test id. */
  async waitGone(testId, { dataId, timeout } = {}) {
    const css = byTestId(testId, dataId);
    await this.until(`[data-testid=${testId}] to disappear`, async () => {
      for (const el of await this.findAll(css)) {
        if (await el.displayed()) return false;
      }
      return true;
    }, timeout);
  }

  /** Displayed elements with a test id right now (no waiting). */
  async visible(testId, from) {
    const out = [];
    for (const el of await this.findAll(byTestId(testId), from)) {
      if (await el.displayed().catch(() => false)) out.push(el);
    }
    return out;
  }

  async exists(testId) {
    return (await this.visible(testId)).length > 0;
  }

  async click(testId, opts) {
    const el = await this.waitFor(testId, opts);
    await el.click();
    return el;
  }

  execute(script, args = []) {
    return this.cmd('POST', '/execute/sync', { script, args });
  }

  async screenshot() {
    return Buffer.from(await this.cmd('GET', '/screenshot'), 'base64');
  }

  source() {
    return this.cmd('GET', '/source');
  }

  setWindowRect(rect) {
    return this.cmd('POST', '/window/rect', rect);
  }
}

export class Element {
  constructor(session, id, css) {
    this.session = session;
    this.id = id;
    this.css = css;
  }

  cmd(method, path, body) {
    return this.session.cmd(method, `/element/${this.id}${path}`, body);
  }

  displayed() {
    return this.cmd('GET', '/displayed');
  }

  async click() {
    // Scroll into view first: WebKitWebDriver refuses clicks on elements outside the viewport.
    await this.session.execute('arguments[0].scrollIntoView({block: "center"})', [this.ref()]);
    await this.cmd('POST', '/click', {});
  }

  text() {
    return this.cmd('GET', '/text');
  }

  attribute(name) {
    return this.cmd('GET', `/attribute/${encodeURIComponent(name)}`);
  }

  property(name) {
    return this.cmd('GET', `/property/${encodeURIComponent(name)}`);
  }

  tagName() {
    return this.cmd('GET', '/name');
  }

  sendKeys(text) {
    return this.cmd('POST', '/value', { text });
  }

  /** Replaces the value the way a user does (select all, delete, type), so React sees every key. */
  async replaceText(text) {
    await this.click();
    await this.sendKeys(Keys.CONTROL + 'a' + Keys.CONTROL + Keys.BACKSPACE);
    if ((await this.property('value')) !== '') {
      // Fallback for inputs where select-all is not honoured.
      const len = String(await this.property('value')).length;
      await this.sendKeys(Keys.BACKSPACE.repeat(len));
    }
    if (text !== '') await this.sendKeys(text);
  }

  ref() {
    return { [ELEMENT_KEY]: this.id };
  }
}

async function request(base, method, path, body) {
  const res = await fetch(base + path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    throw new WebDriverError(method, path, res.status, { message: text.slice(0, 500) });
  }
  if (!res.ok) throw new WebDriverError(method, path, res.status, json.value);
  return json.value;
}
