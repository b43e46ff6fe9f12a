// i18n: the interface languages of the web pages and their text. Every
// interface string lives in a message catalogue, one file per language:
// web/i18n/<code>.json, a flat JSON object {"key": "text", …} (the "flat
// JSON" / i18next format translation tools read; see web/i18n/README.md).
// A language is its code ("nl", "en", "de"); the languages served are the
// catalogues found at start, so adding web/i18n/de.json adds German without
// a rebuild. A key a catalogue lacks falls back to English.
// Also the language negotiation (explicit choice, cookie, Accept-Language)
// and the `{name}` argument formatting.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "casebase/status.h"

namespace casebase::serve {

using StringTable = std::map<std::string, std::string, std::less<>>;

// One interface language, complete: its own strings over the fallback's.
struct Language {
  std::string code;        // "nl"
  std::string name;        // its own name ("Nederlands"), key `language_name`; the code when absent
  // The language switch's tooltip, in the language itself ("Lees deze
  // pagina in het Nederlands"), key `lang_switch_label`; its name when the
  // catalogue lacks it (English fallback text would mislabel the link).
  std::string switch_label;
  StringTable strings;     // every key of the language and of the fallback (English)
  nlohmann::json t;        // `strings` as a JSON object, for templates ({{t.key}})
  std::string js_strings;  // the `js_*` strings without the prefix, as JSON text, for app.js
};

// The string `key` in `lang`; a missing key yields the key itself (the
// catalogues are checked to hold the same keys by a test).
// E.g. tr(nl, "nav_search") == "Zoeken".
std::string tr(const Language& lang, std::string_view key);

// Replaces each `{name}` in `pattern` by its argument; unknown names stay.
// E.g. format("{n} resultaten", {{"n", "3"}}) == "3 resultaten".
std::string format(std::string_view pattern, const std::map<std::string, std::string>& args);

// The cookie that remembers a language chosen with the switch.
inline constexpr const char* kLangCookie = "casebase_lang";

// Parses one catalogue: a flat JSON object of strings. `name` (the file)
// prefixes every error. Errors: kInvalidArgument for bad JSON, a value
// that is not a string, or nesting.
Result<StringTable> parse_catalogue(std::string_view text, const std::string& name);

// The languages served, each with its strings. Built once at start; the
// Language objects never move afterwards, so pages may keep pointers.
class Catalogues {
 public:
  // Builds the languages from catalogues by code (each completed from "en"
  // when present). The default is "nl" when present, else "en", else the
  // first code. Errors: kInvalidArgument when `tables` is empty.
  static Result<Catalogues> from_tables(const std::map<std::string, StringTable>& tables);

  // Every language, ordered by code (the language switch lists them so).
  const std::vector<Language>& all() const { return langs_; }
  const Language& default_language() const { return langs_[default_]; }
  // The language for a code ("en", "en-GB", "EN", surrounding spaces
  // allowed), or nullptr when there is no such catalogue.
  const Language* find(std::string_view code) const;
  // Picks the interface language: an explicit `lang` parameter first, then
  // the cookie set by the language switch (from the raw Cookie header), then
  // the preferred catalogue in Accept-Language (q-values honoured), else the
  // default language.
  const Language& negotiate(std::string_view param, std::string_view cookie_header,
                            std::string_view accept_language) const;

 private:
  std::vector<Language> langs_;
  size_t default_ = 0;
};

// Loads every `web_dir`/i18n/*.json (symlinks refused; other files are
// ignored). Each name must be a language code, [a-z]{2,3}.json. Errors name
// the file: kIo when unreadable, kInvalidArgument for a bad name or content,
// or when there is no catalogue at all.
Result<Catalogues> load_catalogues(const std::string& web_dir);

}  // namespace casebase::serve
