#!/usr/bin/env bash
# Shared by the bench scripts that run Bacalhau next to Caravel.

# bacalhau_image: pushes the busybox test image to scripts/registry-dev.sh's loopback registry, where
# Bacalhau (which resolves every image at a registry) can find it, and prints its name. The caller
# logs out with bacalhau_image_done: a login left in ~/.docker/config.json changes the docker
# engine's registry-credential tests.
bacalhau_image() {
  local image="127.0.0.1:5050/bench/busybox:1"
  docker login 127.0.0.1:5050 -u "${CARAVEL_REGISTRY_USER:-caravel-test}" \
    -p "${CARAVEL_REGISTRY_PASSWORD:-caravel-test-secret}" > /dev/null 2>&1
  docker tag caravel-test/busybox:1 "$image" && docker push -q "$image" > /dev/null
  echo "$image"
}

bacalhau_image_done() {
  docker logout 127.0.0.1:5050 > /dev/null 2>&1 || true
}
