// The report as JSON (the API's and the CLI's `--format json`, one shape) and as an Excel workbook (one sheet per
// break-down). Field names are documented in docs/api/openapi.yaml and docs/statistics.md.
#pragma once

#include <string>

#include <boost/json/object.hpp>

#include "app/services.hpp"

namespace xf::app {

boost::json::object ReportJson(const ReportResult& r);
boost::json::object TrendAlertsJson(const TrendAlerts& a);

// The workbook: 汇总, 按信访形式, 个访集体访, 按内容分类, 按问题属地, 按月, 初重信访, 办理方式, 办理结果, 指标, 工作总结.
Result<std::string> ReportXlsx(const ReportResult& r);

// The case list export: the columns of the console's list.
Result<std::string> CaseListXlsx(const std::vector<ListItem>& items, const CategoryTable& categories,
                                 const std::string& title);

// "青山县信访局_2026年_统计报表.xlsx"-style names (the caller percent-encodes for Content-Disposition).
std::string ReportFileName(const ReportResult& r);

}  // namespace xf::app
