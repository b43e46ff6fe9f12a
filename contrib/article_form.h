// article_form: the article form of the contribution pages, derived from
// the schema as `casebase-index new` derives its template: which fields it
// asks for and how (a choice for a closed vocabulary, a list with
// suggestions for an open one, a date, a text), and the Markdown the
// filled-in form stands for. HTTP- and template-free.
//
// E.g. assemble_markdown(schema, {{"title", {"X"}}, …}, …).markdown starts "---\ntitle: \"X\"\n".
#pragma once

#include <map>
#include <string>
#include <vector>

#include "casebase/document.h"
#include "casebase/schema.h"

namespace casebase::contrib {

enum class InputKind { kLine, kText, kChoice, kChoices, kList, kDate };

// One field of the form.
struct FormField {
  const FieldSpec* spec = nullptr;
  InputKind input = InputKind::kLine;
};
// The fields the form asks for, in schema order: the title, and every
// field that is required, a facet, a text or has an example.
std::vector<FormField> form_fields(const Schema& schema);
// The section headings of the form, in schema order, in `lang`.
std::string section_heading(const SectionSpec& s, const std::string& lang);

// What a filled-in form holds: values per field key (several for a list or
// choices; a list's single text is split at commas), the introduction, and
// the text under each section (for a section of items: one item a line).
struct FormInput {
  std::map<std::string, std::vector<std::string>> fields;
  std::string intro;
  std::map<std::string, std::string> sections;
};

struct AssembledArticle {
  std::string markdown;
  // The form input each line of `markdown` came from: "f:KEY" for a field,
  // "intro", "s:NAME" for a section (1-based lines).
  std::map<int, std::string> line_owner;
};
AssembledArticle assemble_markdown(const Schema& schema, const FormInput& in, const std::string& lang);

// The form input a diagnostic belongs to ("f:KEY", "intro", "s:NAME"), or
// "" for the article as a whole: by its line, else by a field key named in
// its message ("missing required key `organisation`").
std::string owner_of(const Diagnostic& d, const AssembledArticle& a, const Schema& schema);

}  // namespace casebase::contrib
