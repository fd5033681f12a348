/** 简体中文 (default): 区域管理's accounts of each region and the halls added below a region. */
export default {
  regionAdmin: {
    accountsOf: '{name}的区域账号',
    addHall: '添加大厅',
    addHallTo: '在{name}添加大厅',
    hallName: '大厅名称',
    hallNamePlaceholder: '如：北坡村便民服务站',
    needHallName: '请填写大厅名称',
    hallLevel: '大厅层级',
    hallAdded: '已在{region}添加大厅：{name}',
  },
};
