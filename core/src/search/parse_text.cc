#include "search/parse_text.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <vector>

#include "stemmer.h"

namespace casebase::search {

namespace {

Xapian::QueryParser make_parser(const TextParser& tp, const std::string& lang, Xapian::Query::op default_op) {
  Xapian::QueryParser qp;
  qp.set_database(tp.db);
  qp.set_stemmer(tp.stems.at(lang));
  qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  qp.set_stopper(tp.stoppers.at(lang).get());
  qp.set_default_op(default_op);
  qp.set_max_expansion(tp.max_wildcard_expansion, Xapian::Query::WILDCARD_LIMIT_ERROR,
                       Xapian::QueryParser::FLAG_WILDCARD | Xapian::QueryParser::FLAG_PARTIAL);
  for (const auto& f : tp.schema.fields) {
    if (f.kind == FieldKind::kDate) {
      for (const auto& n : f.query_names) qp.add_boolean_prefix(n, f.filter_prefix());
      continue;
    }
    for (const auto& n : f.query_names) qp.add_prefix(n, f.prefix);
  }
  for (const auto& s : tp.schema.sections) {
    for (const auto& n : s.query_names) qp.add_prefix(n, s.prefix);
  }
  return qp;
}

// A field's copy of the text has no positions (they are the largest part
// of the index), so `title:"den haag"` becomes (title:den AND title:haag
// AND "den haag"): every word in the field, the phrase in the text, which
// holds the field too. Stop words stay out of the field part.
std::string field_phrases(const std::string& text, const Schema& schema, const Xapian::Stopper& stop) {
  std::set<std::string> names;
  for (const auto& f : schema.fields) {
    if (f.kind == FieldKind::kDate) continue;
    names.insert(f.query_names.begin(), f.query_names.end());
  }
  for (const auto& s : schema.sections) names.insert(s.query_names.begin(), s.query_names.end());
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t colon = text.find(":\"", i);
    if (colon == std::string::npos) break;
    size_t start = colon;
    while (start > i && (std::isalnum(static_cast<unsigned char>(text[start - 1])) || text[start - 1] == '_')) --start;
    const std::string name = text.substr(start, colon - start);
    const size_t close = text.find('"', colon + 2);
    if (!names.count(name) || close == std::string::npos || (start > 0 && !std::isspace(static_cast<unsigned char>(text[start - 1])) &&
                                                          text[start - 1] != '(')) {
      out.append(text, i, colon + 2 - i);
      i = colon + 2;
      continue;
    }
    const std::string phrase = text.substr(colon + 2, close - colon - 2);
    std::string group = "(";
    for (const auto& w : plain_words(phrase)) {
      if (!stop(w)) group += name + ":" + w + " AND ";
    }
    group += "\"" + phrase + "\")";
    out.append(text, i, start - i);
    out += group;
    i = close + 1;
  }
  out.append(text, i, std::string::npos);
  return out;
}

// Adjacent plain words of the query found near each other add a bonus.
Xapian::Query with_proximity(const Xapian::Query& q, const QueryWords& words, const Xapian::Stopper& stop,
                             const RankingSpec& r) {
  std::vector<std::string> terms;
  for (const auto& w : words.words) {
    if (!stop(w)) terms.push_back(w);  // unstemmed: only those carry positions (STEM_SOME)
  }
  std::vector<Xapian::Query> pairs;
  for (size_t i = 1; i < terms.size(); ++i) {
    Xapian::Query two[] = {Xapian::Query(terms[i - 1]), Xapian::Query(terms[i])};
    pairs.emplace_back(Xapian::Query::OP_NEAR, two, two + 2, static_cast<Xapian::termcount>(r.proximity_window));
  }
  if (pairs.empty()) return q;
  return Xapian::Query(Xapian::Query::OP_AND_MAYBE, q,
                       Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                                     Xapian::Query(Xapian::Query::OP_OR, pairs.begin(), pairs.end()),
                                     r.proximity_weight));
}

// The metadata signal (FieldSpec::signal): every stemmed word of the
// query ("Zafval") looked up in each signalling field ("ZXTHEMEafval"),
// weighted by the field's signal, as a bonus on what `q` matches. The
// words come from the parsed query, so operators, field names and stop
// words are not among them; excluded words only ever touch articles
// that the query already excludes.
Xapian::Query with_signal(const Xapian::Query& q, const Schema& schema) {
  std::vector<std::string> stems;
  for (auto t = q.get_unique_terms_begin(); t != q.get_unique_terms_end(); ++t) {
    const std::string& term = *t;
    // "Z" then a lower-case letter or a non-ASCII byte: an unprefixed stem.
    if (term.size() > 1 && term[0] == 'Z' && !std::isupper(static_cast<unsigned char>(term[1]))) {
      stems.push_back(term.substr(1));
    }
  }
  std::vector<Xapian::Query> bonus;
  for (const auto& f : schema.fields) {
    if (f.signal <= 0 || (f.kind != FieldKind::kText && f.kind != FieldKind::kKeyword) || f.prefix.empty()) continue;
    std::vector<Xapian::Query> in_field;
    for (const auto& s : stems) in_field.emplace_back("Z" + f.prefix + s);
    if (in_field.empty()) continue;
    bonus.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(Xapian::Query::OP_OR, in_field.begin(), in_field.end()),
                       f.signal);
  }
  if (bonus.empty()) return q;
  return Xapian::Query(Xapian::Query::OP_AND_MAYBE, q, Xapian::Query(Xapian::Query::OP_OR, bonus.begin(), bonus.end()));
}

