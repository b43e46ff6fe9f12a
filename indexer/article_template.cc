#include "article_template.h"

#include <cctype>

namespace casebase::indexer {

std::string yaml_quoted(const std::string& v) {
  std::string out = "\"";
  for (char c : v) {
    if (c == '"' || c == '\\') out.push_back('\\');
    if (c == '\n' || c == '\r' || c == '\t') {
      out += c == '\n' ? "\\n" : c == '\r' ? "\\r" : "\\t";
      continue;
    }
    out.push_back(c);
  }
  return out + "\"";
}

std::string yaml_scalar(const std::string& v) {
  if (v.empty() || v.find(": ") != std::string::npos || v.find(" #") != std::string::npos || v.back() == ':' ||
      v.find_first_of("[]{}&*!|>'\"%@`,#?") == 0 || v.rfind("- ", 0) == 0 || v.front() == ' ' || v.back() == ' ') {
    return yaml_quoted(v);
  }
  return v;
}

namespace {

std::string sample_value(const Schema& schema, const FieldSpec& f, const std::string& today) {
  if (!f.example.empty()) return f.example;
  if (f.key == "language") return schema.default_language;
  if (f.key == "type") return schema.default_type;
  if (!f.allowed.empty()) return f.allowed.front().value;
  if (f.kind == FieldKind::kDate) return today;
  return "";
}

// "   # gemeente, provincie, waterschap, rijk, …" for a vocabulary.
std::string values_hint(const FieldSpec& f) {
  if (f.allowed.empty()) return "";
  constexpr size_t kShown = 4;
  std::string hint = "   # ";
  for (size_t i = 0; i < f.allowed.size() && i < kShown; ++i) hint += (i ? ", " : "") + f.allowed[i].value;
  return hint + (f.allowed.size() > kShown ? ", …" : "");
}

std::string front_matter_line(const Schema& schema, const FieldSpec& f, const std::string& today) {
  const std::string v = sample_value(schema, f, today);
  std::string value;
  if (f.multi) {
    value = v.empty() ? "[]" : "[" + yaml_scalar(v) + "]";
  } else {
    value = yaml_scalar(v);
  }
  return f.key + ": " + value + values_hint(f) + "\n";
}

std::string section_heading(const SectionSpec& s, const std::string& lang) {
  if (!s.labels.empty()) return s.label(lang);
  std::string h = s.headings.empty() ? s.name : s.headings.front();
  if (!h.empty()) h[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(h[0])));
  return h;
}

}  // namespace

std::string render_article_template(const Schema& schema, const std::string& title, const std::string& today) {
  const std::string& lang = schema.default_language;
  std::string out = "---\ntitle: " + yaml_quoted(title) + "\n";
  for (const auto& f : schema.fields) {
    if (f.key == "title") continue;
    if (f.required || f.facet || f.kind == FieldKind::kText || !f.example.empty()) {
      out += front_matter_line(schema, f, today);
    }
  }
  out += "---\n";
  std::string intro = pick_label(schema.template_intro, lang, "");
  if (!intro.empty()) out += "\n" + intro + "\n";
  for (const auto& s : schema.sections) {
    out += "\n## " + section_heading(s, lang) + "\n";
    std::string example = pick_label(s.example, lang, "");
    if (!example.empty()) out += "\n" + example + "\n";
  }
  return out;
}

}  // namespace casebase::indexer
