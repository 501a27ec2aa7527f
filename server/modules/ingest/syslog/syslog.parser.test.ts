import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { parseSyslog, SyslogFramer, type SyslogMessage } from './syslog.parser.ts';

const NOW = Date.parse('2026-11-20T03:32:05Z'); // 11:32:05 in Shanghai
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function ok(input: string | Buffer, options: { now?: number; timeZone?: string } = {}): SyslogMessage {
  const result = parseSyslog(input, { now: options.now ?? NOW, timeZone: options.timeZone });
  if (!result.ok) throw new Error(`expected a message, got ${result.error.code}: ${result.error.message}`);
  return result.message;
}

describe('RFC 5424', () => {
  it('parses the RFC 6.5 example 1: no structured data, BOM before MSG, NILVALUE procid', () => {
    const m = ok("<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - \uFEFF'su root' failed for lonvick on /dev/pts/8");
    expect(m).toMatchObject({ format: 'rfc5424', facility: 4, severity: 2, hostname: 'mymachine.example.com', appName: 'su', procId: null, msgId: 'ID47', structuredData: null });
    expect(iso(m.timestamp)).toBe('2003-10-11T22:14:15.003Z');
    expect(m.message).toBe("'su root' failed for lonvick on /dev/pts/8");
  });

  it('parses example 2: microseconds and a negative offset, NILVALUE msgid', () => {
    const m = ok("<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It's time to make the do-nuts.");
    expect(m).toMatchObject({ facility: 20, severity: 5, hostname: '192.0.2.1', appName: 'myproc', procId: '8710', msgId: null });
    expect(iso(m.timestamp)).toBe('2003-08-24T12:14:15.000Z');
    expect(m.message).toBe("%% It's time to make the do-nuts.");
  });

  it('parses example 3: structured data and a BOM-prefixed UTF-8 MSG sent as bytes', () => {
    const bytes = Buffer.concat([
      Buffer.from('<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"] '),
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('An application event log entry... 一卡通'),
    ]);
    const m = ok(bytes);
    expect(m.structuredData).toEqual({ 'exampleSDID@32473': { iut: '3', eventSource: 'Application', eventID: '1011' } });
    expect(m.message).toBe('An application event log entry... 一卡通');
  });

  it('parses example 4: two SD elements and no MSG', () => {
    const m = ok('<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"][examplePriority@32473 class="high"]');
    expect(Object.keys(m.structuredData!)).toEqual(['exampleSDID@32473', 'examplePriority@32473']);
    expect(m.structuredData!['examplePriority@32473']).toEqual({ class: 'high' });
    expect(m.message).toBe('');
  });

  it('takes every NILVALUE as null, including the timestamp', () => {
    const m = ok('<14>1 - - - - - - hello');
    expect(m).toMatchObject({ timestamp: null, hostname: null, appName: null, procId: null, msgId: null, structuredData: null, message: 'hello' });
  });

  it('unescapes SD values and keeps repeated parameters', () => {
    const m = ok('<14>1 2026-11-20T11:32:05+08:00 h app - - [x@1 q="a\\"b\\\\c\\]d" ip="10.0.0.1" ip="10.0.0.2"] m');
    expect(m.structuredData!['x@1']).toEqual({ q: 'a"b\\c]d', ip: ['10.0.0.1', '10.0.0.2'] });
    expect(iso(m.timestamp)).toBe('2026-11-20T03:32:05.000Z');
  });

  it('keeps a broken structured data block as text rather than losing the message', () => {
    const m = ok('<14>1 2026-11-20T03:32:05Z h app - - [x@1 q="unterminated');
    expect(m.structuredData).toBeNull();
    expect(m.message).toBe('[x@1 q="unterminated');
  });

  it('tolerates a truncated header', () => {
    expect(ok('<14>1 2026-11-20T03:32:05Z host')).toMatchObject({ hostname: 'host', appName: null, message: '' });
    expect(ok('<14>1 - host app')).toMatchObject({ hostname: 'host', appName: 'app', timestamp: null });
  });
});

