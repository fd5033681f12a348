import type zhCN from '../zh-CN/hallPick.ts';

/** 繁體中文: choosing the hall a staff page works on. */
const hallPick: typeof zhCN = {
  hallPick: {
    label: '目前大廳',
    none: '您的帳號管轄範圍內還沒有大廳，這裡暫時沒有可設定的大廳業務。所轄區域新增大廳後即可在此管理。',
  },
};
export default hallPick;
