#include "domain/repeat.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <unordered_set>

#include "domain/search.hpp"

namespace xf::repeat {
namespace {

uint64_t Mix(uint64_t x) {  // splitmix64 finaliser
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}
uint64_t HashText(std::string_view s, uint64_t seed) {
    uint64_t h = 1469598103934665603ull ^ seed;
    for (unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return Mix(h);
}
int64_t Key(std::string_view kind, std::string_view value) {
    return static_cast<int64_t>(HashText(value, HashText(kind, 0)));
}

std::string TextOf(const Petition& p) { return p.title + "\n" + p.content; }

std::vector<uint64_t> Bigrams(std::string_view text) {
    std::u32string cs = search::IndexedChars(text);
    std::vector<uint64_t> out;
    if (cs.size() < 2) return out;
    out.reserve(cs.size() - 1);
    for (size_t i = 0; i + 1 < cs.size(); ++i) out.push_back((uint64_t(cs[i]) << 32) | cs[i + 1]);
    std::ranges::sort(out);
    auto [b, e] = std::ranges::unique(out);
    out.erase(b, e);
    return out;
}

bool SharesAny(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    for (const auto& x : a)
        if (!x.empty() && std::ranges::find(b, x) != b.end()) return true;
    return false;
}
std::vector<std::string> IdIndexes(const Petition& p) {
    std::vector<std::string> v;
    for (const auto& x : p.petitioners) v.push_back(x.id_number_index);
    return v;
}
std::vector<std::string> ContactIndexes(const Petition& p) {
    std::vector<std::string> v;
    for (const auto& x : p.petitioners) v.push_back(x.contact_index);
    return v;
}

}  // namespace

std::vector<int64_t> MatchKeys(const Petition& p) {
    std::vector<int64_t> keys;
    for (const auto& x : p.petitioners) {
        if (!x.id_number_index.empty()) keys.push_back(Key("id", x.id_number_index));
        if (!x.contact_index.empty()) keys.push_back(Key("contact", x.contact_index));
    }
    std::vector<uint64_t> grams = Bigrams(TextOf(p));
    if (grams.size() >= 7) {
        std::string county = p.region_code.substr(0, std::min<size_t>(6, p.region_code.size()));
        std::array<uint64_t, kBands * kRows> mins;
        mins.fill(std::numeric_limits<uint64_t>::max());
        // One strong hash per bigram, then kBands*kRows cheap permutations of it (odd multiplier + offset).
        static const auto kSeeds = [] {
            std::array<std::pair<uint64_t, uint64_t>, kBands * kRows> s{};
            for (int i = 0; i < kBands * kRows; ++i) s[i] = {Mix(2 * i + 1) | 1, Mix(2 * i + 2)};
            return s;
        }();
        for (uint64_t g : grams) {
            const uint64_t h = Mix(g);
            for (int i = 0; i < kBands * kRows; ++i) {
                uint64_t v = h * kSeeds[i].first + kSeeds[i].second;
                v ^= v >> 29;
                mins[i] = std::min(mins[i], v);
            }
        }
        for (int b = 0; b < kBands; ++b) {
            uint64_t h = Mix(static_cast<uint64_t>(b) + 1);
            for (int r = 0; r < kRows; ++r) h = Mix(h ^ mins[b * kRows + r]);
            keys.push_back(Key("text:" + county, std::string_view(reinterpret_cast<const char*>(&h), sizeof h)));
        }
    }
    std::ranges::sort(keys);
    auto [b, e] = std::ranges::unique(keys);
    keys.erase(b, e);
    return keys;
}

double TextSimilarity(std::string_view a, std::string_view b) {
    auto x = Bigrams(a), y = Bigrams(b);
    if (x.empty() || y.empty()) return 0;
    size_t common = 0;
    for (size_t i = 0, j = 0; i < x.size() && j < y.size();) {
        if (x[i] == y[j]) ++common, ++i, ++j;
        else if (x[i] < y[j]) ++i;
        else ++j;
    }
    return static_cast<double>(common) / static_cast<double>(x.size() + y.size() - common);
}

std::string_view ReasonName(Reason r) {
    switch (r) {
        case Reason::kSameIdNumber: return "same_id_number";
        case Reason::kSameContact: return "same_contact";
        case Reason::kSimilarText: return "similar_text";
    }
    return "similar_text";
}
std::string_view ReasonLabel(Reason r) {
    switch (r) {
        case Reason::kSameIdNumber: return "同一证件号";
        case Reason::kSameContact: return "同一姓名和电话";
        case Reason::kSimilarText: return "内容相似";
    }
    return "内容相似";
}

std::vector<Candidate> RankCandidates(const Petition& draft, const std::vector<Petition>& found, size_t top) {
    std::vector<Candidate> out;
    const std::string text = TextOf(draft);
    const std::string county = draft.region_code.substr(0, std::min<size_t>(6, draft.region_code.size()));
    std::unordered_set<int64_t> seen;
    for (const Petition& p : found) {
        if (p.id == draft.id || !seen.insert(p.id).second) continue;
        Candidate c{p.id, Reason::kSimilarText, TextSimilarity(text, TextOf(p))};
        if (SharesAny(IdIndexes(draft), IdIndexes(p))) c.reason = Reason::kSameIdNumber;
        else if (SharesAny(ContactIndexes(draft), ContactIndexes(p))) c.reason = Reason::kSameContact;
        else if (c.similarity < kMinSimilarity || !p.region_code.starts_with(county)) continue;
        out.push_back(c);
    }
    std::ranges::sort(out, [](const Candidate& a, const Candidate& b) {
        if (a.reason != b.reason) return a.reason < b.reason;
        if (a.similarity != b.similarity) return a.similarity > b.similarity;
        return a.petition_id > b.petition_id;
    });
    if (out.size() > top) out.resize(top);
    return out;
}

}  // namespace xf::repeat
