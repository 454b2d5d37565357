# The golden report must pass real github parsers, not only match itself.
sh "$(dirname "$0")/../../validate.sh" github "$(dirname "$0")/expected.stdout"
