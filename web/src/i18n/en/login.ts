export default {
  login: {
    title: 'Staff log-in',
    subtitle: 'Handling letters and visits under the Regulations on Letters and Visits',
    login: 'Login name',
    loginPlaceholder: 'Your login name',
    password: 'Password',
    passwordPlaceholder: 'Your password',
    submit: 'Log in',
    submitting: 'Logging in…',
    loginRequired: 'Enter your login name',
    passwordRequired: 'Enter your password',
    badCredentials: 'Wrong login name or password',
    expired: 'Your session has expired. Log in again to return to the page you were on.',
    formLabel: 'Log-in form',
    footer: 'For letters-and-visits staff only. Every action is recorded in the audit log.',
  },
}
