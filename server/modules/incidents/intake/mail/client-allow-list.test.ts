import { describe, expect, it } from 'vitest';
import { allowListProblems, createClientAllowList } from './client-allow-list.ts';

describe('client allow-list', () => {
  it('lets every client in when there is no list', () => {
    expect(createClientAllowList(null).allows('203.0.113.9')).toBe(true);
    expect(createClientAllowList([]).allows('203.0.113.9')).toBe(true);
  });

  it('admits addresses and CIDR prefixes, IPv4 also as a dual-stack socket shows it', () => {
    const list = createClientAllowList(['10.20.0.0/16', '192.0.2.25', 'fd00::/8', '::1']);
    expect(list.allows('10.20.3.4')).toBe(true);
    expect(list.allows('::ffff:10.20.3.4')).toBe(true);
    expect(list.allows('192.0.2.25')).toBe(true);
    expect(list.allows('fd12:3456::1')).toBe(true);
    expect(list.allows('::1')).toBe(true);
    expect(list.allows('10.21.0.1')).toBe(false);
    expect(list.allows('192.0.2.26')).toBe(false);
    expect(list.allows('::ffff:203.0.113.9')).toBe(false);
    expect(list.allows('2001:db8::1')).toBe(false);
    expect(list.allows('not-an-address')).toBe(false);
    expect(list.allows(undefined)).toBe(false);
  });

  it('names every bad entry', () => {
    expect(allowListProblems(['10.0.0.0/8', '10.0.0.0/33', 'mail.example.edu.cn', '10.0.0.1/8/2', 'fd00::/129', '1.2.3.4/x'])).toEqual([
      '"10.0.0.0/33" has a prefix length outside 0–32',
      '"mail.example.edu.cn" is not an IP address or CIDR prefix',
      '"10.0.0.1/8/2" is not an IP address or CIDR prefix',
      '"fd00::/129" has a prefix length outside 0–128',
      '"1.2.3.4/x" has a prefix length outside 0–32',
    ]);
    expect(() => createClientAllowList(['10.0.0.0/33'])).toThrow(/prefix length/);
  });
});
