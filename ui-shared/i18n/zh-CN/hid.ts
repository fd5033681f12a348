/** 简体中文: what a window's scanner opens on the clerk console. */
export default {
  scanned: {
    title: '扫码结果',
    case: '办件',
    ticket: '号票',
    matter: '事项',
    status: '状态',
    promised: '承诺办结日期',
    overdue: '已超时',
    loading: '正在读取…',
    failed: '无法读取扫码内容',
    close: '关闭',
  },
};
