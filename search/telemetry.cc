#include "telemetry.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <cerrno>
#include <cmath>
#include <chrono>
#include <cstring>
#include <ctime>
#include <sstream>

namespace casebase::serve {

namespace {

// A label value: backslash, quote and newline escaped (the route patterns
// are ours, but be exact).
std::string label(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

std::string number(double v) {
  std::ostringstream o;
  o.precision(10);
  o << v;
  return o.str();
}

std::string utc_now() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buf;
}

}  // namespace

Telemetry::~Telemetry() {
  if (own_log_ && log_) std::fclose(log_);
}

Status Telemetry::set_log(const AccessLogSettings& s) {
  FILE* f = nullptr;
  bool own = false;
  if (s.target == "-") {
    f = stdout;
  } else if (!s.target.empty()) {
    f = std::fopen(s.target.c_str(), "ae");
    if (!f) return Status::io("cannot open the access log `" + s.target + "`: " + std::strerror(errno));
    own = true;
  }
  std::lock_guard<std::mutex> g(log_mu_);
  if (own_log_ && log_) std::fclose(log_);
  log_ = f;
  own_log_ = own;
  log_ip_ = s.log_ip;
  return {};
}

void Telemetry::record(const httplib::Request& req, const httplib::Response& res, const char* route,
                       double seconds) {
  const std::string r = route && *route ? route : "unmatched";
  {
    std::lock_guard<std::mutex> g(mu_);
    ++requests_[{r, res.status}];
    Histogram& h = durations_[r];
    size_t i = 0;
    while (i < kBuckets.size() && seconds > kBuckets[i]) ++i;
    if (i < kBuckets.size()) ++h.le[i];
    ++h.count;
    h.sum += seconds;
  }
  std::lock_guard<std::mutex> g(log_mu_);
  if (!log_) return;
  // The path and query as sent (bounded: the router refuses longer
  // targets), never the headers, cookies or body.
  nlohmann::json line = {{"time", utc_now()},
                         {"method", req.method},
                         {"target", req.target.substr(0, 8192)},
                         {"route", r},
                         {"status", res.status},
                         {"bytes", req.method == "HEAD" ? size_t{0} : res.body.size()},
                         {"ms", std::round(seconds * 1e5) / 100}};
  if (log_ip_ && !req.remote_addr.empty()) line["ip"] = req.remote_addr;
  const std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  std::fwrite(text.data(), 1, text.size(), log_);
  std::fflush(log_);
}

std::string Telemetry::metrics_text(const std::optional<IndexInfo>& index, const ConnectionFigures& conns) const {
  std::ostringstream o;
  {
    std::lock_guard<std::mutex> g(mu_);
    o << "# HELP casebase_http_requests_total Requests answered, by route pattern and status.\n"
         "# TYPE casebase_http_requests_total counter\n";
    for (const auto& [key, n] : requests_) {
      o << "casebase_http_requests_total{route=\"" << label(key.first) << "\",status=\"" << key.second << "\"} " << n
        << "\n";
    }
    o << "# HELP casebase_http_request_duration_seconds Time from reading a request to its answer written.\n"
         "# TYPE casebase_http_request_duration_seconds histogram\n";
    for (const auto& [route, h] : durations_) {
      unsigned long long cum = 0;
      const std::string l = "route=\"" + label(route) + "\"";
      for (size_t i = 0; i < kBuckets.size(); ++i) {
        cum += h.le[i];
        o << "casebase_http_request_duration_seconds_bucket{" << l << ",le=\"" << number(kBuckets[i]) << "\"} " << cum
          << "\n";
      }
      o << "casebase_http_request_duration_seconds_bucket{" << l << ",le=\"+Inf\"} " << h.count << "\n";
      o << "casebase_http_request_duration_seconds_sum{" << l << "} " << number(h.sum) << "\n";
      o << "casebase_http_request_duration_seconds_count{" << l << "} " << h.count << "\n";
    }
  }
  o << "# HELP casebase_http_connections Open client connections (idle: waiting between keep-alive requests).\n"
       "# TYPE casebase_http_connections gauge\n"
    << "casebase_http_connections{state=\"open\"} " << conns.open << "\n"
    << "casebase_http_connections{state=\"idle\"} " << conns.idle << "\n"
    << "# HELP casebase_http_workers Worker threads, and how many are answering a request now.\n"
       "# TYPE casebase_http_workers gauge\n"
    << "casebase_http_workers{state=\"all\"} " << conns.workers << "\n"
    << "casebase_http_workers{state=\"busy\"} " << conns.busy_workers << "\n";
  o << "# HELP casebase_index_up Whether an index is served (0: none yet, or unreadable).\n"
       "# TYPE casebase_index_up gauge\n"
    << "casebase_index_up " << (index ? 1 : 0) << "\n";
  if (index) {
    o << "# HELP casebase_index_revision Revision of the index served.\n"
         "# TYPE casebase_index_revision gauge\n"
      << "casebase_index_revision " << index->revision << "\n"
      << "# HELP casebase_index_documents Documents in the index served, by type.\n"
         "# TYPE casebase_index_documents gauge\n";
    for (const auto& [type, n] : index->documents) {
      o << "casebase_index_documents{type=\"" << label(type) << "\"} " << n << "\n";
    }
    o << "# HELP casebase_index_reopens_total Times the server moved to a newer revision or generation.\n"
         "# TYPE casebase_index_reopens_total counter\n"
      << "casebase_index_reopens_total " << index->reopens << "\n"
      << "# HELP casebase_index_runs_total Indexing runs that committed to the index served.\n"
         "# TYPE casebase_index_runs_total counter\n"
      << "casebase_index_runs_total " << index->runs << "\n"
      << "# HELP casebase_index_last_run_duration_seconds How long the last indexing run took.\n"
         "# TYPE casebase_index_last_run_duration_seconds gauge\n"
      << "casebase_index_last_run_duration_seconds " << number(index->last_run_seconds) << "\n"
      << "# HELP casebase_index_last_run_timestamp_seconds When the last indexing run committed (Unix time).\n"
         "# TYPE casebase_index_last_run_timestamp_seconds gauge\n"
      << "casebase_index_last_run_timestamp_seconds " << number(index->last_run_finished) << "\n";
  }
  return o.str();
}

}  // namespace casebase::serve
