/**
 * What lies outside the webview: native dialogs on the test's X display, answered like a user
 * would with xdotool (installed by scripts/setup.sh).
 */
import { execFileSync } from 'node:child_process';

/** Waits for the save dialog titled `title`, types `path` over the suggested name and confirms. */
export function answerSaveDialog(title, path) {
  const run = (...args) => execFileSync('xdotool', args, { encoding: 'utf8', timeout: 60000 }).trim();
  const window = run('search', '--sync', '--onlyvisible', '--name', title).split('\n')[0];
  run('windowfocus', '--sync', window);
  run('key', '--clearmodifiers', 'ctrl+a');
  run('type', '--delay', '20', path);
  run('key', 'Return');
}
