import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { screen, waitFor } from '@testing-library/react';
import { ForAdoptionReaders } from './ForAdoptionReaders';

jest.setTimeout(30_000);

// The permission hook caches decisions per permission for the whole page, so
// one decision per test file: the admin's is in App.test.tsx.
describe('ForAdoptionReaders', () => {
  it('shows nothing to those not granted adoption.summary.read', async () => {
    const asked: string[] = [];
    await renderInTestApp(
      <>
        <span>sidebar</span>
        <ForAdoptionReaders>
          <a href="/adoption">Adoption</a>
        </ForAdoptionReaders>
      </>,
      {
        apis: [
          [
            permissionApiRef,
            mockApis.permission({
              authorize: request => {
                asked.push(request.permission.name);
                return AuthorizeResult.DENY;
              },
            }),
          ],
        ],
      },
    );

    await waitFor(() => expect(asked).toEqual(['adoption.summary.read']));
    expect(screen.getByText('sidebar')).toBeInTheDocument();
    expect(screen.queryByText('Adoption')).not.toBeInTheDocument();
  });
});
