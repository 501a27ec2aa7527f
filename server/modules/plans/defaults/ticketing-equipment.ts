import type { PlanDocument, PlanStep } from '../plan-document.ts';
import { messages, roles, SEEDS, t } from './parts.ts';

/**
 * Seed 000 (scenic-site ticketing), 1.4–1.7 and 1.9: server, network, ticket PC, gate and power failures. Each has the
 * seed's impact (不能售票、验票), its solution as ordered steps, its "worst case" as the fallback, and its prevention.
 * The opening and closing steps are the seed's general procedure (1.1, 1.3): report to the responsible people at each
 * level, find the cause and a temporary measure, and write a problem report once it is stable or solved.
 */

const TICKETING_IMPACT = t('不能售票、验票', 'tickets can be neither sold nor checked');

/** 1.3: report to the responsible people, coordinate resources, decide the solution and the temporary measure. */
const reportStep = (minutes = 5): PlanStep => ({
  key: 'report',
  title: t('上报各级负责人并协调资源', 'Report to the responsible people and gather resources'),
  detail: t(
    '发现问题后立即上报各级负责人，同时协调相关资源分析问题根源，确定解决方案和临时解决措施，避免造成更大的影响；技术支持人员从知识库获取相应应急策略，以电话、邮件或现场服务的方式支持。',
    'Report the problem to the responsible people at each level at once, and gather the resources to find its root cause and decide the solution and a temporary measure before it does more harm; technical support takes the matching strategy from the knowledge base and helps by phone, e-mail or on site.',
  ),
  role: 'commander',
  expectedMinutes: minutes,
  phase: 'response',
});

/** 1.3: once stable or solved, a problem report so that it does not happen again. */
const problemReportStep: PlanStep = {
  key: 'problem-report',
  title: t('形成问题汇报', 'Write the problem report'),
  detail: t(
    '问题得到稳定或彻底解决后形成问题汇报（现象、原因、处理过程、改进措施），避免以后类似重大紧急情况的发生。',
    'Once the problem is stable or solved, write the problem report (symptoms, cause, what was done, improvements) so that a similar emergency does not happen again.',
  ),
  role: 'commander',
  expectedMinutes: 60,
  phase: 'verification',
};

/** 1.5's line-failure fallback, which 1.6, 1.7 and 1.9 fall back on ("采用网络故障的解决方案"). */
const manualTicketingSteps: PlanStep[] = [
  {
    key: 'manual-ticketing',
    title: t('启用手工售票、验票', 'Sell and check tickets by hand'),
    detail: t(
      '在等待恢复期间，先以手工售票、验票的方式支撑日常业务的运营；手工售出和查验的每张票记录票号或纸质凭证号，供事后补录。',
      'While waiting for the recovery, keep the business running by selling and checking tickets by hand; note the ticket or paper voucher number of every ticket sold and checked for the back-fill afterwards.',
    ),
    role: 'ticket-staff',
    expectedMinutes: 15,
    phase: 'fallback',
  },
  {
    key: 'backfill',
    title: t('补录当日票务数据', "Back-fill the day's ticketing data"),
    detail: t(
      '恢复后通过票务管理系统中数据补录的功能，将当日手工售票、验票数据补录进系统中，不影响数据的处理和报表的生成。',
      "After the recovery, enter the day's hand-sold and hand-checked tickets with the ticketing system's back-fill function, so that data processing and reports are not affected.",
    ),
    role: 'ticket-staff',
    expectedMinutes: 60,
    phase: 'recovery',
  },
  {
    key: 'backfill-reconcile',
    title: t('核对补录数据', 'Reconcile the back-filled records'),
    detail: t('核对补录的售票、验票记录与手工票据和收款金额一致后，再生成当日报表。', 'Check the back-filled sales and checks against the paper vouchers and the money taken before the day\'s reports are produced.'),
    role: 'finance',
    expectedMinutes: 30,
    phase: 'verification',
  },
];

