#include "domain/document.hpp"

#include <gtest/gtest.h>

namespace xf {
namespace {

FieldValues SampleValues() {
    return {{"信访人", "张三"},         {"信访件编号", "450102-2026-000015"}, {"查询码", "ABCD-EFGH-JKLM"},
            {"信访日期", "2026年11月3日"}, {"信访形式", "来信"},             {"信访事项", "拖欠工资"},
            {"承办机关", "青山县人力资源和社会保障局"},                      {"上级机关", "青山县人民政府"},
            {"受理日期", "2026年11月10日"}, {"办理期限", "2027年1月9日"},   {"处理结果", "予以支持"},
            {"事实", "经查，某公司拖欠工资属实。"}, {"理由", "用人单位应当按时足额支付工资。"},
            {"依据", "《劳动法》第五十条"}, {"权利告知", "如不服，可以自收到本意见书之日起30日内请求复查。"},
            {"文号", "青山信处〔2026〕7号"}, {"成文日期", "2026年12月2日"}};
}

TEST(DocumentTest, EveryKindHasNameLabelAndValidDefaultTemplate) {
    for (int i = 0; i < kDocumentKindCount; ++i) {
        auto k = static_cast<DocumentKind>(i);
        EXPECT_FALSE(DocumentKindName(k).empty());
        auto parsed = ParseDocumentKind(DocumentKindName(k));
        ASSERT_TRUE(parsed) << DocumentKindName(k);
        EXPECT_EQ(*parsed, k);
        EXPECT_EQ(*ParseDocumentKind(DocumentKindLabel(k)), k);
        auto t = DefaultTemplate(k);
        EXPECT_TRUE(ValidateTemplate(t)) << DocumentKindLabel(k) << ": " << ValidateTemplate(t).error().message;
        EXPECT_NE(t.number_format.find("{{序号}}"), std::string::npos);
    }
    EXPECT_FALSE(ParseDocumentKind("letter"));
}

TEST(DocumentTest, RequiredDocumentFollowsTheLaw) {
    EXPECT_EQ(RequiredDocument(Action::kAccept, CaseKind::kOriginal), DocumentKind::kAcceptanceNotice);
    EXPECT_EQ(RequiredDocument(Action::kAcceptDirectly, CaseKind::kOriginal), DocumentKind::kAcceptanceNotice);
    EXPECT_EQ(RequiredDocument(Action::kReject, CaseKind::kOriginal), DocumentKind::kNonAcceptanceNotice);
    EXPECT_EQ(RequiredDocument(Action::kRejectRepeat, CaseKind::kOriginal), DocumentKind::kNoFurtherAcceptanceNotice);
    EXPECT_EQ(RequiredDocument(Action::kForward, CaseKind::kOriginal), DocumentKind::kForwardLetter);
    EXPECT_EQ(RequiredDocument(Action::kAssign, CaseKind::kOriginal), DocumentKind::kAssignLetter);
    EXPECT_EQ(RequiredDocument(Action::kExtend, CaseKind::kReview), DocumentKind::kExtensionNotice);
    EXPECT_EQ(RequiredDocument(Action::kReply, CaseKind::kOriginal), DocumentKind::kHandlingOpinion);
    EXPECT_EQ(RequiredDocument(Action::kReply, CaseKind::kReview), DocumentKind::kReviewOpinion);
    EXPECT_EQ(RequiredDocument(Action::kReply, CaseKind::kReReview), DocumentKind::kReReviewOpinion);
    EXPECT_EQ(RequiredDocument(Action::kSupervise, CaseKind::kOriginal), DocumentKind::kSupervisionNotice);
    EXPECT_EQ(RequiredDocument(Action::kRemind, CaseKind::kOriginal), std::nullopt);
    EXPECT_EQ(RequiredDocument(Action::kRate, CaseKind::kOriginal), std::nullopt);
    EXPECT_FALSE(IsPetitionerDocument(DocumentKind::kForwardLetter));
    EXPECT_FALSE(IsPetitionerDocument(DocumentKind::kSupervisionNotice));
    EXPECT_TRUE(IsPetitionerDocument(DocumentKind::kHandlingOpinion));
}

TEST(DocumentTest, FillReplacesFieldsAndKeepsLayoutParts) {
    auto c = FillTemplate(DefaultTemplate(DocumentKind::kHandlingOpinion), SampleValues());
    ASSERT_TRUE(c) << c.error().message;
    EXPECT_EQ(c->title, "信访事项处理意见书");
    EXPECT_EQ(c->addressee, "张三：");
    EXPECT_EQ(c->doc_number, "青山信处〔2026〕7号");
    EXPECT_EQ(c->signer, "青山县人力资源和社会保障局");
    EXPECT_EQ(c->date_text, "2026年12月2日");
    ASSERT_GE(c->paragraphs.size(), 8u);
    EXPECT_NE(c->paragraphs[0].find("你（单位）于2026年11月3日提出的“拖欠工资”信访事项（信访件编号：450102-2026-000015）"),
              std::string::npos);
    EXPECT_NE(c->paragraphs[0].find("第三十二条"), std::string::npos);
    EXPECT_EQ(c->paragraphs.back(), "如不服，可以自收到本意见书之日起30日内请求复查。");
    for (const auto& p : c->paragraphs) EXPECT_EQ(p.find("{{"), std::string::npos) << p;
}

TEST(DocumentTest, ALineWhosePlaceholderIsEmptyIsLeftOut) {
    auto values = SampleValues();
    values["不予受理理由"] = "该事项已由人民法院受理";
    auto with_route = values;
    with_route["法定途径"] = "依照民事诉讼程序向人民法院提出";
    auto a = FillTemplate(DefaultTemplate(DocumentKind::kNonAcceptanceNotice), with_route);
    auto b = FillTemplate(DefaultTemplate(DocumentKind::kNonAcceptanceNotice), values);
    ASSERT_TRUE(a && b);
    EXPECT_EQ(a->paragraphs.size(), b->paragraphs.size() + 1);
    EXPECT_EQ(a->paragraphs[1], "你可以依照民事诉讼程序向人民法院提出。");
    EXPECT_EQ(b->paragraphs.back(), "特此告知。");
}

TEST(DocumentTest, ValidationNamesThePart) {
    auto t = DefaultTemplate(DocumentKind::kAcceptanceNotice);
    t.body += "\n{{身份证号}}";
    auto s = ValidateTemplate(t);
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().field, "body");
    EXPECT_NE(s.error().message.find("身份证号"), std::string::npos);
    t = DefaultTemplate(DocumentKind::kAcceptanceNotice);
    t.title = "告知书{{信访人";
    EXPECT_EQ(ValidateTemplate(t).error().field, "title");
    t = DefaultTemplate(DocumentKind::kAcceptanceNotice);
    t.title = "  ";
    EXPECT_EQ(ValidateTemplate(t).error().field, "title");
    t = DefaultTemplate(DocumentKind::kAcceptanceNotice);
    t.number_format = "青信〔{{年份}}〕号";
    EXPECT_EQ(ValidateTemplate(t).error().field, "number_format");
    t = DefaultTemplate(DocumentKind::kAcceptanceNotice);
    t.body = std::string(20001, 'x');
    EXPECT_EQ(ValidateTemplate(t).error().field, "body");
    t = DefaultTemplate(DocumentKind::kAcceptanceNotice);
    t.addressee = "\xff\xfe";
    EXPECT_EQ(ValidateTemplate(t).error().field, "addressee");
}

TEST(DocumentTest, DocNumberAndShortNames) {
    auto t = DefaultTemplate(DocumentKind::kAcceptanceNotice);
    FieldValues v{{"机关简称", OrgShortName("青山县信访局")}};
    EXPECT_EQ(*FormatDocNumber(t, v, 2026, 15), "青山信受〔2026〕15号");
    t.number_format.clear();
    EXPECT_EQ(*FormatDocNumber(t, v, 2026, 15), "");
    EXPECT_EQ(OrgShortName("青山县人民政府"), "青山");
    EXPECT_EQ(OrgShortName("南宁市信访局"), "南宁");
    EXPECT_EQ(OrgShortName("广西壮族自治区人民政府信访局"), "广西壮族");
    EXPECT_EQ(OrgShortName("市局"), "市局");  // too short to strip
    EXPECT_EQ(ChineseDateText(Date{std::chrono::year{2026}, std::chrono::month{1}, std::chrono::day{5}}),
              "2026年1月5日");
}

}  // namespace
}  // namespace xf
