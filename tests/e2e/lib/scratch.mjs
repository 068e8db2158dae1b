/**
 * Process helpers shared by the e2e harness and scripts/measure-startup.mjs: a scratch home (so
 * the app starts as on first run, with no WebKit cache) and killing a detached process group.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The environment that points HOME and the XDG dirs into `home`. */
export function homeEnv(home, extraEnv = {}) {
  return {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local/share'),
    XDG_CACHE_HOME: join(home, '.cache'),
    ...extraEnv,
  };
}

/** A new empty home and the environment that points HOME and the XDG dirs into it. */
export function scratchHome(prefix, extraEnv = {}) {
  const home = mkdtempSync(join(tmpdir(), prefix));
  return { home, env: homeEnv(home, extraEnv) };
}

/** Removes a scratch home; a desktop helper may still hold a mount there, so failure only warns. */
export function removeHome(home) {
  try {
    rmSync(home, { recursive: true, force: true });
  } catch (err) {
    console.warn(`could not remove ${home}: ${err.message}`);
  }
}

/** Signals the process group of a child spawned with `detached: true` (it and its children). */
export function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}
