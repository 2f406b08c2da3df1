import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { describe, expect, it } from 'vitest';
import { findHashHeading, markdownImageUrls, MarkdownView } from './markdown-view';
import type { ResolveMarkdownUrl } from './markdown-view';

function renderMarkdownAt(source: string, resolveUrl?: ResolveMarkdownUrl) {
  const router = createMemoryRouter(
    [
      { path: '/', element: <MarkdownView source={source} resolveUrl={resolveUrl} /> },
      { path: '/acme/widgets/src/*', element: <p>Source page</p> },
    ],
    { initialEntries: ['/'] },
  );
  const result = render(<RouterProvider router={router} />);
  return { ...result, router };
}

const HOSTILE = [
  '# Widgets',
  '<script>window.__pailXss = "script"</script>',
  '<img src="missing.png" onerror="window.__pailXss = \'onerror\'">',
  '[Click me](javascript:window.__pailXss=1)',
  '[Data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '<a href="JaVaScRiPt:alert(1)">mixed case</a>',
  '<iframe src="https://evil.example"></iframe>',
  '<svg><script>alert(1)</script><a xlink:href="javascript:alert(1)">svg link</a></svg>',
  '<form action="https://evil.example"><input name="x"><button>Send</button></form>',
  '<p style="position:fixed;inset:0">overlay</p>',
  '<img src="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=" alt="svg data">',
  '<img src="data:image/png;base64,iVBORw0KGgo=" alt="png data">',
].join('\n\n');

