import type { CommunicationTemplate, FallbackProcedure, PlanDocument, PlanStep } from '../plan-document.ts';
import { messages, roles, SEEDS, t } from './parts.ts';

/**
 * Seed 002 (self-service payment emergency plan). Its response flow (二) is one procedure for every scenario it lists
 * (一(一): hardware, software, external interruption, human error); the system-failure plan carries it whole and the
 * scenario plans (kiosk hardware, network interruption, data errors) carry it with their own confirmation and repair.
 *
 * Figures from the seed: the emergency process starts within 30 minutes (基本原则 1); a payment failure rate above 5%
 * raises the alarm (预警机制); engineers inspect the kiosks every 2 hours (现场巡检); key data is backed up daily;
 * drills every quarter and a full drill every half year.
 */

const selfpayRoles = roles({
  commander: t('在30分钟内启动应急流程，调配资源，跨部门协同', 'Starts the emergency process within 30 minutes, allocates resources, coordinates the departments'),
  'onsite-engineer': t('确认故障范围，修复或更换终端，每2小时巡检', 'Establishes the scope, repairs or replaces terminals, inspects every 2 hours'),
  'customer-service': t('临时人工服务点收费、应急热线、优先服务老年人和残障人士', 'Takes payments at the temporary counter, answers the emergency hotline, serves the elderly and disabled first'),
  finance: t('补录人工收费并核对', 'Back-fills the counter payments and reconciles them'),
  communications: t('微信公众号、微博、现场通知和终端屏幕发布应急公告', 'Publishes the notice on the WeChat account, Weibo, paper notices and the kiosk screens'),
});

/** Step1 故障确认. */
const confirmSteps = (what: { zh: string; en: string }): PlanStep[] => [
  {
    key: 'confirm-scope',
    title: t('故障确认：核实故障范围', 'Confirm the fault: establish its scope'),
    detail: t(`核实故障范围：是单点故障还是区域性中断。${what.zh}`, `Establish the scope: one terminal or a whole area. ${what.en}`),
    role: 'onsite-engineer',
    expectedMinutes: 10,
    phase: 'response',
  },
  {
    key: 'count-affected',
    title: t('确定影响用户数量', 'Establish how many users are affected'),
    detail: t('统计受影响的设备数量及覆盖区域。', 'Count the affected devices and the area they cover.'),
    role: 'onsite-engineer',
    expectedMinutes: 5,
    phase: 'response',
  },
  {
    key: 'start-emergency',
    title: t('启动应急流程（30分钟内）', 'Start the emergency process (within 30 minutes)'),
    detail: t('确保在30分钟内启动应急流程；组织跨部门应急小组（运维、技术、客服），关键岗位AB角到岗。', 'Start the emergency process within 30 minutes; call the cross-department emergency team (operations, technical, customer service), with each key post\'s A or B person.'),
    role: 'commander',
    expectedMinutes: 10,
    phase: 'response',
  },
];

