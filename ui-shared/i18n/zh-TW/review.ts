/** 繁體中文: 四位一體考核, 辦不成事, 電話回訪, 日常巡查 and the report downloads. */
export default {
  exports: { xlsx: '下載Excel', csv: '下載CSV' },
  review: {
    title: '四位一體考核', month: '月份', byStaff: '按人員', byWindow: '按窗口', name: '姓名', window: '窗口', score: '總分',
    satisfaction: '滿意度', attendance: '考勤', complaints: '投訴', inspections: '巡查', ratings: '{n}條評價', days: '出勤{n}天',
    late: '遲開{n}', early: '早關{n}', alerts: '不辦事{n}', paused: '暫停{m}分鐘', upheld: '屬實{n}/{count}', overdue: '超期{n}',
    findings: '問題{n}/{count}次', weights: '權重：滿意度{satisfaction} 考勤{attendance} 投訴{complaints} 巡查{inspections}；無資料的項不計入', none: '本月暫無資料',
  },
  inspection: {
    title: '日常巡查', window: '窗口', result: '結果', good: '良好', minor: '一般問題', serious: '嚴重問題', findings: '發現的問題',
    record: '記錄巡查', recorded: '已記錄', at: '時間', clerk: '人員', inspector: '巡查人', none: '本月尚無巡查記錄',
  },
  complaint: {
    title: '辦不成事 / 投訴', open: '辦理中', answered: '已辦結', all: '全部', filedAt: '登記時間', source: '來源',
    sources: { kiosk: '自助機', phone: '手機', window: '辦不成事窗口', callback: '電話回訪' },
    text: '反映問題', window: '窗口', clerk: '涉及人員', assignee: '承辦人', phone: '電話', due: '答覆期限', overdue: '已超期',
    outcome: '處理結果', assign: '指派', answer: '答覆辦結', unfounded: '不屬實', none: '沒有投訴', newTitle: '登記辦不成事',
    newText: '群眾反映的問題', newPhone: '聯絡電話（選填）', submit: '登記', filed: '已登記，答覆期限 {due}',
  },
  callback: {
    title: '電話回訪', date: '日期', number: '號票', window: '窗口', clerk: '辦理人', phone: '電話', servedAt: '辦結時間', result: '回訪結果',
    note: '情況說明', satisfied: '滿意', problem: '發現問題', unreachable: '未接通', pending: '待回訪', none: '當天沒有需要回訪的群眾',
    share: '按大廳設定的比例抽取當天留有電話的辦結群眾',
  },
  kioskComplaint: {
    tile: '辦不成事反映', title: '辦不成事反映', intro: '在大廳沒有辦成的事，或對服務有意見，請寫下來，我們會在規定時限內答覆。',
    desc: '沒有辦成的事、對服務的意見，寫下來限時答覆',
    text: '遇到的問題', window: '窗口（選填）', phone: '手機號（選填，用於回覆）', submit: '提交', back: '返回', thanks: '已收到，我們會在 {due} 前答覆您。',
  },
};
