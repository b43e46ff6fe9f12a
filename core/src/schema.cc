#include "casebase/schema.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

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
  return std::nullopt;
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

const FieldSpec* Schema::facet_by_api_key(const std::string& api_key) const {
  for (const auto& f : fields) {
    if (f.facet && facet_api_key(f) == api_key) return &f;
  }
  return nullptr;
}

Status Schema::validate() const {
  std::set<std::string> keys, prefixes, qnames;
  std::set<int> slots = {kSlotDate, kSlotCaseId, kSlotState, kSlotDateAsc, kSlotText, kSlotSectionText, kSlotBody};
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

namespace {

FieldSpec make_field(std::string key, FieldKind kind, std::string prefix, std::string nl, std::string en) {
  FieldSpec f;
  f.key = std::move(key);
  f.kind = kind;
  f.prefix = std::move(prefix);
  f.labels = {{"nl", std::move(nl)}, {"en", std::move(en)}};
  return f;
}

}  // namespace

std::string filter_term(const std::string& prefix, const std::string& value) {
  return utf8_truncate(prefix + normalize_keyword(value), kMaxTermBytes);
}

Schema default_schema() {
  Schema s;
  int slot = kFirstFreeSlot;

  auto title = make_field("title", FieldKind::kText, "S", "Titel", "Title");
  title.weight = 5;
  title.required = true;
  title.query_names = {"title", "titel"};
  s.fields.push_back(title);

  auto summary = make_field("summary", FieldKind::kText, "XSUM", "Samenvatting", "Summary");
  summary.aliases = {"description", "samenvatting"};
  summary.weight = 3;
  summary.query_names = {"summary", "samenvatting"};
  s.fields.push_back(summary);

  auto org = make_field("organisation", FieldKind::kKeyword, "XORG", "Organisatie", "Organisation");
  org.aliases = {"organization", "organisatie"};
  org.facet = true;
  org.multi = true;
  org.required = true;
  org.weight = 2;
  org.slot = slot++;
  org.query_names = {"organisation", "organization", "organisatie", "org"};
  org.hit = true;
  org.feed = "author";
  s.fields.push_back(org);

  auto otype = make_field("organisation_type", FieldKind::kKeyword, "XOTYPE", "Soort organisatie", "Organisation type");
  otype.aliases = {"organization_type"};
  otype.facet = true;
  otype.slot = slot++;
  otype.query_names = {"organisation_type", "soort"};
  otype.allowed = {
      {"gemeente", {"municipality", "gemeenten", "city", "council"}, {}},
      {"provincie", {"province", "region authority", "regionale overheid", "regional government", "provinciale instelling"}, {}},
      {"waterschap", {"water board", "waterboard", "hoogheemraadschap"}, {}},
      {"rijk", {"central government", "ministerie", "ministry", "rijksoverheid"}, {}},
      {"overheidsbedrijf", {"public company", "state-owned company", "gemeentelijk bedrijf", "gemeentelijk innovatiebedrijf"}, {}},
      {"samenwerkingsverband", {"partnership", "consortium", "joint procurement body"}, {}},
      {"zorginstelling", {"hospital", "healthcare provider", "ziekenhuis"}, {}},
      {"onderwijsinstelling", {"university", "school", "universiteit"}, {}},
      {"agentschap", {"agency", "vervoersautoriteit", "transport authority", "nationale zorgorganisatie"}, {}},
      {"anders", {"other"}, {}},
  };
  const std::map<std::string, std::string> otype_en = {
      {"gemeente", "municipality"},       {"provincie", "province"},
      {"waterschap", "water board"},      {"rijk", "central government"},
      {"overheidsbedrijf", "public company"}, {"samenwerkingsverband", "partnership"},
      {"zorginstelling", "healthcare provider"}, {"onderwijsinstelling", "educational institution"},
      {"agentschap", "agency"},           {"anders", "other"}};
  for (auto& a : otype.allowed) a.labels = {{"nl", a.value}, {"en", otype_en.at(a.value)}};
  s.fields.push_back(otype);

  auto country = make_field("country", FieldKind::kKeyword, "XCTRY", "Land", "Country");
  country.facet = true;
  country.slot = slot++;
  country.query_names = {"country", "land"};
  s.fields.push_back(country);

  auto region = make_field("region", FieldKind::kKeyword, "XREG", "Regio", "Region");
  region.aliases = {"regio", "provincie_naam"};
  region.facet = true;
  region.slot = slot++;
  region.query_names = {"region", "regio"};
  s.fields.push_back(region);

  auto themes = make_field("themes", FieldKind::kKeyword, "XTHEME", "Thema's", "Themes");
  themes.aliases = {"theme", "thema", "themas", "tags"};
  themes.facet = true;
  themes.multi = true;
  themes.weight = 2;
  themes.slot = slot++;
  themes.query_names = {"themes", "theme", "thema"};
  themes.feed = "category";
  s.fields.push_back(themes);

  auto instr = make_field("instruments", FieldKind::kKeyword, "XINSTR", "Instrumenten", "Instruments");
  instr.aliases = {"instrument", "instrumenten"};
  instr.facet = true;
  instr.multi = true;
  instr.weight = 2;
  instr.slot = slot++;
  instr.query_names = {"instruments", "instrument"};
  s.fields.push_back(instr);

  auto type = make_field("type", FieldKind::kKeyword, "XTYPE", "Soort artikel", "Article type");
  type.facet = true;
  type.slot = slot++;
  type.query_names = {"type"};
  type.related = false;
  type.display = "hidden";
  type.allowed = {{"case", {"praktijkvoorbeeld", "casus"}, {{"nl", "Casus"}, {"en", "Case"}}},
                  {"lesson", {"les"}, {{"nl", "Les"}, {"en", "Lesson"}}},
                  {"guide", {"handreiking", "leidraad"}, {{"nl", "Handreiking"}, {"en", "Guide"}}},
                  {"news", {"nieuws"}, {{"nl", "Nieuws"}, {"en", "News"}}},
                  {"pro", {}, {{"nl", "Voordeel"}, {"en", "Advantage"}}},
                  {"con", {}, {{"nl", "Nadeel"}, {"en", "Disadvantage"}}}};
  s.fields.push_back(type);

  auto lang = make_field("language", FieldKind::kKeyword, "XLNG", "Taal", "Language");
  lang.aliases = {"lang", "taal"};
  lang.facet = true;
  lang.slot = slot++;
  lang.query_names = {"language", "taal"};
  lang.related = false;
  lang.display = "hidden";
  lang.allowed = {{"nl", {"dutch", "nederlands", "nl-nl"}, {{"nl", "Nederlands"}, {"en", "Dutch"}}},
                  {"en", {"english", "engels", "en-gb", "en-us"}, {{"nl", "Engels"}, {"en", "English"}}}};
  s.fields.push_back(lang);

  auto date = make_field("date", FieldKind::kDate, "XDATE", "Jaar", "Year");
  date.aliases = {"datum", "published", "publishDate", "pubDate"};
  date.facet = true;  // facet values are years
  date.slot = slot++;
  date.query_names = {"year", "jaar"};
  s.fields.push_back(date);

  auto source = make_field("source", FieldKind::kKeyword, "XSRC", "Bron", "Source");
  source.aliases = {"bron", "url"};
  source.display = "link";
  s.fields.push_back(source);

  auto authors = make_field("authors", FieldKind::kKeyword, "A", "Auteurs", "Authors");
  authors.aliases = {"author", "auteur"};
  authors.multi = true;
  authors.query_names = {"author", "auteur"};
  authors.display = "authors";
  s.fields.push_back(authors);

  auto sec = [](std::string name, std::vector<std::string> headings, std::string prefix, int weight,
                std::vector<std::string> q, std::string item, std::string nl, std::string en) {
    SectionSpec x;
    x.name = std::move(name);
    x.headings = std::move(headings);
    x.prefix = std::move(prefix);
    x.weight = weight;
    x.query_names = std::move(q);
    x.item_type = std::move(item);
    x.labels = {{"nl", std::move(nl)}, {"en", std::move(en)}};
    return x;
  };
  s.sections = {
      sec("doel", {"doel", "doelen", "doelstelling", "goal", "goals", "aim", "objective", "objectives"}, "XDOEL", 2,
          {"doel", "goal"}, "", "Doel", "Goal"),
      sec("bijzonder", {"bijzonder", "wat is bijzonder", "what is special", "special", "what makes it special"},
          "XBIJZ", 1, {"bijzonder", "special"}, "", "Bijzonder", "What is special"),
      sec("voordeel", {"voordelen", "voordeel", "advantages", "advantage", "pros", "benefits"}, "XPRO", 2,
          {"voordeel", "pro"}, "pro", "Voordelen", "Advantages"),
      sec("nadeel", {"nadelen", "nadeel", "disadvantages", "disadvantage", "cons", "drawbacks"}, "XCON", 2,
          {"nadeel", "con"}, "con", "Nadelen", "Disadvantages"),
      sec("les", {"geleerde lessen", "geleerde les", "lessen", "lessons learned", "lessons learnt", "lessons", "tips"},
          "XLES", 3, {"les", "lesson", "lessen", "lessons"}, "lesson", "Geleerde lessen", "Lessons learned"),
  };
  s.facet_order = {"themes", "instruments", "organisation_type", "organisation", "region", "country", "type", "language"};
  s.byline = "organisation";
  return s;
}

namespace {

struct YamlError {
  std::string msg;
  YAML::Mark mark;
};

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
void read_labels(const YAML::Node& n, Labels& labels) {
  if (!n) return;
  if (n.IsScalar()) {
    labels["en"] = n.as<std::string>();
    return;
  }
  if (!n.IsMap()) throw YamlError{"`label` must be a text or map a language to a text", n.Mark()};
  for (const auto& kv : n) labels[kv.first.as<std::string>()] = kv.second.as<std::string>();
}

}  // namespace

Result<Schema> parse_schema(const std::string& yaml_text, const std::string& path) {
  Schema s = default_schema();
  try {
    YAML::Node root = YAML::Load(yaml_text);
    if (!root || root.IsNull()) return s;
    if (!root.IsMap()) throw YamlError{"the schema must be a YAML mapping", root.Mark()};
    if (root["language"]) s.default_language = root["language"].as<std::string>();
    if (root["default_type"]) s.default_type = root["default_type"].as<std::string>();
    if (auto r = root["ranking"]) {
      if (auto sc = r["scheme"]) {
        static const std::set<std::string> kSchemes = {"bm25", "bm25+", "lm",   "dph",   "dlh", "pl2",
                                                       "pl2+", "inl2",  "ifb2", "ineb2", "bb2", "tfidf"};
        s.ranking.scheme = sc.as<std::string>();
        if (!kSchemes.count(s.ranking.scheme)) {
          throw YamlError{"unknown ranking scheme `" + s.ranking.scheme +
                              "` (bm25, bm25+, lm, dph, dlh, pl2, pl2+, inl2, ifb2, ineb2, bb2, tfidf)",
                          sc.Mark()};
        }
      }
      if (r["stem_capitalised"]) s.ranking.stem_capitalised = r["stem_capitalised"].as<bool>();
      if (r["delta"]) s.ranking.bm25plus_delta = r["delta"].as<double>();
      if (r["lm_mu"]) s.ranking.lm_mu = r["lm_mu"].as<double>();
      if (r["lm_param_log"]) s.ranking.lm_param_log = r["lm_param_log"].as<double>();
      if (r["c"]) s.ranking.dfr_c = r["c"].as<double>();
      if (auto t = r["tfidf"]) {
        s.ranking.tfidf_normalizations = t.as<std::string>();
        if (s.ranking.tfidf_normalizations.size() != 3) {
          throw YamlError{"`tfidf` takes three SMART letters, e.g. ntn", t.Mark()};
        }
      }
      if (auto m = r["prf_model"]) {
        s.ranking.prf_model = m.as<std::string>();
        if (s.ranking.prf_model != "eset" && s.ranking.prf_model != "rm3") {
          throw YamlError{"unknown prf_model `" + s.ranking.prf_model + "` (eset, rm3)", m.Mark()};
        }
      }
      if (r["k1"]) s.ranking.bm25_k1 = r["k1"].as<double>();
      if (r["k2"]) s.ranking.bm25_k2 = r["k2"].as<double>();
      if (r["k3"]) s.ranking.bm25_k3 = r["k3"].as<double>();
      if (r["b"]) s.ranking.bm25_b = r["b"].as<double>();
      if (r["min_normlen"]) s.ranking.bm25_min_normlen = r["min_normlen"].as<double>();
      if (r["body_weight"]) s.ranking.body_weight = r["body_weight"].as<int>();
      if (r["prf_docs"]) s.ranking.prf_docs = r["prf_docs"].as<int>();
      if (r["prf_terms"]) s.ranking.prf_terms = r["prf_terms"].as<int>();
      if (r["prf_weight"]) s.ranking.prf_weight = r["prf_weight"].as<double>();
      if (r["proximity_weight"]) s.ranking.proximity_weight = r["proximity_weight"].as<double>();
      if (r["proximity_window"]) s.ranking.proximity_window = r["proximity_window"].as<int>();
    }
    if (auto st = root["stemmers"]) {
      for (const auto& kv : st) s.stemmers[kv.first.as<std::string>()] = kv.second.as<std::string>();
    }
    // The built-in overrides are written for kraaij_pohlmann: another
    // stemmer for a language drops them (a config may give its own).
    for (auto it = s.stem_overrides.begin(); it != s.stem_overrides.end();) {
      auto st = s.stemmers.find(it->first);
      it = st == s.stemmers.end() || st->second != "kraaij_pohlmann" ? s.stem_overrides.erase(it) : std::next(it);
    }
    if (auto so = root["stem_overrides"]) {
      // {language: {stem: [forms]}}; a language listed here replaces its
      // built-in list ({} clears it).
      if (!so.IsMap()) throw YamlError{"`stem_overrides` must map a language to {stem: [forms]}", so.Mark()};
      for (const auto& lang : so) {
        const std::string l = lang.first.as<std::string>();
        if (!s.stemmers.count(l)) {
          throw YamlError{"`stem_overrides." + l + "`: no stemmer for language `" + l + "` (see `stemmers`)", lang.first.Mark()};
        }
        if (!lang.second.IsMap()) throw YamlError{"`stem_overrides." + l + "` must map a stem to its forms", lang.second.Mark()};
        auto& table = s.stem_overrides[l];
        table.clear();
        auto one_word = [](const std::string& w) {
          return !w.empty() && w.find_first_of(" \t") == std::string::npos;
        };
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
    if (auto fields = root["fields"]) {
      if (!fields.IsSequence()) throw YamlError{"`fields` must be a list", fields.Mark()};
      // A config that lists fields replaces the default table entirely, so
      // another knowledge base gets exactly its own facets.
      s.fields.clear();
      s.facet_order.clear();
      s.byline.clear();
      int slot = kFirstFreeSlot;
      for (const auto& fn : fields) {
        if (!fn.IsMap() || !fn["key"]) throw YamlError{"each field needs a `key`", fn.Mark()};
        FieldSpec f;
        f.key = fn["key"].as<std::string>();
        f.kind = fn["kind"] ? parse_kind(fn["kind"]) : FieldKind::kKeyword;
        f.aliases = string_list(fn["aliases"]);
        f.facet = fn["facet"] && fn["facet"].as<bool>();
        f.multi = fn["multi"] && fn["multi"].as<bool>();
        f.required = fn["required"] && fn["required"].as<bool>();
        f.weight = fn["weight"] ? fn["weight"].as<int>() : 1;
        if (fn["max_length"]) f.max_length = fn["max_length"].as<size_t>();
        read_labels(fn["label"], f.labels);
        if (fn["hit"]) f.hit = fn["hit"].as<bool>();
        if (fn["related"]) f.related = fn["related"].as<bool>();
        if (fn["display"]) f.display = fn["display"].as<std::string>();
        if (fn["feed"]) f.feed = fn["feed"].as<std::string>();
        if (fn["prefix"]) {
          f.prefix = fn["prefix"].as<std::string>();
        } else if (f.key == "title") {
          f.prefix = "S";
        } else {
          std::string up;
          for (char c : slugify(f.key)) {
            if (std::isalnum(static_cast<unsigned char>(c))) up.push_back(static_cast<char>(std::toupper(c)));
          }
          f.prefix = "X" + up;
        }
        if (fn["slot"]) {
          f.slot = fn["slot"].as<int>();
        } else if (f.facet || f.kind == FieldKind::kDate || f.kind == FieldKind::kNumber) {
          f.slot = slot++;
        }
        f.query_names = fn["query"] ? string_list(fn["query"]) : std::vector<std::string>{f.key};
        if (auto vals = fn["values"]) {
          if (!vals.IsSequence()) throw YamlError{"`values` must be a list", vals.Mark()};
          for (const auto& v : vals) {
            AllowedValue av;
            if (v.IsMap()) {
              for (const auto& kv : v) {
                av.value = kv.first.as<std::string>();
                av.aliases = string_list(kv.second);
              }
            } else {
              av.value = v.as<std::string>();
            }
            f.allowed.push_back(std::move(av));
          }
        }
        s.fields.push_back(std::move(f));
      }
    }
    if (auto fo = root["facet_order"]) s.facet_order = string_list(fo);
    if (auto b = root["byline"]) s.byline = b.as<std::string>();
    if (auto secs = root["sections"]) {
      if (!secs.IsSequence()) throw YamlError{"`sections` must be a list", secs.Mark()};
      s.sections.clear();
      for (const auto& sn : secs) {
        if (!sn.IsMap() || !sn["name"]) throw YamlError{"each section needs a `name`", sn.Mark()};
        SectionSpec x;
        x.name = sn["name"].as<std::string>();
        for (const auto& h : string_list(sn["headings"])) x.headings.push_back(normalize_keyword(h));
        x.prefix = sn["prefix"] ? sn["prefix"].as<std::string>() : "X" + slugify(x.name);
        for (auto& c : x.prefix) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        x.weight = sn["weight"] ? sn["weight"].as<int>() : 1;
        x.query_names = sn["query"] ? string_list(sn["query"]) : std::vector<std::string>{x.name};
        x.item_type = sn["item"] ? sn["item"].as<std::string>() : "";
        read_labels(sn["label"], x.labels);
        s.sections.push_back(std::move(x));
      }
    }
  } catch (const YamlError& e) {
    return Status::content(e.msg, {path, e.mark.line + 1, e.mark.column + 1});
  } catch (const YAML::Exception& e) {
    return Status::content(e.msg, {path, e.mark.line + 1, e.mark.column + 1});
  }
  if (Status st = s.validate(); !st.ok()) return Status::content(st.message(), {path, 1, 1});
  return s;
}

Result<Schema> load_schema(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::io("cannot read schema `" + path + "`");
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_schema(ss.str(), path);
}

}  // namespace casebase
