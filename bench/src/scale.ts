// Scale: time to first meaningful render in Chromium for the 10,000-repository workspace, the 5 MB file and
// the 5,000-file commit, each beside the same page on a small repository; plus the upstream calls they make.
import type { Browser, BrowserContext } from 'playwright-core';
import { settleUpstream, signInThroughConsent } from './browser';
import type { Figure } from './figures';
import { median, ratio } from './figures';
import type { BenchStack } from './stack';
import { BASIC_AUTHORIZATION, clearUpstreamCalls, upstreamCalls } from './stack';
import { isApiCall } from './upstream-calls';
import type { UpstreamCall } from './upstream-calls';

export const SCALE_SETTINGS = { warmupRuns: 1, runs: 3, renderTimeoutMs: 30_000, settleMs: 1_500 };

/** What counts as meaningful on each page: the first thing the user came to read. */
const MEANINGFUL = {
  workspace: '[aria-label="Repositories"] a',
  file: '[aria-label^="Contents of"] .code-line',
  commit: '[aria-label="Changed files"] li, [aria-label="Changed files"] [role="listitem"]',
};

/** Records main-thread long tasks (start and duration) from the first moment of every page. */
const LONG_TASK_OBSERVER = `
  window.__benchLongTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        window.__benchLongTasks.push({ start: entry.startTime, duration: entry.duration });
      }
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
`;

export interface PageMeasurement {
  /** ms from navigation start until the meaningful element was on screen; null when it never was. */
  renderMs: number | null;
  /**
   * The longest main-thread task that started once the content was on screen, until the page settled, ms:
   * how long the page could not answer a click or a scroll while it finished (highlighting, the rest of a
   * list). Booting the app before that is the same on every page and is not counted. Null when the
   * content never showed.
   */
  longestTaskMs: number | null;
  /** How many of the meaningful elements (rows, lines) are in the DOM once settled; null as above. */
  rowsInDom: number | null;
  calls: UpstreamCall[];
  /** Set when the page showed something else instead (a "too large" notice). */
  instead?: string;
}

async function measurePage(
  stack: BenchStack,
  context: BrowserContext,
  path: string,
  selector: string,
): Promise<PageMeasurement> {
  await clearUpstreamCalls(stack);
  const page = await context.newPage();
  try {
    await page.goto(path, { waitUntil: 'commit' });
    const found = await page
      .waitForFunction(
        (sel) => {
          const element = document.querySelector(sel);
          if (element && element.getBoundingClientRect().height > 0) {
            return { at: performance.now(), instead: '' };
          }
          const notice = [...document.querySelectorAll('[role="note"]')].find((note) =>
            /too large/i.test(note.textContent ?? ''),
          );
          return notice ? { at: performance.now(), instead: notice.textContent ?? '' } : false;
        },
        selector,
        { polling: 'raf', timeout: SCALE_SETTINGS.renderTimeoutMs },
      )
      .then((handle) => handle.jsonValue() as Promise<{ at: number; instead: string }>)
      .catch(() => undefined);
    await page.waitForTimeout(SCALE_SETTINGS.settleMs);
    await settleUpstream(stack);
    const after = await page.evaluate(
      ({ sel, from }) => {
        const tasks =
          (window as unknown as { __benchLongTasks?: { start: number; duration: number }[] })
            .__benchLongTasks ?? [];
        return {
          longest: Math.max(0, ...tasks.filter((t) => t.start >= from).map((t) => t.duration)),
          rows: document.querySelectorAll(sel).length,
        };
      },
      { sel: selector, from: found?.at ?? 0 },
    );
    const rendered = found !== undefined && !found.instead;
    return {
      renderMs: rendered ? found.at : null,
      longestTaskMs: rendered ? after.longest : null,
      rowsInDom: rendered ? after.rows : null,
      calls: (await upstreamCalls(stack)).filter(isApiCall),
      instead: found?.instead || (found ? undefined : 'nothing meaningful appeared in time'),
    };
  } finally {
    await page.close();
  }
}

interface Case {
  key: 'workspace' | 'file' | 'commit';
  label: string;
  big: string;
  small: string;
  smallLabel: string;
}

export interface CaseResult {
  key: Case['key'];
  label: string;
  smallLabel: string;
  big: PageMeasurement[];
  small: PageMeasurement[];
}

