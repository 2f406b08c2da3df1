// `acme/widgets`, the showcase repository: a fixed tree, about 300 commits on main, every ref and review state.
import type { FileChange } from '../git/history-builder';
import type { RepositoryContent } from '../git/repository-content';
import { HistoryScript } from './history-script';
import type { SeedRepository } from './model';
import { encodePng } from './png';
import { createPrng } from './prng';
import type { Prng } from './prng';
import { CommitClock } from './repository-history';
import type { Step } from './repository-history';
import { languageProfile } from './repository-languages';

/** Where the showcase's history starts; it ends just before the repository's `updated_on`. */
const HISTORY_START = Date.parse('2024-03-04T09:00:00Z');
/** Ordinary commits on main, between which features merge and releases happen. */
const ORDINARY = 198;
/** Commits the clock hands out in all (tuned so the last one lands just before `updated_on`). */
const EXPECTED_COMMITS = 307;

const README_INTRO = `# Widgets

Embeddable storefront widgets (cart, reviews, recommendations) as web components.
`;

const README_LOGO = `
![Widgets logo](docs/images/logo.png)
`;

const README_START = `
## Getting started

\`\`\`sh
npm ci
npm run build
\`\`\`
`;

const README_USAGE = `
Then register the elements once, as early as possible:

\`\`\`ts
import { defineWidgets } from '@acme/widgets';

defineWidgets({ locale: 'en-GB', currency: 'EUR' });
\`\`\`

Read [the guide](docs/guide.md) for theming, configuration and the release process.

## Components

| Component | Element | Since | Notes |
| --- | --- | --- | --- |
| Button | \`<acme-button>\` | 0.9.0 | Primary, secondary and ghost variants |
| Cart | \`<acme-cart>\` | 1.0.0 | Live totals, coupon field |
| Rating | \`<acme-rating>\` | 1.2.0 | Read-only or interactive |
| Recommendations | \`<acme-recommendations>\` | 1.10.0 | Needs a catalogue endpoint |
`;

const README_SECURITY = `
## Security

Merchant-supplied markup is sanitised before it reaches the page. The three examples below must stay inert
wherever this file is rendered:

<script>window.__pailXss = 'readme-script'</script>

<img src="missing.png" onerror="window.__pailXss = 'readme-onerror'">

[Click me](javascript:window.__pailXss='readme-href')

## License

MIT — see [LICENSE](LICENSE).
`;

const GUIDE = `# Widgets guide

Back to the [README](../README.md).

## Theming

Every widget reads CSS custom properties, so a storefront can restyle them without a build step:

\`\`\`css
acme-button {
  --acme-accent: #0052cc;
  --acme-radius: 6px;
}
\`\`\`

## Configuration

| Option | Type | Default |
| --- | --- | --- |
| \`locale\` | string | \`en-US\` |
| \`currency\` | string | \`USD\` |
| \`endpoint\` | URL | \`/api/widgets\` |

## Releasing

Run \`scripts/release.py\` from a clean checkout of \`main\`; it tags the commit and uploads the bundle.

![Widgets logo](images/logo.png)
`;

const CAFE_NOTES = `# Café notes — 2026

Notes from the storefront workshop at the café on Rue de la Paix (Zoë, Björn, Ângela).

- Prices in the cart must follow the shopper's locale: \`1 234,50 €\` in fr-FR.
- Ratings: half stars ★★★½ render poorly on Android 9; use the SVG set.
- Emoji in product names (🧁, 🎧) break the old truncation code — fixed in 1.10.
`;

const LOGO_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128" onload="window.__pailXss='svg-onload'">
  <script>window.__pailXss='svg'</script>
  <rect width="128" height="128" rx="24" fill="#0052cc"/>
  <path d="M24 36l14 56 12-40 12 40 14-56" fill="none" stroke="#fff" stroke-width="10" stroke-linejoin="round"/>
  <circle cx="100" cy="92" r="8" fill="#ffab00"/>
