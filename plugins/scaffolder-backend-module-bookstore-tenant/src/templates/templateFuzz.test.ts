import { parseAllDocuments } from 'yaml';
import {
  dryRunTemplate,
  readTemplate,
  Rendered,
  startTemplateBackend,
  templates,
} from '../__testUtils__/templateDryRun';

/**
 * The template fuzz test: every string parameter of every templates/<name>/template.yaml,
 * found by reading its form's schema (dependencies' branches and if/then/else included),
 * gets hostile values. Each one is either refused with an error naming the field (the
 * scaffolder's own validation of the values, or a step's check), or it renders — through
 * the real scaffolder's dry run, what a user gets — files of the same shape as the sample
 * values do: the same files with the same number of lines, the same YAML documents with the
 * same kinds and keys, and the hostile value, unevaluated, only as a scalar.
 */

jest.setTimeout(240_000);

const FUZZ_TOKEN = 'template-fuzz-static-token';

const INJECTED_GROUP = [
  'apiVersion: backstage.io/v1alpha1',
  'kind: Group',
  'metadata:',
  '  name: injected',
  'spec:',
  '  type: team',
  '  parent: portal-admins',
  '  children: []',
  '  members: [bob]',
].join('\n');

const HOSTILE: Record<string, string> = {
  'a newline, --- and a Group document': `x\n---\n${INJECTED_GROUP}`,
  'a Group document after ---': `---\n${INJECTED_GROUP}\n`,
  'a single quote': "o'clock 'quoted'",
  'a double quote': 'say "hi" \\"',
  'a colon and space': 'key: value',
  'nunjucks braces': '{{ 7 * 7 }} {% if true %}x{% endif %}',
  'a template expression': '${{ parameters.owner }}',
  'a comment': 'x # a comment',
  'YAML flow, anchors and tags': '[a, b] {c: d} &x *x !!binary |',
  'RTL override and zero-width characters': 'abc\u202Edcba\u200B\u2066x\u2069',
  'unicode text': 'Bücher 📚 書店 مكتبة',
  'a 10 KB string': 'x'.repeat(10 * 1024),
};

type Schema = Record<string, any>;

/** A string parameter of a form, and the branch of the form that has it. */
interface Parameter {
  name: string;
  /** For an array of strings: the hostile value is its one item. */
  array: boolean;
  /** The branch's discriminating value, e.g. `{ tenantMode: 'existing' }`. */
  branch?: Record<string, unknown>;
}

function isStringy(schema: Schema): boolean | 'array' {
  if (schema?.type === 'string') {
    return true;
  }
  return schema?.type === 'array' && schema.items?.type === 'string'
    ? 'array'
    : false;
}

/** Every string parameter of a template's form pages. */
function stringParameters(pages: Schema[]): Parameter[] {
  const found = new Map<string, Parameter>();
  const add = (
    properties: Schema | undefined,
    branch?: Parameter['branch'],
  ) => {
    for (const [name, schema] of Object.entries(properties ?? {})) {
      const kind = isStringy(schema as Schema);
      if (kind && !(branch && name in branch)) {
        const known = found.get(name);
        found.set(name, {
          name,
          array: kind === 'array',
          branch: known?.branch ?? branch,
        });
      }
    }
  };
  for (const page of pages) {
    add(page.properties);
    for (const [key, dependency] of Object.entries<Schema>(
      page.dependencies ?? {},
    )) {
      for (const option of dependency.oneOf ?? []) {
        const value = option.properties?.[key]?.const;
        add(
          option.properties,
          value === undefined ? undefined : { [key]: value },
        );
      }
    }
    add(page.then?.properties);
    add(page.else?.properties);
  }
  return [...found.values()];
}

/**
 * The sample values for a branch of the form: dry-run.yaml's values, or one of its
 * variants in place of the fields of the other branches.
 */
function sampleFor(
  pages: Schema[],
  sample: { values: Schema; variants?: Schema[] },
  branch?: Record<string, unknown>,
): Schema {
  if (!branch) {
    return sample.values;
  }
  const [[key, value]] = Object.entries(branch);
  if (sample.values[key] === value) {
    return sample.values;
  }
  const variant = sample.variants?.find(v => v[key] === value);
  if (!variant) {
    throw new Error(
      `dry-run.yaml has no variant with ${key}: ${value} to fuzz that branch`,
    );
  }
  const values = { ...sample.values };
  for (const page of pages) {
    for (const option of page.dependencies?.[key]?.oneOf ?? []) {
      for (const name of Object.keys(option.properties ?? {})) {
        delete values[name];
      }
    }
  }
  return { ...values, ...variant };
}

/** The keys and types of a document, without its values. */
function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(shapeOf);
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map(key => [key, shapeOf((value as Schema)[key])]),
    );
  }
  return typeof value;
}

function scalarsOf(value: unknown, into: string[] = []): string[] {
  if (Array.isArray(value)) {
    value.forEach(v => scalarsOf(v, into));
  } else if (value && typeof value === 'object') {
    Object.values(value).forEach(v => scalarsOf(v, into));
  } else if (typeof value === 'string') {
    into.push(value);
  }
  return into;
}

function isYaml(path: string) {
  // Helm templates are Go templates, not YAML until Helm renders them.
  return /\.ya?ml$/.test(path) && !path.startsWith('chart/templates/');
}

