import type { ImportEvent, ImportMeta, ImportStats } from './events.ts';
import type { Finding } from './findings.ts';
import type { NormalizedRecord } from './record.ts';

/** Drains an importer into arrays: for tests, and for small files (a preview or a dry run), never for a real bill. */
export async function collect(events: AsyncIterable<ImportEvent>): Promise<{ meta: ImportMeta[]; records: NormalizedRecord[]; findings: Finding[]; stats: ImportStats | null }> {
  const out = { meta: [] as ImportMeta[], records: [] as NormalizedRecord[], findings: [] as Finding[], stats: null as ImportStats | null };
  for await (const e of events) {
    if (e.type === 'meta') out.meta.push(e.meta);
    else if (e.type === 'record') out.records.push(e.record);
    else if (e.type === 'finding') out.findings.push(e.finding);
    else out.stats = e.stats;
  }
  return out;
}