</svg>
`;

const DEMO_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>Widgets demo</title>
    <script>window.__pailXss='html'; document.title='pwned'</script>
    <script type="module" src="../dist/widgets.js"></script>
  </head>
  <body>
    <h1>Widgets demo</h1>
    <acme-button variant="primary">Add to cart</acme-button>
    <acme-cart currency="EUR"></acme-cart>
  </body>
</html>
`;

const BUTTON_TSX = `// <acme-button>: the storefront's call-to-action button, as a custom element rendered with Preact.
import { h } from 'preact';
import type { JSX } from 'preact';

export type ButtonVariant = 'primary' | 'secondary' | 'ghost';

export interface ButtonProps {
  variant?: ButtonVariant;
  disabled?: boolean;
  onPress?: () => void;
  children: JSX.Element | string;
}

/** A button that never submits a surrounding form by accident. */
export function Button({ variant = 'primary', disabled = false, onPress, children }: ButtonProps) {
  return (
    <button
      type="button"
      class={\`acme-button acme-button--\${variant}\`}
      disabled={disabled}
      onClick={() => onPress?.()}
    >
      {children}
    </button>
  );
}
`;

const BUTTON_TEST = `import { render, screen } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { Button } from './button';

describe('Button', () => {
  it('calls onPress when clicked', async () => {
    const onPress = vi.fn();
    render(<Button onPress={onPress}>Add to cart</Button>);
    await userEvent.click(screen.getByRole('button', { name: 'Add to cart' }));
    expect(onPress).toHaveBeenCalledOnce();
  });

  it('does not submit forms', () => {
    render(<Button>Buy</Button>);
    expect(screen.getByRole('button')).toHaveAttribute('type', 'button');
  });
});
`;

const FORMAT_DATE = `// Dates as shoppers read them, in their own locale and time zone.

export const DEFAULT_LOCALE = 'en-US';

/** Formats an ISO-8601 instant as a short date, e.g. "Mar 4, 2026". */
export function formatDate(iso: string, locale = DEFAULT_LOCALE): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date(iso));
}
`;

const FORMAT_DATE_RELATIVE = `
/** "3 days ago", "in 2 hours": the delivery estimate and review dates use it. */
export function formatRelative(iso: string, now = Date.now(), locale = DEFAULT_LOCALE): string {
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ['day', 86400],
    ['hour', 3600],
    ['minute', 60],
  ];
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return rtf.format(Math.trunc(seconds / size), unit);
  }
  return rtf.format(seconds, 'second');
}
`;

const INDEX_TS = `// Public entry point: registers every widget as a custom element.
export { Button } from './components/button/button';
export { formatDate } from './lib/format/format-date';

export interface WidgetOptions {
  locale?: string;
  currency?: string;
}

/** Registers the widgets once; calling it again is harmless. */
export function defineWidgets(options: WidgetOptions = {}): void {
  const settings = { locale: 'en-US', currency: 'USD', ...options };
  document.documentElement.dataset.acmeLocale = settings.locale;
  document.documentElement.dataset.acmeCurrency = settings.currency;
}
`;

const RELEASE_PY = `#!/usr/bin/env python3
"""Tags a release of the widgets bundle and uploads it to the CDN."""
import json
import subprocess
import sys
from pathlib import Path


def current_version() -> str:
    return json.loads(Path("package.json").read_text())["version"]


def main() -> int:
    version = current_version()
    subprocess.run(["git", "tag", "-a", f"v{version}", "-m", f"Release v{version}"], check=True)
    print(f"Tagged v{version}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
`;

const LINT_GO = `// Command lint checks the widget sources for forbidden globals before a release.
package main

import (
\t"bufio"
\t"fmt"
\t"os"
\t"strings"
)

var forbidden = []string{"eval(", "document.write(", "innerHTML ="}

func main() {
\tfailed := false
\tfor _, path := range os.Args[1:] {
\t\tfile, err := os.Open(path)
\t\tif err != nil {
\t\t\tfmt.Fprintln(os.Stderr, err)
\t\t\tos.Exit(2)
\t\t}
\t\tscanner := bufio.NewScanner(file)
\t\tfor line := 1; scanner.Scan(); line++ {
\t\t\tfor _, word := range forbidden {
\t\t\t\tif strings.Contains(scanner.Text(), word) {
\t\t\t\t\tfmt.Printf("%s:%d: %s is not allowed\\n", path, line, word)
\t\t\t\t\tfailed = true
\t\t\t\t}
\t\t\t}
\t\t}
\t\tfile.Close()
\t}
\tif failed {
\t\tos.Exit(1)
\t}
}
`;

