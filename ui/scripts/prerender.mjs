/**
 * After `vite build`: renders the first-run screens (src/prerender.tsx, built with `vite build
 * --ssr` into dist-prerender) and puts them into dist/index.html as <template>s where the boot
 * script finds them; dist-prerender is removed. The entry module and its preloads become
 * <meta name="pabx-..."> entries that the boot script loads itself, after the prerendered screen's
 * first frame: WebKit draws no frame while anything the page started is still loading
 * (scripts/startup-timeline.mjs: the frame waited for the load event). The stylesheet stays a
 * plain link: inlining the screens' rules instead (beasties, 64 kB) made the first layout slower
 * (90-115 ms against 23-40 ms). Fails the build if the marker or the entry is missing, so the app
 * never ships without them unnoticed.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ui = join(dirname(fileURLToPath(import.meta.url)), '..');
const ssrDir = join(ui, 'dist-prerender');
const indexPath = join(ui, 'dist', 'index.html');
const MARKER = /<!-- first-screens:[^>]*-->/;

const { renderFirstScreens } = await import(pathToFileURL(join(ssrDir, 'prerender.js')).href);
const screens = renderFirstScreens();
const templates = Object.entries(screens)
  .map(([id, html]) => `<template id="${id}">${html}</template>`)
  .join('\n    ');
const ENTRY = /<script type="module" crossorigin src="([^"]+)"><\/script>/;
const MODULE_PRELOAD = /<link rel="modulepreload" crossorigin href="([^"]+)">/g;
const index = readFileSync(indexPath, 'utf8');
if (!MARKER.test(index)) throw new Error(`prerender: no first-screens marker in ${indexPath}`);
if (!ENTRY.test(index)) throw new Error(`prerender: no entry module script in ${indexPath}`);
writeFileSync(
  indexPath,
  index
    .replace(ENTRY, (_, src) => `<meta name="pabx-entry" content="${src}">`)
    .replace(MODULE_PRELOAD, (_, href) => `<meta name="pabx-modulepreload" content="${href}">`)
    .replace(MARKER, () => templates),
);
rmSync(ssrDir, { recursive: true, force: true });
const sizes = Object.entries(screens).map(([id, html]) => `${id} ${(html.length / 1024).toFixed(1)} kB`);
console.log(`prerender: ${sizes.join(', ')} into dist/index.html`);
