import type { PlanDocument, PlanStep } from '../plan-document.ts';
import { messages, roles, SEEDS, t } from './parts.ts';

/**
 * Seed 003 (one-card maintenance tender), 第一章第一节 应急系统处理方案: 一 关键业务故障应急 in full, and the parts of
 * 二 用户账户安全应急 and 三 异常交易故障应急 that the stored text holds. The stored seed breaks off in 二 at
 * "登录时间判断 针对..." and holds 三 only as a heading of the contents; those two plans take what the seed says of them
 * (IP analysis, login time; monitoring consumption, recharge and balance data, the data logic checks) and the
 * seed's general procedure of 一 (grading, notification, information, communication, follow-up), with freezing from
 * SPEC C8 (the security officer). The data-recovery plan is 一's 数据备份恢复 and 数据准确性校验 as a plan of its own.
 */

/** 一 响应级别确定: the three levels and when to raise one. */
const gradeStep: PlanStep = {
  key: 'grade',
  title: t('评估故障并确定响应级别', 'Assess the fault and set the response level'),
  detail: t(
    '一级：严重影响关键业务、影响大量用户、造成重大损失或社会影响，立即启动应急预案，组织所有相关人员紧急处理；二级：影响部分用户或部分关键业务功能，安排专业技术人员重点处理；三级：不影响关键业务正常运行，按常规流程处理。重要活动期间发生的故障适当提高响应级别。',
    'Level 1: key business badly hit, many users affected, major loss or public impact — start the plan at once with everyone concerned; level 2: some users or some key functions affected — technical staff work it with priority; level 3: key business unaffected — the normal procedure. Raise the level for a fault during an important event.',
  ),
  role: 'commander',
  expectedMinutes: 10,
  phase: 'response',
};

/** 一 多渠道预警传达: a level-1 warning reaches the on-site engineer and the technical lead, who confirm receipt. */
const notifyStep: PlanStep = {
  key: 'notify',
  title: t('多渠道通知相关人员并确认收到', 'Notify the people concerned on several channels and confirm receipt'),
  detail: t('除系统警报外，通过短信、邮件通知；一级预警同时通知驻场运维工程师和相关技术负责人，并跟踪确认已收到通知。', 'Besides the system alarm, notify by SMS and e-mail; a level-1 warning goes to the on-site engineer and the technical lead together, and their receipt is followed up and confirmed.'),
  role: 'commander',
  expectedMinutes: 5,
  phase: 'response',
};

/** 一 信息收集整合. */
const collectStep = (what: { zh: string; en: string }): PlanStep => ({
  key: 'collect',
  title: t('收集故障信息', 'Gather the fault information'),
  detail: t(
    `按故障信息收集清单收集：故障发生的时间、地点、现象，系统运行日志、监控数据，故障发生前后的操作情况；${what.zh}`,
    `Gather by the checklist: when, where and what happened, system logs and monitoring data, what was done before and after; ${what.en}`,
  ),
  role: 'onsite-engineer',
  expectedMinutes: 20,
  phase: 'response',
});

/** 一 相关方信息通报. */
const informStep: PlanStep = {
  key: 'inform',
  title: t('向采购人和用户通报', 'Inform the purchaser and the users'),
  detail: t('通过电话、短信、邮件将故障发生时间、现象、影响范围告知相关方，并定期通报处理进度和预计恢复时间；收集相关方反馈转交处理团队，记录通报档案。', 'By phone, SMS and e-mail tell the parties when it started, what happens and what is affected; report progress and the expected recovery time regularly; pass their feedback to the team and keep a record of every notice.'),
  role: 'communications',
  expectedMinutes: 10,
  phase: 'response',
};

