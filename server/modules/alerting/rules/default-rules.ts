import type { RuleDefinition } from './rule.schemas.ts';

/**
 * The rules opsdesk ships (SPEC C3, issue 9 item 8), for the situations of the campus estate. Each is enabled and
 * builtin: it can be edited and disabled, not deleted, and `ensureDefaults` adds the ones a database does not have yet,
 * so a release that ships a new default brings it to existing installations without touching edited ones.
 *
 * "Site or switch down" is not a rule: the evaluator's topology correlation raises it from the devices' absence alerts.
 */

/** POS terminals, kiosks and gates: the devices people queue at. */
const FRONT_LINE = ['pos', 'kiosk', 'recharge_kiosk', 'gate'];
const SERVERS = ['server', 'database'];
/** The outside payment channels whose failures hurt: card-wallet and cash payments fail for other reasons. */
const PAYMENT_CHANNELS = ['wechat', 'alipay', 'unionpay', 'bank'];
const SILENT_MINUTES = 3;

export const DEFAULT_RULES: readonly RuleDefinition[] = [
  {
    key: 'payment-failure-rate',
    name: '支付失败率过高',
    nameEn: 'Payment failure rate high',
    description: '微信、支付宝、银联、银行卡支付 10 分钟内失败率超过 5%（至少 20 笔），按校区/场所统计',
    condition: {
      kind: 'ratio',
      numerator: { channels: PAYMENT_CHANNELS, statuses: ['failed'] },
      denominator: { channels: PAYMENT_CHANNELS },
      windowMinutes: 10,
      operator: '>',
      thresholdPct: 5,
      minCount: 20,
      by: 'site',
    },
    level: 1,
  },
  {
    key: 'terminal-silent',
    name: '终端失联',
    nameEn: 'Terminal silent',
    description: '消费机、自助机、圈存机、闸机 3 分钟没有任何上报',
    condition: { kind: 'absence', minutes: SILENT_MINUTES },
    scope: { deviceTypes: FRONT_LINE },
    level: 2,
  },
  {
    key: 'ups-on-battery',
    name: 'UPS 市电中断',
    nameEn: 'UPS on battery',
    description: 'UPS 报告市电中断、转为电池供电；恢复市电后自动解除',
    condition: { kind: 'event', eventTypes: ['ups.on_battery'], resolveEventTypes: ['ups.on_mains'] },
    level: 1,
  },
  {
    key: 'server-disk-full',
    name: '服务器磁盘空间不足',
    nameEn: 'Server disk almost full',
    description: '服务器或数据库主机 5 分钟内磁盘使用率最高超过 90%',
    condition: { kind: 'threshold', metric: 'diskPct', aggregate: 'max', windowMinutes: 5, operator: '>', threshold: 90 },
    scope: { deviceTypes: SERVERS },
    level: 2,
  },
  {
    key: 'server-cpu-high',
    name: '服务器 CPU 持续过高',
    nameEn: 'Server CPU high',
    description: '服务器或数据库主机 10 分钟平均 CPU 使用率超过 90%',
    condition: { kind: 'threshold', metric: 'cpu', aggregate: 'avg', windowMinutes: 10, operator: '>', threshold: 90 },
    scope: { deviceTypes: SERVERS },
    level: 3,
  },
  {
    key: 'gate-throughput-drop',
    name: '闸机高峰通行量骤降',
    nameEn: 'Gate throughput collapse at peak hours',
    description: '早、午、晚高峰时闸机每分钟通行人数比过去 4 周同时段的正常水平低 3 个标准差且至少 60%',
    condition: {
      kind: 'baseline',
      metric: 'gate.passes_per_min',
      windowMinutes: 10,
      learnWeeks: 4,
      direction: 'below',
      deviations: 3,
      minDropPct: 60,
      minNormal: 1,
      hours: [
        [7, 9],
        [11, 13],
        [17, 19],
      ],
    },
    scope: { deviceTypes: ['gate'] },
    level: 1,
  },
  {
    key: 'account-login-failures',
    name: '同一账号登录失败过多',
    nameEn: 'Many failed logins on one account',
    description: '同一账号 10 分钟内登录失败超过 10 次（撞库或暴力破解）',
    condition: { kind: 'threshold', metric: 'logins.failed', aggregate: 'count', windowMinutes: 10, operator: '>', threshold: 10, by: 'account' },
    level: 2,
  },
];

/**
 * The defaults for this installation: a terminal counts as silent no sooner than the estate says devices are
 * (OPSDESK_DEVICE_SILENCE_SECONDS), so the absence rule waits at least that long.
 */
export function defaultRules(silenceMinutes: number): RuleDefinition[] {
  return DEFAULT_RULES.map((rule) =>
    rule.condition.kind === 'absence' ? { ...rule, condition: { ...rule.condition, minutes: Math.max(rule.condition.minutes, silenceMinutes) } } : rule,
  );
}
