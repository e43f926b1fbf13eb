// The audit log's hash chain (等保2.0 安全审计: 审计记录应受到保护，避免受到未预期的删除、修改或覆盖).
//
// Every audit record carries the SHA-256 of the record before it in its chain, and its own hash over a canonical
// encoding of all its fields and that link. An edit of any field breaks the record's own hash; a deletion leaves
// a gap in the positions (seq) or a broken link; cutting off the newest records is seen against the chain's head
// (kept in its own table) and, against a database rewritten wholesale, against anchors saved outside it
// (`xinfang audit verify --save-anchors`). SQLite keeps one chain; PostgreSQL keeps a few so that app servers
// appending at the same time do not wait for each other (each transaction takes whichever chain is free).
//
// Pure: the hash function is passed in (crypto::Sha256Hex in the product).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.hpp"
#include "domain/petition.hpp"

namespace xf {

// The prev_hash of a chain's first record.
inline constexpr std::string_view kAuditGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

// The bytes hashed for `r`: a version tag, then every field (chain, seq, prev_hash, time, actor, action, object,
// detail, request id, address) as length-prefixed text, so no two different records encode alike. r.id and
// r.hash are not part of it.
std::string AuditChainPayload(const AuditRecord& r);

using HashFn = std::function<std::string(std::string_view)>;

// Sets r.chain, r.seq, r.prev_hash and r.hash to append `r` after a chain whose last record is (`head_seq`,
// `head_hash`) — head_seq 0 and an empty head_hash for a chain without records.
void LinkAuditRecord(AuditRecord& r, int chain, int64_t head_seq, std::string_view head_hash, const HashFn& hash);

// A chain's head as the database keeps it, and where retention pruning cut it.
struct AuditChainHead {
    int chain = 0;
    int64_t seq = 0;          // the last record's seq (0: none yet)
    std::string hash;         // the last record's hash
    int64_t pruned_seq = 0;   // records 1..pruned_seq were removed by retention (audit.retention_days)
    std::string pruned_hash;  // the hash of record pruned_seq (the next record's prev_hash)
    Instant pruned_at{};
};

// A head written down outside the database: the record at `seq` in `chain` must still have `hash`.
struct AuditAnchor {
    int chain = 0;
    int64_t seq = 0;
    std::string hash;
    friend bool operator==(const AuditAnchor&, const AuditAnchor&) = default;
};
// One anchor per line: "chain seq hash". Blank lines and lines starting with '#' are skipped.
std::string FormatAuditAnchors(const std::vector<AuditAnchor>& anchors);
Result<std::vector<AuditAnchor>> ParseAuditAnchors(std::string_view text);

// Checks one chain, record by record in seq order (Feed), against its head (Finish). Problems are described in
// Chinese with the chain, seq and record id; the first kMaxProblems are kept.
class AuditChainChecker {
public:
    static constexpr size_t kMaxProblems = 50;
    // `anchors`: those saved for this chain (others are ignored).
    AuditChainChecker(AuditChainHead head, std::vector<AuditAnchor> anchors, HashFn hash);
    void Feed(const AuditRecord& r);
    void Finish();  // after the last record
    int64_t records() const { return records_; }
    const std::vector<std::string>& problems() const { return problems_; }
    bool ok() const { return problems_.empty() && problem_count_ == 0; }
    int64_t problem_count() const { return problem_count_; }

private:
    void Problem(std::string text);
    AuditChainHead head_;
    HashFn hash_;
    int64_t expect_seq_;
    std::string expect_prev_;
    int64_t records_ = 0;
    int64_t problem_count_ = 0;
    std::vector<AuditAnchor> anchors_;  // this chain's, by seq
    size_t next_anchor_ = 0;
    std::vector<std::string> problems_;
};

}  // namespace xf
