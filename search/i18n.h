// i18n: the interface languages of the web pages (Dutch by default,
// English) and every interface string, one table per language in i18n.cc.
// Pages look strings up by key; both tables hold the same keys (a test
// checks). Also the language negotiation (explicit choice, cookie,
// Accept-Language) and the date and facet-value wording.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace casebase::serve {

enum class Lang { kNl, kEn };

// "nl" or "en".
const char* lang_code(Lang lang);

// The language for a code ("nl", "en", "en-GB", case-insensitive), or nullopt.
std::optional<Lang> parse_lang(std::string_view code);

// The cookie that remembers a language chosen with the switch.
inline constexpr const char* kLangCookie = "casebase_lang";

// Picks the interface language: an explicit `lang` parameter first, then the
// cookie set by the language switch (from the raw Cookie header), then the
// preferred of nl/en in Accept-Language (q-values honoured), else Dutch.
Lang negotiate_lang(std::string_view param, std::string_view cookie_header, std::string_view accept_language);

using StringTable = std::map<std::string, std::string, std::less<>>;

// The string table of a language (static, never changes).
const StringTable& strings(Lang lang);

// The string `key` in `lang`; a missing key yields the key itself (the
// tables are checked to be complete by a test).
std::string tr(Lang lang, std::string_view key);

// Replaces each `{name}` in `pattern` by its argument; unknown names stay.
std::string format(std::string_view pattern, const std::map<std::string, std::string>& args);

// "2019-08" -> "augustus 2019" / "August 2019"; "2019-08-15" -> "15 augustus
// 2019"; "2019" stays. Anything else is returned as given.
std::string format_date(Lang lang, std::string_view date);

// The display label of a facet value (e.g. type `case` -> "Casus"), from the
// table's `value.<facet>.<value>` entries; the value itself otherwise.
std::string value_label(Lang lang, std::string_view facet, const std::string& value);

}  // namespace casebase::serve