export interface ScaleResult {
  cases: CaseResult[];
  search: { calls: UpstreamCall[]; shown: boolean };
  totals: { fileLines: number; commitFiles: number };
}

async function api<T>(stack: BenchStack, path: string): Promise<T> {
  const response = await fetch(`${stack.emulatorUrl}${path}`, {
    headers: { authorization: BASIC_AUTHORIZATION },
  });
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return (await response.json()) as T;
}

const LARGE_FILE = 'src/generated/grammar-tables.ts';

export async function runScale(stack: BenchStack, browser: Browser): Promise<ScaleResult> {
  // Ask the emulator once up front, so its lazily built content is not timed as Pail's.
  const head = await api<{ hash: string }>(stack, '/2.0/repositories/bigcorp/monorepo/commit/main');
  const history = await api<{ values: { hash: string; parents: unknown[] }[] }>(
    stack,
    '/2.0/repositories/acme/widgets/commits/main',
  );
  const smallCommit = history.values.find((commit) => commit.parents.length === 1)?.hash;
  if (!smallCommit) throw new Error('acme/widgets has no ordinary commit on its first page');
  const diffstat = await api<{ size: number }>(
    stack,
    `/2.0/repositories/bigcorp/monorepo/diffstat/${head.hash}?pagelen=1`,
  );
  const fileResponse = await fetch(
    `${stack.emulatorUrl}/2.0/repositories/bigcorp/monorepo/src/main/${LARGE_FILE}`,
    { headers: { authorization: BASIC_AUTHORIZATION } },
  );
  const fileLines = (await fileResponse.text()).split('\n').length;
  await api(stack, '/2.0/repositories/bigcorp?pagelen=1');

  const cases: Case[] = [
    {
      key: 'workspace',
      label: '10,000-repository workspace',
      big: '/bigcorp',
      small: '/northwind',
      smallLabel: 'a 15-repository workspace',
    },
    {
      key: 'file',
      label: '5 MB file',
      big: `/bigcorp/monorepo/src/main/${LARGE_FILE}`,
      small: '/acme/widgets/src/main/src/lib/format/format-date.ts',
      smallLabel: 'a small file',
    },
    {
      key: 'commit',
      label: '5,000-file commit',
      big: `/bigcorp/monorepo/commits/${head.hash}`,
      small: `/acme/widgets/commits/${smallCommit}`,
      smallLabel: 'a small commit',
    },
  ];

  const context = await browser.newContext({ baseURL: stack.webUrl });
  await context.addInitScript(LONG_TASK_OBSERVER);
  try {
    const page = await context.newPage();
    await page.goto('/login');
    await signInThroughConsent(page);
    await page.getByRole('link', { name: /Acme Corporation/ }).waitFor();
    await page.close();

    const results: CaseResult[] = [];
    for (const item of cases) {
      const selector = MEANINGFUL[item.key];
      const result: CaseResult = {
        key: item.key,
        label: item.label,
        smallLabel: item.smallLabel,
        big: [],
        small: [],
      };
      for (let run = 0; run < SCALE_SETTINGS.warmupRuns + SCALE_SETTINGS.runs; run += 1) {
        // Alternated, so drift in the machine's load falls on both sides alike.
        const big = await measurePage(stack, context, item.big, selector);
        const small = await measurePage(stack, context, item.small, selector);
        if (run >= SCALE_SETTINGS.warmupRuns || big.renderMs === null) {
          result.big.push(big);
          result.small.push(small);
        }
        // A page that never shows its content will not in the next runs either: report it once.
        if (big.renderMs === null) break;
      }
      results.push(result);
    }

    // Search in the big workspace: every listing call must carry the term to Bitbucket as `q`.
    const searchPage = await context.newPage();
    await searchPage.goto('/bigcorp');
    await searchPage.locator(MEANINGFUL.workspace).first().waitFor();
    await settleUpstream(stack);
    await clearUpstreamCalls(stack);
    await searchPage.getByLabel('Search repositories').fill('payments-api');
    await searchPage.waitForURL((url) => url.searchParams.get('search') === 'payments-api');
    const shown = await searchPage
      .getByRole('link', { name: 'payments-api-001', exact: true })
      .waitFor({ timeout: SCALE_SETTINGS.renderTimeoutMs })
      .then(() => true)
      .catch(() => false);
    await settleUpstream(stack);
    const searchCalls = (await upstreamCalls(stack)).filter(isApiCall);
    await searchPage.close();
    return {
      cases: results,
      search: { calls: searchCalls, shown },
      totals: { fileLines, commitFiles: diffstat.size },
    };
  } finally {
    await context.close();
  }
}