// Phrase synonyms (kSynonymPhrasePrefix): for a plain query, the query
// again with each run of words that is a synonym key (as written, or
// stemmed: "charging points" finds the key "charging point") replaced by a
// group of it and its values, e.g. "charging points for electric cars" ->
// ("charging points" OR laadpunt OR laadpaal …) for ("electric cars" OR …).
// Longest key first, runs left to right; "" when no run is a key.
constexpr size_t kMaxPhraseKeyWords = 4;
constexpr size_t kMaxPhraseValues = 8;

std::string join_words(const std::vector<std::string>& w, size_t from, size_t n, const Xapian::Stem* stem = nullptr) {
  std::string out = stem ? "Z" : "";
  for (size_t k = from; k < from + n; ++k) out += (k == from ? "" : " ") + (stem ? (*stem)(w[k]) : w[k]);
  return out;
}

// A value as the query syntax reads it: several words quoted as a phrase.
std::string as_query_part(std::string v) {
  v.erase(std::remove(v.begin(), v.end(), '"'), v.end());
  return plain_words(v).size() > 1 ? "\"" + v + "\"" : v;
}

std::string synonym_variant(const Xapian::Database& db, const std::map<std::string, Xapian::Stem>& stems, const QueryWords& q) {
  if (!plain_query(q.folded)) return "";
  const std::string marker = kSynonymPhrasePrefix;
  const auto& w = q.words;
  std::string text;
  bool any = false;
  size_t i = 0;
  while (i < w.size()) {
    size_t used = 0;
    std::vector<std::string> values;
    for (size_t n = std::min(kMaxPhraseKeyWords, w.size() - i); n >= 1 && used == 0; --n) {
      std::vector<std::string> keys = {join_words(w, i, n)};
      for (const auto& [lang, st] : stems) keys.push_back(join_words(w, i, n, &st));
      for (const auto& key : keys) {
        for (auto v = db.synonyms_begin(key); v != db.synonyms_end(key) && values.size() < kMaxPhraseValues; ++v) {
          const std::string value = *v;
          if (value.compare(0, marker.size(), marker) != 0) continue;
          const std::string part = as_query_part(value.substr(marker.size()));
          if (std::find(values.begin(), values.end(), part) == values.end()) values.push_back(part);
        }
      }
      if (!values.empty()) used = n;
    }
    if (used == 0) {
      text += " " + w[i++];
      continue;
    }
    text += " (" + as_query_part(join_words(w, i, used));
    for (const auto& v : values) text += " OR " + v;
    text += ")";
    any = true;
    i += used;
  }
  return any ? text : "";
}

}  // namespace

std::map<std::string, Xapian::Stem> make_stems(const Schema& schema) {
  std::map<std::string, Xapian::Stem> out;
  for (const auto& [lang, name] : schema.stemmers) out.emplace(lang, make_stemmer(schema, lang));
  return out;
}

Xapian::Query TextParser::parse(const QueryWords& q, const std::string& query_lang, Xapian::Query::op default_op,
                                bool ranked) const {
  std::vector<Xapian::Query> parts;
  const std::string variant = synonym_variant(db, stems, q);
  for (const auto& [lang, stemmer] : schema.stemmers) {
    Xapian::QueryParser qp = make_parser(*this, lang, default_op);
    const unsigned flags = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_WILDCARD |
                     Xapian::QueryParser::FLAG_AUTO_SYNONYMS | Xapian::QueryParser::FLAG_AUTO_MULTIWORD_SYNONYMS |
                     0;  // not FLAG_BOOLEAN_ANY_CASE: "not" and "or" in a sentence are words
    Xapian::Query part;
    try {
      part = qp.parse_query(field_phrases(q.parse_text, schema, *stoppers.at(lang)), flags);
    } catch (const Xapian::QueryParserError&) {
      // Unbalanced quotes and the like: read the words as plain text.
      part = qp.parse_query(q.parse_text, 0);
    }
    if (!variant.empty()) {
      Xapian::Query alt;
      try {
        alt = qp.parse_query(variant, flags);
      } catch (const Xapian::QueryParserError&) {
      }
      if (!alt.empty()) part = part.empty() ? alt : Xapian::Query(Xapian::Query::OP_OR, part, alt);
    }
    if (part.empty()) continue;
    if (ranked && schema.ranking.proximity_weight > 0) part = with_proximity(part, q, *stoppers.at(lang), schema.ranking);
    // The metadata signal counts in the query's language: a Dutch theme
    // value on an English article does not lift it above the Dutch ones.
    if (ranked && (query_lang.empty() || lang == query_lang)) part = with_signal(part, schema);
    part = Xapian::Query(Xapian::Query::OP_FILTER, part, Xapian::Query(std::string(kLanguagePrefix) + lang));
    if (!query_lang.empty() && lang != query_lang) {
      part = Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, part, schema.ranking.other_language_weight);
    }
    parts.push_back(part);
  }
  if (parts.empty()) return Xapian::Query();
  return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
}

}  // namespace casebase::search
