// views: small helpers shared by the page view models: reading the API's
// JSON bodies leniently, labels from the schema in an interface language,
// and values made safe for attributes.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "casebase/schema.h"
#include "i18n.h"

namespace casebase::serve {

// E.g. join({"a", "b"}, ", ") == "a, b".
std::string join(const std::vector<std::string>& v, const std::string& sep);

// The strings of a JSON string or array of strings; others are skipped.
// E.g. strings_of(["a", 1, "b"]) == {"a", "b"}; strings_of("a") == {"a"}.
std::vector<std::string> strings_of(const nlohmann::json& j);

// j[key] when it is a string, else "". E.g. str({{"id", 3}}, "id") == "".
std::string str(const nlohmann::json& j, const char* key);

// A value safe as a CSS class suffix: [a-z0-9-] kept, "other" when empty.
// E.g. css_token("Case 2!") == "ase2".
std::string css_token(const std::string& s);

// An article's language as an HTML lang value when it differs from the
// page's (WCAG 3.1.2, language of parts); empty otherwise.
// E.g. content_lang("nl", en) == "nl", content_lang("en", en) == "".
std::string content_lang(const std::string& article_lang, const Language& page_lang);

// An <option> of a select: {value, label, selected}.
nlohmann::json option(const std::string& value, const std::string& label, bool selected);

// The label of facet `api_key` in `lang` (FieldSpec::label), else the key.
std::string facet_label(const Schema& schema, const std::string& api_key, const Language& lang);

// The display label of a value of facet `api_key` (FieldSpec::value_label,
// e.g. type `case` -> "Casus"), else the value itself.
std::string value_label(const Schema& schema, const Language& lang, const std::string& api_key,
                        const std::string& value);

// The facet key of the year range (from/to), or empty without a date facet.
std::string year_key(const Schema& schema);

// The schema's theme facet: the facet whose values are the feed's
// categories (`feed: category`), or nullptr.
const FieldSpec* theme_field(const Schema& schema);

// The year range as words: "2018–2020", "vanaf 2018", "tot en met 2020".
std::string years_text(const Language& lang, int from, int to);

// "1 resultaat" / "12 resultaten" (count_one / count_many).
std::string count_text(const Language& lang, size_t n);

}  // namespace casebase::serve
