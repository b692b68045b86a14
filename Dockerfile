# syntax=docker/dockerfile:1
#
# The Bookstore Portal as ONE image: the backend, which also serves the frontend.
# Build from the repository root:   docker build -t bookstore-portal .   (or `yarn build-image`)
# Deploy with the Helm chart in charts/bookstore-portal.
#
# Stages:
#   toolchain  Node + what node-gyp needs for native modules (better-sqlite3, ...)
#   packages   the workspaces' package.json files only, so the install layer is cached
#   build      yarn install --immutable, type check, backend bundle (frontend included)
#   prod-deps  production dependencies only, installed into the bundle's skeleton
#   runtime    slim Node 22 LTS + MkDocs, non-root, read-only friendly
#
# No Docker engine runs on the project's machines; packages/deployment's image runtime check
# (scripts/image-runtime-check.sh) executes the prod-deps and runtime stages below into a
# temporary directory and starts the result. Keep their steps plain COPY/RUN/ENV/CMD.
#
# Nothing secret is baked in: every secret reaches the container as an environment variable
# (the Helm chart takes them from existing Secrets).

# Node 22 LTS, as scripts/node-env.sh; Debian 12 (bookworm) ships the mkdocs packages we use.
ARG NODE_IMAGE=node:22-bookworm-slim

FROM ${NODE_IMAGE} AS toolchain
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt,sharing=locked \
    apt-get update && \
    apt-get install -y --no-install-recommends python3 g++ make libsqlite3-dev && \
    rm -rf /var/lib/apt/lists/*
# node-gyp builds against the image's own Node headers instead of downloading them.
ENV npm_config_nodedir=/usr/local
WORKDIR /app

FROM toolchain AS packages
COPY packages packages
COPY plugins plugins
RUN find packages plugins -mindepth 2 -maxdepth 2 \! -name package.json -exec rm -rf {} \+

FROM toolchain AS build
COPY .yarnrc.yml package.json yarn.lock backstage.json ./
COPY .yarn/releases .yarn/releases
# Patches of installed packages (their config schemas precompiled, see .yarn/patches/README.md).
COPY .yarn/patches .yarn/patches
COPY --from=packages /app .
RUN --mount=type=cache,target=/root/.yarn/berry/cache,sharing=locked \
    yarn install --immutable
COPY . .
RUN yarn tsc
RUN yarn workspace backend build

FROM toolchain AS prod-deps
COPY --from=build /app/.yarnrc.yml /app/package.json /app/yarn.lock /app/backstage.json ./
COPY --from=build /app/.yarn/releases .yarn/releases
COPY --from=build /app/.yarn/patches .yarn/patches
COPY --from=build /app/packages/backend/dist/skeleton.tar.gz ./
RUN tar xzf skeleton.tar.gz && rm skeleton.tar.gz
# The lockfile is the build stage's; the skeleton holds only the backend's workspaces, so the
# focused install prunes the rest and must not be refused for that.
RUN --mount=type=cache,target=/root/.yarn/berry/cache,sharing=locked \
    YARN_ENABLE_IMMUTABLE_INSTALLS=false yarn workspaces focus --all --production
COPY --from=build /app/packages/backend/dist/bundle.tar.gz ./
RUN tar xzf bundle.tar.gz && rm bundle.tar.gz
RUN mkdir -p techdocs

FROM ${NODE_IMAGE} AS runtime
# MkDocs for TechDocs (techdocs-core is left out: techdocs.generator.mkdocs.omitTechdocsCorePlugin),
# tini as PID 1 so that signals reach node and the scaffolder's child processes are reaped.
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt,sharing=locked \
    apt-get update && \
    apt-get install -y --no-install-recommends mkdocs mkdocs-material tini && \
    rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production
# The scaffolder runs templates in node:vm, which needs this on Node 20 and later.
ENV NODE_OPTIONS=--no-node-snapshot
WORKDIR /app
# The application is owned by root and only readable for the user that runs it.
COPY --from=prod-deps /app/node_modules node_modules
COPY --from=prod-deps /app/packages packages
COPY --from=prod-deps /app/plugins plugins
COPY --from=prod-deps /app/package.json package.json
COPY --from=prod-deps --chown=node:node /app/techdocs techdocs
COPY app-config.yaml app-config.production.yaml catalog-info.yaml ./
COPY examples examples
COPY templates templates
USER node
EXPOSE 7007
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:7007/.backstage/health/v1/readiness').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["tini", "--"]
CMD ["node", "packages/backend", "--config", "app-config.yaml", "--config", "app-config.production.yaml"]
