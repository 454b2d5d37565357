# The golden report (equal to this run's, or the case failed before this)
# must pass real github parsers, not only match itself.
sh "$(dirname "$0")/../../validate.sh" github "$(dirname "$0")/expected.stdout"