const manualTicketingFallback = {
  key: 'manual-ticketing',
  title: t('手工售票、验票', 'Selling and checking tickets by hand'),
  procedure: t(
    '售票窗口手工售票并开具纸质票据，验票口人工或用手持验票机验票；每张票记录票号/凭证号和时间，系统恢复后通过数据补录功能录入票务管理系统。',
    'The ticket windows sell by hand and issue paper tickets; the checkpoints check by eye or with handheld checkers; each ticket is noted with its number and time and entered into the ticketing system with its back-fill function once the system is back.',
  ),
  records: ['ticket_sale' as const, 'ticket_check' as const],
  backfillStep: 'backfill',
};

const ticketingRoles = (engineer: string, engineerEn: string) =>
  roles({
    commander: t('组织处置、上报各级负责人、决定启用手工售检票', 'Runs the response, reports to the responsible people, decides to sell and check by hand'),
    'onsite-engineer': t(engineer, engineerEn),
    'ticket-staff': t('手工售票、验票并记录，事后补录', 'Sells and checks by hand, keeps the records, back-fills them afterwards'),
    finance: t('核对补录数据与收款', 'Checks the back-filled records against the money taken'),
    communications: t('向业主和游客发布通知', 'Informs the client and the visitors'),
  });

const ticketingMessages = (zh: string, en: string) =>
  messages({
    fault: t(zh, en),
    publicAdvice: t('售票、检票改为人工办理，请听从现场工作人员指引。', 'Tickets are being sold and checked by hand: please follow the staff\'s directions.'),
  });

