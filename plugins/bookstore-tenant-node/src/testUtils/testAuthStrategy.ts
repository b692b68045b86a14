import { LoggerService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import {
  createKubernetesAuthStrategy,
  KubernetesAuthStrategy,
} from '../kubernetes/authStrategy';

const silent: LoggerService = {
  error: () => undefined,
  warn: () => undefined,
  info: () => undefined,
  debug: () => undefined,
  child: () => silent,
};

/** The Kubernetes plugin's auth strategies as the portal makes them, over an empty config. */
export function testAuthStrategy(): KubernetesAuthStrategy {
  return createKubernetesAuthStrategy({
    config: new ConfigReader({}),
    logger: silent,
  });
}
