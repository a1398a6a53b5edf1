#!/usr/bin/env bash
# Assembles BENCHMARKS.md from the per-package pages in docs/benchmarks/ (the pages are where
# each package's numbers are recorded, next to the commands that measured them).
set -euo pipefail
cd "$(dirname "$0")/.."
{
  cat docs/benchmarks/README.md
  for page in bench onnxruntime core rangefinder tfjs cli; do
    echo
    # Demote headings one level so each page becomes a section of this file.
    sed -E 's/^(#+) /#\1 /' "docs/benchmarks/$page.md"
  done
} > BENCHMARKS.md
