// telemetry: what an operator watches. Counts every answer by route and
// status with a duration histogram, renders them with the index's figures
// in Prometheus' text format (/metrics), and writes the access log as JSON
// lines. The log holds no client address unless log_ip is set.
//
// E.g. Telemetry t; t.set_log({"-", false});
//      t.record(req, res, 0.004);            // from the server's logger
//      std::string text = t.metrics_text(&searcher_info, &connections);
#pragma once

#include <array>
#include <cstdio>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include "casebase/searcher.h"
#include "casebase/status.h"

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace casebase::serve {

struct AccessLogSettings {
  std::string target;  // "" none, "-" standard output, else a file (appended to)
  bool log_ip = false;
};

struct ConnectionFigures {
  size_t open = 0;  // connections open (answering or idle)
  size_t idle = 0;  // of which idle keep-alive connections
  size_t workers = 0;
  size_t busy_workers = 0;
};

class Telemetry {
 public:
  Telemetry() = default;
  ~Telemetry();
  Telemetry(const Telemetry&) = delete;
  Telemetry& operator=(const Telemetry&) = delete;

  // Opens the log's file (the previous one is closed); SIGHUP calls it
  // again, which also reopens a rotated file. Errors: kIo.
  Status set_log(const AccessLogSettings& s);

  // One answer: `route` is the route's pattern ("" when none matched).
  void record(const httplib::Request& req, const httplib::Response& res, const char* route, double seconds);

  // Prometheus text format 0.0.4. `index` is absent when no index is served.
  std::string metrics_text(const std::optional<IndexInfo>& index, const ConnectionFigures& conns) const;

  // Upper bounds of the duration histogram's buckets, in seconds.
  static constexpr std::array<double, 12> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                      0.1,   0.25,   0.5,   1,    2.5,   5};

 private:
  struct Histogram {
    std::array<unsigned long long, kBuckets.size()> le{};  // per bucket, not cumulative
    unsigned long long count = 0;
    double sum = 0;
  };
  mutable std::mutex mu_;
  std::map<std::pair<std::string, int>, unsigned long long> requests_;  // (route, status)
  std::map<std::string, Histogram> durations_;                           // by route
  std::mutex log_mu_;
  FILE* log_ = nullptr;
  bool own_log_ = false;
  bool log_ip_ = false;
};

}  // namespace casebase::serve
