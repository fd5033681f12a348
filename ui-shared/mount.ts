import { createApp, type Component } from 'vue';
import { enrolDevice } from './api.ts';
import { i18n } from './i18n/index.ts';
import EnrolNotice from './components/EnrolNotice.vue';
import './theme.css';

/** Starts a page; one opened with a device link first trades its token (enrolDevice). */
export async function mount(root: Component): Promise<void> {
  const refused = await enrolDevice();
  createApp(root).use(i18n).mount('#app');
  if (refused) {
    const notice = document.createElement('div');
    document.body.append(notice);
    createApp(EnrolNotice).use(i18n).mount(notice);
  }
}
