import { InvalidError, PayloadTooLargeError } from '../../errors.ts';
import { UnparsableItem } from './envelope.ts';

/*
 * Splitting a batch body into items as its text arrives (ndjsonScanner, jsonScanner), for readBatch in body.ts: each
 * item is parsed on its own, so no single step holds the event loop for long, and the item limit stops the reading.
 */

/**
 * A JSON body up to this size is parsed in one JSON.parse once it has all arrived (a few milliseconds): typical
 * batches of 500–1,000 envelopes are ~300 KB, and splitting them first would cost them a third more time.
 */
export const WHOLE_BYTES = 512 * 1024;
/**
 * One item's text may be this long; a longer one is rejected by itself without being parsed, so that no single
 * JSON.parse holds the event loop for long. An envelope's own fields are a few KiB at most (SPEC §5.3). The same
 * as WHOLE_BYTES, so that an item is kept or refused alike whichever way its body was read.
 */
export const MAX_ITEM_CHARS = WHOLE_BYTES;
/** Complete array elements are parsed together up to this much text (see jsonScanner). */
const GROUP_CHARS = 64 * 1024;

const tooManyItems = (max: number) => new PayloadTooLargeError(`A batch may hold at most ${max} items; split it`, 'BATCH_TOO_LARGE');
const invalidJson = (detail: string) => new InvalidError(`The body is not valid JSON: ${detail}`, undefined, 'INVALID_JSON');
const notABatch = () => new InvalidError('The body must be a JSON array of envelopes, one envelope, or NDJSON', undefined, 'INVALID_BATCH');
/** A body that is valid JSON but not a batch (a number, a string…) is still refused as a whole. */
export function itemsOf(body: unknown): unknown[] {
  if (Array.isArray(body)) return body;
  throw notABatch();
}
const tooLarge = (what: string) => new UnparsableItem(`${what} is longer than ${MAX_ITEM_CHARS / 1024} KiB; it was not read`, 'ITEM_TOO_LARGE');

/**
 * Splits a body into items as its text arrives, parsing each item on its own: `feed` appends text, `drain` parses
 * what is complete until a deadline. Throws 413 as soon as the item limit is passed, so what comes after is never
 * read. Parsing item by item rather than the whole body at once keeps every step short and bounded.
 */
export interface BatchScanner {
  feed(text: string): void;
  /** Parses complete items until `deadline` (performance.now()); true when everything fed so far is parsed. */
  drain(deadline: number): boolean;
  /** The body ended: parses the rest and returns the items. */
  end(): unknown[];
  /** Parses a small body (at most WHOLE_BYTES) that has arrived whole, when that is quicker than scanning it. */
  whole?(text: string): unknown[];
}

/** A character a JSON text may start with; a line starting otherwise is refused without the cost of a SyntaxError. */
const JSON_START = new Set([...'{["-0123456789tfn'].map((c) => c.charCodeAt(0)));

