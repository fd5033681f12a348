import type zhCN from '../zh-CN/regionAdmin.ts';

/** English: the region admin's accounts of each region and the halls added below a region. */
const regionAdmin: typeof zhCN = {
  regionAdmin: {
    accountsOf: 'Accounts of {name}',
    addHall: 'Add hall',
    addHallTo: 'Add a hall in {name}',
    hallName: 'Hall name',
    hallNamePlaceholder: 'e.g. Beipo Village service station',
    needHallName: 'Enter the hall name',
    hallLevel: 'Hall level',
    hallAdded: 'Hall added in {region}: {name}',
  },
};
export default regionAdmin;
