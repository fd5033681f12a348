/** 简体中文: the hall's voice (语音播报), the displays' sound state, webhooks. */
export default {
  voice: {
    blocked: '声音未开启，请点击屏幕',
    blockedHint: '浏览器需要点击一次才能播放声音；请按说明给大屏浏览器加启动参数',
    none: '无法播放声音',
    noneHint: '本机没有中文语音，录音也未能加载：请检查扬声器和网络',
    state: { voice: '浏览器语音', clips: '录音播报', blocked: '声音未开启', none: '无法播放', unknown: '未报告' },
    displays: '大屏声音',
    noDisplays: '尚未登记大屏',
    reportedAt: '报告于',
  },
};