/** NDJSON: one item a line; a line that is not JSON becomes an UnparsableItem and is rejected on its own. */
export function ndjsonScanner(maxItems: number): BatchScanner {
  const items: unknown[] = [];
  let buf = '';
  let pos = 0;
  let line = 0;
  /** the current line grew past MAX_ITEM_CHARS: its text is dropped until its newline */
  let skipping = false;

  function take(text: string | null): void {
    line++;
    if (text === null) {
      items.push(tooLarge(`line ${line}`));
    } else {
      const trimmed = text.trim();
      if (trimmed === '') return;
      if (!JSON_START.has(trimmed.charCodeAt(0))) {
        items.push(new UnparsableItem(`line ${line} is not valid JSON`));
      } else {
        try {
          items.push(JSON.parse(trimmed));
        } catch {
          items.push(new UnparsableItem(`line ${line} is not valid JSON`));
        }
      }
    }
    if (items.length > maxItems) throw tooManyItems(maxItems);
  }

  return {
    feed(text) {
      buf = pos === 0 ? buf + text : buf.slice(pos) + text;
      pos = 0;
    },
    drain(deadline) {
      for (;;) {
        const newline = buf.indexOf('\n', pos);
        if (newline === -1) break;
        take(skipping ? null : buf.slice(pos, newline));
        skipping = false;
        pos = newline + 1;
        if (performance.now() > deadline) return false;
      }
      if (buf.length - pos > MAX_ITEM_CHARS) {
        skipping = true;
        buf = '';
        pos = 0;
      }
      return true;
    },
    end() {
      while (!this.drain(Infinity));
      if (skipping) take(null);
      else if (pos < buf.length) take(buf.slice(pos));
      return items;
    },
  };
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const ENDS_OPEN = -1;
const ENDS_ESCAPED = -2;

/**
 * The index just past the quote that closes a JSON string whose text goes on from i: ENDS_OPEN when the text ends
 * first, ENDS_ESCAPED when it ends on a backslash that escapes the first character of the next text.
 */
function stringEnd(text: string, i: number): number {
  for (;;) {
    const quote = text.indexOf('"', i);
    if (quote === -1) break;
    let b = quote - 1;
    while (b >= i && text.charCodeAt(b) === BACKSLASH) b--;
    if ((quote - 1 - b) % 2 === 0) return quote + 1;
    i = quote + 1;
  }
  let b = text.length - 1;
  while (b >= i && text.charCodeAt(b) === BACKSLASH) b--;
  return (text.length - 1 - b) % 2 === 1 ? ENDS_ESCAPED : ENDS_OPEN;
}

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/**
 * A JSON body: an array of items (split at its top-level commas, each element parsed by itself) or one object. The
 * whole body must be valid JSON, as before: a broken element refuses the body with 400 INVALID_JSON.
 */
export function jsonScanner(maxItems: number): BatchScanner {
  const items: unknown[] = [];
  let mode: 'start' | 'array' | 'object' | 'done' = 'start';
  let buf = '';
  /** next index of buf to look at */
  let pos = 0;
  /** where the current element's text starts in buf; -1 when it grew too long and its text was dropped */
  let start = 0;
  /** nesting inside the current element */
  let depth = 0;
  let inString = false;
  /** a backslash ended the last text fed, inside a string */
  let escaped = false;
  /** the current element has something besides white space */
  let content = false;
  /** a comma came before the current element (so "]" now would be a trailing comma) */
  let afterComma = false;

  /**
   * Complete elements not parsed yet, from groupStart to groupEnd in buf: they are parsed a group at a time, which
   * costs about what one JSON.parse of the whole body would, and never more than GROUP_CHARS at once.
   */
  let groupStart = 0;
  let groupEnd = 0;
  let grouped = 0;

  function flush(): void {
    if (grouped === 0) return;
    const first = items.length + 1;
    let parsed: unknown[];
    try {
      parsed = JSON.parse(`[${buf.slice(groupStart, groupEnd)}]`) as unknown[];
    } catch (error) {
      throw invalidJson(`in items ${first}–${first + grouped - 1}: ${(error as Error).message}`);
    }
    for (const item of parsed) items.push(item);
    grouped = 0;
  }

  function element(end: number): void {
    if (!content) throw invalidJson(afterComma ? 'an element is missing after a comma' : 'an element is missing');
    if (items.length + grouped + 1 > maxItems) throw tooManyItems(maxItems);
    if (start === -1 || end - start > MAX_ITEM_CHARS) {
      flush();
      items.push(tooLarge(`item ${items.length + 1}`));
    } else {
      if (grouped === 0) groupStart = start;
      groupEnd = end;
      grouped++;
      if (groupEnd - groupStart > GROUP_CHARS) flush();
    }
    content = false;
  }

  /** From inside a string at i, the index just past its closing quote; -1 when buf ends first. */
  function closeString(i: number): number {
    if (escaped) i++;
    const after = stringEnd(buf, i);
    escaped = after === ENDS_ESCAPED;
    return after < 0 ? -1 : after;
  }

  /** Outside the batch's array or object: before it starts, or after it ended. */
  function scanOutside(): boolean {
    const n = buf.length;
    for (let i = pos; i < n; i++) {
      const c = buf.charCodeAt(i);
      if (isSpace(c)) continue;
      if (mode === 'done') throw invalidJson('something follows the end of the batch');
      if (c === OPEN_BRACKET) {
        mode = 'array';
        start = i + 1;
      } else if (c === OPEN_BRACE) {
        mode = 'object';
        start = i;
        depth = 1;
        content = true;
      } else {
        // A number, string, true, false or null is JSON, but not a batch.
        throw JSON_START.has(c) ? notABatch() : invalidJson('it does not start with [ or {');
      }
      pos = i + 1;
      return true;
    }
    pos = n;
    return false;
  }

  /** Scans from pos; returns true after each complete element so that the caller can look at the clock. */
  function scan(): boolean {
    if (mode === 'start' || mode === 'done') return scanOutside();
    const n = buf.length;
    let i = pos;
    if (i >= n) return false;
    if (inString) {
      i = closeString(i);
      if (i === -1) {
        pos = n;
        return false;
      }
      inString = false;
    }
    let level = depth;
    while (i < n) {
      const c = buf.charCodeAt(i);
      if (c === QUOTE) {
        content = true;
        const after = closeString(i + 1);
        if (after === -1) {
          inString = true;
          break;
        }
        i = after;
        continue;
      }
      if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        level++;
        content = true;
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        if (level > 0) {
          level--;
          if (level === 0 && mode === 'object') {
            depth = 0;
            element(i + 1);
            mode = 'done';
            pos = i + 1;
            return true;
          }
        } else if (c === CLOSE_BRACKET) {
          depth = 0;
          if (content || afterComma) element(i);
          mode = 'done';
          pos = i + 1;
          return true;
        } else {
          throw invalidJson('an unexpected }');
        }
      } else if (c === COMMA) {
        if (level === 0) {
          depth = 0;
          element(i);
          afterComma = true;
          start = i + 1;
          pos = i + 1;
          return true;
        }
      } else if (!content && !isSpace(c)) {
        content = true;
      }
      i++;
    }
    depth = level;
    pos = n;
    return false;
  }

  return {
    feed(text) {
      // Keep only the current element's text: what came before it is parsed already.
      const keepFrom = start === -1 || mode === 'start' || mode === 'done' ? pos : Math.min(start, pos);
      buf = buf.slice(keepFrom) + text;
      pos -= keepFrom;
      if (start !== -1) start -= keepFrom;
    },
    drain(deadline) {
      while (scan()) {
        if (performance.now() > deadline) {
          flush();
          return false;
        }
      }
      flush();
      if (start !== -1 && pos - start > MAX_ITEM_CHARS && (mode === 'array' || mode === 'object')) start = -1;
      return true;
    },
    whole(text) {
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch (error) {
        throw invalidJson((error as Error).message);
      }
      if (Array.isArray(body)) {
        if (body.length > maxItems) throw tooManyItems(maxItems);
        return body;
      }
      if (typeof body === 'object' && body !== null) return [body];
      throw notABatch();
    },
    end() {
      while (!this.drain(Infinity));
      if (mode === 'start') throw invalidJson('the body is empty');
      if (mode !== 'done' || inString) throw invalidJson('the body ends before the batch is closed');
      return items;
    },
  };
}