/** The YAML documents of a file, parsed strictly: any error or warning fails. */
function documentsOf(path: string, content: string) {
  return parseAllDocuments(content).map(document => {
    expect([path, document.errors, document.warnings]).toEqual([path, [], []]);
    return document.toJS();
  });
}

describe('hostile values for every string parameter of every template', () => {
  let backend: Awaited<ReturnType<typeof startTemplateBackend>>;

  beforeAll(async () => {
    backend = await startTemplateBackend(FUZZ_TOKEN, 'template-fuzz');
  });

  afterAll(async () => {
    await backend?.stop();
  });

  function dryRun(name: string, values: Schema) {
    return dryRunTemplate(backend.server, FUZZ_TOKEN, name, values);
  }

  /** Whether a refusal names the parameter: a schema error at it, or a step's error starting with it. */
  function namesField(
    response: { status: number; body: any },
    field: string,
  ): boolean {
    if (response.status === 400 && Array.isArray(response.body.errors)) {
      return response.body.errors.some(
        (e: { path: Array<string | number> }) => e.path[0] === field,
      );
    }
    const message: string = response.body?.error?.message ?? '';
    return (
      response.status >= 400 &&
      response.status < 500 &&
      message.startsWith(`${field}: `)
    );
  }

  function expectSameShape(
    baseline: Rendered,
    rendered: Rendered,
    value: string,
  ) {
    expect([...rendered.keys()].sort()).toEqual([...baseline.keys()].sort());
    let seen = false;
    for (const [path, content] of rendered) {
      const expected = baseline.get(path)!;
      expect([path, content.split('\n').length]).toEqual([
        path,
        expected.split('\n').length,
      ]);
      if (!isYaml(path)) {
        seen ||= content.includes(value);
        continue;
      }
      const documents = documentsOf(path, content);
      const baselineDocuments = documentsOf(path, expected);
      expect([path, documents.length]).toEqual([
        path,
        baselineDocuments.length,
      ]);
      documents.forEach((document, i) => {
        const before = baselineDocuments[i];
        expect([path, document?.apiVersion, document?.kind]).toEqual([
          path,
          before?.apiVersion,
          before?.kind,
        ]);
        expect([path, shapeOf(document)]).toEqual([path, shapeOf(before)]);
      });
      const scalars = documents.flatMap(d => scalarsOf(d));
      seen ||= scalars.some(s => s.includes(value));
    }
    // The value was rendered, as text: not evaluated, not split across the structure.
    expect(seen).toBe(true);
  }

  describe.each(templates)('%s', name => {
    const { pages, sample } = readTemplate(name);
    const parameters = stringParameters(pages);
    const baselines = new Map<string, Rendered>();
    /** Per parameter, the hostile values it rendered (the others it refused). */
    const renderedValues = new Map<string, string[]>();

    async function baselineFor(parameter: Parameter) {
      const key = JSON.stringify(parameter.branch ?? {});
      if (!baselines.has(key)) {
        const { response, rendered } = await dryRun(
          name,
          sampleFor(pages, sample, parameter.branch),
        );
        if (!rendered) {
          throw new Error(
            `the sample values of ${key} do not render: ${
              response.status
            } ${JSON.stringify(response.body)}`,
          );
        }
        baselines.set(key, rendered);
      }
      return baselines.get(key)!;
    }

    it('has string parameters to fuzz', () => {
      expect(parameters.length).toBeGreaterThan(0);
    });

    if (name === 'new-bookstore-service') {
      it('finds the string parameters in every branch of its form', () => {
        expect(parameters.map(p => p.name).sort()).toEqual(
          [
            'description',
            'existingTenant',
            'name',
            'owner',
            'pagerdutyServiceId',
            'region',
            'regions',
            'system',
            'tenantDisplayName',
            'tenantMode',
            'tenantName',
            'tier',
          ].sort(),
        );
      });
    }

    it.each(parameters.map(p => [p.name, p] as const))(
      '%s: refused naming it, or rendered as text in files of the same shape',
      async (_, parameter) => {
        const baseline = await baselineFor(parameter);
        const values = sampleFor(pages, sample, parameter.branch);
        const results = [];
        for (const [label, value] of Object.entries(HOSTILE)) {
          const { response, rendered } = await dryRun(name, {
            ...values,
            [parameter.name]: parameter.array ? [value] : value,
          });
          results.push({ label, value, response, rendered });
        }
        const refusedWithoutNamingIt = results
          .filter(r => !r.rendered && !namesField(r.response, parameter.name))
          .map(r => [r.label, r.response.status, r.response.body]);
        expect(refusedWithoutNamingIt).toEqual([]);
        const took = results.filter(r => r.rendered);
        for (const { rendered, value } of took) {
          expectSameShape(baseline, rendered!, value);
        }
        renderedValues.set(
          parameter.name,
          took.map(r => r.label),
        );
      },
    );

    if (name === 'new-bookstore-service') {
      it('takes hostile text only in its free-text fields, one line each', () => {
        const text = [
          'a single quote',
          'a double quote',
          'a colon and space',
          'nunjucks braces',
          'a template expression',
          'a comment',
          'YAML flow, anchors and tags',
          'unicode text',
        ];
        expect(Object.fromEntries(renderedValues)).toEqual({
          description: text,
          tenantDisplayName: text,
          ...Object.fromEntries(
            parameters
              .map(p => p.name)
              .filter(n => !['description', 'tenantDisplayName'].includes(n))
              .map(n => [n, []]),
          ),
        });
      });
    }
  });
});