export const serverFailure: PlanDocument = {
  key: 'ticketing-server-failure',
  title: t('服务器故障', 'Server failure'),
  category: 'equipment',
  scope: t('景区票务系统服务器：服务器硬件故障、服务器上部署的票务系统崩溃、服务器中毒。', 'The scenic-site ticketing servers: server hardware failure, the ticketing system on a server crashing, a server infected by a virus.'),
  impact: TICKETING_IMPACT,
  trigger: { alertRules: ['terminal-silent', 'server-disk-full', 'server-cpu-high'], alertTypes: [], subsystems: ['ticketing', 'core'], deviceTypes: ['server', 'database'], levels: [1, 2] },
  roles: ticketingRoles('确认双机接管、重启服务器和票务系统、向厂商报修、临时安装票务系统', 'Confirms the cluster take-over, restarts the server and the ticketing system, calls the vendor, installs the system on a stand-in'),
  steps: [
    reportStep(),
    {
      key: 'confirm-failover',
      title: t('确认双机热备已自动接管', 'Confirm the hot standby has taken over'),
      detail: t(
        '系统采用双机热备的集群部署，一台服务器宕机时另一台服务器自动接管应用，使日常业务正常进行；确认售票、验票已由另一台服务器承担。',
        'The system runs as a two-server hot-standby cluster: when one server goes down the other takes over the application and business carries on; confirm that selling and checking now run on the other server.',
      ),
      role: 'onsite-engineer',
      expectedMinutes: 5,
      phase: 'response',
    },
    {
      key: 'restart',
      title: t('重启故障服务器和票务管理系统', 'Restart the failed server and the ticketing system'),
      detail: t(
        '在另一台服务器接管应用的情况下，重启系统崩溃的服务器和票务管理系统，判断是否恢复工作。',
        'With the other server carrying the application, restart the crashed server and the ticketing system and judge whether it works again.',
      ),
      role: 'onsite-engineer',
      expectedMinutes: 15,
      phase: 'response',
    },
    {
      key: 'vendor-repair',
      title: t('向厂商或供应商报修', 'Call the manufacturer or supplier for repair'),
      detail: t('服务器宕机经重启后不能正常启动，或票务系统不能恢复工作时，应及时向厂商或者供应商报修。', 'If the server does not start normally after a restart, or the ticketing system does not work again, call the manufacturer or supplier for repair at once.'),
      role: 'onsite-engineer',
      expectedMinutes: 10,
      phase: 'response',
    },
    {
      key: 'virus-clean',
      title: t('服务器中毒：查杀病毒', 'Server infected: remove the virus'),
      detail: t('如为服务器中毒，使用杀毒软件查杀病毒并打补丁，关闭不必要的服务端口后再恢复服务。', 'If the server is infected, remove the virus with the antivirus software, patch it and close unneeded service ports before returning it to service.'),
      role: 'onsite-engineer',
      expectedMinutes: 60,
      phase: 'response',
    },
    {
      key: 'temporary-install',
      title: t('双机均不能运行：临时安装票务系统', 'Both servers down: install the ticketing system on a stand-in'),
      detail: t(
        '在最坏的情形下，双机都不能运行时，在其他服务器或较高性能PC机上临时安装票务系统，以维持票务管理系统的运作，同时向供应商报修。',
        'In the worst case, when neither server can run, install the ticketing system temporarily on another server or a high-performance PC to keep ticketing running, and call the supplier for repair.',
      ),
      role: 'onsite-engineer',
      expectedMinutes: 120,
      phase: 'fallback',
    },
    ...manualTicketingSteps.slice(0, 1),
    {
      key: 'server-back',
      title: t('故障服务器恢复，双机热备恢复', 'The failed server is back and the cluster is whole again'),
      role: 'onsite-engineer',
      expectedMinutes: 30,
      phase: 'recovery',
      check: { kind: 'devices-online', deviceType: 'server' },
    },
    ...manualTicketingSteps.slice(1),
    {
      key: 'alerts-resolved',
      title: t('确认告警已全部恢复', 'Confirm every alert has resolved'),
      role: 'onsite-engineer',
      expectedMinutes: 10,
      phase: 'verification',
      check: { kind: 'alert-resolved' },
    },
    problemReportStep,
  ],
  fallbacks: [
    {
      key: 'standby-install',
      title: t('临时服务器或高性能PC', 'Stand-in server or high-performance PC'),
      procedure: t('在其他服务器或较高性能PC机上临时安装票务系统，维持票务管理系统运作，直至故障服务器修复。', 'Run the ticketing system temporarily on another server or a high-performance PC until the failed servers are repaired.'),
      records: [],
    },
    manualTicketingFallback,
  ],
  communications: ticketingMessages('票务服务器故障', 'Ticketing server failure'),
  prevention: [
    t('系统部署采用双机热备的集群部署方案，一台服务器宕机时另一台服务器自动接管应用。', 'Deploy the system as a two-server hot-standby cluster, so that the other server takes over when one goes down.'),
    t('在服务器上安装可靠的漏洞防护软件、防火墙和杀毒软件，并关闭任何不必要的服务端口，构建安全的服务器应用环境。', 'Install reliable vulnerability protection, a firewall and antivirus software on the servers and close every unneeded service port.'),
    t('定期进行全网杀毒和打补丁。', 'Run network-wide virus scans and patch regularly.'),
  ],
  source: { document: SEEDS.ticketing, section: '1.4 设备故障：服务器故障；1.1、1.3 应急基本流程与突发事件应急策略' },
};

