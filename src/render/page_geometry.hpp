// GB/T 9704-2012 page geometry in PDF points (1/72 inch), shared by the PDF and .docx writers: A4, 版心 156 × 225 mm
// at 37 mm from the top and 28 mm from the left, 28 characters × 22 lines of 3号 (16 pt) text (§5.2).
#pragma once

namespace xf::render::geometry {

inline constexpr double kPtPerMm = 72.0 / 25.4;
constexpr double Mm(double mm) { return mm * kPtPerMm; }

inline constexpr double kPageWidth = Mm(210);   // 595.276
inline constexpr double kPageHeight = Mm(297);  // 841.89
inline constexpr double kMarginTop = Mm(37);
inline constexpr double kMarginBottom = Mm(35);
inline constexpr double kMarginLeft = Mm(28);
inline constexpr double kMarginRight = Mm(26);
inline constexpr double kBoxLeft = kMarginLeft;
inline constexpr double kBoxTop = kMarginTop;
inline constexpr double kBoxWidth = kPageWidth - kMarginLeft - kMarginRight;    // 156 mm = 442.2 pt
inline constexpr double kBoxHeight = kPageHeight - kMarginTop - kMarginBottom;  // 225 mm = 637.8 pt
inline constexpr double kBoxRight = kBoxLeft + kBoxWidth;
inline constexpr double kBoxBottom = kBoxTop + kBoxHeight;

inline constexpr int kCharsPerLine = 28;
inline constexpr int kLinesPerPage = 22;
// 15.79 pt: a 16 pt full-width character sits in a slightly narrower cell (Word: 文档网格, charSpace -849).
inline constexpr double kCharPitch = kBoxWidth / kCharsPerLine;
// 28.99 pt. Word users type 固定值 28.95 磅 (579 twips) because 22 × 580 twips would overflow the box by 0.07 mm
// and Word would then fit only 21 lines; the PDF uses the exact pitch.
inline constexpr double kLinePitch = kBoxHeight / kLinesPerPage;

inline constexpr double kTitleSize = 22;         // 2号
inline constexpr double kBodySize = 16;          // 3号
inline constexpr double kPageNumberSize = 14;    // 4号
inline constexpr double kPageNumberGap = Mm(7);  // 页码一字线上距版心下边缘 7 mm (§7.5)

// CJK fonts design on an em box from -0.12 em to +0.88 em around the baseline; the box is centred in its grid line.
inline constexpr double kEmAscent = 0.88;

}  // namespace xf::render::geometry
