# Sourced by the scripts: finds Python 3.13 and names the two venvs.
# shellcheck shell=bash
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${VENV:-$ROOT/.venv}"
VENV_NEXT="${VENV_NEXT:-$ROOT/.venv-next}"

# Prints the path of a Python 3.13 interpreter: python3.13 on PATH, else pyenv's 3.13.0.
find_python313() {
  local exe
  for exe in "$(command -v python3.13 2>/dev/null)" "$(PYENV_VERSION=3.13.0 pyenv which python3.13 2>/dev/null)"; do
    if [ -n "$exe" ] && PYENV_VERSION=3.13.0 "$exe" -c 'import sys; assert sys.version_info[:2] == (3, 13)' 2>/dev/null; then
      PYENV_VERSION=3.13.0 "$exe" -c 'import sys; print(sys.executable)'
      return 0
    fi
  done
  echo "Python 3.13 not found (tried python3.13 and pyenv's 3.13.0)" >&2
  return 1
}
