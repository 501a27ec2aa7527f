import { Typography } from 'antd';
import { Fragment, type ReactNode } from 'react';

/**
 * Markdown as React elements, never as HTML: the console has no Markdown library, and an article's body is typed by
 * people, so nothing in it may run. Every piece of text becomes a React text node (React escapes it); raw HTML in the
 * source is shown as text; links go only to http(s), mailto and this console's own paths, and open safely.
 *
 * The subset articles need: headings (#–######), paragraphs (a single line break kept), bullet and numbered lists,
 * block quotes, fenced code blocks, horizontal rules; inline `code`, **bold**, *italic* and [links](https://…).
 */

const SAFE_URL = /^(https?:\/\/|mailto:|\/(?!\/))/i;

/** A link target that may be followed, or null. */
export function safeHref(url: string): string | null {
  const trimmed = url.trim();
  return SAFE_URL.test(trimmed) && !/[\s<>"'`]/.test(trimmed) ? trimmed : null;
}

const INLINE = /(`[^`\n]+`)|(\*\*[^*\n]+\*\*)|(\*[^*\n]+\*|_[^_\n]+_)|(\[[^\]\n]+\]\([^)\s]+\))/g;

function inline(text: string, key: string): ReactNode[] {
  const out: ReactNode[] = [];
  let last = 0;
  let n = 0;
  for (const m of text.matchAll(INLINE)) {
    if (m.index > last) out.push(text.slice(last, m.index));
    const token = m[0];
    const k = `${key}-${n++}`;
    if (m[1]) out.push(<code key={k}>{token.slice(1, -1)}</code>);
    else if (m[2]) out.push(<strong key={k}>{inline(token.slice(2, -2), k)}</strong>);
    else if (m[3]) out.push(<em key={k}>{inline(token.slice(1, -1), k)}</em>);
    else {
      const [, label = '', url = ''] = /^\[([^\]]+)\]\(([^)]+)\)$/.exec(token) ?? [];
      const href = safeHref(url);
      out.push(
        href ? (
          <a key={k} href={href} target={href.startsWith('/') ? undefined : '_blank'} rel="noopener noreferrer nofollow">
            {inline(label, k)}
          </a>
        ) : (
          token
        ),
      );
    }
    last = m.index + token.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

/** Lines joined with a line break, each with its inline marks. */
const lines = (items: string[], key: string): ReactNode[] =>
  items.flatMap((line, i) => [...(i > 0 ? [<br key={`${key}-br${i}`} />] : []), <Fragment key={`${key}-l${i}`}>{inline(line, `${key}-l${i}`)}</Fragment>]);

const BULLET = /^\s*[-*+]\s+(.*)$/;
const NUMBERED = /^\s*\d{1,9}[.)]\s+(.*)$/;
const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const RULE = /^\s*([-*_])(\s*\1){2,}\s*$/;
const FENCE = /^\s*(```|~~~)/;

/** The body as React elements (block by block). */
export function renderMarkdown(source: string): ReactNode[] {
  const src = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: ReactNode[] = [];
  let i = 0;
  while (i < src.length) {
    const line = src[i]!;
    const key = `b${blocks.length}`;
    if (!line.trim()) {
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const body: string[] = [];
      i++;
      while (i < src.length && !src[i]!.trim().startsWith(fence[1]!)) body.push(src[i++]!);
      i++;
      blocks.push(
        <pre key={key} className="kb-code">
          <code>{body.join('\n')}</code>
        </pre>,
      );
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      const Tag = `h${Math.min(6, heading[1]!.length + 1)}` as 'h2';
      blocks.push(<Tag key={key}>{inline(heading[2]!, key)}</Tag>);
      i++;
      continue;
    }
    if (RULE.test(line)) {
      blocks.push(<hr key={key} />);
      i++;
      continue;
    }
    if (line.trimStart().startsWith('>')) {
      const quoted: string[] = [];
      while (i < src.length && src[i]!.trimStart().startsWith('>')) quoted.push(src[i++]!.trimStart().replace(/^>\s?/, ''));
      blocks.push(<blockquote key={key}>{renderMarkdown(quoted.join('\n'))}</blockquote>);
      continue;
    }
    const listKind = BULLET.test(line) ? BULLET : NUMBERED.test(line) ? NUMBERED : null;
    if (listKind) {
      const items: string[] = [];
      while (i < src.length && listKind.test(src[i]!)) items.push(listKind.exec(src[i++]!)![1]!);
      const children = items.map((item, n) => <li key={`${key}-${n}`}>{inline(item, `${key}-${n}`)}</li>);
      blocks.push(listKind === BULLET ? <ul key={key}>{children}</ul> : <ol key={key}>{children}</ol>);
      continue;
    }
    const paragraph: string[] = [];
    while (i < src.length && src[i]!.trim() && !FENCE.test(src[i]!) && !HEADING.test(src[i]!) && !BULLET.test(src[i]!) && !NUMBERED.test(src[i]!) && !src[i]!.trimStart().startsWith('>') && !RULE.test(src[i]!)) {
      paragraph.push(src[i++]!);
    }
    blocks.push(<p key={key}>{lines(paragraph, key)}</p>);
  }
  return blocks;
}

/** An article's body, rendered safely. */
export function Markdown({ source, testId }: { source: string; testId?: string }) {
  return (
    // antd's Typography styles the headings, lists, quotes and code inside it
    <Typography className="kb-markdown" data-testid={testId}>
      {renderMarkdown(source)}
    </Typography>
  );
}

/**
 * A server snippet or title ("escaped, then marked": HTML entities and <mark>…</mark> only) as React elements: the
 * marks become <mark>, the entities are decoded back to text for React to escape again. Never set as HTML.
 */
export function Highlighted({ html, testId }: { html: string; testId?: string }) {
  const parts = html.split(/<mark>|<\/mark>/);
  const decode = (s: string) => s.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e]!);
  return (
    <span data-testid={testId}>
      {parts.map((part, i) => (i % 2 === 1 ? <mark key={i}>{decode(part)}</mark> : <Fragment key={i}>{decode(part)}</Fragment>))}
    </span>
  );
}