/** Step2 启动替代方案, and 三(一)1 the standby payment system. */
const alternativeSteps: PlanStep[] = [
  {
    key: 'manual-counter',
    title: t('设立临时人工服务点', 'Open a temporary manual service point'),
    detail: t(
      '在自助终端附近设立临时人工服务点，配备POS机、扫码设备等工具；服务人员佩戴统一标识并经过应急操作培训；优先处理老年人、残障人士等关键用户的缴费需求；每笔收费记录凭证号，供事后补录。',
      'Set up a temporary manual service point next to the kiosks, with POS terminals and QR scanners; its staff wear the common badge and are trained for the emergency; serve key users such as the elderly and disabled first; note each payment\'s voucher number for the back-fill.',
    ),
    role: 'customer-service',
    expectedMinutes: 20,
    phase: 'fallback',
  },
  {
    key: 'online-payment',
    title: t('引导网上支付，生成应急支付二维码', 'Move payments online and issue the emergency payment QR code'),
    detail: t('引导用户通过官方网站、APP或第三方支付平台（微信、支付宝）完成缴费；生成应急支付二维码，简化操作流程。', 'Direct users to pay on the official website, the app or a third-party platform (WeChat, Alipay); issue an emergency payment QR code to keep it simple.'),
    role: 'customer-service',
    expectedMinutes: 15,
    phase: 'fallback',
  },
  {
    key: 'hotline',
    title: t('开通应急热线', 'Open the emergency hotline'),
    detail: t('开通应急热线，提供语音或在线客服缴费服务。', 'Open the emergency hotline for payment by voice or online customer service.'),
    role: 'customer-service',
    expectedMinutes: 10,
    phase: 'fallback',
  },
  {
    key: 'publish-notice',
    title: t('发布应急公告和替代方案', 'Publish the notice and the alternatives'),
    detail: t(
      '通过微信公众号、微博发布应急公告；现场张贴纸质通知，注明替代方案及服务时间；自助终端屏幕滚动播放应急提示；说明替代方案的办理流程及所需材料（身份证、账号），提供常见问题解答（FAQ）。',
      'Publish the notice on the WeChat official account and Weibo; put up paper notices on site with the alternatives and their hours; scroll the notice on the kiosk screens; explain how the alternatives work and what to bring (ID card, account number), with an FAQ.',
    ),
    role: 'communications',
    expectedMinutes: 15,
    phase: 'fallback',
  },
];

/** Step3 资源调配. */
const resourceSteps = (repair: { zh: string; en: string }, check: PlanStep['check']): PlanStep[] => [
  {
    key: 'add-staff',
    title: t('增派人手', 'Send more people'),
    detail: t('临时增派运维、客服人员支援现场；确保备件、移动设备等物资充足。', 'Send extra operations and customer-service staff to the site; make sure spare parts and mobile devices are sufficient.'),
    role: 'commander',
    expectedMinutes: 30,
    phase: 'fallback',
  },
  {
    key: 'inspect-2h',
    title: t('每2小时巡检一次自助终端', 'Inspect the kiosks every 2 hours'),
    detail: t('安排运维人员每2小时巡检一次自助终端，发现异常立即上报，直至恢复。', 'An engineer inspects the kiosks every 2 hours and reports anything abnormal at once, until the recovery.'),
    role: 'onsite-engineer',
    expectedMinutes: 120,
    phase: 'fallback',
  },
  {
    key: 'repair',
    title: t('修复或更换故障终端', 'Repair or replace the failed terminals'),
    detail: t(`调动备用设备：优先修复或更换故障终端。${repair.zh}`, `Bring spare devices: repair or replace the failed terminals first. ${repair.en}`),
    role: 'onsite-engineer',
    expectedMinutes: 120,
    phase: 'recovery',
    ...(check && { check }),
  },
];

const backfillSteps: PlanStep[] = [
  {
    key: 'backfill-counter',
    title: t('补录人工服务点收费记录', 'Back-fill the counter payments'),
    detail: t('将临时人工服务点的每笔收费（POS、扫码凭证号）补录进系统，标记为补录并关联本工单。', 'Enter each payment taken at the temporary service point (POS or QR voucher number) into the system, flagged as back-filled against this incident.'),
    role: 'finance',
    expectedMinutes: 60,
    phase: 'recovery',
  },
  {
    key: 'reconcile',
    title: t('核对补录收费与支付渠道账单', 'Reconcile the back-filled payments with the channel bills'),
    role: 'finance',
    expectedMinutes: 60,
    phase: 'verification',
  },
];

const closeSteps: PlanStep[] = [
  {
    key: 'withdraw-notice',
    title: t('发布恢复通知，撤除临时服务点', 'Announce the recovery and close the temporary service point'),
    role: 'communications',
    expectedMinutes: 15,
    phase: 'verification',
  },
  {
    key: 'review',
    title: t('复盘并优化应急流程', 'Review the case and improve the process'),
    detail: t('根据实际案例复盘，优化流程，更新技术设备清单。', 'Review the case, improve the process and update the equipment list.'),
    role: 'commander',
    expectedMinutes: 60,
    phase: 'verification',
  },
];

