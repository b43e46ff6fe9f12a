// The schema table: ONE description of every front-matter field and every
// recognised section, from which the indexer derives terms and values and the
// searcher derives QueryParser prefixes, filters and facets. Both programs
// load the same table (the built-in case library, core/schema/case-library.yaml
// embedded at build time, with a YAML file given with --config read on top),
// so they can never disagree on a prefix or a slot. docs/SCHEMA.md has the grammar.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "casebase/language.h"
#include "casebase/status.h"

namespace casebase {

enum class FieldKind { kText, kKeyword, kDate, kNumber };

// Text for people, by interface language code ("nl", "en", "de", …).
using Labels = std::map<std::string, std::string>;

// The label for `lang`, else the English one, else any, else `fallback`.
// E.g. pick_label({{"nl", "Thema's"}, {"en", "Themes"}}, "de", "themes") == "Themes".
std::string pick_label(const Labels& labels, const std::string& lang, const std::string& fallback);

// One allowed value of a controlled vocabulary, with its accepted aliases
// (e.g. `gemeente` with alias `municipality`). Aliases index as the value.
struct AllowedValue {
  std::string value;
  std::vector<std::string> aliases;
  Labels labels;  // display labels per language; the value itself when none
};

struct FieldSpec {
  std::string key;                   // front-matter key, also the API name
  std::vector<std::string> aliases;  // other front-matter keys read into it
  FieldKind kind = FieldKind::kText;
  bool facet = false;
  bool multi = false;     // accepts a list
  bool required = false;  // `check` reports a missing value
  Labels labels;          // the field's name for people, per language
  int weight = 1;          // within-document frequency multiplier for its text
  // Query time: a query word that is one of the field's words (a theme, the
  // title) adds this times its field score to an article that matches the
  // query anyway, so a tag outranks a word in passing. 0: off. The values in
  // the built-in schema come from cross-validation (docs/RELEVANCE.md).
  double signal = 0;
  std::string prefix;      // free-text term prefix (field queries); filter terms use prefix + "F"
  int slot = -1;           // value slot for facets / sorting; -1 = none
  std::vector<AllowedValue> allowed;  // empty = any value
  // An open vocabulary: `allowed` gives canonical values, aliases and labels
  // (English names of Dutch themes), but any other value is accepted too.
  bool open_values = false;
  size_t max_length = 300;            // longest value `check` accepts, in bytes
  std::vector<std::string> query_names;  // names usable as `name:` in queries
  // What generic code does with the field, as flags of the row (never by
  // its key). `hit: true` copies the values into every search hit (as a
  // list, empty when the article has none); `related: false` keeps a
  // facet out of "related cases" (e.g. type, language); `display` says
  // where the article page shows it: "meta" (the facet list; default for
  // facets), "hidden", "authors" (the byline under the title) or "link"
  // (the values are URLs to the source); `feed` maps it onto Atom:
  // "author" or "category".
  bool hit = false;
  bool related = true;
  std::string display;
  std::string feed;
  // A sample value `casebase-index new` writes into a new article's front
  // matter, e.g. "Gemeente Voorbeeld"; empty: the field's default.
  std::string example;

  std::string filter_prefix() const { return prefix + "F"; }
  // The field's label in `lang` (see pick_label), else its key.
  std::string label(const std::string& lang) const { return pick_label(labels, lang, key); }
  // The display label of one of its values in `lang`: the vocabulary's
  // label when it has one, else the value as given.
  std::string value_label(const std::string& value, const std::string& lang) const;
  // Maps a value (or alias) to its canonical allowed value; nullopt if the
  // field has a closed vocabulary and the value is not in it (an open one
  // gives the value as written).
  std::optional<std::string> canonical(const std::string& value) const;
};

// A section recognised by its heading, e.g. "Geleerde lessen & tips".
struct SectionSpec {
  std::string name;                   // stable name: doel, bijzonder, voordeel, nadeel, les
  std::vector<std::string> headings;  // lower-case heading texts (accent-folded), NL and EN
  std::string prefix;                 // term prefix for `name:` queries
  int weight = 1;
  std::vector<std::string> query_names;
  std::string item_type;  // if set, each bullet becomes an item of this type (lesson, pro, con)
  Labels labels;          // the section's heading for people, per language
  // Placeholder text `casebase-index new` writes under the heading, per
  // language, e.g. {{"nl", "- Eerste les."}}.
  Labels example;
  // `check` warns when the section has text but no bullets (each bullet is
  // an item; prose would be lost as items), e.g. a lessons section.
  bool require_bullets = false;
  // Wording on result lists, per language: beside a hit whose snippet comes
  // from this section ("Uit de lessen"), and before the case title of an
  // item of this section ("Les uit"). Empty: nothing is shown / the item
  // type's vocabulary label.
  Labels snippet_label;
  Labels item_label;

