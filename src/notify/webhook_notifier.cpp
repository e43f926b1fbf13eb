#include "notify/webhook_notifier.hpp"

#include <fmt/format.h>

#include "base/json_writer.hpp"
#include "notify/curl_easy.hpp"

namespace xf::notify {
namespace {

bool HasControlChars(std::string_view s) {
    for (char ch : s)
        if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7F) return true;
    return false;
}

}  // namespace

std::string WebhookBody(const OutboundMessage& m) {
    JsonObjectWriter w;
    w.Add("key", m.key).Add("channel", NotifyChannelName(m.channel)).Add("to", m.to).Add("subject", m.subject);
    w.Add("body", m.body);
    if (!m.topic.empty()) w.Add("topic", m.topic);
    return w.Finish();
}

Status ClassifyHttpStatus(long status) {
    if (status >= 200 && status < 300) return Ok();
    auto what = fmt::format("通知网关返回 HTTP {}", status);
    if (status == 408 || status == 429 || status >= 500) return Fail(Error::Unavailable(what + "（稍后重试）"));
    if (status == 401 || status == 403 || status == 407)
        return Fail(Error::Unavailable(what + "（凭据被拒绝，请检查 webhook_token；修正后自动重发）"));
    if (status == 404 || status == 405)
        return Fail(Error::Unavailable(what + "（地址不对，请检查 webhook_url；修正后自动重发）"));
    return Fail(Error::InvalidArgument("message", what + "（网关拒收此消息，不再重试）"));
}

Status WebhookNotifier::Send(const OutboundMessage& m) {
    if (m.to.empty()) return Fail(Error::InvalidArgument("to", "收件人为空"));
    if (HasControlChars(m.key) || m.key.empty()) return Fail(Error::InvalidArgument("key", "消息键无效"));
    detail::Easy h(curl_easy_init());
    if (!h) return Fail(Error::Unavailable("libcurl 无法创建请求"));
    std::string body = WebhookBody(m);
    detail::Slist headers;
    bool ok = headers.Append("Content-Type: application/json; charset=utf-8") &&
              headers.Append("Idempotency-Key: " + m.key) && headers.Append("Expect:");  // no 100-continue round trip
    if (ok && !options_.token.empty()) ok = headers.Append("Authorization: Bearer " + options_.token);
    if (!ok) return Fail(Error::Unavailable("libcurl 内存不足"));

    char errbuf[CURL_ERROR_SIZE] = {};
    CURL* c = h.get();
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(c, CURLOPT_URL, options_.url.c_str());
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(c, CURLOPT_USERAGENT, "xinfang-notify/1");
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout.count()));
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.timeout.count()));
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &detail::DiscardBody);
    CURLcode rc = curl_easy_perform(c);
    if (rc != CURLE_OK) return Fail(detail::TransferError("通知网关", rc, errbuf));
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    return ClassifyHttpStatus(status);
}

}  // namespace xf::notify
