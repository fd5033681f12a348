import type zhCN from '../zh-CN/screens.ts';

/** 繁體中文: what the wall display and the window-top screen say of a window's current ticket. */
const screens: typeof zhCN = {
  screens: {
    calling: '正在呼叫',
    callingTo: '請到{no}號窗口',
    serving: '正在辦理',
  },
};
export default screens;
