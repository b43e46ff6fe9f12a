#include "search/db_pool.h"

#include <sys/stat.h>

#include "casebase/schema.h"

namespace casebase::search {

Lease::Lease(DbPool& pool, const std::string& root) : pool_(pool) {
  const std::string path = root + "/" + kCurrentStub;
  // A rebuild replaces the stub file (new inode): handles on the old
  // generation are dropped. In-place updates are picked up by reopen().
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    sig_ = std::to_string(st.st_ino) + ":" + std::to_string(st.st_mtim.tv_nsec) + ":" + std::to_string(st.st_mtime);
  }
  {
    std::lock_guard<std::mutex> g(pool_.mu);
    if (sig_ != pool_.stub_sig) {
      if (!pool_.stub_sig.empty()) ++pool_.reopens;
      pool_.handles.clear();
      pool_.stub_sig = sig_;
    }
    if (!pool_.handles.empty()) {
      db_ = std::move(pool_.handles.back());
      pool_.handles.pop_back();
    }
  }
  if (!db_) {
    db_ = std::make_unique<Xapian::Database>(path);
  } else {
    const Xapian::rev before = db_->get_revision();
    db_->reopen();  // cheap when nothing changed; picks up a new revision
    if (db_->get_revision() != before) ++pool_.reopens;
  }
}

Lease::~Lease() {
  if (!db_) return;
  std::lock_guard<std::mutex> g(pool_.mu);
  if (pool_.stub_sig == sig_) pool_.handles.push_back(std::move(db_));  // else: a handle on a replaced generation
}

}  // namespace casebase::search
