#include "snippet_html.h"

#include <cctype>
#include <cstring>
#include <utility>

namespace casebase::serve {

std::string sanitize_snippet(std::string_view html) {
  std::string out;
  int open = 0;
  for (size_t i = 0; i < html.size(); ++i) {
    char c = html[i];
    if (c == '<') {
      if (html.compare(i, 6, "<mark>") == 0) {
        if (open == 0) {
          out += "<mark>";
          open = 1;
        }
        i += 5;
        continue;
      }
      if (html.compare(i, 7, "</mark>") == 0) {
        if (open == 1) {
          out += "</mark>";
          open = 0;
        }
        i += 6;
        continue;
      }
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else if (c == '"') {
      out += "&quot;";
    } else if (c == '&') {
      // A character reference stays: &name; or &#123; or &#x1F;.
      const size_t n = html.size();
      size_t j = i + 1, start = j;
      if (j < n && html[j] == '#') {
        ++j;
        const bool hex = j < n && (html[j] == 'x' || html[j] == 'X');
        if (hex) ++j;
        start = j;
        while (j < n && j - start < 8 &&
               (hex ? std::isxdigit(static_cast<unsigned char>(html[j])) : std::isdigit(static_cast<unsigned char>(html[j])))) {
          ++j;
        }
      } else {
        while (j < n && j - start < 32 && std::isalnum(static_cast<unsigned char>(html[j]))) ++j;
      }
      if (j > start && j < n && html[j] == ';') {
        out.append(html.substr(i, j - i + 1));
        i = j;
      } else {
        out += "&amp;";
      }
    } else {
      out.push_back(c);
    }
  }
  if (open) out += "</mark>";
  return out;
}

std::string snippet_text(std::string_view html) {
  std::string out;
  for (size_t i = 0; i < html.size(); ++i) {
    if (html[i] == '<') {
      size_t e = html.find('>', i);
      if (e == std::string::npos) break;
      i = e;
      continue;
    }
    if (html[i] == '&') {
      static const std::pair<const char*, char> kEnt[] = {
          {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}, {"&apos;", '\''}};
      bool done = false;
      for (const auto& [ent, ch] : kEnt) {
        if (html.compare(i, std::strlen(ent), ent) == 0) {
          out.push_back(ch);
          i += std::strlen(ent) - 1;
          done = true;
          break;
        }
      }
      if (done) continue;
    }
    out.push_back(html[i]);
  }
  return out;
}

}  // namespace casebase::serve
