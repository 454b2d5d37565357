set -e
[ ! -e hb/.ismsbook-init.tmp-Ab12Cd ] || { echo "the staging folder is still there"; exit 1; }
grep -q '^title:' hb/handbook.yaml || { echo "no handbook.yaml"; exit 1; }
