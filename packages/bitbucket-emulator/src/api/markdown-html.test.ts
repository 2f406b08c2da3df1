// `?format=rendered`: Markdown becomes HTML, and nothing in the source can become script.
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown-html';

describe('renderMarkdown', () => {
  it('renders headings, paragraphs, fenced code, lists, tables, quotes and rules', () => {
    const html = renderMarkdown(
      [
        '# Widgets',
        '',
        'Some *emphasis*, **strong** and `code <b>`.',
        '',
        '```ts',
        'const a = 1 < 2;',
        '```',
        '',
        '- one',
        '- two',
        '',
        '1. first',
        '',
        '| A | B |',
        '| --- | --- |',
        '| 1 | 2 |',
        '',
        '> quoted',
        '',
        '---',
      ].join('\n'),
    );
    expect(html).toBe(
      [
        '<h1 id="markdown-header-widgets">Widgets</h1>',
        '<p>Some <em>emphasis</em>, <strong>strong</strong> and <code>code &lt;b&gt;</code>.</p>',
        '<pre><code class="language-ts">const a = 1 &lt; 2;</code></pre>',
        '<ul><li>one</li><li>two</li></ul>',
        '<ol><li>first</li></ol>',
        '<table><thead><tr><th>A</th><th>B</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>',
        '<blockquote><p>quoted</p></blockquote>',
        '<hr>',
      ].join('\n'),
    );
  });

  it('keeps relative links and images, and drops javascript: targets', () => {
    const html = renderMarkdown(
      "[the guide](docs/guide.md) ![Logo](docs/images/logo.png) [Click me](javascript:window.__pailXss='x')",
    );
    expect(html).toContain('<a href="docs/guide.md" rel="nofollow">the guide</a>');
    expect(html).toContain('<img src="docs/images/logo.png" alt="Logo">');
    expect(html).toContain('Click me');
    expect(html).not.toMatch(/href="javascript/i);
  });

  it('escapes raw HTML instead of passing it through', () => {
    const html = renderMarkdown(
      '<script>window.__pailXss = 1</script>\n\n<img src="x" onerror="window.__pailXss = 2">',
    );
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;');
  });
});
