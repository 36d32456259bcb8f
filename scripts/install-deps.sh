#!/usr/bin/env bash
# Installs the system libraries SQ builds against (Debian/Ubuntu), only when missing.
# SQLite, libedit, zlib (inflating .xlsx parts) and ReadStat (SPSS/Stata/SAS files) come
# from the system; Swift packages resolve through SwiftPM. Figures: rsvg-convert (librsvg2-bin) writes .png and .pdf,
# ImageMagick .tiff, and the Liberation fonts stand in for Helvetica/Arial and Times New
# Roman with the same metrics. Chromium renders the HTML report in a test.
# PostgreSQL 15 (server binaries under /usr/lib/postgresql/15/bin, for the test instances
# scripts/pg-cluster.sh starts) and libpq (the client the SQPostgres module links). Debian
# bookworm ships postgres_fdw inside postgresql-15; there is no separate contrib-15 package.
set -euo pipefail
needed=()
for pkg in libsqlite3-dev libedit-dev zlib1g-dev pkg-config libreadstat-dev librsvg2-bin imagemagick fonts-dejavu-core fonts-liberation chromium postgresql-15 libpq-dev; do
  dpkg -s "$pkg" >/dev/null 2>&1 || needed+=("$pkg")
done
if [ ${#needed[@]} -gt 0 ]; then
  echo "installing: ${needed[*]}" >&2
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${needed[@]}" >/dev/null
fi
command -v swift >/dev/null 2>&1 || { echo "swift is not on PATH (install the Swift toolchain first)" >&2; exit 1; }
