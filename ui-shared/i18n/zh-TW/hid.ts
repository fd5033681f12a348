/** 繁體中文: what a window's scanner opens on the clerk console. */
export default {
  scanned: {
    title: '掃碼結果',
    case: '辦件',
    ticket: '號票',
    matter: '事項',
    status: '狀態',
    promised: '承諾辦結日期',
    overdue: '已逾時',
    loading: '正在讀取…',
    failed: '無法讀取掃碼內容',
    close: '關閉',
  },
};
