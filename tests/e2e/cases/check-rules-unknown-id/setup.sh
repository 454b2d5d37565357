# The shared filter handbook (tests/e2e/filter-base/README), with rules:
# for the filters' own ids, a typo of a built-in id and a key that is no
# rule id at all.
sh "$(dirname "$0")/../../filter-base/use.sh"
cat >> handbook.yaml <<'YAML'
rules:
  placeholder-text: warning
  vague-language: off
  review-overdu: off
  Policy-Procedure: off
YAML
