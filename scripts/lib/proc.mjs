/** Memory of a process tree from /proc (the app and its WebKit processes). */
import { readFileSync, readdirSync } from 'node:fs';

/** pid -> { ppid, name } for every process we can read. */
function processTable() {
  const table = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // comm is in parentheses and may hold spaces: split after the last ')'.
      const close = stat.lastIndexOf(')');
      const name = stat.slice(stat.indexOf('(') + 1, close);
      const ppid = Number(stat.slice(close + 2).split(' ')[1]);
      table.set(Number(entry), { ppid, name });
    } catch {
      // the process ended while we looked
    }
  }
  return table;
}

/** `root` and every process under it, with their names. */
export function descendants(root) {
  const table = processTable();
  const found = [root];
  for (let i = 0; i < found.length; i++) {
    for (const [pid, { ppid }] of table) if (ppid === found[i]) found.push(pid);
  }
  return found.map((pid) => ({ pid, name: table.get(pid)?.name ?? '?' }));
}

/** Sum of a `Key:   123 kB` line of a /proc file, in kB (0 when unreadable). */
function procKb(path, key) {
  try {
    const match = readFileSync(path, 'utf8').match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** PSS and RSS (MB) summed over `root` and its descendants, with their names. */
export function memory(root) {
  const procs = descendants(root);
  let pss = 0;
  let rss = 0;
  for (const { pid } of procs) {
    pss += procKb(`/proc/${pid}/smaps_rollup`, 'Pss');
    rss += procKb(`/proc/${pid}/status`, 'VmRSS');
  }
  return { pss_mb: pss / 1024, rss_mb: rss / 1024, processes: procs.map((p) => p.name) };
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** CPU time (ms, user + system) used so far by `pids`; `children` adds their waited-for children's. */
export function cpuMs(pids, { children = false } = {}) {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime, stime, cutime, cstime: fields 14-17 of stat, 12-15 after the name.
      ticks += Number(fields[11]) + Number(fields[12]);
      if (children) ticks += Number(fields[13]) + Number(fields[14]);
    } catch {
      // the process ended
    }
  }
  return ticks * TICK_MS;
}
