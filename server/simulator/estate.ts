/**
 * The demo estate as data: a university campus one-card system (canteens, dormitories with shower water control,
 * library and teaching buildings with face-recognition doors and gates, recharge and self-service payment kiosks,
 * the card-centre server room) and a scenic site's ticket office — about 250 devices with a real topology (every
 * device hangs off a switch or router, site switches off the core switch) and ~17,000 card accounts.
 *
 * It is fixed: the same codes, models and serials every time, whatever the simulator's seed, so that the estate
 * loaded into opsdesk and the telemetry sent to it always match.
 */
import { Rng } from './random.ts';

export const DEVICE_TYPES = [
  'pos',
  'kiosk',
  'recharge_kiosk',
  'gate',
  'handheld',
  'door',
  'water',
  'ticket_pc',
  'ups',
  'switch',
  'router',
  'router_4g',
  'server',
  'database',
] as const;
export type DeviceType = (typeof DEVICE_TYPES)[number];

export const SUBSYSTEMS = ['consumption', 'recharge', 'access', 'water', 'ticketing', 'selfpay', 'core', 'network'] as const;
export type Subsystem = (typeof SUBSYSTEMS)[number];

export type SiteKind = 'canteen' | 'dorm' | 'library' | 'teaching' | 'service' | 'datacentre' | 'scenic';

export interface EstateSite {
  code: string;
  name: string;
  timezone: string;
  description: string;
  kind: SiteKind;
}

export interface EstateDevice {
  code: string;
  name: string;
  type: DeviceType;
  subsystem: Subsystem;
  siteCode: string;
  /** the switch or router it hangs off */
  upstreamCode?: string;
  model: string;
  serial: string;
  ip: string;
  firmware: string;
  /** YYYY-MM-DD */
  installDate: string;
  warrantyEnd: string;
}

export interface CardAccount {
  /** student or staff number, which is also the card-system account number */
  account: string;
  /** the physical card's number */
  card: string;
  kind: 'student' | 'staff';
  holder: string;
  /** the canteen this person mostly eats at */
  homeCanteen: string;
  /** dormitory site for students living on campus */
  dorm: string | null;
}

export interface Estate {
  sites: readonly EstateSite[];
  /** in topology order: every device comes after its upstream */
  devices: readonly EstateDevice[];
  accounts: readonly CardAccount[];
  device(code: string): EstateDevice | undefined;
  /** every device whose path to the core passes through `code` (not including it) */
  downstreamOf(code: string): EstateDevice[];
}

export const TIMEZONE = 'Asia/Shanghai';

const SITES: EstateSite[] = [
  { code: 'card-centre', name: '一卡通中心机房', kind: 'datacentre', timezone: TIMEZONE, description: '信息中心二楼：一卡通应用与前置服务器、数据库、核心交换机、UPS' },
  { code: 'canteen-1', name: '第一食堂', kind: 'canteen', timezone: TIMEZONE, description: '学生第一食堂，一、二层共 40 个售饭窗口' },
  { code: 'canteen-2', name: '第二食堂', kind: 'canteen', timezone: TIMEZONE, description: '学生第二食堂，32 个售饭窗口，含教工餐厅' },
  { code: 'canteen-3', name: '清真食堂', kind: 'canteen', timezone: TIMEZONE, description: '清真餐厅，16 个窗口' },
  { code: 'dorm-east', name: '东区学生公寓', kind: 'dorm', timezone: TIMEZONE, description: '东区 1–8 号楼：淋浴水控、人脸识别门禁、自助圈存机' },
  { code: 'dorm-west', name: '西区学生公寓', kind: 'dorm', timezone: TIMEZONE, description: '西区 9–15 号楼：淋浴水控、人脸识别门禁、自助圈存机' },
  { code: 'library', name: '图书馆', kind: 'library', timezone: TIMEZONE, description: '图书馆主楼：人脸识别门禁、入馆闸机、自助缴费机' },
  { code: 'teaching', name: '教学楼群', kind: 'teaching', timezone: TIMEZONE, description: '第一至第三教学楼与实验楼：人脸识别门禁、自助缴费机' },
  { code: 'service-hall', name: '一卡通服务大厅', kind: 'service', timezone: TIMEZONE, description: '行政楼一层：补卡、退款、补助发放窗口，自助圈存与缴费终端' },
  { code: 'scenic-south', name: '景区南门售票处', kind: 'scenic', timezone: TIMEZONE, description: '景区南门：售票窗口、自助售取票机、验票闸机、手持验票机，专线与 4G 备份链路' },
];

