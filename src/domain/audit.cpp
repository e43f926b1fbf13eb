#include "domain/audit.hpp"

#include <algorithm>
#include <charconv>

#include "base/text.hpp"

namespace xf {
namespace {

void Field(std::string& out, std::string_view v) {
    out += std::to_string(v.size());
    out += ':';
    out += v;
    out += ';';
}

std::string Where(const AuditChainHead& h, int64_t seq, int64_t id) {
    std::string s = "链 " + std::to_string(h.chain) + " 第 " + std::to_string(seq) + " 条";
    if (id > 0) s += "（记录 " + std::to_string(id) + "）";
    return s;
}

}  // namespace

std::string AuditChainPayload(const AuditRecord& r) {
    std::string out = "xf-audit-v1;";
    Field(out, std::to_string(r.chain));
    Field(out, std::to_string(r.seq));
    Field(out, r.prev_hash);
    Field(out, std::to_string(r.at.time_since_epoch().count()));
    Field(out, std::to_string(r.actor_user_id));
    Field(out, r.actor_kind);
    Field(out, r.action);
    Field(out, r.object_type);
    Field(out, r.object_id);
    Field(out, r.detail_json);
    Field(out, r.request_id);
    Field(out, r.remote_addr);
    return out;
}

void LinkAuditRecord(AuditRecord& r, int chain, int64_t head_seq, std::string_view head_hash, const HashFn& hash) {
    r.chain = chain;
    r.seq = head_seq + 1;
    r.prev_hash = head_seq == 0 && head_hash.empty() ? std::string(kAuditGenesisHash) : std::string(head_hash);
    r.hash = hash(AuditChainPayload(r));
}

std::string FormatAuditAnchors(const std::vector<AuditAnchor>& anchors) {
    std::string out = "# xinfang audit anchors: chain seq hash\n";
    for (const auto& a : anchors) out += std::to_string(a.chain) + " " + std::to_string(a.seq) + " " + a.hash + "\n";
    return out;
}

Result<std::vector<AuditAnchor>> ParseAuditAnchors(std::string_view text) {
    std::vector<AuditAnchor> out;
    int line_no = 0;
    while (!text.empty()) {
        size_t nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
        ++line_no;
        line = Trim(line);
        if (line.empty() || line.front() == '#') continue;
        auto bad = [&] {
            return Fail(Error::InvalidArgument("anchors", "锚点文件第 " + std::to_string(line_no) +
                                                              " 行格式应为“链号 序号 哈希”"));
        };
        std::vector<std::string_view> parts;
        for (size_t i = 0; i < line.size();) {
            size_t j = line.find(' ', i);
            if (j == std::string_view::npos) j = line.size();
            if (j > i) parts.push_back(line.substr(i, j - i));
            i = j + 1;
        }
        if (parts.size() != 3 || parts[2].size() != 64) return bad();
        AuditAnchor a;
        auto r1 = std::from_chars(parts[0].data(), parts[0].data() + parts[0].size(), a.chain);
        auto r2 = std::from_chars(parts[1].data(), parts[1].data() + parts[1].size(), a.seq);
        if (r1.ec != std::errc() || r1.ptr != parts[0].data() + parts[0].size() || r2.ec != std::errc() ||
            r2.ptr != parts[1].data() + parts[1].size() || a.chain < 0 || a.seq < 1)
            return bad();
        if (!std::all_of(parts[2].begin(), parts[2].end(),
                         [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }))
            return bad();
        a.hash = std::string(parts[2]);
        out.push_back(std::move(a));
    }
    return out;
}

AuditChainChecker::AuditChainChecker(AuditChainHead head, std::vector<AuditAnchor> anchors, HashFn hash)
    : head_(std::move(head)), hash_(std::move(hash)), expect_seq_(head_.pruned_seq + 1) {
    expect_prev_ = head_.pruned_seq == 0 ? std::string(kAuditGenesisHash) : head_.pruned_hash;
    for (auto& a : anchors)
        if (a.chain == head_.chain) anchors_.push_back(std::move(a));
    std::sort(anchors_.begin(), anchors_.end(), [](const auto& a, const auto& b) { return a.seq < b.seq; });
    // Anchors inside the pruned part can no longer be checked record by record; the pruned hash covers the last.
    while (next_anchor_ < anchors_.size() && anchors_[next_anchor_].seq <= head_.pruned_seq) {
        const auto& a = anchors_[next_anchor_++];
        if (a.seq == head_.pruned_seq && a.hash != head_.pruned_hash)
            Problem(Where(head_, a.seq, 0) + "：与锚点记录的哈希不符（已按保存期限清理的部分被改写）");
    }
}

void AuditChainChecker::Problem(std::string text) {
    ++problem_count_;
    if (problems_.size() < kMaxProblems) problems_.push_back(std::move(text));
}

void AuditChainChecker::Feed(const AuditRecord& r) {
    ++records_;
    if (r.chain != head_.chain) {
        Problem(Where(head_, r.seq, r.id) + "：链号不符");
        return;
    }
    if (r.seq < expect_seq_) {
        Problem(Where(head_, r.seq, r.id) + "：序号重复或乱序");
        return;
    }
    if (r.seq > expect_seq_) {
        Problem(Where(head_, expect_seq_, 0) + " 至第 " + std::to_string(r.seq - 1) + " 条缺失（记录被删除）");
        expect_prev_.clear();  // the link across the gap cannot be checked
    }
    if (!expect_prev_.empty() && r.prev_hash != expect_prev_)
        Problem(Where(head_, r.seq, r.id) + "：与前一条记录的链接不符（前一条被修改或删除）");
    if (r.seq > head_.seq)
        Problem(Where(head_, r.seq, r.id) + "：在链头（第 " + std::to_string(head_.seq) + " 条）之后（链头被改写）");
    std::string h = hash_(AuditChainPayload(r));
    if (h != r.hash) Problem(Where(head_, r.seq, r.id) + "：内容与哈希不符（记录被修改）");
    while (next_anchor_ < anchors_.size() && anchors_[next_anchor_].seq < r.seq) {
        Problem(Where(head_, anchors_[next_anchor_].seq, 0) + "：锚点所指的记录缺失");
        ++next_anchor_;
    }
    if (next_anchor_ < anchors_.size() && anchors_[next_anchor_].seq == r.seq) {
        if (anchors_[next_anchor_].hash != r.hash)
            Problem(Where(head_, r.seq, r.id) + "：与锚点记录的哈希不符（链被重写）");
        ++next_anchor_;
    }
    expect_seq_ = r.seq + 1;
    expect_prev_ = r.hash;
}

void AuditChainChecker::Finish() {
    if (expect_seq_ <= head_.seq)
        Problem(Where(head_, expect_seq_, 0) + " 至第 " + std::to_string(head_.seq) + " 条缺失（最新的记录被删除）");
    else if (head_.seq > head_.pruned_seq && expect_prev_ != head_.hash && !expect_prev_.empty())
        Problem(Where(head_, head_.seq, 0) + "：与链头保存的哈希不符");
    for (; next_anchor_ < anchors_.size(); ++next_anchor_)
        Problem(Where(head_, anchors_[next_anchor_].seq, 0) + "：锚点所指的记录缺失（链被截短）");
}

}  // namespace xf
