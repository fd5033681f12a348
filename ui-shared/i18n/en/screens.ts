import type zhCN from '../zh-CN/screens.ts';

/** English: what the wall display and the window-top screen say of a window's current ticket. */
const screens: typeof zhCN = {
  screens: {
    calling: 'Calling',
    callingTo: 'Please go to window {no}',
    serving: 'Now serving',
  },
};
export default screens;
