import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../alerting/rules/default-rules.ts';
import { DEFAULT_PLANS } from './defaults/default-plans.ts';
import { AUDIENCES, readPlanDocument, type PlanDocument, type PlanStep, type StepPhase } from './plan-document.ts';

/**
 * The shipped plans against their seeds (issue 12, "the shipped plans are reviewed against the seeds"): every scenario
 * the issue lists has its plan, with the seed's steps in the seed's order, and the seed's figures where the seed puts
 * them. Quoted phrases are the seeds' own words.
 */

const ruleKeys = new Set(DEFAULT_RULES.map((r) => r.key));
const plan = (key: string): PlanDocument => {
  const found = DEFAULT_PLANS.find((p) => p.key === key);
  if (!found) throw new Error(`no default plan ${key}`);
  return found;
};
const step = (p: PlanDocument, key: string): PlanStep => {
  const found = p.steps.find((s) => s.key === key);
  if (!found) throw new Error(`${p.key} has no step ${key}`);
  return found;
};
const stepText = (p: PlanDocument, key: string) => {
  const s = step(p, key);
  return `${s.title.zh}${s.detail?.zh ?? ''}`;
};
const stepTextEn = (p: PlanDocument, key: string) => {
  const s = step(p, key);
  return `${s.title.en ?? ''} ${s.detail?.en ?? ''}`;
};
const prevention = (p: PlanDocument) => p.prevention.map((x) => x.zh).join('\n');

/** Every { zh } text in the document, with where it sits. */
function texts(node: unknown, path: string, out: { path: string; zh: string; en?: string }[] = []) {
  if (Array.isArray(node)) node.forEach((item, i) => texts(item, `${path}.${i}`, out));
  else if (node && typeof node === 'object') {
    const obj = node as Record<string, unknown>;
    if (typeof obj.zh === 'string') out.push({ path, zh: obj.zh, ...(typeof obj.en === 'string' && { en: obj.en }) });
    else for (const [k, v] of Object.entries(obj)) texts(v, `${path}.${k}`, out);
  }
  return out;
}

/**
 * Each scenario of issue 12 item 2: its seed, its plan, the seed's steps in the seed's order (each with its phase) and
 * the title in Chinese.
 */
