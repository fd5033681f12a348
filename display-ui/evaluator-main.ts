import { mount } from '../ui-shared/mount.ts';
import EvaluatorApp from './EvaluatorApp.vue';

mount(EvaluatorApp);
