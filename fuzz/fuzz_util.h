// Shared helpers of the libFuzzer targets: an output oracle for HTML that
// must be safe to put in a page (no script can run), and a tiny index
// built once per process for the query target.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace casebase::fuzz {

// Aborts (a libFuzzer finding) with `why` and the offending HTML.
[[noreturn]] inline void fail(const char* why, std::string_view html) {
  std::fprintf(stderr, "fuzz oracle: %s\n%.*s\n", why, static_cast<int>(std::min<size_t>(html.size(), 2000)),
               html.data());
  std::abort();
}

inline std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Decodes the character references a browser would decode in an attribute
// value (&#NN;, &#xNN;, &colon; &Tab; &NewLine; and the basic five), then
// drops what browsers ignore in a scheme (controls and spaces).
inline std::string attr_scheme_view(std::string_view v) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    char c = v[i];
    if (c == '&') {
      size_t semi = v.find(';', i);
      if (semi != std::string_view::npos && semi - i <= 10) {
        std::string ent = lower(v.substr(i + 1, semi - i - 1));
        long code = -1;
        if (ent.size() > 1 && ent[0] == '#') {
          code = ent[1] == 'x' ? std::strtol(ent.c_str() + 2, nullptr, 16) : std::strtol(ent.c_str() + 1, nullptr, 10);
        } else if (ent == "colon") {
          code = ':';
        } else if (ent == "tab" || ent == "newline") {
          code = ' ';
        } else if (ent == "amp") {
          code = '&';
        }
        if (code > 0 && code < 128) {
          c = static_cast<char>(code);
          i = semi;
        }
      }
    }
    if (static_cast<unsigned char>(c) <= 0x20) continue;
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

// A URL scheme as browsers parse it (WHATWG URL): a letter, then letters,
// digits, '+', '-' or '.'. Anything else before the first ':' (say
// "http%06") is no scheme, and the URL is relative: harmless.
inline bool is_url_scheme(std::string_view s) {
  if (s.empty() || !std::isalpha(static_cast<unsigned char>(s[0]))) return false;
  for (char c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') return false;
  }
  return true;
}

// Checks HTML produced from untrusted input: every tag is one of the
// elements cmark or our snippet code emit, no event-handler attribute, and
// no href/src with a scheme other than http, https or mailto.
inline void check_safe_html(std::string_view html) {
  static const char* kAllowed[] = {"p",  "em", "strong", "a",  "img", "code", "pre", "h1", "h2",         "h3",
                                   "h4", "h5", "h6",     "ul", "ol",  "li",   "blockquote", "hr", "br", "mark",
                                   "del"};
  size_t i = 0;
  while ((i = html.find('<', i)) != std::string_view::npos) {
    if (html.substr(i, 4) == "<!--") {
      size_t end = html.find("-->", i);
      if (end == std::string_view::npos) fail("unterminated comment", html);
      std::string_view comment = html.substr(i, end + 3 - i);
      if (comment != "<!-- raw HTML omitted -->") fail("unexpected comment", html);
      i = end + 3;
      continue;
    }
    size_t end = html.find('>', i);
    if (end == std::string_view::npos) fail("unterminated tag", html);
    std::string tag = lower(html.substr(i + 1, end - i - 1));
    size_t name_start = tag.size() > 0 && tag[0] == '/' ? 1 : 0;
    size_t name_end = tag.find_first_of(" /\t\n", name_start);
    std::string name = tag.substr(name_start, name_end == std::string::npos ? std::string::npos : name_end - name_start);
    bool ok = false;
    for (const char* a : kAllowed) ok = ok || name == a;
    if (!ok) fail("unexpected element", html);
    // Attribute values are quoted by cmark; a quote inside is escaped, so a
    // raw `"` can only delimit. Look at each name="value".
    std::string_view raw = html.substr(i + 1, end - i - 1);
    size_t p = 0;
    while ((p = raw.find("=\"", p)) != std::string_view::npos) {
      size_t ns = raw.rfind(' ', p);
      std::string attr = lower(raw.substr(ns == std::string_view::npos ? 0 : ns + 1, p - (ns == std::string_view::npos ? 0 : ns + 1)));
      size_t ve = raw.find('"', p + 2);
      if (ve == std::string_view::npos) fail("unterminated attribute", html);
      std::string_view val = raw.substr(p + 2, ve - p - 2);
      if (attr.rfind("on", 0) == 0) fail("event handler attribute", html);
      if (attr == "href" || attr == "src") {
        std::string v = attr_scheme_view(val);
        size_t colon = v.find(':');
        size_t stop = v.find_first_of("/?#");
        if (colon != std::string::npos && (stop == std::string::npos || colon < stop)) {
          std::string scheme = v.substr(0, colon);
          if (is_url_scheme(scheme) && scheme != "http" && scheme != "https" && scheme != "mailto") {
            fail("unsafe URL scheme", html);
          }
        }
      }
      p = ve + 1;
    }
    i = end + 1;
  }
}

// Checks a whole page built from untrusted parameters: no attribute is an
// event handler and every URL attribute (href, src, action, formaction) is
// relative or http(s)/mailto once decoded as a browser would. Text that
// merely reads "javascript:" (an echoed query) is harmless and allowed; the
// page's escaping turns every quote in text into &quot;, so `="` only occurs
// inside tags.
inline void check_page_urls(std::string_view html) {
  size_t p = 0;
  while ((p = html.find("=\"", p)) != std::string_view::npos) {
    size_t ns = p;
    while (ns > 0 && (std::isalnum(static_cast<unsigned char>(html[ns - 1])) || html[ns - 1] == '-' || html[ns - 1] == ':')) --ns;
    std::string attr = lower(html.substr(ns, p - ns));
    size_t ve = html.find('"', p + 2);
    if (ve == std::string_view::npos) fail("unterminated attribute", html);
    std::string_view val = html.substr(p + 2, ve - p - 2);
    if (attr.size() > 2 && attr.rfind("on", 0) == 0) fail("event handler attribute in the page", html);
    if (attr == "href" || attr == "src" || attr == "action" || attr == "formaction") {
      std::string v = attr_scheme_view(val);
      size_t colon = v.find(':');
      size_t stop = v.find_first_of("/?#");
      if (colon != std::string::npos && (stop == std::string::npos || colon < stop)) {
        std::string scheme = v.substr(0, colon);
        if (is_url_scheme(scheme) && scheme != "http" && scheme != "https" && scheme != "mailto") {
          fail("unsafe URL scheme in the page", html);
        }
      }
    }
    p = ve + 1;
  }
}

}  // namespace casebase::fuzz