describe('RFC 3164 and vendor dialects', () => {
  it('parses the RFC 3164 examples', () => {
    const su = ok("<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8");
    expect(su).toMatchObject({ format: 'rfc3164', facility: 4, severity: 2, hostname: 'mymachine', appName: 'su', procId: null, message: "'su root' failed for lonvick on /dev/pts/8" });
    // no year and no zone: this year, Asia/Shanghai
    expect(iso(su.timestamp)).toBe('2026-10-11T14:14:15.000Z');

    const bfg = ok('<13>Feb  5 17:32:18 10.0.0.99 Use the BFG!');
    expect(bfg).toMatchObject({ hostname: '10.0.0.99', appName: null, message: 'Use the BFG!' });

    const donuts = ok("<165>Aug 24 05:34:00 CST 1987 mymachine myproc[10]: %% It's time to make the do-nuts.  %%  Ingredients: Mix=OK, Jam=OK Use=OK");
    expect(donuts).toMatchObject({ hostname: 'mymachine', appName: 'myproc', procId: '10' });
    // the year after the zone is used; China kept summer time (UTC+9) from 1986 to 1991
    expect(iso(donuts.timestamp)).toBe('1987-08-23T20:34:00.000Z');
  });

  it('chooses the year that puts the time nearest to now', () => {
    const newYear = Date.parse('2027-01-01T00:00:30+08:00');
    expect(iso(ok('<13>Dec 31 23:59:50 h app: x', { now: newYear }).timestamp)).toBe('2026-12-31T15:59:50.000Z');
    const newYearsEve = Date.parse('2026-12-31T23:59:50+08:00');
    expect(iso(ok('<13>Jan  1 00:00:10 h app: x', { now: newYearsEve }).timestamp)).toBe('2026-12-31T16:00:10.000Z');
    // Feb 29 only exists in leap years
    expect(new Date(ok('<13>Feb 29 10:00:00 h app: x', { now: Date.parse('2028-03-01T00:00:00Z') }).timestamp!).getUTCFullYear()).toBe(2028);
    expect(ok('<13>Feb 30 10:00:00 h app: x').timestamp).toBeNull();
  });

  it('reads zone-less times in the configured zone', () => {
    expect(iso(ok('<13>Nov 20 11:32:05 h app: x', { timeZone: 'UTC' }).timestamp)).toBe('2026-11-20T11:32:05.000Z');
    expect(iso(ok('<13>Nov 20 11:32:05 h app: x').timestamp)).toBe('2026-11-20T03:32:05.000Z');
    expect(iso(ok('<13>Jul  1 12:00:00 h app: x', { timeZone: 'Europe/Berlin' }).timestamp)).toBe('2026-07-01T10:00:00.000Z'); // summer time
    // clocks going back show 02:30 twice (the first is taken); clocks going forward skip 02:30 (moved past the gap)
    expect(iso(ok('<13>Oct 25 02:30:00 h app: x', { timeZone: 'Europe/Berlin' }).timestamp)).toBe('2026-10-25T00:30:00.000Z');
    expect(iso(ok('<13>Mar 29 02:30:00 h app: x', { timeZone: 'Europe/Berlin', now: Date.parse('2026-03-30T00:00:00Z') }).timestamp)).toBe('2026-03-29T01:30:00.000Z');
  });

  it('parses Cisco IOS lines with sequence numbers and %FAC-SEV-MNEMONIC', () => {
    const unsynced = ok('<189>52: *Mar  1 00:00:49.123: %SYS-5-CONFIG_I: Configured from console by vty0 (10.0.0.1)');
    expect(unsynced).toMatchObject({ facility: 23, severity: 5, sequence: 52, hostname: null, appName: 'SYS', msgId: 'SYS-5-CONFIG_I', clockUnsynced: true, timestamp: null });
    expect(unsynced.message).toBe('%SYS-5-CONFIG_I: Configured from console by vty0 (10.0.0.1)');

    const origin = ok('<189>31: Router1: Nov 20 03:30:50.483 UTC: %SYS-5-CONFIG_I: Configured from console by vty0 (10.34.195.36)');
    expect(origin).toMatchObject({ sequence: 31, hostname: 'Router1', msgId: 'SYS-5-CONFIG_I', clockUnsynced: false });
    expect(iso(origin.timestamp)).toBe('2026-11-20T03:30:50.483Z');

    const behindHeader = ok('<187>Nov 20 11:32:05 10.0.0.1 128: Nov 20 03:32:04.123: %LINK-3-UPDOWN: Interface GigabitEthernet0/1, changed state to down');
    expect(behindHeader).toMatchObject({ hostname: '10.0.0.1', sequence: 128, appName: 'LINK', msgId: 'LINK-3-UPDOWN', severity: 3 });
    expect(iso(behindHeader.timestamp)).toBe('2026-11-20T03:32:05.000Z');
    expect(behindHeader.message).toBe('%LINK-3-UPDOWN: Interface GigabitEthernet0/1, changed state to down');

    const noTimestamps = ok('<189>17: %LINEPROTO-5-UPDOWN: Line protocol on Interface Vlan1, changed state to up');
    expect(noTimestamps).toMatchObject({ sequence: 17, msgId: 'LINEPROTO-5-UPDOWN', timestamp: null });
  });

  it('parses Huawei VRP and H3C Comware switch lines', () => {
    const huawei = ok('<187>Nov 20 2026 11:32:05+08:00 SW-CORE-1 %%01IFNET/4/LINK_STATE(l)[3]:The line protocol IP on the interface Vlanif10 has entered the DOWN state.');
    expect(huawei).toMatchObject({ hostname: 'SW-CORE-1', appName: 'IFNET', msgId: 'IFNET/4/LINK_STATE' });
    expect(iso(huawei.timestamp)).toBe('2026-11-20T03:32:05.000Z');
    expect(huawei.message).toMatch(/^%%01IFNET\/4\/LINK_STATE\(l\)\[3\]:The line protocol/);

    const huaweiNoZone = ok('<190>Nov 20 2026 11:32:05 HUAWEI %%01SHELL/6/DISPLAY_CMDRECORD(s)[13]:Recorded display command information. (Task=VT0, Ip=10.1.1.2, User=admin, Command="display current-configuration")');
    expect(huaweiNoZone).toMatchObject({ hostname: 'HUAWEI', msgId: 'SHELL/6/DISPLAY_CMDRECORD' });
    expect(iso(huaweiNoZone.timestamp)).toBe('2026-11-20T03:32:05.000Z');

    const h3c = ok('<188>Nov 20 11:32:05:123 2026 H3C-S5560 %%10IFNET/3/PHY_UPDOWN: Physical state on the interface GigabitEthernet1/0/2 changed to down.');
    expect(h3c).toMatchObject({ hostname: 'H3C-S5560', appName: 'IFNET', msgId: 'IFNET/3/PHY_UPDOWN', severity: 4 });
    expect(iso(h3c.timestamp)).toBe('2026-11-20T03:32:05.123Z');
  });

  it('decodes GB18030 text from Chinese gear that is not UTF-8', () => {
    const bytes = Buffer.concat([Buffer.from('<188>Nov 20 11:32:05 2026 SW1 %%10IFNET/3/PHY_UPDOWN: '), iconv.encode('接口 GE1/0/2 物理状态变为 DOWN', 'gbk')]);
    expect(ok(bytes).message).toBe('%%10IFNET/3/PHY_UPDOWN: 接口 GE1/0/2 物理状态变为 DOWN');
  });

  it('parses a priority alone, a missing hostname, and text without a header', () => {
    expect(ok('<13>')).toMatchObject({ facility: 1, severity: 5, timestamp: null, hostname: null, appName: null, message: '' });
    expect(ok('<13>Oct 11 22:14:15 su: hi')).toMatchObject({ hostname: null, appName: 'su', message: 'hi' });
    expect(ok('<13>Oct 11 22:14:15 sshd[42]: Accepted password')).toMatchObject({ hostname: null, appName: 'sshd', procId: '42', message: 'Accepted password' });
    expect(ok('<13>just some text')).toMatchObject({ hostname: null, timestamp: null, message: 'just some text' });
    expect(ok('<13>cron: Nov 20 backup done')).toMatchObject({ hostname: null, appName: 'cron', message: 'Nov 20 backup done' });
    expect(ok('<0>Oct 11 22:14:15 host kernel: panic')).toMatchObject({ facility: 0, severity: 0, appName: 'kernel' });
  });

  it('reads the RFC 3339 timestamps rsyslog forwards with', () => {
    const m = ok('<30>2026-11-20T11:32:05.123456+08:00 kiosk-07 payd[811]: card reader timeout\n');
    expect(m).toMatchObject({ format: 'rfc3164', hostname: 'kiosk-07', appName: 'payd', procId: '811', message: 'card reader timeout' });
    expect(iso(m.timestamp)).toBe('2026-11-20T03:32:05.123Z');
  });
});

