#include <iostream>

#include "admin.h"

int main(int argc, char** argv) { return casebase::contrib::admin_main(argc, argv, std::cout, std::cerr); }