  std::string label(const std::string& lang) const { return pick_label(labels, lang, name); }
};

// Ranking knobs, tunable from the config without recompiling.
struct RankingSpec {
  // Weighting scheme (docs/SCHEMA.md): bm25 (default), bm25+, lm (query
  // likelihood, Dirichlet smoothing), dph, dlh, pl2, pl2+, inl2, ifb2,
  // ineb2, bb2, tfidf. The bm25_* knobs apply to bm25 and bm25+.
  std::string scheme = "bm25";
  double bm25plus_delta = 1.0;  // bm25+ and pl2+: lower bound of a matching term's tf part
  double lm_mu = 2000;          // lm: Dirichlet prior
  double lm_param_log = 0;      // lm: Xapian's clamp of the log (0: the document length upper bound)
  double dfr_c = 1.0;           // pl2, pl2+, inl2, ifb2, ineb2, bb2: length normalisation c
  std::string tfidf_normalizations = "ntn";  // tfidf: SMART codes (wdf, idf, doc)
  // Lower-case a query's capitalised words ("Hypothalamic", not "DNA") so
  // they are stemmed too; QueryParser otherwise takes them for names.
  bool stem_capitalised = false;
  double bm25_k1 = 1.2;
  double bm25_k2 = 0.0;
  double bm25_k3 = 1.0;
  double bm25_b = 0.75;
  double bm25_min_normlen = 0.5;
  int body_weight = 1;
  // Pseudo-relevance feedback (used when a request asks for it).
  int prf_docs = 3;
  int prf_terms = 12;
  double prf_weight = 0.3;
  // How feedback terms are chosen and weighted: "eset" (Xapian's expand set,
  // all terms at prf_weight) or "rm3" (relevance model: each term weighted by
  // its share of the top documents' text times the document's score; the
  // original query keeps 1 - prf_weight, the feedback terms prf_weight).
  std::string prf_model = "eset";
  // Proximity: pairs of adjacent query words found within `proximity_window`
  // positions add a bonus scaled by `proximity_weight` (0 turns it off).
  double proximity_weight = 0.0;
  int proximity_window = 8;
  // Articles in another language than the query's: their part of the
  // query weighs this much (1: the same). Dutch compounds by their parts
  // (search/compounds.h): all the parts against 1 for the word itself (an
  // article with the word has its parts too, so it still ranks first);
  // some of the parts (an unknown compound) against 1 for all of them.
  // The defaults come from 5-fold cross-validation on the case library's
  // judged set (tests/relevance/weights.grid, docs/RELEVANCE.md).
  double other_language_weight = 1.0;
  double compound_weight = 1.0;
  double some_parts_weight = 0.25;
};

struct Schema {
  std::vector<FieldSpec> fields;
  std::vector<SectionSpec> sections;
  RankingSpec ranking;
  std::string default_language = "nl";
  std::string default_type = "case";
  // Stemmers by article language; anything else falls back to default_language.
  std::map<std::string, std::string> stemmers = {{"nl", "kraaij_pohlmann"}, {"en", "english"}};  // see docs/STEMMING.md
  // Forms the stemmer leaves alone, by language (form -> stem).
  StemOverrides stem_overrides = default_stem_overrides();
  // The facets' display order, by API key ("year" for a date field);
  // facets not listed follow in field order. E.g. {"themes", "instruments"}.
  std::vector<std::string> facet_order;
  // The keyword field shown under each hit's title and as an Atom entry's
  // author, e.g. "organisation"; empty for none.
  std::string byline;
  // The item sections an article page lists "at a glance", by section name,
  // in this order; empty: every section with an item type, in schema order.
  // E.g. {"les", "voordeel", "nadeel"}.
  std::vector<std::string> glance;
  // Markdown `casebase-index new` writes between the front matter and the
  // sections, per language (an introduction to replace, a story heading).
  Labels template_intro;
  // The sub-folder of the content folder `casebase-index new` writes to
  // (its --section flag overrides it), e.g. "cases"; empty: the content
  // folder itself.
  std::string template_folder;

