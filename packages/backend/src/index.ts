import { createBackend } from '@backstage/backend-defaults';
import { features } from './features';

const backend = createBackend();
for (const feature of features) {
  backend.add(feature);
}

/** How long a backend whose start failed may take to stop its plugins before it exits anyway. */
const STOP_AFTER_FAILED_START_MS = 10_000;

// A plugin whose start fails fails the whole start (backend.startup's default); the backend has
// logged which and why. What did start (catalog providers, scheduled tasks) must not keep
// running in a process that will never be ready: stop it and exit non-zero, so that
// Kubernetes restarts the pod.
backend.start().catch(async () => {
  process.exitCode = 1;
  setTimeout(() => process.exit(1), STOP_AFTER_FAILED_START_MS).unref();
  await backend.stop();
  process.exit(1);
});
