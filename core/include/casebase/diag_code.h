// diag_code: the codes of content diagnostics. Every place that reports a
// problem in a content file names its code; ONE table maps each code to a
// stable kebab-case name (printed after the message, as compilers do:
// `a.md:4:20: error: … [not-allowed-value]`), its severity while indexing,
// and whether `casebase-index check` counts it as an error. Nothing decides
// by reading a message's text.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace casebase {

enum class Severity { kWarning, kError };

enum class DiagCode {
  kBadContent,  // a content error with no more specific code
  // The file as a whole (indexer).
  kUnreadable, kSymlink, kNoSuchFile, kFileTooLarge, kBinaryFile, kBadPath, kDuplicateId, kDuplicateTitle,
  kBadSynonyms,
  // Front matter and Markdown.
  kInvalidUtf8, kUnclosedFrontMatter, kFrontMatterLimit, kBadYaml, kYamlAlias, kNotAMapping, kMarkdownLimit,
  // Fields and sections against the schema.
  kUnknownKey, kNestedMap, kOneValue, kValueTooLong, kNotADate, kNotANumber, kNotAllowedValue, kNoTitle,
  kMissingRequired, kEmptySection, kNoBullets,
  // Mistakes an article survives but `check` does not let through (issue 14).
  kDuplicateKey, kNotAUrl, kTemplateText, kFutureDate, kNoBody, kDuplicateSection, kNoAltText, kBrokenLink,
};

struct DiagRule {
  DiagCode code;
  const char* name;   // stable, kebab-case: "not-allowed-value"
  Severity severity;  // while indexing; an error means the file is not indexed
  bool check_error;   // `check` reports it as an error (the article indexes, but should be fixed)
  // What the mistake is, for a contributor, in Dutch and in English (the
  // message adds the detail: which key, which value).
  const char* nl;
  const char* en;
};

// Every code's rule, in enum order.
const std::vector<DiagRule>& diag_rules();
const DiagRule& diag_rule(DiagCode code);
// The code's explanation in `lang` ("nl"; anything else: English). E.g.
// diag_explanation(DiagCode::kNotAUrl, "nl") starts "Dit moet een volledig webadres".
const char* diag_explanation(DiagCode code, const std::string& lang);
// E.g. diag_name(DiagCode::kUnknownKey) == "unknown-key".
const char* diag_name(DiagCode code);
// The code named `name`, or nullopt. E.g. diag_code_by_name("empty-section").
std::optional<DiagCode> diag_code_by_name(std::string_view name);

// Which warnings `--strict` turns into errors: all, or the listed codes.
struct Strictness {
  bool all = false;
  std::vector<DiagCode> codes;
  bool covers(DiagCode code) const;
};

// Parses a `--strict` value: "" (none), "all", or "CODE,CODE" by name.
// Errors name the unknown code. E.g. parse_strictness("empty-section,no-bullets").
std::optional<Strictness> parse_strictness(std::string_view text, std::string* error = nullptr);

// The severity of a diagnostic with `code`: while indexing the rule's, in
// `check` an error when check_error; an error either way when `strict` covers it.
Severity severity_of(DiagCode code, bool checking, const Strictness& strict = {});

}  // namespace casebase