interface Catalogue {
  model: string;
  firmware: readonly string[];
  serialPrefix: string;
  warrantyYears: number;
}

const CATALOGUE: Record<string, Catalogue> = {
  pos: { model: '新开普 NP-XF300 台式消费机', firmware: ['V3.6.2', 'V3.6.2', 'V3.6.2', 'V3.7.0', 'V3.5.9'], serialPrefix: 'XF3', warrantyYears: 3 },
  water: { model: '新开普 NP-SK200 淋浴水控器', firmware: ['W2.1.4', 'W2.2.0', 'W2.2.0'], serialPrefix: 'SK2', warrantyYears: 3 },
  recharge_kiosk: { model: '新开普 NP-QC800 自助圈存机', firmware: ['Q5.0.3', 'Q5.1.0'], serialPrefix: 'QC8', warrantyYears: 3 },
  kiosk: { model: '升腾 ZZ-220 自助缴费一体机', firmware: ['K2.8.1', 'K2.9.0'], serialPrefix: 'ZZ2', warrantyYears: 3 },
  tvm: { model: '自助售取票机 TVM-320', firmware: ['T1.4.0', 'T1.4.2'], serialPrefix: 'TVM', warrantyYears: 3 },
  door: { model: '海康威视 DS-K1T671M 人脸识别门禁一体机', firmware: ['V3.2.30 build 230315', 'V3.3.2 build 231020'], serialPrefix: 'K1T', warrantyYears: 3 },
  lib_gate: { model: '海康威视 DS-K3B501 摆闸', firmware: ['V1.2.4'], serialPrefix: 'K3B', warrantyYears: 3 },
  scenic_gate: { model: '海康威视 DS-K3G411 三辊闸（验票）', firmware: ['V2.0.6', 'V2.1.0'], serialPrefix: 'K3G', warrantyYears: 3 },
  handheld: { model: '优博讯 i6310 手持验票机', firmware: ['Android 11 / 验票 4.2.0', 'Android 11 / 验票 4.3.1'], serialPrefix: 'I63', warrantyYears: 2 },
  ticket_pc: { model: '联想 ThinkCentre M750t 售票工作站', firmware: ['Win10 LTSC 2021 / 售票 6.3.2', 'Win10 LTSC 2021 / 售票 6.4.0'], serialPrefix: 'PC0', warrantyYears: 3 },
  ups_big: { model: 'APC SRT10KXLI 10kVA 在线式 UPS', firmware: ['UPS 16.3 / NMC 2.4.1'], serialPrefix: 'AS1', warrantyYears: 5 },
  ups_small: { model: '山特 C3KS 3kVA 在线式 UPS', firmware: ['C3KS 2.1'], serialPrefix: 'C3K', warrantyYears: 3 },
  switch: { model: '华为 S5735-L24T4S-A 接入交换机', firmware: ['V200R022C00SPC500', 'V200R021C00SPC100'], serialPrefix: '21980', warrantyYears: 5 },
  core_switch: { model: '华为 S6730-H24X6C 核心交换机', firmware: ['V200R022C00SPC500'], serialPrefix: '21981', warrantyYears: 5 },
  router: { model: '华为 AR6140-16G4XG 出口路由器', firmware: ['V300R021C10SPC200'], serialPrefix: '21024', warrantyYears: 5 },
  router_4g: { model: '华为 AR161W-S 4G 备份路由器', firmware: ['V300R019C10SPC100'], serialPrefix: '21025', warrantyYears: 3 },
  server: { model: 'Dell PowerEdge R750', firmware: ['BIOS 1.9.2 / 银河麒麟 V10 SP2'], serialPrefix: 'SVR', warrantyYears: 5 },
  database: { model: 'Oracle Database 19c (19.18) / Dell PowerEdge R750', firmware: ['19.18.0.0.230117'], serialPrefix: 'ORA', warrantyYears: 5 },
};

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红梅鑫波斌宇浩凯健俊帆帅旭宁琳晨欣怡子涵梓轩雨婷佳琪思远博文一鸣嘉诚若曦天佑志豪晓彤可馨';

