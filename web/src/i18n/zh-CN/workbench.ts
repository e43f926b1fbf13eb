export default {
  workbench: {
    title: '工作台',
    greeting: '{name}，您好',
    scopeHint: '以下计数为您数据权限范围内的信访件。',
    cards: {
      overdue: '超期',
      dueSoon: '三日内到期',
      awaitingAcceptance: '待受理',
      awaitingRouting: '待分流',
      awaitingMyApproval: '待我审批',
      openTotal: '在办总数',
    },
    cardAria: '{label}：{n} 件，查看列表',
    myTodo: '我的待办',
    myTodoHint: '本单位承办、尚未办结的信访件',
    deadlines: '即将到期 / 超期',
    deadlinesHint: '超期及三日内到期的信访件',
    viewAll: '查看全部',
    openCase: '打开信访件 {number}',
    refreshed: '已刷新',
  },
}
