/** The system module's public surface: liveness, readiness and metrics, and the database integrity checks. */
export { createIntegrityMonitor, damagedAuditLog, type IntegrityMonitor, type IntegrityStatus } from './integrity.ts';
