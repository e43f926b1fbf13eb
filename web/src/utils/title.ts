import { t } from '@/i18n'

/** Sets document.title to "<page> - 信访工作管理系统" in the current language. */
export function updateDocumentTitle(titleKey?: string, pageTitle?: string): void {
  const app = t('common.appName')
  const page = pageTitle ?? (titleKey ? t(titleKey) : '')
  document.title = page ? `${page} - ${app}` : app
}
