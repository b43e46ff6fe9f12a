#include "citation.h"

#include <cctype>

namespace casebase::serve {

namespace {

bool digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// Runs of whitespace (a YAML title may hold newlines) become one space.
std::string one_line(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

// `{name}` in `pattern` replaced; nothing else is special.
std::string fill(std::string pattern, const std::string& name, const std::string& value) {
  const std::string key = "{" + name + "}";
  for (size_t at = pattern.find(key); at != std::string::npos; at = pattern.find(key, at + value.size())) {
    pattern.replace(at, key.size(), value);
  }
  return pattern;
}

// A sentence's end: a period unless it ends in one already (or ? or !).
std::string sentence(const std::string& s) {
  if (s.empty()) return s;
  const char last = s.back();
  return last == '.' || last == '?' || last == '!' ? s : s + ".";
}

// APA's list of authors: "A", "A & B", "A, B, & C".
std::string apa_authors(const std::vector<std::string>& authors) {
  std::vector<std::string> names;
  for (const auto& a : authors) {
    if (std::string n = one_line(a); !n.empty()) names.push_back(std::move(n));
  }
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += names.size() == 2 ? " & " : (i + 1 == names.size() ? ", & " : ", ");
    out += names[i];
  }
  return out;
}

// A URL inside BibTeX braces: characters that would unbalance them or end
// the field are percent-encoded; the rest is kept.
std::string bibtex_url(std::string_view url) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (char c : url) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '{' || c == '}' || c == '\\' || c == '%' || c == '#' || u <= 0x20 || u == 0x7f) {
      out += '%';
      out += hex[u >> 4];
      out += hex[u & 15];
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace

std::string apa_date(const std::string& date, const CiteWords& words) {
  if (date.size() < 4 || !digits(date.substr(0, 4))) return words.undated;
  const std::string year = date.substr(0, 4);
  if (date.size() < 7 || date[4] != '-' || !digits(date.substr(5, 2))) return year;
  const int month = std::stoi(date.substr(5, 2));
  if (month < 1 || month > 12) return year;
  std::string out = fill(words.month_year, "year", year);
  if (date.size() >= 10 && date[7] == '-' && digits(date.substr(8, 2))) {
    const int day = std::stoi(date.substr(8, 2));
    if (day >= 1 && day <= 31) out = fill(fill(words.day_month_year, "year", year), "day", std::to_string(day));
  }
  return fill(out, "month", words.months[static_cast<size_t>(month - 1)]);
}

std::string apa_citation(const CitationInput& in, const CiteWords& words) {
  const std::string title = one_line(in.title.empty() ? in.id : in.title);
  const std::string authors = apa_authors(in.authors);
  const std::string date = "(" + apa_date(in.date, words) + ").";
  std::string out = authors.empty() ? sentence(title) + " " + date
                                    : sentence(authors) + " " + date + " " + sentence(title);
  out += " " + sentence(one_line(in.site)) + " " + one_line(in.permalink);
  if (!in.source_url.empty()) out += " " + words.source + " " + one_line(in.source_url);
  return out;
}

std::string bibtex_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '\\': out += "\\textbackslash{}"; break;
      case '{': out += "\\{"; break;
      case '}': out += "\\}"; break;
      case '&': out += "\\&"; break;
      case '%': out += "\\%"; break;
      case '$': out += "\\$"; break;
      case '#': out += "\\#"; break;
      case '_': out += "\\_"; break;
      case '~': out += "\\textasciitilde{}"; break;
      case '^': out += "\\textasciicircum{}"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

std::string bibtex_citation(const CitationInput& in) {
  // BibTeX keys may not hold spaces, commas or braces; an article id is
  // [a-z0-9/_-] (valid_article_id), so only the guard against others remains.
  std::string key = "casebase:";
  for (char c : in.id) key.push_back(std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '-' || c == '_' ? c : '-');
  std::string out = "@misc{" + key + ",\n";
  std::string authors;
  for (const auto& a : in.authors) {
    const std::string name = one_line(a);
    if (name.empty()) continue;
    if (!authors.empty()) authors += " and ";
    authors += "{" + bibtex_escape(name) + "}";
  }
  if (!authors.empty()) out += "  author = {" + authors + "},\n";
  out += "  title = {{" + bibtex_escape(one_line(in.title.empty() ? in.id : in.title)) + "}},\n";
  if (in.date.size() >= 4 && digits(in.date.substr(0, 4))) out += "  year = {" + in.date.substr(0, 4) + "},\n";
  out += "  publisher = {" + bibtex_escape(one_line(in.site)) + "},\n";
  out += "  howpublished = {\\url{" + bibtex_url(in.permalink) + "}},\n";
  out += "  url = {" + bibtex_url(in.permalink) + "},\n";
  if (!in.source_url.empty()) out += "  note = {\\url{" + bibtex_url(in.source_url) + "}},\n";
  out += "}";
  return out;
}

}  // namespace casebase::serve
