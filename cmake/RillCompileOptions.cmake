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
