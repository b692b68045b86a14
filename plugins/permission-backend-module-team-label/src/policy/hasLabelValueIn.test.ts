import { Entity } from '@backstage/catalog-model';
import { permissionRules } from '@backstage/plugin-catalog-backend/alpha';
import { hasLabelValueIn } from './hasLabelValueIn';

const LABEL = 'platform.bookstore.io/team';

const entity = (labels?: Record<string, string>): Entity => ({
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name: 'x', ...(labels ? { labels } : {}) },
});

describe('HAS_LABEL_VALUE_IN', () => {
  const values = ['team-payments', 'engineering'];

  it.each([
    ['a listed value', { [LABEL]: 'team-payments' }, true],
    ['another listed value', { [LABEL]: 'engineering' }, true],
    [
      'a value in another case (as HAS_LABEL)',
      { [LABEL]: 'Team-Payments' },
      true,
    ],
    [
      'the key in another case (as HAS_LABEL)',
      { 'Platform.Bookstore.io/team': 'engineering' },
      true,
    ],
    ['a value not listed', { [LABEL]: 'team-search' }, false],
    [
      'another label with a listed value',
      { 'example.com/team': 'engineering' },
      false,
    ],
    ['no labels', undefined, false],
  ])('in memory, as an anyOf of HAS_LABEL: %s', (_, labels, expected) => {
    const e = entity(labels);
    expect(hasLabelValueIn.apply(e, { label: LABEL, values })).toBe(expected);
    expect(
      values.some(value =>
        permissionRules.hasLabel.apply(e, { label: LABEL, value }),
      ),
    ).toBe(expected);
  });

  it('matches nothing without values', () => {
    expect(
      hasLabelValueIn.apply(entity({ [LABEL]: 'team-payments' }), {
        label: LABEL,
        values: [],
      }),
    ).toBe(false);
  });

  it('is one search-table condition on the label, for all the values', () => {
    expect(hasLabelValueIn.toQuery({ label: LABEL, values })).toEqual({
      key: `metadata.labels.${LABEL}`,
      values,
    });
  });

  it('validates its parameters and describes them as JSON Schema', () => {
    const schema = hasLabelValueIn.paramsSchema as any;
    const validate = (value: unknown) => schema['~standard'].validate(value);
    expect(validate({ label: LABEL, values })).toEqual({
      value: { label: LABEL, values },
    });
    for (const bad of [
      undefined,
      { label: LABEL },
      { label: LABEL, values: 'team-payments' },
      { label: 1, values },
      { label: LABEL, values: [1] },
    ]) {
      expect(validate(bad).issues).toHaveLength(1);
    }
    expect(
      schema['~standard'].jsonSchema.input({ target: 'draft-07' }),
    ).toMatchObject({
      type: 'object',
      required: ['label', 'values'],
    });
  });
});
