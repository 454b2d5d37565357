# The golden report must pass real json parsers, not only match itself.
sh "$(dirname "$0")/../../validate.sh" json "$(dirname "$0")/expected.stdout"