const SCENARIOS: { seed: string; scenario: string; key: string; title: string; steps: [string, StepPhase][] }[] = [
  { seed: '000', scenario: 'server failure', key: 'ticketing-server-failure', title: '服务器故障', steps: [['report', 'response'], ['confirm-failover', 'response'], ['restart', 'response'], ['vendor-repair', 'response'], ['temporary-install', 'fallback'], ['backfill', 'recovery'], ['problem-report', 'verification']] },
  { seed: '000', scenario: 'network failure', key: 'ticketing-network-failure', title: '网络故障', steps: [['report', 'response'], ['check-devices', 'response'], ['reconnect-restart', 'response'], ['telecom-repair', 'response'], ['manual-ticketing', 'fallback'], ['backfill', 'recovery'], ['problem-report', 'verification']] },
  { seed: '000', scenario: 'ticket PC failure', key: 'ticket-pc-failure', title: '售票PC机故障', steps: [['use-other-pc', 'fallback'], ['use-self-service', 'fallback'], ['repair-pc', 'recovery'], ['manual-ticketing', 'fallback'], ['backfill', 'recovery']] },
  { seed: '000', scenario: 'gate failure', key: 'gate-failure', title: '验票闸机故障', steps: [['use-other-gates', 'fallback'], ['handheld-check', 'fallback'], ['inspect-gate', 'recovery'], ['replace-parts', 'recovery'], ['manual-checking', 'fallback'], ['backfill', 'recovery']] },
  { seed: '000', scenario: 'peak-hour ticket checking', key: 'peak-hour-checking', title: '高峰期检票', steps: [['handheld-lanes', 'fallback'], ['group-ticket-mode', 'fallback'], ['green-lane', 'fallback']] },
  { seed: '000', scenario: 'power outage', key: 'power-outage', title: '停电', steps: [['ups-carrying', 'response'], ['start-generator', 'response'], ['manual-ticketing', 'fallback'], ['mains-back', 'recovery'], ['backfill', 'recovery']] },
  { seed: '000', scenario: 'database backup and restore', key: 'database-backup-restore', title: '数据库备份与恢复', steps: [['preserve', 'response'], ['restore', 'recovery'], ['verify', 'verification'], ['remedy-report', 'verification']] },
  { seed: '000', scenario: 'harmful operation (virus, misuse)', key: 'harmful-operation', title: '有害操作（病毒、误操作）', steps: [['trace', 'response'], ['secure-data', 'response'], ['traffic-check', 'response'], ['clean', 'recovery'], ['reconfigure', 'recovery'], ['user-agreement', 'verification']] },
  { seed: '000', scenario: 'peak visitor flow', key: 'peak-visitor-flow', title: '高峰期游客疏导', steps: [['duty-roster', 'response'], ['parking-entrances', 'response'], ['parking-full', 'fallback'], ['parking-patrol', 'fallback'], ['rides-order', 'fallback'], ['divert-visitors', 'fallback'], ['count-and-report', 'fallback'], ['junctions-broadcast', 'fallback']] },
  { seed: '002', scenario: 'self-service payment system failure', key: 'selfpay-system-failure', title: '自助缴费系统故障', steps: [['confirm-scope', 'response'], ['count-affected', 'response'], ['start-emergency', 'response'], ['manual-counter', 'fallback'], ['online-payment', 'fallback'], ['hotline', 'fallback'], ['publish-notice', 'fallback'], ['add-staff', 'fallback'], ['inspect-2h', 'fallback'], ['repair', 'recovery'], ['backfill-counter', 'recovery']] },
  { seed: '002', scenario: 'kiosk hardware failure', key: 'selfpay-kiosk-hardware-failure', title: '自助缴费终端硬件故障', steps: [['confirm-scope', 'response'], ['start-emergency', 'response'], ['manual-counter', 'fallback'], ['repair', 'recovery'], ['backfill-counter', 'recovery']] },
  { seed: '002', scenario: 'network interruption', key: 'selfpay-network-interruption', title: '自助缴费网络中断', steps: [['confirm-scope', 'response'], ['start-emergency', 'response'], ['manual-counter', 'fallback'], ['repair', 'recovery'], ['backfill-counter', 'recovery']] },
  { seed: '002', scenario: 'data errors', key: 'selfpay-data-errors', title: '自助缴费数据错误', steps: [['confirm-scope', 'response'], ['start-emergency', 'response'], ['stop-wrong-payments', 'response'], ['restore-data', 'recovery'], ['verify-balances', 'verification']] },
  { seed: '003', scenario: 'one-card key business failure', key: 'onecard-key-business-failure', title: '一卡通关键业务故障', steps: [['grade', 'response'], ['notify', 'response'], ['collect', 'response'], ['analyse', 'response'], ['expert-consult', 'response'], ['inform', 'response'], ['switch-standby', 'fallback'], ['restore-data', 'recovery'], ['fix-program', 'recovery'], ['compare', 'verification'], ['summary', 'verification']] },
  { seed: '003', scenario: 'account security', key: 'onecard-account-security', title: '用户账户安全应急', steps: [['ip-analysis', 'response'], ['login-time', 'response'], ['grade', 'response'], ['freeze', 'response'], ['unfreeze', 'recovery'], ['update-ip-library', 'recovery']] },
  { seed: '003', scenario: 'abnormal transactions', key: 'onecard-abnormal-transactions', title: '异常交易故障应急', steps: [['confirm-anomaly', 'response'], ['grade', 'response'], ['collect', 'response'], ['logic-check', 'recovery'], ['correct', 'recovery']] },
  { seed: '003', scenario: 'data recovery with the post-restore checks', key: 'onecard-data-recovery', title: '数据恢复', steps: [['verify-backup', 'response'], ['restore', 'recovery'], ['compare', 'verification'], ['remove-duplicates', 'verification'], ['check-consumption-balance', 'verification'], ['check-recharge-increase', 'verification']] },
];

