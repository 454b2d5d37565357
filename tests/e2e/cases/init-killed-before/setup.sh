mkdir -p hb/.ismsbook-init.tmp-Ab12Cd/content
echo half > hb/.ismsbook-init.tmp-Ab12Cd/handbook.yaml