const THEME_CSS = `:root {
  --acme-accent: #0052cc;
  --acme-radius: 4px;
  --acme-font: system-ui, sans-serif;
}

.acme-button {
  border-radius: var(--acme-radius);
  font: 600 14px/1.2 var(--acme-font);
  padding: 8px 16px;
}

.acme-button--primary {
  background: var(--acme-accent);
  color: #fff;
}
`;

const DOCKERFILE = `FROM node:20-alpine AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build

FROM nginx:1.27-alpine
COPY --from=build /app/dist /usr/share/nginx/html
EXPOSE 80
`;

const LICENSE = `MIT License

Copyright (c) 2024 Acme Corporation

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
`;

const DARK_MODE = `// Dark mode: swaps the widget palette when the shopper's system prefers a dark scheme.

export const DARK_PALETTE = {
  accent: '#4c9aff',
  surface: '#1d2125',
  text: '#c7d1db',
} as const;

/** Whether the page should use the dark palette. */
export function prefersDark(media: Pick<Window, 'matchMedia'> = window): boolean {
  return media.matchMedia('(prefers-color-scheme: dark)').matches;
}
`;

const COMPONENTS = [
  'cart',
  'rating',
  'carousel',
  'badge',
  'tooltip',
  'modal',
  'price-tag',
  'review-list',
  'recommendations',
  'stock-indicator',
  'wishlist',
  'mini-cart',
  'countdown',
  'size-picker',
  'coupon-field',
  'store-locator',
  'gift-card',
  'quantity-stepper',
  'breadcrumbs',
  'image-zoom',
  'newsletter',
  'shipping-estimate',
  'compare-bar',
  'promo-banner',
] as const;

const pascal = (name: string) =>
  name
    .split('-')
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join('');

function componentSource(name: string): string {
  const type = pascal(name);
  return `// <acme-${name}>: ${name.replace(/-/g, ' ')} widget.
import { h } from 'preact';

export interface ${type}Props {
  label?: string;
}

export function ${type}({ label = '${type}' }: ${type}Props) {
  return <div class="acme-${name}" role="group" aria-label={label} />;
}
`;
}

function componentTest(name: string): string {
  const type = pascal(name);
  return `import { render, screen } from '@testing-library/preact';
import { expect, it } from 'vitest';
import { ${type} } from './${name}';

it('is labelled for assistive technology', () => {
  render(<${type} label="${name}" />);
  expect(screen.getByRole('group', { name: '${name}' })).toBeInTheDocument();
});
`;
}

/** A Linux executable's shape: ELF header, then code-like bytes with plenty of NULs. */
function fakeBinary(prng: Prng, size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  bytes.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x3e, 0]);
  for (let i = 20; i < size; i += 1) bytes[i] = prng.chance(0.3) ? 0 : prng.int(1, 255);
  return bytes;
}

