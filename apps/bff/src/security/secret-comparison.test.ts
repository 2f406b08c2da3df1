import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..');
/** Where request data meets secrets: OAuth state, verifiers, session and login ids, tokens, the client secret. */
const SECRET_HANDLING = [
  'auth',
  'crypto',
  'oauth',
  'session',
  'middleware',
  'rate-limit',
  'api-proxy',
];
const SECRET_NAME = /(?:state|verifier|token|secret|sessionid|rawid|loginid)\b/i;
/** Comparisons with these are about presence or shape, not a secret's value. */
const HARMLESS_OPERAND =
  /^(?:undefined|null|true|false|\d+|'[^']*'|"[^"]*")$|\.(?:length|size|kind|status)$/;
/**
 * Both sides held by the server, neither taken from a request: the token this process itself just sent,
 * checked against the stored one so a refresh runs once. No attacker can time it.
 */
const SERVER_ONLY = ['session.record.accessToken !== rejected'];

/** Each `a === b` / `a !== b` on a line that compares a secret's value. */
function plainSecretComparisons(line: string): string[] {
  const found: string[] = [];
  for (const match of line.matchAll(/([\w.[\]?']+)\s*([!=]==)\s*([\w.[\]?']+)/g)) {
    const [text, left = '', , right = ''] = match;
    if (HARMLESS_OPERAND.test(left) || HARMLESS_OPERAND.test(right)) continue;
    if (SERVER_ONLY.some((allowed) => line.includes(allowed))) continue;
    if (SECRET_NAME.test(left) || SECRET_NAME.test(right)) found.push(text);
  }
  return found;
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('secrets are compared only in constant time', () => {
  it('no module that handles a state, verifier, id, token or secret compares one with === or !==', () => {
    const offenders: string[] = [];
    for (const dir of SECRET_HANDLING) {
      for (const file of sources(join(SRC, dir))) {
        readFileSync(file, 'utf8')
          .split('\n')
          .forEach((line, index) => {
            const code = line.replace(/\/\/.*$|^\s*\*.*$/, '');
            for (const comparison of plainSecretComparisons(code)) {
              offenders.push(`${relative(SRC, file)}:${index + 1} ${comparison}`);
            }
          });
      }
    }
    expect(offenders).toEqual([]);
  });

  it('the rule would catch a plain comparison of a state or token', () => {
    expect(plainSecretComparisons('if (state[0] !== transaction.state) throw x;')).toHaveLength(1);
    expect(plainSecretComparisons('if (record.refreshToken === presented) return;')).toHaveLength(
      1,
    );
    expect(
      plainSecretComparisons("if (c.req.method !== 'GET' || token === undefined) return;"),
    ).toEqual([]);
  });

  it('the callback checks the state with constantTimeEqual', () => {
    const routes = readFileSync(join(SRC, 'auth', 'auth-routes.ts'), 'utf8');
    expect(routes).toMatch(/constantTimeEqual\(state\[0\] \?\? '', transaction\.state\)/);
  });
});
