import { inflateRawSync } from 'node:zlib';

/**
 * An XLSX file is a zip. Before exceljs (through JSZip) inflates every entry into memory, this walks the zip's central
 * directory and inflates each entry itself under a byte budget, so that a zip bomb (a few KiB that expand to GiB) or
 * an entry whose declared size lies is refused with a reason instead of exhausting the process. Deliberately strict:
 * no zip64, no encryption, only stored and deflated entries — what Excel, WPS and LibreOffice write for real sheets.
 */
export interface ZipLimits {
  /** the most all entries together may expand to */
  maxExpandedBytes: number;
  maxEntries: number;
}

export class ZipRefused extends Error {}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

function findEndOfCentralDirectory(buf: Buffer): number {
  // The end record is 22 bytes plus a comment of at most 65535 bytes, at the very end of the file.
  const stop = Math.max(0, buf.length - 22 - 0xffff);
  for (let i = buf.length - 22; i >= stop; i--) if (buf.readUInt32LE(i) === EOCD) return i;
  throw new ZipRefused('it is not a zip archive (no end of central directory)');
}

/** Throws ZipRefused when the archive is malformed, encrypted, zip64, or expands beyond the limits; returns the entry names. */
export function checkZip(buf: Buffer, limits: ZipLimits): string[] {
  if (buf.length < 22) throw new ZipRefused('it is too short to be a zip archive');
  const end = findEndOfCentralDirectory(buf);
  const entries = buf.readUInt16LE(end + 10);
  const dirSize = buf.readUInt32LE(end + 12);
  const dirOffset = buf.readUInt32LE(end + 16);
  if (entries === 0xffff || dirOffset === 0xffffffff || dirSize === 0xffffffff) throw new ZipRefused('zip64 archives are not accepted');
  if (entries > limits.maxEntries) throw new ZipRefused(`it holds ${entries} entries; at most ${limits.maxEntries}`);
  if (dirOffset + dirSize > end) throw new ZipRefused('its central directory is out of bounds');

  const names: string[] = [];
  let budget = limits.maxExpandedBytes;
  let at = dirOffset;
  for (let n = 0; n < entries; n++) {
    if (at + 46 > end || buf.readUInt32LE(at) !== CENTRAL) throw new ZipRefused('its central directory is damaged');
    const flags = buf.readUInt16LE(at + 8);
    const method = buf.readUInt16LE(at + 10);
    const compressed = buf.readUInt32LE(at + 20);
    const declared = buf.readUInt32LE(at + 24);
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    const localOffset = buf.readUInt32LE(at + 42);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;

    if (flags & 0x1) throw new ZipRefused('it is encrypted');
    if (compressed === 0xffffffff || declared === 0xffffffff || localOffset === 0xffffffff) throw new ZipRefused('zip64 archives are not accepted');
    if (declared > budget) throw new ZipRefused(`it expands to more than ${limits.maxExpandedBytes} bytes`);
    if (localOffset + 30 > buf.length || buf.readUInt32LE(localOffset) !== LOCAL) throw new ZipRefused(`entry ${name} is damaged`);
    const dataStart = localOffset + 30 + buf.readUInt16LE(localOffset + 26) + buf.readUInt16LE(localOffset + 28);
    if (dataStart + compressed > buf.length) throw new ZipRefused(`entry ${name} is cut short`);
    const data = buf.subarray(dataStart, dataStart + compressed);

    let actual: number;
    if (method === 0) {
      actual = compressed;
    } else if (method === 8) {
      try {
        // One byte more than declared: an entry whose real size exceeds its declared size is refused here, before
        // JSZip would trust the declaration.
        actual = inflateRawSync(data, { maxOutputLength: declared + 1 }).length;
      } catch {
        throw new ZipRefused(`entry ${name} does not inflate to its declared size`);
      }
    } else {
      throw new ZipRefused(`entry ${name} uses compression method ${method}`);
    }
    if (actual !== declared) throw new ZipRefused(`entry ${name} does not match its declared size`);
    budget -= declared;
    names.push(name);
  }
  return names;
}