describe('bad input', () => {
  it.each([
    ['', 'EMPTY'],
    ['   \r\n', 'EMPTY'],
    ['<999>Oct 11 22:14:15 host app: x', 'BAD_PRI'],
    ['<192>x', 'BAD_PRI'],
    ['<>x', 'NO_PRI'],
    ['<abc>x', 'NO_PRI'],
    ['hello world', 'NO_PRI'],
    ['Oct 11 22:14:15 host app: no pri', 'NO_PRI'],
  ])('%j → %s', (input, code) => {
    const result = parseSyslog(input, { now: NOW });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe(code);
  });

  it('refuses a huge line', () => {
    const result = parseSyslog(`<13>Oct 11 22:14:15 h app: ${'x'.repeat(200_000)}`, { now: NOW, maxBytes: 65_536 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('TOO_LONG');
  });

  it('never throws on random bytes or text, and anything with a valid PRI parses', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        const result = parseSyslog(Buffer.from(bytes), { now: NOW });
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 191 }), fc.string({ maxLength: 300, unit: 'binary' }), fc.integer({ min: 0, max: 2 ** 42 }), (pri, rest, now) => {
        const result = parseSyslog(`<${pri}>${rest}`, { now });
        // a trailing run of NUL/CR/LF is framing and is removed; the rest must parse
        expect(result.ok).toBe(true);
        if (result.ok) {
          expect(result.message.facility).toBe(pri >> 3);
          expect(result.message.severity).toBe(pri & 7);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on syslog-looking text with mangled headers', () => {
    const piece = fc.constantFrom('<13>', '<189>', '1 ', '- ', 'Oct 11 ', '22:14:15 ', '2026-11-20T11:32:05Z ', '[a b="c"]', '[', '"', '\\', ']', '52: ', '*', '%SYS-5-X: ', '%%01A/4/B', 'host ', 'app[1]: ', '\uFEFF', ' ', ':', '\n');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 20 }), (pieces) => {
        const result = parseSyslog(pieces.join(''), { now: NOW });
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 3000 },
    );
  });
});

