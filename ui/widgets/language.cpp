#include "ui/widgets/language.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace rill::Language {

namespace {

const QString kZhCN = QStringLiteral("zh_CN");
const QString kEn = QStringLiteral("en");
// Marks the translators install() created, so a second call can replace them.
const QString kTranslatorName = QStringLiteral("rill.language.translator");

// "zh_CN" or "en" for a language name we know, an empty string otherwise.
QString known(const QString &name)
{
    const QString n = name.trimmed().replace(u'-', u'_').toLower();
    if (n == QLatin1String("zh") || n == QLatin1String("zh_cn"))
        return kZhCN;
    if (n == QLatin1String("en") || n.startsWith(QLatin1String("en_")))
        return kEn;
    return {};
}

bool installTranslator(QCoreApplication &app, const QString &file, const QString &directory)
{
    auto *translator = new QTranslator(&app);
    translator->setObjectName(kTranslatorName);
    if (!translator->load(file, directory) || !QCoreApplication::installTranslator(translator)) {
        delete translator;
        return false;
    }
    return true;
}

} // namespace

QString resolve(const QString &requested, const QLocale &system)
{
    const QString language = known(requested);
    if (!language.isEmpty())
        return language;
    return system.name().startsWith(QLatin1String("en")) ? kEn : kZhCN;
}

QString resolve(const QString &requested)
{
    return resolve(requested, QLocale::system());
}

bool install(QCoreApplication &app, const QString &language)
{
    const auto previous
        = app.findChildren<QTranslator *>(kTranslatorName, Qt::FindDirectChildrenOnly);
    for (QTranslator *translator : previous) {
        QCoreApplication::removeTranslator(translator);
        delete translator;
    }

    // Qt's own strings (standard dialog buttons, context menus); optional,
    // since qt6-translations-l10n need not be installed.
    installTranslator(app, QStringLiteral("qtbase_") + language,
        QLibraryInfo::path(QLibraryInfo::TranslationsPath));
    // Installed last so that it is searched first.
    return installTranslator(app, QStringLiteral("rill_") + language, QStringLiteral(":/i18n"));
}

} // namespace rill::Language
