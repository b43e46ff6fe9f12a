#include "views.h"

#include <algorithm>

#include "casebase/query.h"

using nlohmann::json;

namespace casebase::serve {

std::string join(const std::vector<std::string>& v, const std::string& sep) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

std::vector<std::string> strings_of(const json& j) {
  std::vector<std::string> out;
  if (j.is_string()) {
    out.push_back(j.get<std::string>());
  } else if (j.is_array()) {
    for (const auto& x : j) {
      if (x.is_string()) out.push_back(x.get<std::string>());
    }
  }
  return out;
}

std::string str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string css_token(const std::string& s) {
  std::string out;
  for (char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-') out.push_back(c);
  }
  return out.empty() ? "other" : out;
}

std::string content_lang(const std::string& article_lang, const Language& page_lang) {
  if (article_lang.empty() || article_lang == page_lang.code || article_lang.size() > 35) return "";
  bool ok = std::all_of(article_lang.begin(), article_lang.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
  });
  return ok ? article_lang : "";
}

json option(const std::string& value, const std::string& label, bool selected) {
  return {{"value", value}, {"label", label}, {"selected", selected}};
}

std::string facet_label(const Schema& schema, const std::string& api_key, const Language& lang) {
  const FieldSpec* f = schema.facet_by_api_key(api_key);
  if (!f) return api_key;
  const std::string l = f->label(lang.code);
  return l.empty() ? api_key : l;
}

std::string value_label(const Schema& schema, const Language& lang, const std::string& api_key,
                        const std::string& value) {
  const FieldSpec* f = schema.facet_by_api_key(api_key);
  if (!f) f = schema.field(api_key);
  if (f && f->kind == FieldKind::kDate && value == "unknown") return tr(lang, "year_unknown");
  return f ? f->value_label(value, lang.code) : value;
}

std::string year_key(const Schema& schema) {
  for (const auto& f : schema.fields) {
    if (f.kind == FieldKind::kDate && f.facet) return facet_api_key(f);
  }
  return "";
}

const FieldSpec* theme_field(const Schema& schema) {
  for (const auto& f : schema.fields) {
    if (f.facet && f.feed == "category") return &f;
  }
  return nullptr;
}

std::string years_text(const Language& lang, int from, int to) {
  if (from && to) return format(tr(lang, "year_range"), {{"from", std::to_string(from)}, {"to", std::to_string(to)}});
  if (from) return format(tr(lang, "year_since"), {{"from", std::to_string(from)}});
  return format(tr(lang, "year_until"), {{"to", std::to_string(to)}});
}

std::string count_text(const Language& lang, size_t n) {
  return n == 1 ? tr(lang, "count_one") : format(tr(lang, "count_many"), {{"n", std::to_string(n)}});
}

}  // namespace casebase::serve
