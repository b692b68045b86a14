import {
  BackstageUserIdentity,
  ProfileInfo,
} from '@backstage/frontend-plugin-api';

/** The signed-in user who triggers an incident. */
export type TriggeringUser = {
  /** "Jane Doe <jane@example.com>", or the user entity ref without a profile. */
  label: string;
  /** Sent to PagerDuty as the event's custom details. */
  customDetails: Record<string, string>;
};

export function triggeringUser(
  profile: ProfileInfo,
  identity: BackstageUserIdentity,
): TriggeringUser {
  const name = profile.displayName ?? identity.userEntityRef;
  const label = profile.email ? `${name} <${profile.email}>` : name;
  return {
    label,
    customDetails: {
      triggered_by: label,
      triggered_by_user: identity.userEntityRef,
    },
  };
}