describe('MarkdownView', () => {
  it('renders GitHub-flavoured Markdown: headings with anchors, tables, fenced code', () => {
    const { container } = renderMarkdownAt(
      '# Widgets\n\n## Getting started\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```ts\nconst x = 1;\n```\n\n[Jump](#getting-started)',
    );
    expect(screen.getByRole('heading', { level: 1, name: 'Widgets' })).toHaveAttribute(
      'id',
      'markdown-header-widgets',
    );
    expect(screen.getByRole('heading', { level: 2, name: 'Getting started' })).toHaveAttribute(
      'id',
      'markdown-header-getting-started',
    );
    expect(screen.getByRole('table')).toBeInTheDocument();
    expect(container.querySelector('pre code')).toHaveTextContent('const x = 1;');
    expect(screen.getByRole('link', { name: 'Jump' })).toHaveAttribute(
      'href',
      '#markdown-header-getting-started',
    );
  });

  it('never leaves anything that could run: scripts, handlers, javascript: or data: links, frames, forms, styles', () => {
    const { container } = renderMarkdownAt(HOSTILE);
    const html = container.innerHTML;
    expect(container.querySelector('script, iframe, form, input, button, style')).toBeNull();
    expect(html).not.toMatch(/onerror|onload|javascript:|data:text|style=/i);
    expect(container.querySelector('[style]')).toBeNull();
    for (const element of container.querySelectorAll('*')) {
      for (const attribute of element.attributes) {
        expect(attribute.name.startsWith('on')).toBe(false);
      }
    }
    expect(screen.getByText('Click me')).not.toHaveAttribute('href');
    expect(screen.getByText('Data')).not.toHaveAttribute('href');
    expect(screen.getByText('mixed case')).not.toHaveAttribute('href');
    expect(screen.getByAltText('svg data')).not.toHaveAttribute('src');
    expect(screen.getByAltText('png data')).toHaveAttribute(
      'src',
      'data:image/png;base64,iVBORw0KGgo=',
    );
    expect((window as { __pailXss?: unknown }).__pailXss).toBeUndefined();
  });

  it('drops dangerous schemes however they are spelled, and the tags that redirect, rebase or frame the page', () => {
    const { container } = renderMarkdownAt(
      [
        '<a href="https://evil.example" target="_blank" rel="opener">new tab</a>',
        '<a href="java\nscript:window.__pailXss=1">newline</a>',
        '<a href="java&#x09;script:window.__pailXss=2">tab entity</a>',
        '<a href="&#x01;javascript:window.__pailXss=3">control</a>',
        '<a href=" VBScript:msgbox(1)">vbscript</a>',
        '[entity](&#106;avascript:window.__pailXss=4)',
        '<a href="DATA:text/html,<script>window.__pailXss=5</script>">data</a>',
        '<img src="data:image/svg+xml,<svg onload=window.__pailXss=6>" alt="svg">',
        '<meta http-equiv="refresh" content="0;url=https://evil.example">',
        '<base href="https://evil.example/">',
        '<iframe srcdoc="<script>window.__pailXss=7</script>"></iframe>',
        '<math><mtext><table><mglyph><style><img src=x onerror=window.__pailXss=8>',
        '<form><math><mtext></form><form><mglyph><style></math><img src onerror=window.__pailXss=9>',
        '<svg><a href="javascript:window.__pailXss=10"><text>svg link</text></a></svg>',
      ].join('\n\n'),
    );
    for (const name of ['newline', 'tab entity', 'control', 'vbscript', 'entity', 'data']) {
      expect(screen.getByText(name)).not.toHaveAttribute('href');
    }
    expect(screen.getByAltText('svg')).not.toHaveAttribute('src');
    expect(
      container.querySelector('meta, base, iframe, math, svg, style, img[onerror]'),
    ).toBeNull();
    const newTab = screen.getByRole('link', { name: 'new tab' });
    expect(newTab).not.toHaveAttribute('target');
    expect(newTab).toHaveAttribute('rel', 'noopener noreferrer');
    expect((window as { __pailXss?: unknown }).__pailXss).toBeUndefined();
  });

  it('rewrites relative links and images and leaves absolute ones alone, marking off-site links', () => {
    const resolveUrl: ResolveMarkdownUrl = (url, kind) =>
      kind === 'link' ? `/acme/widgets/src/abc123/${url}` : `/acme/widgets/raw/abc123/${url}`;
    renderMarkdownAt(
      '[the guide](docs/guide.md) ![Widgets logo](docs/images/logo.png) [Atlassian](https://www.atlassian.com) [Mail](mailto:team@acme.example)',
      resolveUrl,
    );
    expect(screen.getByRole('link', { name: 'the guide' })).toHaveAttribute(
      'href',
      '/acme/widgets/src/abc123/docs/guide.md',
    );
    expect(screen.getByRole('img', { name: 'Widgets logo' })).toHaveAttribute(
      'src',
      '/acme/widgets/raw/abc123/docs/images/logo.png',
    );
    const external = screen.getByRole('link', { name: 'Atlassian' });
    expect(external).toHaveAttribute('href', 'https://www.atlassian.com');
    expect(external).toHaveAttribute('rel', 'noopener noreferrer');
    expect(screen.getByRole('link', { name: 'Mail' })).toHaveAttribute(
      'href',
      'mailto:team@acme.example',
    );
  });

  it("keeps Pail's heading anchors but drops the author's own ids, names and classes", () => {
    const { container } = renderMarkdownAt(
      '## Install\n\n<div id="main" class="finder-backdrop" name="x">overlay</div>\n\n```ts\nconst a = 1;\n```',
    );
    expect(screen.getByRole('heading', { name: 'Install' })).toHaveAttribute(
      'id',
      'markdown-header-install',
    );
    const div = screen.getByText('overlay');
    expect(div).not.toHaveAttribute('id');
    expect(div).not.toHaveAttribute('class');
    expect(div).not.toHaveAttribute('name');
    expect(container.querySelector('pre code')).toHaveAttribute('class', 'language-ts');
  });

  it('marks an image without text as decorative', () => {
    const { container } = renderMarkdownAt('<img src="https://example.com/x.png">');
    expect(container.querySelector('img')).toHaveAttribute('alt', '');
  });

  it('shows the text of an image from another host instead of fetching it', () => {
    renderMarkdownAt('![build status](https://ci.example.com/badge.png)');
    const image = screen.getByRole('img', { name: 'build status' });
    expect(image).not.toHaveAttribute('src');
    expect(image).toHaveAttribute('title', 'Image from ci.example.com, not loaded');
  });

  it('drops a relative URL the resolver refuses', () => {
    renderMarkdownAt('[outside](../../etc/passwd)', () => null);
    expect(screen.getByText('outside')).not.toHaveAttribute('href');
  });

  it('follows a rewritten same-origin link inside the app, without a page load', async () => {
    const { router } = renderMarkdownAt(
      '[the guide](docs/guide.md)',
      (url) => `/acme/widgets/src/main/${url}`,
    );
    await userEvent.click(screen.getByRole('link', { name: 'the guide' }));
    expect(router.state.location.pathname).toBe('/acme/widgets/src/main/docs/guide.md');
    expect(await screen.findByText('Source page')).toBeInTheDocument();
  });

  it('does not let the document pose as the page: no alerts, dialogs, landmarks or focus stops of its own', () => {
    const { container } = renderMarkdownAt(
      [
        '<div role="alert" aria-live="assertive">Your session expired: sign in at evil.example</div>',
        '<dialog open>Enter your token</dialog>',
        '<main>second main</main>',
        '<div role="navigation" aria-label="Repository">fake tabs</div>',
        '<span tabindex="0" role="button">fake button</span>',
      ].join('\n\n'),
    );
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.queryByRole('main')).toBeNull();
    expect(screen.queryByRole('navigation')).toBeNull();
    expect(screen.queryByRole('button')).toBeNull();
    expect(screen.getByText(/Your session expired/)).not.toHaveAttribute('aria-live');
    expect(screen.getByText('fake button')).not.toHaveAttribute('tabindex');
    expect(container).toHaveTextContent('Enter your token');
  });

  it('does not let the document mark its own links as in-app routes', () => {
    renderMarkdownAt('<a href="https://evil.example/x" data-pail-route>sneaky</a>');
    expect(screen.getByText('sneaky')).not.toHaveAttribute('data-pail-route');
  });

  it('finds the heading a URL hash names, in either anchor style, encoded or not, and nothing else', () => {
    const { container } = renderMarkdownAt(
      '# Café notes\n\n## Install\n\nInstall it.\n\n## lines 2',
    );
    const markdown = container.querySelector('.markdown')!;
    const cafe = screen.getByRole('heading', { name: 'Café notes' });
    const install = screen.getByRole('heading', { name: 'Install' });
    expect(findHashHeading(markdown, '#install')).toBe(install);
    expect(findHashHeading(markdown, '#markdown-header-install')).toBe(install);
    expect(findHashHeading(markdown, '#caf%C3%A9-notes')).toBe(cafe);
    expect(findHashHeading(markdown, '#markdown-header-caf%C3%A9-notes')).toBe(cafe);
    expect(findHashHeading(markdown, '#lines-2')).toBeNull();
    expect(findHashHeading(markdown, '#%E0%A4%A')).toBeNull();
    expect(findHashHeading(markdown, '#')).toBeNull();
    expect(findHashHeading(markdown, '#nothing-here')).toBeNull();
  });

  describe('images the page loads', () => {
    const resolveUrl: ResolveMarkdownUrl = (url, kind) =>
      kind === 'image' ? `/acme/widgets/raw/abc123/${url}` : `/acme/widgets/src/abc123/${url}`;
    const SOURCE = [
      '![Widgets logo](docs/images/logo.png) ![Logo again](docs/images/logo.png)',
      '<img src="missing.png" alt="Missing">',
      '![badge](https://ci.example.com/badge.png)',
      // An author cannot name an image the page fills in.
      '<img alt="Forged" data-pail-image="/acme/widgets/raw/abc123/docs/images/logo.png">',
      '<style><img src="inside-style.png"></style>',
    ].join('\n\n');

    /** The document inside a page whose loaded images change over time, as a README's do. */
    function renderWithImages() {
      let setImages: (images: ReadonlyMap<string, string | null>) => void = () => {};
      function Page() {
        const [images, set] = useState<ReadonlyMap<string, string | null>>(() => new Map());
        setImages = set;
        return <MarkdownView source={SOURCE} resolveUrl={resolveUrl} images={images} />;
      }
      const router = createMemoryRouter([{ path: '/', element: <Page /> }], {
        initialEntries: ['/'],
      });
      const result = render(<RouterProvider router={router} />);
      return {
        ...result,
        setImages: (images: ReadonlyMap<string, string | null>) => setImages(images),
      };
    }

    it('lists the relative images the sanitised document shows, once each, in order', () => {
      expect(markdownImageUrls(SOURCE, resolveUrl)).toEqual([
        '/acme/widgets/raw/abc123/docs/images/logo.png',
        '/acme/widgets/raw/abc123/missing.png',
      ]);
    });

    it('gives an image no source until the page has it, then the one it has; never the raw URL', () => {
      const logo = '/acme/widgets/raw/abc123/docs/images/logo.png';
      const missing = '/acme/widgets/raw/abc123/missing.png';
      const { container, setImages } = renderWithImages();
      const image = screen.getByRole('img', { name: 'Widgets logo' });
      expect(image).not.toHaveAttribute('src');
      expect(screen.getByRole('img', { name: 'Missing' })).not.toHaveAttribute('src');

      act(() =>
        setImages(
          new Map([
            [logo, 'blob:http://localhost/1'],
            [missing, null],
          ]),
        ),
      );
      // The same element, given its source: the document is not rebuilt when an image arrives.
      expect(screen.getByRole('img', { name: 'Widgets logo' })).toBe(image);
      expect(screen.getByRole('img', { name: 'Widgets logo' })).toHaveAttribute(
        'src',
        'blob:http://localhost/1',
      );
      expect(screen.getByRole('img', { name: 'Logo again' })).toHaveAttribute(
        'src',
        'blob:http://localhost/1',
      );
      expect(screen.getByRole('img', { name: 'Missing' })).not.toHaveAttribute('src');
      expect(screen.getByRole('img', { name: 'Forged' })).not.toHaveAttribute('src');
      expect(screen.getByRole('img', { name: 'Forged' })).not.toHaveAttribute('data-pail-image');
      // An absolute image is unchanged by this: dropped as off-site, as always.
      expect(screen.getByRole('img', { name: 'badge' })).not.toHaveAttribute('src');
      expect(container.querySelector('img[src*="/raw/"]')).toBeNull();
    });
  });
});
