/**
 * The demo hall: a county 政务服务中心 modelled on the seed articles — 综窗 that accept many
 * departments' matters (一窗受理), 专窗, an 出件 window and a 帮办代办 (爱心) window.
 * Issuing is open 24 hours so the demo can be tried at once; real halls set their periods.
 */
export interface DemoCategory {
  prefix: string;
  name: string;
  department: string;
  avgServiceMinutes: number;
  dailyQuota: number | null;
  /** 预约: every 30 minutes around the clock with this capacity; 0 = walk-in only. */
  appointmentCapacity: number;
  matters: Array<{ name: string; promisedDays: number; materials: string[] }>;
}

export const DEMO_HALL = { id: 'demo', name: '清河县政务服务中心', timeZone: 'Asia/Shanghai' };

export const DEMO_CATEGORIES: DemoCategory[] = [
  {
    prefix: 'A', appointmentCapacity: 0, name: '综合受理', department: '县行政审批服务局', avgServiceMinutes: 8, dailyQuota: null,
    matters: [
      { name: '残疾人证新办', promisedDays: 15, materials: ['居民身份证原件及复印件', '户口簿原件及复印件', '近期一寸免冠彩色照片3张', '二级以上医院诊断证明'] },
      { name: '老年人优待证办理', promisedDays: 0, materials: ['居民身份证原件', '近期一寸免冠彩色照片1张'] },
      { name: '城乡居民最低生活保障申请', promisedDays: 20, materials: ['居民身份证及户口簿', '家庭收入情况声明', '家庭财产状况授权核查书', '银行卡（折）复印件'] },
    ],
  },
  {
    prefix: 'B', appointmentCapacity: 4, name: '不动产登记', department: '县自然资源局（不动产登记中心）', avgServiceMinutes: 15, dailyQuota: 300,
    matters: [
      { name: '二手房转移登记', promisedDays: 5, materials: ['买卖双方居民身份证', '不动产权证书原件', '存量房买卖合同', '完税凭证', '婚姻状况证明'] },
      { name: '抵押权首次登记', promisedDays: 5, materials: ['不动产登记申请书', '不动产权证书', '抵押合同及主债权合同', '双方身份证明'] },
      { name: '不动产登记资料查询', promisedDays: 0, materials: ['查询人居民身份证', '不动产登记资料查询申请书'] },
    ],
  },
  {
    prefix: 'C', appointmentCapacity: 4, name: '公安户政', department: '县公安局', avgServiceMinutes: 6, dailyQuota: 200,
    matters: [
      { name: '居民身份证换领', promisedDays: 15, materials: ['居民身份证原件', '户口簿'] },
      { name: '出生登记（新生儿落户）', promisedDays: 0, materials: ['出生医学证明', '父母双方居民身份证', '父母户口簿', '结婚证'] },
      { name: '户口迁入（投靠）', promisedDays: 10, materials: ['居民身份证', '户口簿', '关系证明材料', '合法稳定住所证明'] },
    ],
  },
  {
    prefix: 'D', appointmentCapacity: 2, name: '社保医保', department: '县人社局 / 县医保局', avgServiceMinutes: 7, dailyQuota: null,
    matters: [
      { name: '城乡居民养老保险参保登记', promisedDays: 0, materials: ['居民身份证', '户口簿'] },
      { name: '基本医疗保险关系转移接续', promisedDays: 10, materials: ['居民身份证', '参保凭证', '转移接续申请表'] },
      { name: '灵活就业人员参保登记', promisedDays: 0, materials: ['居民身份证', '银行卡（折）'] },
    ],
  },
  {
    prefix: 'E', appointmentCapacity: 2, name: '税务办理', department: '县税务局', avgServiceMinutes: 10, dailyQuota: null,
    matters: [
      { name: '发票领用', promisedDays: 0, materials: ['经办人居民身份证', '税控设备或数字证书'] },
      { name: '房产交易契税申报', promisedDays: 0, materials: ['买卖双方居民身份证', '不动产买卖合同', '婚姻状况证明'] },
      { name: '纳税信用修复', promisedDays: 15, materials: ['纳税信用修复申请表', '经办人居民身份证', '已纠正失信行为的证明'] },
    ],
  },
  {
    prefix: 'F', appointmentCapacity: 4, name: '企业开办', department: '县市场监督管理局', avgServiceMinutes: 12, dailyQuota: null,
    matters: [
      { name: '有限责任公司设立登记', promisedDays: 1, materials: ['公司登记（备案）申请书', '公司章程', '股东主体资格证明', '法定代表人任职文件', '住所使用证明'] },
      { name: '个体工商户设立登记', promisedDays: 1, materials: ['经营者居民身份证', '个体工商户登记申请书', '经营场所使用证明'] },
      { name: '食品经营许可', promisedDays: 10, materials: ['食品经营许可申请书', '营业执照', '食品安全管理制度', '经营场所平面图'] },
      { name: '移出经营异常名录（信用修复）', promisedDays: 5, materials: ['移出经营异常名录申请书', '营业执照', '已履行公示义务的证明'] },
    ],
  },
  {
    prefix: 'Q', appointmentCapacity: 0, name: '出件取件', department: '县行政审批服务局', avgServiceMinutes: 3, dailyQuota: null,
    matters: [
      { name: '证照领取', promisedDays: 0, materials: ['受理回执（取件凭证）', '领取人居民身份证', '代领的须携带委托书'] },
    ],
  },
];

