# The golden report must pass real sarif parsers, not only match itself.
sh "$(dirname "$0")/../../validate.sh" sarif "$(dirname "$0")/expected.stdout"
