#!/usr/bin/env bash
# Validates docker-compose.yml (syntax, references, the gpu profile) without pulling an image.
# Uses Debian's docker-compose (installed when missing) or the `docker compose` plugin if present.
set -euo pipefail
cd "$(dirname "$0")/.."
if docker compose version >/dev/null 2>&1; then
  compose=(docker compose)
else
  if ! command -v docker-compose >/dev/null 2>&1; then
    echo "installing docker-compose (Debian package)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q docker-compose >/dev/null
  fi
  compose=(docker-compose)
fi
"${compose[@]}" config -q
services=$("${compose[@]}" --profile gpu config --services | sort | tr '\n' ' ')
expected="ipfs postgresql s3 temporal temporal-setup temporal-ui worker worker-gpu "
if [ "$services" != "$expected" ]; then
  echo "docker-compose.yml: expected services [$expected], got [$services]" >&2
  exit 1
fi
# The Temporal server's dynamic config is a bind-mounted file; a missing one would start the server
# with default dispatch limits (docs/running-on-a-cluster.md, section 7).
if ! grep -q '^history.transferProcessorMaxPollRPS:' scripts/temporal-dynamicconfig.yaml 2>/dev/null; then
  echo "scripts/temporal-dynamicconfig.yaml: missing, or without history.transferProcessorMaxPollRPS" >&2
  exit 1
fi
echo "docker-compose.yml: valid ($services)"
