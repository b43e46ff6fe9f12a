#include "alert_watcher.h"

#include <iostream>

#include "secrets.h"
#include "store.h"

namespace casebase::serve {

AlertWatcher::AlertWatcher(const Searcher& searcher, contrib::Alerts& alerts, std::shared_ptr<SiteSlot> sites,
                           AlertSettings settings, MailSender send)
    : searcher_(searcher), alerts_(alerts), sites_(std::move(sites)), settings_(std::move(settings)), send_(std::move(send)) {
  if (!send_) {
    send_ = [relay = settings_.relay](const contrib::Mail& m, long long now) { return contrib::send_mail(relay, m, now); };
  }
}

AlertWatcher::~AlertWatcher() { stop(); }

void AlertWatcher::start() {
  std::lock_guard lock(mu_);
  if (thread_.joinable()) return;
  stopping_ = false;
  stop_requested_ = false;
  thread_ = std::thread([this] { loop(); });
}

void AlertWatcher::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  stop_requested_ = true;
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void AlertWatcher::loop() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    lock.unlock();
    check(contrib::unix_now());
    lock.lock();
    wake_.wait_for(lock, std::chrono::seconds(settings_.interval_seconds), [this] { return stopping_; });
  }
}

AlertWatcher::Round AlertWatcher::check(long long now) {
  auto info = searcher_.info();
  if (!info.ok()) return {};  // no index yet: nothing can match
  const std::pair<unsigned, double> index{info->revision, info->last_run_finished};
  {
    std::lock_guard lock(round_mu_);
    if (last_index_ == index && last_day_ == contrib::utc_day(now) && !retry_) return {};
  }
  Round r = run_round(now);
  std::lock_guard lock(round_mu_);
  last_index_ = index;
  return r;
}

AlertWatcher::Round AlertWatcher::run_round(long long now) {
  std::lock_guard lock(round_mu_);
  Round r;
  r.ran = true;
  const std::string today = contrib::utc_day(now);
  const std::shared_ptr<const Site> site = sites_->get();
  const std::string base_url = site->base_url.empty() ? settings_.base_url : site->base_url;
  for (const contrib::OwnedAlert& a : alerts_.all()) {
    if (stop_requested_) {
      retry_ = true;  // the rest next time
      return r;
    }
    auto saved = read_saved_search(a.alert.query, searcher_.schema(), searcher_.limits());
    if (!saved.ok()) {
      std::cerr << "casebase-serve: alert " << a.alert.id << ": " << saved.status().message() << "\n";
      continue;
    }
    auto matches = alert_matches(searcher_, *saved);
    if (!matches.ok()) {
      std::cerr << "casebase-serve: alert " << a.alert.id << ": " << matches.status().message() << "\n";
      ++r.failed;
      continue;
    }
    const std::set<std::string> known = alerts_.known(a.alert.id);
    contrib::DigestPlan plan = contrib::plan_digest(known, match_ids(*matches), matches->complete,
                                                    a.alert.last_digest_day, today);
    if (!plan.fresh.empty() && (!plan.send || a.email.empty())) ++r.pending;
    if (plan.send && a.email.empty()) {
      // Nobody to tell: hold the news (an address may be added later),
      // but forget what no longer matches.
      plan = contrib::plan_digest(known, match_ids(*matches), matches->complete, today, today);
    }
    if (plan.send) {
      std::vector<AlertMatch> fresh;
      const std::set<std::string> ids(plan.fresh.begin(), plan.fresh.end());
      for (const auto& m : matches->articles) {
        if (ids.count(m.id)) fresh.push_back(m);
      }
      const std::string token = contrib::random_hex(24);
      Status st = alerts_.add_token(a.alert.id, token, now);
      const Language* lang = site->languages.find(a.alert.lang);
      if (st.ok()) {
        st = send_(digest_mail(lang ? *lang : site->languages.default_language(), a, fresh,
                               {base_url, settings_.from, token}),
                   now);
      }
      if (!st.ok()) {
        // A bad address (casebase-admin takes some SMTP cannot) fails
        // again every time: held, not retried each interval.
        const bool again = st.kind() != ErrorKind::kInvalidArgument;
        std::cerr << "casebase-serve: alert " << a.alert.id << " for " << a.user << ": mail not sent"
                  << (again ? ", retried next round: " : ": ") << st.message() << "\n";
        ++(again ? r.failed : r.pending);
        continue;
      }
      ++r.sent;
    }
    if (plan.changed || plan.send) {
      Status st = alerts_.update(a.alert.id, plan.known, plan.send ? today : "", now);
      // Deleted meanwhile (unsubscribed while its mail went out): nothing to keep.
      if (!st.ok() && st.kind() != ErrorKind::kNotFound) {
        std::cerr << "casebase-serve: alert " << a.alert.id << ": " << st.message() << "\n";
      }
    }
  }
  last_day_ = today;
  retry_ = r.failed > 0;
  return r;
}

}  // namespace casebase::serve
