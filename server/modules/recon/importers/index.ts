import { importAlipayMerchant } from './alipay-merchant.ts';
import { importCamt } from './camt.ts';
import type { Importer } from './events.ts';
import { importLedgerCsv } from './ledger-csv.ts';
import { importLedgerXlsx } from './ledger-xlsx.ts';
import { importMt940 } from './mt940.ts';
import { importAlipayPersonal, importWechatPersonal } from './personal-bills.ts';
import type { SourceKind } from './record.ts';
import { importUnionpaySettlement } from './unionpay-settlement.ts';
import { importWechatFundflow } from './wechat-fundflow.ts';
import { importWechatTrade } from './wechat-trade.ts';

/**
 * The importers' public surface: one registry from source name to a streaming importer. Every importer takes a byte
 * source (a Node Readable works) and options, and yields `meta`, then records and findings in file order, then `end`.
 */
export type { ByteSource, Encoding, ImportEvent, ImportMeta, ImportOptions, ImportStats, Importer } from './events.ts';
export type { Finding, FindingCode } from './findings.ts';
export type { Direction, NormalizedRecord, Provenance, SourceKind, TxnStatus, TxnType } from './record.ts';
export type { ColumnMapping, LedgerField } from './header-map.ts';
export type { LedgerOptions } from './ledger-csv.ts';
export type { LedgerXlsxOptions } from './ledger-xlsx.ts';
export { isZipMagic, readLedgerXlsxHeader } from './ledger-xlsx.ts';
export type { AlipayOptions } from './alipay-merchant.ts';
export { LEDGER_FIELDS, mapHeader, normaliseHeader } from './header-map.ts';
export { headerSignature, readLedgerHeader, SIGNATURE_MAX_CELL, SIGNATURE_MAX_CELLS } from './header-signature.ts';
export { formatFen, parseMoney } from './money.ts';
export { collect } from './collect.ts';

function registry(entries: [SourceKind | 'camt', Importer][]): ReadonlyMap<string, Importer> {
  const map = new Map<string, Importer>();
  for (const [name, importer] of entries) {
    if (map.has(name)) throw new Error(`importer ${name} is registered twice`);
    map.set(name, importer);
  }
  return map;
}

/** camt.053 and camt.054 share one importer: the document's namespace says which it is. */
export const importers = registry([
  ['ledger-csv', importLedgerCsv],
  ['ledger-xlsx', importLedgerXlsx],
  ['wechat-trade', importWechatTrade],
  ['wechat-fundflow', importWechatFundflow],
  ['wechat-personal', importWechatPersonal],
  ['alipay-merchant', importAlipayMerchant],
  ['alipay-personal', importAlipayPersonal],
  ['mt940', importMt940],
  ['camt', importCamt],
  ['unionpay-settlement', importUnionpaySettlement],
]);

export {
  importAlipayMerchant,
  importAlipayPersonal,
  importCamt,
  importLedgerCsv,
  importLedgerXlsx,
  importMt940,
  importUnionpaySettlement,
  importWechatFundflow,
  importWechatPersonal,
  importWechatTrade,
};
