#include "snippet_html.h"

#include <doctest/doctest.h>

using namespace casebase::serve;

TEST_CASE("sanitize_snippet keeps only <mark> and character references") {
  struct Case {
    std::string in, want;
  };
  const Case cases[] = {
      {"plain", "plain"},
      {"a <mark>b</mark> c", "a <mark>b</mark> c"},
      {"&lt;script&gt; &amp; &#39; &#x27; &quot;", "&lt;script&gt; &amp; &#39; &#x27; &quot;"},
      {"<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"},
      {"<mark onclick=x>a</mark>", "&lt;mark onclick=x&gt;a"},
      {"<mark>open", "<mark>open</mark>"},
      {"</mark>stray", "stray"},
      {"<mark><mark>x</mark>", "<mark>x</mark>"},
      {"AT&T & co", "AT&amp;T &amp; co"},
      {"&#;&#x;&;", "&amp;#;&amp;#x;&amp;;"},
      {"\"quoted\"", "&quot;quoted&quot;"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.in);
    CHECK(sanitize_snippet(c.in) == c.want);
  }
}

TEST_CASE("snippet_text drops tags and decodes entities") {
  struct Case {
    std::string in, want;
  };
  const Case cases[] = {
      {"<mark>a</mark> &amp; b", "a & b"},
      {"&lt;x&gt; &quot;q&quot; &#39;s&apos;", "<x> \"q\" 's'"},
      {"AT&T", "AT&T"},
      {"cut <mark", "cut "},
      {"", ""},
  };
  for (const auto& c : cases) {
    CAPTURE(c.in);
    CHECK(snippet_text(c.in) == c.want);
  }
}
