// alert_watcher: casebase-serve's background thread for e-mail alerts
// (--data and --smtp). Every --alert-interval seconds it looks at the
// index revision; when it changed (or the UTC day did, or a mail failed
// last time) it runs each alert's search, and for an alert with articles
// not known yet and no digest today it sends one e-mail to the owner
// (alert_mail.h) and records them as known. New matches on a day that had
// its digest wait for the next day's. A failed send is logged and retried
// in the next round; nothing is recorded for it. Accounts without an
// e-mail address get nothing (their new matches stay pending).
//
// Only one server may send for a data folder: two casebase-serve on the
// same --data with --smtp would both mail (give --smtp to one of them).
//
// E.g. AlertWatcher w(searcher, alerts, sites, settings); w.start(); … w.stop();
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "alert_mail.h"
#include "alerts.h"
#include "casebase/searcher.h"
#include "server.h"
#include "smtp.h"

namespace casebase::serve {

struct AlertSettings {
  contrib::SmtpRelay relay;
  std::string from = "casebase@localhost";  // --mail-from
  std::string base_url;                     // absolute links in mails (--base-url, else http://HOST:PORT)
  int interval_seconds = 60;                // --alert-interval
};

// Sends one mail at `now` (send_mail through the relay; tests pass a fake).
using MailSender = std::function<Status(const contrib::Mail&, long long now)>;

class AlertWatcher {
 public:
  // `searcher`, `alerts` and `sites` must outlive the watcher. Without
  // `send`, mails go to settings.relay.
  AlertWatcher(const Searcher& searcher, contrib::Alerts& alerts, std::shared_ptr<SiteSlot> sites,
               AlertSettings settings, MailSender send = {});
  ~AlertWatcher();
  AlertWatcher(const AlertWatcher&) = delete;
  AlertWatcher& operator=(const AlertWatcher&) = delete;

  // Starts the thread (a check now, then one per interval).
  void start();
  // Wakes the thread and joins it; a mail being sent finishes first (at
  // most the relay timeout per step), the round's other alerts wait for
  // the next start. Safe to call twice.
  void stop();

  struct Round {
    bool ran = false;  // false: nothing changed since the last round
    int sent = 0;
    int failed = 0;
    int pending = 0;   // alerts with news held for tomorrow (or without an address)
  };
  // A round at `now` when the revision or the UTC day changed since the
  // last one, or the last one had a failure.
  Round check(long long now);
  // A round at `now`, unconditionally.
  Round run_round(long long now);

 private:
  void loop();

  const Searcher& searcher_;
  contrib::Alerts& alerts_;
  std::shared_ptr<SiteSlot> sites_;
  AlertSettings settings_;
  MailSender send_;
  std::mutex round_mu_;  // one round at a time
  // The index last looked at: its revision and when its last indexing run
  // committed (a --full rebuild starts a new generation whose revision
  // may equal the old one's).
  std::optional<std::pair<unsigned, double>> last_index_;
  std::string last_day_;
  bool retry_ = false;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  // Read by a round between alerts: a stop does not wait for the rest of a long round.
  std::atomic<bool> stop_requested_{false};
  std::thread thread_;
};

}  // namespace casebase::serve
