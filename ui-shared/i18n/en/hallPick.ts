import type zhCN from '../zh-CN/hallPick.ts';

/** English: choosing the hall a staff page works on. */
const hallPick: typeof zhCN = {
  hallPick: {
    label: 'Hall',
    none: 'Your account manages no hall yet, so there is no hall to set up here. Once a hall is added to your region, it is managed here.',
  },
};
export default hallPick;
