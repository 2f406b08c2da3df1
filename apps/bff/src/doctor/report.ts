// What a doctor check found, and the report it prints: one line per check, a fix under each problem.

/** `pass` ✓, `warn` ! (works, but worth a look), `fail` ✗ (users will hit it), `skip` – (could not be checked). */
export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip';

export interface CheckResult {
  status: CheckStatus;
  /** What was checked and what was found, on one line. */
  summary: string;
  /** What to do about it; shown for `fail` and `warn`. */
  fix?: string;
  /** Further lines (every configuration problem, for instance). */
  details?: string[];
}

const SYMBOLS: Record<CheckStatus, string> = { pass: '✓', warn: '!', fail: '✗', skip: '–' };

/** A secret as the report may show it: its first two characters and its length, never more. */
export function maskSecret(secret: string): string {
  return `${secret.slice(0, 2)}… (${secret.length} characters)`;
}

/** Replaces every occurrence of each secret in `text` by its mask (a server may echo what it was sent). */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length > 0) out = out.split(secret).join(maskSecret(secret));
  }
  return out;
}

/** 0 when nothing failed (warnings allowed), 1 when any check failed. */
export function exitCodeFor(results: readonly CheckResult[]): 0 | 1 {
  return results.some((result) => result.status === 'fail') ? 1 : 0;
}

/** The printable report: a heading, one line per check, and a closing count. */
export function formatReport(heading: string, results: readonly CheckResult[]): string {
  const lines = [heading, ''];
  for (const result of results) {
    lines.push(`${SYMBOLS[result.status]} ${result.summary}`);
    for (const detail of result.details ?? []) lines.push(`    - ${detail}`);
    if (result.fix !== undefined && (result.status === 'fail' || result.status === 'warn')) {
      lines.push(`    → ${result.fix}`);
    }
  }
  const count = (status: CheckStatus) => results.filter((r) => r.status === status).length;
  const failed = count('fail');
  const warned = count('warn');
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  lines.push('');
  lines.push(
    failed === 0
      ? `No problems found${warned > 0 ? ` (${plural(warned, 'warning')})` : ''}.`
      : `${plural(failed, 'problem')}${warned > 0 ? `, ${plural(warned, 'warning')}` : ''}: fix the lines marked ✗, then run \`pnpm run doctor\` again.`,
  );
  return `${lines.join('\n')}\n`;
}
