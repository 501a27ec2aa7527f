/**
 * The audit module's public surface: the hash-chained, signed audit log every module appends to (SPEC C9), its
 * signing keys, and the verifier the CLI and the readiness check use. Everything else in this folder is internal.
 */

export { createAuditLog, verifyChain, type AuditEntry, type AuditLog } from './audit.service.ts';
export { keyIdOf, KeyFileError, loadOrCreateSigningKey, publicKeyPathFor, readPublicKey, type AuditSigner } from './audit.chain.ts';
export { checkChainHead } from './audit.head.ts';
export type { AuditLogTable, AuditTables } from './audit.tables.ts';
export type { VerifyReport } from './audit.verify.ts';
