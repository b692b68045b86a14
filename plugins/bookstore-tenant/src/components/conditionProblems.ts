import { TenantCondition } from '@internal/plugin-bookstore-tenant-common';

/**
 * What is wrong, one line per condition that is not `True`: its reason and
 * message (`Creating: Unready resources: quota`), or its type and status when
 * it has neither.
 */
export function conditionProblems(conditions: TenantCondition[]): string[] {
  return conditions
    .filter(c => c.status !== 'True')
    .map(
      c =>
        [c.reason, c.message].filter(Boolean).join(': ') ||
        `${c.type} is ${c.status}`,
    );
}
