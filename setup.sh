#!/usr/bin/env bash
# Install everything newsdossier needs on a fresh machine, then run one job.
#   bash setup.sh demo   build the bundled demo corpus and write the dossier
#   bash setup.sh test   run the whole test suite (installs Debian's Chromium for the browser tests)
set -euo pipefail
cd "$(dirname "$0")"
job="${1:-demo}"

export PATH="$HOME/.local/bin:$PATH"
export UV_PYTHON_DOWNLOADS=never  # use the machine's Python 3.11; nothing is fetched from outside PyPI

if ! command -v uv >/dev/null 2>&1; then
  python3 -m pip install --quiet --user uv 2>/dev/null || python3 -m pip install --quiet uv
fi

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

install_chromium() {
  if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then return; fi
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium chromium-driver >/dev/null
}

# compiled at install: without bytecode every command compiles its libraries again (about 2x start-up)
uv sync --frozen --quiet --compile-bytecode

case "$job" in
  demo)
    uv run newsdossier demo
    if ! command -v uv >/dev/null 2>&1 || [ "$(command -v uv)" = "$HOME/.local/bin/uv" ]; then
      # this script's PATH does not reach the calling shell
      echo "uv is in $HOME/.local/bin; if your shell does not find it, run: export PATH=\"\$HOME/.local/bin:\$PATH\""
    fi
    ;;
  test)
    install_chromium
    uv run ruff check .
    uv run pytest -q -p no:cacheprovider
    ;;
  *)
    echo "usage: bash setup.sh demo|test" >&2
    exit 2
    ;;
esac