const counterFallback: FallbackProcedure = {
  key: 'manual-counter',
  title: t('临时人工服务点收费', 'Payments at the temporary manual service point'),
  procedure: t(
    '在自助终端附近的临时人工服务点用POS机、扫码设备收费，每笔记录凭证号；同时引导网上支付（官网、APP、微信、支付宝、应急支付二维码）和应急热线缴费。',
    'Take payments at the temporary service point next to the kiosks with POS terminals and QR scanners, noting each voucher number; meanwhile direct users to pay online (website, app, WeChat, Alipay, the emergency QR code) or over the emergency hotline.',
  ),
  records: ['counter_payment'],
  backfillStep: 'backfill-counter',
};

const PREVENTION = [
  t('实时监控系统状态：通过后台管理平台监测设备运行、网络连接、支付成功率等指标。', 'Watch the system live: device operation, network connections and payment success rate on the management platform.'),
  t('预警机制：设定异常阈值（如支付失败率>5%），触发自动预警。', 'Alarms: set thresholds (such as a payment failure rate above 5%) that raise an alarm automatically.'),
  t('现场巡检：安排运维人员每2小时巡检一次自助终端，发现异常立即上报。', 'Inspections: an engineer inspects the kiosks every 2 hours and reports anything abnormal at once.'),
  t('备用系统：建立独立的应急支付系统，可快速接管主系统。', 'Standby system: an independent emergency payment system that can take over from the main one quickly.'),
  t('数据备份：每日自动备份关键数据，确保故障后可恢复至最近状态。', 'Backups: key data is backed up automatically every day, so that it can be restored to its latest state.'),
  t('远程监控：通过云平台实时掌握设备状态，支持远程诊断。', 'Remote monitoring: device state on the cloud platform, with remote diagnosis.'),
  t('人员保障：组建跨部门应急小组，每季度开展应急演练，关键岗位设置AB角。', 'People: a cross-department emergency team, a drill every quarter, an A and a B person for each key post.'),
  t('物资保障：在核心区域设立备件库，储备常用零件（扫码头、主板）；配备便携式POS机、打印机；确保应急热线及线上服务不受通信中断影响。', 'Supplies: a spare-parts store in the core area with common parts (scanner heads, main boards); portable POS terminals and printers; a hotline and online service that survive a communications failure.'),
  t('每半年开展一次全面演练，评估方案有效性。', 'A full drill every half year to test the plan.'),
];

const selfpayMessages = (zh: string, en: string): CommunicationTemplate[] =>
  messages({
    fault: t(zh, en),
    publicAdvice: t('老年人、残障人士优先办理。', 'The elderly and disabled are served first.'),
  });

const SELFPAY_IMPACT = t('用户无法在自助终端缴费', 'users cannot pay at the self-service kiosks');

export const paymentSystemFailure: PlanDocument = {
  key: 'selfpay-system-failure',
  title: t('自助缴费系统故障', 'Self-service payment system failure'),
  category: 'service',
  scope: t('自助缴费系统：支付系统崩溃、支付接口或数据库服务中断、特定支付方式（银行卡、微信支付、支付宝）无法使用。', 'The self-service payment system: the payment system crashing, the payment interface or database service stopping, one payment method (bank card, WeChat Pay, Alipay) failing.'),
  impact: SELFPAY_IMPACT,
  trigger: { alertRules: ['payment-failure-rate'], alertTypes: [], subsystems: ['selfpay'], deviceTypes: ['kiosk'], levels: [1, 2] },
  roles: selfpayRoles,
  steps: [
    ...confirmSteps({ zh: '查看支付成功率和失败率（失败率>5%触发预警）。', en: 'Look at the payment success and failure rates (above 5% raises the alarm).' }),
    {
      key: 'standby-system',
      title: t('启用独立的应急支付系统接管', 'Switch to the independent emergency payment system'),
      detail: t('应急支付系统可快速接管主系统；确认接管后终端恢复收费。', 'The emergency payment system can take over from the main one quickly; confirm the kiosks take payments again.'),
      role: 'onsite-engineer',
      expectedMinutes: 30,
      phase: 'fallback',
    },
    ...alternativeSteps,
    ...resourceSteps(
      { zh: '支付服务恢复后，确认支付成功率回到正常。', en: 'When the payment service is back, confirm the success rate is normal again.' },
      { kind: 'alert-resolved', rule: 'payment-failure-rate' },
    ),
    ...backfillSteps,
    ...closeSteps,
  ],
  fallbacks: [
    {
      key: 'standby-system',
      title: t('应急支付系统', 'Emergency payment system'),
      procedure: t('独立的应急支付系统接管主系统，直至主系统恢复。', 'The independent emergency payment system takes over until the main system is back.'),
      records: [],
    },
    counterFallback,
  ],
  communications: selfpayMessages('自助缴费系统故障', 'Self-service payment failure'),
  prevention: PREVENTION,
  source: { document: SEEDS.selfpay, section: '一 概述（适用场景、基本原则）；二 应急响应流程；三 应急保障措施；四 总结与持续改进' },
};