/** 一 后续跟踪评估. */
const followUpSteps: PlanStep[] = [
  {
    key: 'summary',
    title: t('故障处理总结，纳入知识库', 'Write the fault summary into the knowledge base'),
    detail: t(
      '总结故障发生时间、现象、处理措施、处理结果；采用鱼骨图、5Why分析法找出故障的直接原因、间接原因和根本原因；分析不足并提出改进措施，结果纳入知识库。',
      'Summarise when, what, what was done and the result; find the direct, indirect and root causes with a fishbone diagram and the 5 whys; note what fell short and what to improve; put it in the knowledge base.',
    ),
    role: 'commander',
    expectedMinutes: 60,
    phase: 'verification',
  },
  {
    key: 'monitor-after',
    title: t('恢复后持续监测，制定改进和预防措施', 'Keep watching after the recovery, set improvements and prevention'),
    role: 'onsite-engineer',
    expectedMinutes: 60,
    phase: 'verification',
  },
];

const onecardMessages = (zh: string, en: string, adviceZh: string, adviceEn: string) => messages({ fault: t(zh, en), publicAdvice: t(adviceZh, adviceEn) });

/** 一 数据准确性校验, as steps: compare, clean (duplicates), then the two logic checks. */
const accuracySteps: PlanStep[] = [
  {
    key: 'compare',
    title: t('数据比对核查', 'Compare the restored data'),
    detail: t(
      '将恢复后的数据与原始数据、备份数据进行比对（比对脚本或比对工具），检查一致性和完整性；分析差异原因：数据丢失或损坏的修复补充，录入错误的修正；记录比对结果和处理情况。',
      'Compare the restored data with the original and the backup (a script or a comparison tool) for consistency and completeness; find why each difference exists — repair and complete what was lost or damaged, correct what was entered wrongly; record the results and what was done.',
    ),
    role: 'onsite-engineer',
    expectedMinutes: 60,
    phase: 'verification',
  },
  {
    key: 'remove-duplicates',
    title: t('清理异常数据，去除重复数据', 'Clean abnormal data and remove duplicates'),
    detail: t('按数据范围、数据格式等判断标准标记并清理异常值；重复数据合并和删除，减少冗余；清理后再次校验。', 'Mark and clean abnormal values by range and format; merge and delete duplicate records; check again after cleaning.'),
    role: 'onsite-engineer',
    expectedMinutes: 60,
    phase: 'verification',
  },
  {
    key: 'check-consumption-balance',
    title: t('核对消费记录与账户余额', 'Check consumption records against account balances'),
    detail: t('检查消费记录与账户余额的对应关系，消费金额是否在合理范围内；发现的逻辑错误修正和调整。', 'Check that consumption records and account balances agree and that consumption amounts are within reason; correct the logic errors found.'),
    role: 'finance',
    expectedMinutes: 60,
    phase: 'verification',
  },
  {
    key: 'check-recharge-increase',
    title: t('核对充值记录与账户增加金额', 'Check recharges against account increases'),
    detail: t('检查充值记录与账户增加金额的对应关系，充值金额是否符合规定；发现的逻辑错误修正和调整。', 'Check that recharge records and the amounts added to accounts agree and that recharge amounts follow the rules; correct the logic errors found.'),
    role: 'finance',
    expectedMinutes: 60,
    phase: 'verification',
  },
];

