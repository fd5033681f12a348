import { mount } from '../ui-shared/mount.ts';
import CasePage from './CasePage.vue';

mount(CasePage);