const isListing = (call: UpstreamCall) =>
  call.path.replace(/\/$/, '') === '/2.0/repositories/bigcorp';

export function scaleFigures(result: ScaleResult): Figure[] {
  const rows: Figure[] = [];
  for (const item of result.cases) {
    const big = median(item.big.flatMap((m) => (m.renderMs === null ? [] : [m.renderMs])));
    const small = median(item.small.flatMap((m) => (m.renderMs === null ? [] : [m.renderMs])));
    const failed = item.big.find((m) => m.renderMs === null)?.instead;
    rows.push(
      {
        section: 'scale',
        name: `${item.label}: first meaningful render`,
        value: failed ? null : big,
        unit: 'ms',
        note: failed ? `not rendered: ${failed}` : `median of ${item.big.length}`,
      },
      {
        section: 'scale',
        name: `${item.smallLabel}: first meaningful render`,
        value: small,
        unit: 'ms',
        note: `median of ${item.small.length}`,
      },
      {
        section: 'scale',
        name: `${item.label} / ${item.smallLabel}`,
        value: failed ? null : ratio(big, small),
        unit: '×',
      },
    );
    const longestOf = (runs: PageMeasurement[]) =>
      runs.some((m) => m.longestTaskMs === null)
        ? null
        : Math.max(...runs.map((m) => m.longestTaskMs as number));
    const smallLongest = longestOf(item.small);
    rows.push({
      section: 'scale',
      name: `${item.label}: longest main-thread task after the render`,
      value: longestOf(item.big),
      unit: 'ms',
      budget: { kind: 'max', limit: 200 },
      note: `${item.smallLabel}: ${smallLongest === null ? '—' : `${Math.round(smallLongest)} ms`}`,
    });
    const last = item.big[item.big.length - 1];
    if (item.key === 'workspace' && last) {
      rows.push({
        section: 'scale',
        name: `${item.label}: repository list calls for the first page`,
        value: last.calls.filter(isListing).length,
        unit: 'calls',
        budget: { kind: 'equals', limit: 1 },
        note: `${last.calls.length} upstream calls in all`,
      });
    }
    if (item.key === 'file' && last) {
      rows.push({
        section: 'scale',
        name: `${item.label}: code lines in the DOM`,
        value: last.rowsInDom,
        unit: 'lines',
        budget: { kind: 'max', limit: 1_000 },
        note: `of ${result.totals.fileLines.toLocaleString('en-US')}`,
      });
    }
    if (item.key === 'commit' && last) {
      const diffs = last.calls.filter((call) => /\/diff\//.test(call.path));
      rows.push(
        {
          section: 'scale',
          name: `${item.label}: changed-file rows in the DOM`,
          value: last.rowsInDom,
          unit: 'rows',
          budget: { kind: 'max', limit: 1_000 },
          note: `of ${result.totals.commitFiles.toLocaleString('en-US')}`,
        },
        {
          section: 'scale',
          name: `${item.label}: whole-commit diff requests on opening`,
          value: diffs.filter((call) => !/(?:^|&)path=/.test(call.query)).length,
          unit: 'calls',
          budget: { kind: 'equals', limit: 0 },
          note: `${diffs.length} diff calls in all`,
        },
      );
    }
  }
  const listings = result.search.calls.filter(isListing);
  rows.push(
    {
      section: 'scale',
      name: '10,000-repository search: listing calls',
      value: listings.length,
      unit: 'calls',
      note: result.search.shown ? 'results shown' : 'results never shown',
    },
    {
      section: 'scale',
      name: '10,000-repository search: listing calls without server-side q',
      value: result.search.shown
        ? listings.filter((call) => !/(?:^|&)q=/.test(call.query)).length
        : null,
      unit: 'calls',
      budget: { kind: 'equals', limit: 0 },
    },
  );
  return rows;
}
