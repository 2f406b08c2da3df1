// Markdown to HTML for `?format=rendered`: the common block and inline forms, raw HTML always escaped.

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Only web, mail and relative targets become links; `javascript:` and other schemes do not. */
function safeUrl(url: string): string | undefined {
  const trimmed = url.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme === undefined || scheme === 'http' || scheme === 'https' || scheme === 'mailto') {
    return trimmed;
  }
  return undefined;
}

/** Inline Markdown of already-escaped text: code spans, images, links, strong and emphasis. */
function inline(raw: string): string {
  const codes: string[] = [];
  let text = escapeHtml(raw).replace(/`([^`]+)`/g, (_, code: string) => {
    codes.push(`<code>${code}</code>`);
    return `\uE000${codes.length - 1}\uE000`;
  });
  text = text.replace(/!\[([^\]]*)\]\(([^)\s]+)\)/g, (_, alt: string, url: string) => {
    const href = safeUrl(url.replace(/&amp;/g, '&'));
    return href ? `<img src="${escapeHtml(href)}" alt="${alt}">` : alt;
  });
  text = text.replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_, label: string, url: string) => {
    const href = safeUrl(url.replace(/&amp;/g, '&'));
    return href ? `<a href="${escapeHtml(href)}" rel="nofollow">${label}</a>` : label;
  });
  text = text
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[^*])\*([^*\s][^*]*)\*/g, '$1<em>$2</em>');
  return text.replace(/\uE000(\d+)\uE000/g, (_, i: string) => codes[Number(i)] ?? '');
}

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-|-$/g, '');

const TABLE_RULE = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/;
const LIST_ITEM = /^\s*([-*+]|\d+[.)])\s+(.*)$/;

function cells(row: string): string[] {
  return row
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((cell) => cell.trim());
}

/** Renders Markdown as Bitbucket's `html` field does; raw HTML in the source is shown, never run. */
export function renderMarkdown(source: string): string {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length > 0) out.push(`<p>${inline(paragraph.join('\n'))}</p>`);
    paragraph = [];
  };
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] as string;
    const fence = /^```\s*([\w+-]*)\s*$/.exec(line);
    if (fence) {
      flush();
      const body: string[] = [];
      for (i += 1; i < lines.length && !/^```\s*$/.test(lines[i] as string); i += 1) {
        body.push(lines[i] as string);
      }
      const language = fence[1] ? ` class="language-${fence[1]}"` : '';
      out.push(`<pre><code${language}>${escapeHtml(body.join('\n'))}</code></pre>`);
      continue;
    }
    const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      flush();
      const level = (heading[1] as string).length;
      const text = heading[2] as string;
      out.push(`<h${level} id="markdown-header-${slug(text)}">${inline(text)}</h${level}>`);
      continue;
    }
    if (line.includes('|') && TABLE_RULE.test(lines[i + 1] ?? '')) {
      flush();
      const head = cells(line).map((c) => `<th>${inline(c)}</th>`);
      const rows: string[] = [];
      for (i += 2; i < lines.length && (lines[i] as string).includes('|'); i += 1) {
        rows.push(
          `<tr>${cells(lines[i] as string)
            .map((c) => `<td>${inline(c)}</td>`)
            .join('')}</tr>`,
        );
      }
      i -= 1;
      out.push(
        `<table><thead><tr>${head.join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`,
      );
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item) {
      flush();
      const ordered = /\d/.test(item[1] as string);
      const items: string[] = [];
      for (; i < lines.length; i += 1) {
        const next = LIST_ITEM.exec(lines[i] as string);
        if (!next) break;
        items.push(`<li>${inline(next[2] as string)}</li>`);
      }
      i -= 1;
      out.push(ordered ? `<ol>${items.join('')}</ol>` : `<ul>${items.join('')}</ul>`);
      continue;
    }
    if (/^>\s?/.test(line)) {
      flush();
      const quoted: string[] = [];
      for (; i < lines.length && /^>\s?/.test(lines[i] as string); i += 1) {
        quoted.push((lines[i] as string).replace(/^>\s?/, ''));
      }
      i -= 1;
      out.push(`<blockquote>${renderMarkdown(quoted.join('\n'))}</blockquote>`);
      continue;
    }
    if (/^(\*{3,}|-{3,}|_{3,})\s*$/.test(line)) {
      flush();
      out.push('<hr>');
      continue;
    }
    if (line.trim() === '') flush();
    else paragraph.push(line);
  }
  flush();
  return out.join('\n');
}
