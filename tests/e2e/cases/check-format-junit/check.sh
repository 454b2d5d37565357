# The golden report (equal to this run's, or the case failed before this)
# must pass real junit parsers, not only match itself.
sh "$(dirname "$0")/../../validate.sh" junit "$(dirname "$0")/expected.stdout"
