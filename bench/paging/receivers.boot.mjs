// Worker threads do not inherit the main thread's tsx hooks (Node 20): register them here, then load the TypeScript.
import { register } from 'tsx/esm/api';

register();
await import('./receivers.worker.ts');
