// csv: RFC 4180 fields for the CSV export, safe to open in a spreadsheet.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace casebase::serve {

// One CSV field: quoted when needed, and a leading = + - @ (a spreadsheet
// formula) neutralised with a quote character. E.g. csv_field("a,b") ==
// "\"a,b\"", csv_field("=1+1") == "'=1+1".
std::string csv_field(std::string_view value);

// One CSV line of `cells`, comma-separated and ended by CRLF.
// E.g. csv_line({"a", "b c"}) == "a,b c\r\n".
std::string csv_line(const std::vector<std::string>& cells);

}  // namespace casebase::serve
