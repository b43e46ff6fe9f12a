// The test runner: doctest's own, plus one rule. A run asked for test
// cases by name (ctest runs each with --test-case=NAME) fails when the
// name selects none. A name CMake cannot carry (it splits lists at ';')
// once made 9 tests pass without running a single check.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstring>
#include <iostream>

namespace {

unsigned g_selected = 0;  // test cases that passed the filters in the last run

struct SelectedCounter : doctest::IReporter {
  explicit SelectedCounter(const doctest::ContextOptions&) {}
  void report_query(const doctest::QueryData&) override {}
  void test_run_start() override {}
  void test_run_end(const doctest::TestRunStats& s) override { g_selected = s.numTestCasesPassingFilters; }
  void test_case_start(const doctest::TestCaseData&) override {}
  void test_case_reenter(const doctest::TestCaseData&) override {}
  void test_case_end(const doctest::CurrentTestCaseStats&) override {}
  void test_case_exception(const doctest::TestCaseException&) override {}
  void subcase_start(const doctest::SubcaseSignature&) override {}
  void subcase_end() override {}
  void log_assert(const doctest::AssertData&) override {}
  void log_message(const doctest::MessageData&) override {}
  void test_case_skipped(const doctest::TestCaseData&) override {}
};

REGISTER_LISTENER("selected", 1, SelectedCounter);

bool names_test_cases(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    for (const char* p : {"--test-case=", "-tc=", "--dt-test-case=", "--dt-tc="}) {
      if (std::strncmp(argv[i], p, std::strlen(p)) == 0) return true;
    }
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  doctest::Context context(argc, argv);
  const int rc = context.run();
  if (context.shouldExit()) return rc;
  if (rc == 0 && names_test_cases(argc, argv) && g_selected == 0) {
    std::cerr << "casebase_tests: no test case matches the name given\n";
    return 1;
  }
  return rc;
}
