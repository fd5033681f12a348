import { mount } from '../ui-shared/mount.ts';
import KioskApp from './KioskApp.vue';

mount(KioskApp);