export const networkFailure: PlanDocument = {
  key: 'ticketing-network-failure',
  title: t('网络故障', 'Network failure'),
  category: 'network',
  scope: t('景区票务网络：网络设备故障（线路接口脱落、交换机死机）和网络线路故障。', 'The scenic-site ticketing network: network device failures (a loose line connector, a hung switch) and line failures.'),
  impact: TICKETING_IMPACT,
  trigger: { alertRules: ['terminal-silent'], alertTypes: ['switch-down', 'site-down'], subsystems: ['network', 'ticketing'], deviceTypes: ['switch', 'router', 'router_4g'], levels: [1, 2] },
  roles: ticketingRoles('排查网络设备、重新接驳和重启设备、向电信服务商报修', 'Checks the network devices, reconnects and restarts them, reports the line to the telecom provider'),
  steps: [
    reportStep(),
    {
      key: 'check-devices',
      title: t('排查网络设备运行情况', 'Check the network devices'),
      detail: t('及时排查网络设备的运行情况，查找网络线路接口脱落、交换机死机等问题。', 'Check the network devices at once for a loose line connector, a hung switch and similar faults.'),
      role: 'onsite-engineer',
      expectedMinutes: 10,
      phase: 'response',
    },
    {
      key: 'reconnect-restart',
      title: t('重新接驳或重启设备', 'Reconnect or restart the devices'),
      detail: t('通过重新接驳线路和重启设备等方式恢复运营。', 'Restore operation by reconnecting the lines and restarting the devices.'),
      role: 'onsite-engineer',
      expectedMinutes: 10,
      phase: 'response',
      check: { kind: 'devices-online', deviceType: 'switch' },
    },
    {
      key: 'check-4g',
      title: t('确认已切换到4G无线路由器', 'Confirm the 4G backup router has taken over'),
      detail: t('有线网络无法使用时，系统应自动判断并启用无线4G路由器进行数据传输；确认4G备份线路在线。', 'When the wired network is unusable the system switches data to the wireless 4G router by itself; confirm the 4G backup line is online.'),
      role: 'onsite-engineer',
      expectedMinutes: 5,
      phase: 'response',
      check: { kind: 'devices-online', deviceType: 'router_4g' },
    },
    {
      key: 'telecom-repair',
      title: t('线路故障：向电信服务商报修', 'Line failure: report it to the telecom provider'),
      detail: t('在不能考虑备份网络部署的情况下，线路故障应及时向电信服务商提出报修。', 'Where no backup network can be used, report a line failure to the telecom provider at once.'),
      role: 'onsite-engineer',
      expectedMinutes: 10,
      phase: 'response',
    },
    ...manualTicketingSteps.slice(0, 1),
    {
      key: 'line-back',
      title: t('线路恢复，售验票设备重新联网', 'The line is back and the ticketing devices are online'),
      role: 'onsite-engineer',
      expectedMinutes: 60,
      phase: 'recovery',
      check: { kind: 'devices-online', deviceType: 'ticket_pc' },
    },
    ...manualTicketingSteps.slice(1),
    {
      key: 'alerts-resolved',
      title: t('确认告警已全部恢复', 'Confirm every alert has resolved'),
      role: 'onsite-engineer',
      expectedMinutes: 10,
      phase: 'verification',
      check: { kind: 'alert-resolved' },
    },
    problemReportStep,
  ],
  fallbacks: [manualTicketingFallback],
  communications: ticketingMessages('网络故障', 'Network failure'),
  prevention: [
    t('景区必须建立一套网络通讯应急方案：有线网络无法使用时，系统可自动判断并启用无线4G路由器进行数据传输。', 'The site must have a network emergency arrangement: when the wired network is unusable, the system switches data to a wireless 4G router by itself.'),
  ],
  source: { document: SEEDS.ticketing, section: '1.5 预案2：网络故障' },
};

