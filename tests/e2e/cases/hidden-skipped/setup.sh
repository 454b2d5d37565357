# git cannot store a .git folder inside the repository, so it is made here.
mkdir -p content/.git/objects
printf -- '---\nid: POL-003\ntitle: Git Internal\ntype: policy\nowner: ciso\n---\n\nNot a document.\n' > content/.git/HEAD.md
printf 'not front matter at all\n' > content/.git/objects/pack.md
