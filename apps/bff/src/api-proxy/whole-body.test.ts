import { describe, expect, it } from 'vitest';
import { createHarness } from '../testing/bff-harness';
import { signIn } from '../testing/browser';
import { wholeBodyOf, wholeResponse } from './whole-body';

const REPO = '/2.0/repositories/acme/widgets';
const PATHS = [
  REPO,
  // Revalidated: Bitbucket's 304 answered with the kept bytes.
  REPO,
  `${REPO}/commits?pagelen=2`,
  `${REPO}/src/main/README.md`,
  `${REPO}/src/main/src`,
  '/2.0/repositories/acme/no-such-repository',
];

/** What the browser sees of an answer: status, headers but the per-request ones, and the body. */
async function seen(response: Response) {
  const headers = [...response.headers].filter(([name]) => name !== 'x-request-id');
  return { status: response.status, headers, body: await response.text() };
}

/** Every request of PATHS through one signed-in session, with each upstream answer given as `give` makes it. */
async function browse(give: (answer: Response) => Promise<Response>) {
  const h = createHarness({ upstream: async (_call, forward) => give(await forward()) });
  const { jar } = await signIn(h, { account: 'alice' });
  const answers = [];
  for (const path of PATHS) {
    answers.push(await seen(await h.request(`/api${path}`, { jar, csrf: true })));
  }
  return answers;
}

describe('answers the transport read whole', () => {
  it('reach the browser exactly as the same answers streamed', async () => {
    let madeWhole = 0;
    const whole = await browse(async (answer) => {
      if (answer.body === null || answer.status === 304) return answer;
      madeWhole += 1;
      const bytes = new Uint8Array(await answer.arrayBuffer());
      return wholeResponse(bytes, { status: answer.status, headers: answer.headers });
    });
    const streamed = await browse(async (answer) => answer);
    expect(madeWhole).toBeGreaterThanOrEqual(PATHS.length - 1);
    expect(whole).toEqual(streamed);
    expect(whole.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200, 404]);
  });

  it('are known by the Response itself, never by their bytes', () => {
    const bytes = new TextEncoder().encode('{}');
    const made = wholeResponse(bytes, { status: 200 });
    expect(wholeBodyOf(made)).toBe(bytes);
    expect(wholeBodyOf(new Response(bytes, { status: 200 }))).toBeUndefined();
  });
});
