/*
 * The portal's own helm (the binary of the root devDependency lambda-layer-kubectl, as the
 * deployment package's chart tests use it), reused for the charts the templates render.
 */
/* eslint-disable @backstage/no-relative-monorepo-imports */
export { helm } from '../../../../packages/deployment/src/__testUtils__/helm';
/* eslint-enable @backstage/no-relative-monorepo-imports */