export const ticketPcFailure: PlanDocument = {
  key: 'ticket-pc-failure',
  title: t('售票PC机故障', 'Ticket PC failure'),
  category: 'equipment',
  scope: t('售票点的售票PC终端。', 'The ticket PCs at the ticket points.'),
  impact: TICKETING_IMPACT,
  trigger: { alertRules: ['terminal-silent'], alertTypes: [], subsystems: ['ticketing'], deviceTypes: ['ticket_pc'], levels: [] },
  roles: ticketingRoles('检修或更换故障售票PC', 'Repairs or replaces the failed ticket PC'),
  steps: [
    reportStep(),
    {
      key: 'use-other-pc',
      title: t('改用同一售票点的其他售票PC', 'Sell on the ticket point\'s other PCs'),
      detail: t('每个售票点配置2台以上售票PC终端：将排队游客引导到其他正常的售票窗口，最大程度减少因终端问题导致的售票难题。', 'Every ticket point has 2 or more ticket PCs: direct the queue to the windows that still work, so that one terminal does not stop sales.'),
      role: 'ticket-staff',
      expectedMinutes: 5,
      phase: 'fallback',
    },
    {
      key: 'use-self-service',
      title: t('引导游客使用自助发卡机（售票机）', 'Direct visitors to the self-service ticket machines'),
      detail: t('已部署自助发卡机（售票机）的，引导游客自助购票，增加售票窗口。', 'Where self-service ticket machines are installed, direct visitors to buy there as extra windows.'),
      role: 'ticket-staff',
      expectedMinutes: 5,
      phase: 'fallback',
    },
    {
      key: 'repair-pc',
      title: t('检修或更换故障售票PC', 'Repair or replace the failed ticket PC'),
      detail: t('硬件损坏时，在磁盘数据未丢失的情况下先保证数据安全，再建议替换相关硬件。', 'For broken hardware: while the disk data is intact, secure the data first, then have the part replaced.'),
      role: 'onsite-engineer',
      expectedMinutes: 60,
      phase: 'recovery',
      check: { kind: 'devices-online', deviceType: 'ticket_pc' },
    },
    {
      key: 'manual-ticketing',
      title: t('最坏情况：采用网络故障的解决方案，手工售票', 'Worst case: the network failure solution, selling by hand'),
      detail: t('全部售票终端都不能使用时，采用网络故障的解决方案：手工售票、验票并记录票号，事后补录。', 'When no ticket PC works, use the network failure solution: sell and check by hand, note the ticket numbers, back-fill afterwards.'),
      role: 'ticket-staff',
      expectedMinutes: 15,
      phase: 'fallback',
    },
    ...manualTicketingSteps.slice(1),
    problemReportStep,
  ],
  fallbacks: [manualTicketingFallback],
  communications: ticketingMessages('售票终端故障', 'Ticket PC failure'),
  prevention: [
    t('在每个售票点都配置2台以上售票PC终端，最大程度上减少因为终端问题导致的售票难题。', 'Give every ticket point 2 or more ticket PCs, so that a terminal fault does not stop sales.'),
    t('可部署自助发卡机（售票机），增加售票窗口。', 'Self-service ticket machines can be installed as extra windows.'),
  ],
  source: { document: SEEDS.ticketing, section: '1.6 预案3：售票PC机故障；1.3 硬件损坏' },
};

