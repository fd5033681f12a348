/** 简体: words for the codes of the oversight, review, agent and sound features. */
export default {
  errors: {
    COMPLAINT_NOT_FOUND: '没有找到这条反映，请刷新后再试',
    VALIDATION: '提交的内容不完整，请重试',
    NOT_A_PRINTER_AGENT: '本机不是打印设备，不能领取打印任务',
    BUNDLE_NOT_FOUND: '本大厅没有这个“一件事”',
    DUPLICATE_MATTER: '同一事项不能重复',
    BUNDLE_FIELDS_REQUIRED: '“一件事”须有名称和至少两个事项',
    CALLBACK_NOT_FOUND: '回访名单上没有这一条',
    CALLBACK_RECORDED: '这次回访已经记录',
    CALLBACK_NOTE_REQUIRED: '发现问题时请写明问题',
    BUNDLE_OR_MATTER: '“一件事”不再指定单个事项',
    MATTER_REQUIRED: '请选择受理的事项或“一件事”',
    COMPLAINT_TEXT_REQUIRED: '请写明要反映的问题',
    BAD_MONTH: '请选择月份',
    COMPLAINT_CLOSED: '这条反映已办结',
    OUTCOME_REQUIRED: '请写明处理结果',
    DUPLICATE_PAUSE_REASON: '同一暂停原因不能重复',
    FINDINGS_REQUIRED: '发现问题时请写明问题',
    BUNDLE_CATEGORY_MISMATCH: '这个“一件事”在另一个业务类别取号',
    BAD_SOUND_STATE: '声音状态无效',
  },
};
