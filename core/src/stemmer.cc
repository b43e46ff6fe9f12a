#include "stemmer.h"

#include <functional>
#include <map>
#include <unordered_map>

namespace casebase {

namespace {

// A Snowball stemmer with a table of forms it must not touch.
class OverrideStem : public Xapian::StemImplementation {
 public:
  OverrideStem(const std::string& name, const std::map<std::string, std::string>& table)
      : inner_(name), table_(table), description_(describe(inner_, table)) {}
  std::string operator()(const std::string& word) override {
    if (auto it = table_.find(word); it != table_.end()) return it->second;
    return inner_(word);
  }
  // Names the table's content too: equal descriptions stem alike (the
  // searcher's per-thread stem memo is keyed by it).
  std::string get_description() const override { return description_; }

  static std::string describe(const Xapian::Stem& inner, const std::map<std::string, std::string>& table) {
    std::string all;
    for (const auto& [form, stem] : table) all += form + "=" + stem + ";";
    return inner.get_description() + " with " + std::to_string(table.size()) + " overrides #" +
           std::to_string(std::hash<std::string>{}(all));
  }

 private:
  Xapian::Stem inner_;
  const std::map<std::string, std::string> table_;  // a copy: the stemmer may outlive the schema
  const std::string description_;
};

std::unordered_map<std::string, std::string>& thread_cache(const std::string& name) {
  thread_local std::map<std::string, std::unordered_map<std::string, std::string>> caches;
  return caches[name];
}

}  // namespace

MemoStem::MemoStem(Xapian::Stem inner) : inner_(std::move(inner)), cache_(&thread_cache(inner_.get_description())) {}

std::string MemoStem::operator()(const std::string& word) {
  if (auto it = cache_->find(word); it != cache_->end()) return it->second;
  if (cache_->size() >= kMaxWords) cache_->clear();
  return cache_->emplace(word, inner_(word)).first->second;
}

Xapian::Stem make_stemmer(const Schema& schema, const std::string& lang) {
  auto name = schema.stemmers.find(lang);
  if (name == schema.stemmers.end()) return Xapian::Stem("none");
  auto table = schema.stem_overrides.find(lang);
  if (table == schema.stem_overrides.end() || table->second.empty()) return Xapian::Stem(name->second);
  return Xapian::Stem(new OverrideStem(name->second, table->second));
}

}  // namespace casebase
