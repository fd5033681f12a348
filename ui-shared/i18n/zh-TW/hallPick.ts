import type zhCN from '../zh-CN/hallPick.ts';

/** 繁體中文: choosing the hall a staff page works on. */
const hallPick: typeof zhCN = {
  hallPick: {
    label: '目前大廳',
    none: '您的帳號管轄範圍內還沒有大廳，暫時無法設定大廳業務。請先在區域管理中為所轄區域新增大廳，或聯絡系統管理員。',
  },
};
export default hallPick;