  const FieldSpec* field(const std::string& key) const;
  // The field a front-matter key (or alias) belongs to, or nullptr.
  const FieldSpec* field_for_front_matter_key(const std::string& key) const;
  const SectionSpec* section(const std::string& name) const;
  // The section a heading text introduces, or nullptr.
  const SectionSpec* section_for_heading(const std::string& heading) const;
  std::vector<const FieldSpec*> facets() const;
  // The facets in display order (facet_order, then field order).
  std::vector<const FieldSpec*> facets_in_order() const;
  // The sections of `glance` (see there) that have an item type.
  std::vector<const SectionSpec*> glance_sections() const;
  // The section whose bullets become items of `item_type`, or nullptr.
  const SectionSpec* section_for_item_type(const std::string& item_type) const;
  // The facet whose API key (see facet_api_key in query.h) is `api_key`, or nullptr.
  const FieldSpec* facet_by_api_key(const std::string& api_key) const;
  // Validates internal consistency: unique keys, prefixes and slots.
  Status validate() const;
};

// The schema's vocabularies as synonym groups: each value of a facet that
// counts for related cases with its aliases and labels ("energie", "energy";
// "waterschap", "water board"), so an English query finds the Dutch tag.
// Words under three letters are left out ("nl", "en" are words too).
std::vector<std::vector<std::string>> vocabulary_synonyms(const Schema& schema);

// Reserved prefixes and slots, outside the configurable table.
inline constexpr const char* kIdPrefix = "Q";         // unique item id
inline constexpr const char* kCaseIdPrefix = "XCASE";  // the case an item belongs to
inline constexpr const char* kItemTypePrefix = "XITEM";  // article | lesson | pro | con
inline constexpr const char* kLanguagePrefix = "XLANG";
inline constexpr const char* kHashPrefix = "XHASH";   // content hash (on the article doc)
inline constexpr const char* kPathPrefix = "XPATH";   // relative path of the source file
// A synonym whose value is a phrase ("the hague" -> "den haag"): the value
// is stored as this prefix + the phrase, and the searcher turns it into a
// phrase query (QueryParser's synonyms are single terms).
inline constexpr const char* kSynonymPhrasePrefix = "XSP";
inline constexpr const char* kCompoundPrefix = "XCP";  // a stemmed part of a Dutch compound (compound.h)
// The longest term Casebase writes: Xapian refuses terms over 245 bytes.
// Measured as the term's B-tree key (key_bytes): a NUL byte is stored as
// two, so a value of NULs under the limit could still fail the commit.
inline constexpr size_t kMaxTermBytes = 240;
inline constexpr int kSlotDate = 0;       // sortable date "YYYYMMDD"
inline constexpr int kSlotCaseId = 1;     // case id, for collapsing
inline constexpr int kSlotDateAsc = 3;    // as kSlotDate, "99999999" when undated (oldest first, undated last)
inline constexpr int kSlotState = 2;
// An article's title, so autocomplete reads every title from one value
// stream instead of every article's document data. (Its body is in the
// document data: see stored.h.) Slots 5 and 6 held stored text before
// index format 8 and stay unused.
inline constexpr int kSlotTitle = 4;
// Browse orders in one value each (Xapian's remote protocol sorts by a
// value, not by a key maker): newest first is the date with its digits
// inverted ("~" when undated, so last), then NUL and the case id; oldest
// first is kSlotDateAsc's value, NUL and the case id. Articles of one date
// go by id, whether the index is one database or shards.
inline constexpr int kSlotBrowseNewest = 7;
inline constexpr int kSlotBrowseOldest = 8;
// On article documents: the id, NUL, the title. Over shards autocomplete
// reads all titles with one counting match (a value stream through the
// remote protocol costs a round trip per document).
inline constexpr int kSlotIdTitle = 9;
inline constexpr int kFirstFreeSlot = 10;
// The stub file in the index folder naming the generation being served.
inline constexpr const char* kCurrentStub = "CURRENT";
// Index metadata written by casebase-index at each commit: how many runs
// have committed, the last one's duration and when it finished (Unix time).
inline constexpr const char* kMetaRuns = "casebase_runs";
inline constexpr const char* kMetaLastRunSeconds = "casebase_last_run_seconds";
inline constexpr const char* kMetaLastRunFinished = "casebase_last_run_finished";

// The boolean term for a keyword value under `prefix`: the value is
// normalised (case, accents, spaces) and cut on a UTF-8 boundary to fit
// Xapian's term length limit. Indexer and searcher both build filters with it.
std::string filter_term(const std::string& prefix, const std::string& value);

// The bytes `term` takes as a key of Xapian's B-trees (glass escapes a NUL
// byte as two bytes). E.g. key_bytes("ab") == 2, key_bytes(std::string(3, '\0')) == 6.
size_t key_bytes(std::string_view term);

// `term` cut on a UTF-8 boundary so that key_bytes(term) <= max_bytes.
std::string fit_key(std::string_view term, size_t max_bytes = kMaxTermBytes);

// The API key of a facet field: its key, except that a date field is
// faceted by year ("date" -> "year", "published" -> "published_year").
std::string facet_api_key(const FieldSpec& f);

// The built-in case-library schema: core/schema/case-library.yaml as
// embedded in the binary, parsed once (a copy each call).
Schema default_schema();

// The text of core/schema/case-library.yaml, embedded at build time.
const std::string& builtin_schema_text();

// Loads a schema from a YAML file, read on top of the built-in one (see
// parse_schema). Errors carry file:line:col.
Result<Schema> load_schema(const std::string& path);
// parse_schema_over(default_schema(), yaml_text, path).
Result<Schema> parse_schema(const std::string& yaml_text, const std::string& path);
// Reads `yaml_text` on top of `base`: keys given replace the base's (a
// `fields` list replaces all fields and clears facet_order, byline and
// template_intro; `sections` replaces all sections), keys not given keep
// it. Errors (kContent, with path:line:col): malformed YAML, unknown keys,
// bad values, and an inconsistent result (Schema::validate).
// E.g. parse_schema_over(Schema{}, "language: en\n", "x.yaml")->default_language == "en".
Result<Schema> parse_schema_over(Schema base, const std::string& yaml_text, const std::string& path);

}  // namespace casebase
