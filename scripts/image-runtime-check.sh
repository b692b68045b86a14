#!/usr/bin/env bash
# Proves the container image's runtime stage without a Docker engine: builds the backend bundle
# exactly as the Dockerfile's build stage does, carries out the prod-deps and runtime stages into
# a temporary directory (production dependencies only), and starts the result the way the Helm
# chart's pod runs it (its args, env from stand-in Secrets, volumes, non-root user) against a
# throwaway PostgreSQL; then checks readiness, the catalog and the frontend served by the backend,
# and prints the bundle's and the runtime's sizes.
#   scripts/image-runtime-check.sh [--no-build] [--keep]
# The same check runs in the test suite: packages/deployment/src/imageRuntime.test.ts.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=node-env.sh
source scripts/node-env.sh
exec node --require @backstage/cli/config/nodeTransform.cjs packages/deployment/src/__testUtils__/imageRuntimeCli.ts "$@"
