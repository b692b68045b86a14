import { classifyTechDocsRequest } from './failureCounter';

describe('classifyTechDocsRequest', () => {
  it.each([
    [
      '/sync/default/Component/orders',
      200,
      true,
      { entity: 'component:default/orders', stage: 'build' },
    ],
    ['/sync/default/component/orders', 200, false, undefined],
    [
      '/sync/default/component/orders',
      404,
      false,
      { entity: 'component:default/orders', stage: 'build' },
    ],
    [
      '/metadata/techdocs/default/component/orders',
      404,
      false,
      { entity: 'component:default/orders', stage: 'read' },
    ],
    ['/metadata/techdocs/default/component/orders', 200, false, undefined],
    [
      '/static/docs/default/component/orders/index.html',
      500,
      false,
      { entity: 'component:default/orders', stage: 'read' },
    ],
    // A page that is not part of the site is the reader's 404, not a failed read.
    [
      '/static/docs/default/component/orders/missing.html',
      404,
      false,
      undefined,
    ],
    ['/metadata/entity/default/component/orders', 404, false, undefined],
    ['/cookie', 500, false, undefined],
  ])(
    '%s answered %i (error event: %s) → %j',
    (path, status, streamed, expected) => {
      expect(classifyTechDocsRequest(path, status, streamed)).toEqual(expected);
    },
  );
});
