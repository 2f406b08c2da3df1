// Upstream calls per journey: the standard journey in Chromium, counted at the emulator step by step —
// hover before each click (prefetch), then the click, then back through every page.
import type { Browser, Locator, Page } from 'playwright-core';
import { parkPointer, settleUpstream, signInThroughConsent } from './browser';
import type { Figure } from './figures';
import type { BenchStack } from './stack';
import { clearUpstreamCalls, upstreamCalls } from './stack';
import { isApiCall, repeatedCalls, responseKinds } from './upstream-calls';
import type { UpstreamCall } from './upstream-calls';

interface Step {
  name: string;
  /** The link the user follows: hovered first (and left to prefetch), then clicked. */
  link?: (page: Page) => Locator;
  /** What the step does when it is not following a link. */
  act?: (page: Page) => Promise<void>;
  /** Resolves once the page shows what the user came for. */
  ready: (page: Page) => Promise<unknown>;
}

const tab = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Repository' }).getByRole('link', { name, exact: true });

export const JOURNEY: readonly Step[] = [
  {
    name: 'sign in',
    act: async (page) => {
      await page.goto('/login');
      await signInThroughConsent(page);
    },
    ready: (page) => page.getByRole('link', { name: /Acme Corporation/ }).waitFor(),
  },
  {
    name: 'open workspace acme',
    link: (page) => page.getByRole('link', { name: /Acme Corporation/ }),
    ready: (page) => page.getByRole('link', { name: 'widgets', exact: true }).waitFor(),
  },
  {
    name: 'search "widgets"',
    act: (page) => page.getByLabel('Search repositories').fill('widgets'),
    ready: async (page) => {
      await page.waitForURL((url) => url.searchParams.get('search') === 'widgets');
      await page.getByRole('link', { name: 'widgets', exact: true }).waitFor();
    },
  },
  {
    name: 'open repository (overview, README)',
    link: (page) => page.getByRole('link', { name: 'widgets', exact: true }),
    ready: (page) =>
      page
        .getByRole('region', { name: 'README.md' })
        .getByRole('heading', { level: 1 })
        .first()
        .waitFor(),
  },
  {
    name: 'source',
    link: (page) => tab(page, 'Source'),
    ready: (page) => page.getByRole('link', { name: 'src (folder)' }).waitFor(),
  },
  {
    name: 'folder src',
    link: (page) => page.getByRole('link', { name: 'src (folder)' }),
    ready: (page) => page.getByRole('link', { name: 'lib (folder)' }).waitFor(),
  },
  {
    name: 'folder src/lib',
    link: (page) => page.getByRole('link', { name: 'lib (folder)' }),
    ready: (page) => page.getByRole('link', { name: 'format (folder)' }).waitFor(),
  },
  {
    name: 'folder src/lib/format',
    link: (page) => page.getByRole('link', { name: 'format (folder)' }),
    ready: (page) => page.getByRole('link', { name: 'format-date.ts' }).waitFor(),
  },
  {
    name: 'nested file format-date.ts',
    link: (page) => page.getByRole('link', { name: 'format-date.ts' }),
    ready: (page) =>
      page
        .getByRole('region', { name: 'Contents of format-date.ts' })
        .locator('.code-line')
        .first()
        .waitFor(),
  },
  {
    name: 'history',
    link: (page) => tab(page, 'Commits'),
    ready: (page) =>
      page.getByRole('list', { name: 'Commits' }).getByRole('listitem').first().waitFor(),
  },
  {
    name: 'a commit',
    link: (page) =>
      page
        .getByRole('list', { name: 'Commits' })
        .getByRole('listitem')
        .filter({ hasNot: page.getByText('Merge', { exact: true }) })
        .first()
        .getByRole('link')
        .first(),
    ready: (page) => page.getByRole('list', { name: 'Changed files' }).waitFor(),
  },
  {
    name: 'pull requests',
    link: (page) => tab(page, 'Pull requests'),
    ready: (page) => page.getByRole('list', { name: 'Open pull requests' }).waitFor(),
  },
  {
    name: 'a pull request',
    link: (page) => page.getByRole('link', { name: 'Dark mode for every widget' }),
    ready: (page) =>
      page.getByRole('heading', { level: 2, name: /Dark mode for every widget/ }).waitFor(),
  },
];

export interface StepCalls {
  name: string;
  url: string;
  /** Calls made while the link was only hovered (prefetch). */
  onHover: UpstreamCall[];
  /** Calls made after the click (or the action) until the page settled. */
  afterClick: UpstreamCall[];
  /** For back steps: seconds since the page was last shown. */
  ageSeconds?: number;
}

