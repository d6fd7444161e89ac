#pragma once

#include <QString>

class QCoreApplication;
class QLocale;

namespace rill::Language {

// The window's language, "zh_CN" or "en". A requested language ("zh", "zh_CN",
// "zh-CN", "en", "en_US", …, case-insensitive) wins; anything empty or unknown
// falls back to the system locale: English locales give "en", every other
// locale "zh_CN", the seed's default.
QString resolve(const QString &requested);
// As above, with the locale to fall back on given explicitly (for tests).
QString resolve(const QString &requested, const QLocale &system);

// Installs Rill's catalogue :/i18n/rill_<language>.qm, and Qt's own
// qtbase_<language> catalogue when the system has it, as translators owned
// by app. Calling it again replaces the translators it installed before.
// Returns whether Rill's catalogue loaded.
bool install(QCoreApplication &app, const QString &language);

} // namespace rill::Language
