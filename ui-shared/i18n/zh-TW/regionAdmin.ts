import type zhCN from '../zh-CN/regionAdmin.ts';

/** 繁體中文: 區域管理's accounts of each region and the halls added below a region. */
const regionAdmin: typeof zhCN = {
  regionAdmin: {
    accountsOf: '{name}的區域帳號',
    addHall: '新增大廳',
    addHallTo: '在{name}新增大廳',
    hallName: '大廳名稱',
    hallNamePlaceholder: '如：北坡村便民服務站',
    needHallName: '請填寫大廳名稱',
    hallLevel: '大廳層級',
    hallAdded: '已在{region}新增大廳：{name}',
  },
};
export default regionAdmin;
