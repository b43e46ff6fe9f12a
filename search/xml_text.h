// xml_text: text made fit for XML 1.0 (the Atom feed), which forbids most
// control characters even as character references.
#pragma once

#include <nlohmann/json.hpp>

namespace casebase::serve {

// Removes, in every string of `j` (recursively), the characters XML 1.0
// forbids: C0 controls except tab, LF and CR, and the noncharacters U+FFFE
// and U+FFFF (surrogates cannot occur in valid UTF-8). E.g. "a\x01b" -> "ab".
void xml_clean(nlohmann::json& j);

}  // namespace casebase::serve