export const kioskHardwareFailure: PlanDocument = {
  key: 'selfpay-kiosk-hardware-failure',
  title: t('自助缴费终端硬件故障', 'Self-service kiosk hardware failure'),
  category: 'equipment',
  scope: t(
    '自助缴费终端硬件：屏幕破裂、触摸屏失灵、支付模块（刷卡/扫码/投币器）无法工作、打印机故障无法打印凭条、电源模块损坏无法启动或自动断电；关键部件（钱箱、主控板）丢失或被盗；极端天气（雷击、洪水）导致设备损坏。',
    'Kiosk hardware: a cracked screen, a dead touch screen, a payment module (card, QR, coin) that does not work, a printer that cannot print receipts, a power module that will not start or cuts out; key parts (cash box, main board) lost or stolen; damage from extreme weather (lightning, flood).',
  ),
  impact: SELFPAY_IMPACT,
  trigger: { alertRules: ['terminal-silent'], alertTypes: [], subsystems: ['selfpay'], deviceTypes: ['kiosk'], levels: [] },
  roles: selfpayRoles,
  steps: [
    ...confirmSteps({ zh: '到现场确认损坏部件（屏幕、触摸屏、支付模块、打印机、电源模块），部件丢失或被盗的报告安保。', en: 'On site, find the damaged part (screen, touch screen, payment module, printer, power module); report lost or stolen parts to security.' }),
    ...alternativeSteps,
    ...resourceSteps(
      { zh: '从备件库领用常用零件（扫码头、主板）更换，并登记备件出库。', en: 'Take the common part (scanner head, main board) from the spare-parts store, replace it and book the part out.' },
      { kind: 'devices-online', deviceType: 'kiosk' },
    ),
    ...backfillSteps,
    ...closeSteps,
  ],
  fallbacks: [counterFallback],
  communications: selfpayMessages('自助缴费终端故障', 'Self-service kiosk failure'),
  prevention: PREVENTION,
  source: { document: SEEDS.selfpay, section: '一(一)1 硬件故障；二 应急响应流程；三(三) 物资保障' },
};