export const gateFailure: PlanDocument = {
  key: 'gate-failure',
  title: t('验票闸机故障', 'Ticket gate failure'),
  category: 'equipment',
  scope: t('验票口的验票闸机。', 'The ticket gates at the checkpoints.'),
  impact: TICKETING_IMPACT,
  trigger: { alertRules: ['terminal-silent', 'gate-throughput-drop'], alertTypes: [], subsystems: ['ticketing', 'access'], deviceTypes: ['gate'], levels: [] },
  roles: roles({
    commander: t('组织处置、上报各级负责人', 'Runs the response, reports to the responsible people'),
    'onsite-engineer': t('按操作规程检查闸机、更换备品备件', 'Checks the gate by the operating procedure, replaces spare parts'),
    'ticket-staff': t('引导游客走其他闸机，用手持验票机验票，事后导入数据', 'Sends visitors to the other gates, checks with a handheld, loads its data afterwards'),
    finance: t('核对补录的验票数据', 'Checks the back-filled ticket checks'),
    communications: t('向业主和游客发布通知', 'Informs the client and the visitors'),
  }),
  steps: [
    reportStep(),
    {
      key: 'use-other-gates',
      title: t('引导游客通过同一验票口的其他闸机', 'Send visitors through the checkpoint\'s other gates'),
      detail: t('每个验票口设置2台以上验票闸机：将故障闸机的客流引导到其他闸机，减少营业影响。', 'Every checkpoint has 2 or more gates: send the failed gate\'s queue through the others.'),
      role: 'ticket-staff',
      expectedMinutes: 5,
      phase: 'fallback',
    },
    {
      key: 'handheld-check',
      title: t('启用手持验票机验票', 'Check tickets with a handheld checker'),
      detail: t('配置的手持验票机开设临时验票，事后将数据存入票务管理系统。', 'Open a temporary check with the handheld checker; its data goes into the ticketing system afterwards.'),
      role: 'ticket-staff',
      expectedMinutes: 10,
      phase: 'fallback',
    },
    {
      key: 'inspect-gate',
      title: t('按操作规程检查闸机问题所在', 'Find the gate\'s fault by the operating procedure'),
      detail: t('系统维护人员按照培训的操作规程检查验票闸机的问题所在。', 'The maintainer checks the gate by the operating procedure from the training.'),
      role: 'onsite-engineer',
      expectedMinutes: 20,
      phase: 'recovery',
    },
    {
      key: 'replace-parts',
      title: t('更换备品备件排除故障', 'Replace the spare part to clear the fault'),
      detail: t('操作规程有明确标明的问题，通过更换备品备件的方式解决故障，并登记所用备件。', 'For a fault the procedure names, clear it by replacing the spare part, and book the part used.'),
      role: 'onsite-engineer',
      expectedMinutes: 30,
      phase: 'recovery',
      check: { kind: 'devices-online', deviceType: 'gate' },
    },
    {
      key: 'manual-checking',
      title: t('最坏情况：采用网络故障的解决方案，人工验票', 'Worst case: the network failure solution, checking by hand'),
      detail: t('闸机和手持验票机都不能使用时，采用网络故障的解决方案：人工验票并记录票号，事后补录。', 'When neither the gates nor the handhelds work, use the network failure solution: check by hand, note the ticket numbers, back-fill afterwards.'),
      role: 'ticket-staff',
      expectedMinutes: 10,
      phase: 'fallback',
    },
    {
      key: 'backfill',
      title: t('将手持机和人工验票数据存入票务管理系统', 'Load the handheld and hand checks into the ticketing system'),
      detail: t('事后将手持验票机数据和人工验票记录存入（补录）票务管理系统。', 'Afterwards load the handheld checker\'s data and the hand checks into the ticketing system (back-fill).'),
      role: 'ticket-staff',
      expectedMinutes: 30,
      phase: 'recovery',
    },
    {
      key: 'backfill-reconcile',
      title: t('核对补录的验票数据', 'Reconcile the back-filled checks'),
      detail: t('核对补录的验票记录与手持验票机、人工验票记录的数量一致后，再生成当日报表。', "Check that the back-filled checks match the handheld's and the hand-kept records before the day's reports are produced."),
      role: 'finance',
      expectedMinutes: 30,
      phase: 'verification',
    },
    problemReportStep,
  ],
  fallbacks: [
    {
      key: 'handheld-checking',
      title: t('手持验票机/人工验票', 'Handheld and hand checking'),
      procedure: t('故障闸机旁用手持验票机验票（闸机和手持机均不可用时人工验票并记录票号），事后将数据存入票务管理系统。', 'Check beside the failed gate with a handheld checker (by hand, noting ticket numbers, when neither works); the data goes into the ticketing system afterwards.'),
      records: ['ticket_check'],
      backfillStep: 'backfill',
    },
  ],
  communications: messages({
    fault: t('验票闸机故障', 'Ticket gate failure'),
    publicAdvice: t('请从其他闸机或人工通道入园。', 'Please enter through the other gates or the staffed lane.'),
  }),
  prevention: [
    t('每个验票口都设置2台以上的验票闸机，减少因闸机故障带来的营业影响。', 'Give every checkpoint 2 or more gates, so that a gate fault does not stop entry.'),
    t('配置一台手持验票机，事后将数据存入票务管理系统。', 'Keep a handheld checker whose data is loaded into the ticketing system afterwards.'),
  ],
  source: { document: SEEDS.ticketing, section: '1.7 预案4：验票闸机故障' },
};

