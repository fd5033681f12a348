import { mount } from '../ui-shared/mount.ts';
import WindowScreen from './WindowScreen.vue';

mount(WindowScreen);
