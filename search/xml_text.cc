#include "xml_text.h"

#include <string>

namespace casebase::serve {

void xml_clean(nlohmann::json& j) {
  if (j.is_string()) {
    const std::string& in = j.get_ref<const std::string&>();
    std::string s;
    s.reserve(in.size());
    for (size_t i = 0; i < in.size(); ++i) {
      const auto u = static_cast<unsigned char>(in[i]);
      if (u < 0x20 && u != '\t' && u != '\n' && u != '\r') continue;
      // U+FFFE and U+FFFF are EF BF BE and EF BF BF in UTF-8.
      if (u == 0xEF && i + 2 < in.size() && static_cast<unsigned char>(in[i + 1]) == 0xBF &&
          (static_cast<unsigned char>(in[i + 2]) & 0xFE) == 0xBE) {
        i += 2;
        continue;
      }
      s.push_back(in[i]);
    }
    j = std::move(s);
  } else if (j.is_structured()) {
    for (auto& x : j) xml_clean(x);
  }
}

}  // namespace casebase::serve
