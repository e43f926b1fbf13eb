// libcurl set-up shared by the webhook and SMTP notifiers. <curl/curl.h> stays inside src/notify/*.cpp.
#pragma once

#include "base/error.hpp"

namespace xf::notify {

// Initialises libcurl for the process (curl_global_init). Call once at start, before any thread sends; calling it
// again does nothing. kInternal if libcurl cannot start.
Status InitCurl();

}  // namespace xf::notify
