import { mount } from '../mount.ts';
import HomePage from './HomePage.vue';

mount(HomePage);
