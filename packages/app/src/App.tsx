import { createApp } from '@backstage/frontend-defaults';
import { features } from './features';

export default createApp({ features });
