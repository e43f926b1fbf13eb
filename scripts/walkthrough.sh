#!/usr/bin/env bash
# Walks one petition through 登记 → 转送 → 受理 → 延期 → 答复 → 复查 → 复核 (听证) → 终结 and another through
# 不予受理, with curl against a running demo server (scripts/setup.sh), then shows the public look-up.
# Usage: scripts/walkthrough.sh [http://127.0.0.1:8080]
set -euo pipefail
BASE=${1:-http://127.0.0.1:8080}
PW=xinfang-demo-2026
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

# login NAME → sets up a cookie jar $TMP/NAME and prints the CSRF token
login() {
  curl -sf -c "$TMP/$1" -X POST "$BASE/api/v1/session" -H 'Content-Type: application/json' \
       -d "{\"login\":\"$1\",\"password\":\"$PW\"}" | json 'd["csrf_token"]'
}
# as NAME METHOD PATH [BODY]
as() {
  local who=$1 method=$2 path=$3 body=${4:-}
  local csrf_var="CSRF_$who"
  curl -sS -b "$TMP/$who" -X "$method" "$BASE$path" -H 'Content-Type: application/json' \
       -H "X-CSRF-Token: ${!csrf_var}" ${body:+-d "$body"}
}
act() {  # act NAME ID ACTION BODY → prints the new state
  as "$1" POST "/api/v1/petitions/$2/actions/$3" "$4" | json 'd.get("state_label") or d'
}

for u in registrar dept_handler dept_approver handler city_handler; do
  declare "CSRF_$u=$(login $u)"
done
APPROVER_ID=$(as dept_approver GET /api/v1/session | json 'd["user"]["id"]')

echo "== 登记 (registrar, 青山县信访局)"
REG=$(as registrar POST /api/v1/petitions '{
  "channel":"visit","purpose":"complaint","category_code":"0402","region_code":"991021001",
  "title":"青山镇某工地拖欠农民工工资","content":"我们十二名工人在青山镇某工地务工，工程结束后被拖欠工资八万元，多次讨要未果。",
  "persons":1,"petitioners":[{"name":"演示信访人","id_number":"110101199003074514","phone":"13812345678","address":"青山镇幸福路12号"}]}')
echo "$REG"
ID=$(echo "$REG" | json 'd["id"]'); CODE=$(echo "$REG" | json 'd["query_code"]'); SECRET=$(echo "$REG" | json 'd["secret"]')
echo "== 转送 → $(act registrar "$ID" forward '{"target_org_code":"qs-rsj"}')"
echo "== 受理 → $(act dept_handler "$ID" accept '{}')"
echo "== 延期 → $(act dept_approver "$ID" extend "{\"extension_days\":30,\"reason\":\"需调取工程结算资料\",\"approver_id\":$APPROVER_ID}")"
echo "== 答复 → $(act dept_handler "$ID" reply '{"outcome":"supported","facts":"经查，工地确欠工资八万元。","reasons":"依法应予支付。","legal_basis":"《保障农民工工资支付条例》第三条"}')"
echo "== 申请复查 (portal)"
curl -sf -X POST "$BASE/api/v1/portal/review" -H 'Content-Type: application/json' \
     -d "{\"query_code\":\"$CODE\",\"secret\":\"$SECRET\",\"reason\":\"补发金额不足\"}" | json 'd["state_label"]'
REVIEW=$(as registrar GET "/api/v1/petitions/$ID" | json 'd["child_case_id"]')
echo "== 复查意见 (县信访局) → $(act handler "$REVIEW" reply '{"outcome":"explained","facts":"复查查明已足额支付","reasons":"维持原处理意见","legal_basis":"《信访工作条例》第三十五条"}')"
echo "== 申请复核 (portal)"
curl -sf -X POST "$BASE/api/v1/portal/review" -H 'Content-Type: application/json' \
     -d "{\"query_code\":\"$CODE\",\"secret\":\"$SECRET\"}" | json 'd["state_label"]'
RR=$(as handler GET "/api/v1/petitions/$REVIEW" | json 'd["child_case_id"]')
echo "== 听证开始 (安平市信访局) → $(act city_handler "$RR" hearing_start '{}')"
echo "== 听证结束 → $(act city_handler "$RR" hearing_end '{}')"
echo "== 复核意见 → $(act city_handler "$RR" reply '{"outcome":"not_supported","facts":"复核查明","reasons":"请求缺乏依据","legal_basis":"《信访工作条例》第三十六条"}')"
echo "== 原件状态 → $(as registrar GET "/api/v1/petitions/$ID" | json 'd["state_label"]')"

echo "== 另一件：不予受理"
REG2=$(as registrar POST /api/v1/petitions '{"channel":"letter","purpose":"complaint","category_code":"0401","region_code":"991021",
  "title":"劳动合同解除纠纷","content":"公司单方解除劳动合同，要求恢复劳动关系。","petitioners":[{"name":"演示信访人乙"}]}')
ID2=$(echo "$REG2" | json 'd["id"]')
echo "== 不予受理 → $(act registrar "$ID2" reject '{"reason":"属于劳动争议，应通过仲裁解决","legal_route":"向青山县劳动人事争议仲裁委员会申请仲裁"}')"

echo "== 信访人查询 (查询码 $CODE)"
curl -sf -X POST "$BASE/api/v1/portal/lookup" -H 'Content-Type: application/json' \
     -d "{\"query_code\":\"$CODE\",\"secret\":\"$SECRET\"}" |
  python3 -c "import json,sys; d=json.load(sys.stdin); print(d['number'], d['state_label']); [print(' ', s['date'], s['text']) for s in d['steps']]"