describe('the shipped plans', () => {
  it.each(DEFAULT_PLANS.map((p) => [p.key, p] as const))('%s validates, with its alert rules among the shipped rules', (_, p) => {
    const read = readPlanDocument(structuredClone(p), '', { ruleKeys });
    expect(read.problems).toEqual([]);
  });

  it('are exactly the scenarios of the seeds, each once', () => {
    expect(DEFAULT_PLANS.map((p) => p.key).sort()).toEqual(SCENARIOS.map((s) => s.key).sort());
    expect(new Set(DEFAULT_PLANS.map((p) => p.key)).size).toBe(DEFAULT_PLANS.length);
  });

  it.each(SCENARIOS.map((s) => [`${s.seed} ${s.scenario}`, s] as const))('%s has its plan with the seed\'s steps in order', (_, s) => {
    const p = plan(s.key);
    expect(p.title.zh).toBe(s.title);
    expect(p.source?.document.startsWith(s.seed)).toBe(true);
    const order = p.steps.map((x) => x.key);
    const positions = s.steps.map(([key]) => order.indexOf(key));
    expect(positions, `${s.key}: ${order.join(', ')}`).not.toContain(-1);
    // in the seed's order (1.6, 1.7 and 1.9 fall back to manual work "in the worst case", after their own repair)
    expect(positions, `${s.key}: ${order.join(', ')}`).toEqual([...positions].sort((a, b) => a - b));
    expect(s.steps.map(([key]) => [key, step(p, key).phase])).toEqual(s.steps);
  });

  it('carry every text in English too', () => {
    const missing = DEFAULT_PLANS.flatMap((p) => texts(p, p.key).filter((x) => !x.en).map((x) => x.path));
    expect(missing).toEqual([]);
  });

  it('each tell the client, the public and the staff, and run from response to verification', () => {
    for (const p of DEFAULT_PLANS) {
      expect(p.communications.map((c) => c.audience).sort(), p.key).toEqual([...AUDIENCES].sort());
      expect(p.steps[0]!.phase === 'response' || p.steps[0]!.phase === 'fallback', p.key).toBe(true);
      expect(p.steps.at(-1)!.phase, p.key).toBe('verification');
    }
  });

  it('name the back-fill step of each fallback that records by hand, a recovery step, with what it records', () => {
    const recorded = Object.fromEntries(
      DEFAULT_PLANS.filter((p) => p.fallbacks.some((f) => f.records.length > 0)).map((p) => {
        const f = p.fallbacks.find((x) => x.records.length > 0)!;
        expect(step(p, f.backfillStep!).phase, p.key).toBe('recovery');
        return [p.key, [...f.records]];
      }),
    );
    expect(recorded).toEqual({
      // 000 1.5: "以手工售票、验票的方式支撑" then "通过票务管理系统中数据补录的功能，将当日票务数据补录进系统中"
      'ticketing-server-failure': ['ticket_sale', 'ticket_check'],
      'ticketing-network-failure': ['ticket_sale', 'ticket_check'],
      'ticket-pc-failure': ['ticket_sale', 'ticket_check'],
      'power-outage': ['ticket_sale', 'ticket_check'],
      // 000 1.7: "配置一台手持验票机，事后将数据存入票务管理系统"
      'gate-failure': ['ticket_check'],
      // 000 1.8: "调集手持验票机开设临时通道"
      'peak-hour-checking': ['ticket_check'],
      // 002 Step2: "设立临时人工服务点，配备POS机、扫码设备"
      'selfpay-system-failure': ['counter_payment'],
      'selfpay-kiosk-hardware-failure': ['counter_payment'],
      'selfpay-network-interruption': ['counter_payment'],
      'selfpay-data-errors': ['counter_payment'],
    });
  });
});