export interface DemoWindow {
  no: number;
  name: string;
  kind: 'comprehensive' | 'dedicated' | 'pickup' | 'assist';
  /** Category prefixes in order of preference. */
  serves: string[];
  /** AB角 by account name. */
  a?: string;
  b?: string;
}

export const DEMO_WINDOWS: DemoWindow[] = [
  { no: 1, name: '综合受理窗口', kind: 'comprehensive', serves: ['A', 'F', 'D', 'E'], a: 'clerk01', b: 'clerk02' },
  { no: 2, name: '综合受理窗口', kind: 'comprehensive', serves: ['A', 'D', 'F', 'E'], a: 'clerk02', b: 'clerk01' },
  { no: 3, name: '综合受理窗口', kind: 'comprehensive', serves: ['F', 'A', 'E', 'D'], a: 'clerk03', b: 'clerk01' },
  { no: 4, name: '不动产登记专窗', kind: 'dedicated', serves: ['B'], a: 'clerk04', b: 'clerk05' },
  { no: 5, name: '不动产登记专窗', kind: 'dedicated', serves: ['B', 'E'], a: 'clerk05', b: 'clerk04' },
  { no: 6, name: '公安户政专窗', kind: 'dedicated', serves: ['C'], a: 'clerk06', b: 'clerk03' },
  { no: 7, name: '社保医保专窗', kind: 'dedicated', serves: ['D', 'A'] },
  { no: 8, name: '税务专窗', kind: 'dedicated', serves: ['E', 'B'] },
  { no: 9, name: '出件窗口', kind: 'pickup', serves: ['Q'] },
  { no: 10, name: '帮办代办窗口（爱心窗口）', kind: 'assist', serves: ['A', 'B', 'C', 'D', 'E', 'F', 'Q'] },
];

export const DEMO_ACCOUNTS = [
  { username: 'admin', name: '系统管理员', staffNo: 'GL000', role: 'admin' as const },
  { username: 'manager', name: '王主任', staffNo: 'GL001', role: 'manager' as const },
  { username: 'clerk01', name: '李晓梅', staffNo: 'CK101', role: 'clerk' as const },
  { username: 'clerk02', name: '张建国', staffNo: 'CK102', role: 'clerk' as const },
  { username: 'clerk03', name: '陈静', staffNo: 'CK103', role: 'clerk' as const },
  { username: 'clerk04', name: '刘洋', staffNo: 'CK104', role: 'clerk' as const },
  { username: 'clerk05', name: '赵丽娟', staffNo: 'CK105', role: 'clerk' as const },
  { username: 'clerk06', name: '周海涛', staffNo: 'CK106', role: 'clerk' as const },
];

/**
 * 高效办成一件事: the seeds' 残疾人服务 and 信用修复 pilots and 企业开办, each across departments,
 * queued at the 综窗 category that takes their first matter.
 */
export const DEMO_BUNDLES: Array<{ name: string; category: string; matters: string[] }> = [
  { name: '残疾人服务', category: 'A', matters: ['残疾人证新办', '城乡居民最低生活保障申请', '城乡居民养老保险参保登记'] },
  { name: '企业开办', category: 'F', matters: ['有限责任公司设立登记', '发票领用', '灵活就业人员参保登记'] },
  { name: '信用修复', category: 'F', matters: ['移出经营异常名录（信用修复）', '纳税信用修复'] },
];
