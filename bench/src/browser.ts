// Debian's Chromium through playwright-core, launched as the e2e suite launches it, and the waits the
// browser sections share.
import { setTimeout as delay } from 'node:timers/promises';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import type { BenchStack } from './stack';
import { upstreamCalls } from './stack';
import { CHROMIUM_ARGS } from '../../scripts/lib/chromium-args.mjs';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.PAIL_CHROMIUM ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
}

/**
 * Waits until the emulator has seen no new request for `quietMs` (at most `limitMs`): the page has made
 * every call it is going to make for now, prefetches included.
 */
export async function settleUpstream(
  stack: BenchStack,
  quietMs = 600,
  limitMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + limitMs;
  let count = (await upstreamCalls(stack)).length;
  let quietSince = Date.now();
  while (Date.now() < deadline) {
    await delay(100);
    const now = (await upstreamCalls(stack)).length;
    if (now !== count) {
      count = now;
      quietSince = Date.now();
    } else if (Date.now() - quietSince >= quietMs) {
      return;
    }
  }
}

/** Signs in on the emulator's consent page as alice, from Pail's sign-in page. */
export async function signInThroughConsent(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Sign in with Bitbucket' }).click();
  await page.waitForURL((url) => url.pathname === '/site/oauth2/authorize');
  await page.getByLabel('Alice Marchetti').check();
  await page.getByRole('button', { name: 'Grant access' }).click();
}

/**
 * Moves the pointer to a spot over no link or button, as a user reaching for the back button or reading
 * does: a pointer left over a link of the next page would prefetch it and blur what each step costs.
 */
export async function parkPointer(page: Page): Promise<void> {
  const spot = await page.evaluate(() => {
    const { innerWidth: w, innerHeight: h } = window;
    const candidates = [
      [w - 2, h - 2],
      [w - 2, Math.round(h / 2)],
      [2, h - 2],
      [Math.round(w / 2), h - 2],
    ] as const;
    return (
      candidates.find(([x, y]) => {
        const element = document.elementFromPoint(x, y);
        return !element?.closest('a, button, [role="button"], [role="link"], input, select');
      }) ?? candidates[0]
    );
  });
  await page.mouse.move(spot[0], spot[1]);
}
