import type zhCN from '../zh-CN/display.ts';

/** 繁體中文: the wall display, the window-top screen and the evaluator. */
const display: typeof zhCN = {
  display: {
    callPhrase: '請 {number} 號 到 {window} 辦理',
    speech: '请{number}号到{no}号窗口办理',
    speechRecall: '重呼，请{number}号到{no}号窗口办理',
    recall: '重呼',
    latest: '最新叫號',
    recent: '叫號記錄',
    windows: '窗口服務',
    waiting: '等候人數',
    noCalls: '暫無叫號，請耐心等候',
    idle: '空閒',
    serving: '正在辦理',
    clerk: '工作人員',
    staffNo: '工號',
    paused: '暫停服務',
    pausedReason: '暫停服務：{reason}',
    closed: '暫停服務',
    welcome: '歡迎光臨',
    windowNotFound: '未找到該窗口，請在網址中指定 ?window=',
    soundOn: '點擊開啟語音播報',
  },
  evaluator: {
    welcome: '歡迎您前來辦事',
    serving: '正在為您辦理',
    clerk: '工作人員',
    staffNo: '工號 {no}',
    noClerk: '本窗口暫無工作人員',
    rateFor: '{number} 號業務已辦結，請對本次服務進行評價',
    closing: '{n} 秒後關閉',
    paused: '本窗口暫停服務',
    supervise: '監督電話 12345',
    needDevice: '評價器未登記：請管理員在「系統管理 › 設備管理」登記本窗口的評價器，並用其連結開啟本頁',
  },
};

export default display;
