// CPU time (user + system, in seconds) of every descendant of a process, read from /proc
// (Linux). A browser's work happens in its renderer, GPU and utility processes, none of which
// /usr/bin/time can be wrapped around, so the Chromium side of a benchmark reads this before
// and after the timed step and takes the difference. Null where /proc is missing.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';

let ticksPerSecond;

function clockTicks() {
  ticksPerSecond ??= Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
  return ticksPerSecond;
}

/** pid → { ppid, ticks } for every process; ticks include reaped children (cutime, cstime). */
function readProcesses() {
  const table = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // exited between readdir and read
    }
    // The command name may hold spaces and parentheses; the fields after the last ')' do not.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const [utime, stime, cutime, cstime] = fields.slice(11, 15).map(Number);
    table.set(Number(name), { ppid: Number(fields[1]), ticks: utime + stime + cutime + cstime });
  }
  return table;
}

/** CPU seconds of all descendants of `rootPid` (not the root itself), or null without /proc. */
export function descendantCpuSeconds(rootPid = process.pid) {
  if (!existsSync('/proc/self/stat')) return null;
  const table = readProcesses();
  const children = new Map();
  for (const [pid, { ppid }] of table) {
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid).push(pid);
  }
  let ticks = 0;
  const pending = [...(children.get(rootPid) ?? [])];
  while (pending.length > 0) {
    const pid = pending.pop();
    ticks += table.get(pid).ticks;
    pending.push(...(children.get(pid) ?? []));
  }
  return ticks / clockTicks();
}
