import { ConfigReader } from '@backstage/config';
import { DEFAULT_TEAM_LABEL_KEY, readTeamLabelPolicyConfig } from './config';

const read = (teamLabel?: object) =>
  readTeamLabelPolicyConfig(
    new ConfigReader(teamLabel ? { permission: { teamLabel } } : {}),
  );

describe('readTeamLabelPolicyConfig', () => {
  it('defaults to the platform label and no admins', () => {
    expect(read()).toEqual({
      labelKey: DEFAULT_TEAM_LABEL_KEY,
      adminGroups: [],
    });
    expect(DEFAULT_TEAM_LABEL_KEY).toBe('platform.bookstore.io/team');
  });

  it('reads the label key and normalises admin groups to full, lower-case refs', () => {
    expect(
      read({
        labelKey: 'example.com/team',
        adminGroups: [
          'group:default/portal-admins',
          'Portal-Admins',
          'group:ops/SRE',
        ],
      }),
    ).toEqual({
      labelKey: 'example.com/team',
      adminGroups: ['group:default/portal-admins', 'group:ops/sre'],
    });
  });

  it('refuses a malformed label key', () => {
    expect(() => read({ labelKey: 'not a label/' })).toThrow(
      "permission.teamLabel.labelKey: 'not a label/' is not a valid label key",
    );
  });

  it('refuses admins that are not Groups', () => {
    expect(() => read({ adminGroups: ['user:default/carol'] })).toThrow(
      "permission.teamLabel.adminGroups[0]: 'user:default/carol' is a user, expected a Group",
    );
    expect(() => read({ adminGroups: ['group:'] })).toThrow(
      "permission.teamLabel.adminGroups[0]: 'group:' is not an entity ref",
    );
  });

  it('refuses values of the wrong type', () => {
    expect(() => read({ adminGroups: 'group:default/portal-admins' })).toThrow(
      /permission\.teamLabel\.adminGroups/,
    );
  });
});
