export default {
  login: {
    title: '工作人员登录',
    subtitle: '依据《信访工作条例》办理信访事项',
    login: '登录名',
    loginPlaceholder: '请输入登录名',
    password: '密码',
    passwordPlaceholder: '请输入密码',
    submit: '登 录',
    submitting: '正在登录…',
    loginRequired: '请输入登录名',
    passwordRequired: '请输入密码',
    badCredentials: '登录名或密码错误',
    expired: '会话已过期，请重新登录。登录后将回到您刚才的页面。',
    formLabel: '登录表单',
    footer: '本系统仅供信访工作人员使用，所有操作均记入审计日志。',
  },
}
