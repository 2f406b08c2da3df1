import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { beforeEach, describe, expect, it } from 'vitest';
import { server } from '@/testing/mocks/server';
import { MAIN_HASH } from '@/testing/mocks/source-fixtures';
import { sourceHandlers } from '@/testing/mocks/source-handlers';
import { recordRequests } from '@/testing/record-requests';
import { renderApp } from '@/testing/render-app';

const SLOW = { timeout: 10_000 };
const PATH = 'generated/catalogue.ts';
const FILE_URL = `/api/2.0/repositories/acme/widgets/src/${MAIN_HASH}/${PATH}`;

/** About 5 MB of TypeScript: 100,000 lines. */
const LINES = Array.from(
  { length: 100_000 },
  (_, index) => `export const item${index} = { id: ${index}, name: 'widget-${index}' };`,
);
const TEXT = `${LINES.join('\n')}\n`;

beforeEach(() => {
  server.use(
    http.get(FILE_URL, ({ request }) => {
      if (new URL(request.url).searchParams.get('format') === 'meta') {
        return HttpResponse.json({
          type: 'commit_file',
          path: PATH,
          size: TEXT.length,
          mimetype: 'text/x-typescript',
          attributes: [],
          commit: { type: 'commit', hash: MAIN_HASH },
        });
      }
      return new HttpResponse(TEXT, { headers: { 'Content-Type': 'text/x-typescript' } });
    }),
    ...sourceHandlers,
  );
});

describe('a 5 MB source file', { timeout: 30_000 }, () => {
  it('is shown as text at once, rendering only the lines on screen, with Raw and Download', async () => {
    expect(TEXT.length).toBeGreaterThan(5_000_000);
    const requests = recordRequests();
    renderApp(`/acme/widgets/src/main/${PATH}`);

    const contents = await screen.findByRole('region', { name: 'Contents of catalogue.ts' }, SLOW);
    expect(within(contents).getByText(LINES[0]!)).toBeInTheDocument();
    const rendered = contents.querySelectorAll('[data-line]');
    expect(rendered.length).toBeGreaterThan(0);
    expect(rendered.length).toBeLessThan(200);
    // Too long to highlight: it stays plain rather than holding the page.
    expect(contents.closest('.code-view')).not.toHaveAttribute('data-highlighted');
    expect(screen.getByRole('link', { name: 'Raw' })).toHaveAttribute(
      'href',
      `/acme/widgets/raw/${MAIN_HASH}/${PATH}`,
    );
    expect(screen.getByRole('link', { name: 'Download' })).toHaveAttribute(
      'href',
      `/acme/widgets/raw/${MAIN_HASH}/${PATH}?download=1`,
    );
    // The bytes are read once.
    expect(requests.filter((request) => request.url.href.endsWith(FILE_URL))).toHaveLength(1);
  });

  it('opens at a line range far down the file, still rendering only a screenful', async () => {
    renderApp(`/acme/widgets/src/main/${PATH}#lines-90000:90002`);

    expect(await screen.findByText('Lines 90000–90002 selected', {}, SLOW)).toHaveAttribute(
      'role',
      'status',
    );
    const contents = screen.getByRole('region', { name: 'Contents of catalogue.ts' });
    expect(contents.querySelectorAll('[data-line]').length).toBeLessThan(200);
  });
});
