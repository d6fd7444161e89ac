# Shared warning and sanitizer flags, applied to every Rill target through
# the interface library rill_options.
add_library(rill_options INTERFACE)
target_compile_options(rill_options INTERFACE -Wall -Wextra -Wpedantic)
target_compile_definitions(rill_options INTERFACE
    QT_NO_CAST_FROM_ASCII QT_NO_URL_CAST_FROM_STRING QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    RILL_VERSION="${PROJECT_VERSION}")
if(RILL_WERROR)
    target_compile_options(rill_options INTERFACE -Werror)
endif()
if(RILL_SANITIZE)
    target_compile_options(rill_options INTERFACE
        -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    target_link_options(rill_options INTERFACE -fsanitize=address,undefined)
endif()

# Test code is built for build speed, not run speed: a test's own translation units take
# half the compile time at -O0 (a third under the sanitizers) and what a test measures is
# the product's code, which keeps the build type's flags. Line tables keep the backtraces
# of a failing test readable. Linked after rill_options, so these flags come last and win.
option(RILL_FAST_TEST_BUILD "Compile test sources at -O0 with line tables only" ON)
add_library(rill_test_options INTERFACE)
if(RILL_FAST_TEST_BUILD)
    target_compile_options(rill_test_options INTERFACE
        -O0 $<IF:$<CXX_COMPILER_ID:Clang>,-gline-tables-only,-g1>)
endif()
