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
      {DiagCode::kBadContent, "bad-content", kE, true},
      {DiagCode::kUnreadable, "unreadable", kE, true},
      {DiagCode::kSymlink, "symlink", kE, true},
      {DiagCode::kNoSuchFile, "no-such-file", kE, true},
      {DiagCode::kFileTooLarge, "file-too-large", kE, true},
      {DiagCode::kBinaryFile, "binary-file", kE, true},
      {DiagCode::kBadPath, "bad-path", kE, true},
      {DiagCode::kDuplicateId, "duplicate-id", kE, true},
      {DiagCode::kDuplicateTitle, "duplicate-title", kW, false},
      {DiagCode::kBadSynonyms, "bad-synonyms", kE, true},
      {DiagCode::kInvalidUtf8, "invalid-utf8", kE, true},
      {DiagCode::kUnclosedFrontMatter, "unclosed-front-matter", kE, true},
      {DiagCode::kFrontMatterLimit, "front-matter-limit", kE, true},
      {DiagCode::kBadYaml, "bad-yaml", kE, true},
      {DiagCode::kYamlAlias, "yaml-alias", kE, true},
      {DiagCode::kNotAMapping, "not-a-mapping", kE, true},
      {DiagCode::kMarkdownLimit, "markdown-limit", kE, true},
      {DiagCode::kUnknownKey, "unknown-key", kW, false},
      {DiagCode::kNestedMap, "nested-map", kW, true},
      {DiagCode::kOneValue, "one-value", kW, false},
      {DiagCode::kValueTooLong, "value-too-long", kW, true},
      {DiagCode::kNotADate, "not-a-date", kE, true},
      {DiagCode::kNotANumber, "not-a-number", kE, true},
      {DiagCode::kNotAllowedValue, "not-allowed-value", kW, true},
      {DiagCode::kNoTitle, "no-title", kE, true},
      {DiagCode::kMissingRequired, "missing-required", kW, true},
      {DiagCode::kEmptySection, "empty-section", kW, false},
      {DiagCode::kNoBullets, "no-bullets", kW, false},
      {DiagCode::kDuplicateKey, "duplicate-key", kW, true},
      {DiagCode::kNotAUrl, "not-a-url", kW, true},
      {DiagCode::kTemplateText, "template-text", kW, true},
      {DiagCode::kFutureDate, "future-date", kW, true},
      {DiagCode::kNoBody, "no-body", kW, true},
      {DiagCode::kDuplicateSection, "duplicate-section", kW, true},
      {DiagCode::kNoAltText, "no-alt-text", kW, true},
      {DiagCode::kBrokenLink, "broken-link", kW, true},
  };
  return kRules;
}

const DiagRule& diag_rule(DiagCode code) {
  const auto& rules = diag_rules();
  auto it = std::find_if(rules.begin(), rules.end(), [&](const DiagRule& r) { return r.code == code; });
  return it != rules.end() ? *it : rules.front();
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
