#include "notify/curl_support.hpp"

#include <curl/curl.h>

#include <mutex>

namespace xf::notify {

Status InitCurl() {
    static std::once_flag once;
    static CURLcode result = CURLE_OK;
    std::call_once(once, [] { result = curl_global_init(CURL_GLOBAL_DEFAULT); });
    if (result != CURLE_OK)
        return Fail(Error::Internal(std::string("libcurl 初始化失败：") + curl_easy_strerror(result)));
    return Ok();
}

}  // namespace xf::notify
