import { ConfigReader } from '@backstage/config';
import { readPublishConfig } from './readPublishConfig';

describe('readPublishConfig', () => {
  it('publishes to GitHub by default', () => {
    expect(readPublishConfig(new ConfigReader({}))).toEqual({
      target: 'github',
      github: { host: 'github.com', owner: 'bookstore-platform' },
    });
  });

  it('reads the local directory and the catalog location of its working copies', () => {
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
            { type: 'file', target: '/srv/git/*/catalog-info.yaml' },
          ],
        },
      }),
    );
    expect(config).toEqual({
      target: 'local',
      github: { host: 'github.com', owner: 'acme' },
      local: {
        directory: '/srv/git',
        catalogLocation: {
          target: '/srv/git/*/catalog-info.yaml',
          entityRef: expect.stringMatching(
            /^location:default\/generated-[0-9a-f]{40}$/,
          ),
        },
      },
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

  it('needs the catalog to read the working copies', () => {
    expect(() =>
      readPublishConfig(
        new ConfigReader({
          bookstore: {
            publish: { target: 'local', local: { directory: '/srv/git' } },
          },
          catalog: { locations: [] },
        }),
      ),
    ).toThrow(
      'no entry of catalog.locations reads the published working copies; add one with type: file and target: /srv/git/*/catalog-info.yaml',
    );
  });
});
