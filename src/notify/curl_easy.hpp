// Private to src/notify: RAII holders for libcurl handles and the mapping of a failed transfer to an Error.
#pragma once

#include <curl/curl.h>

#include <memory>
#include <string>
#include <string_view>

#include "base/error.hpp"

namespace xf::notify::detail {

struct EasyDeleter {
    void operator()(CURL* h) const { curl_easy_cleanup(h); }
};
using Easy = std::unique_ptr<CURL, EasyDeleter>;

struct SlistDeleter {
    void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
// A curl_slist built by Append (which keeps the list intact when curl_slist_append fails).
class Slist {
  public:
    bool Append(const std::string& s) {
        curl_slist* next = curl_slist_append(list_.get(), s.c_str());
        if (!next) return false;
        list_.release();
        list_.reset(next);
        return true;
    }
    curl_slist* get() const { return list_.get(); }

  private:
    std::unique_ptr<curl_slist, SlistDeleter> list_;
};

// A transfer that failed below the protocol (no connection, timeout, TLS, reset): always transient.
inline Error TransferError(std::string_view what, CURLcode code, const char* errbuf) {
    std::string detail = errbuf && *errbuf ? std::string(errbuf) : std::string(curl_easy_strerror(code));
    std::string kind = code == CURLE_OPERATION_TIMEDOUT ? "超时" : "连接失败";
    return Error::Unavailable(std::string(what) + kind + "：" + detail);
}

// A response body sink that keeps nothing (the gateway's answer may echo personal data).
inline size_t DiscardBody(char*, size_t size, size_t nmemb, void*) { return size * nmemb; }

}  // namespace xf::notify::detail