describe("the seeds' figures, where the seeds put them", () => {
  const payment = plan('selfpay-system-failure');

  it('002 基本原则 1 "确保在30分钟内启动应急流程": the steps before the first fallback take at most 30 minutes and say so', () => {
    const firstFallback = payment.steps.findIndex((s) => s.phase === 'fallback');
    const before = payment.steps.slice(0, firstFallback);
    expect(before.map((s) => s.key)).toEqual(['confirm-scope', 'count-affected', 'start-emergency']);
    expect(before.reduce((sum, s) => sum + s.expectedMinutes, 0)).toBeLessThanOrEqual(30);
    expect(stepText(payment, 'start-emergency')).toContain('30分钟内启动应急流程');
    expect(stepTextEn(payment, 'start-emergency')).toContain('within 30 minutes');
    // the same principle holds in each of 002's scenario plans
    for (const key of ['selfpay-kiosk-hardware-failure', 'selfpay-network-interruption', 'selfpay-data-errors']) {
      const p = plan(key);
      const start = p.steps.findIndex((s) => s.key === 'start-emergency');
      expect(p.steps.slice(0, start + 1).reduce((sum, s) => sum + s.expectedMinutes, 0), key).toBeLessThanOrEqual(30);
    }
  });

  it('002 现场巡检 "每2小时巡检一次自助终端": a 2-hour inspection step while the fallback runs, and in prevention', () => {
    const inspect = step(payment, 'inspect-2h');
    expect(inspect.phase).toBe('fallback');
    expect(inspect.expectedMinutes).toBe(120);
    expect(stepText(payment, 'inspect-2h')).toContain('每2小时巡检一次自助终端');
    expect(stepTextEn(payment, 'inspect-2h')).toContain('every 2 hours');
    expect(prevention(payment)).toContain('每2小时巡检一次自助终端');
  });

  it('002 Step2 manual counters with POS and QR scanners, priority for the elderly and disabled, online payment, hotline', () => {
    expect(stepText(payment, 'manual-counter')).toContain('临时人工服务点');
    expect(stepText(payment, 'manual-counter')).toContain('POS机、扫码设备');
    expect(stepText(payment, 'manual-counter')).toContain('老年人、残障人士');
    expect(stepText(payment, 'online-payment')).toContain('应急支付二维码');
    expect(stepText(payment, 'online-payment')).toContain('微信、支付宝');
    expect(stepText(payment, 'hotline')).toContain('应急热线');
    expect(stepText(payment, 'publish-notice')).toMatch(/微信公众号、微博.*纸质通知.*屏幕滚动播放/);
  });

  it('002 预警机制 "支付失败率>5%", backups daily, drills quarterly and half-yearly, spare parts: in the payment plan', () => {
    expect(payment.trigger.alertRules).toEqual(['payment-failure-rate']);
    const text = prevention(payment);
    expect(text).toContain('支付失败率>5%');
    expect(text).toContain('每日自动备份关键数据');
    expect(text).toContain('每季度开展应急演练');
    expect(text).toContain('每半年开展一次全面演练');
    expect(text).toContain('扫码头、主板');
    expect(step(payment, 'repair').check).toEqual({ kind: 'alert-resolved', rule: 'payment-failure-rate' });
  });

  it('000 1.4 hot standby, restart, vendor, then a stand-in server or high-performance PC', () => {
    const p = plan('ticketing-server-failure');
    expect(stepText(p, 'confirm-failover')).toContain('双机热备');
    expect(stepText(p, 'vendor-repair')).toContain('向厂商或者供应商报修');
    expect(stepText(p, 'temporary-install')).toContain('其他服务器或较高性能PC机上临时安装票务系统');
    expect(prevention(p)).toMatch(/漏洞防护软件、防火墙和杀毒软件.*关闭任何不必要的服务端口/);
  });

  it('000 1.5 network: reconnect and restart, telecom repair, manual ticketing, back-fill, the 4G router', () => {
    const p = plan('ticketing-network-failure');
    expect(stepText(p, 'check-devices')).toContain('网络线路接口脱落、交换机死机');
    expect(stepText(p, 'telecom-repair')).toContain('向电信服务商提出报修');
    expect(stepText(p, 'manual-ticketing')).toContain('手工售票、验票');
    expect(stepText(p, 'backfill')).toContain('数据补录的功能');
    expect(step(p, 'check-4g').check).toEqual({ kind: 'devices-online', deviceType: 'router_4g' });
    expect(prevention(p)).toContain('无线4G路由器');
  });

  it('000 1.6 and 1.7 "2台以上" PCs per ticket point and gates per checkpoint; the handheld; spare parts', () => {
    const pc = plan('ticket-pc-failure');
    expect(stepText(pc, 'use-other-pc')).toContain('2台以上售票PC终端');
    expect(prevention(pc)).toContain('2台以上售票PC终端');
    expect(prevention(pc)).toContain('自助发卡机（售票机）');
    // 1.3 硬件损坏: "在磁盘数据未丢失情况下,保证数据安全性,建议项目单位替换相关硬件"
    expect(stepText(pc, 'repair-pc')).toContain('磁盘数据未丢失');
    const gate = plan('gate-failure');
    expect(stepText(gate, 'use-other-gates')).toContain('2台以上验票闸机');
    expect(prevention(gate)).toContain('2台以上的验票闸机');
    expect(stepText(gate, 'handheld-check')).toContain('事后将数据存入票务管理系统');
    expect(stepText(gate, 'replace-parts')).toContain('更换备品备件');
    expect(step(gate, 'replace-parts').check).toEqual({ kind: 'devices-online', deviceType: 'gate' });
  });

  it('000 1.8 handheld lanes, one ticket for several people, the green lane "只验票不关闸"', () => {
    const p = plan('peak-hour-checking');
    expect(p.impact.zh).toBe('售票和验票功能不足');
    expect(stepText(p, 'group-ticket-mode')).toContain('一票多人');
    expect(stepText(p, 'green-lane')).toContain('只验票不关闸');
    expect(stepText(p, 'green-lane')).toContain('特大客流量');
  });

  it('000 1.9 UPS, the generator started within the UPS runtime, then 预案2; UPS, generator and two lines in prevention', () => {
    const p = plan('power-outage');
    expect(stepText(p, 'start-generator')).toContain('在UPS持续供电的时间里启动应急发电机');
    expect(stepText(p, 'manual-ticketing')).toContain('预案2网络故障的解决方案');
    expect(step(p, 'mains-back').check).toEqual({ kind: 'alert-resolved', rule: 'ups-on-battery' });
    expect(p.trigger.alertRules).toContain('ups-on-battery');
    expect(p.prevention).toHaveLength(3);
    expect(p.prevention[0]!.zh).toMatch(/^采用UPS电源供电/);
    expect(p.prevention[1]!.zh).toMatch(/^采用发电机供电/);
    expect(prevention(p)).toContain('双电源线路接入');
  });

  it('000 1.10 and 1.3 backups: automatic schedule, daily incremental and regular full backups, off-site recovery, report what cannot be remedied', () => {
    const p = plan('database-backup-restore');
    const text = prevention(p);
    expect(text).toContain('自动备份的计划');
    expect(text).toContain('日常的数据增量备份和定期全备份');
    expect(text).toContain('异地容灾');
    expect(stepText(p, 'remedy-report')).toContain('无法补救的提交报告说明原因');
  });

  it('000 1.11 and 1.2 harmful operations: the watchdog log, the traffic rule, agreement before acting', () => {
    const p = plan('harmful-operation');
    expect(stepText(p, 'trace')).toContain('看门狗');
    expect(stepText(p, 'traffic-check')).toContain('流量异常小则报修网络服务商，流量异常大则查杀病毒');
    expect(stepText(p, 'user-agreement')).toContain('经使用者认可后采取相应措施');
  });

  it('000 1.14 the leader on duty for Golden Week, holidays and events; car parks; data reported at set times', () => {
    const p = plan('peak-visitor-flow');
    expect(step(p, 'duty-roster').role).toBe('leader-on-duty');
    expect(stepText(p, 'duty-roster')).toContain('黄金周、小长假、节假日期间以及大型活动前制定值班表，实行领导带班');
    expect(stepText(p, 'parking-full')).toContain('达到饱和时立即限制车辆进入景区');
    expect(stepText(p, 'rides-order')).toContain('增派公安、保安人员');
    expect(stepText(p, 'count-and-report')).toContain('定时报告有关数据');
    expect(stepText(p, 'junctions-broadcast')).toContain('利用广播');
  });

  it('003 一 levels 1/2/3, a level-1 warning to the on-site engineer and the technical lead, the switchover procedure', () => {
    const p = plan('onecard-key-business-failure');
    expect(stepText(p, 'grade')).toMatch(/一级.*二级.*三级.*重要活动期间.*提高响应级别/);
    expect(stepText(p, 'notify')).toContain('一级预警同时通知驻场运维工程师和相关技术负责人');
    expect(stepText(p, 'switch-standby')).toContain('数据备份、系统启动、数据同步');
    expect(stepText(p, 'analyse')).toContain('基本情况、可能原因、影响范围、处理建议');
    expect(stepText(p, 'inform')).toContain('预计恢复时间');
    expect(stepText(p, 'summary')).toContain('鱼骨图、5Why分析法');
  });

  it('003 一 post-restore checks: compare, remove duplicates, consumption against balances, recharges against account increases — in that order, after the restore', () => {
    for (const key of ['onecard-data-recovery', 'onecard-key-business-failure']) {
      const p = plan(key);
      const order = p.steps.map((s) => s.key);
      const restore = order.indexOf(key === 'onecard-data-recovery' ? 'restore' : 'restore-data');
      const checks = ['compare', 'remove-duplicates', 'check-consumption-balance', 'check-recharge-increase'].map((k) => order.indexOf(k));
      expect(checks.every((i) => i > restore), key).toBe(true);
      expect(checks, key).toEqual([...checks].sort((a, b) => a - b));
      expect(stepText(p, 'compare')).toContain('与原始数据、备份数据进行比对');
      expect(stepText(p, 'remove-duplicates')).toContain('重复数据合并和删除');
      expect(stepText(p, 'check-consumption-balance')).toContain('消费记录与账户余额');
      expect(stepText(p, 'check-recharge-increase')).toContain('充值记录与账户增加金额');
    }
    expect(stepText(plan('onecard-data-recovery'), 'restore')).toContain('按照备份的时间顺序和恢复流程');
  });

  it('003 二 account security: the IP address library and high-risk foreign IPs, login times; the login alert', () => {
    const p = plan('onecard-account-security');
    expect(stepText(p, 'ip-analysis')).toContain('常见网络环境IP地址库');
    expect(stepText(p, 'ip-analysis')).toContain('境外高风险IP');
    expect(step(p, 'alerts-resolved').check).toEqual({ kind: 'alert-resolved', rule: 'account-login-failures' });
  });

  it('003 abnormal transactions: consumption within reason, recharges by the rules', () => {
    const p = plan('onecard-abnormal-transactions');
    expect(stepText(p, 'logic-check')).toContain('消费金额是否在合理范围内、充值金额是否符合规定');
    expect(stepText(p, 'confirm-anomaly')).toContain('消费记录、充值记录、账户余额');
  });
});
