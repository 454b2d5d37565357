# javascript: spelt with HTML entities (decimal, hex, named, zero-padded),
# which cmark decodes in link destinations. &#0; becomes U+FFFD, which
# makes [j] a relative link to a file no folder has: link-broken, made a
# warning here so that the site is built and looked at.
handbook_yaml <<'YAML'
title: Adversarial Handbook
organisation: Test Org
rules: {link-broken: warning}
YAML
doc content/a.md POL-001 "$(printf '%s\n' \
 '[a](&#106;avascript:alert(1)) [b](&#x6A;&#x61;vascript:alert(2)) [c](&#X4A;avascript:alert(3))' \
 '[d](javascript&colon;alert(4)) [e](java&Tab;script:alert(5)) [f](java&NewLine;script:alert(6))' \
 '[g](&#0000106;avascript:alert(7)) [h](jav&#x09;ascript:alert(8)) [i](&#x20;javascript:alert(9))' \
 '[j](&#0;javascript:alert(10)) [k](javascript&#58;alert(11)) [l](javas&#99;ript:alert(12))')"
ib_build
expect_status 0
expect_err_re '.*alert\(10\).*\[link-broken\]'
expect_site_safe a.html
