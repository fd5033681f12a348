/** English. */
import common from './common.ts';
import kiosk from './kiosk.ts';
import display from './display.ts';
import staff from './staff.ts';
import manager from './manager.ts';
import admin from './admin.ts';
import network from './network.ts';
import voice from './voice.ts';

export default { ...common, ...kiosk, ...display, ...staff, ...manager, ...admin, ...network, ...voice };
