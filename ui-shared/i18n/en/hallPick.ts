import type zhCN from '../zh-CN/hallPick.ts';

/** English: choosing the hall a staff page works on. */
const hallPick: typeof zhCN = {
  hallPick: {
    label: 'Hall',
    none: 'Your account manages no hall yet, so there is nothing to set up here. Add a hall to your region first, or ask the system administrator.',
  },
};
export default hallPick;
