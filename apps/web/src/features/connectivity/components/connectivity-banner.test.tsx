import { act, screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { bffError, bitbucketError } from '@/testing/mocks/handlers';
import { server } from '@/testing/mocks/server';
import { recordRequests, requestsTo } from '@/testing/record-requests';
import { renderApp } from '@/testing/render-app';

const REPOS = '/api/2.0/repositories/acme';
/** Every call about acme/widgets: when Bitbucket is down, none is answered. */
const WIDGETS = '/api/2.0/repositories/acme/widgets*';
const SLOW = { timeout: 10_000 };
const RATE_LIMITED = 'Rate limit for this resource has been exceeded.';

const realSetTimeout = globalThis.setTimeout;

afterEach(() => {
  vi.useRealTimers();
});

/**
 * From here on the clock only moves when the test says so. The page is loaded first on real timers (lazy
 * routes take real time); what the banner schedules afterwards (the 3 s mark, the countdown, the retry)
 * runs on the fake clock.
 */
function freezeClock() {
  vi.useFakeTimers({
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
  });
}

/** Lets answers arrive and React render, without moving the fake clock, until `check` holds. */
async function settle(check: () => boolean) {
  for (let attempt = 0; attempt < 500; attempt += 1) {
    if (check()) return;
    await act(async () => {
      await vi.advanceTimersByTimeAsync(0);
      await new Promise((resolve) => realSetTimeout(resolve, 10));
    });
  }
  throw new Error('The page never reached the expected state.');
}

async function advance(ms: number) {
  await act(() => vi.advanceTimersByTimeAsync(ms));
}

/** The banner's sentence, or null when the banner is not shown. */
function bannerText(): string | null {
  const text = document.querySelector('.connectivity-banner__text');
  return text === null ? null : (text.textContent ?? '');
}

async function showRepositories() {
  const app = renderApp('/acme');
  await screen.findByRole('link', { name: 'widgets' }, SLOW);
  return app;
}

type App = Awaited<ReturnType<typeof showRepositories>>;

/** The list went stale and the page asks for it anew (the answer arrives when it arrives). */
function startAskingForRepositoriesAgain(app: App): Promise<void> {
  return app.queryClient.invalidateQueries({ queryKey: ['repositories'] });
}

/** The same, settled: resolves once the answer (or the failure) is on screen. */
async function askForRepositoriesAgain(app: App) {
  await act(() => startAskingForRepositoriesAgain(app));
}

describe('the connectivity banner', { timeout: 30_000 }, () => {
  it('is empty while every call is answered promptly', async () => {
    await showRepositories();
    expect(bannerText()).toBeNull();
    expect(document.querySelector('.connectivity')).toHaveAttribute('aria-live', 'polite');
  });

  it('says Bitbucket is slow once a call has waited 3 s, and goes when it is answered', async () => {
    const app = await showRepositories();
    freezeClock();
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => {
      answer = resolve;
    });
    server.use(http.get(REPOS, () => answered.then(() => undefined), { once: true }));

    void startAskingForRepositoriesAgain(app);
    await advance(2_999);
    expect(bannerText()).toBeNull();
    await advance(1);
    expect(bannerText()).toBe('Bitbucket is slow to answer… Pail is still waiting.');
    // Nothing to press: the banner is not a dialog and leaves the focus where it was.
    expect(within(document.querySelector('.connectivity')!).queryByRole('button')).toBeNull();

    answer();
    await settle(() => bannerText() === null);
    expect(screen.getByRole('link', { name: 'widgets' })).toBeInTheDocument();
  });

  it('keeps the repositories on screen when Bitbucket fails (502), and Retry brings it back', async () => {
    const requests = recordRequests();
    const app = await showRepositories();
    server.use(
      http.get(REPOS, () =>
        bffError(502, 'upstream_unavailable', 'Bitbucket answered 503 Service Unavailable.'),
      ),
    );

    const focused = document.activeElement;
    await askForRepositoriesAgain(app);
    expect(
      await screen.findByText(
        'Bitbucket is unavailable right now. Showing what Pail already loaded.',
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'widgets' })).toBeInTheDocument();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(document.activeElement).toBe(focused);

    server.resetHandlers();
    const before = requestsTo(requests, REPOS).length;
    await app.user.click(screen.getByRole('button', { name: 'Retry' }));
    await screen.findByRole('link', { name: 'widgets' });
    await vi.waitFor(() => expect(bannerText()).toBeNull());
    expect(requestsTo(requests, REPOS)).toHaveLength(before + 1);
    expect(screen.getByRole('main')).toHaveFocus();
  });

  it("says Pail's own server is in trouble on a 503 store_unavailable", async () => {
    const app = await showRepositories();
    server.use(
      http.get(REPOS, () =>
        bffError(503, 'store_unavailable', 'Sessions are unavailable right now.'),
      ),
    );

    await askForRepositoriesAgain(app);
    expect(
      await screen.findByText(
        "Pail's server is having trouble right now. Showing what Pail already loaded.",
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'widgets' })).toBeInTheDocument();
  });

  it("says Pail's server cannot be reached on a network error, and can be dismissed", async () => {
    const app = await showRepositories();
    server.use(http.get(REPOS, () => HttpResponse.error()));

    await askForRepositoriesAgain(app);
    expect(
      await screen.findByText(
        "Pail's server cannot be reached right now. Showing what Pail already loaded.",
      ),
    ).toBeInTheDocument();

    await app.user.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(bannerText()).toBeNull();
    // The button that had the focus is gone: the next Tab starts from the page, not the document's top.
    expect(screen.getByRole('main')).toHaveFocus();
    expect(screen.getByRole('link', { name: 'widgets' })).toBeInTheDocument();
  });

  it('keeps a source file on screen when asking again times out (504)', async () => {
    const app = renderApp('/acme/widgets/src/main/src/index.ts');
    const code = await screen.findByRole('region', { name: 'Contents of index.ts' }, SLOW);
    expect(code).toHaveTextContent('export { formatDate }');
    server.use(
      http.get(WIDGETS, () =>
        bffError(504, 'upstream_timeout', 'Bitbucket did not answer in time.'),
      ),
    );

    await act(() => app.queryClient.refetchQueries({ type: 'active' }));
    expect(
      await screen.findByText(
        'Bitbucket is unavailable right now. Showing what Pail already loaded.',
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Contents of index.ts' })).toHaveTextContent(
      'export { formatDate }',
    );
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('explains a first load that fails, with a Retry, under the banner', async () => {
    server.use(
      http.get('/api/2.0/repositories/acme/widgets', () =>
        bffError(502, 'upstream_unavailable', 'Bitbucket answered 502 Bad Gateway.'),
      ),
    );
    const { user } = renderApp('/acme/widgets');

    const alert = await screen.findByRole('alert', {}, SLOW);
    expect(alert).toHaveTextContent('Bitbucket answered 502 Bad Gateway.');
    expect(bannerText()).toBe(
      'Bitbucket is unavailable right now. Showing what Pail already loaded.',
    );

    server.resetHandlers();
    await user.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'widgets' })).toBeInTheDocument();
    await vi.waitFor(() => expect(bannerText()).toBeNull());
  });

  it('counts a 429 down from Retry-After, then asks again exactly once and goes on success', async () => {
    const requests = recordRequests();
    const app = await showRepositories();
    freezeClock();
    server.use(
      http.get(REPOS, () => bitbucketError(429, RATE_LIMITED, undefined, { 'Retry-After': '27' }), {
        once: true,
      }),
    );

    void startAskingForRepositoriesAgain(app);
    await settle(() => bannerText() !== null);
    expect(bannerText()).toBe("Bitbucket's rate limit was reached. Retrying in 27 s.");
    expect(screen.getByRole('link', { name: 'widgets' })).toBeInTheDocument();
    const asked = requestsTo(requests, REPOS).length;

    await advance(1_000);
    expect(bannerText()).toBe("Bitbucket's rate limit was reached. Retrying in 26 s.");
    await advance(25_000);
    expect(bannerText()).toBe("Bitbucket's rate limit was reached. Retrying in 1 s.");
    expect(requestsTo(requests, REPOS)).toHaveLength(asked);

    await advance(1_000);
    await settle(() => bannerText() === null);
    expect(requestsTo(requests, REPOS)).toHaveLength(asked + 1);
    expect(screen.getByRole('link', { name: 'widgets' })).toBeInTheDocument();

    await advance(120_000);
    expect(requestsTo(requests, REPOS)).toHaveLength(asked + 1);
  });

  it('waits 30 s when a 429 does not say how long, and starts a new wait if the retry is limited too', async () => {
    const requests = recordRequests();
    const app = await showRepositories();
    freezeClock();
    let limited = 0;
    server.use(
      http.get(REPOS, () => {
        limited += 1;
        if (limited === 1) return bitbucketError(429, RATE_LIMITED);
        if (limited === 2)
          return bitbucketError(429, RATE_LIMITED, undefined, { 'Retry-After': '5' });
        return undefined;
      }),
    );

    void startAskingForRepositoriesAgain(app);
    await settle(() => bannerText() !== null);
    expect(bannerText()).toBe("Bitbucket's rate limit was reached. Retrying in 30 s.");
    const asked = requestsTo(requests, REPOS).length;

    await advance(29_000);
    expect(requestsTo(requests, REPOS)).toHaveLength(asked);
    await advance(1_000);
    await settle(() => bannerText() === "Bitbucket's rate limit was reached. Retrying in 5 s.");
    expect(requestsTo(requests, REPOS)).toHaveLength(asked + 1);

    await advance(4_000);
    expect(requestsTo(requests, REPOS)).toHaveLength(asked + 1);
    await advance(1_000);
    await settle(() => bannerText() === null);
    expect(requestsTo(requests, REPOS)).toHaveLength(asked + 2);
    expect(screen.getByRole('link', { name: 'widgets' })).toBeInTheDocument();
  });
});
