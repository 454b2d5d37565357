[ ! -e content ] || { echo "content/ was written"; exit 1; }
