#!/usr/bin/env bash
# meridian in a pull request: plan the PR's spec, diff it against the base
# branch's plan, assess the Terraform the team runs, and write one Markdown
# comment. Exits non-zero when a guardrail is crossed, when the PR's spec
# cannot be met, or when the Terraform misses its SLOs.
#
# Usage: meridian-pr.sh SPEC [TERRAFORM_DIR]
#
# Environment (all optional):
#   MERIDIAN                 the meridian binary (default: meridian on PATH)
#   BASE_REF                 the base branch's commit (default: origin/main)
#   OUT                      where the files go (default: meridian-pr)
#   MAX_COST_INCREASE_PCT    cost guardrail in percent (default: 10)
#   FAIL_ON_ASSESS           1: fail when the Terraform misses its SLOs (default: 1)
#
# Writes OUT/plan.json (the PR's plan), OUT/base.json (the base branch's,
# when the spec exists there), OUT/diff.md, OUT/assess.md and OUT/comment.md.
set -uo pipefail

spec=${1:?usage: meridian-pr.sh SPEC [TERRAFORM_DIR]}
terraform=${2:-}
meridian=${MERIDIAN:-meridian}
base=${BASE_REF:-origin/main}
out=${OUT:-meridian-pr}
max_cost=${MAX_COST_INCREASE_PCT:-10}
fail_on_assess=${FAIL_ON_ASSESS:-1}

mkdir -p "$out"
failed=0
comment="$out/comment.md"
: > "$comment"

# The PR's plan. Exit 1: planned, but some class cannot meet its SLOs.
"$meridian" plan "$spec" --format json > "$out/plan.json"
status=$?
case $status in
  0) ;;
  1) failed=1; echo "The PR's spec cannot be met: see \`meridian plan $spec\`." >> "$comment"; echo >> "$comment" ;;
  *) echo "meridian plan $spec failed (exit $status)" >&2; exit 2 ;;
esac

# The base branch's plan of the same spec, and the diff with guardrails.
if git cat-file -e "$base:$spec" 2> /dev/null; then
  git show "$base:$spec" > "$out/base.toml"
  "$meridian" plan "$out/base.toml" --format json > "$out/base.json"
  case $? in
    0 | 1) ;;
    *) echo "meridian plan of $base:$spec failed" >&2; exit 2 ;;
  esac
  "$meridian" diff "$out/base.json" "$out/plan.json" --format markdown \
    --fail-on-cost-increase "$max_cost" --fail-on-rpo-regression \
    --fail-on-rto-regression --fail-on-availability-regression > "$out/diff.md"
  status=$?
  case $status in
    0) ;;
    1) failed=1 ;;
    *) echo "meridian diff failed (exit $status)" >&2; exit 2 ;;
  esac
  cat "$out/diff.md" >> "$comment"
else
  echo "$spec is new in this pull request: no base plan to compare with." >> "$comment"
fi

# The Terraform as it is, against the PR's SLOs.
if [ -n "$terraform" ]; then
  "$meridian" assess "$spec" --terraform "$terraform" --format markdown > "$out/assess.md"
  status=$?
  case $status in
    0) ;;
    1) if [ "$fail_on_assess" = 1 ]; then failed=1; fi ;;
    *) echo "meridian assess failed (exit $status)" >&2; exit 2 ;;
  esac
  { echo; cat "$out/assess.md"; } >> "$comment"
fi

echo "wrote $comment"
exit $failed
