// citation: how to cite an article, in APA (7th edition, a web page) and as
// a BibTeX entry, built from plain data the article page gathers from the
// front matter (title, the schema's author field, date, source URL) and
// the article's permalink. No HTML: the templates escape the text. The
// words that differ per language (the month names, "n.d."/"z.d.") come in
// as CiteWords from the catalogue, so this file names no language.
//
// E.g. apa_citation({.title = "Slim inkopen", .authors = {"Gemeente Den Haag"},
//                    .date = "2023", .permalink = "https://kb.example/articles/cases/den-haag"}, words)
//   == "Gemeente Den Haag. (2023). Slim inkopen. Casebase. https://kb.example/articles/cases/den-haag"
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace casebase::serve {

// What a citation says of an article.
struct CitationInput {
  std::string id;                    // the article id ("cases/den-haag"): the BibTeX key
  std::string title;                 // empty: the id stands in
  std::vector<std::string> authors;  // organisations, in order; may be empty
  std::string date;                  // "YYYY", "YYYY-MM" or "YYYY-MM-DD"; empty when undated
  std::string source_url;            // where the case was first published; may be empty
  std::string permalink;             // base URL + "/articles/" + id
  std::string site = "Casebase";     // the publisher
};

// The words of a citation in the reader's language (web/i18n: cite_*).
struct CiteWords {
  std::string undated = "n.d.";
  std::array<std::string, 12> months = {"January", "February", "March",     "April",   "May",      "June",
                                        "July",    "August",   "September", "October", "November", "December"};
  // APA's date in parentheses, `{year}`, `{month}` and `{day}` filled in.
  std::string day_month_year = "{year}, {month} {day}";
  std::string month_year = "{year}, {month}";
  std::string source = "Source:";  // before the source URL
};

// APA's date: "2023, May 1", "2023, May", "2023", or words.undated for an
// empty or malformed date (its year still shown when it has one).
std::string apa_date(const std::string& date, const CiteWords& words);

// One line: "Authors. (date). Title. Site. permalink" (authors joined as
// "A, B, & C"); without authors APA's title-first form
// "Title. (date). Site. permalink". A source URL is appended after
// words.source. Whitespace in the parts (newlines too) is collapsed.
std::string apa_citation(const CitationInput& in, const CiteWords& words);

// A @misc entry: key "casebase:<id>" (slashes kept, BibTeX allows them),
// each organisation braced as one name, title braced (case kept), year
// (omitted when undated), url and howpublished (the permalink), note with
// the source URL. Text is escaped (bibtex_escape); URLs keep their
// characters except those that would break the braces (percent-encoded).
std::string bibtex_citation(const CitationInput& in);

// LaTeX's special characters escaped for a BibTeX field:
// \ { } & % $ # _ ~ ^. E.g. bibtex_escape("R&D 50%") == "R\\&D 50\\%".
std::string bibtex_escape(std::string_view text);

}  // namespace casebase::serve
