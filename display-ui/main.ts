import { mount } from '../ui-shared/mount.ts';
import DisplayApp from './DisplayApp.vue';

mount(DisplayApp);
