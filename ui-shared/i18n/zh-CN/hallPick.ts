/** 简体中文 (default): choosing the hall a staff page works on. */
export default {
  hallPick: {
    label: '当前大厅',
    none: '您的账号管辖范围内还没有大厅，这里暂时没有可设置的大厅业务。所辖区域添加大厅后即可在此管理。',
  },
};
