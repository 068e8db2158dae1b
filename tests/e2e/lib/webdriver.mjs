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

const VISIBLE_SCRIPT = `
  const [css, root] = arguments;
  const visible = (el) => {
    if (el.getClientRects().length === 0) return false;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none') return false;
    return typeof el.checkVisibility === 'function' ? el.checkVisibility({ visibilityProperty: true }) : true;
  };
  return [...(root ?? document).querySelectorAll(css)].filter(visible);
`;

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

  /**
   * Displayed elements matching a CSS selector, found in the page in one round trip. WebKit's
   * WebDriver "is displayed" says false for some visible Mantine elements (the Badge), so this
   * asks the page itself: laid out, not hidden, not inside a closed (display: none) ancestor.
   */
  async findVisible(css, from) {
    const list = await this.execute(VISIBLE_SCRIPT, [css, from ? from.ref() : null]);
    return list.map((ref) => new Element(this, ref[ELEMENT_KEY], css));
  }

  /** Waits for the first displayed element with a test id. */
  async waitFor(testId, { dataId, timeout, from } = {}) {
    const css = byTestId(testId, dataId);
    return this.until(`[data-testid=${testId}]${dataId === undefined ? '' : ` data-id=${dataId}`}`, async () => {
      const [el] = await this.findVisible(css, from);
      return el ?? null;
    }, timeout);
  }

  /** Waits until no displayed element has the test id. */
  async waitGone(testId, { dataId, timeout } = {}) {
    const css = byTestId(testId, dataId);
    await this.until(`[data-testid=${testId}] to disappear`, async () => (await this.findVisible(css)).length === 0, timeout);
  }

  /** Displayed elements with a test id right now (no waiting). */
  visible(testId, from) {
    return this.findVisible(byTestId(testId), from);
  }

  async exists(testId) {
    return (await this.visible(testId)).length > 0;
  }

  async click(testId, opts) {
    const el = await this.waitFor(testId, opts);
    await el.click();
    return el;
  }

  /**
   * Reloads the page and waits for the new document: `location.reload()` returns before the old
   * page goes, so without the marker a test could find, and click, the old page's elements.
   */
  async reload() {
    await this.execute('window.__beforeReload = true; setTimeout(() => location.reload(), 0);');
    await this.until('the reloaded page', async () => (await this.execute(
      "return !window.__beforeReload && document.readyState === 'complete'")) || null);
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

  async click() {
    // A toast or a closing modal may briefly cover the element, or a row just added may still
    // sit under the form's sticky footer while the layout settles: scroll and retry like a user.
    const deadline = Date.now() + 10000;
    for (;;) {
      // Scroll into view first: WebKitWebDriver refuses clicks on elements outside the viewport.
      await this.session.execute('arguments[0].scrollIntoView({block: "center", behavior: "instant"})', [this.ref()]);
      await this.settle();
      try {
        await this.cmd('POST', '/click', {});
        return;
      } catch (err) {
        if (err.error !== 'element click intercepted' || Date.now() > deadline) throw err;
        await sleep(250);
      }
    }
  }

  /**
   * Waits until the element stops moving: a modal that is still opening (Mantine's scale
   * transition, slow on a loaded machine) would take the click at a point the button has left.
   */
  async settle(timeout = 3000) {
    const deadline = Date.now() + timeout;
    let last = null;
    for (;;) {
      const rect = JSON.stringify(await this.session.execute(
        'const r = arguments[0].getBoundingClientRect(); return [r.x, r.y, r.width, r.height];', [this.ref()]));
      if (rect === last || Date.now() > deadline) return;
      last = rect;
      await sleep(60);
    }
  }

  /** The rendered text (innerText), also for elements WebKit's driver wrongly deems hidden. */
  text() {
    return this.session.execute('return arguments[0].innerText', [this.ref()]);
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

/** A WebDriver call that hangs (the app froze) fails after this long instead of stalling CI. */
const COMMAND_TIMEOUT_MS = 60000;
/** Creating a session launches the app: a cold first start may take a while. */
const SESSION_TIMEOUT_MS = 120000;

async function request(base, method, path, body) {
  const timeout = path === '/session' ? SESSION_TIMEOUT_MS : COMMAND_TIMEOUT_MS;
  const res = await fetch(base + path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeout),
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
