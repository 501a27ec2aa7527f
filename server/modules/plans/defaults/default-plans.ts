import type { PlanDocument } from '../plan-document.ts';
import { abnormalTransactions, accountSecurity, dataRecovery, keyBusinessFailure } from './onecard.ts';
import { kioskHardwareFailure, paymentSystemFailure, selfpayDataErrors, selfpayNetworkInterruption } from './selfpay.ts';
import { gateFailure, networkFailure, powerOutage, serverFailure, ticketPcFailure } from './ticketing-equipment.ts';
import { databaseBackupRestore, harmfulOperation, peakHourChecking, peakVisitorFlow } from './ticketing-operations.ts';

/**
 * The plans opsdesk ships (issue 12 item 2), in the order of their seed documents: the plans library adds the ones a
 * database does not have yet, as it does for the default alert rules. Each is a structured plan drawn from its seed
 * section (its `source`), in Chinese with its English translation.
 */
export const DEFAULT_PLANS: readonly PlanDocument[] = [
  // 000 景区票务应急服务响应措施
  serverFailure,
  networkFailure,
  ticketPcFailure,
  gateFailure,
  peakHourChecking,
  powerOutage,
  databaseBackupRestore,
  harmfulOperation,
  peakVisitorFlow,
  // 002 自助缴费应急方案
  paymentSystemFailure,
  kioskHardwareFailure,
  selfpayNetworkInterruption,
  selfpayDataErrors,
  // 003 一卡通应急系统处理方案
  keyBusinessFailure,
  accountSecurity,
  abnormalTransactions,
  dataRecovery,
];
