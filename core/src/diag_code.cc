#include "casebase/diag_code.h"

#include <algorithm>

namespace casebase {

namespace {

constexpr Severity kW = Severity::kWarning;
constexpr Severity kE = Severity::kError;

}  // namespace

const std::vector<DiagRule>& diag_rules() {
  // Errors stop the file from being indexed. Warnings with check_error are
  // mistakes an article survives (it indexes, with the value dropped or
  // kept as written) but that `check` must not let through.
  static const std::vector<DiagRule> kRules = {
      {DiagCode::kBadContent, "bad-content", kE, true,
         "Dit bestand kan niet worden gelezen als artikel.",
         "This file cannot be read as an article."},
      {DiagCode::kUnreadable, "unreadable", kE, true,
         "Het bestand kan niet worden gelezen.",
         "The file cannot be read."},
      {DiagCode::kSymlink, "symlink", kE, true,
         "Een snelkoppeling (symlink) wordt niet gevolgd.",
         "A symbolic link is not followed."},
      {DiagCode::kNoSuchFile, "no-such-file", kE, true,
         "Dit bestand of deze map bestaat niet.",
         "This file or folder does not exist."},
      {DiagCode::kFileTooLarge, "file-too-large", kE, true,
         "Het artikel is te groot.",
         "The article is too large."},
      {DiagCode::kBinaryFile, "binary-file", kE, true,
         "Dit is geen tekstbestand (UTF-8).",
         "This is no text file (UTF-8)."},
      {DiagCode::kBadPath, "bad-path", kE, true,
         "De bestandsnaam kan geen artikel aanduiden.",
         "The file name cannot name an article."},
      {DiagCode::kDuplicateId, "duplicate-id", kE, true,
         "Er bestaat al een artikel met deze naam.",
         "An article with this name exists already."},
      {DiagCode::kDuplicateTitle, "duplicate-title", kW, false,
         "Er bestaat al een artikel met deze titel.",
         "An article with this title exists already."},
      {DiagCode::kBadSynonyms, "bad-synonyms", kE, true,
         "Het synoniemenbestand klopt niet.",
         "The synonyms file is not valid."},
      {DiagCode::kInvalidUtf8, "invalid-utf8", kE, true,
         "Het bestand is geen geldige UTF-8-tekst (sla het op als UTF-8).",
         "The file is no valid UTF-8 text (save it as UTF-8)."},
      {DiagCode::kUnclosedFrontMatter, "unclosed-front-matter", kE, true,
         "De gegevens bovenaan beginnen met --- maar sluiten niet af met ---.",
         "The data on top opens with --- but is never closed with ---."},
      {DiagCode::kFrontMatterLimit, "front-matter-limit", kE, true,
         "De gegevens bovenaan zijn te groot of te diep genest.",
         "The data on top is too large or nested too deeply."},
      {DiagCode::kBadYaml, "bad-yaml", kE, true,
         "Deze regel is geen geldige YAML: kijk naar aanhalingstekens en haakjes.",
         "This line is no valid YAML: look at quotes and brackets."},
      {DiagCode::kYamlAlias, "yaml-alias", kE, true,
         "YAML-ankers en -verwijzingen (& en *) zijn niet toegestaan.",
         "YAML anchors and aliases (& and *) are not allowed."},
      {DiagCode::kNotAMapping, "not-a-mapping", kE, true,
         "De gegevens bovenaan moeten regels zijn als `sleutel: waarde`.",
         "The data on top must be lines like `key: value`."},
      {DiagCode::kMarkdownLimit, "markdown-limit", kE, true,
         "De tekst is te groot of te diep genest.",
         "The text is too large or nested too deeply."},
      {DiagCode::kUnknownKey, "unknown-key", kW, false,
         "Dit veld kent de bibliotheek niet; het wordt genegeerd.",
         "The library does not know this field; it is ignored."},
      {DiagCode::kNestedMap, "nested-map", kW, true,
         "Hier hoort een lijst, geen map: schrijf [a, b].",
         "A list belongs here, not a map: write [a, b]."},
      {DiagCode::kOneValue, "one-value", kW, false,
         "Dit veld neemt één waarde, geen lijst.",
         "This field takes one value, not a list."},
      {DiagCode::kValueTooLong, "value-too-long", kW, true,
         "Deze waarde is te lang.",
         "This value is too long."},
      {DiagCode::kNotADate, "not-a-date", kE, true,
         "Dit is geen datum: schrijf JJJJ, JJJJ-MM of JJJJ-MM-DD.",
         "This is no date: write YYYY, YYYY-MM or YYYY-MM-DD."},
      {DiagCode::kNotANumber, "not-a-number", kE, true,
         "Hier hoort een getal.",
         "A number belongs here."},
      {DiagCode::kNotAllowedValue, "not-allowed-value", kW, true,
         "Deze waarde staat niet in de lijst van dit veld; kies er een uit de lijst.",
         "This value is not in this field's list; choose one from it."},
      {DiagCode::kNoTitle, "no-title", kE, true,
         "Het artikel heeft geen titel.",
         "The article has no title."},
      {DiagCode::kMissingRequired, "missing-required", kW, true,
         "Dit veld is verplicht.",
         "This field is required."},
      {DiagCode::kEmptySection, "empty-section", kW, false,
         "Onder dit kopje staat geen tekst.",
         "There is no text under this heading."},
      {DiagCode::kNoBullets, "no-bullets", kW, false,
         "Schrijf dit als opsomming: één punt per regel.",
         "Write this as a list: one item a line."},
      {DiagCode::kDuplicateKey, "duplicate-key", kW, true,
         "Dit veld staat er twee keer in; schrijf het één keer.",
         "This field is given twice; write it once."},
      {DiagCode::kNotAUrl, "not-a-url", kW, true,
         "Dit moet een volledig webadres zijn dat begint met https://.",
         "This must be a full web address starting with https://."},
      {DiagCode::kTemplateText, "template-text", kW, true,
         "Hier staat nog voorbeeldtekst uit het sjabloon.",
         "Example text from the template is still here."},
      {DiagCode::kFutureDate, "future-date", kW, true,
         "Deze datum ligt in de toekomst.",
         "This date is in the future."},
      {DiagCode::kNoBody, "no-body", kW, true,
         "Onder de gegevens staat nog geen tekst.",
         "There is no text below the data yet."},
      {DiagCode::kDuplicateSection, "duplicate-section", kW, true,
         "Dit kopje staat er twee keer in.",
         "This heading is given twice."},
      {DiagCode::kNoAltText, "no-alt-text", kW, true,
         "Een afbeelding heeft een beschrijving nodig: ![wat je ziet](adres).",
         "An image needs a description: ![what it shows](address)."},
      {DiagCode::kBrokenLink, "broken-link", kW, true,
         "Deze link wijst naar een artikel dat niet bestaat.",
         "This link points to an article that does not exist."},
  };
  return kRules;
}

const DiagRule& diag_rule(DiagCode code) {
  const auto& rules = diag_rules();
  auto it = std::find_if(rules.begin(), rules.end(), [&](const DiagRule& r) { return r.code == code; });
  return it != rules.end() ? *it : rules.front();
}

const char* diag_explanation(DiagCode code, const std::string& lang) {
  const DiagRule& r = diag_rule(code);
  return lang == "nl" ? r.nl : r.en;
}

const char* diag_name(DiagCode code) { return diag_rule(code).name; }

std::optional<DiagCode> diag_code_by_name(std::string_view name) {
  for (const auto& r : diag_rules()) {
    if (name == r.name) return r.code;
  }
  return std::nullopt;
}

bool Strictness::covers(DiagCode code) const {
  return all || std::find(codes.begin(), codes.end(), code) != codes.end();
}

std::optional<Strictness> parse_strictness(std::string_view text, std::string* error) {
  Strictness s;
  if (text == "all") {
    s.all = true;
    return s;
  }
  size_t pos = 0;
  while (pos < text.size()) {
    size_t comma = text.find(',', pos);
    if (comma == std::string_view::npos) comma = text.size();
    std::string_view name = text.substr(pos, comma - pos);
    pos = comma + 1;
    if (name.empty()) continue;
    auto code = diag_code_by_name(name);
    if (!code) {
      if (error) *error = "unknown diagnostic code `" + std::string(name) + "`";
      return std::nullopt;
    }
    s.codes.push_back(*code);
  }
  return s;
}

Severity severity_of(DiagCode code, bool checking, const Strictness& strict) {
  const DiagRule& r = diag_rule(code);
  if (r.severity == Severity::kError || strict.covers(code)) return Severity::kError;
  return checking && r.check_error ? Severity::kError : Severity::kWarning;
}

}  // namespace casebase
