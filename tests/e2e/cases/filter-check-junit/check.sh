# The golden report must pass real junit parsers, not only match itself.
sh "$(dirname "$0")/../../validate.sh" junit "$(dirname "$0")/expected.stdout"