const pad = (n: number, width: number): string => String(n).padStart(width, '0');
const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

let cached: Estate | undefined;

/** The demo estate (built once; the same every time). */
export function demoCampus(): Estate {
  cached ??= buildEstate();
  return cached;
}

/** Builds the estate; `students` and `staff` size the card-account list (defaults 16,000 and 1,200). */
export function buildEstate(options: { students?: number; staff?: number } = {}): Estate {
  const rng = new Rng(20_261_120);
  const devices: EstateDevice[] = [];
  const hostCounters = new Map<string, number>();
  const siteNet: Record<string, string> = {
    'card-centre': '10.10',
    'canteen-1': '10.21',
    'canteen-2': '10.22',
    'canteen-3': '10.23',
    'dorm-east': '10.31',
    'dorm-west': '10.32',
    library: '10.41',
    teaching: '10.42',
    'service-hall': '10.51',
    'scenic-south': '192.168',
  };

  function add(d: { code: string; name: string; type: DeviceType; subsystem: Subsystem; siteCode: string; upstreamCode?: string; catalogue: string; ip?: string }): void {
    const cat = CATALOGUE[d.catalogue]!;
    const installMs = Date.parse('2019-07-01T00:00:00Z') + rng.int(5 * 365) * 86_400_000;
    const install = isoDate(installMs);
    const warrantyEnd = `${Number(install.slice(0, 4)) + cat.warrantyYears}${install.slice(4)}`;
    let ip = d.ip;
    if (!ip) {
      const n = (hostCounters.get(d.siteCode) ?? 0) + 1;
      hostCounters.set(d.siteCode, n);
      const net = siteNet[d.siteCode]!;
      ip = d.siteCode === 'scenic-south' ? `${net}.50.${n + 10}` : `${net}.${1 + Math.floor((n + 9) / 250)}.${((n + 9) % 250) + 1}`;
    }
    devices.push({
      code: d.code,
      name: d.name,
      type: d.type,
      subsystem: d.subsystem,
      siteCode: d.siteCode,
      ...(d.upstreamCode ? { upstreamCode: d.upstreamCode } : {}),
      model: cat.model,
      serial: `${cat.serialPrefix}${install.slice(2, 4)}${pad(rng.int(1_000_000), 6)}`,
      ip,
      firmware: rng.pick(cat.firmware),
      installDate: install,
      warrantyEnd,
    });
  }

  // Card centre: the core everything else hangs off.
  const cc = 'card-centre';
  add({ code: 'RTR-CC-01', name: '校园网出口路由器', type: 'router', subsystem: 'network', siteCode: cc, catalogue: 'router', ip: '10.10.0.1' });
  add({ code: 'CORE-SW-01', name: '一卡通核心交换机', type: 'switch', subsystem: 'network', siteCode: cc, upstreamCode: 'RTR-CC-01', catalogue: 'core_switch', ip: '10.10.0.2' });
  const servers: [string, string, Subsystem, string][] = [
    ['SRV-CARD-01', '一卡通应用服务器（主）', 'core', 'server'],
    ['SRV-CARD-02', '一卡通应用服务器（备）', 'core', 'server'],
    ['SRV-FRONT-01', '消费前置通讯服务器', 'consumption', 'server'],
    ['SRV-PAY-01', '聚合支付网关服务器', 'selfpay', 'server'],
    ['SRV-PORTAL-01', '一卡通服务大厅/APP 门户服务器', 'core', 'server'],
    ['SRV-ACCESS-01', '门禁管理服务器', 'access', 'server'],
    ['SRV-WATER-01', '水控管理服务器', 'water', 'server'],
    ['DB-CARD-01', '一卡通数据库（主库）', 'core', 'database'],
    ['DB-CARD-02', '一卡通数据库（Data Guard 备库）', 'core', 'database'],
    ['DB-BACKUP-01', '一卡通备份服务器', 'core', 'server'],
  ];
  for (const [code, name, subsystem, type] of servers) {
    add({ code, name, type: type as DeviceType, subsystem, siteCode: cc, upstreamCode: 'CORE-SW-01', catalogue: type });
  }
  add({ code: 'UPS-CC-01', name: '机房 UPS 1 号', type: 'ups', subsystem: 'core', siteCode: cc, upstreamCode: 'CORE-SW-01', catalogue: 'ups_big' });
  add({ code: 'UPS-CC-02', name: '机房 UPS 2 号', type: 'ups', subsystem: 'core', siteCode: cc, upstreamCode: 'CORE-SW-01', catalogue: 'ups_big' });

  const accessSwitch = (siteCode: string, short: string, siteName: string): string => {
    const code = `SW-${short}-01`;
    add({ code, name: `${siteName}接入交换机`, type: 'switch', subsystem: 'network', siteCode, upstreamCode: 'CORE-SW-01', catalogue: 'switch' });
    return code;
  };

  // Canteens: POS terminals at the serving windows, recharge kiosks at the entrance.
  for (const [siteCode, short, siteName, pos, rcg] of [
    ['canteen-1', 'C1', '第一食堂', 40, 2],
    ['canteen-2', 'C2', '第二食堂', 32, 1],
    ['canteen-3', 'C3', '清真食堂', 16, 1],
  ] as const) {
    const sw = accessSwitch(siteCode, short, siteName);
    for (let i = 1; i <= pos; i++) {
      add({ code: `POS-${short}-${pad(i, 3)}`, name: `${siteName}${i <= pos / 2 ? '一楼' : '二楼'} ${pad(i, 2)} 号窗口消费机`, type: 'pos', subsystem: 'consumption', siteCode, upstreamCode: sw, catalogue: 'pos' });
    }
    for (let i = 1; i <= rcg; i++) {
      add({ code: `RCG-${short}-${pad(i, 2)}`, name: `${siteName}自助圈存机 ${i} 号`, type: 'recharge_kiosk', subsystem: 'recharge', siteCode, upstreamCode: sw, catalogue: 'recharge_kiosk' });
    }
  }

  // Dormitories: shower water controllers, face-recognition doors, a recharge kiosk.
  for (const [siteCode, short, siteName, firstBlock, blocks, showers] of [
    ['dorm-east', 'DE', '东区', 1, 8, 32],
    ['dorm-west', 'DW', '西区', 9, 7, 28],
  ] as const) {
    const sw = accessSwitch(siteCode, short, `${siteName}学生公寓`);
    for (let i = 1; i <= showers; i++) {
      const block = firstBlock + ((i - 1) % blocks);
      add({ code: `WTR-${short}-${pad(i, 3)}`, name: `${block} 号楼淋浴间水控器 ${pad(i, 2)}`, type: 'water', subsystem: 'water', siteCode, upstreamCode: sw, catalogue: 'water' });
    }
    for (let i = 1; i <= 4; i++) {
      add({ code: `DOOR-${short}-${pad(i, 2)}`, name: `${siteName}公寓 ${firstBlock + (i - 1) * 2} 号楼人脸识别门禁`, type: 'door', subsystem: 'access', siteCode, upstreamCode: sw, catalogue: 'door' });
    }
    add({ code: `RCG-${short}-01`, name: `${siteName}公寓自助圈存机`, type: 'recharge_kiosk', subsystem: 'recharge', siteCode, upstreamCode: sw, catalogue: 'recharge_kiosk' });
  }

  // Library: entrance gates, face doors, self-service payment (fines, printing) and a recharge kiosk.
  {
    const sw = accessSwitch('library', 'LIB', '图书馆');
    for (let i = 1; i <= 6; i++) add({ code: `GATE-LIB-${pad(i, 2)}`, name: `图书馆入馆闸机 ${i} 号`, type: 'gate', subsystem: 'access', siteCode: 'library', upstreamCode: sw, catalogue: 'lib_gate' });
    for (let i = 1; i <= 4; i++) add({ code: `DOOR-LIB-${pad(i, 2)}`, name: `图书馆${['南门', '北门', '自习区', '密集书库'][i - 1]}人脸识别门禁`, type: 'door', subsystem: 'access', siteCode: 'library', upstreamCode: sw, catalogue: 'door' });
    for (let i = 1; i <= 2; i++) add({ code: `KSK-LIB-${pad(i, 2)}`, name: `图书馆自助缴费机 ${i} 号`, type: 'kiosk', subsystem: 'selfpay', siteCode: 'library', upstreamCode: sw, catalogue: 'kiosk' });
    add({ code: 'RCG-LIB-01', name: '图书馆自助圈存机', type: 'recharge_kiosk', subsystem: 'recharge', siteCode: 'library', upstreamCode: sw, catalogue: 'recharge_kiosk' });
  }

  // Teaching buildings: face doors on labs and classrooms, a self-service payment kiosk.
  {
    const sw = accessSwitch('teaching', 'TCH', '教学楼群');
    for (let i = 1; i <= 12; i++) {
      const building = ['第一教学楼', '第二教学楼', '第三教学楼', '实验楼'][(i - 1) % 4]!;
      add({ code: `DOOR-TCH-${pad(i, 2)}`, name: `${building}${i <= 4 ? '正门' : `${Math.ceil(i / 4)} 层`}人脸识别门禁`, type: 'door', subsystem: 'access', siteCode: 'teaching', upstreamCode: sw, catalogue: 'door' });
    }
    add({ code: 'KSK-TCH-01', name: '第一教学楼自助缴费机', type: 'kiosk', subsystem: 'selfpay', siteCode: 'teaching', upstreamCode: sw, catalogue: 'kiosk' });
  }

  // Service hall: counters (refunds, card replacement), recharge and payment kiosks.
  {
    const sw = accessSwitch('service-hall', 'SH', '一卡通服务大厅');
    for (let i = 1; i <= 2; i++) add({ code: `POS-SH-${pad(i, 3)}`, name: `服务大厅 ${i} 号业务窗口`, type: 'pos', subsystem: 'consumption', siteCode: 'service-hall', upstreamCode: sw, catalogue: 'pos' });
    for (let i = 1; i <= 3; i++) add({ code: `RCG-SH-${pad(i, 2)}`, name: `服务大厅自助圈存机 ${i} 号`, type: 'recharge_kiosk', subsystem: 'recharge', siteCode: 'service-hall', upstreamCode: sw, catalogue: 'recharge_kiosk' });
    for (let i = 1; i <= 4; i++) add({ code: `KSK-SH-${pad(i, 2)}`, name: `服务大厅自助缴费机 ${i} 号（电费/网费/学杂费）`, type: 'kiosk', subsystem: 'selfpay', siteCode: 'service-hall', upstreamCode: sw, catalogue: 'kiosk' });
  }

  // Scenic site: its own line to the ticketing servers, with a 4G router as backup and for the handhelds.
  {
    const site = 'scenic-south';
    add({ code: 'RTR-SG-01', name: '南门售票处专线路由器', type: 'router', subsystem: 'network', siteCode: site, catalogue: 'router' });
    add({ code: 'RTR4G-SG-01', name: '南门售票处 4G 备份路由器', type: 'router_4g', subsystem: 'network', siteCode: site, catalogue: 'router_4g' });
    add({ code: 'SW-SG-01', name: '南门售票处接入交换机', type: 'switch', subsystem: 'network', siteCode: site, upstreamCode: 'RTR-SG-01', catalogue: 'switch' });
    add({ code: 'SRV-TKT-01', name: '景区票务服务器', type: 'server', subsystem: 'ticketing', siteCode: site, upstreamCode: 'SW-SG-01', catalogue: 'server' });
    add({ code: 'UPS-SG-01', name: '南门售票处 UPS', type: 'ups', subsystem: 'ticketing', siteCode: site, upstreamCode: 'SW-SG-01', catalogue: 'ups_small' });
    for (let i = 1; i <= 6; i++) add({ code: `TPC-SG-${pad(i, 2)}`, name: `南门 ${i} 号售票窗口`, type: 'ticket_pc', subsystem: 'ticketing', siteCode: site, upstreamCode: 'SW-SG-01', catalogue: 'ticket_pc' });
    for (let i = 1; i <= 3; i++) add({ code: `TVM-SG-${pad(i, 2)}`, name: `南门自助售取票机 ${i} 号`, type: 'kiosk', subsystem: 'ticketing', siteCode: site, upstreamCode: 'SW-SG-01', catalogue: 'tvm' });
    for (let i = 1; i <= 10; i++) add({ code: `GATE-SG-${pad(i, 2)}`, name: `南门 ${i} 号验票闸机`, type: 'gate', subsystem: 'ticketing', siteCode: site, upstreamCode: 'SW-SG-01', catalogue: 'scenic_gate' });
    for (let i = 1; i <= 8; i++) {
      add({ code: `HH-SG-${pad(i, 2)}`, name: `手持验票机 ${i} 号`, type: 'handheld', subsystem: 'ticketing', siteCode: site, upstreamCode: 'RTR4G-SG-01', catalogue: 'handheld', ip: `10.64.${20 + i}.${100 + i}` });
    }
  }

  const accounts = buildAccounts(rng, options.students ?? 16_000, options.staff ?? 1_200);
  const byCode = new Map(devices.map((d) => [d.code, d]));
  const children = new Map<string, EstateDevice[]>();
  for (const d of devices) {
    if (!d.upstreamCode) continue;
    const list = children.get(d.upstreamCode) ?? [];
    list.push(d);
    children.set(d.upstreamCode, list);
  }
  return {
    sites: SITES,
    devices,
    accounts,
    device: (code) => byCode.get(code),
    downstreamOf(code) {
      const out: EstateDevice[] = [];
      const walk = (c: string) => {
        for (const child of children.get(c) ?? []) {
          out.push(child);
          walk(child.code);
        }
      };
      walk(code);
      return out;
    },
  };
}

