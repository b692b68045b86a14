import {
  KubernetesValidatorFunctions,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** The label key used when `permission.teamLabel.labelKey` is not set. */
export const DEFAULT_TEAM_LABEL_KEY = 'platform.bookstore.io/team';

/**
 * The team-label policy's settings, read from `permission.teamLabel`.
 *
 * @public
 */
export interface TeamLabelPolicyConfig {
  /** The label on a Template naming the team allowed to use it. */
  labelKey: string;
  /** Full, lower-cased Group refs whose members may do everything the policy knows of. */
  adminGroups: string[];
}

/**
 * Reads `permission.teamLabel` (see config.d.ts). Every field is optional; a malformed
 * label key or an admin entry that is not a Group ref is a startup error, so a typo can
 * neither silently open templates nor silently lock the admins out.
 *
 * @public
 */
export function readTeamLabelPolicyConfig(
  config: Config,
): TeamLabelPolicyConfig {
  const section = config.getOptionalConfig('permission.teamLabel');

  const labelKey =
    section?.getOptionalString('labelKey') ?? DEFAULT_TEAM_LABEL_KEY;
  if (!KubernetesValidatorFunctions.isValidLabelKey(labelKey)) {
    throw new InputError(
      `permission.teamLabel.labelKey: '${labelKey}' is not a valid label key`,
    );
  }

  const adminGroups = (
    section?.getOptionalStringArray('adminGroups') ?? []
  ).map((ref, index) => {
    const key = `permission.teamLabel.adminGroups[${index}]`;
    let parsed;
    try {
      parsed = parseEntityRef(ref, {
        defaultKind: 'group',
        defaultNamespace: 'default',
      });
    } catch (error) {
      throw new InputError(`${key}: '${ref}' is not an entity ref`, error);
    }
    if (parsed.kind.toLocaleLowerCase('en-US') !== 'group') {
      throw new InputError(
        `${key}: '${ref}' is a ${parsed.kind}, expected a Group`,
      );
    }
    return stringifyEntityRef(parsed).toLocaleLowerCase('en-US');
  });

  return { labelKey, adminGroups: [...new Set(adminGroups)] };
}
