import { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { PROMETHEUS_SERVICE_NAME_ANNOTATION } from '@internal/plugin-monitoring-common';

/** The inside of a double-quoted PromQL string holding `value` as text. */
function promqlString(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n');
}

function own(
  record: Record<string, string | undefined> | undefined,
  key: string,
): string | undefined {
  return record && Object.hasOwn(record, key) ? record[key] : undefined;
}

/**
 * The query with each `${{ variable }}` replaced by the entity's value:
 * `service` (the `prometheus.io/service-name` annotation, else the name),
 * `name`, `namespace`, `labels.<key>`. A variable the entity has no value for
 * is an InputError naming it, so no query runs with a hole in it.
 */
export function substituteQuery(query: string, entity: Entity): string {
  const { metadata } = entity;
  const values: Record<string, string | undefined> = {
    service:
      metadata.annotations?.[PROMETHEUS_SERVICE_NAME_ANNOTATION] ??
      metadata.name,
    name: metadata.name,
    namespace: metadata.namespace ?? 'default',
  };
  return query.replace(/\$\{\{\s*([\w./-]+)\s*\}\}/g, (_, variable: string) => {
    const value = variable.startsWith('labels.')
      ? own(metadata.labels, variable.slice('labels.'.length))
      : own(values, variable);
    if (value === undefined) {
      throw new InputError(
        `The query needs \${{ ${variable} }}, which ${metadata.name} does not have`,
      );
    }
    return promqlString(value);
  });
}
