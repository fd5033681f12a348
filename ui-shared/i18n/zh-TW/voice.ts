/** 繁體中文: the hall's voice, the displays' sound state, webhooks. */
export default {
  voice: {
    blocked: '聲音未開啟，請點擊螢幕',
    blockedHint: '瀏覽器需要點擊一次才能播放聲音；請依說明為大螢幕瀏覽器加啟動參數',
    none: '無法播放聲音',
    noneHint: '本機沒有中文語音，錄音也未能載入：請檢查喇叭和網路',
    state: { voice: '瀏覽器語音', clips: '錄音播報', blocked: '聲音未開啟', none: '無法播放', unknown: '未回報' },
    displays: '大螢幕聲音',
    noDisplays: '尚未登記大螢幕',
    reportedAt: '回報於',
  },
};
