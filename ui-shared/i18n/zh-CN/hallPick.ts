/** 简体中文 (default): choosing the hall a staff page works on. */
export default {
  hallPick: {
    label: '当前大厅',
    none: '您的账号管辖范围内还没有大厅，暂时无法设置大厅业务。请先在区域管理中为所辖区域添加大厅，或联系系统管理员。',
  },
};
