import { describe, expect, it } from 'vitest';
import { contentDisposition, downloadHeaders, servedContentType, storedContentType } from './attachment-store.ts';

describe('attachment content types and download headers', () => {
  it('keeps a declared type only when it is a plain type/subtype', () => {
    expect(storedContentType('image/jpeg')).toBe('image/jpeg');
    expect(storedContentType('Application/VND.ms-Excel')).toBe('application/vnd.ms-excel');
    expect(storedContentType('text/plain; charset=GBK')).toBe('text/plain');
    for (const bad of [undefined, null, '', 'image', 'image/', '/jpeg', 'image/jpeg/x', 'text/html"><script>', 'image/jp eg', '*/*', 'ima\u0000ge/png']) {
      expect(storedContentType(bad)).toBe('application/octet-stream');
    }
  });

  it('never serves a type a browser would render or run', () => {
    for (const active of ['text/html', 'application/xhtml+xml', 'image/svg+xml', 'text/xml', 'application/xml', 'text/javascript', 'application/ecmascript']) {
      expect(servedContentType(active)).toBe('application/octet-stream');
    }
    expect(servedContentType('image/png')).toBe('image/png');
    expect(servedContentType('application/pdf')).toBe('application/pdf');
  });

  it('names the file in UTF-8 (RFC 6266 filename*) with an ASCII fallback that cannot break the header', () => {
    expect(contentDisposition('故障照片.jpg')).toBe(`attachment; filename="____.jpg"; filename*=UTF-8''%E6%95%85%E9%9A%9C%E7%85%A7%E7%89%87.jpg`);
    expect(contentDisposition('a "quoted" \\ 100% (1)*.txt')).toBe(`attachment; filename="a _quoted_ _ 100_ (1)*.txt"; filename*=UTF-8''a%20%22quoted%22%20%5C%20100%25%20%281%29%2A.txt`);
    expect(decodeURIComponent(contentDisposition('報告 v2.pdf').split("UTF-8''")[1]!)).toBe('報告 v2.pdf');
  });

  it('sends every download as an attachment, not sniffed, sandboxed, with its length and digest', () => {
    const headers = downloadHeaders({ filename: 'x.svg', content_type: 'image/svg+xml', size: 3, sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad' });
    expect(headers).toMatchObject({
      'content-type': 'application/octet-stream',
      'content-length': '3',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      'repr-digest': 'sha-256=:ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=:',
    });
    expect(headers['content-disposition']).toMatch(/^attachment; /);
  });
});
