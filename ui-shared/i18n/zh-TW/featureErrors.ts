/** 繁體: words for the codes of the oversight, review, agent and sound features. */
export default {
  errors: {
    COMPLAINT_NOT_FOUND: '沒有找到這條反映，請重新整理後再試',
    VALIDATION: '提交的內容不完整，請重試',
    NOT_A_PRINTER_AGENT: '本機不是列印設備，不能領取列印任務',
    BUNDLE_NOT_FOUND: '本大廳沒有這個「一件事」',
    DUPLICATE_MATTER: '同一事項不能重複',
    BUNDLE_FIELDS_REQUIRED: '「一件事」須有名稱和至少兩個事項',
    CALLBACK_NOT_FOUND: '回訪名單上沒有這一條',
    CALLBACK_RECORDED: '這次回訪已經記錄',
    CALLBACK_NOTE_REQUIRED: '發現問題時請寫明問題',
    BUNDLE_OR_MATTER: '「一件事」不再指定單個事項',
    MATTER_REQUIRED: '請選擇受理的事項或「一件事」',
    COMPLAINT_TEXT_REQUIRED: '請寫明要反映的問題',
    BAD_MONTH: '請選擇月份',
    COMPLAINT_CLOSED: '這條反映已辦結',
    OUTCOME_REQUIRED: '請寫明處理結果',
    DUPLICATE_PAUSE_REASON: '同一暫停原因不能重複',
    FINDINGS_REQUIRED: '發現問題時請寫明問題',
    BUNDLE_CATEGORY_MISMATCH: '這個「一件事」在另一個業務類別取號',
    BAD_SOUND_STATE: '聲音狀態無效',
  },
};
