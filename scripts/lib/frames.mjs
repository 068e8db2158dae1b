/**
 * Frame-time probes for the measurement scripts (run in the app's page over WebDriver): the
 * scroll of a list one step per frame, the same scroll over a static HTML table laid over it
 * (what this webview and display cost per frame whatever the app does), and idle frames.
 */

/** Median and p95 of a list of numbers. */
export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};
export const p95 = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)] : NaN;
};

/**
 * Page source run where `p.t0` is set: records in `p.busy` the spans ([from, to] ms after t0) when
 * the page's main thread was busy (gaps over 8 ms in a chain of zero timeouts) while `keepGoing`
 * (an expression over `now`) holds, then runs `atEnd`.
 */
export const busyProbe = (keepGoing, atEnd = '') => `
  p.busy = [];
  let last = p.t0;
  const beat = () => {
    const now = performance.now();
    if (now - last > 8) p.busy.push([Math.round(last - p.t0), Math.round(now - p.t0)]);
    last = now;
    if (${keepGoing}) setTimeout(beat, 0); else { ${atEnd} }
  };
  setTimeout(beat, 0);
`;

/** Frame times with nothing changing on screen (at most 60 frames or 2 s), in window[name]. */
export const idleFrames = (name) => `
  const frames = [];
  window.${name} = null;
  let last = null;
  const end = performance.now() + 2000;
  const step = (ts) => {
    if (last !== null) frames.push(ts - last);
    last = ts;
    if (frames.length < 60 && ts < end) requestAnimationFrame(step); else window.${name} = frames;
  };
  requestAnimationFrame(step);
`;

/**
 * Scrolls `selector` by `px` per frame from the top (at most 160 frames or `ms`: a
 * software-rendered display can take hundreds of ms a frame); frame times in window[name].
 */
export const scrollFrames = (selector, name, { px = 300, ms = 6000 } = {}) => `
  const el = document.querySelector(${JSON.stringify(selector)});
  el.scrollTop = 0;
  const frames = [];
  window.${name} = null;
  let last = null;
  const end = performance.now() + ${ms};
  const step = (ts) => {
    if (last !== null) frames.push(ts - last);
    last = ts;
    el.scrollTop += ${px};
    if (frames.length < 160 && ts < end) requestAnimationFrame(step); else window.${name} = frames;
  };
  requestAnimationFrame(step);
`;

/** A static table of 2,000 plain rows (no script) laid over `selector`, id `measure-floor`. */
export const staticTable = (selector) => `
  const over = document.querySelector(${JSON.stringify(selector)}).getBoundingClientRect();
  const box = document.createElement('div');
  box.id = 'measure-floor';
  box.style.cssText = 'position:fixed;overflow:auto;background:white;z-index:9999;left:' + over.left + 'px;top:' + over.top + 'px;width:' + over.width + 'px;height:' + over.height + 'px';
  const cells = (i) => [i, 'Ramal ' + i, 'usuario' + i, '1131' + i, 'Grupo', 'Não'].map((c) => '<span>' + c + '</span>').join('');
  let html = '';
  for (let i = 0; i < 2000; i++) html += '<div style="height:44px;display:grid;grid-template-columns:repeat(6,1fr);align-items:center;border-bottom:1px solid #ddd;font-size:14px">' + cells(i) + '</div>';
  box.innerHTML = html;
  document.body.appendChild(box);
`;

/** Polls window[name] until the page has set it. */
export async function pageValue(session, name, what, timeout = 60000) {
  return session.until(what, async () => {
    const v = await session.execute(`return window.${name}`);
    return v === null || v === undefined || v === -1 ? null : v;
  }, timeout);
}

/**
 * The frame times of scrolling `selector`, and of the same scroll over a static table there:
 * `passes` of each, alternated (app, static, app, ...), so a busy moment on a shared machine
 * falls on both rather than on one. Frames of every pass together, and each pass's p95.
 */
export async function scrollAndFloor(session, selector, { passes = 3, ...options } = {}) {
  await session.execute(idleFrames('__idle'));
  const idle = await pageValue(session, '__idle', 'the idle frames');
  const frames = [];
  const floor = [];
  const perPass = { frames: [], floor: [] };
  for (let pass = 0; pass < passes; pass += 1) {
    await session.execute(scrollFrames(selector, '__frames', options));
    const app = await pageValue(session, '__frames', 'the scroll frames');
    await session.execute(staticTable(selector));
    await session.execute(scrollFrames('#measure-floor', '__floor', options));
    const bare = await pageValue(session, '__floor', 'the static table frames');
    await session.execute(`document.getElementById('measure-floor').remove()`);
    frames.push(...app);
    floor.push(...bare);
    perPass.frames.push(p95(app));
    perPass.floor.push(p95(bare));
  }
  return { idle, frames, floor, perPass };
}
