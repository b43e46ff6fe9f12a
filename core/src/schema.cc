#include "casebase/schema.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <set>

#include "casebase/file.h"
#include "casebase/text.h"

namespace casebase {

std::string pick_label(const Labels& labels, const std::string& lang, const std::string& fallback) {
  if (auto it = labels.find(lang); it != labels.end() && !it->second.empty()) return it->second;
  if (auto it = labels.find("en"); it != labels.end() && !it->second.empty()) return it->second;
  for (const auto& [l, text] : labels) {
    if (!text.empty()) return text;
  }
  return fallback;
}

std::string facet_api_key(const FieldSpec& f) {
  if (f.kind != FieldKind::kDate) return f.key;
  return f.key == "date" ? "year" : f.key + "_year";
}

std::string FieldSpec::value_label(const std::string& value, const std::string& lang) const {
  const std::string norm = normalize_keyword(value);
  for (const auto& a : allowed) {
    if (normalize_keyword(a.value) == norm) return pick_label(a.labels, lang, value);
  }
  return value;
}

std::optional<std::string> FieldSpec::canonical(const std::string& value) const {
  if (allowed.empty()) return value;
  const std::string norm = normalize_keyword(value);
  for (const auto& a : allowed) {
    if (normalize_keyword(a.value) == norm) return a.value;
    for (const auto& alias : a.aliases) {
      if (normalize_keyword(alias) == norm) return a.value;
    }
  }
  if (open_values) return value;
  return std::nullopt;
}

std::vector<std::vector<std::string>> vocabulary_synonyms(const Schema& schema) {
  std::vector<std::vector<std::string>> out;
  for (const auto& f : schema.fields) {
    if (f.kind != FieldKind::kKeyword || !f.facet || !f.related) continue;
    for (const auto& a : f.allowed) {
      std::vector<std::string> group;
      auto add = [&](const std::string& w) {
        const std::string n = normalize_keyword(w);
        if (n.size() >= 3 && std::find(group.begin(), group.end(), n) == group.end()) group.push_back(n);
      };
      add(a.value);
      for (const auto& x : a.aliases) add(x);
      for (const auto& [lang, label] : a.labels) add(label);
      if (group.size() >= 2) out.push_back(std::move(group));
    }
  }
  return out;
}

const FieldSpec* Schema::field(const std::string& key) const {
  for (const auto& f : fields) {
    if (f.key == key) return &f;
  }
  return nullptr;
}

const FieldSpec* Schema::field_for_front_matter_key(const std::string& key) const {
  for (const auto& f : fields) {
    if (f.key == key) return &f;
  }
  for (const auto& f : fields) {
    for (const auto& a : f.aliases) {
      if (a == key) return &f;
    }
  }
  return nullptr;
}

const SectionSpec* Schema::section(const std::string& name) const {
  for (const auto& s : sections) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

const SectionSpec* Schema::section_for_heading(const std::string& heading) const {
  std::string h = normalize_keyword(heading);
  // Headings often end in a colon or carry "& tips"-like tails: match exact
  // first, then "starts with" on a word boundary.
  while (!h.empty() && (h.back() == ':' || h.back() == '.')) h.pop_back();
  for (const auto& s : sections) {
    for (const auto& cand : s.headings) {
      if (h == cand) return &s;
    }
  }
  for (const auto& s : sections) {
    for (const auto& cand : s.headings) {
      if (h.size() > cand.size() && h.compare(0, cand.size(), cand) == 0 &&
          (h[cand.size()] == ' ' || h[cand.size()] == '&' || h[cand.size()] == '(')) {
        return &s;
      }
    }
  }
  return nullptr;
}

std::vector<const FieldSpec*> Schema::facets() const {
  std::vector<const FieldSpec*> out;
  for (const auto& f : fields) {
    if (f.facet) out.push_back(&f);
  }
  return out;
}

std::vector<const FieldSpec*> Schema::facets_in_order() const {
  std::vector<const FieldSpec*> out;
  for (const auto& key : facet_order) {
    const FieldSpec* f = facet_by_api_key(key);
    if (f && std::find(out.begin(), out.end(), f) == out.end()) out.push_back(f);
  }
  for (const FieldSpec* f : facets()) {
    if (std::find(out.begin(), out.end(), f) == out.end()) out.push_back(f);
  }
  return out;
}

std::vector<const SectionSpec*> Schema::glance_sections() const {
  std::vector<const SectionSpec*> out;
  if (glance.empty()) {
    for (const auto& s : sections) {
      if (!s.item_type.empty()) out.push_back(&s);
    }
    return out;
  }
  for (const auto& name : glance) {
    const SectionSpec* s = section(name);
    if (s && !s->item_type.empty() && std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
  }
  return out;
}

const SectionSpec* Schema::section_for_item_type(const std::string& item_type) const {
  if (item_type.empty()) return nullptr;
  for (const auto& s : sections) {
    if (s.item_type == item_type) return &s;
  }
  return nullptr;
}

const FieldSpec* Schema::facet_by_api_key(const std::string& api_key) const {
  for (const auto& f : fields) {
    if (f.facet && facet_api_key(f) == api_key) return &f;
  }
  return nullptr;
}

Status Schema::validate() const {
  std::set<std::string> keys, prefixes, qnames;
  std::set<int> slots = {kSlotDate, kSlotCaseId, kSlotState, kSlotDateAsc, kSlotTitle, 5, 6, kSlotBrowseNewest,
                         kSlotBrowseOldest, kSlotIdTitle};
  for (const auto& f : fields) {
    if (f.key.empty()) return Status::invalid_argument("a field has no key");
    if (!keys.insert(f.key).second) return Status::invalid_argument("duplicate field `" + f.key + "`");
    if (f.prefix.empty() || f.prefix[0] < 'A' || f.prefix[0] > 'Z') {
      return Status::invalid_argument("field `" + f.key + "` needs an upper-case term prefix");
    }
    if (f.prefix == kIdPrefix || !prefixes.insert(f.prefix).second) {
      return Status::invalid_argument("field `" + f.key + "`: prefix `" + f.prefix + "` is used twice");
    }
    if (f.slot >= 0 && !slots.insert(f.slot).second) {
      return Status::invalid_argument("field `" + f.key + "`: value slot " + std::to_string(f.slot) + " is used twice");
    }
    if (f.facet && f.slot < 0) return Status::invalid_argument("facet `" + f.key + "` has no value slot");
    for (const auto& q : f.query_names) {
      if (!qnames.insert(q).second) return Status::invalid_argument("query name `" + q + "` is used twice");
    }
  }
  for (const auto& s : sections) {
    if (s.name.empty() || s.prefix.empty()) return Status::invalid_argument("a section needs a name and a prefix");
    if (!prefixes.insert(s.prefix).second) {
      return Status::invalid_argument("section `" + s.name + "`: prefix `" + s.prefix + "` is used twice");
    }
    for (const auto& q : s.query_names) {
      if (!qnames.insert(q).second) return Status::invalid_argument("query name `" + q + "` is used twice");
    }
  }
  return {};
}

std::string filter_term(const std::string& prefix, const std::string& value) {
  return fit_key(prefix + normalize_keyword(value));
}

size_t key_bytes(std::string_view term) {
  return term.size() + static_cast<size_t>(std::count(term.begin(), term.end(), '\0'));
}

std::string fit_key(std::string_view term, size_t max_bytes) {
  size_t bytes = 0, end = 0;
  while (end < term.size() && bytes + (term[end] == '\0' ? 2 : 1) <= max_bytes) bytes += term[end++] == '\0' ? 2 : 1;
  return utf8_truncate(term, end);
}

Schema default_schema() {
  static const Schema kBuiltin = [] {
    auto r = parse_schema_over(Schema{}, builtin_schema_text(), "core/schema/case-library.yaml");
    // A test parses the embedded file: failing here is a build that skipped it.
    if (!r.ok()) {
      std::fprintf(stderr, "casebase: the built-in schema is broken: %s\n", r.status().to_string().c_str());
      std::abort();
    }
    return std::move(r).value();
  }();
  return kBuiltin;
}

Result<Schema> parse_schema(const std::string& yaml_text, const std::string& path) {
  return parse_schema_over(default_schema(), yaml_text, path);
}

Result<Schema> load_schema(const std::string& path) {
  auto text = read_file(path, 16u << 20);
  if (!text.ok()) return Status::io("cannot read schema `" + path + "`");
  return parse_schema(*text, path);
}

}  // namespace casebase
