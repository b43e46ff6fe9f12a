// Text helpers shared by indexer and searcher: UTF-8 validation, accent
// folding for accent-insensitive matching, lower-casing and slugs. Pure
// functions on std::string (UTF-8); no library types cross this interface.
#pragma once

#include <string>
#include <string_view>

namespace casebase {

// Returns the byte offset of the first invalid UTF-8 sequence in `s`, or
// std::string_view::npos when `s` is valid UTF-8 (overlongs, surrogates and
// code points past U+10FFFF are invalid).
size_t find_invalid_utf8(std::string_view s);
inline bool is_valid_utf8(std::string_view s) { return find_invalid_utf8(s) == std::string_view::npos; }

// Folds accented Latin letters to their base letter (é->e, ë->e, ß->ss,
// ĳ->ij) and typographic quotes/dashes to ASCII; other text is unchanged.
// Used on both indexed text and queries, so `ideeën` matches `ideeen`.
std::string fold_accents(std::string_view s);

// ASCII lower-casing plus folding: the canonical form of a keyword value
// (used to build filter terms and to compare controlled-vocabulary values).
std::string normalize_keyword(std::string_view s);

// A URL-safe slug: lower-case ASCII letters, digits and '-'.
std::string slugify(std::string_view s);

// The longest prefix of `s` of at most `max_bytes` bytes that does not cut
// a UTF-8 sequence. E.g. utf8_truncate("café", 4) == "caf".
std::string utf8_truncate(std::string_view s, size_t max_bytes);

// `pos` moved back (floor) or forward (ceil) to the start of a UTF-8
// sequence, so s.substr(floor, ceil - floor) never splits a character.
// Both clamp to s.size().
size_t utf8_floor(std::string_view s, size_t pos);
size_t utf8_ceil(std::string_view s, size_t pos);

// `s` safe to print on one terminal line: C0 controls (newline, escape,
// tab, …), DEL and the C1 controls U+0080–U+009F become `\xNN` / `\u00NN`,
// so a file name or value cannot split or forge a diagnostic line or send
// terminal escape sequences. E.g. escape_controls("a\nb\x1b[31m") == "a\\x0ab\\x1b[31m".
std::string escape_controls(std::string_view s);

// Trims ASCII white space at both ends.
std::string trim(std::string_view s);

// 1-based line and column (in code points) of byte offset `pos` in `text`.
void line_col_at(std::string_view text, size_t pos, int& line, int& col);

// Escapes &, <, >, " and ' for HTML text and attribute values.
std::string html_escape(std::string_view s);

// Levenshtein distance between two short strings (bytes), for "did you mean".
int edit_distance(std::string_view a, std::string_view b);

}  // namespace casebase
