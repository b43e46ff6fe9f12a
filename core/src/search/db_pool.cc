#include "search/db_pool.h"

#include <stdlib.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>

#include "casebase/schema.h"
#include "search/shard_meta.h"

namespace casebase::search {

namespace {

thread_local const Lease* t_lease = nullptr;

// The file whose identity changes when a local index moves to another
// generation: our CURRENT stub, or the stub xapian-replicate keeps in a
// replica (XAPIANDB), or a plain database's version file.
std::string local_path(const std::string& root, std::string* sig) {
  for (const char* name : {kCurrentStub, "XAPIANDB", "iamglass"}) {
    const std::string p = root + "/" + name;
    struct stat st {};
    if (::stat(p.c_str(), &st) != 0) continue;
    *sig = std::string(name) + ":" + std::to_string(st.st_ino) + ":" + std::to_string(st.st_mtim.tv_nsec) + ":" +
           std::to_string(st.st_mtime);
    // A plain database changes in place: its handles follow by reopen().
    if (std::string_view(name) == "iamglass") *sig = "iamglass";
    return std::string_view(name) == kCurrentStub ? p : root;
  }
  *sig = "none";
  return root + "/" + kCurrentStub;  // opening it fails: "no index yet"
}

std::pair<std::string, unsigned> host_port(const std::string& spec) {
  const std::string rest = spec.substr(6);
  const size_t colon = rest.rfind(':');
  if (colon == std::string::npos) return {rest, 0};
  std::string host = rest.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  return {host, static_cast<unsigned>(std::strtoul(rest.c_str() + colon + 1, nullptr, 10))};
}

std::string version_of(const Xapian::Database& part, bool remote) {
  if (!remote) return part.get_uuid() + "@" + std::to_string(part.get_revision());
  // The remote protocol gives no revision: casebase-index's run count and
  // finish time change with every commit.
  return part.get_uuid() + "@" + part.get_metadata(kMetaRuns) + "/" + part.get_metadata(kMetaLastRunFinished);
}

}  // namespace

bool is_remote_spec(const std::string& spec) { return spec.rfind("tcp://", 0) == 0; }

const Lease* current_lease() { return t_lease; }

std::string index_version(const Xapian::Database& db) {
  if (t_lease) return t_lease->version();
  return db.get_uuid() + "@" + std::to_string(db.get_revision());
}

detail::LeaseScope::LeaseScope(const Lease* l) : previous(t_lease) { t_lease = l; }
detail::LeaseScope::~LeaseScope() { t_lease = previous; }

bool Lease::has_remote() const {
  for (bool r : h_->remote) {
    if (r) return true;
  }
  return false;
}

Lease::Lease(DbPool& pool, const std::vector<std::string>& specs) : pool_(pool) {
  // What to open: local folders by their stub's identity (a rebuild
  // replaces it, and handles on the old generation are dropped), remote
  // shards unless one failed a moment ago.
  const auto now = std::chrono::steady_clock::now();
  std::string key;
  std::vector<std::pair<std::string, std::string>> wanted;  // (spec, path or spec)
  std::vector<std::string> skipped;
  {
    std::lock_guard<std::mutex> g(pool_.mu);
    for (const auto& spec : specs) {
      if (is_remote_spec(spec)) {
        auto it = pool_.down_until.find(spec);
        if (it != pool_.down_until.end() && it->second > now) {
          skipped.push_back(spec);
          continue;
        }
        wanted.emplace_back(spec, spec);
        key += spec + ";";
      } else {
        std::string sig;
        std::string path = local_path(spec, &sig);
        wanted.emplace_back(spec, std::move(path));
        key += spec + "=" + sig + ";";
      }
    }
    if (key != pool_.key) {
      if (!pool_.key.empty()) ++pool_.reopens;
      pool_.handles.clear();
      pool_.key = key;
    }
    if (!pool_.handles.empty()) {
      h_ = std::move(pool_.handles.back());
      pool_.handles.pop_back();
    }
  }
  if (!h_) {
    h_ = std::make_unique<Handle>();
    h_->key = key;
    std::string opened_key;
    for (const auto& [spec, path] : wanted) {
      if (!is_remote_spec(spec)) {
        h_->parts.emplace_back(path);  // throws DatabaseOpeningError: no index yet
        h_->remote.push_back(false);
        h_->specs.push_back(spec);
        continue;
      }
      auto [host, port] = host_port(spec);
      try {
        h_->parts.push_back(Xapian::Remote::open(host, port, pool_.timeouts.answer_ms, pool_.timeouts.connect_ms));
        h_->remote.push_back(true);
        h_->specs.push_back(spec);
      } catch (const Xapian::Error&) {
        std::lock_guard<std::mutex> g(pool_.mu);
        pool_.down_until[spec] = now + std::chrono::milliseconds(pool_.timeouts.retry_after_ms);
        h_->missing.push_back(spec);
        h_->key.clear();  // not pooled: the next call opens without it
      }
    }
    for (const auto& s : skipped) h_->missing.push_back(s);
    if (h_->parts.empty()) {
      std::string names;
      for (const auto& m : h_->missing) names += (names.empty() ? "" : ", ") + m;
      throw Xapian::DatabaseOpeningError("no shard could be reached (" + names + ")");
    }
  } else {
    for (auto& part : h_->parts) part.reopen();  // cheap when nothing changed; picks up a new revision
  }
  // The version, and the combined handle when it changed.
  std::string version;
  unsigned revision = 0;
  for (size_t i = 0; i < h_->parts.size(); ++i) {
    version += version_of(h_->parts[i], h_->remote[i]) + ";";
    revision += h_->remote[i] ? static_cast<unsigned>(std::atoi(h_->parts[i].get_metadata(kMetaRuns).c_str()))
                              : static_cast<unsigned>(h_->parts[i].get_revision());
  }
  h_->revision = revision;
  if (version == h_->version) return;
  if (!h_->version.empty()) ++pool_.reopens;
  h_->version = version;
  h_->db = Xapian::Database();
  for (const auto& part : h_->parts) h_->db.add_database(part);
  if (has_remote()) {
    std::lock_guard<std::mutex> g(pool_.mu);
    if (!pool_.meta || pool_.meta_version != version) {
      const char* tmp = std::getenv("TMPDIR");
      std::string dir = std::string(tmp && *tmp ? tmp : "/tmp") + "/casebase-shard-meta-XXXXXX";
      if (!::mkdtemp(dir.data())) throw Xapian::DatabaseCreateError("cannot create a folder for the shards' synonyms");
      {
        Xapian::WritableDatabase meta(dir + "/db", Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
        for (size_t i = 0; i < h_->parts.size(); ++i) {
          if (h_->remote[i]) add_shard_meta(h_->parts[i], meta);
        }
        meta.commit();
      }
      pool_.meta = std::make_shared<Xapian::Database>(dir + "/db");
      pool_.meta_version = version;
      // Handles on the previous one keep its open files.
      if (!pool_.meta_dir.empty()) {
        std::error_code ec;
        std::filesystem::remove_all(pool_.meta_dir, ec);
      }
      pool_.meta_dir = dir;
    }
    h_->meta = pool_.meta;
    h_->db.add_database(*h_->meta);
  }
}

DbPool::~DbPool() {
  handles.clear();
  meta.reset();
  std::error_code ec;
  if (!meta_dir.empty()) std::filesystem::remove_all(meta_dir, ec);
}

void Lease::mark_failed_remotes() {
  if (!h_) return;
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(pool_.timeouts.retry_after_ms);
  for (size_t i = 0; i < h_->parts.size(); ++i) {
    if (!h_->remote[i]) continue;
    try {
      h_->parts[i].reopen();
    } catch (const Xapian::Error&) {
      std::lock_guard<std::mutex> g(pool_.mu);
      pool_.down_until[h_->specs[i]] = until;
    }
  }
}

Lease::~Lease() {
  if (!h_) return;
  std::lock_guard<std::mutex> g(pool_.mu);
  if (!h_->key.empty() && pool_.key == h_->key) pool_.handles.push_back(std::move(h_));  // else: a handle on a replaced generation
}

}  // namespace casebase::search
