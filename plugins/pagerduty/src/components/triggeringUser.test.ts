import { triggeringUser } from './triggeringUser';

const identity = {
  type: 'user' as const,
  userEntityRef: 'user:default/jane.doe',
  ownershipEntityRefs: ['user:default/jane.doe'],
};

describe('triggeringUser', () => {
  it('names the user with display name and email', () => {
    expect(
      triggeringUser(
        { displayName: 'Jane Doe', email: 'jane@example.com' },
        identity,
      ),
    ).toEqual({
      label: 'Jane Doe <jane@example.com>',
      customDetails: {
        triggered_by: 'Jane Doe <jane@example.com>',
        triggered_by_user: 'user:default/jane.doe',
      },
    });
  });

  it('falls back to the user entity ref without a profile', () => {
    expect(triggeringUser({}, identity).label).toBe('user:default/jane.doe');
  });
});
