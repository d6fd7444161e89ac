#include "ui/widgets/connectionsettings.h"

#include <QSettings>

namespace rill {

namespace {

const QString kModeKey = QStringLiteral("server/mode");
const QString kUrlKey = QStringLiteral("server/url");
const QString kTokenKey = QStringLiteral("server/token");
const QString kRemote = QStringLiteral("remote");
const QString kEmbedded = QStringLiteral("embedded");

} // namespace

ConnectionSettings ConnectionSettings::load(const QSettings &settings)
{
    ConnectionSettings result;
    const QString url = settings.value(kUrlKey).toString();
    // A remote mode without a usable URL (edited by hand, or an old version)
    // would leave the window with no server; fall back to the embedded one.
    if (settings.value(kModeKey).toString() == kRemote && urlProblem(url).isEmpty())
        result.mode = Mode::Remote;
    result.url = QUrl(url);
    result.token = settings.value(kTokenKey).toString();
    return result;
}

void ConnectionSettings::save(QSettings &settings) const
{
    settings.setValue(kModeKey, mode == Mode::Remote ? kRemote : kEmbedded);
    settings.setValue(kUrlKey, url.toString());
    settings.setValue(kTokenKey, token);
}

QString ConnectionSettings::urlProblem(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return tr("Enter the server's address, for example http://127.0.0.1:8000/");
    const QUrl url(trimmed, QUrl::StrictMode);
    if (!url.isValid())
        return tr("This is not a valid URL: %1").arg(url.errorString());
    const QString scheme = url.scheme().toLower();
    if (scheme != QLatin1String("http") && scheme != QLatin1String("https"))
        return tr("The address must start with http:// or https://");
    if (url.host().isEmpty())
        return tr("The address has no host name, for example http://example.com:8000/");
    return {};
}

QUrl ConnectionSettings::baseUrl(const QString &text)
{
    QUrl url(text.trimmed(), QUrl::StrictMode);
    if (!url.path().endsWith(u'/'))
        url.setPath(url.path() + u'/');
    return url;
}

} // namespace rill
