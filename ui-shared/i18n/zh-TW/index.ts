/** 繁體中文. */
import common from './common.ts';
import kiosk from './kiosk.ts';
import display from './display.ts';
import staff from './staff.ts';
import manager from './manager.ts';
import admin from './admin.ts';
import network from './network.ts';
import elder from './elder.ts';
import featureErrors from './featureErrors.ts';
import hallPick from './hallPick.ts';
import hid from './hid.ts';
import oversight from './oversight.ts';
import regionAdmin from './regionAdmin.ts';
import review from './review.ts';
import screens from './screens.ts';
import truth from './truth.ts';
import voice from './voice.ts';

export default {
  ...common,
  ...kiosk,
  ...display,
  ...staff,
  ...manager,
  ...admin,
  ...network,
  ...elder,
  ...featureErrors,
  ...hallPick,
  ...hid,
  ...oversight,
  ...regionAdmin,
  ...review,
  ...screens,
  ...truth,
  ...voice,
  // Error words come from several areas: merged, not replaced.
  errors: { ...common.errors, ...featureErrors.errors, ...truth.errors, ...voice.errors },
};