export const keyBusinessFailure: PlanDocument = {
  key: 'onecard-key-business-failure',
  title: t('一卡通关键业务故障', 'One-card key business failure'),
  category: 'service',
  scope: t('一卡通系统关键业务：消费、充值、账户余额等业务及其服务器、数据库和程序。', "The one-card system's key business — consumption, recharge, account balances — and its servers, database and programs."),
  impact: t('持卡人不能正常消费、充值', 'card holders cannot pay or recharge normally'),
  trigger: { alertRules: ['terminal-silent', 'server-disk-full', 'server-cpu-high'], alertTypes: ['site-down', 'switch-down'], subsystems: ['consumption', 'recharge', 'core'], deviceTypes: ['server', 'database', 'pos', 'recharge_kiosk'], levels: [1, 2] },
  roles: roles({
    commander: t('确定响应级别，调配人力、物力、财力，组织总结', 'Sets the level, allocates people, materials and money, leads the review'),
    'onsite-engineer': t('驻场运维工程师：收集信息、排查处理、切换备用系统、恢复数据', 'Gathers the information, finds and fixes the fault, switches to the standby system, restores data'),
    'tech-expert': t('复杂故障会诊，制定处理方案并指导实施', 'Examines complex faults, decides the fix and guides the engineers'),
    communications: t('向采购人、用户通报，协调各部门', 'Informs the purchaser and users, coordinates the departments'),
    finance: t('恢复后核对消费、充值与余额', 'Checks consumption, recharges and balances after the recovery'),
  }),
  steps: [
    gradeStep,
    notifyStep,
    collectStep({ zh: '与系统操作人员、用户沟通是否有异常提示、是否进行了特殊操作。', en: 'ask the operators and users about error messages and unusual actions.' }),
    {
      key: 'analyse',
      title: t('整合分析，形成故障报告', 'Analyse and write the fault report'),
      detail: t('结合日志、监控数据和相关人员反馈综合判断，形成故障报告：基本情况、可能原因、影响范围、处理建议。', 'Judge from the logs, monitoring data and what people say; write the fault report: the facts, the likely causes, the scope, the proposed fix.'),
      role: 'onsite-engineer',
      expectedMinutes: 30,
      phase: 'response',
    },
    {
      key: 'expert-consult',
      title: t('复杂故障：技术专家会诊', 'Complex fault: the technical expert examines it'),
      role: 'tech-expert',
      expectedMinutes: 60,
      phase: 'response',
    },
    informStep,
    {
      key: 'switch-standby',
      title: t('按切换流程启用备用系统', 'Switch to the standby system by the switchover procedure'),
      detail: t('按切换流程（数据备份、系统启动、数据同步）启用备用系统，确保数据一致和完整；实时监测切换过程，验证备用系统正常运行。', 'Switch by the procedure (back up data, start the system, synchronise data), keeping the data consistent and complete; watch the switch and verify the standby system runs normally.'),
      role: 'onsite-engineer',
      expectedMinutes: 30,
      phase: 'fallback',
    },
    {
      key: 'allocate',
      title: t('调配人力、物力、财力', 'Allocate people, materials and money'),
      detail: t('按故障严重程度调配运维工程师、技术专家；调配储备的硬件设备、软件工具、备品备件；安排购买设备和人员费用的资金。', 'By severity, send engineers and experts; issue the reserve hardware, tools and spare parts; release money for equipment and staff.'),
      role: 'commander',
      expectedMinutes: 30,
      phase: 'fallback',
    },
    {
      key: 'restore-data',
      title: t('从备份恢复数据', 'Restore the data from backup'),
      detail: t('数据丢失或损坏时及时从备份恢复，按备份的时间顺序和恢复流程操作，避免数据冲突和错误；记录恢复的时间、方式、数据量。', 'If data was lost or damaged, restore it from backup in the order the backups were taken, by the procedure, to avoid conflicts; record when, how and how much.'),
      role: 'onsite-engineer',
      expectedMinutes: 60,
      phase: 'recovery',
    },
    {
      key: 'fix-program',
      title: t('修复系统程序', 'Fix the programs'),
      detail: t('通过代码调试、补丁更新修复程序；更新前充分测试验证，确保稳定性和兼容性；记录修复内容、时间、责任人。', 'Fix the programs by debugging and patches; test fully before deploying for stability and compatibility; record what, when and who.'),
      role: 'onsite-engineer',
      expectedMinutes: 120,
      phase: 'recovery',
    },
    {
      key: 'monitor-recovery',
      title: t('恢复过程中实时监测系统运行', 'Watch the system live during the recovery'),
      role: 'onsite-engineer',
      expectedMinutes: 30,
      phase: 'recovery',
      check: { kind: 'alert-resolved' },
    },
    ...accuracySteps,
    ...followUpSteps,
  ],
  fallbacks: [
    {
      key: 'standby-system',
      title: t('备用系统', 'Standby system'),
      procedure: t('与主系统功能相同、性能相近、独立软硬件的备用系统接管业务，直至主系统恢复并切回。', 'The standby system — same functions, similar performance, its own hardware and software — carries the business until the main system is back and switched to again.'),
      records: [],
    },
  ],
  communications: onecardMessages('一卡通业务故障', 'One-card service failure', '请暂用其他方式支付，恢复后将另行通知。', 'Please pay by other means for now; we will announce the recovery.'),
  prevention: [
    t('利用监控软件实时采集消费记录、充值记录、账户余额等关键业务数据，数据超出阈值时自动预警，并据历史数据优化阈值。', 'Collect consumption, recharge and balance data live; alarm when it leaves its thresholds, and tune the thresholds from history.'),
    t('定期对关键业务数据进行全量备份、增量备份，并定期检查和验证备份的完整性和可用性。', 'Take full and incremental backups of the key data and check regularly that they are complete and usable.'),
    t('建设与主系统功能相同、性能相近的备用系统，定期测试并演练切换流程。', 'Keep a standby system with the same functions and similar performance; test it and drill the switchover regularly.'),
  ],
  source: { document: SEEDS.onecard, section: '一、关键业务故障应急' },
};