function buildAccounts(rng: Rng, students: number, staff: number): CardAccount[] {
  const accounts: CardAccount[] = [];
  const canteens = ['canteen-1', 'canteen-2', 'canteen-3'];
  const canteenWeights = [0.46, 0.36, 0.18];
  const name = () => SURNAMES[rng.int(SURNAMES.length)]! + GIVEN[rng.int(GIVEN.length)]! + (rng.chance(0.7) ? GIVEN[rng.int(GIVEN.length)]! : '');
  for (let i = 0; i < students; i++) {
    // 2022–2025 intake, 24 colleges: 2023 + 07 + 0412
    const year = 2022 + (i % 4);
    const college = 1 + Math.floor(i / 4) % 24;
    const account = `${year}${pad(college, 2)}${pad(Math.floor(i / 96) + 1, 4)}`;
    accounts.push({
      account,
      card: `31${pad(100_000 + i * 7 + rng.int(7), 8)}`,
      kind: 'student',
      holder: name(),
      homeCanteen: rng.weighted(canteens, canteenWeights),
      dorm: rng.chance(0.92) ? (i % 2 === 0 ? 'dorm-east' : 'dorm-west') : null,
    });
  }
  for (let i = 0; i < staff; i++) {
    accounts.push({
      account: `T${1990 + (i % 35)}${pad(i + 1, 4)}`,
      card: `32${pad(200_000 + i * 5 + rng.int(5), 8)}`,
      kind: 'staff',
      holder: name(),
      homeCanteen: rng.weighted(canteens, [0.3, 0.55, 0.15]),
      dorm: null,
    });
  }
  return accounts;
}
