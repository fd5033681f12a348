/** 简体中文: what the wall display and the window-top screen say of a window's current ticket (issue 11). */
export default {
  screens: {
    /** Called but not yet served: the citizen is still on the way. */
    calling: '正在呼叫',
    callingTo: '请到{no}号窗口',
    serving: '正在办理',
  },
};
