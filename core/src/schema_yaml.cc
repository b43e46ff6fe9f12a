// Reading a schema from YAML (docs/SCHEMA.md has the grammar): one small
// function per part (ranking, stemmers, stem overrides, fields, values,
// sections). yaml-cpp exceptions and YamlError stop in parse_schema_over,
// which turns them into a content Status with file:line:col.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "casebase/schema.h"
#include "casebase/text.h"

namespace casebase {

namespace {

struct YamlError {
  std::string msg;
  YAML::Mark mark;
};

using Keys = std::initializer_list<const char*>;

// A key the grammar does not know is a typo that would otherwise be
// silently ignored: report it where it is written.
void check_keys(const YAML::Node& map, Keys known, const std::string& where) {
  for (const auto& kv : map) {
    const std::string k = kv.first.as<std::string>();
    if (std::any_of(known.begin(), known.end(), [&](const char* x) { return k == x; })) continue;
    std::string list;
    for (const char* x : known) list += std::string(list.empty() ? "" : ", ") + x;
    throw YamlError{"unknown key `" + k + "` in " + where + " (known: " + list + ")", kv.first.Mark()};
  }
}

void require_map(const YAML::Node& n, const std::string& what) {
  if (!n.IsMap()) throw YamlError{what + " must be a mapping", n.Mark()};
}

std::vector<std::string> string_list(const YAML::Node& n) {
  std::vector<std::string> out;
  if (!n) return out;
  if (n.IsSequence()) {
    for (const auto& x : n) out.push_back(x.as<std::string>());
  } else {
    out.push_back(n.as<std::string>());
  }
  return out;
}

FieldKind parse_kind(const YAML::Node& n) {
  std::string k = n.as<std::string>();
  if (k == "text") return FieldKind::kText;
  if (k == "keyword") return FieldKind::kKeyword;
  if (k == "date") return FieldKind::kDate;
  if (k == "number") return FieldKind::kNumber;
  throw YamlError{"unknown field kind `" + k + "` (text, keyword, date, number)", n.Mark()};
}

// `label: Text` (every language) or `label: {nl: …, en: …}`.
void read_labels(const YAML::Node& n, Labels& labels, const char* key = "label") {
  if (!n) return;
  if (n.IsScalar()) {
    labels["en"] = n.as<std::string>();
    return;
  }
  if (!n.IsMap()) throw YamlError{std::string("`") + key + "` must be a text or map a language to a text", n.Mark()};
  for (const auto& kv : n) labels[kv.first.as<std::string>()] = kv.second.as<std::string>();
}

void read_choice(const YAML::Node& n, std::string& dest, const std::set<std::string>& allowed, const std::string& what) {
  if (!n) return;
  dest = n.as<std::string>();
  if (allowed.count(dest)) return;
  std::string list;
  for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
  throw YamlError{"unknown " + what + " `" + dest + "` (" + list + ")", n.Mark()};
}

void read_ranking(const YAML::Node& r, RankingSpec& rk) {
  require_map(r, "`ranking`");
  static const std::pair<const char*, double RankingSpec::*> kReals[] = {
      {"delta", &RankingSpec::bm25plus_delta}, {"lm_mu", &RankingSpec::lm_mu},
      {"lm_param_log", &RankingSpec::lm_param_log}, {"c", &RankingSpec::dfr_c},
      {"k1", &RankingSpec::bm25_k1}, {"k2", &RankingSpec::bm25_k2}, {"k3", &RankingSpec::bm25_k3},
      {"b", &RankingSpec::bm25_b}, {"min_normlen", &RankingSpec::bm25_min_normlen},
      {"prf_weight", &RankingSpec::prf_weight}, {"proximity_weight", &RankingSpec::proximity_weight},
      {"other_language_weight", &RankingSpec::other_language_weight}, {"compound_weight", &RankingSpec::compound_weight},
      {"some_parts_weight", &RankingSpec::some_parts_weight}};
  static const std::pair<const char*, int RankingSpec::*> kInts[] = {
      {"body_weight", &RankingSpec::body_weight}, {"prf_docs", &RankingSpec::prf_docs},
      {"prf_terms", &RankingSpec::prf_terms}, {"proximity_window", &RankingSpec::proximity_window}};
  check_keys(r,
             {"scheme", "stem_capitalised", "tfidf", "prf_model", "delta", "lm_mu", "lm_param_log", "c", "k1", "k2",
              "k3", "b", "min_normlen", "prf_weight", "proximity_weight", "body_weight", "prf_docs", "prf_terms",
              "proximity_window", "other_language_weight", "compound_weight", "some_parts_weight"},
             "`ranking`");
  // The order of the list in the message is the documented one, not the set's.
  if (auto sc = r["scheme"]) {
    static const std::set<std::string> kSchemes = {"bm25", "bm25+", "lm",   "dph",   "dlh", "pl2",
                                                   "pl2+", "inl2",  "ifb2", "ineb2", "bb2", "tfidf"};
    rk.scheme = sc.as<std::string>();
    if (!kSchemes.count(rk.scheme)) {
      throw YamlError{"unknown ranking scheme `" + rk.scheme +
                          "` (bm25, bm25+, lm, dph, dlh, pl2, pl2+, inl2, ifb2, ineb2, bb2, tfidf)",
                      sc.Mark()};
    }
  }
  if (r["stem_capitalised"]) rk.stem_capitalised = r["stem_capitalised"].as<bool>();
  if (auto t = r["tfidf"]) {
    rk.tfidf_normalizations = t.as<std::string>();
    if (rk.tfidf_normalizations.size() != 3) throw YamlError{"`tfidf` takes three SMART letters, e.g. ntn", t.Mark()};
  }
  if (auto m = r["prf_model"]) {
    rk.prf_model = m.as<std::string>();
    if (rk.prf_model != "eset" && rk.prf_model != "rm3") {
      throw YamlError{"unknown prf_model `" + rk.prf_model + "` (eset, rm3)", m.Mark()};
    }
  }
  for (const auto& [key, member] : kReals) {
    if (r[key]) rk.*member = r[key].as<double>();
  }
  for (const auto& [key, member] : kInts) {
    if (r[key]) rk.*member = r[key].as<int>();
  }
}

void read_stemmers(const YAML::Node& st, Schema& s) {
  if (st) {
    require_map(st, "`stemmers`");
    for (const auto& kv : st) s.stemmers[kv.first.as<std::string>()] = kv.second.as<std::string>();
  }
  // The built-in overrides are written for kraaij_pohlmann: another
  // stemmer for a language drops them (a config may give its own).
  for (auto it = s.stem_overrides.begin(); it != s.stem_overrides.end();) {
    auto found = s.stemmers.find(it->first);
    it = found == s.stemmers.end() || found->second != "kraaij_pohlmann" ? s.stem_overrides.erase(it) : std::next(it);
  }
}

bool one_word(const std::string& w) { return !w.empty() && w.find_first_of(" \t") == std::string::npos; }

// {language: {stem: [forms]}}; a language listed here replaces its built-in
// list ({} clears it).
void read_stem_overrides(const YAML::Node& so, Schema& s) {
  if (!so.IsMap()) throw YamlError{"`stem_overrides` must map a language to {stem: [forms]}", so.Mark()};
  for (const auto& lang : so) {
    const std::string l = lang.first.as<std::string>();
    if (!s.stemmers.count(l)) {
      throw YamlError{"`stem_overrides." + l + "`: no stemmer for language `" + l + "` (see `stemmers`)",
                      lang.first.Mark()};
    }
    if (!lang.second.IsMap()) throw YamlError{"`stem_overrides." + l + "` must map a stem to its forms", lang.second.Mark()};
    auto& table = s.stem_overrides[l];
    table.clear();
    for (const auto& kv : lang.second) {
      const std::string stem = normalize_keyword(kv.first.as<std::string>());
      if (!one_word(stem)) throw YamlError{"a stem must be one word, not `" + stem + "`", kv.first.Mark()};
      if (!kv.second.IsSequence()) throw YamlError{"the forms of stem `" + stem + "` must be a list", kv.second.Mark()};
      for (const auto& f : kv.second) {
        const std::string form = normalize_keyword(f.as<std::string>());
        if (!one_word(form)) throw YamlError{"a form must be one word, not `" + form + "`", f.Mark()};
        table[form] = stem;
      }
    }
  }
}

// `- gemeente`, `- gemeente: [municipality]` (the short forms) or
// `- {value: gemeente, aliases: [municipality], label: {nl: gemeente, en: municipality}}`.
AllowedValue read_value(const YAML::Node& v) {
  AllowedValue av;
  if (!v.IsMap()) {
    av.value = v.as<std::string>();
    return av;
  }
  if (v["value"]) {
    check_keys(v, {"value", "aliases", "label"}, "a value");
    av.value = v["value"].as<std::string>();
    av.aliases = string_list(v["aliases"]);
    read_labels(v["label"], av.labels);
    return av;
  }
  if (v.size() != 1) throw YamlError{"a value is `value: [aliases]` or a map with `value`", v.Mark()};
  for (const auto& kv : v) {
    av.value = kv.first.as<std::string>();
    av.aliases = string_list(kv.second);
  }
  return av;
}

// "X" + the key's letters and digits in upper case ("event_organizer" -> "XEVENTORGANIZER").
std::string default_prefix(const std::string& key) {
  if (key == "title") return "S";
  std::string up;
  for (char c : slugify(key)) {
    if (std::isalnum(static_cast<unsigned char>(c))) up.push_back(static_cast<char>(std::toupper(c)));
  }
  return "X" + up;
}

bool flag(const YAML::Node& n, bool dflt) { return n ? n.as<bool>() : dflt; }

FieldSpec read_field(const YAML::Node& fn, int& next_slot) {
  if (!fn.IsMap() || !fn["key"]) throw YamlError{"each field needs a `key`", fn.Mark()};
  check_keys(fn,
             {"key", "kind", "aliases", "facet", "multi", "required", "weight", "signal", "max_length", "label", "hit",
              "related", "display", "feed", "prefix", "slot", "query", "values", "open", "example"},
             "a field");
  FieldSpec f;
  f.key = fn["key"].as<std::string>();
  f.kind = fn["kind"] ? parse_kind(fn["kind"]) : FieldKind::kKeyword;
  f.aliases = string_list(fn["aliases"]);
  f.facet = flag(fn["facet"], false);
  f.multi = flag(fn["multi"], false);
  f.required = flag(fn["required"], false);
  f.weight = fn["weight"] ? fn["weight"].as<int>() : 1;
  f.signal = fn["signal"] ? fn["signal"].as<double>() : 0;
  if (f.signal < 0 || f.signal > 100) throw YamlError{"`signal` must be between 0 and 100", fn["signal"].Mark()};
  if (fn["max_length"]) f.max_length = fn["max_length"].as<size_t>();
  read_labels(fn["label"], f.labels);
  f.hit = flag(fn["hit"], false);
  f.related = flag(fn["related"], true);
  read_choice(fn["display"], f.display, {"meta", "hidden", "authors", "link"}, "display");
  read_choice(fn["feed"], f.feed, {"author", "category"}, "feed");
  f.prefix = fn["prefix"] ? fn["prefix"].as<std::string>() : default_prefix(f.key);
  if (fn["slot"]) {
    f.slot = fn["slot"].as<int>();
  } else if (f.facet || f.kind == FieldKind::kDate || f.kind == FieldKind::kNumber) {
    f.slot = next_slot++;
  }
  f.query_names = fn["query"] ? string_list(fn["query"]) : std::vector<std::string>{f.key};
  if (auto vals = fn["values"]) {
    if (!vals.IsSequence()) throw YamlError{"`values` must be a list", vals.Mark()};
    for (const auto& v : vals) f.allowed.push_back(read_value(v));
  }
  f.open_values = flag(fn["open"], false);
  if (fn["example"]) f.example = fn["example"].as<std::string>();
  return f;
}

// A config that lists fields replaces the table entirely, so another
// knowledge base gets exactly its own facets (and no byline, facet order or
// template text of the case library).
void read_fields(const YAML::Node& fields, Schema& s) {
  if (!fields.IsSequence()) throw YamlError{"`fields` must be a list", fields.Mark()};
  s.fields.clear();
  s.facet_order.clear();
  s.byline.clear();
  s.template_intro.clear();
  s.template_folder.clear();
  int slot = kFirstFreeSlot;
  for (const auto& fn : fields) s.fields.push_back(read_field(fn, slot));
}

SectionSpec read_section(const YAML::Node& sn) {
  if (!sn.IsMap() || !sn["name"]) throw YamlError{"each section needs a `name`", sn.Mark()};
  check_keys(sn,
             {"name", "headings", "prefix", "weight", "query", "item", "label", "example", "require_bullets",
              "snippet_label", "item_label"},
             "a section");
  SectionSpec x;
  x.name = sn["name"].as<std::string>();
  for (const auto& h : string_list(sn["headings"])) x.headings.push_back(normalize_keyword(h));
  x.prefix = sn["prefix"] ? sn["prefix"].as<std::string>() : "X" + slugify(x.name);
  for (auto& c : x.prefix) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  x.weight = sn["weight"] ? sn["weight"].as<int>() : 1;
  x.query_names = sn["query"] ? string_list(sn["query"]) : std::vector<std::string>{x.name};
  x.item_type = sn["item"] ? sn["item"].as<std::string>() : "";
  read_labels(sn["label"], x.labels);
  read_labels(sn["example"], x.example, "example");
  x.require_bullets = flag(sn["require_bullets"], false);
  read_labels(sn["snippet_label"], x.snippet_label, "snippet_label");
  read_labels(sn["item_label"], x.item_label, "item_label");
  return x;
}

void read_sections(const YAML::Node& secs, Schema& s) {
  if (!secs.IsSequence()) throw YamlError{"`sections` must be a list", secs.Mark()};
  s.sections.clear();
  s.glance.clear();
  for (const auto& sn : secs) s.sections.push_back(read_section(sn));
}

void read_root(const YAML::Node& root, Schema& s) {
  check_keys(root,
             {"language", "default_type", "ranking", "stemmers", "stem_overrides", "fields", "facet_order", "byline",
              "sections", "glance", "template_intro", "template_folder"},
             "the schema");
  if (root["language"]) s.default_language = root["language"].as<std::string>();
  if (root["default_type"]) s.default_type = root["default_type"].as<std::string>();
  if (auto r = root["ranking"]) read_ranking(r, s.ranking);
  read_stemmers(root["stemmers"], s);
  if (auto so = root["stem_overrides"]) read_stem_overrides(so, s);
  if (auto fields = root["fields"]) read_fields(fields, s);
  if (auto fo = root["facet_order"]) s.facet_order = string_list(fo);
  if (auto b = root["byline"]) s.byline = b.as<std::string>();
  if (auto secs = root["sections"]) read_sections(secs, s);
  if (auto g = root["glance"]) s.glance = string_list(g);
  read_labels(root["template_intro"], s.template_intro, "template_intro");
  if (auto tf = root["template_folder"]) s.template_folder = tf.as<std::string>();
}

}  // namespace

Result<Schema> parse_schema_over(Schema s, const std::string& yaml_text, const std::string& path) {
  try {
    YAML::Node root = YAML::Load(yaml_text);
    if (!root || root.IsNull()) return s;
    if (!root.IsMap()) throw YamlError{"the schema must be a YAML mapping", root.Mark()};
    read_root(root, s);
  } catch (const YamlError& e) {
    return Status::content(e.msg, {path, e.mark.line + 1, e.mark.column + 1});
  } catch (const YAML::Exception& e) {
    return Status::content(e.msg, {path, e.mark.line + 1, e.mark.column + 1});
  }
  if (Status st = s.validate(); !st.ok()) return Status::content(st.message(), {path, 1, 1});
  return s;
}

}  // namespace casebase
