/** Fixed lists the event families draw from: payment error codes and failure rates, back-office operators, clients. */

export const WECHAT_ERRORS = ['SYSTEMERROR', 'BANKERROR', 'NOTENOUGH', 'USERPAYING'];
export const ALIPAY_ERRORS = ['ACQ.SYSTEM_ERROR', 'ACQ.BUYER_BALANCE_NOT_ENOUGH', 'ACQ.PAYMENT_AUTH_CODE_INVALID'];
export const UNIONPAY_ERRORS = ['UP_SYSTEM_BUSY', 'UP_CARD_DECLINED'];
export const BANK_ERRORS = ['BANK_TIMEOUT', 'BANK_DECLINED', 'DAILY_LIMIT_EXCEEDED'];
export const NATURAL_PAYMENT_FAILURE = 0.006;
export const SPIKE_PAYMENT_FAILURE = 0.14;

export const OPERATORS: { account: string; ip: string }[] = [
  { account: 'admin', ip: '10.10.8.11' },
  { account: 'caiwu01', ip: '10.10.8.21' },
  { account: 'caiwu02', ip: '10.10.8.22' },
  { account: 'fw_zhangli', ip: '10.51.1.30' },
  { account: 'fw_wangfang', ip: '10.51.1.31' },
  { account: 'yw_liuqiang', ip: '10.10.8.40' },
  { account: 'sec_audit', ip: '10.10.8.12' },
];
export const APP_AGENTS = [
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 MicroMessenger/8.0.49',
  'Mozilla/5.0 (Linux; Android 14; V2309A) AppleWebKit/537.36 MicroMessenger/8.0.50',
  'YiKaTong/5.3.2 (Android 13; HUAWEI NOH-AN00)',
  'YiKaTong/5.3.2 (iOS 17.4; iPhone15,2)',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/125.0 Safari/537.36',
];
export const MOBILE_NETS = ['223.104', '117.136', '112.97', '39.144', '111.55'];
