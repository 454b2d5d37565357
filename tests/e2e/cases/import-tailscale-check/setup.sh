# The handbook of the case import-tailscale, the only copy of the corpus.
src="$(dirname "$0")/../import-tailscale"
cp -R "$src/content" "$src/handbook.yaml" .
