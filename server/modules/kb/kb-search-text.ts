/**
 * The text side of knowledge-base search, the same on both databases (README.md, "Search"): what is indexed, how a
 * query splits into terms, and the highlighted snippet. Pure functions.
 *
 * Trigram indexes (FTS5 trigram, pg_trgm) find any substring of three characters or more. Chinese is written without
 * spaces and its words are often two characters (闸机, 网络), which a trigram index cannot look up. So every article
 * also carries its "grams": each character and each pair of adjacent characters of each whitespace-separated word,
 * lower-cased, written as ASCII tokens (u<hex> for one character, b<hex>x<hex> for a pair) so that any tokenizer keeps
 * them whole. A term of one or two characters is one gram: an index lookup, not a scan.
 */

/** At most this many terms in a query; longer queries are refused rather than made slow. */
export const MAX_TERMS = 8;
/** Terms shorter than this use the grams; longer ones the trigram index. */
export const TRIGRAM_MIN = 3;

const hex = (s: string) => s.codePointAt(0)!.toString(16);

/** The text every search term is looked for in: title, tags and body, lower-cased. */
export function searchText(title: string, tags: readonly string[], body: string): string {
  return `${title}\n${tags.join(' ')}\n${body}`.toLowerCase();
}

/** The gram tokens of a (lower-cased) text, distinct. */
export function gramsOf(text: string): string[] {
  const grams = new Set<string>();
  for (const word of text.split(/\s+/u)) {
    const chars = [...word];
    for (let i = 0; i < chars.length; i++) {
      grams.add(`u${hex(chars[i]!)}`);
      if (i + 1 < chars.length) grams.add(`b${hex(chars[i]!)}x${hex(chars[i + 1]!)}`);
    }
  }
  return [...grams];
}

/** The one gram token a term of one or two characters is found by. */
export function gramOfTerm(term: string): string {
  const chars = [...term];
  if (chars.length === 1) return `u${hex(chars[0]!)}`;
  if (chars.length === 2) return `b${hex(chars[0]!)}x${hex(chars[1]!)}`;
  throw new Error(`a term of ${chars.length} characters has no single gram`);
}

export interface SearchTerm {
  text: string;
  /** 'trigram' for three characters or more, 'gram' below */
  index: 'trigram' | 'gram';
}

/** The terms of a query: split on whitespace, lower-cased, duplicates dropped, in order. Every term must occur. */
export function parseQuery(q: string): SearchTerm[] {
  const seen = new Set<string>();
  const terms: SearchTerm[] = [];
  for (const raw of q.toLowerCase().split(/\s+/u)) {
    if (!raw || seen.has(raw)) continue;
    seen.add(raw);
    terms.push({ text: raw, index: [...raw].length >= TRIGRAM_MIN ? 'trigram' : 'gram' });
  }
  return terms;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function matcher(terms: readonly SearchTerm[]): RegExp | null {
  if (terms.length === 0) return null;
  // Longest first, so that a term inside another does not cut the longer one's mark short.
  const sorted = [...terms].map((t) => t.text).sort((a, b) => b.length - a.length);
  return new RegExp(sorted.map(escapeRegExp).join('|'), 'giu');
}

/** `text` HTML-escaped, with every occurrence of a term (case-insensitive) in <mark>…</mark>. */
export function highlight(text: string, terms: readonly SearchTerm[]): string {
  const re = matcher(terms);
  if (!re) return escapeHtml(text);
  let out = '';
  let last = 0;
  for (const m of text.matchAll(re)) {
    out += `${escapeHtml(text.slice(last, m.index))}<mark>${escapeHtml(m[0])}</mark>`;
    last = m.index + m[0].length;
  }
  return out + escapeHtml(text.slice(last));
}

/**
 * The body's words without its Markdown marks, for a snippet that reads as text: heading hashes, quote and list
 * markers at line starts, emphasis and code marks, link targets (the label stays), fences.
 */
export function markdownToText(body: string): string {
  return body
    .replace(/^\s*(```|~~~).*$/gmu, '')
    .replace(/^\s{0,3}(#{1,6}\s+|>\s?|[-*+]\s+|\d{1,9}[.)]\s+)/gmu, '')
    .replace(/\[([^\]\n]+)\]\([^)\s]+\)/gu, '$1')
    .replace(/(\*\*|__|`)/gu, '');
}

/** Code points around the first hit that a snippet shows. */
const BEFORE = 30;
const AFTER = 90;

/**
 * A short piece of the body around its first hit, escaped then marked (safe to show as HTML, or to split on the marks):
 * "…" where it was cut. Without a hit in the body (the hit was in the title or tags) the body's beginning.
 */
export function snippet(body: string, terms: readonly SearchTerm[]): string {
  const flat = markdownToText(body).replace(/\s+/gu, ' ').trim();
  const re = matcher(terms);
  const first = re ? re.exec(flat) : null;
  const chars = [...flat];
  let start = 0;
  if (first) {
    const before = [...flat.slice(0, first.index)].length;
    start = Math.max(0, before - BEFORE);
  }
  const end = Math.min(chars.length, start + BEFORE + AFTER);
  const piece = chars.slice(start, end).join('');
  return `${start > 0 ? '…' : ''}${highlight(piece, terms)}${end < chars.length ? '…' : ''}`;
}
