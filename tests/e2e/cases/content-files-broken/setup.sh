# A symlink out of the handbook, and one to a file inside it.
printf 'Codeword Zebrafink\n' > ../secret.txt
ln -s ../../../secret.txt content/policies/leak.txt
ln -s real.png content/policies/inside.png
