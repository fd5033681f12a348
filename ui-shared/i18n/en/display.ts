import type zhCN from '../zh-CN/display.ts';

/** English: the wall display, the window-top screen and the evaluator. */
const display: typeof zhCN = {
  display: {
    callPhrase: 'Number {number}, please go to {window}',
    speech: '请{number}号到{no}号窗口办理',
    speechRecall: '重呼，请{number}号到{no}号窗口办理',
    recall: 'Recall',
    latest: 'Now calling',
    recent: 'Recent calls',
    windows: 'Windows',
    waiting: 'Waiting',
    noCalls: 'No calls yet, please wait',
    idle: 'Idle',
    serving: 'Now serving',
    clerk: 'Clerk',
    staffNo: 'Staff no.',
    paused: 'Paused',
    pausedReason: 'Paused: {reason}',
    closed: 'Closed',
    welcome: 'Welcome',
    windowNotFound: 'Window not found; add ?window= to the address',
    soundOn: 'Tap to enable voice announcements',
  },
  evaluator: {
    welcome: 'Welcome',
    serving: 'Now serving',
    clerk: 'Clerk',
    staffNo: 'Staff no. {no}',
    noClerk: 'No clerk at this window',
    rateFor: 'Number {number} is done. Please rate the service.',
    closing: 'Closes in {n} s',
    paused: 'This window is paused',
    supervise: 'Hotline 12345',
    needDevice: 'Evaluator not registered: an administrator registers this window\'s evaluator under Admin › Devices and opens this page with its link.',
  },
};

export default display;
