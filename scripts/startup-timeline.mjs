/**
 * Where the page's start-up time goes, for one first-run launch of the app over WebDriver: the
 * navigation's timing, the app's marks (`pabx-boot`: the boot script runs; `pabx-painted`: the
 * prerendered screen's first frame; `pabx-main`: the app's entry module runs; `pabx-interactive`:
 * the app has its first screen) and each resource's fetch, in ms from the navigation's start.
 * Usage: PABX_DESKTOP_BIN=<app binary> node scripts/startup-timeline.mjs [launches]
 *   env SCREENSHOT=<file.png>: the first launch's window once the app has its first screen.
 * (under Xvfb, a keyring and tauri-driver, as tests/run-e2e.sh sets them up).
 */
import { writeFileSync } from 'node:fs';
import { App } from '../tests/e2e/lib/app.mjs';

const launches = Number(process.argv[2] ?? 3);
for (let i = 0; i < launches; i++) {
  const app = await App.launch(`timeline-${i}`);
  try {
    await app.session.waitFor('welcome', { timeout: 60000 });
    await app.session.until('the interactive mark', async () =>
      app.session.execute('return performance.getEntriesByName("pabx-interactive").length > 0'), 30000);
    const timeline = await app.session.execute(`
      const nav = performance.getEntriesByType('navigation')[0] || {};
      const at = (name) => { const e = performance.getEntriesByName(name)[0]; return e ? Math.round(e.startTime) : null; };
      return {
        response_end: Math.round(nav.responseEnd || 0),
        dom_interactive: Math.round(nav.domInteractive || 0),
        dom_content_loaded: Math.round(nav.domContentLoadedEventEnd || 0),
        load: Math.round(nav.loadEventEnd || 0),
        first_paint: at('first-paint'),
        first_contentful_paint: at('first-contentful-paint'),
        boot: at('pabx-boot'), painted: at('pabx-painted'), main: at('pabx-main'), interactive: at('pabx-interactive'),
        resources: performance.getEntriesByType('resource').map((r) =>
          [r.name.replace(/^.*\\//, ''), Math.round(r.startTime), Math.round(r.responseEnd), r.encodedBodySize || r.transferSize || 0]),
      };
    `);
    if (i === 0 && process.env.SCREENSHOT) writeFileSync(process.env.SCREENSHOT, await app.session.screenshot());
    const { resources, ...marks } = timeline;
    console.log(`launch ${i + 1}: ${Object.entries(marks).map(([k, v]) => `${k}=${v}`).join(' ')}`);
    for (const [name, start, end, size] of resources) console.log(`  ${name.padEnd(36)} ${String(start).padStart(5)} -> ${String(end).padStart(5)} ms  ${size} B`);
  } finally {
    await app.close();
  }
}
