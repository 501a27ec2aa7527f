/**
 * Metric names in the reader's language. Devices name their metrics (`pos.txn_latency_ms`, `gate.passes_per_min`…);
 * the catalogues hold a label with its unit under `metric.<name>`, and a metric nobody has labelled yet is shown by its
 * raw name. No relative imports: a server-side test may import this file.
 */
import type { TFunction } from 'i18next';

export function metricLabel(t: TFunction, name: string): string {
  // Names are dotted like translation keys, so `metric.pos` is an object of labels, not a label: such a name (or any
  // name the catalogue does not hold) falls back to itself. A colon would read as a namespace: turn that off too.
  const label: unknown = t(`metric.${name}`, { defaultValue: name, returnObjects: true, nsSeparator: false });
  return typeof label === 'string' ? label : name;
}
