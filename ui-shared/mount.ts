import { createApp, type Component } from 'vue';
import { i18n } from './i18n/index.ts';
import './theme.css';

export function mount(root: Component): void {
  createApp(root).use(i18n).mount('#app');
}