export const selfpayNetworkInterruption: PlanDocument = {
  key: 'selfpay-network-interruption',
  title: t('自助缴费网络中断', 'Self-service payment network interruption'),
  category: 'network',
  scope: t(
    '通信线路故障：网络（有线/无线）中断，导致终端无法与后台系统通信或接收更新；外部线路（电源、网络）被破坏；电力供应中断、UPS耗尽或故障。',
    'Line failures: the wired or wireless network fails and the kiosks cannot reach the back end or receive updates; outside lines (power, network) damaged; mains power lost and the UPS exhausted or faulty.',
  ),
  impact: SELFPAY_IMPACT,
  trigger: { alertRules: ['terminal-silent', 'ups-on-battery'], alertTypes: ['switch-down', 'site-down'], subsystems: ['selfpay', 'network'], deviceTypes: ['switch', 'router', 'router_4g', 'kiosk'], levels: [] },
  roles: selfpayRoles,
  steps: [
    ...confirmSteps({ zh: '检查终端网络连接、接入交换机和线路；确认是否为停电或UPS耗尽。', en: 'Check the kiosks\' connections, the access switch and the lines; establish whether power or the UPS has failed.' }),
    ...alternativeSteps,
    ...resourceSteps(
      { zh: '恢复线路或向通信服务商报修；确保应急热线及线上服务不受通信中断影响。', en: 'Restore the line or report it to the carrier; make sure the hotline and the online service are not hit by the outage.' },
      { kind: 'devices-online', deviceType: 'kiosk' },
    ),
    ...backfillSteps,
    ...closeSteps,
  ],
  fallbacks: [counterFallback],
  communications: selfpayMessages('自助缴费网络中断', 'Self-service payment network outage'),
  prevention: PREVENTION,
  source: { document: SEEDS.selfpay, section: '一(一)2 软件异常（网络中断）、一(一)3 外部中断；二 应急响应流程' },
};

export const selfpayDataErrors: PlanDocument = {
  key: 'selfpay-data-errors',
  title: t('自助缴费数据错误', 'Self-service payment data errors'),
  category: 'data',
  scope: t(
    '因系统错误导致用户账户余额异常、缴费记录错误；误操作修改关键支付参数（费率、限额）；误删除用户账户或服务项目；终端被恶意攻击导致系统被篡改或植入病毒。',
    'A system error leaving wrong account balances or payment records; a mistake changing key payment parameters (rates, limits); user accounts or service items deleted by mistake; a kiosk attacked, the system tampered with or infected.',
  ),
  impact: t('用户余额或缴费记录错误，缴费可能按错误参数执行', 'balances or payment records are wrong, and payments may run on wrong parameters'),
  trigger: { alertRules: [], alertTypes: [], subsystems: ['selfpay'], deviceTypes: ['kiosk', 'database'], levels: [] },
  roles: selfpayRoles,
  steps: [
    ...confirmSteps({ zh: '确认错误类型：余额异常、缴费记录错误、支付参数（费率、限额）被修改、账户或服务项目被误删除、终端被篡改。', en: 'Establish the kind of error: wrong balances, wrong payment records, payment parameters (rates, limits) changed, accounts or service items deleted, a kiosk tampered with.' }),
    {
      key: 'stop-wrong-payments',
      title: t('暂停受影响的缴费项目', 'Suspend the affected payment items'),
      detail: t('参数被误改或终端被篡改时，暂停受影响终端或缴费项目，防止按错误参数继续收费；同时启用替代缴费方式。', 'When parameters were changed or a kiosk tampered with, suspend the affected kiosks or items so that no more payments run on wrong parameters; open the alternatives meanwhile.'),
      role: 'onsite-engineer',
      expectedMinutes: 10,
      phase: 'response',
    },
    ...alternativeSteps,
    {
      key: 'restore-data',
      title: t('从每日备份恢复并更正数据', 'Restore and correct the data from the daily backup'),
      detail: t('每日自动备份关键数据：恢复误删除的账户和服务项目、被误改的支付参数，更正错误的余额和缴费记录；被植入病毒的终端查杀后再上线。', 'Key data is backed up daily: restore deleted accounts and service items and changed payment parameters, correct the wrong balances and records; clean an infected kiosk before it returns.'),
      role: 'onsite-engineer',
      expectedMinutes: 120,
      phase: 'recovery',
    },
    ...backfillSteps,
    {
      key: 'verify-balances',
      title: t('核对更正后的余额和缴费记录', 'Check the corrected balances and payment records'),
      role: 'finance',
      expectedMinutes: 60,
      phase: 'verification',
    },
    ...closeSteps,
  ],
  fallbacks: [counterFallback],
  communications: selfpayMessages('自助缴费数据异常', 'Self-service payment data error'),
  prevention: PREVENTION,
  source: { document: SEEDS.selfpay, section: '一(一)2 软件异常（数据错误）、一(一)4 人为操作失误；三(一)2 数据备份' },
};