export const accountSecurity: PlanDocument = {
  key: 'onecard-account-security',
  title: t('用户账户安全应急', 'Account security'),
  category: 'security',
  scope: t('一卡通用户账户的异常登录：陌生或高风险地区IP、异常时间登录、撞库或暴力破解。', 'Abnormal logins to one-card accounts: unfamiliar or high-risk IP addresses, logins at odd times, credential stuffing and brute force.'),
  impact: t('用户账户和资金可能被盗用', "users' accounts and money may be misused"),
  trigger: { alertRules: ['account-login-failures'], alertTypes: [], subsystems: ['consumption', 'recharge'], deviceTypes: [], levels: [] },
  roles: roles({
    commander: t('确定响应级别，组织处置', 'Sets the level and runs the response'),
    'security-officer': t('分析登录、冻结和解冻账户', 'Analyses the logins, freezes and unfreezes accounts'),
    'onsite-engineer': t('收集日志，更新IP地址库', 'Gathers the logs, updates the IP address library'),
    communications: t('通知账户持有人和采购人', 'Informs the account holders and the purchaser'),
  }),
  steps: [
    {
      key: 'ip-analysis',
      title: t('分析登录IP地址', 'Analyse the login IP addresses'),
      detail: t('将登录IP地址与常见网络环境IP地址库比对，判断是否来自常见网络环境；来自陌生或存在安全风险区域（如境外高风险IP）的登录立即预警。', "Compare the login IP addresses with the library of usual network addresses; a login from an unfamiliar or risky region (such as a high-risk foreign IP) is flagged at once."),
      role: 'security-officer',
      expectedMinutes: 10,
      phase: 'response',
    },
    {
      key: 'login-time',
      title: t('判断登录时间是否异常', 'Judge whether the login times are abnormal'),
      detail: t('对照账户通常的登录时间，判断是否在异常时段登录。', "Compare with the account's usual login times for logins at odd hours."),
      role: 'security-officer',
      expectedMinutes: 10,
      phase: 'response',
    },
    gradeStep,
    notifyStep,
    {
      key: 'freeze',
      title: t('冻结受影响账户', 'Freeze the affected accounts'),
      detail: t('确认账户存在被盗用风险时，通过一卡通系统冻结账户，防止资金损失；记录冻结原因。', 'When an account is at risk, freeze it in the one-card system to stop losses; record why.'),
      role: 'security-officer',
      expectedMinutes: 10,
      phase: 'response',
    },
    collectStep({ zh: '导出异常登录的账户、IP、时间和结果。', en: 'export the abnormal logins with account, IP, time and outcome.' }),
    informStep,
    {
      key: 'unfreeze',
      title: t('核实身份、重置密码后解冻', 'Unfreeze after verifying the holder and resetting the password'),
      role: 'security-officer',
      expectedMinutes: 30,
      phase: 'recovery',
    },
    {
      key: 'update-ip-library',
      title: t('更新IP地址库', 'Update the IP address library'),
      detail: t('持续更新IP地址库，以适应不断变化的网络环境。', 'Keep the IP address library up to date as networks change.'),
      role: 'onsite-engineer',
      expectedMinutes: 30,
      phase: 'recovery',
    },
    {
      key: 'alerts-resolved',
      title: t('确认登录告警已恢复', 'Confirm the login alert has resolved'),
      role: 'security-officer',
      expectedMinutes: 10,
      phase: 'verification',
      check: { kind: 'alert-resolved', rule: 'account-login-failures' },
    },
    ...followUpSteps,
  ],
  fallbacks: [],
  communications: onecardMessages('账户安全事件', 'Account security incident', '如发现账户异常，请及时挂失并联系一卡通中心。', 'If your account looks wrong, report the card lost and contact the card centre.'),
  prevention: [t('建立并持续更新常见网络环境IP地址库，对陌生或高风险区域的登录自动预警。', 'Keep a library of usual network addresses up to date, and flag logins from unfamiliar or risky regions automatically.')],
  source: { document: SEEDS.onecard, section: '二、用户账户安全应急（存档文本止于“登录时间判断”）；一 的分级、通知、信息收集与通报' },
};

