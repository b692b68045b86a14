import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { KubernetesPolicyRule } from '@internal/plugin-bookstore-tenant-node/testUtils';
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

const RBAC_TEMPLATE = resolvePackagePath(
  '@internal/plugin-bookstore-tenant-backend',
  '../../charts/bookstore-portal/templates/rbac.yaml',
);

/**
 * The rules of the ClusterRole the Helm chart grants the portal, read from its
 * template (its rules hold no template expressions; the lines that do, the
 * name and labels, are left out).
 */
export function portalReadRules(): KubernetesPolicyRule[] {
  const text = readFileSync(RBAC_TEMPLATE, 'utf8')
    .split('\n')
    .filter(line => !line.includes('{{'))
    .join('\n');
  const role = parseAllDocuments(text)
    .map(document => document.toJS())
    .find(object => object?.kind === 'ClusterRole');
  if (!role?.rules?.length) {
    throw new Error(`${RBAC_TEMPLATE} holds no ClusterRole with rules`);
  }
  return role.rules;
}
