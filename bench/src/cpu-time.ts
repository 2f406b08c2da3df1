// CPU time a process has used, from Linux's /proc: steadier than latency on a machine other work shares.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * User plus system time in clock ticks from the text of `/proc/<pid>/stat`. The command name (field 2)
 * may hold spaces and parentheses, so fields are counted from its last `)`: `utime` and `stime` are
 * fields 14 and 15. Undefined when the text is not such a line.
 */
export function ticksFromStat(stat: string): number | undefined {
  const close = stat.lastIndexOf(')');
  if (close === -1) return undefined;
  const fields = stat
    .slice(close + 2)
    .trim()
    .split(/\s+/);
  // fields[0] is field 3 (state), so field n is fields[n - 3].
  const user = Number(fields[11]);
  const system = Number(fields[12]);
  if (!Number.isInteger(user) || !Number.isInteger(system)) return undefined;
  return user + system;
}

let ticksPerSecond: number | undefined;

/** Clock ticks per second (`getconf CLK_TCK`; 100 on every Linux Pail has met). */
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    } catch {
      ticksPerSecond = 100;
    }
    if (!Number.isFinite(ticksPerSecond) || ticksPerSecond <= 0) ticksPerSecond = 100;
  }
  return ticksPerSecond;
}

/** The CPU seconds process `pid` has used so far, or undefined where `/proc` cannot tell (not Linux). */
export function cpuSeconds(pid: number): number | undefined {
  try {
    const ticks = ticksFromStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    return ticks === undefined ? undefined : ticks / clockTicks();
  } catch {
    return undefined;
  }
}