export const abnormalTransactions: PlanDocument = {
  key: 'onecard-abnormal-transactions',
  title: t('异常交易故障应急', 'Abnormal transactions'),
  category: 'security',
  scope: t('一卡通消费、充值交易的异常波动：消费金额超出合理范围、充值金额不符合规定、交易与账户余额不对应。', 'Abnormal swings in one-card consumption and recharges: amounts out of range, recharges against the rules, transactions that do not match balances.'),
  impact: t('账户余额和资金可能出错或流失', 'balances may be wrong and money may be lost'),
  trigger: { alertRules: [], alertTypes: [], subsystems: ['consumption', 'recharge'], deviceTypes: ['pos', 'recharge_kiosk'], levels: [] },
  roles: roles({
    commander: t('确定响应级别，组织处置', 'Sets the level and runs the response'),
    'security-officer': t('审查异常交易，冻结可疑账户', 'Reviews the transactions, freezes suspicious accounts'),
    'onsite-engineer': t('检查终端和日志', 'Checks the terminals and the logs'),
    finance: t('逻辑核对并更正交易与余额', 'Checks the logic and corrects transactions and balances'),
    communications: t('通知采购人和持卡人', 'Informs the purchaser and the card holders'),
  }),
  steps: [
    {
      key: 'confirm-anomaly',
      title: t('确认交易数据异常波动', 'Confirm the abnormal swing in the transaction data'),
      detail: t('核实监控预警：消费记录、充值记录、账户余额数据超出正常范围；查看数据监控日志中的异常数据和预警信息。', 'Verify the alarm: consumption, recharge or balance data outside its normal range; read the anomalies and warnings in the monitoring log.'),
      role: 'security-officer',
      expectedMinutes: 10,
      phase: 'response',
    },
    gradeStep,
    notifyStep,
    collectStep({ zh: '导出异常交易涉及的账户、终端、金额和时间。', en: 'export the accounts, terminals, amounts and times of the abnormal transactions.' }),
    {
      key: 'freeze',
      title: t('冻结可疑账户，停用可疑终端', 'Freeze suspicious accounts, take suspicious terminals out'),
      role: 'security-officer',
      expectedMinutes: 15,
      phase: 'response',
    },
    informStep,
    {
      key: 'logic-check',
      title: t('逻辑核对交易', 'Check the transactions\' logic'),
      detail: t('检查消费记录与账户余额、充值记录与账户增加金额的对应关系；消费金额是否在合理范围内、充值金额是否符合规定。', 'Check consumption records against balances and recharges against account increases; whether consumption amounts are within reason and recharges follow the rules.'),
      role: 'finance',
      expectedMinutes: 60,
      phase: 'recovery',
    },
    {
      key: 'correct',
      title: t('更正错误交易和余额', 'Correct the wrong transactions and balances'),
      detail: t('对发现的逻辑错误进行修正和调整，记录更正内容、时间、责任人。', 'Correct the logic errors found; record what, when and who.'),
      role: 'finance',
      expectedMinutes: 60,
      phase: 'recovery',
    },
    ...followUpSteps,
  ],
  fallbacks: [],
  communications: onecardMessages('异常交易', 'Abnormal transactions', '如发现账户余额异常，请联系一卡通中心。', 'If your balance looks wrong, contact the card centre.'),
  prevention: [t('对消费记录、充值记录、账户余额进行动态监测，设置监测阈值，数据异常波动时自动预警。', 'Watch consumption, recharge and balance data continuously with thresholds that raise an alarm on abnormal swings.')],
  source: { document: SEEDS.onecard, section: '三、异常交易故障应急（存档文本仅有目录标题）；一 的数据实时监控、数据逻辑检查与响应流程' },
};

