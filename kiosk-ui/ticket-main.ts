import { mount } from '../ui-shared/mount.ts';
import TicketPage from './TicketPage.vue';

mount(TicketPage);