/** About 2 MB of log lines, cheap to make: a render benchmark's recorded output. */
function largeFixture(): string {
  const widgets = ['cart', 'button', 'rating', 'carousel', 'badge', 'tooltip', 'modal'];
  const lines: string[] = [];
  const start = Date.parse('2025-01-06T08:00:00Z');
  for (let i = 0; i < 26_000; i += 1) {
    const at = new Date(start + i * 1370).toISOString();
    const widget = widgets[i % widgets.length];
    const duration = 3 + ((i * 7919) % 97);
    const status = i % 211 === 0 ? 'slow' : 'ok';
    lines.push(
      `${at} INFO  render widget=${widget} id=${String(i).padStart(6, '0')} duration_ms=${String(duration).padStart(3, ' ')} status=${status}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function logoPng(): Uint8Array {
  return encodePng(64, 64, (x, y) => {
    const dx = x - 31.5;
    const dy = y - 31.5;
    const inCircle = dx * dx + dy * dy < 26 * 26;
    const stripe = Math.abs(((x + y) % 16) - 8) < 2;
    if (!inCircle) return [255, 255, 255];
    return stripe ? [255, 171, 0] : [0, 82, 204];
  });
}

export function buildWidgetsContent(repo: SeedRepository): RepositoryContent {
  const prng = createPrng(0x57_1d_6e_75);
  const profile = { ...languageProfile('typescript'), sourceDir: 'src/lib' };
  const end = Date.parse(repo.updatedOn) - 15 * 60_000;
  const clock = new CommitClock(prng, HISTORY_START, end, EXPECTED_COMMITS);
  const script = new HistoryScript(
    prng,
    profile,
    clock,
    'main',
    ['alice', 'bob', 'carol'],
    ['grace'],
  );
  const { builder, churn } = script;
  const manifest = profile.projectFiles('widgets');

  builder.commit('main', {
    author: script.signature('alice'),
    date: clock.next(),
    message: 'Initial commit',
    changes: [
      { path: 'README.md', content: README_INTRO + README_START },
      { path: 'LICENSE', content: LICENSE },
      { path: 'CHANGELOG.md', content: '# Changelog\n' },
      { path: 'src/index.ts', content: INDEX_TS },
      ...Object.entries(manifest).map(([path, content]) => ({ path, content })),
    ],
  });
  for (let i = 0; i < 3; i += 1) {
    const { module, content } = churn.newModule();
    churn.adopt(module);
    script.commit('main', {
      changes: [{ path: module.path, content }],
      message: `Add ${module.noun} rules`,
    });
  }

  const binaryV1 = fakeBinary(prng, 12_288);
  const fixed: Record<number, () => { step: Step; author?: string }> = {
    2: () => ({
      step: {
        changes: [{ path: 'src/lib/format/format-date.ts', content: FORMAT_DATE }],
        message: 'Add formatDate for order and review dates',
      },
    }),
    3: () => ({
      step: {
        changes: [
          { path: 'src/components/button/button.tsx', content: BUTTON_TSX },
          { path: 'src/components/button/button.test.tsx', content: BUTTON_TEST },
        ],
        message:
          'Add <acme-button>\n\nThe first widget: a button that never submits a surrounding form.',
      },
    }),
    5: () => ({
      step: {
        changes: [{ path: 'styles/theme.css', content: THEME_CSS }],
        message: 'Add base theme with CSS custom properties',
      },
    }),
    7: () => ({
      step: {
        changes: [{ path: 'docs/guide.md', content: GUIDE }],
        message: 'Docs: add the widgets guide',
      },
    }),
    9: () => ({
      step: {
        changes: [
          { path: 'docs/images/logo.png', content: logoPng() },
          { path: 'README.md', content: README_INTRO + README_LOGO + README_START },
        ],
        message: 'Add the logo to the README',
      },
    }),
    11: () => ({
      step: {
        changes: [{ path: 'assets/logo.svg', content: LOGO_SVG }],
        message: 'Add vector logo for the CDN landing page',
      },
    }),
    14: () => ({
      step: {
        changes: [{ path: 'Dockerfile', content: DOCKERFILE }],
        message: 'Serve the demo from an nginx image',
      },
    }),
    16: () => ({
      step: {
        changes: [{ path: 'scripts/release.py', content: RELEASE_PY, mode: '100755' }],
        message: 'Add release script',
      },
      author: 'grace',
    }),
    19: () => ({
      step: {
        changes: [{ path: 'tools/lint/main.go', content: LINT_GO }],
        message: 'Add a linter for forbidden DOM APIs',
      },
    }),
    22: () => ({
      step: {
        changes: [{ path: 'public/demo.html', content: DEMO_HTML }],
        message: 'Add a standalone demo page',
      },
    }),
    25: () => ({
      step: {
        changes: [{ path: 'bin/widgets-linux-amd64', content: binaryV1, mode: '100755' }],
        message: 'Add prebuilt CLI for Linux',
      },
      author: 'bot',
    }),
    30: () => ({
      step: {
        changes: [{ path: 'data/large-fixture.txt', content: largeFixture() }],
        message: 'Add recorded render timings for the benchmark',
      },
    }),
    40: () => ({
      step: {
        changes: [
          { path: 'README.md', content: README_INTRO + README_LOGO + README_START + README_USAGE },
        ],
        message: 'README: usage and the component table',
      },
    }),
    55: () => ({
      step: {
        changes: [{ path: 'docs/Café notes — 2026.md', content: CAFE_NOTES }],
        message: 'Docs: notes from the storefront workshop',
      },
      author: 'carol',
    }),
    70: () => ({
      step: {
        changes: [
          {
            path: 'README.md',
            content: README_INTRO + README_LOGO + README_START + README_USAGE + README_SECURITY,
          },
        ],
        message: 'README: document how merchant markup is sanitised',
      },
    }),
    90: () => ({
      step: {
        changes: [
          { path: 'src/lib/format/format-date.ts', content: FORMAT_DATE + FORMAT_DATE_RELATIVE },
        ],
        message: 'Add formatRelative for delivery estimates',
      },
    }),
    120: () => ({
      step: {
        changes: [
          {
            path: 'styles/theme.css',
            content: THEME_CSS.replace('--acme-radius: 4px;', '--acme-radius: 6px;').concat(
              '\n.acme-button--ghost {\n  background: transparent;\n  color: var(--acme-accent);\n}\n',
            ),
          },
        ],
        message: 'Theme: rounder corners and the ghost variant',
      },
    }),
  };
  const releases: Record<number, string> = {
    35: 'v0.9.0',
    60: 'v1.0.0',
    95: 'v1.2.0',
    140: 'v1.10.0',
    168: 'v2.0.0-rc.1',
    176: 'v2.0.0',
  };
  const declined = new Set([5, 14]);
  const superseded = new Set([10]);
  let featureIndex = 0;

  for (let i = 0; i < ORDINARY; i += 1) {
    const special = fixed[i];
    if (special) {
      const { step, author } = special();
      script.commit('main', step, author);
    } else if (i % 23 === 12) {
      const text = builder.read('main', 'package.json') as string;
      const from = /"vitest": "([^"]*)"/.exec(text)?.[1] ?? '1.6.0';
      const [major = 1, minor = 6] = from.split('.').map(Number);
      const to = prng.chance(0.3)
        ? `${major + 1}.0.${prng.int(0, 4)}`
        : `${major}.${minor + 1}.${prng.int(0, 9)}`;
      script.commit(
        'main',
        {
          changes: [
            {
              path: 'package.json',
              content: text.replace(/"vitest": "[^"]*"/, `"vitest": "${to}"`),
            },
          ],
          message: `Bump vitest from ${from} to ${to}`,
        },
        'bot',
      );
    } else {
      script.ordinary();
    }
    const version = releases[i];
    if (version) {
      const extra: FileChange[] =
        version === 'v1.0.0' || version === 'v2.0.0'
          ? [{ path: 'bin/widgets-linux-amd64', content: fakeBinary(prng, 12_288 + 512 * i) }]
          : [];
      script.release(version, extra);
      if (version === 'v2.0.0') builder.createBranch('release/2.x', 'main');
    }
    if (i % 8 === 4 && featureIndex < COMPONENTS.length) {
      const name = COMPONENTS[featureIndex] as string;
      const state = declined.has(featureIndex)
        ? 'DECLINED'
        : superseded.has(featureIndex)
          ? 'SUPERSEDED'
          : 'MERGED';
      const component = featureIndex % 3 !== 2;
      script.feature({
        branch: component ? `feature/${name}` : (noun) => `feature/${noun}-rules`,
        state,
        ...(component
          ? {
              title: `Add <acme-${name}>`,
              steps: () => [
                {
                  changes: [
                    { path: `src/components/${name}/${name}.tsx`, content: componentSource(name) },
                  ],
                  message: `Add <acme-${name}> skeleton`,
                },
                {
                  changes: [
                    {
                      path: `src/components/${name}/${name}.test.tsx`,
                      content: componentTest(name),
                    },
                  ],
                  message: `Test <acme-${name}> accessibility`,
                },
              ],
            }
          : {}),
      });
      featureIndex += 1;
    }
  }

  // release/2.x: backports after 2.0.0.
  script.commit('release/2.x', {
    changes: [
      {
        path: 'src/lib/format/format-date.ts',
        content: `${FORMAT_DATE + FORMAT_DATE_RELATIVE}\nexport const SUPPORTED_LOCALES = ['en-US', 'en-GB', 'fr-FR', 'de-DE'] as const;\n`,
      },
    ],
    message: 'Backport: list the supported locales (2.x)',
  });

  // The work in progress at the end of the history.
  script.feature({
    branch: 'feature/dark-mode',
    state: 'OPEN',
    title: 'Dark mode for every widget',
    description:
      '## Dark mode\n\nWidgets follow `prefers-color-scheme`.\n\n- [x] Palette in `src/theme/dark-mode.ts`\n- [ ] Contrast audit\n\n| Token | Light | Dark |\n| --- | --- | --- |\n| accent | `#0052cc` | `#4c9aff` |',
    author: 'bob',
    mainCommitsDuring: 2,
    steps: () => [
      {
        changes: [{ path: 'src/theme/dark-mode.ts', content: DARK_MODE }],
        message: 'Add the dark palette',
      },
      {
        changes: [
          {
            path: 'src/theme/dark-mode.ts',
            content: `${DARK_MODE}\n/** Applies the dark palette to the document. */\nexport function applyDarkMode(root: HTMLElement = document.documentElement): void {\n  root.style.setProperty('--acme-accent', DARK_PALETTE.accent);\n  root.style.setProperty('--acme-surface', DARK_PALETTE.surface);\n}\n`,
          },
        ],
        message: 'Apply the dark palette through custom properties',
      },
    ],
  });
  script.feature({
    branch: 'bugfix/PAIL-42/login-redirect',
    state: 'OPEN',
    draft: true,
    title: 'PAIL-42: keep the basket after the login redirect',
    description:
      'Fixes **PAIL-42**.\n\nThe basket was lost when the shopper signed in from the mini cart.\n\n```ts\nsessionStorage.setItem(BASKET_KEY, JSON.stringify(basket));\n```',
    author: 'alice',
    mainCommitsDuring: 1,
    steps: () => [
      {
        changes: [
          {
            path: 'src/lib/session/login-redirect.ts',
            content: `// Keeps the shopper's basket across the login redirect.\n\nexport const BASKET_KEY = 'acme:basket';\n\nexport function rememberBasket(basket: unknown, storage: Storage = sessionStorage): void {\n  storage.setItem(BASKET_KEY, JSON.stringify(basket));\n}\n`,
          },
        ],
        message: 'PAIL-42: remember the basket before redirecting to login',
      },
    ],
  });
  builder.createBranch('develop', 'main');
  script.commit('develop', churn.randomStep('develop'));
  const developHead = script.commit('develop', churn.randomStep('develop'));
  const opened = Date.parse(developHead.date) + 45 * 60_000;
  const stamp = (ms: number) => `${new Date(ms).toISOString().slice(0, 23)}000+00:00`;
  builder.addPullRequest({
    id: builder.pullRequestCount + 1,
    title: 'Release train: develop into main',
    description:
      'Brings the two pending rule changes from `develop` to `main`.\n\n**Reviewers:** please check the limits against last week’s load test.',
    state: 'OPEN',
    author: 'carol',
    sourceBranch: 'develop',
    sourceCommit: developHead.hash,
    destinationBranch: 'main',
    destinationCommit: builder.head('main').hash,
    mergeCommit: null,
    participants: [
      { nickname: 'alice', role: 'REVIEWER', state: null, participatedOn: null },
      {
        nickname: 'bob',
        role: 'REVIEWER',
        state: 'changes_requested',
        participatedOn: stamp(opened + 3 * 3_600_000),
      },
    ],
    draft: false,
    commentCount: 3,
    taskCount: 1,
    closeSourceBranch: false,
    closedBy: null,
    reason: '',
    createdOn: stamp(opened),
    updatedOn: stamp(opened + 3 * 3_600_000),
  });
  return builder.build('main');
}