describe('TCP framing (RFC 6587)', () => {
  function frames(chunks: Buffer[], maxFrameBytes = 1024) {
    const out: string[] = [];
    let oversize = 0;
    const framer = new SyslogFramer({ maxFrameBytes, onFrame: (f) => out.push(f.toString()), onOversize: () => oversize++ });
    for (const c of chunks) framer.push(c);
    framer.end();
    return { out, oversize, buffered: framer.buffered };
  }
  const octet = (msg: string) => `${Buffer.byteLength(msg)} ${msg}`;

  it('splits octet-counted frames, which may contain newlines', () => {
    const a = '<34>1 2026-11-20T03:32:05Z h app - - - line one\nline two';
    const b = '<13>Oct 11 22:14:15 h app: 一卡通';
    expect(frames([Buffer.from(octet(a) + octet(b))]).out).toEqual([a, b]);
  });

  it('splits newline-framed messages, with CRLF and NUL terminators, and mixed with octet counting', () => {
    const input = `<13>one\r\n<13>two\0${octet('<13>three')}<13>four\n\n<13>five`;
    expect(frames([Buffer.from(input)]).out).toEqual(['<13>one', '<13>two', '<13>three', '<13>four', '<13>five']);
  });

  it('gives the same frames however the stream is cut', () => {
    const messages = ['<13>Oct 11 22:14:15 h app: a', '<165>1 - - - - - - 二', '<13>c'];
    const stream = Buffer.from(octet(messages[0]!) + `${messages[1]}\n` + octet(messages[2]!));
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: stream.length }), { maxLength: 10 }), (cuts) => {
        const points = [...new Set(cuts)].sort((x, y) => x - y);
        const chunks: Buffer[] = [];
        let at = 0;
        for (const p of points) {
          chunks.push(stream.subarray(at, p));
          at = p;
        }
        chunks.push(stream.subarray(at));
        expect(frames(chunks).out).toEqual(messages);
      }),
    );
  });

  it('skips an oversized octet-counted frame and an oversized line without buffering them', () => {
    const big = `<13>${'x'.repeat(5000)}`;
    const input = [Buffer.from(octet(big).slice(0, 3000)), Buffer.from(octet(big).slice(3000) + '<13>after\n' + big + '\n<13>last\n')];
    const result = frames(input, 1024);
    expect(result.out).toEqual(['<13>after', '<13>last']);
    expect(result.oversize).toBe(2);
  });

  it('holds at most one frame of an endless line', () => {
    let oversize = 0;
    const framer = new SyslogFramer({ maxFrameBytes: 1024, onFrame: () => undefined, onOversize: () => oversize++ });
    for (let i = 0; i < 1000; i++) {
      framer.push(Buffer.alloc(512, 0x61));
      expect(framer.buffered).toBeLessThanOrEqual(1024 + 512);
    }
    expect(oversize).toBe(1);
  });
});
