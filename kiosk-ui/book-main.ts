import { mount } from '../ui-shared/mount.ts';
import BookPage from './BookPage.vue';

mount(BookPage);
