#!/usr/bin/env bash
# Starts the app as a newcomer would (npm start) on a fresh embedded database, keeping everything
# it prints in .e2e/server.log for the leak scan.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf .e2e && mkdir -p .e2e
export DATA_DIR="$PWD/.e2e/data" INITIAL_ADMIN_LOGIN=admin INITIAL_ADMIN_PASSWORD=e2e-admin-password
# The sweeper (which creates the expiry notices) every 2 s, so a spec sees its notices at once.
export TOKEN_SWEEP_INTERVAL_SECONDS=2
exec npm start 2>&1 | tee .e2e/server.log
