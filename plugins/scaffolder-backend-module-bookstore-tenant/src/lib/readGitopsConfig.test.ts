import { ConfigReader } from '@backstage/config';
import { localPublishConfig } from '../__testUtils__/localPublishConfig';
import { gitopsTitle, readGitopsConfig } from './readGitopsConfig';
import { PublishConfig } from './readPublishConfig';

const github: PublishConfig = {
  target: 'github',
  github: { host: 'github.com', owner: 'bookstore-platform' },
};

function read(gitops: object | undefined, publish = localPublishConfig('/srv/git')) {
  return readGitopsConfig(
    new ConfigReader(gitops ? { bookstore: { gitops } } : {}),
    publish,
  );
}

describe('readGitopsConfig', () => {
  it('defaults to a bare repository in the local git directory, merged at once', () => {
    expect(read(undefined)).toEqual({
      repository: '/srv/git/platform-gitops.git',
      baseBranch: 'main',
      tenantsDir: 'tenants',
      applicationsDir: 'apps',
      title: 'Add service {service} to tenant {tenant} ({region})',
      autoMerge: true,
    });
  });

  it('reads every key', () => {
    expect(
      read({
        repository: '/srv/gitops.git/',
        baseBranch: 'release/main',
        tenantsDir: 'clusters/tenants/',
        applicationsDir: 'argocd/apps',
        title: '{service} in {tenant}',
        autoMerge: false,
      }),
    ).toEqual({
      repository: '/srv/gitops.git',
      baseBranch: 'release/main',
      tenantsDir: 'clusters/tenants',
      applicationsDir: 'argocd/apps',
      title: '{service} in {tenant}',
      autoMerge: false,
    });
    expect(
      gitopsTitle(read({ title: '{service} in {tenant}-{region}' })!, {
        service: 'orders',
        tenant: 'payments',
        region: 'eu-west',
      }),
    ).toBe('orders in payments-eu-west');
  });

  it('has no GitOps repository on GitHub unless configured, and no auto-merge there', () => {
    expect(read(undefined, github)).toBeUndefined();
    expect(
      read(
        { repository: 'https://github.com/bookstore-platform/gitops.git' },
        github,
      ),
    ).toMatchObject({
      repository: 'https://github.com/bookstore-platform/gitops',
      autoMerge: false,
    });
    expect(() =>
      read(
        {
          repository: 'https://github.com/bookstore-platform/gitops',
          autoMerge: true,
        },
        github,
      ),
    ).toThrow(/'bookstore\.gitops\.autoMerge'/);
    expect(read({ baseBranch: 'main', tenantsDir: 'tenants' }, github)).toBeUndefined();
    expect(() => read({ repository: 'git@github.com:a/b' }, github)).toThrow(
      /'bookstore\.gitops\.repository': 'git@github.com:a\/b' is not a URL/,
    );
  });

  it.each([
    [{ repository: 'relative/gitops.git' }, 'repository'],
    [{ baseBranch: 'a..b' }, 'baseBranch'],
    [{ baseBranch: '-x' }, 'baseBranch'],
    [{ tenantsDir: '../outside' }, 'tenantsDir'],
    [{ tenantsDir: '/abs' }, 'tenantsDir'],
    [{ applicationsDir: 'apps/../..' }, 'applicationsDir'],
    [{ title: 'Add {name}' }, 'title'],
    [{ title: 'two\nlines' }, 'title'],
  ])('refuses %j naming the key', (gitops, key) => {
    expect(() => read(gitops)).toThrow(`'bookstore.gitops.${key}'`);
  });
});