export interface JourneyResult {
  forward: StepCalls[];
  back: StepCalls[];
  all: UpstreamCall[];
}

export async function runJourney(stack: BenchStack, browser: Browser): Promise<JourneyResult> {
  const context = await browser.newContext({ baseURL: stack.webUrl });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await clearUpstreamCalls(stack);
  let seen = 0;
  const since = async () => {
    const calls = await upstreamCalls(stack);
    const fresh = calls.slice(seen);
    seen = calls.length;
    return fresh.filter(isApiCall);
  };
  const forward: StepCalls[] = [];
  const shownAt: number[] = [];
  try {
    for (const step of JOURNEY) {
      let onHover: UpstreamCall[] = [];
      if (step.link) {
        const link = step.link(page);
        await link.hover();
        await settleUpstream(stack);
        onHover = await since();
        await link.click();
      } else if (step.act) {
        await step.act(page);
      }
      await parkPointer(page);
      await step.ready(page);
      await settleUpstream(stack);
      forward.push({ name: step.name, url: page.url(), onHover, afterClick: await since() });
      shownAt.push(Date.now());
    }
    const back: StepCalls[] = [];
    // Back through every page to the workspace (the sign-in step's page is the first one left).
    for (let index = forward.length - 2; index >= 1; index -= 1) {
      const target = forward[index] as StepCalls;
      await parkPointer(page);
      await page.goBack();
      await page.waitForURL(target.url);
      await settleUpstream(stack);
      back.push({
        name: `back to ${target.name}`,
        url: target.url,
        onHover: [],
        afterClick: await since(),
        ageSeconds: (Date.now() - (shownAt[index] as number)) / 1000,
      });
    }
    if (errors.length > 0) throw new Error(`the page threw: ${errors.join('; ')}`);
    return { forward, back, all: (await upstreamCalls(stack)).filter(isApiCall) };
  } finally {
    await context.close();
  }
}

export function journeyFigures(result: JourneyResult): Figure[] {
  const rows: Figure[] = result.forward.map((step) => ({
    section: 'journey',
    name: `calls: ${step.name}`,
    value: step.onHover.length + step.afterClick.length,
    unit: 'calls',
    note: `${step.onHover.length} on hover, ${step.afterClick.length} after the click`,
  }));
  const repeats = result.forward.flatMap((step) =>
    repeatedCalls([...step.onHover, ...step.afterClick]),
  );
  rows.push({
    section: 'journey',
    name: 'same upstream call twice on one page',
    value: repeats.length,
    unit: 'calls',
    budget: { kind: 'equals', limit: 0 },
    note: repeats.length > 0 ? repeats.slice(0, 3).join(', ') : undefined,
  });
  const backCalls = result.back.flatMap((step) => step.afterClick);
  const oldest = Math.max(0, ...result.back.map((step) => step.ageSeconds ?? 0));
  const noisyBacks = result.back.filter((step) => step.afterClick.length > 0);
  rows.push({
    section: 'journey',
    name: `calls going back through ${result.back.length} pages`,
    value: backCalls.length,
    unit: 'calls',
    budget: { kind: 'equals', limit: 0 },
    note: [
      ...noisyBacks.map(
        (step) => `${step.name.replace(/^back to /, '')}: ${step.afterClick.length}`,
      ),
      `pages last seen ≤ ${Math.round(oldest)} s before`,
    ].join('; '),
  });
  const linkSteps = result.forward.filter((_, index) => JOURNEY[index]?.link);
  const prefetched = linkSteps.filter((step) => step.onHover.length > 0);
  rows.push({
    section: 'journey',
    name: 'links whose hover prefetched the next page',
    value: prefetched.length,
    unit: `of ${linkSteps.length}`,
  });
  const late = linkSteps.filter((step) => step.afterClick.length > 0);
  rows.push({
    section: 'journey',
    name: 'links whose page still called upstream after the click',
    value: late.length,
    unit: `of ${linkSteps.length}`,
    budget: { kind: 'equals', limit: 0 },
    note:
      late.length > 0
        ? late
            .map((step) => step.name)
            .slice(0, 4)
            .join(', ')
        : undefined,
  });
  const kinds = responseKinds(result.all);
  rows.push(
    {
      section: 'journey',
      name: 'full upstream responses (2xx)',
      value: kinds?.full ?? null,
      unit: 'responses',
      note: kinds ? `of ${result.all.length} calls` : 'the emulator log has no statuses',
    },
    {
      section: 'journey',
      name: 'revalidated upstream responses (304)',
      value: kinds?.notModified ?? null,
      unit: 'responses',
      note: kinds ? undefined : 'the emulator log has no statuses',
    },
  );
  return rows;
}
