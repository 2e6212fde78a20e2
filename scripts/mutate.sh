#!/usr/bin/env bash
# Mutation check for the privacy rules (make mutate; by hand, never in CI).
# Applies each rule-breaking edit listed in scripts/mutants.txt to a scratch
# copy of HEAD under $TMPDIR, one at a time, runs the Go test packages named
# for it and reports which edits no test catches. The working tree is never
# touched. Options go to scripts/mutate/main.go, e.g.
#   scripts/mutate.sh -run 'vault-'              only some mutants
#   scripts/mutate.sh -worktree                  test uncommitted changes too
#   scripts/mutate.sh -rev e600c29              another commit
#   scripts/mutate.sh -skip 'TestFoo|TestBar'    which mutants survive without these tests
# Exit status: 0 all killed, 1 some survived or are stale, 2 could not run.
set -euo pipefail
cd "$(dirname "$0")/.."
exec go run ./scripts/mutate "$@"
