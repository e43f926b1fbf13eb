// Repeat-petition detection (初信初访 vs 重信重访, Art. 19 ¶3; 国家信访局《关于进一步规范信访事项受理办理程序》):
// which earlier cases a new registration may repeat. Pure: the keys a case is found by, and the ranking of the
// cases found. Candidates are matters, not people: the registrar sees earlier cases and where they stand.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "domain/petition.hpp"

namespace xf::repeat {

// MinHash over the character bigrams of title + content: kBands bands of kRows hashes. Two texts share a band key
// with probability 1 - (1 - J^kRows)^kBands for bigram Jaccard J (J = 0.67: 0.89; J = 0.1: 0.001).
inline constexpr int kBands = 10;
inline constexpr int kRows = 4;
// Below this bigram Jaccard similarity a text match is not shown.
inline constexpr double kMinSimilarity = 0.5;

// The 64-bit lookup keys of a case: one per 证件号 (blind index), one per name + phone (blind index), and — for a
// text of at least 8 characters — one per MinHash band, scoped to the county (first 6 digits of 问题属地).
std::vector<int64_t> MatchKeys(const Petition& p);

// Jaccard similarity of the sets of character bigrams of two texts (folded, separators dropped); 0 if either has
// fewer than two characters.
double TextSimilarity(std::string_view a, std::string_view b);

enum class Reason { kSameIdNumber, kSameContact, kSimilarText };
std::string_view ReasonName(Reason r);   // "same_id_number" | "same_contact" | "similar_text"
std::string_view ReasonLabel(Reason r);  // 同一证件号 | 同一姓名和电话 | 内容相似

struct Candidate {
    int64_t petition_id = 0;
    Reason reason = Reason::kSimilarText;
    double similarity = 0;  // text similarity (also computed for person matches)
};

// The earlier cases in `found` that `draft` repeats, best first: same 证件号, then same name + phone, then text
// similarity ≥ kMinSimilarity within the same county; ties by similarity, then the newer case. At most `top`.
std::vector<Candidate> RankCandidates(const Petition& draft, const std::vector<Petition>& found, size_t top = 5);

}  // namespace xf::repeat