export const dataRecovery: PlanDocument = {
  key: 'onecard-data-recovery',
  title: t('数据恢复', 'Data recovery'),
  category: 'data',
  scope: t('一卡通关键业务数据丢失或损坏后的备份恢复与恢复后校验。', "Restoring the one-card system's key data from backup after loss or damage, and checking it afterwards."),
  impact: t('数据丢失或损坏，余额和交易可能不准确', 'data is lost or damaged; balances and transactions may be wrong'),
  trigger: { alertRules: ['server-disk-full'], alertTypes: [], subsystems: ['core'], deviceTypes: ['database'], levels: [] },
  roles: roles({
    commander: t('确定恢复范围，批准恢复操作', 'Decides what to restore and approves it'),
    'onsite-engineer': t('检查备份、按顺序恢复、比对和清理数据', 'Checks the backups, restores in order, compares and cleans the data'),
    finance: t('核对消费与余额、充值与账户增加金额', 'Checks consumption against balances and recharges against account increases'),
    communications: t('通报恢复进度', 'Reports the progress'),
  }),
  steps: [
    {
      key: 'assess',
      title: t('确定丢失或损坏的数据范围', 'Establish what data was lost or damaged'),
      role: 'commander',
      expectedMinutes: 15,
      phase: 'response',
    },
    {
      key: 'verify-backup',
      title: t('检查备份数据的完整性和可用性', 'Check the backups are complete and usable'),
      detail: t('选取最近的全量备份及其后的增量备份，检查和验证备份数据的完整性和可用性。', 'Take the latest full backup and the incremental ones after it, and check they are complete and usable.'),
      role: 'onsite-engineer',
      expectedMinutes: 20,
      phase: 'response',
    },
    informStep,
    {
      key: 'restore',
      title: t('按备份时间顺序恢复数据', 'Restore in the order the backups were taken'),
      detail: t('按照备份的时间顺序和恢复流程进行操作（先全量、后增量），避免数据冲突和错误。', 'Restore by the procedure in the order the backups were taken (full first, then incremental), to avoid conflicts and errors.'),
      role: 'onsite-engineer',
      expectedMinutes: 60,
      phase: 'recovery',
    },
    ...accuracySteps,
    {
      key: 'record',
      title: t('建立数据备份恢复记录', 'Record the restore'),
      detail: t('记录备份和恢复的时间、方式、数据量等信息，以便后续查询和管理。', 'Record when and how the backup was taken and restored and how much data, for later reference.'),
      role: 'onsite-engineer',
      expectedMinutes: 15,
      phase: 'verification',
    },
  ],
  fallbacks: [],
  communications: onecardMessages('一卡通数据恢复', 'One-card data restore', '恢复期间部分查询结果可能不准确。', 'Some balances shown may be inaccurate during the restore.'),
  prevention: [
    t('采用全量备份、增量备份等多种备份方式，定期对备份数据进行检查和验证。', 'Use full and incremental backups and check them regularly.'),
    t('建立异常数据监测机制，及时发现和处理新出现的异常数据。', 'Monitor for abnormal data so that new anomalies are found and handled early.'),
  ],
  source: { document: SEEDS.onecard, section: '一、关键业务故障应急：数据备份恢复、数据准确性校验（比对核查、异常数据清理、数据逻辑检查）' },
};
