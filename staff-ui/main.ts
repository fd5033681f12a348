import { mount } from '../ui-shared/mount.ts';
import StaffApp from './StaffApp.vue';

mount(StaffApp);
