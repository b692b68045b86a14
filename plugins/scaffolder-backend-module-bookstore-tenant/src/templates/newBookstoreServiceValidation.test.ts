import request from 'supertest';
import { parse } from 'yaml';
import {
  dryRunTemplate,
  readTemplate,
  startTemplateBackend,
} from '../__testUtils__/templateDryRun';

/**
 * What the new-bookstore-service form gets when its values are posted to the
 * scaffolder directly, not through the form: bad values are refused naming the
 * field, and the form's defaults apply to what is left out.
 */

jest.setTimeout(120_000);

const TOKEN = 'template-validation-static-token';
const { sample } = readTemplate('new-bookstore-service');

describe('new-bookstore-service values posted to the scaffolder', () => {
  let backend: Awaited<ReturnType<typeof startTemplateBackend>>;

  beforeAll(async () => {
    backend = await startTemplateBackend(TOKEN, 'template-validation');
  });

  afterAll(async () => {
    await backend?.stop();
  });

  it.each([
    ['tenantName', { tenantName: 'Not A Name' }],
    ['tenantName', { tenantName: undefined }],
    ['regions', { regions: ['mars'] }],
    ['regions', { regions: [] }],
    ['tier', { tier: 'platinum' }],
  ])('refuses a bad %s naming the field (%j)', async (field, bad) => {
    const response = await request(backend.server)
      .post('/api/scaffolder/v2/tasks')
      .set('Authorization', `Bearer ${TOKEN}`)
      .send({
        templateRef: 'template:default/new-bookstore-service',
        values: { ...sample.values, ...bad },
      });
    expect(response.status).toBe(400);
    const errors: Array<{ path: string[]; stack: string }> =
      response.body.errors;
    // Every error names the field; none is the oneOf's "not exactly one from [subschema 0]".
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors) {
      expect(error.stack).toContain(field);
    }
  });

  it('applies the form defaults to values left out', async () => {
    const { needsDatabase, ...values } = sample.values;
    expect(needsDatabase).toBe(true);
    const { response, rendered } = await dryRunTemplate(
      backend.server,
      TOKEN,
      'new-bookstore-service',
      values,
    );
    expect(response.status).toBe(200);
    expect(parse(rendered!.get('chart/values.yaml')!).database.enabled).toBe(
      false,
    );
  });
});