export const powerOutage: PlanDocument = {
  key: 'power-outage',
  title: t('停电', 'Power outage'),
  category: 'power',
  scope: t('全系统供电：服务端、售票系统客户端、检票系统通道设备和网络设备。', 'Power to the whole system: servers, ticket clients, gate lane devices and network devices.'),
  impact: t('不能售票、检票', 'tickets can be neither sold nor checked'),
  trigger: { alertRules: ['ups-on-battery'], alertTypes: ['site-down'], subsystems: [], deviceTypes: ['ups'], levels: [1, 2] },
  roles: roles({
    commander: t('组织处置、决定启用发电机和手工售检票', 'Runs the response, decides on the generator and on selling by hand'),
    'onsite-engineer': t('确认UPS供电、启动应急发电机、恢复市电后检查设备', 'Confirms the UPS is carrying the load, starts the generator, checks the devices when mains return'),
    'ticket-staff': t('手工售票、验票并记录，事后补录', 'Sells and checks by hand, keeps the records, back-fills them afterwards'),
    finance: t('核对补录数据与收款', 'Checks the back-filled records against the money taken'),
    communications: t('向业主和游客发布通知', 'Informs the client and the visitors'),
  }),
  steps: [
    reportStep(),
    {
      key: 'ups-carrying',
      title: t('确认UPS后备电源正在供电', 'Confirm the UPS is carrying the load'),
      detail: t('市电断开后，所有服务端、售票客户端、检票通道设备和网络设备由UPS后备电源不间断供电；确认UPS在供电并查看剩余供电时间。', 'When mains power fails, the UPS carries every server, ticket client, gate lane device and network device; confirm it does and read its remaining runtime.'),
      role: 'onsite-engineer',
      expectedMinutes: 5,
      phase: 'response',
    },
    {
      key: 'start-generator',
      title: t('在UPS持续供电时间内启动应急发电机', 'Start the emergency generator within the UPS runtime'),
      detail: t('在UPS持续供电的时间里启动应急发电机供电，以确保全系统的长时间稳定运行；有双电源线路的，切换到另一路电源。', 'Start the emergency generator while the UPS still carries the load, so that the whole system keeps running; where there are two supply lines, switch to the other.'),
      role: 'onsite-engineer',
      expectedMinutes: 15,
      phase: 'response',
    },
    {
      key: 'manual-ticketing',
      title: t('供电不能维持时采用网络故障的解决方案', 'If power cannot be kept up: the network failure solution'),
      detail: t('UPS耗尽且发电机不能供电时，采用预案2网络故障的解决方案：手工售票、验票并记录票号，事后补录。', 'If the UPS runs out and the generator cannot supply, use plan 2 (network failure): sell and check by hand, note the ticket numbers, back-fill afterwards.'),
      role: 'ticket-staff',
      expectedMinutes: 15,
      phase: 'fallback',
    },
    {
      key: 'mains-back',
      title: t('市电恢复，UPS回到市电供电', 'Mains power is back and the UPS is on mains'),
      role: 'onsite-engineer',
      expectedMinutes: 60,
      phase: 'recovery',
      check: { kind: 'alert-resolved', rule: 'ups-on-battery' },
    },
    {
      key: 'devices-back',
      title: t('检查售验票设备已恢复在线', 'Check the ticketing devices are back online'),
      role: 'onsite-engineer',
      expectedMinutes: 15,
      phase: 'recovery',
      check: { kind: 'devices-online', deviceType: 'ticket_pc' },
    },
    ...manualTicketingSteps.slice(1),
    problemReportStep,
  ],
  fallbacks: [
    {
      key: 'generator',
      title: t('UPS与应急发电机供电', 'UPS and emergency generator'),
      procedure: t('UPS在任何市电故障、应急发电机未启动之前保证不间断供电；在UPS持续供电时间里启动应急发电机持续供电。', 'The UPS carries the load from the moment mains fail until the generator starts; the generator is started within the UPS runtime and carries on.'),
      records: [],
    },
    manualTicketingFallback,
  ],
  communications: ticketingMessages('停电', 'Power outage'),
  prevention: [
    t('采用UPS电源供电：全系统所有服务端、售票系统客户端、检票系统通道设备以及所有网络设备统一接入UPS后备电源系统。', 'UPS: every server, ticket client, gate lane device and network device is powered through the UPS system.'),
    t('采用发电机供电：市电断开后，在UPS持续供电时间里启动应急发电机进行供电。', 'Generator: when mains fail, the emergency generator is started within the UPS runtime.'),
    t('有条件的情况下采用双电源线路接入。', 'Where possible, supply the system from two power lines.'),
  ],
  source: { document: SEEDS.ticketing, section: '1.9 预案6：停电' },
};
