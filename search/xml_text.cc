#include "xml_text.h"

#include <string>

namespace casebase::serve {

void xml_clean(nlohmann::json& j) {
  if (j.is_string()) {
    std::string s = j.get<std::string>();
    std::erase_if(s, [](char c) {
      auto u = static_cast<unsigned char>(c);
      return u < 0x20 && c != '\t' && c != '\n' && c != '\r';
    });
    j = s;
  } else if (j.is_structured()) {
    for (auto& x : j) xml_clean(x);
  }
}

}  // namespace casebase::serve
