import { ConfigReader } from '@backstage/config';
import { readPublishConfig } from './readPublishConfig';

describe('readPublishConfig', () => {
  it('publishes to GitHub by default', () => {
    expect(readPublishConfig(new ConfigReader({}))).toEqual({
      target: 'github',
      github: { host: 'github.com', owner: 'bookstore-platform' },
    });
  });

  it('reads the local directory', () => {
    const config = readPublishConfig(
      new ConfigReader({
        bookstore: {
          publish: {
            target: 'local',
            local: { directory: '/srv/git/' },
            github: { owner: 'acme' },
          },
        },
        catalog: {
          locations: [
            { type: 'file', target: '../../examples/catalog/all.yaml' },
            { type: 'url', target: 'https://example.com/srv/git/x.yaml' },
          ],
        },
      }),
    );
    expect(config).toEqual({
      target: 'local',
      github: { host: 'github.com', owner: 'acme' },
      local: { directory: '/srv/git' },
    });
  });

  it('refuses an unknown target', () => {
    expect(() =>
      readPublishConfig(
        new ConfigReader({ bookstore: { publish: { target: 'gitlab' } } }),
      ),
    ).toThrow(
      "Invalid config value at 'bookstore.publish.target': 'gitlab' is not one of github, local",
    );
  });

  it('needs a directory to publish locally', () => {
    expect(() =>
      readPublishConfig(
        new ConfigReader({ bookstore: { publish: { target: 'local' } } }),
      ),
    ).toThrow(
      "Missing required config value at 'bookstore.publish.local.directory'",
    );
  });

  it.each([
    '/srv/git/*/catalog-info.yaml',
    '/srv/git/notifications/catalog-info.yaml',
  ])(
    'refuses a file location that reads the published repositories: %s',
    target => {
      expect(() =>
        readPublishConfig(
          new ConfigReader({
            bookstore: {
              publish: { target: 'local', local: { directory: '/srv/git' } },
            },
            catalog: { locations: [{ type: 'file', target }] },
          }),
        ),
      ).toThrow(
        `Invalid config value at 'catalog.locations': the file location ${target} reads the published repositories of bookstore.publish.local.directory; remove it, each published repository is registered as a bookstore-local-git location of its own`,
      );
    },
  );
});
